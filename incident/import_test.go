package incident

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

func importEvents(n int) []timeline.Event {
	base := time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)
	events := []timeline.Event{{ID: "00000000000000000000000000", Incident: "INC-4", At: base, Source: timeline.SourceCLI,
		Kind: timeline.KindTitle, Actor: "alice", Text: "opened: big", Attrs: map[string]string{timeline.AttrNew: "big"}}}
	for i := 1; i < n; i++ {
		events = append(events, timeline.Event{ID: fmt.Sprintf("%026d", i), Incident: "INC-4", At: base.Add(time.Duration(i) * time.Second),
			Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: "bob", Text: fmt.Sprint("message ", i),
			Ref: fmt.Sprintf("slack/C1/%d.000100", 1700000000+i)})
	}
	return events
}

// A large import is staged in a copy of the store, in several
// transactions, and published whole; importing it again stores nothing.
func TestImportStagedPublishesWhole(t *testing.T) {
	defer func(a, b int) { singleTxImport, importBatch = a, b }(singleTxImport, importBatch)
	singleTxImport, importBatch = 500, 700
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "already here"}); err != nil {
		t.Fatal(err)
	}
	events := importEvents(3000)
	// Out of order within the input: stored in time order all the same.
	events[10], events[20] = events[20], events[10]
	before, _ := os.Stat(s.Path())
	res, err := s.Import(ctx, events, ImportOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != 3000 || res.Duplicates != 0 || res.Created["INC-4"] != "INC-2" {
		t.Fatalf("import result %+v", res)
	}
	after, _ := os.Stat(s.Path())
	if os.SameFile(before, after) {
		t.Fatal("a staged import wrote into the store in place")
	}
	if _, err := os.Stat(s.Path() + ".import"); !os.IsNotExist(err) {
		t.Fatalf("staging copy left behind: %v", err)
	}
	got, err := s.Events(ctx, "INC-2", Query{})
	if err != nil || len(got) != 3000 {
		t.Fatalf("%d events, %v", len(got), err)
	}
	for i := 1; i < len(got); i++ {
		if got[i].At.Before(got[i-1].At) {
			t.Fatalf("events out of time order at %d", i)
		}
	}
	inc, _ := s.Get(ctx, "INC-2")
	if !inc.OpenedAt.Equal(events[0].At) {
		t.Fatalf("opened at %v, want %v", inc.OpenedAt, events[0].At)
	}
	if _, err := s.Get(ctx, "INC-1"); err != nil {
		t.Fatalf("the incident that was there before: %v", err)
	}
	again, err := s.Import(ctx, events, ImportOptions{Create: true})
	if err != nil || again.Stored != 0 || again.Duplicates != 3000 || len(again.Created) != 0 {
		t.Fatalf("second import: %+v, %v", again, err)
	}
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

// A large import that fails after several batches changes nothing: the
// store file is byte for byte what it was.
func TestImportStagedFailureChangesNothing(t *testing.T) {
	defer func(a, b int) { singleTxImport, importBatch = a, b }(singleTxImport, importBatch)
	singleTxImport, importBatch = 500, 700
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "already here"}); err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	events := importEvents(3000)
	events[2500].Kind = "no-such-kind" // found by the store, in the fourth batch
	if _, err := s.Import(ctx, events, ImportOptions{Create: true}); err == nil {
		t.Fatal("an invalid event was imported")
	}
	cancelled, cancel := context.WithCancel(ctx)
	n := 0
	_, err = s.ImportFrom(cancelled, func() (timeline.Event, error) {
		if n == 2000 {
			cancel()
		}
		n++
		if n > 3000 {
			return timeline.Event{}, fmt.Errorf("read past the end")
		}
		return importEvents(3000)[n-1], nil
	}, ImportOptions{Create: true})
	if err == nil {
		t.Fatal("a cancelled import succeeded")
	}
	now, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(orig, now) {
		t.Fatal("a failed import changed the store file")
	}
	if _, err := os.Stat(s.Path() + ".import"); !os.IsNotExist(err) {
		t.Fatalf("staging copy left behind: %v", err)
	}
	list, _ := s.List(ctx)
	if len(list) != 1 {
		t.Fatalf("%d incidents after failed imports", len(list))
	}
}
