package incident

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

func TestOutboxWrittenWithEventsAndPublishedAfterCommit(t *testing.T) {
	ctx := context.Background()
	var published int
	var s *Store
	hooks := &TeamHooks{
		Publish: func(ctx context.Context) {
			published++
			// After the commit, outside the lock: the outbox is readable.
			entries, total, err := s.Outbox(ctx, 0)
			if err != nil || total != len(entries) {
				t.Errorf("outbox inside Publish: %d/%d %v", len(entries), total, err)
			}
		},
		Number: func(ctx context.Context, local uint64) (uint64, error) { return local + 41, nil },
	}
	s = New(filepath.Join(t.TempDir(), "sitrep.db"), Options{LockTimeout: time.Second, Team: hooks})
	inc, err := s.Create(ctx, NewIncident{Title: "db down", Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if inc.ID != "INC-41" {
		t.Fatalf("team number not used: %s", inc.ID)
	}
	if _, err := s.Append(ctx, note(inc.ID, "rolled back", time.Now())); err != nil {
		t.Fatal(err)
	}
	entries, total, err := s.Outbox(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(entries) != 3 || entries[0].Event.Kind != timeline.KindTitle || entries[2].Event.Text != "rolled back" {
		t.Fatalf("outbox %d %+v", total, entries)
	}
	if published != 2 {
		t.Fatalf("Publish called %d times, want once per commit", published)
	}
	if err := s.Delivered(ctx, []uint64{entries[0].Key, entries[1].Key}); err != nil {
		t.Fatal(err)
	}
	if _, total, _ = s.Outbox(ctx, 0); total != 1 {
		t.Fatalf("after Delivered: %d left", total)
	}
	// A later local open never reuses a number the store holds.
	inc2, err := s.Create(ctx, NewIncident{Title: "again", Actor: "bob"})
	if err != nil || inc2.ID != "INC-82" {
		t.Fatalf("second open: %s %v", inc2.ID, err)
	}
}

func TestReceiveIsIdempotentAndNeverEchoes(t *testing.T) {
	ctx := context.Background()
	origin := New(filepath.Join(t.TempDir(), "a.db"), Options{LockTimeout: time.Second})
	inc, err := origin.Create(ctx, NewIncident{Title: "db down", Severity: 2, Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := origin.Append(ctx, timeline.Event{Incident: inc.ID, Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: "bob", Text: "hi", Ref: "slack/C1/1.0"}); err != nil {
		t.Fatal(err)
	}
	events, err := origin.Events(ctx, inc.ID, Query{})
	if err != nil {
		t.Fatal(err)
	}
	pulled, published := 0, 0
	s := New(filepath.Join(t.TempDir(), "b.db"), Options{LockTimeout: time.Second, Team: &TeamHooks{
		Publish: func(context.Context) { published++ },
		Pull: func(ctx context.Context, id string) error {
			pulled++
			return errors.New("offline")
		},
	}})
	if _, err := s.Get(ctx, inc.ID); !IsNotFound(err) || pulled != 1 {
		t.Fatalf("unknown incident: %v, pulled %d", err, pulled)
	}
	res, err := s.Receive(ctx, events, nil, 7)
	if err != nil || len(res.Stored) != len(events) {
		t.Fatalf("receive: %+v %v", res, err)
	}
	res, err = s.Receive(ctx, events, nil, 5)
	if err != nil || len(res.Stored) != 0 || res.Duplicates != len(events) {
		t.Fatalf("second receive: %+v %v", res, err)
	}
	got, err := s.Get(ctx, inc.ID)
	if err != nil || got.Title != "db down" || got.Severity != 2 || !got.OpenedAt.Equal(inc.OpenedAt) {
		t.Fatalf("received incident %+v %v", got, err)
	}
	if seq, _ := s.TeamSequence(ctx); seq != 7 {
		t.Fatalf("stream sequence %d, want 7 (never moves back)", seq)
	}
	if _, total, _ := s.Outbox(ctx, 0); total != 0 || published != 0 {
		t.Fatalf("received events in the outbox: %d, published %d", total, published)
	}
	// A local note after that does go out.
	if _, err := s.Append(ctx, note(inc.ID, "mine", time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := s.Outbox(ctx, 0); total != 1 || published != 1 {
		t.Fatalf("local note: outbox %d, published %d", total, published)
	}
}

func TestImportCreateTakesTeamNumbers(t *testing.T) {
	ctx := context.Background()
	next := uint64(100)
	s := New(filepath.Join(t.TempDir(), "sitrep.db"), Options{LockTimeout: time.Second, Team: &TeamHooks{
		Number: func(ctx context.Context, local uint64) (uint64, error) { next++; return next, nil },
	}})
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	res, err := s.Import(ctx, []timeline.Event{
		{ID: "01JAAAAAAAAAAAAAAAAAAAAAA1", Incident: "INC-1", At: at, Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "a", Text: "one"},
		{ID: "01JAAAAAAAAAAAAAAAAAAAAAA2", Incident: "INC-2", At: at.Add(time.Minute), Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "a", Text: "two"},
	}, ImportOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created["INC-1"] != "INC-101" || res.Created["INC-2"] != "INC-102" {
		t.Fatalf("created %v, want the team's numbers", res.Created)
	}
	if _, total, _ := s.Outbox(ctx, 0); total != 2 {
		t.Fatalf("imported events not queued for the team: %d", total)
	}
}

// An incident a store held before team mode stays local: its notes are not
// published, and the team's incident of the same number is not merged in.
func TestIncidentsFromBeforeTeamModeStayLocal(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sitrep.db")
	before := New(path, Options{LockTimeout: time.Second})
	old, err := before.Create(ctx, NewIncident{Title: "local drill", Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	s := New(path, Options{LockTimeout: time.Second, Team: &TeamHooks{}})
	if _, err := s.Append(ctx, note(old.ID, "still local", time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := s.Outbox(ctx, 0); total != 0 {
		t.Fatalf("a local incident's note was queued for the team")
	}
	foreign := timeline.Event{ID: "01JBBBBBBBBBBBBBBBBBBBBBB1", Incident: old.ID, At: time.Now(), Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "bob", Text: "the team's INC-1"}
	res, err := s.Receive(ctx, []timeline.Event{foreign}, nil, 3)
	if err != nil || len(res.Stored) != 0 || len(res.Local) != 1 || res.Local[0] != old.ID {
		t.Fatalf("receive into a local incident: %+v %v", res, err)
	}
	if seq, _ := s.TeamSequence(ctx); seq != 3 {
		t.Fatalf("stream position %d", seq)
	}
	// One opened in team mode is the team's, whoever numbered it.
	if _, err := s.Create(ctx, NewIncident{Title: "team drill", Actor: "alice"}); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := s.Outbox(ctx, 0); total == 0 {
		t.Fatalf("an incident opened in team mode was not queued for the team")
	}
}

// A recovered store is still a team member: its incidents stay the
// team's, and it reads the team's stream again from the start, which
// refills whatever the damage lost.
func TestRecoverKeepsTeamIncidents(t *testing.T) {
	ctx := context.Background()
	s := New(filepath.Join(t.TempDir(), "sitrep.db"), Options{LockTimeout: time.Second, Team: &TeamHooks{}})
	inc, err := s.Create(ctx, NewIncident{Title: "team drill", Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Receive(ctx, nil, nil, 42); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "recovered.db")
	if _, err := s.Recover(ctx, dst); err != nil {
		t.Fatal(err)
	}
	r := New(dst, Options{LockTimeout: time.Second, Team: &TeamHooks{}})
	if seq, _ := r.TeamSequence(ctx); seq != 0 {
		t.Errorf("recovered stream position %d, want 0 (read again)", seq)
	}
	if _, err := r.Append(ctx, note(inc.ID, "after recovery", time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := r.Outbox(ctx, 0); n != 1 {
		t.Errorf("the recovered store's team incident is no longer shared: outbox %d", n)
	}
}
