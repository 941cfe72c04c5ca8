package incident

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
)

// Bucket names and meta keys, declared once. The tree is drawn in doc.go.
var (
	bucketMeta      = []byte("meta")
	bucketIncidents = []byte("incidents")
	bucketEvents    = []byte("events")
	bucketChanges   = []byte("changes")
	bucketIDs       = []byte("ids")
	bucketRefs      = []byte("refs")
	bucketCursors   = []byte("cursors")
	bucketCache     = []byte("cache")
	bucketSettings  = []byte("settings")
	bucketReviews   = []byte("reviews")
	bucketHealth    = []byte("health")
	bucketPosts     = []byte("posts")
	bucketOutbox    = []byte("outbox") // team mode only; created by the first write
	bucketTeam      = []byte("team")   // team mode only; created by the first Receive

	keySchema    = []byte("schema")
	keyStreamSeq = []byte("stream_seq") // in team/

)

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

// timeKey encodes a time for sorting: Unix nanoseconds, clamped at zero.
func timeKey(t time.Time) uint64 {
	n := t.UnixNano()
	if n < 0 {
		return 0
	}
	return uint64(n)
}

// eventKey is the key of an event inside its incident's bucket.
func eventKey(at time.Time, seq uint64) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint64(b, timeKey(at))
	binary.BigEndian.PutUint64(b[8:], seq)
	return b
}

// location is where an event lives, as the ids and changes buckets hold
// it: the incident number (uvarint), the event key's time (8 bytes,
// big-endian), then the key's sequence (uvarint), left out when it equals
// implied. A change's key is the sequence of the event it stored, except
// for an edit, so changes pass their own number as implied; ids pass 0,
// which no event's sequence is, so theirs always carry it.
func location(number uint64, key []byte, implied uint64) []byte {
	b := make([]byte, 0, 2*binary.MaxVarintLen64+8)
	b = binary.AppendUvarint(b, number)
	b = append(b, key[:8]...)
	if seq := binary.BigEndian.Uint64(key[8:16]); seq != implied || implied == 0 {
		b = binary.AppendUvarint(b, seq)
	}
	return b
}

// errCorruptIndex is an ids or changes entry that is not a location.
var errCorruptIndex = fmt.Errorf("%w (an index entry does not decode)", ErrDamaged)

// splitLocation reads a location written with the same implied sequence;
// ok is false for anything else: short, overlong, or with bytes left over.
func splitLocation(loc []byte, implied uint64) (number uint64, key []byte, ok bool) {
	number, n := binary.Uvarint(loc)
	if n <= 0 || len(loc) < n+8 {
		return 0, nil, false
	}
	key = make([]byte, 16)
	copy(key, loc[n:n+8])
	rest := loc[n+8:]
	seq := implied
	if len(rest) > 0 || implied == 0 {
		var m int
		seq, m = binary.Uvarint(rest)
		if m <= 0 || m != len(rest) {
			return 0, nil, false
		}
	}
	binary.BigEndian.PutUint64(key[8:], seq)
	return number, key, true
}

// locate returns the stored event a location points at.
func locate(events *bolt.Bucket, loc []byte, implied uint64) ([]byte, error) {
	number, key, ok := splitLocation(loc, implied)
	if !ok {
		return nil, errCorruptIndex
	}
	b := events.Bucket(u64(number))
	if b == nil {
		return nil, errCorruptIndex
	}
	v := b.Get(key)
	if v == nil {
		return nil, errCorruptIndex
	}
	return v, nil
}

// idKey is an event ID as the ids bucket's key and the refs bucket's
// value: the 16 bytes of a canonical ULID (the IDs sitrep makes), else the
// ID itself when it is shorter than 16 bytes, else a zero byte and the ID.
// The length alone tells the three apart.
func idKey(id string) []byte {
	if len(id) == ulid.EncodedSize {
		if u, err := ulid.ParseStrict(id); err == nil && u.String() == id {
			return u[:]
		}
	}
	if len(id) < 16 {
		return []byte(id)
	}
	return append([]byte{0}, id...)
}

// idOf is the event ID an idKey holds.
func idOf(k []byte) string {
	switch {
	case len(k) < 16:
		return string(k)
	case len(k) == 16:
		return ulid.ULID(k).String()
	}
	return string(k[1:])
}
