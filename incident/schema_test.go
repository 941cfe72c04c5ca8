package incident

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

func TestLocationRoundTrip(t *testing.T) {
	for _, c := range []struct {
		number, seq, implied uint64
		at                   time.Time
		size                 int
	}{
		{1, 7, 0, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), 1 + 8 + 1},
		{1, 7, 7, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), 1 + 8},
		{1, 7, 9, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), 1 + 8 + 1},
		{300, 1_000_000, 0, time.Unix(0, 1), 2 + 8 + 3},
		{^uint64(0), ^uint64(0), 0, time.Unix(0, 0), 10 + 8 + 10},
	} {
		key := eventKey(c.at, c.seq)
		loc := location(c.number, key, c.implied)
		if len(loc) != c.size {
			t.Errorf("location(%d, %x, %d) is %d bytes, want %d", c.number, key, c.implied, len(loc), c.size)
		}
		number, got, ok := splitLocation(loc, c.implied)
		if !ok || number != c.number || !bytes.Equal(got, key) {
			t.Errorf("splitLocation(%x, %d) = %d %x %v, want %d %x", loc, c.implied, number, got, ok, c.number, key)
		}
	}
	key := eventKey(time.Now(), 5)
	full := location(2, key, 0)
	for _, bad := range [][]byte{nil, {}, {1}, full[:8], append(slices.Clone(full), 0), {0x80, 0x80}} {
		if _, _, ok := splitLocation(bad, 0); ok {
			t.Errorf("splitLocation(%x, 0) accepted it", bad)
		}
	}
	// Without an implied sequence, the sequence must be there.
	if _, _, ok := splitLocation(location(2, key, 5), 0); ok {
		t.Error("a location without its sequence read as an ids entry")
	}
}

func TestIDKeyRoundTrip(t *testing.T) {
	ulidID := newID(time.Now())
	for _, c := range []struct {
		id   string
		size int
	}{
		{ulidID, 16},
		{strings.ToLower(ulidID), 27}, // not canonical: kept as text
		{"evt-1", 5},
		{"", 0},
		{"exactly16bytes!!", 17},
		{"\x00fifteen bytes.", 15},
		{"\x00sixteen bytes..", 17},
		{"a much longer identifier from another tool", 43},
	} {
		k := idKey(c.id)
		if len(k) != c.size {
			t.Errorf("idKey(%q) is %d bytes, want %d", c.id, len(k), c.size)
		}
		if got := idOf(k); got != c.id {
			t.Errorf("idOf(idKey(%q)) = %q", c.id, got)
		}
	}
}

