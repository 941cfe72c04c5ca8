package incident

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Get returns one incident by ID ("7" or "INC-7").
func (s *Store) Get(ctx context.Context, id string) (Incident, error) {
	number, err := ParseID(id)
	if err != nil {
		return Incident{}, err
	}
	var inc Incident
	err = s.view(ctx, func(tx *bolt.Tx) error {
		p, err := loadProjection(tx, number)
		if err != nil {
			return err
		}
		inc = p.incident()
		return nil
	})
	return inc, err
}

// List returns every incident, newest first.
func (s *Store) List(ctx context.Context) ([]Incident, error) {
	var out []Incident
	err := s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketIncidents).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var p projection
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("incident %s: %w", FormatID(binary.BigEndian.Uint64(k)), err)
			}
			out = append(out, p.incident())
		}
		return nil
	})
	return out, err
}

// Query selects an incident's events.
type Query struct {
	Since time.Time // events at or after; zero: from the start
	Until time.Time // events before; zero: to the end
	Last  int       // only the last N (after Since/Until); 0: all
}

// Events returns an incident's events in timeline order (At, then the
// order they were stored in).
func (s *Store) Events(ctx context.Context, id string, q Query) ([]timeline.Event, error) {
	number, err := ParseID(id)
	if err != nil {
		return nil, err
	}
	var out []timeline.Event
	err = s.view(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketIncidents).Get(u64(number)) == nil {
			return &missingError{number}
		}
		b := tx.Bucket(bucketEvents).Bucket(u64(number))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		var lo, hi []byte
		if !q.Since.IsZero() {
			lo = eventKey(q.Since, 0)
		}
		if !q.Until.IsZero() {
			hi = eventKey(q.Until, 0)
		}
		if q.Last > 0 {
			var k, v []byte
			if hi != nil {
				// The last event before hi: one step back from the first at or after it.
				if k, _ = c.Seek(hi); k == nil {
					k, v = c.Last()
				} else {
					k, v = c.Prev()
				}
			} else {
				k, v = c.Last()
			}
			for ; k != nil && len(out) < q.Last && (lo == nil || bytes.Compare(k, lo) >= 0); k, v = c.Prev() {
				e, err := decodeEvent(v)
				if err != nil {
					return err
				}
				out = append(out, e)
			}
			for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
				out[i], out[j] = out[j], out[i]
			}
			return nil
		}
		var k, v []byte
		if lo != nil {
			k, v = c.Seek(lo)
		} else {
			k, v = c.First()
		}
		out = make([]timeline.Event, 0, b.Stats().KeyN)
		for ; k != nil && (hi == nil || bytes.Compare(k, hi) < 0); k, v = c.Next() {
			e, err := decodeEvent(v)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// eachChunk is how many events EachEvent decodes per read transaction.
// Between chunks the store is closed and its lock released, so a slow
// reader (a pipe, a terminal) never holds up writers.
const eachChunk = 8192

// EachEvent calls fn with each of an incident's events, in timeline order,
// as Events would return them, without holding them all: events are read
// in short read transactions of a few thousand at a time, and fn runs
// outside them. Events stored while it runs, after the last one read, are
// included; an older-dated event stored meanwhile may not be (a follower
// gets it from Changes). An error from fn stops the walk and is returned.
func (s *Store) EachEvent(ctx context.Context, id string, q Query, fn func(timeline.Event) error) error {
	number, err := ParseID(id)
	if err != nil {
		return err
	}
	var lo, hi []byte
	if !q.Since.IsZero() {
		lo = eventKey(q.Since, 0)
	}
	if !q.Until.IsZero() {
		hi = eventKey(q.Until, 0)
	}
	chunk := make([]timeline.Event, 0, eachChunk)
	first := true
	// The first chunks are small, so the first events reach fn at once.
	size := 256
	for {
		chunk = chunk[:0]
		more := false
		err := s.view(ctx, func(tx *bolt.Tx) error {
			if first && tx.Bucket(bucketIncidents).Get(u64(number)) == nil {
				return &missingError{number}
			}
			b := tx.Bucket(bucketEvents).Bucket(u64(number))
			if b == nil {
				return nil
			}
			c := b.Cursor()
			if first && q.Last > 0 {
				lo = lastStart(c, lo, hi, q.Last)
				if lo == nil {
					return nil
				}
			}
			var k, v []byte
			switch {
			case first && lo == nil:
				k, v = c.First()
			case first:
				k, v = c.Seek(lo)
			default:
				// lo is the last key read: resume after it.
				if k, v = c.Seek(lo); k != nil && bytes.Equal(k, lo) {
					k, v = c.Next()
				}
			}
			for ; k != nil && (hi == nil || bytes.Compare(k, hi) < 0); k, v = c.Next() {
				if len(chunk) == size {
					more = true
					return nil
				}
				e, err := decodeEvent(v)
				if err != nil {
					return err
				}
				chunk = append(chunk, e)
				lo = append(lo[:0], k...)
			}
			return nil
		})
		if err != nil {
			return err
		}
		first = false
		size = min(2*size, eachChunk)
		for _, e := range chunk {
			if err := fn(e); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// lastStart returns the key of the first of the last n events before hi
// and at or after lo (nil bounds: open), or nil when there are none.
func lastStart(c *bolt.Cursor, lo, hi []byte, n int) []byte {
	var k []byte
	if hi != nil {
		if k, _ = c.Seek(hi); k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
	} else {
		k, _ = c.Last()
	}
	var start []byte
	for i := 0; k != nil && i < n && (lo == nil || bytes.Compare(k, lo) >= 0); i++ {
		start = k
		k, _ = c.Prev()
	}
	if start == nil {
		return nil
	}
	return append([]byte(nil), start...)
}

// Event returns one event by ID; ErrNoEvent if none has it.
func (s *Store) Event(ctx context.Context, id string) (timeline.Event, error) {
	var e timeline.Event
	err := s.view(ctx, func(tx *bolt.Tx) error {
		loc := tx.Bucket(bucketIDs).Get(idKey(id))
		if loc == nil {
			return fmt.Errorf("%w: %s", ErrNoEvent, id)
		}
		v, err := locate(tx.Bucket(bucketEvents), loc, 0)
		if err != nil {
			return fmt.Errorf("event %s: %w", id, err)
		}
		e, err = decodeEvent(v)
		return err
	})
	return e, err
}

// Head returns the change counter: the number of the last change stored.
func (s *Store) Head(ctx context.Context) (uint64, error) {
	var head uint64
	err := s.view(ctx, func(tx *bolt.Tx) error {
		head = tx.Bucket(bucketChanges).Sequence()
		return nil
	})
	return head, err
}

// Changes returns the events stored or updated after change number since,
// in the order they were stored, for one incident or (id "") all, up to
// limit of them (0: no limit), and the change number to pass next time.
// An event updated twice after since appears once, as it is now.
func (s *Store) Changes(ctx context.Context, since uint64, id string, limit int) ([]timeline.Event, uint64, error) {
	var want uint64
	if id != "" {
		n, err := ParseID(id)
		if err != nil {
			return nil, since, err
		}
		want = n
	}
	var out []timeline.Event
	next := since
	err := s.view(ctx, func(tx *bolt.Tx) error {
		events := tx.Bucket(bucketEvents)
		c := tx.Bucket(bucketChanges).Cursor()
		index := map[string]int{}
		for k, loc := c.Seek(u64(since + 1)); k != nil; k, loc = c.Next() {
			if limit > 0 && len(out) >= limit {
				break
			}
			next = binary.BigEndian.Uint64(k)
			number, key, ok := splitLocation(loc, next)
			if !ok {
				return fmt.Errorf("change %d: %w", next, errCorruptIndex)
			}
			if want != 0 && number != want {
				continue
			}
			e, err := decodeEvent(events.Bucket(u64(number)).Get(key))
			if err != nil {
				return err
			}
			if i, ok := index[e.ID]; ok {
				out[i] = e
				continue
			}
			index[e.ID] = len(out)
			out = append(out, e)
		}
		return nil
	})
	return out, next, err
}

// Cursor returns a source's stored sync cursor for an incident, or nil.
func (s *Store) Cursor(ctx context.Context, key CursorKey) ([]byte, error) {
	var out []byte
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketCursors).Get(key.bytes()); v != nil {
			out = append([]byte(nil), v...)
		}
		return nil
	})
	return out, err
}

// Cached returns the cache entries whose keys start with prefix.
func (s *Store) Cached(ctx context.Context, prefix string) (map[string]string, error) {
	out := map[string]string{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketCache).Cursor()
		p := []byte(prefix)
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			out[string(k)] = string(v)
		}
		return nil
	})
	return out, err
}

// HasRef reports whether an event with this Ref is stored.
func (s *Store) HasRef(ctx context.Context, ref string) (bool, error) {
	found := false
	err := s.view(ctx, func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketRefs).Get([]byte(ref)) != nil
		return nil
	})
	return found, err
}

// IsNotFound reports whether err means an unknown incident.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
