package incident

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestTreeProblemsOnALargeTree: a sound file whose branch pages point at
// pages far into it (here past page 1,000 of 512 bytes) has no problems.
// Branch elements are laid out unlike leaf elements (pos, ksize, pgid);
// read as leaf elements, every child page past the first page's length
// looked like an element pointing outside its page.
func TestTreeProblemsOnALargeTree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: 512})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		for i := range 20_000 {
			if err := b.Put(fmt.Appendf(nil, "key %08d", i), make([]byte, 40)); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	m, problem := validateFile(f, st.Size())
	if problem != nil {
		t.Fatal(problem.detail)
	}
	if m.pageSize != 512 || m.pgid < 2000 {
		t.Fatalf("a file of %d pages of %d bytes: too small for the test", m.pgid, m.pageSize)
	}
	if p := treeProblems(f, m, st.Size()); len(p) != 0 {
		t.Errorf("%d problems in a sound file, the first: %s", len(p), p[0])
	}
}
