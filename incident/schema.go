package incident

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// schemaVersion is the layout this binary writes. Raise it only by
// appending a migration.
const schemaVersion = 5

// migration moves a file from schema To-1 to To, inside the caller's
// write transaction.
type migration struct {
	To   uint64
	Name string
	Run  func(tx *bolt.Tx) error
}

// migrations in order; migrations[i].To == i+1.
var migrations = []migration{
	{1, "create the bucket tree", func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketIncidents, bucketEvents, bucketChanges, bucketIDs, bucketRefs, bucketCursors, bucketCache} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
	{2, "settings, review stamps and sync health out of the cache into their own buckets", moveTypedState},
	{3, "a queue of notes to post to integrations", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketPosts)
		return err
	}},
	// Nothing to rewrite: version 1 records still decode. The number only
	// makes an older sitrep refuse a file it could not read.
	{4, "events written in the compact codec (codec.go, version 2)", func(*bolt.Tx) error { return nil }},
	{5, "packed indexes: event IDs as binary ULIDs, locations as varints (buckets.go)", packIndexes},
}

// schemaOf reads the file's schema version; 0 for a file never migrated.
func schemaOf(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchema)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("%w: unreadable schema version", ErrNotAStore)
	}
	n := binary.BigEndian.Uint64(v)
	if n > schemaVersion {
		return n, fmt.Errorf("%w (schema %d; this binary knows up to %d): upgrade sitrep to open it", ErrNewerSchema, n, schemaVersion)
	}
	return n, nil
}

// migrate brings the file to schemaVersion, each step in order.
func migrate(tx *bolt.Tx) error {
	return migrateTo(tx, schemaVersion)
}

func migrateTo(tx *bolt.Tx, target uint64) error {
	v, err := schemaOf(tx)
	if err != nil {
		return err
	}
	for _, m := range migrations {
		if m.To <= v || m.To > target {
			continue
		}
		if err := m.Run(tx); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.To, m.Name, err)
		}
		if err := tx.Bucket(bucketMeta).Put(keySchema, u64(m.To)); err != nil {
			return err
		}
	}
	return nil
}
