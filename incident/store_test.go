package incident

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

func newTestStore(t *testing.T) *Store {
	t.Helper()
	return New(filepath.Join(t.TempDir(), "data", "sitrep.db"), Options{LockTimeout: 500 * time.Millisecond})
}

func note(inc, text string, at time.Time) timeline.Event {
	return timeline.Event{Incident: inc, At: at, Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "alice", Text: text}
}

func TestCreateAppendQuery(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	inc, err := s.Create(ctx, NewIncident{Title: "checkout 500s", Severity: 2, Commander: "alice", Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if inc.ID != "INC-1" || inc.Title != "checkout 500s" || inc.Severity != 2 || inc.Roles["commander"] != "alice" || inc.Status != timeline.StatusInvestigating {
		t.Fatalf("created %+v", inc)
	}
	// File 0600 in a 0700 directory.
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v, want 0600", fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Dir(s.Path()))
	if di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", di.Mode().Perm())
	}
	head0, _ := s.Head(ctx)
	base := time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC)
	res, err := s.Append(ctx, note("1", "first", base.Add(2*time.Minute)), note("INC-1", "late but earlier", base))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stored) != 2 || res.Head != head0+2 {
		t.Fatalf("append result %+v (head0 %d)", res, head0)
	}
	evs, err := s.Events(ctx, "1", Query{})
	if err != nil {
		t.Fatal(err)
	}
	if evs[0].Text != "late but earlier" {
		t.Errorf("events not in time order: first is %q", evs[0].Text)
	}
	changes, next, err := s.Changes(ctx, head0, "", 0)
	if err != nil || len(changes) != 2 || next != head0+2 || changes[0].Text != "first" {
		t.Fatalf("changes since %d: %v next %d err %v", head0, changes, next, err)
	}
	last, err := s.Events(ctx, "1", Query{Last: 1, Until: base.Add(3 * time.Minute)})
	if err != nil || len(last) != 1 || last[0].Text != "first" {
		t.Fatalf("last 1: %v %v", last, err)
	}
}

func TestAppendIdempotentOnRefAndID(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	e := note("1", "from slack", time.Now().Add(-time.Minute))
	e.Kind = timeline.KindMessage
	e.Ref = timeline.SlackRef("C1", "1.2")
	r1, err := s.Append(ctx, e, e)
	if err != nil || len(r1.Stored) != 1 || r1.Duplicates != 1 {
		t.Fatalf("first append %+v %v", r1, err)
	}
	r2, err := s.Append(ctx, e)
	if err != nil || len(r2.Stored) != 0 || r2.Duplicates != 1 {
		t.Fatalf("second append %+v %v", r2, err)
	}
	byID := r1.Stored[0]
	byID.Ref = ""
	r3, err := s.Append(ctx, byID)
	if err != nil || len(r3.Stored) != 0 {
		t.Fatalf("same ID stored twice: %+v %v", r3, err)
	}
}

func TestInvalidAppendChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	head, _ := s.Head(ctx)
	bad := note("1", "", time.Now())
	if _, err := s.Append(ctx, note("1", "ok", time.Now()), bad); err == nil {
		t.Fatal("empty note accepted")
	}
	if _, err := s.Append(ctx, note("9", "ok", time.Now())); !IsNotFound(err) {
		t.Fatalf("unknown incident: %v", err)
	}
	if h, _ := s.Head(ctx); h != head {
		t.Fatalf("head moved from %d to %d", head, h)
	}
}

