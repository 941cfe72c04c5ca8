package incident

import (
	"encoding/binary"
	"time"
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

// location is where an event lives: its incident number and event key.
func location(number uint64, key []byte) []byte {
	b := make([]byte, 0, 24)
	b = append(b, u64(number)...)
	return append(b, key...)
}

func splitLocation(loc []byte) (number uint64, key []byte) {
	return binary.BigEndian.Uint64(loc[:8]), loc[8:24]
}
