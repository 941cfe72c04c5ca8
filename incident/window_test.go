package incident

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// windowStore holds INC-1 with n notes a second apart ("note 0" …), plus
// what Create stores, and INC-2 with one note, to show reads stay in
// their incident.
func windowStore(t *testing.T, n int) (*Store, []timeline.Event) {
	t.Helper()
	ctx := context.Background()
	s := newTestStore(t)
	base := time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC)
	if _, err := s.Create(ctx, NewIncident{Title: "one", Actor: "a", At: base.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, NewIncident{Title: "two", Actor: "a", At: base.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	events := make([]timeline.Event, n)
	for i := range events {
		events[i] = note("INC-1", fmt.Sprintf("note %d", i), base.Add(time.Duration(i)*time.Second))
	}
	for i := 0; i < n; i += 5000 {
		if _, err := s.Append(ctx, events[i:min(i+5000, n)]...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Append(ctx, note("INC-2", "elsewhere", base)); err != nil {
		t.Fatal(err)
	}
	all, err := s.Events(ctx, "INC-1", Query{})
	if err != nil {
		t.Fatal(err)
	}
	return s, all
}

func texts(events []KeyedEvent) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Event.Text
	}
	return out
}

func TestWindowReadsAroundAKey(t *testing.T) {
	ctx := context.Background()
	s, all := windowStore(t, 100)
	tail, err := s.Window(ctx, "INC-1", LastKey, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(texts(tail), ","); got != "note 97,note 98,note 99" {
		t.Fatalf("the newest 3: %s", got)
	}
	head, err := s.Window(ctx, "INC-1", EventKey{}, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(head) != 2 || head[0].Event.ID != all[0].ID || head[1].Event.ID != all[1].ID {
		t.Fatalf("the oldest 2: %v", texts(head))
	}
	mid := tail[1].Key // note 98
	around, err := s.Window(ctx, "INC-1", mid, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(texts(around), ","); got != "note 96,note 97,note 98,note 99" {
		t.Fatalf("around note 98: %s", got)
	}
	for i := 1; i < len(around); i++ {
		if around[i-1].Key.Compare(around[i].Key) >= 0 {
			t.Fatal("keys out of order")
		}
	}
	if !around[2].Key.At().Equal(around[2].Event.At) {
		t.Errorf("key time %v, event time %v", around[2].Key.At(), around[2].Event.At)
	}

	at, err := s.EventsAt(ctx, "INC-1", []EventKey{around[3].Key, LastKey, around[0].Key})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(texts(at), ","); got != "note 99,note 96" {
		t.Errorf("EventsAt: %s", got)
	}
	if _, err := s.Window(ctx, "INC-9", LastKey, 1, 0); !IsNotFound(err) {
		t.Errorf("an unknown incident: %v", err)
	}
}

// TestScanAcrossChunks scans more events than one read transaction takes:
// every event is seen once, in order, and the keys found read back.
func TestScanAcrossChunks(t *testing.T) {
	ctx := context.Background()
	n := scanChunk*2 + 100
	s, all := windowStore(t, n)
	keep := func(e timeline.Event) bool { return e.Kind == timeline.KindNote }
	match := func(e timeline.Event) bool { return strings.HasSuffix(e.Text, "77") }
	res, err := s.Scan(ctx, "INC-1", ScanQuery{SizeHint: len(all), Keep: keep, Match: match})
	if err != nil {
		t.Fatal(err)
	}
	if res.Seen != len(all) {
		t.Errorf("looked at %d events, there are %d", res.Seen, len(all))
	}
	if len(res.Keys) != n {
		t.Errorf("kept %d, want the %d notes", len(res.Keys), n)
	}
	for i := 1; i < len(res.Keys); i++ {
		if res.Keys[i-1].Compare(res.Keys[i]) >= 0 {
			t.Fatalf("keys out of order at %d", i)
		}
	}
	want := 0
	for i := range n {
		if strings.HasSuffix(fmt.Sprint(i), "77") {
			want++
		}
	}
	if len(res.Matches) != want {
		t.Errorf("%d matches, want %d", len(res.Matches), want)
	}
	got, err := s.EventsAt(ctx, "INC-1", res.Matches)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		if !match(e.Event) {
			t.Errorf("match key holds %q", e.Event.Text)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Scan(cancelled, "INC-1", ScanQuery{Keep: keep}); err == nil {
		t.Error("a cancelled scan did not stop")
	}
}

func TestChangesKeyed(t *testing.T) {
	ctx := context.Background()
	s, _ := windowStore(t, 10)
	head, err := s.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	late := note("INC-1", "backfilled", time.Date(2026, 3, 9, 19, 0, 0, 0, time.UTC))
	if _, err := s.Append(ctx, late, note("INC-2", "other incident", time.Now()), note("INC-1", "newest", time.Now())); err != nil {
		t.Fatal(err)
	}
	got, next, err := s.ChangesKeyed(ctx, head, "INC-1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(texts(got), ",") != "backfilled,newest" || next != head+3 {
		t.Fatalf("changes %v, next %d (head %d)", texts(got), next, head)
	}
	at, err := s.EventsAt(ctx, "INC-1", []EventKey{got[0].Key})
	if err != nil || len(at) != 1 || at[0].Event.ID != got[0].Event.ID {
		t.Errorf("the change's key reads back %v, %v", at, err)
	}
}

// TestScanMatchSeesAttributes: match gets each event's own attributes
// (the map is reused between events, never stale); keep gets none.
func TestScanMatchSeesAttributes(t *testing.T) {
	ctx := context.Background()
	s, _ := windowStore(t, 0)
	base := time.Date(2026, 3, 9, 21, 0, 0, 0, time.UTC)
	var events []timeline.Event
	for i, code := range []string{"0", "1", "", "1"} {
		e := note("INC-1", fmt.Sprintf("cmd %d", i), base.Add(time.Duration(i)*time.Second))
		e.Kind = timeline.KindCommand
		if code != "" {
			e.Attrs = map[string]string{timeline.AttrExitCode: code}
		}
		events = append(events, e)
	}
	if _, err := s.Append(ctx, events...); err != nil {
		t.Fatal(err)
	}
	keep := func(e timeline.Event) bool {
		if e.Attrs != nil {
			t.Errorf("keep saw attributes %v", e.Attrs)
		}
		return e.Kind == timeline.KindCommand
	}
	failed := func(e timeline.Event) bool { return e.Attr(timeline.AttrExitCode) == "1" }
	res, err := s.Scan(ctx, "INC-1", ScanQuery{Keep: keep, Match: failed})
	if err != nil {
		t.Fatal(err)
	}
	notes := func(k timeline.Kind) bool { return k == timeline.KindNote }
	none, err := s.Scan(ctx, "INC-1", ScanQuery{Keep: keep, Match: failed, MatchAttrs: notes})
	if err != nil || len(none.Matches) != 0 {
		t.Errorf("with attributes for notes only, commands matched on them: %v %v", none.Matches, err)
	}
	got, err := s.EventsAt(ctx, "INC-1", res.Matches)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Keys) != 4 || strings.Join(texts(got), ",") != "cmd 1,cmd 3" {
		t.Errorf("kept %d, matched %v", len(res.Keys), texts(got))
	}
}
