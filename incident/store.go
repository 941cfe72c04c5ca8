package incident

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DefaultLockTimeout is how long an operation waits for the store's lock.
const DefaultLockTimeout = 5 * time.Second

var (
	// ErrLocked means the store's lock could not be had in time.
	ErrLocked = errors.New("the store is busy: another sitrep process held its lock too long")
	// ErrNotFound means no incident has the given ID.
	ErrNotFound = errors.New("no such incident")
	// ErrNewerSchema means the file was written by a newer sitrep.
	ErrNewerSchema = errors.New("the store was written by a newer sitrep")
	// ErrNoEvent means no stored event has the given ID.
	ErrNoEvent = errors.New("no such event")
	// ErrNotAStore means the file exists but is not a sitrep store.
	ErrNotAStore = errors.New("not a sitrep store")
)

// Options configure a Store.
type Options struct {
	LockTimeout time.Duration    // default DefaultLockTimeout
	Now         func() time.Time // default time.Now
	// Team turns on team mode (outbox.go); nil for a single machine.
	Team *TeamHooks
}

// Store is the incident store at one path. It holds nothing open between
// calls; it is safe for concurrent use by goroutines and processes.
type Store struct {
	path        string
	lockTimeout time.Duration
	now         func() time.Time
	team        teamState
}

// New returns the store at path. It does no I/O: the file and its 0700
// directory are created by the first write.
func New(path string, opts Options) *Store {
	s := &Store{path: path, lockTimeout: opts.LockTimeout, now: opts.Now}
	if s.lockTimeout <= 0 {
		s.lockTimeout = DefaultLockTimeout
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.team.hooks = opts.Team
	return s
}

// Path is the store file's path.
func (s *Store) Path() string { return s.path }

func (s *Store) lockPath() string   { return s.path + ".lock" }
func (s *Store) spoolDir() string   { return s.path + ".spool" }
func (s *Store) activePath() string { return s.path + ".active" }

// commit runs fn in one write transaction: lock, open, migrate, drain the
// spool, fn, commit (fsync), close, unlock. Callers use update (outbox.go),
// which adds what team mode does after the commit.
func (s *Store) commit(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.ensureDir(); err != nil {
		return err
	}
	lock, err := lockFile(s.lockPath(), true, s.lockTimeout)
	if err != nil {
		return err
	}
	defer lock.unlock()
	created := false
	if _, err := os.Stat(s.path); errors.Is(err, fs.ErrNotExist) {
		created = true
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout})
	if err != nil {
		return s.openError(err)
	}
	defer db.Close()
	if created {
		if err := syncDir(filepath.Dir(s.path)); err != nil {
			return err
		}
	}
	spooled, err := s.readSpool()
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrate(tx); err != nil {
			return err
		}
		if err := s.drainTx(tx, spooled); err != nil {
			return err
		}
		return fn(tx)
	})
	if err != nil {
		return err
	}
	return spooled.remove(s.spoolDir())
}

// read runs fn in one read transaction under a shared lock. A store that
// does not exist yet reads as empty. Callers use view (outbox.go).
func (s *Store) read(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := os.Stat(s.path); errors.Is(err, fs.ErrNotExist) {
		return s.viewEmpty(fn)
	}
	// Spooled notes are moved in by the next command of any kind, so a
	// reader sees them; if the store is still busy, read without them.
	if s.hasSpooled() {
		if err := s.Drain(ctx); err != nil && !errors.Is(err, ErrLocked) {
			return err
		}
	}
	lock, err := lockFile(s.lockPath(), false, s.lockTimeout)
	if err != nil {
		return err
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout, ReadOnly: true})
	if err != nil {
		lock.unlock()
		return s.openError(err)
	}
	needsMigration := false
	err = db.View(func(tx *bolt.Tx) error {
		v, err := schemaOf(tx)
		if err != nil {
			return err
		}
		if v < schemaVersion {
			needsMigration = true
			return nil
		}
		return fn(tx)
	})
	db.Close()
	lock.unlock()
	if needsMigration && err == nil {
		// An older file: migrate it once under the write lock, then read.
		if err := s.update(ctx, func(*bolt.Tx) error { return nil }); err != nil {
			return err
		}
		return s.view(ctx, fn)
	}
	return err
}

// viewEmpty runs fn against an empty in-memory layout, so readers of a
// store that was never written see no incidents rather than an error.
func (s *Store) viewEmpty(fn func(tx *bolt.Tx) error) error {
	dir, err := os.MkdirTemp("", "sitrep-empty-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := bolt.Open(filepath.Join(dir, "empty.db"), 0o600, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.Begin(true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := migrate(tx); err != nil {
		return err
	}
	return fn(tx)
}

func (s *Store) openError(err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return ErrLocked
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return fmt.Errorf("%s: %w (%v)", s.path, ErrNotAStore, err)
	}
	return fmt.Errorf("opening %s: %w", s.path, err)
}

func (s *Store) ensureDir() error {
	dir := filepath.Dir(s.path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("creating the store's directory: %w", err)
		}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

var (
	entropyMu sync.Mutex
	entropy   = ulid.Monotonic(rand.Reader, 0)
)

// newID returns a new event ID: a ULID, which sorts by creation time.
func newID(t time.Time) string {
	entropyMu.Lock()
	defer entropyMu.Unlock()
	return ulid.MustNew(ulid.Timestamp(t), entropy).String()
}

// Check runs bbolt's consistency check over the whole file.
func (s *Store) Check(ctx context.Context) error {
	return s.view(ctx, func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
}

// SetActive records the incident that commands without an ID act on. It
// lives in a small file beside the store, so a command can find it even
// while another process holds the store's lock.
func (s *Store) SetActive(id string) error {
	if err := s.ensureDir(); err != nil {
		return err
	}
	return writeFileAtomic(s.activePath(), []byte(id+"\n"))
}

// Active returns the active incident's ID, or "" if none was chosen.
func (s *Store) Active() (string, error) {
	b, err := os.ReadFile(s.activePath())
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	n, err := ParseID(string(b))
	if err != nil {
		return "", nil
	}
	return FormatID(n), nil
}

// writeFileAtomic writes via a temporary file, fsync and rename, then
// fsyncs the directory, so the file is either old or new and on disk.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}
