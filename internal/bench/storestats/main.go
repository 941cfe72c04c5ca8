// Command storestats prints, for a sitrep store file, the bytes per event
// and how each bucket's pages are used, for the store-size benchmark.
//
//	storestats sitrep.db
package main

import (
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: storestats FILE")
		os.Exit(2)
	}
	db, err := bolt.Open(os.Args[1], 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "storestats:", err)
		os.Exit(1)
	}
	defer db.Close()
	fi, err := os.Stat(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "storestats:", err)
		os.Exit(1)
	}
	err = db.View(func(tx *bolt.Tx) error {
		events := 0
		fmt.Printf("%-10s %10s %12s %12s %8s %12s\n", "bucket", "keys", "leaf alloc", "leaf used", "fill", "branch alloc")
		var alloc int
		err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			st := b.Stats()
			if string(name) == "events" {
				events = st.KeyN - st.BucketN + 1
			}
			fill := 0.0
			if st.LeafAlloc > 0 {
				fill = float64(st.LeafInuse) / float64(st.LeafAlloc)
			}
			alloc += st.LeafAlloc + st.BranchAlloc
			fmt.Printf("%-10s %10d %12d %12d %7.0f%% %12d\n", name, st.KeyN, st.LeafAlloc, st.LeafInuse, 100*fill, st.BranchAlloc)
			return nil
		})
		if err != nil {
			return err
		}
		free := db.Stats().FreePageN
		fmt.Printf("file %d bytes; pages in buckets %d bytes; free pages %d (%d bytes)\n", fi.Size(), alloc, free, free*db.Info().PageSize)
		if events > 0 {
			fmt.Printf("%d events: %.0f bytes per event on disk\n", events, float64(fi.Size())/float64(events))
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "storestats:", err)
		os.Exit(1)
	}
}
