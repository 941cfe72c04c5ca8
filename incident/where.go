package incident

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// RefHomes counts, per incident ID, the distinct stored events that hold
// any of refs: where the events an import skipped as already present live.
func (s *Store) RefHomes(ctx context.Context, refs []string) (map[string]int, error) {
	homes := map[string]int{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		byRef, byID := tx.Bucket(bucketRefs), tx.Bucket(bucketIDs)
		seen := map[string]bool{}
		for _, ref := range refs {
			id := byRef.Get([]byte(ref))
			if id == nil || seen[string(id)] {
				continue
			}
			seen[string(id)] = true
			if loc := byID.Get(id); loc != nil {
				if number, _, ok := splitLocation(loc, 0); ok {
					homes[FormatID(number)]++
				}
			}
		}
		return nil
	})
	return homes, err
}

// Schema returns the file's schema version and the one this binary
// writes; a file behind is migrated by the next write. An empty or new
// file is 0.
func (s *Store) Schema(ctx context.Context) (file, current uint64, err error) {
	err = s.read(ctx, func(tx *bolt.Tx) error {
		file, err = schemaOf(tx)
		return err
	})
	return file, schemaVersion, err
}
