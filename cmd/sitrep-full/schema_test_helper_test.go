package main

import (
	"encoding/binary"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// writeSchema overwrites the schema version recorded in a store file, as a
// newer sitrep would have written it.
func writeSchema(t *testing.T, path string, version uint64) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		v := make([]byte, 8)
		binary.BigEndian.PutUint64(v, version)
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), v)
	})
	if err != nil {
		t.Fatal(err)
	}
}
