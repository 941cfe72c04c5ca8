package incident

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Migration 5 packs the ids, changes and refs buckets: from the layout of
// schema 4 (text event IDs; 24-byte locations of three 8-byte integers:
// number, time, sequence) into today's (idKey, location in buckets.go).
//
// A small file is packed inside the migrating transaction (packIndexes).
// A larger one would hold every index entry of the file in memory until
// that transaction commits (about 900 MB for a million events), so it is
// packed in a copy instead (packStaged): under the store's write lock, the
// whole file is written into a new file in transactions of bounded size,
// the indexes converted on the way, then fsynced and renamed over the
// store; a crash leaves the old file, migrated again next time.
const packedSchema = 5

var (
	// stagedPackSize is the file size above which migration 5 is staged.
	stagedPackSize int64 = 32 << 20
	// stagedPackTx bounds the key and value bytes of one transaction of a
	// staged pack.
	stagedPackTx = 8 << 20
)

// errStagedPack is packIndexes declining a large file; commit then runs
// packStaged and tries again.
var errStagedPack = errors.New("the store's indexes are packed in a copy")

// packIndexes is migration 5 inside tx. Each bucket is converted into a
// scratch bucket by a cursor over the old one, then the old one is
// deleted and made again from the scratch copy, in key order: a Put never
// goes into the bucket a cursor is reading. (bbolt's MoveBucket would
// save the second copy, but it moves a bucket as its parent stores it,
// without what this transaction wrote into it.)
func packIndexes(tx *bolt.Tx) error {
	if stagedPack(tx) {
		return errStagedPack
	}
	scratch, err := tx.CreateBucket([]byte("migrating"))
	if err != nil {
		return err
	}
	copyInto := func(dst, src *bolt.Bucket, convert func(k, v []byte) (nk, nv []byte, err error)) error {
		dst.FillPercent = 1 // written in key order, mostly
		c := src.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			nk, nv, err := convert(k, v)
			if err != nil {
				return err
			}
			if err := dst.Put(nk, nv); err != nil {
				return err
			}
		}
		return dst.SetSequence(src.Sequence())
	}
	same := func(k, v []byte) ([]byte, []byte, error) { return k, slices.Clone(v), nil }
	for _, name := range [][]byte{bucketIDs, bucketChanges, bucketRefs} {
		old := tx.Bucket(name)
		if old == nil {
			return fmt.Errorf("bucket %q is missing", name)
		}
		converted, err := scratch.CreateBucket(name)
		if err != nil {
			return err
		}
		if err := copyInto(converted, old, packer(name)); err != nil {
			return err
		}
		if err := tx.DeleteBucket(name); err != nil {
			return err
		}
		fresh, err := tx.CreateBucket(name)
		if err != nil {
			return err
		}
		if err := copyInto(fresh, converted, same); err != nil {
			return err
		}
		if err := scratch.DeleteBucket(name); err != nil {
			return err
		}
	}
	return tx.DeleteBucket([]byte("migrating"))
}

// packer converts one schema 4 entry of the ids, changes or refs bucket
// into today's form; for any other bucket it is nil.
func packer(bucket []byte) func(k, v []byte) ([]byte, []byte, error) {
	old := func(what string, k, v []byte) (uint64, []byte, error) {
		if len(v) != 24 {
			return 0, nil, fmt.Errorf("%s %q: %w", what, k, errCorruptIndex)
		}
		return binary.BigEndian.Uint64(v[:8]), v[8:24], nil
	}
	switch {
	case bytes.Equal(bucket, bucketIDs):
		return func(k, v []byte) ([]byte, []byte, error) {
			number, key, err := old("ids: event", k, v)
			if err != nil {
				return nil, nil, err
			}
			return idKey(string(k)), location(number, key, 0), nil
		}
	case bytes.Equal(bucket, bucketChanges):
		return func(k, v []byte) ([]byte, []byte, error) {
			number, key, err := old("changes: change", k, v)
			if err == nil && len(k) != 8 {
				err = fmt.Errorf("changes: key %x: %w", k, errCorruptIndex)
			}
			if err != nil {
				return nil, nil, err
			}
			return k, location(number, key, binary.BigEndian.Uint64(k)), nil
		}
	case bytes.Equal(bucket, bucketRefs):
		return func(k, v []byte) ([]byte, []byte, error) {
			return k, idKey(string(v)), nil
		}
	}
	return nil
}

// stagedPack reports whether tx's file is large, with index entries to
// pack: migration 5 is then staged.
func stagedPack(tx *bolt.Tx) bool {
	if tx.Size() <= stagedPackSize || tx.Bucket(bucketIDs) == nil {
		return false
	}
	k, _ := tx.Bucket(bucketIDs).Cursor().First()
	return k != nil
}

