// Command boltput is the bbolt floor for `sitrep note`: a minimal program
// that opens a bbolt file, puts one key in one bucket (one transaction,
// fsynced on commit) and closes it. The key is the time in nanoseconds,
// so keys append as sitrep's event keys do.
//
//	boltput FILE TEXT...          the floor: one put, one transaction
//	boltput -prefill N FILE       fills FILE with N keys first (300-byte values)
package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

func main() {
	if len(os.Args) == 4 && os.Args[1] == "-prefill" {
		n, err := strconv.Atoi(os.Args[2])
		if err == nil {
			err = prefill(os.Args[3], n)
		}
		if err != nil {
			os.Stderr.WriteString("boltput: " + err.Error() + "\n")
			os.Exit(1)
		}
		return
	}
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

func prefill(path string, n int) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer db.Close()
	value := bytes.Repeat([]byte("x"), 300)
	base := uint64(time.Now().Add(-time.Duration(n) * time.Millisecond).UnixNano())
	for i := 0; i < n; i += 10_000 {
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("events"))
			if err != nil {
				return err
			}
			b.FillPercent = 0.9
			for j := i; j < min(i+10_000, n); j++ {
				if err := b.Put(binary.BigEndian.AppendUint64(nil, base+uint64(j)*1e6), value); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return db.Sync()
}
