package incident

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Windowed reads: a reader that shows part of a long timeline (the TUI)
// holds keys, not events. It reads the events around what it shows by key,
// finds what a filter or a search selects with a scan that returns keys,
// and follows changes with their keys, so a million-event incident costs
// it 16 bytes an event rather than the events themselves. Every read is a
// short transaction: scans read a chunk per transaction and release the
// lock between chunks, so writers never wait long behind them.

// EventKey is where an event sits in its incident's timeline: its time in
// Unix nanoseconds and its store sequence, both big-endian, so keys sort
// in timeline order. The zero key is before every event; LastKey is after
// every event.
type EventKey [16]byte

// LastKey sorts after every event's key.
var LastKey = EventKey{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// At is the event time the key holds.
func (k EventKey) At() time.Time {
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))).UTC()
}

// Compare orders keys as the timeline does: -1, 0 or +1.
func (k EventKey) Compare(o EventKey) int { return bytes.Compare(k[:], o[:]) }

// KeyedEvent is an event with its key.
type KeyedEvent struct {
	Key   EventKey
	Event timeline.Event
}

func keyOf(b []byte) EventKey {
	var k EventKey
	copy(k[:], b)
	return k
}

// eventsBucket returns an incident's events bucket, nil when it has none
// yet, or ErrNotFound.
func eventsBucket(tx *bolt.Tx, number uint64) (*bolt.Bucket, error) {
	if tx.Bucket(bucketIncidents).Get(u64(number)) == nil {
		return nil, &missingError{number}
	}
	return tx.Bucket(bucketEvents).Bucket(u64(number)), nil
}

// Window returns, in timeline order, up to before events whose keys are
// below at and up to after events at or above it: Window(id, LastKey, n, 0)
// is the newest n, Window(id, EventKey{}, 0, n) the oldest n.
func (s *Store) Window(ctx context.Context, id string, at EventKey, before, after int) ([]KeyedEvent, error) {
	number, err := ParseID(id)
	if err != nil {
		return nil, err
	}
	var out []KeyedEvent
	err = s.view(ctx, func(tx *bolt.Tx) error {
		b, err := eventsBucket(tx, number)
		if b == nil {
			return err
		}
		c := b.Cursor()
		var older []KeyedEvent
		k, v := c.Seek(at[:])
		if before > 0 {
			pk, pv := c.Prev()
			if k == nil {
				pk, pv = c.Last()
			}
			for ; pk != nil && len(older) < before; pk, pv = c.Prev() {
				e, err := decodeEvent(pv)
				if err != nil {
					return err
				}
				older = append(older, KeyedEvent{Key: keyOf(pk), Event: e})
			}
			k, v = c.Seek(at[:])
		}
		out = make([]KeyedEvent, 0, len(older)+after)
		for i := len(older) - 1; i >= 0; i-- {
			out = append(out, older[i])
		}
		for n := 0; k != nil && n < after; k, v = c.Next() {
			e, err := decodeEvent(v)
			if err != nil {
				return err
			}
			out = append(out, KeyedEvent{Key: keyOf(k), Event: e})
			n++
		}
		return nil
	})
	return out, err
}

// EventsAt returns the events stored at keys, in the order of keys; keys
// with no event are skipped.
func (s *Store) EventsAt(ctx context.Context, id string, keys []EventKey) ([]KeyedEvent, error) {
	number, err := ParseID(id)
	if err != nil {
		return nil, err
	}
	out := make([]KeyedEvent, 0, len(keys))
	err = s.view(ctx, func(tx *bolt.Tx) error {
		b, err := eventsBucket(tx, number)
		if b == nil {
			return err
		}
		for _, k := range keys {
			v := b.Get(k[:])
			if v == nil {
				continue
			}
			e, err := decodeEvent(v)
			if err != nil {
				return err
			}
			out = append(out, KeyedEvent{Key: k, Event: e})
		}
		return nil
	})
	return out, err
}

// scanChunk is how many events Scan decodes per read transaction: a few
// milliseconds' work, after which the lock is released for writers.
const scanChunk = 8192