// packIfStaged runs packStaged on a large file of an older schema; the
// caller holds the write lock. A large import calls it before it copies
// the store: the copy's own migration then has nothing to pack.
func (s *Store) packIfStaged() error {
	staged := false
	err := s.guarded(func() error {
		db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout, ReadOnly: true, OpenFile: openBolt})
		if err != nil {
			return s.openError(err)
		}
		defer closeQuietly(db)
		return db.View(func(tx *bolt.Tx) error {
			v, err := schemaOf(tx)
			staged = v > 0 && v < packedSchema && stagedPack(tx)
			return err
		})
	})
	if err != nil || !staged {
		return err
	}
	return s.packStaged()
}

// packStaged brings a large file to schema 5; the caller holds the write
// lock. The migrations before 5 run in place first (they are small).
func (s *Store) packStaged() error {
	// Seconds for a large store, once: say why the command waits.
	s.warn(fmt.Sprintf("packing %s's indexes for this version of sitrep, once; a large store takes a few seconds", s.path))
	err := s.guarded(func() error {
		db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout, OpenFile: openBolt})
		if err != nil {
			return s.openError(err)
		}
		defer closeQuietly(db)
		return db.Update(func(tx *bolt.Tx) error { return migrateTo(tx, packedSchema-1) })
	})
	if err != nil {
		return err
	}
	tmp := s.path + ".migrate"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	published := false
	defer func() {
		if !published {
			os.Remove(tmp)
		}
	}()
	if err := s.guarded(func() error { return s.packInto(tmp) }); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	published = true
	return syncDir(filepath.Dir(s.path))
}

// packInto writes the store (at schema 4) into a new file at dst, with
// its indexes packed and its schema 5, in transactions of at most
// stagedPackTx bytes, and fsyncs it. Pages are filled as they are written,
// so the copy holds no free pages.
func (s *Store) packInto(dst string) error {
	src, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout, ReadOnly: true, OpenFile: openBolt})
	if err != nil {
		return s.openError(err)
	}
	defer closeQuietly(src)
	fi, err := os.Stat(s.path)
	if err != nil {
		return err
	}
	out, err := bolt.Open(dst, 0o600, &bolt.Options{
		OpenFile:        openBolt,
		NoSync:          true, // one fsync of the whole file, before it is published
		NoGrowSync:      true,
		InitialMmapSize: int(min(fi.Size(), 1<<34)),
		FreelistType:    bolt.FreelistMapType,
	})
	if err != nil {
		return err
	}
	defer closeQuietly(out)
	tx, err := out.Begin(true)
	if err != nil {
		return err
	}
	defer func() { tx.Rollback() }()
	size := 0
	// bucket opens the bucket at path in the current transaction.
	bucket := func(path [][]byte) *bolt.Bucket {
		b := tx.Bucket(path[0])
		for _, name := range path[1:] {
			b = b.Bucket(name)
		}
		return b
	}
	var walk func(b *bolt.Bucket, path [][]byte, convert func(k, v []byte) ([]byte, []byte, error)) error
	walk = func(b *bolt.Bucket, path [][]byte, convert func(k, v []byte) ([]byte, []byte, error)) error {
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if size += len(k) + len(v); size > stagedPackTx {
				if err := tx.Commit(); err != nil {
					return err
				}
				if tx, err = out.Begin(true); err != nil {
					return err
				}
				size = 0
			}
			parent := bucket(path)
			parent.FillPercent = 1
			if v == nil { // a nested bucket
				child, err := parent.CreateBucket(k)
				if err != nil {
					return err
				}
				nested := b.Bucket(k)
				if err := child.SetSequence(nested.Sequence()); err != nil {
					return err
				}
				if err := walk(nested, append(slices.Clone(path), k), nil); err != nil {
					return err
				}
				continue
			}
			if convert != nil {
				if k, v, err = convert(k, v); err != nil {
					return err
				}
			}
			if len(path) == 1 && bytes.Equal(path[0], bucketMeta) && bytes.Equal(k, keySchema) {
				v = u64(packedSchema)
			}
			if err := parent.Put(k, v); err != nil {
				return err
			}
		}
		return nil
	}
	err = src.View(func(stx *bolt.Tx) error {
		if v, err := schemaOf(stx); err != nil || v != packedSchema-1 {
			return fmt.Errorf("packing the indexes of a file at schema %d: %v", v, err)
		}
		return stx.ForEach(func(name []byte, b *bolt.Bucket) error {
			root, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			if err := root.SetSequence(b.Sequence()); err != nil {
				return err
			}
			return walk(b, [][]byte{slices.Clone(name)}, packer(name))
		})
	})
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if err := out.Sync(); err != nil {
		return err
	}
	return out.Close()
}
