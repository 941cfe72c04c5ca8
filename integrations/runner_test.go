package integrations

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// pagedSource serves numbered messages in pages of two; its cursor is the
// number of the next message. It fails after failAfter pages when set.
type pagedSource struct {
	name      string
	messages  int
	failAfter int
	cursors   [][]byte // the cursor each Sync started from
}

func (s *pagedSource) Name() string { return s.name }

func (s *pagedSource) Sync(ctx context.Context, inc incident.Incident, cursor []byte, emit func(Page) error) error {
	s.cursors = append(s.cursors, cursor)
	next := 0
	if cursor != nil {
		next, _ = strconv.Atoi(string(cursor))
	}
	pages := 0
	base := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for next < s.messages {
		if s.failAfter > 0 && pages == s.failAfter {
			return errors.New("boom: 502 from upstream")
		}
		var events []timeline.Event
		for i := next; i < min(next+2, s.messages); i++ {
			events = append(events, timeline.Event{
				Incident: inc.ID, At: base.Add(time.Duration(i) * time.Minute), Source: timeline.SourceSlack,
				Kind: timeline.KindMessage, Text: "m" + strconv.Itoa(i), Ref: s.name + "/" + strconv.Itoa(i),
			})
		}
		next = min(next+2, s.messages)
		if err := emit(Page{Events: events, Cursor: []byte(strconv.Itoa(next)), Cache: map[string]string{"user/" + s.name: "x"}}); err != nil {
			return err
		}
		pages++
	}
	return nil
}

func newTestStore(t *testing.T, links map[string]string) (*incident.Store, incident.Incident) {
	t.Helper()
	s := incident.New(filepath.Join(t.TempDir(), "sitrep.db"), incident.Options{})
	inc, err := s.Create(context.Background(), incident.NewIncident{Title: "checkout 500s", Actor: "alice", Links: links})
	if err != nil {
		t.Fatal(err)
	}
	return s, inc
}