// ScanQuery says what a scan selects. Keep and Match see each event only
// during the call: its strings share the store's memory, so they must not
// keep them.
type ScanQuery struct {
	SizeHint int // the incident's event count, if known, to size the result
	// Keep selects the rows. It sees no attributes: a filter is on
	// source, kind and ID.
	Keep func(timeline.Event) bool
	// Match, if set, selects among the rows kept (a search). It sees the
	// attributes of the kinds MatchAttrs names, of every kind when
	// MatchAttrs is nil: decoding them is most of a scan's cost.
	Match      func(timeline.Event) bool
	MatchAttrs func(timeline.Kind) bool
}

// ScanResult is what Scan found.
type ScanResult struct {
	Keys    []EventKey // the keys of the events Keep accepted, in timeline order
	Matches []EventKey // the keys of those Match also accepted
	Seen    int        // events looked at
}

// Scan walks an incident's events in timeline order and returns the keys
// of those q.Keep accepts, and of those among them that q.Match accepts
// too. It reads scanChunk events per read transaction; events stored
// after it passed their place are not included (a follower gets them from
// ChangesKeyed). A cancelled ctx stops it between chunks.
func (s *Store) Scan(ctx context.Context, id string, q ScanQuery) (ScanResult, error) {
	number, err := ParseID(id)
	if err != nil {
		return ScanResult{}, err
	}
	res := ScanResult{Keys: make([]EventKey, 0, max(q.SizeHint, 0))}
	var from EventKey
	first := true
	var scratch peekScratch
	for {
		more := false
		err := s.view(ctx, func(tx *bolt.Tx) error {
			b, err := eventsBucket(tx, number)
			if b == nil {
				return err
			}
			c := b.Cursor()
			k, v := c.Seek(from[:])
			if !first && k != nil && bytes.Equal(k, from[:]) {
				k, v = c.Next() // from was the last key read
			}
			for n := 0; k != nil; k, v = c.Next() {
				if n == scanChunk {
					more = true
					return nil
				}
				e, err := peekEvent(v, &scratch, false)
				if err != nil {
					return err
				}
				n++
				res.Seen++
				from = keyOf(k)
				if !q.Keep(e) {
					continue
				}
				res.Keys = append(res.Keys, from)
				if q.Match == nil {
					continue
				}
				if q.MatchAttrs == nil || q.MatchAttrs(e.Kind) {
					if e, err = peekEvent(v, &scratch, true); err != nil {
						return err
					}
				}
				if q.Match(e) {
					res.Matches = append(res.Matches, from)
				}
			}
			return nil
		})
		if err != nil || !more {
			return res, err
		}
		first = false
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
}

// ChangesKeyed is Changes with each event's key: the events of one
// incident stored or updated after change number since, up to limit of
// them (0: no limit), in the order they were stored, and the change number
// to pass next time. An event updated twice appears once, as it is now.
func (s *Store) ChangesKeyed(ctx context.Context, since uint64, id string, limit int) ([]KeyedEvent, uint64, error) {
	want, err := ParseID(id)
	if err != nil {
		return nil, since, err
	}
	var out []KeyedEvent
	next := since
	err = s.view(ctx, func(tx *bolt.Tx) error {
		events := tx.Bucket(bucketEvents)
		c := tx.Bucket(bucketChanges).Cursor()
		index := map[EventKey]int{}
		for k, loc := c.Seek(u64(since + 1)); k != nil; k, loc = c.Next() {
			if limit > 0 && len(out) >= limit {
				break
			}
			next = binary.BigEndian.Uint64(k)
			number, key, ok := splitLocation(loc, next)
			if !ok {
				return fmt.Errorf("change %d: %w", next, errCorruptIndex)
			}
			if number != want {
				continue
			}
			e, err := decodeEvent(events.Bucket(u64(number)).Get(key))
			if err != nil {
				return err
			}
			ek := keyOf(key)
			if i, ok := index[ek]; ok {
				out[i].Event = e
				continue
			}
			index[ek] = len(out)
			out = append(out, KeyedEvent{Key: ek, Event: e})
		}
		return nil
	})
	return out, next, err
}