// layOutSchema4 rewrites the ids, changes and refs buckets of the store
// at path as schema 4 wrote them, with its own encoding: the event ID as
// text, and a location of three 8-byte big-endian integers (incident
// number, time, sequence). It sets the schema to 4.
func layOutSchema4(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := func(number uint64, key []byte) []byte {
		b := binary.BigEndian.AppendUint64(nil, number)
		return append(b, key...)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		type kv struct{ k, v []byte }
		var ids, changes, refs []kv
		tx.Bucket(bucketIDs).ForEach(func(k, v []byte) error {
			number, key, ok := splitLocation(v, 0)
			if !ok {
				t.Fatalf("ids %x: %x", k, v)
			}
			ids = append(ids, kv{[]byte(idOf(k)), old(number, key)})
			return nil
		})
		tx.Bucket(bucketChanges).ForEach(func(k, v []byte) error {
			number, key, ok := splitLocation(v, binary.BigEndian.Uint64(k))
			if !ok {
				t.Fatalf("changes %x: %x", k, v)
			}
			changes = append(changes, kv{slices.Clone(k), old(number, key)})
			return nil
		})
		tx.Bucket(bucketRefs).ForEach(func(k, v []byte) error {
			refs = append(refs, kv{slices.Clone(k), []byte(idOf(v))})
			return nil
		})
		head := tx.Bucket(bucketChanges).Sequence()
		for _, w := range []struct {
			name []byte
			kvs  []kv
		}{{bucketIDs, ids}, {bucketChanges, changes}, {bucketRefs, refs}} {
			if err := tx.DeleteBucket(w.name); err != nil {
				return err
			}
			b, err := tx.CreateBucket(w.name)
			if err != nil {
				return err
			}
			for _, e := range w.kvs {
				if err := b.Put(e.k, e.v); err != nil {
					return err
				}
			}
		}
		if err := tx.Bucket(bucketChanges).SetSequence(head); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(4))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// storeView is what a reader sees of a store, to compare before and after
// a migration.
type storeView struct {
	events  map[string][]timeline.Event
	byID    map[string]timeline.Event
	changes []timeline.Event
	head    uint64
}

func viewOf(t *testing.T, s *Store, incidents []string) storeView {
	t.Helper()
	ctx := context.Background()
	v := storeView{events: map[string][]timeline.Event{}, byID: map[string]timeline.Event{}}
	for _, inc := range incidents {
		evs, err := s.Events(ctx, inc, Query{})
		if err != nil {
			t.Fatal(err)
		}
		v.events[inc] = evs
		for _, e := range evs {
			got, err := s.Event(ctx, e.ID)
			if err != nil {
				t.Fatalf("Event(%s): %v", e.ID, err)
			}
			v.byID[e.ID] = got
		}
	}
	var err error
	v.changes, v.head, err = s.Changes(ctx, 0, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMigration5PacksIndexes lays out a store's indexes as schema 4 did
// and opens it: the first read migrates it, in its transaction or (a
// large file) in a copy written in many transactions; every event,
// change, ID and ref reads as before, the check passes, the entries are
// in the packed form, and writes go on from the same change counter.
func TestMigration5PacksIndexes(t *testing.T) {
	t.Run("in the transaction", func(t *testing.T) { testMigration5(t, false) })
	t.Run("staged", func(t *testing.T) { testMigration5(t, true) })
}

func testMigration5(t *testing.T, staged bool) {
	ctx := context.Background()
	s := newTestStore(t)
	a, err := s.Create(ctx, NewIncident{Title: "checkout 500s", Severity: 2, Commander: "alice", Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Create(ctx, NewIncident{Title: "dns", Actor: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	var batch []timeline.Event
	for i := range 300 {
		e := note(a.ID, "note "+strings.Repeat("x", i%7), base.Add(time.Duration(i)*time.Second))
		if i%3 == 0 {
			e.Kind, e.Ref = timeline.KindMessage, timeline.SlackRef("C1", "17000000."+strings.Repeat("1", 1+i%5)+string(rune('a'+i%26)))
		}
		batch = append(batch, e)
	}
	// IDs from other tools, of every length the packed form tells apart.
	for i, id := range []string{"pd-Q1", "exactly16bytes!!", "an id from another tool, long", strings.ToLower(newID(base))} {
		e := note(b.ID, "imported", base.Add(time.Duration(i)*time.Minute))
		e.ID, e.Ref = id, "ext/"+id
		batch = append(batch, e)
	}
	if _, err := s.Append(ctx, batch...); err != nil {
		t.Fatal(err)
	}
	// An edit: a change whose key is not the sequence of the event's key.
	if _, err := s.UpdateEvent(ctx, "exactly16bytes!!", func(e *timeline.Event) { e.Text = "edited" }); err != nil {
		t.Fatal(err)
	}
	incidents := []string{a.ID, b.ID}
	want := viewOf(t, s, incidents)
	if len(want.changes) != len(batch)+4+2 { // and the opening events of both incidents
		t.Fatalf("%d changes before the migration", len(want.changes))
	}

	layOutSchema4(t, s.Path())
	// Check only reads: it checks an unmigrated file in its own form.
	if r, err := s.Inspect(ctx); err != nil || len(r.Problems) != 0 || r.Events != len(batch)+4+2 {
		t.Fatalf("check of the schema 4 file: %+v %v", r, err)
	}
	if v := rawSchema(t, s.Path()); v != 4 {
		t.Fatalf("schema %d after laying out schema 4 and a check", v)
	}

	if staged {
		defer func(a int64, b int) { stagedPackSize, stagedPackTx = a, b }(stagedPackSize, stagedPackTx)
		stagedPackSize, stagedPackTx = 0, 2048
	}
	got := viewOf(t, s, incidents) // migrates
	if _, err := os.Stat(s.Path() + ".migrate"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the staged copy is left: %v", err)
	}
	if file, current, err := s.Schema(ctx); file != current || current != 5 || err != nil {
		t.Fatalf("schema %d (binary %d) %v after the migration", file, current, err)
	}
	for _, inc := range incidents {
		if !slices.EqualFunc(want.events[inc], got.events[inc], sameEvent) {
			t.Errorf("%s: events differ after the migration", inc)
		}
	}
	for id, e := range want.byID {
		if !sameEvent(e, got.byID[id]) {
			t.Errorf("Event(%s) = %+v, want %+v", id, got.byID[id], e)
		}
	}
	if got.head != want.head || !slices.EqualFunc(want.changes, got.changes, sameEvent) {
		t.Errorf("changes after the migration: head %d (was %d), %d events (were %d)", got.head, want.head, len(got.changes), len(want.changes))
	}
	for _, e := range batch {
		if e.Ref == "" {
			continue
		}
		if ok, err := s.HasRef(ctx, e.Ref); !ok || err != nil {
			t.Errorf("HasRef(%s) = %v %v", e.Ref, ok, err)
		}
	}
	homes, err := s.RefHomes(ctx, []string{"ext/pd-Q1", "ext/exactly16bytes!!", batch[0].Ref})
	if err != nil || homes[a.ID] != 1 || homes[b.ID] != 2 {
		t.Errorf("RefHomes %v %v", homes, err)
	}
	if r, err := s.Inspect(ctx); err != nil || len(r.Problems) != 0 || r.Events != len(batch)+4+2 {
		t.Errorf("check after the migration: %+v %v", r, err)
	}
	// The staged copy is a new file, written in many transactions of
	// stagedPackTx bytes: its transaction ID counts them.
	if id := rawTxID(t, s.Path()); staged != (id > 15) {
		t.Errorf("transaction ID %d after the migration (staged: %v)", id, staged)
	}

	// The entries are packed.
	db, err := bolt.Open(s.Path(), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte("migrating")) != nil {
			t.Error("the scratch bucket is left")
		}
		if id := want.events[a.ID][0].ID; len(tx.Bucket(bucketIDs).Get(idKey(id))) != 1+8+1 {
			t.Errorf("ids entry of %s: %x", id, tx.Bucket(bucketIDs).Get(idKey(id)))
		}
		if v := tx.Bucket(bucketChanges).Get(u64(1)); len(v) != 1+8 {
			t.Errorf("change 1: %x", v)
		}
		if v := tx.Bucket(bucketRefs).Get([]byte(batch[0].Ref)); len(v) != 16 {
			t.Errorf("ref of a ULID event: %x", v)
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	// Writes go on: duplicates are still recognised by ID and by ref, and
	// the change counter continues.
	res, err := s.Append(ctx, batch[0], batch[len(batch)-1], note(b.ID, "after", base.Add(time.Hour)))
	if err != nil || len(res.Stored) != 1 || res.Duplicates != 2 || res.Head != want.head+1 {
		t.Fatalf("append after the migration: %+v %v (head was %d)", res, err, want.head)
	}
	if _, err := s.UpdateEvent(ctx, "pd-Q1", func(e *timeline.Event) { e.Text = "edited too" }); err != nil {
		t.Fatal(err)
	}
	if ch, _, err := s.Changes(ctx, want.head, "", 0); err != nil || len(ch) != 2 || ch[1].Text != "edited too" {
		t.Errorf("changes after the migration: %v %v", ch, err)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}

func rawTxID(t *testing.T, path string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	return tx.ID()
}

func rawSchema(t *testing.T, path string) uint64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v uint64
	err = db.View(func(tx *bolt.Tx) error {
		v, err = schemaOf(tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sameEvent(a, b timeline.Event) bool {
	return a.ID == b.ID && a.Incident == b.Incident && a.At.Equal(b.At) && a.Recorded.Equal(b.Recorded) &&
		a.Text == b.Text && a.Ref == b.Ref && a.Kind == b.Kind && a.Actor == b.Actor
}

// TestCheckFindsUnpackedEntries: in a schema 5 file, an index entry in
// the old form is a problem.
func TestCheckFindsUnpackedEntries(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	inc, err := s.Create(ctx, NewIncident{Title: "x"})
	if err != nil {
		t.Fatal(err)
	}
	msg := note(inc.ID, "hi", time.Now())
	msg.Kind, msg.Ref = timeline.KindMessage, timeline.SlackRef("C1", "1.1")
	res, err := s.Append(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Stored[0].ID
	db, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		number, key, _ := splitLocation(tx.Bucket(bucketIDs).Get(idKey(id)), 0)
		old := append(u64(number), key...)
		if err := tx.Bucket(bucketChanges).Put(u64(res.Head), old); err != nil {
			return err
		}
		if err := tx.Bucket(bucketIDs).Put([]byte(id), old); err != nil {
			return err
		}
		return tx.Bucket(bucketRefs).Put([]byte(msg.Ref), []byte(id))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(r.Problems, "\n")
	for _, want := range []string{"changes: change", "ids: key", "refs: \"" + msg.Ref + "\" holds"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems %q lack %q", all, want)
		}
	}
}

// A large import into a large store of schema 4 packs the store's indexes
// first, in a copy, then imports into a copy of that: the events of both
// are there, recognised as duplicates when imported again.
func TestImportStagedPacksAnOldStore(t *testing.T) {
	defer func(a, b int) { singleTxImport, importBatch = a, b }(singleTxImport, importBatch)
	defer func(a int64, b int) { stagedPackSize, stagedPackTx = a, b }(stagedPackSize, stagedPackTx)
	singleTxImport, importBatch = 500, 700
	ctx := context.Background()
	s := newTestStore(t)
	events := importEvents(1200)
	if _, err := s.Import(ctx, events[:600], ImportOptions{Create: true}); err != nil {
		t.Fatal(err)
	}
	layOutSchema4(t, s.Path())
	stagedPackSize, stagedPackTx = 0, 4096
	res, err := s.Import(ctx, events, ImportOptions{Create: true})
	if err != nil || res.Stored != 600 || res.Duplicates != 600 || len(res.Created) != 0 {
		t.Fatalf("import into the old store: %+v %v", res, err)
	}
	if v := rawSchema(t, s.Path()); v != schemaVersion {
		t.Errorf("schema %d", v)
	}
	for _, suffix := range []string{".migrate", ".import"} {
		if _, err := os.Stat(s.Path() + suffix); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left: %v", suffix, err)
		}
	}
	got, err := s.Events(ctx, "INC-1", Query{})
	if err != nil || len(got) != 1200 {
		t.Fatalf("%d events, %v", len(got), err)
	}
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := s.Import(ctx, events, ImportOptions{Create: true})
	if err != nil || again.Stored != 0 || again.Duplicates != 1200 {
		t.Fatalf("again: %+v %v", again, err)
	}
}

// Recover's page scan takes a 16-byte key and a value that decodes for an
// event only when the key begins with the event's time: an ids entry, whose
// key is a binary ULID and whose value may begin with a codec version
// byte (incident 1 or 2), is not one.
func TestRecoverableSkipsIndexEntries(t *testing.T) {
	e := note("INC-2", "x", time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	e.ID, e.Recorded = newID(e.At), e.At
	key := eventKey(e.At, 9)
	if _, ok := recoverable(key, encodeEvent(e)); !ok {
		t.Fatal("an event is not recoverable")
	}
	if _, ok := recoverable(eventKey(e.At.Add(time.Second), 9), encodeEvent(e)); ok {
		t.Error("an event under another time's key was taken")
	}
	if _, ok := recoverable(idKey(e.ID), location(2, key, 0)); ok {
		t.Error("an ids entry was taken for an event")
	}
}