func TestRunnerStoresPagesCursorsAndHealth(t *testing.T) {
	ctx := context.Background()
	s, inc := newTestStore(t, map[string]string{"chat": "C1"})
	src := &pagedSource{name: "chat", messages: 5}
	unlinked := &pagedSource{name: "pager", messages: 3}
	now := time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC)
	var progress bytes.Buffer
	ticks := 0
	clock := func() time.Time { // each reading a second later: a slow sync
		ticks++
		return now.Add(time.Duration(ticks) * time.Second)
	}
	r := &Runner{Store: s, Sources: []Source{unlinked, src}, Now: clock, Progress: &progress, ProgressAfter: 2 * time.Second}

	res, err := r.Sync(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Source != "chat" || res[0].Pages != 3 || res[0].Stored != 5 || res[0].Err != nil {
		t.Fatalf("results = %+v; want only chat, 3 pages, 5 stored", res)
	}
	if len(unlinked.cursors) != 0 {
		t.Error("an unlinked source was synced")
	}
	cur, err := s.Cursor(ctx, incident.CursorKey{Incident: inc.ID, Source: "chat"})
	if err != nil || string(cur) != "5" {
		t.Fatalf("cursor = %q, %v; want 5", cur, err)
	}
	if cached, _ := s.Cached(ctx, "user/chat"); cached["user/chat"] != "x" {
		t.Error("the page's cache entries were not stored")
	}
	health, err := s.Health(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h := health["chat"]; h.LastSync.Format(time.RFC3339) != "2024-05-01T13:00:05Z" || h.LastError != "" {
		t.Fatalf("health = %+v", h)
	}
	if p := progress.String(); p != "INC-1 chat: page 2, 4 new events so far\nINC-1 chat: page 3, 5 new events so far\n" {
		t.Errorf("progress = %q; want pages 2 and 3, after the first 2 s", p)
	}

	// A second sync starts from the stored cursor and stores nothing new.
	src.messages = 6
	res, err = r.Sync(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(src.cursors[1]) != "5" || res[0].Stored != 1 {
		t.Fatalf("second sync from %q stored %d; want from 5, 1 new", src.cursors[1], res[0].Stored)
	}
}

func TestRunnerFailureKeepsProgressAndLastGoodSync(t *testing.T) {
	ctx := context.Background()
	s, inc := newTestStore(t, map[string]string{"chat": "C1"})
	clock := time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC)
	src := &pagedSource{name: "chat", messages: 2}
	r := &Runner{Store: s, Sources: []Source{src}, Now: func() time.Time { return clock }}
	if _, err := r.Sync(ctx, inc.ID); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	src.messages, src.failAfter = 10, 2
	res, err := r.Sync(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Err == nil || res[0].Stored != 4 {
		t.Fatalf("result %+v; want the error and the 4 events of the pages before it", res[0])
	}
	cur, _ := s.Cursor(ctx, incident.CursorKey{Incident: inc.ID, Source: "chat"})
	if string(cur) != "6" {
		t.Errorf("cursor = %q; want 6, the position after the last stored page", cur)
	}
	health, err := s.Health(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	h := health["chat"]
	if h.LastSync.Format(time.RFC3339) != "2024-05-01T13:00:00Z" || h.LastError != "boom: 502 from upstream" || h.Source != "chat" {
		t.Errorf("health = %+v; want the earlier good sync and this error", h)
	}
}

func TestRunnerErrors(t *testing.T) {
	ctx := context.Background()
	s, inc := newTestStore(t, nil)
	r := &Runner{Store: s, Sources: []Source{&pagedSource{name: "chat"}}}
	if _, err := r.Sync(ctx, inc.ID); !errors.Is(err, ErrNoSources) {
		t.Errorf("err = %v, want ErrNoSources", err)
	}
	if _, err := r.Sync(ctx, "INC-99"); !incident.IsNotFound(err) {
		t.Errorf("err = %v, want not found", err)
	}
}

func TestRunnerCancelledStopsBetweenPages(t *testing.T) {
	s, inc := newTestStore(t, map[string]string{"chat": "C1"})
	ctx, cancel := context.WithCancel(context.Background())
	src := &cancellingSource{cancel: cancel}
	r := &Runner{Store: s, Sources: []Source{src}}
	_, err := r.Sync(ctx, inc.ID)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if src.emitted != 1 {
		t.Errorf("emitted %d pages; the second emit must fail once ctx is cancelled", src.emitted)
	}
	if h, _ := s.Health(context.Background(), inc.ID); len(h) != 0 {
		t.Errorf("a cancelled sync recorded health %+v", h)
	}
}

type cancellingSource struct {
	cancel  context.CancelFunc
	emitted int
}

func (c *cancellingSource) Name() string { return "chat" }

func (c *cancellingSource) Sync(ctx context.Context, inc incident.Incident, _ []byte, emit func(Page) error) error {
	for i := 0; i < 3; i++ {
		if err := emit(Page{Cursor: []byte{byte(i)}}); err != nil {
			return err
		}
		c.emitted++
		c.cancel()
	}
	return nil
}

func TestRunnerWatch(t *testing.T) {
	s, inc := newTestStore(t, map[string]string{"chat": "C1"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := &pagedSource{name: "chat", messages: 1}
	var slept []time.Duration
	r := &Runner{Store: s, Sources: []Source{src}, Sleep: func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		src.messages++ // something new arrives between rounds
		return ctx.Err()
	}}
	var rounds [][]Result
	err := r.Watch(ctx, inc.ID, 30*time.Second, func(res []Result) {
		rounds = append(rounds, res)
		if len(rounds) == 3 {
			cancel()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rounds) != 3 || rounds[1][0].Stored != 1 || rounds[2][0].Stored != 1 {
		t.Fatalf("rounds = %+v; want 3, each storing the one new message", rounds)
	}
	if len(slept) != 3 || slept[0] != 30*time.Second {
		t.Errorf("slept %v; want 30s between rounds", slept)
	}
}
