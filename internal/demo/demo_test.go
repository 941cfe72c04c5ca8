package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

func TestStartIsAnEveningWhoseStoryIsOver(t *testing.T) {
	loc := time.FixedZone("UTC+2", 2*3600)
	for _, now := range []time.Time{
		time.Date(2026, 3, 10, 15, 0, 0, 0, loc),
		time.Date(2026, 3, 10, 23, 30, 0, 0, loc),
		time.Date(2026, 3, 11, 1, 0, 0, 0, loc), // the story would still be running
	} {
		start := Start(now, loc)
		if start.Hour() != 23 || start.Minute() != 2 {
			t.Errorf("Start(%v) = %v, want 23:02", now, start)
		}
		if end := start.Add(storyLength); !end.Before(now) {
			t.Errorf("Start(%v) = %v: the story ends at %v, after now", now, start, end)
		}
		if now.Sub(start) > 27*time.Hour {
			t.Errorf("Start(%v) = %v: more than a day ago", now, start)
		}
	}
}

func TestIncidentIsRealistic(t *testing.T) {
	loc := time.FixedZone("UTC-5", -5*3600)
	start := time.Date(2026, 3, 9, 23, 2, 0, 0, loc)
	n := Incident(start)
	if len(n.Events) < 300 {
		t.Fatalf("%d events, want at least 300", len(n.Events))
	}
	sources := map[timeline.Source]int{}
	kinds := map[timeline.Kind]int{}
	days := map[int]bool{}
	threaded := 0
	for _, e := range n.Events {
		e.Incident = "INC-1"
		if err := e.Validate(); err != nil {
			t.Fatalf("event %+v: %v", e, err)
		}
		sources[e.Source]++
		kinds[e.Kind]++
		days[e.At.In(loc).Day()] = true
		if e.Attr(timeline.AttrThread) != "" {
			threaded++
		}
	}
	if len(sources) < 4 {
		t.Errorf("sources %v, want at least four", sources)
	}
	for _, k := range []timeline.Kind{
		timeline.KindPage, timeline.KindNotify, timeline.KindAck, timeline.KindEscalate,
		timeline.KindMessage, timeline.KindNote, timeline.KindCommand, timeline.KindStatus,
		timeline.KindSeverity, timeline.KindRole, timeline.KindAction, timeline.KindFlag,
	} {
		if kinds[k] == 0 {
			t.Errorf("no %s events", k)
		}
	}
	if len(days) < 2 {
		t.Errorf("the events do not span midnight in %v", loc)
	}
	if threaded < 10 {
		t.Errorf("%d thread replies, want a real conversation", threaded)
	}
	for d := range 365 { // the seed follows the start: every evening must tell a full story
		if n := len(Incident(start.AddDate(0, 0, -d)).Events); n < 300 {
			t.Errorf("start %v: %d events", start.AddDate(0, 0, -d), n)
		}
	}
	again := Incident(start)
	if again.Events[100].ID != n.Events[100].ID || again.Events[100].Text != n.Events[100].Text {
		t.Error("the same start gave different events")
	}
}

func TestIncidentStoresAndFolds(t *testing.T) {
	s := incident.New(filepath.Join(t.TempDir(), "sitrep.db"), incident.Options{})
	ctx := context.Background()
	start := time.Date(2026, 3, 9, 23, 2, 0, 0, time.UTC)
	n := Incident(start)
	inc, err := s.Create(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.Events(ctx, inc.ID, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(n.Events); len(events) < want {
		t.Fatalf("stored %d events of %d: some were taken for duplicates", len(events), want)
	}
	if inc.Severity != 2 || inc.PeakSeverity != 1 {
		t.Errorf("severity %v peak %v, want SEV2 after a SEV1 peak", inc.Severity, inc.PeakSeverity)
	}
	if inc.Status != timeline.StatusMonitoring {
		t.Errorf("status %s, want monitoring", inc.Status)
	}
	if inc.Roles[timeline.RoleCommander] != scribe || inc.Roles[timeline.RoleComms] != comms {
		t.Errorf("roles %v", inc.Roles)
	}
	if len(inc.OpenActions()) != 4 {
		t.Errorf("open actions %v, want 4", inc.Actions)
	}
	if len(inc.Key) < 5 {
		t.Errorf("%d key events, want the story's turning points", len(inc.Key))
	}
	for _, m := range timeline.Milestones[:4] {
		if _, ok := inc.Milestones[m]; !ok {
			t.Errorf("milestone %s missing", m)
		}
	}
	if p := timeline.CheckOrder(inc.Milestones); len(p) != 0 {
		t.Errorf("milestones out of order: %v", p)
	}
	if inc.Milestones[timeline.Started] != start {
		t.Errorf("started %v, want %v", inc.Milestones[timeline.Started], start)
	}
}

func TestBulk(t *testing.T) {
	start := time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC)
	events := Bulk("INC-3", start, 1000)
	if len(events) != 1000 {
		t.Fatalf("%d events", len(events))
	}
	refs := map[string]bool{}
	for _, e := range Incident(start).Events {
		refs[e.Ref] = e.Ref != "" // a bulk event sharing a story's Ref would not be stored
	}
	sources := map[timeline.Source]bool{}
	for i, e := range events {
		if err := e.Validate(); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if i > 0 && !events[i-1].Before(e) {
			t.Fatalf("event %d is not after event %d", i, i-1)
		}
		if e.Ref != "" {
			if refs[e.Ref] {
				t.Fatalf("duplicate ref %s", e.Ref)
			}
			refs[e.Ref] = true
		}
		sources[e.Source] = true
	}
	if len(sources) < 4 {
		t.Errorf("sources %v", sources)
	}
}

// TestBulkInChunksIsBulk: the chunked generator gives the same events as
// Bulk, and AddBulk stores them, the needle in the oldest.
func TestBulkInChunksIsBulk(t *testing.T) {
	start := time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC)
	whole := Bulk("INC-1", start, 2500)
	var chunked []timeline.Event
	if err := BulkChunks("INC-1", start, 2500, 700, func(c []timeline.Event) error {
		chunked = append(chunked, c...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(chunked) != len(whole) {
		t.Fatalf("%d chunked, %d whole", len(chunked), len(whole))
	}
	for i := range whole {
		if chunked[i].ID != whole[i].ID || chunked[i].Ref != whole[i].Ref || chunked[i].Text != whole[i].Text {
			t.Fatalf("event %d differs: %+v / %+v", i, chunked[i], whole[i])
		}
	}

	ctx := context.Background()
	s := incident.New(filepath.Join(t.TempDir(), "sitrep.db"), incident.Options{})
	inc, err := s.Create(ctx, incident.NewIncident{Title: "t", Actor: "a", At: start})
	if err != nil {
		t.Fatal(err)
	}
	batches := 0
	if err := AddBulk(ctx, s, inc, 2500, BulkOptions{Batch: 1000, Oldest: OldestText, Progress: func(int) { batches++ }}); err != nil {
		t.Fatal(err)
	}
	events, err := s.Events(ctx, inc.ID, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2500+inc.EventCount || events[0].Text != OldestText || batches != 3 {
		t.Errorf("%d events stored in %d batches, the oldest %q", len(events), batches, events[0].Text)
	}
}
