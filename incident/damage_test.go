package incident

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// seedStore writes incidents with enough events to fill many leaf pages.
func seedStore(t *testing.T, incidents, each int) (*Store, int) {
	t.Helper()
	ctx := context.Background()
	s := newTestStore(t)
	total := 0
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range incidents {
		inc, err := s.Create(ctx, NewIncident{Title: fmt.Sprintf("incident %d", i), Actor: "alice", At: base})
		if err != nil {
			t.Fatal(err)
		}
		var evs []timeline.Event
		for j := range each {
			evs = append(evs, note(inc.ID, fmt.Sprintf("note %d of %s, with some text to fill the page", j, inc.ID), base.Add(time.Duration(j)*time.Second)))
		}
		if _, err := s.Append(ctx, evs...); err != nil {
			t.Fatal(err)
		}
		all, err := s.Events(ctx, inc.ID, Query{})
		if err != nil {
			t.Fatal(err)
		}
		total += len(all)
	}
	return s, total
}

// eventPages maps each leaf page holding events to the IDs in it.
func eventPages(t *testing.T, path string) (map[uint64][]string, int64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	m, problem := validateFile(f, st.Size())
	if problem != nil {
		t.Fatal(problem.detail)
	}
	ps := int64(m.pageSize)
	out := map[uint64][]string{}
	for id := uint64(2); id < m.pgid; id++ {
		p := readPage(f, ps, id, st.Size())
		if p == nil || le.Uint64(p) != id || le.Uint16(p[8:]) != flagLeaf {
			continue
		}
		for _, en := range leafEntries(p) {
			if e, ok := recoverable(en.key, en.value); ok {
				out[id] = append(out[id], e.e.ID)
			}
		}
	}
	return out, ps
}

// allIDs lists every event ID in a store.
func allIDs(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	ctx := context.Background()
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, inc := range list {
		evs, err := s.Events(ctx, inc.ID, Query{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			ids[e.ID] = true
		}
	}
	return ids
}

// One zeroed leaf page: reads fail cleanly with ErrDamaged, check names
// the damage, and recover copies every event outside that page.
func TestRecoverOneDamagedPage(t *testing.T) {
	ctx := context.Background()
	s, total := seedStore(t, 3, 400)
	if _, err := s.Write(ctx, Batch{Cache: map[string]string{"slack/user/U1": "alice"}}); err != nil {
		t.Fatal(err)
	}
	before := allIDs(t, s)
	if len(before) != total {
		t.Fatalf("seeded %d events, read %d", total, len(before))
	}
	pages, ps := eventPages(t, s.Path())
	// The damaged page: a full one in the middle of the file, so events
	// live both before and after it.
	var victim uint64
	for id, ids := range pages {
		if len(ids) > 10 && (victim == 0 || id < victim) && id > 5 {
			victim = id
		}
	}
	if victim == 0 {
		t.Fatalf("no leaf page with events: %v", pages)
	}
	lost := map[string]bool{}
	for _, id := range pages[victim] {
		lost[id] = true
	}
	f, err := os.OpenFile(s.Path(), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(make([]byte, ps), int64(victim)*ps); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// Reading every incident: a clean error for the damaged one.
	damagedSeen := false
	for i := 1; i <= 3; i++ {
		_, err := s.Events(ctx, FormatID(uint64(i)), Query{})
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("INC-%d: %v, want ErrDamaged", i, err)
			}
			damagedSeen = true
		}
	}
	if !damagedSeen {
		t.Fatal("no read saw the zeroed page")
	}
	rep, err := s.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) == 0 {
		t.Fatal("check found nothing wrong with a zeroed page")
	}

	dst := filepath.Join(t.TempDir(), "recovered.db")
	res, err := s.Recover(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	// Every event outside the zeroed page, exactly; an older copy of one
	// on it may turn up in a freed page too, never more than were stored.
	if res.Events < total-len(lost) || res.Events > total {
		t.Errorf("recovered %d events, want %d..%d (%d on the zeroed page); report %+v", res.Events, total-len(lost), total, len(lost), res)
	}
	if len(res.Unreadable) == 0 {
		t.Error("the report says nothing was unreadable")
	}
	got := allIDs(t, New(dst, Options{}))
	outside := 0
	for id := range got {
		if !before[id] {
			t.Errorf("recovered event %s was never stored", id)
		}
		if !lost[id] {
			outside++
		}
	}
	if outside != total-len(lost) {
		t.Errorf("recovered %d of the %d events outside the damaged page", outside, total-len(lost))
	}
	if c, err := New(dst, Options{}).Cached(ctx, "slack/user/"); err != nil || c["slack/user/U1"] != "alice" {
		t.Errorf("the cache was not kept: %v %v", c, err)
	}
	if err := New(dst, Options{}).Check(ctx); err != nil {
		t.Errorf("the recovered store does not check clean: %v", err)
	}
	if _, err := s.Recover(ctx, dst); err == nil {
		t.Error("recover overwrote an existing file")
	}
}

// A killed `sitrep use` leaves a temporary file beside the store; the next
// one removes it once stale, and leaves a fresh one (being written) alone.
func TestStaleActiveTempsRemoved(t *testing.T) {
	s := newTestStore(t)
	if err := s.SetActive("INC-1"); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(s.Path())
	stale := filepath.Join(dir, ".tmp-sitrep.db.active-111")
	fresh := filepath.Join(dir, ".tmp-sitrep.db.active-222")
	os.WriteFile(stale, []byte("INC-9\n"), 0o600)
	os.WriteFile(fresh, []byte("INC-9\n"), 0o600)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	if err := s.SetActive("INC-2"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(stale); err == nil {
		t.Error("the stale temporary file was kept")
	}
	if _, err := os.Lstat(fresh); err != nil {
		t.Error("a fresh temporary file was removed")
	}
	if id, _ := s.Active(); id != "INC-2" {
		t.Errorf("active %q", id)
	}
}
