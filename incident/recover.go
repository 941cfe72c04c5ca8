package incident

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// RecoverReport says what Recover copied and what it could not read.
type RecoverReport struct {
	Incidents  int      // incidents in the new store
	Events     int      // events copied
	FromPages  int      // of them, found only by reading pages directly
	Kept       int      // settings, review stamps, queued posts and cache entries copied
	Unreadable []string // what could not be read, one line each
}

// found is an event read from the damaged store, with its place there.
type found struct {
	e   timeline.Event
	seq uint64 // its change sequence (from its key): the order to store in
}

// Recover copies every readable event of the store into a new store at
// dst, which must not exist, and says what it could not read. Events are
// read twice over: through bbolt's tree, each part guarded so a damaged
// page loses only itself, then by reading every page of the file directly,
// which finds events in pages the tree no longer reaches. Each incident
// keeps its number and is folded again from its events. The damaged store
// is only read.
func (s *Store) Recover(ctx context.Context, dst string) (RecoverReport, error) {
	var r RecoverReport
	if _, err := os.Lstat(dst); err == nil {
		return r, fmt.Errorf("%s exists; recover writes a new store: give a path that does not exist", dst)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	if a, b := absPath(dst), absPath(s.path); a == b {
		return r, fmt.Errorf("recover writes a new store: give a path other than the store's")
	}
	if err := s.mustExist(); err != nil {
		return r, err
	}
	lock, err := s.lock(ctx, false)
	if err != nil {
		return r, err
	}
	defer lock.unlock()
	f, err := openRegular(s.path, os.O_RDONLY, true)
	if err != nil {
		return r, s.fileError(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return r, err
	}
	if st.Size() == 0 {
		return r, fmt.Errorf("%s is an empty file: there is nothing to recover", s.path)
	}
	m, problem := validateFile(f, st.Size())
	if problem != nil && !problem.damaged {
		return r, fmt.Errorf("%s: %w (%s)", s.path, ErrNotAStore, problem.detail)
	}
	if problem != nil {
		r.Unreadable = append(r.Unreadable, problem.detail)
	}

	events := map[string]found{}
	opened := map[uint64]json.RawMessage{}
	var kept []keptEntry
	if m.pageSize != 0 {
		s.recoverTree(events, opened, &kept, &r)
	}
	ps := int64(m.pageSize)
	if ps == 0 {
		ps = int64(os.Getpagesize())
	}
	r.FromPages = scanPages(f, ps, st.Size(), events, &r)

	if err := ctx.Err(); err != nil {
		return r, err
	}
	if len(events) == 0 && len(opened) == 0 && len(kept) == 0 {
		return r, fmt.Errorf("%s: nothing could be read from it, so no new store was written", s.path)
	}
	out := New(dst, Options{LockTimeout: s.lockTimeout, Now: s.now})
	err = out.update(ctx, func(tx *bolt.Tx) error {
		return writeRecovered(out, tx, events, opened, kept, &r)
	})
	if err != nil {
		os.Remove(dst)
		os.Remove(dst + ".lock")
		return r, fmt.Errorf("writing %s: %w", dst, err)
	}
	return r, nil
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if e, err := filepath.EvalSymlinks(a); err == nil {
		return e
	}
	return a
}

// recoverTree reads what bbolt's tree still reaches, one guarded part at a
// time: the incidents' summaries, the cache, then each incident's events.
func (s *Store) recoverTree(events map[string]found, opened map[uint64]json.RawMessage, kept *[]keptEntry, r *RecoverReport) {
	part := func(what string, fn func()) {
		if err := s.guarded(func() error { fn(); return nil }); err != nil {
			r.Unreadable = append(r.Unreadable, fmt.Sprintf("%s: %s", what, damageDetail(err)))
		}
	}
	err := s.guarded(func() error {
		db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout, ReadOnly: true, OpenFile: openBolt})
		if err != nil {
			return s.openError(err)
		}
		defer closeQuietly(db)
		return db.View(func(tx *bolt.Tx) error {
			part("incident summaries", func() {
				if b := tx.Bucket(bucketIncidents); b != nil {
					b.ForEach(func(k, v []byte) error {
						if len(k) == 8 {
							opened[binary.BigEndian.Uint64(k)] = append(json.RawMessage(nil), v...)
						}
						return nil
					})
				}
			})
			for _, name := range keptBuckets {
				part("bucket "+string(name), func() {
					if b := tx.Bucket(name); b != nil {
						collect(b, [][]byte{name}, kept)
					}
				})
			}
			var numbers [][]byte
			part("the list of incidents with events", func() {
				if b := tx.Bucket(bucketEvents); b != nil {
					b.ForEachBucket(func(k []byte) error {
						numbers = append(numbers, append([]byte(nil), k...))
						return nil
					})
				}
			})
			for _, num := range numbers {
				what := fmt.Sprintf("events %x", num)
				if len(num) == 8 {
					what = "events of " + FormatID(binary.BigEndian.Uint64(num))
				}
				bad := 0
				part(what, func() {
					tx.Bucket(bucketEvents).Bucket(num).ForEach(func(k, v []byte) error {
						if e, ok := recoverable(k, v); ok {
							events[e.e.ID] = e
						} else {
							bad++
						}
						return nil
					})
				})
				if bad > 0 {
					r.Unreadable = append(r.Unreadable, fmt.Sprintf("%s: %d records do not decode", what, bad))
				}
			}
			return nil
		})
	})
	if err != nil {
		r.Unreadable = append(r.Unreadable, "the B+tree: "+damageDetail(err))
	}
}