func TestSpoolWhenLocked(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	lock, err := lockFile(context.Background(), s.lockPath(), true, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ev, spooled, err := s.AppendOrSpool(ctx, note("1", "while locked", time.Now()))
	if err != nil || !spooled {
		t.Fatalf("spooled=%v err=%v", spooled, err)
	}
	if n, _ := s.Spooled(); n != 1 {
		t.Fatalf("spool holds %d", n)
	}
	lock.unlock()
	if err := s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	evs, _ := s.Events(ctx, "1", Query{})
	count := 0
	for _, e := range evs {
		if e.ID == ev.ID {
			count++
		}
	}
	if count != 1 {
		t.Fatalf("spooled note stored %d times", count)
	}
	if n, _ := s.Spooled(); n != 0 {
		t.Fatalf("spool still holds %d", n)
	}
}

func TestSpoolRejectsUnknownIncidentWithoutBlocking(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := s.spool(timeline.Event{ID: newID(time.Now()), Incident: "INC-99", At: time.Now(), Recorded: time.Now(), Source: "cli", Kind: "note", Text: "lost?"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, note("1", "still works", time.Now())); err != nil {
		t.Fatalf("a bad spooled event blocked writes: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.spoolDir(), "rejected")); err != nil {
		t.Fatalf("rejected event not set aside: %v", err)
	}
}

func TestNotAStoreLeftUntouched(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "notes.txt")
	content := []byte("this is my shopping list, not a database\n" + string(make([]byte, 8192)))
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	s := New(path, Options{LockTimeout: time.Second})
	if _, err := s.List(ctx); !errors.Is(err, ErrNotAStore) {
		t.Errorf("List: %v, want ErrNotAStore", err)
	}
	if _, err := s.Create(ctx, NewIncident{Title: "x"}); !errors.Is(err, ErrNotAStore) {
		t.Errorf("Create: %v, want ErrNotAStore", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != string(content) {
		t.Fatal("the file was changed")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(schemaVersion+1)) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := s.List(ctx); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("List: %v", err)
	}
	if _, err := s.Append(ctx, note("1", "x", time.Now())); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Append: %v", err)
	}
}

func TestMigrationsInOrder(t *testing.T) {
	for i, m := range migrations {
		if m.To != uint64(i+1) {
			t.Fatalf("migrations[%d].To = %d", i, m.To)
		}
	}
	if migrations[len(migrations)-1].To != schemaVersion {
		t.Fatal("last migration is not schemaVersion")
	}
	// Migration 1 on an empty file creates every bucket and records the version.
	db, err := bolt.Open(filepath.Join(t.TempDir(), "m.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrateTo(tx, 1); err != nil {
			return err
		}
		for _, b := range [][]byte{bucketMeta, bucketIncidents, bucketEvents, bucketChanges, bucketIDs, bucketRefs, bucketCursors, bucketCache} {
			if tx.Bucket(b) == nil {
				t.Errorf("bucket %s missing", b)
			}
		}
		v, err := schemaOf(tx)
		if v != 1 || err != nil {
			t.Errorf("schema %d %v", v, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadOfMissingStoreIsEmpty(t *testing.T) {
	s := newTestStore(t)
	list, err := s.List(context.Background())
	if err != nil || len(list) != 0 {
		t.Fatalf("%v %v", list, err)
	}
	if _, err := os.Stat(s.Path()); !os.IsNotExist(err) {
		t.Fatal("a read created the store")
	}
}

func TestImportOpensAtTheOpeningNotTheEarliestEvent(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	opened := time.Date(2026, 11, 22, 15, 1, 0, 0, time.UTC)
	src.now = func() time.Time { return opened }
	if _, err := src.Create(ctx, NewIncident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	backdated := note("1", "impact began", opened.Add(-7*time.Minute))
	if _, err := src.Append(ctx, backdated); err != nil {
		t.Fatal(err)
	}
	events, _ := src.Events(ctx, "1", Query{})
	dst := newTestStore(t)
	res, err := dst.Import(ctx, events, ImportOptions{Create: true})
	if err != nil || res.Created["INC-1"] != "INC-1" {
		t.Fatalf("%+v %v", res, err)
	}
	inc, _ := dst.Get(ctx, "1")
	if !inc.OpenedAt.Equal(opened) || !inc.Milestones[timeline.Detected].Equal(opened) {
		t.Fatalf("opened %v, detected %v; want both %v", inc.OpenedAt, inc.Milestones[timeline.Detected], opened)
	}
}

func TestBatchUpdatesRewriteOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	msg := note("1", "db is fine", time.Now().Add(-time.Minute))
	msg.Kind, msg.Ref = timeline.KindMessage, timeline.SlackRef("C1", "1.1")
	res, err := s.Append(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	stored := res.Stored[0]
	head, _ := s.Head(ctx)
	edit := stored
	edit.Text = "db is NOT fine"
	edit.Attrs = map[string]string{"original_text": "db is fine"}
	edit.At = edit.At.Add(time.Hour) // ignored: time cannot change
	key := CursorKey{Incident: "INC-1", Source: "slack"}
	res, err = s.Write(ctx, Batch{Updates: []timeline.Event{edit, {ID: "01NOSUCHEVENT"}}, Cursors: map[CursorKey][]byte{key: []byte("c1")}})
	if err != nil || len(res.Updated) != 1 || res.Head != head+1 {
		t.Fatalf("first update: %+v %v (head was %d)", res, err, head)
	}
	got, _ := s.Event(ctx, stored.ID)
	if got.Text != "db is NOT fine" || !got.At.Equal(stored.At) || got.Attr("original_text") != "db is fine" {
		t.Fatalf("after update: %+v", got)
	}
	if c, _ := s.Cursor(ctx, key); string(c) != "c1" {
		t.Fatalf("cursor %q not stored with the update", c)
	}
	changes, _, _ := s.Changes(ctx, head, "", 0)
	if len(changes) != 1 || changes[0].Text != "db is NOT fine" {
		t.Fatalf("followers see %v", changes)
	}
	res, err = s.Write(ctx, Batch{Updates: []timeline.Event{edit}})
	if err != nil || len(res.Updated) != 0 || res.Head != head+1 {
		t.Fatalf("the same update again changed something: %+v %v", res, err)
	}
}

// An event written by the previous codec, given the same update again,
// is left alone: no rewrite, no change for followers (or the team).
func TestUnchangedUpdateOfOldCodecEvent(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	msg := note("1", "db is fine", time.Now().Add(-time.Minute))
	msg.Kind, msg.Ref = timeline.KindMessage, timeline.SlackRef("C1", "1.1")
	res, err := s.Append(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	stored := res.Stored[0]
	db, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		number, key, _ := splitLocation(tx.Bucket(bucketIDs).Get(idKey(stored.ID)), 0)
		return tx.Bucket(bucketEvents).Bucket(u64(number)).Put(key, encodeEventV1(stored))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	head, _ := s.Head(ctx)
	res, err = s.Write(ctx, Batch{Updates: []timeline.Event{stored}})
	if err != nil || len(res.Updated) != 0 || res.Head != head {
		t.Fatalf("an unchanged update of an old-codec event rewrote it: %+v %v (head was %d)", res, err, head)
	}
}
