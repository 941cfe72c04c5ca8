// Command boltput is the bbolt floor for `sitrep note`: a minimal program
// that opens a bbolt file, puts one key in one bucket (one transaction,
// fsynced on commit) and closes it. The key is the time in nanoseconds,
// so keys append as sitrep's event keys do.
package main

import (
	"encoding/binary"
	"os"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

func main() {
	if len(os.Args) < 3 {
		os.Stderr.WriteString("usage: boltput FILE TEXT...\n")
		os.Exit(2)
	}
	db, err := bolt.Open(os.Args[1], 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		os.Stderr.WriteString("boltput: " + err.Error() + "\n")
		os.Exit(1)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("events"))
		if err != nil {
			return err
		}
		b.FillPercent = 0.9
		k := binary.BigEndian.AppendUint64(nil, uint64(time.Now().UnixNano()))
		return b.Put(k, []byte(strings.Join(os.Args[2:], " ")))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Stderr.WriteString("boltput: " + err.Error() + "\n")
		os.Exit(1)
	}
}