// recoverable decodes an event record found under key k, if it is one.
func recoverable(k, v []byte) (found, bool) {
	if len(k) != 16 {
		return found{}, false
	}
	e, err := decodeEvent(v)
	// An event's key begins with its time; this tells events from index
	// entries that happen to have 16-byte keys (ids) and decode.
	if err != nil || e.ID == "" || timeKey(e.At) != binary.BigEndian.Uint64(k) {
		return found{}, false
	}
	if _, err := ParseID(e.Incident); err != nil {
		return found{}, false
	}
	return found{e: e, seq: binary.BigEndian.Uint64(k[8:])}, true
}

// scanPages reads every page of the file and takes the events in leaf
// pages (and the inline buckets in them) that the tree walk did not find.
// A page is trusted only if its header names its own position.
func scanPages(f interface {
	ReadAt([]byte, int64) (int, error)
}, ps, size int64, events map[string]found, r *RecoverReport) int {
	added := 0
	var take func(p []byte, depth int)
	take = func(p []byte, depth int) {
		for _, en := range leafEntries(p) {
			if en.bucket {
				if depth < 3 && len(en.value) > bucketHeaderSize && le.Uint64(en.value) == 0 {
					take(en.value[bucketHeaderSize:], depth+1)
				}
				continue
			}
			e, ok := recoverable(en.key, en.value)
			if !ok {
				continue
			}
			if _, seen := events[e.e.ID]; !seen {
				events[e.e.ID] = e
				added++
			}
		}
	}
	pages := uint64(size / ps)
	for id := uint64(2); id < pages; id++ {
		p := readPage(f, ps, id, size)
		if p == nil || le.Uint64(p) != id {
			continue
		}
		if le.Uint16(p[8:]) == flagLeaf {
			take(p, 0)
		}
		if over := uint64(le.Uint32(p[12:])); int64(len(p)) > ps && id+over < pages {
			id += over
		}
	}
	return added
}

// writeRecovered stores what was found in the new store's transaction.
func writeRecovered(out *Store, tx *bolt.Tx, events map[string]found, opened map[uint64]json.RawMessage, kept []keptEntry, r *RecoverReport) error {
	byIncident := map[uint64][]found{}
	for _, e := range events {
		if err := e.e.Validate(); err != nil {
			r.Unreadable = append(r.Unreadable, fmt.Sprintf("event %s: %v", e.e.ID, err))
			continue
		}
		n, _ := ParseID(e.e.Incident)
		byIncident[n] = append(byIncident[n], e)
	}
	var numbers []uint64
	for n := range byIncident {
		numbers = append(numbers, n)
	}
	for n := range opened {
		if _, ok := byIncident[n]; !ok {
			numbers = append(numbers, n)
		}
	}
	slices.Sort(numbers)
	incidents := tx.Bucket(bucketIncidents)
	for _, n := range numbers {
		list := byIncident[n]
		if len(list) == 0 {
			// No event of it could be read: keep its summary as it was.
			if err := incidents.Put(u64(n), opened[n]); err != nil {
				return err
			}
			r.Incidents++
			r.Unreadable = append(r.Unreadable, fmt.Sprintf("%s: no event could be read; its summary was kept", FormatID(n)))
			continue
		}
		slices.SortFunc(list, func(a, b found) int {
			return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.e.ID, b.e.ID))
		})
		evs := make([]timeline.Event, len(list))
		for i, f := range list {
			evs[i] = f.e
		}
		at := openedAt(evs, FormatID(n))
		var old projection
		if raw, ok := opened[n]; ok && json.Unmarshal(raw, &old) == nil && !old.OpenedAt.IsZero() {
			at = old.OpenedAt
		}
		if err := saveProjection(tx, newProjection(n, at)); err != nil {
			return err
		}
		res, err := out.appendTx(tx, evs)
		if err != nil {
			return fmt.Errorf("%s: %w", FormatID(n), err)
		}
		r.Incidents++
		r.Events += len(res.Stored)
	}
	if len(numbers) > 0 {
		if err := incidents.SetSequence(max(incidents.Sequence(), numbers[len(numbers)-1])); err != nil {
			return err
		}
	}
	for _, e := range kept {
		if bytes.Equal(e.path[0], bucketTeam) && bytes.Equal(e.key, keyStreamSeq) {
			continue
		}
		b, err := tx.CreateBucketIfNotExists(e.path[0])
		for _, name := range e.path[1:] {
			if err != nil {
				break
			}
			b, err = b.CreateBucketIfNotExists(name)
		}
		if err == nil {
			err = b.Put(e.key, e.value)
		}
		if err != nil {
			r.Unreadable = append(r.Unreadable, fmt.Sprintf("%s entry %q: %v", e.path[0], e.key, err))
			continue
		}
		r.Kept++
	}
	return nil
}

// keptBuckets are copied as they are: settings, review stamps, sync
// health, queued posts, the cache and which incidents are the team's.
// Cursors are not (the next sync reads again what a lost page held; refs
// keep it from being stored twice), nor the team's stream position (the
// team's stream refills what was lost the same way), nor the team outbox
// (its keys are change numbers of the damaged file).
var keptBuckets = [][]byte{bucketCache, bucketSettings, bucketReviews, bucketHealth, bucketPosts, bucketTeam}

// keptEntry is one key/value of a kept bucket, under its bucket path.
type keptEntry struct {
	path       [][]byte
	key, value []byte
}

// collect copies b's entries, and its nested buckets', into out.
func collect(b *bolt.Bucket, path [][]byte, out *[]keptEntry) {
	b.ForEach(func(k, v []byte) error {
		k = append([]byte(nil), k...)
		if v == nil {
			if nested := b.Bucket(k); nested != nil && len(path) < 8 {
				collect(nested, append(append([][]byte(nil), path...), k), out)
			}
			return nil
		}
		*out = append(*out, keptEntry{path: path, key: k, value: append([]byte(nil), v...)})
		return nil
	})
}
