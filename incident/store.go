package incident

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/sitrep-dev/sitrep/timeline"
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
	// ErrDamaged means the file is a sitrep store that cannot be read
	// safely: a truncated file, a bad page. `sitrep store check` says
	// what is wrong and `sitrep store recover` copies what can be read.
	ErrDamaged = errors.New("the store is damaged")
)

// IsUnstorable reports an error no retry can cure: the events themselves
// cannot be stored (invalid, or a key or value over bbolt's limits). A
// webhook receiver answers such a delivery as done, so the sender stops
// retrying it.
func IsUnstorable(err error) bool {
	return errors.Is(err, berrors.ErrKeyTooLarge) || errors.Is(err, berrors.ErrValueTooLarge) ||
		errors.Is(err, berrors.ErrKeyRequired) || errors.Is(err, timeline.ErrInvalid)
}

// Options configure a Store.
type Options struct {
	LockTimeout time.Duration    // default DefaultLockTimeout
	Now         func() time.Time // default time.Now
	// Warn receives what the store did on its own that the user should
	// know (a store made private, spooled notes set aside); nil drops it.
	Warn func(msg string)
	// Team turns on team mode (outbox.go); nil for a single machine.
	Team *TeamHooks
}

// Store is the incident store at one path. It holds nothing open between
// calls; it is safe for concurrent use by goroutines and processes.
type Store struct {
	path        string
	lockTimeout time.Duration
	now         func() time.Time
	warnf       func(string)
	warnOnce    sync.Once
	team        teamState
}

// New returns the store at path. It does no I/O: the file and its 0700
// directory are created by the first write.
func New(path string, opts Options) *Store {
	s := &Store{path: path, lockTimeout: opts.LockTimeout, now: opts.Now, warnf: opts.Warn}
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
// spool, fn, commit (fsync), close, unlock. A damaged file gives an
// ErrDamaged error, never a crash. Callers use update (outbox.go), which
// adds what team mode does after the commit.
func (s *Store) commit(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.ensureDir(); err != nil {
		return err
	}
	lock, err := s.lock(ctx, true)
	if err != nil {
		return err
	}
	defer lock.unlock()
	state, err := s.inspect(true)
	if err != nil {
		return err
	}
	spooled, err := s.readSpool()
	if err != nil {
		return err
	}
	attempt := func() error {
		db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout, OpenFile: openBolt})
		if err != nil {
			return s.openError(err)
		}
		defer closeQuietly(db)
		if state == fileMissing || state == fileEmpty {
			if err := syncDir(filepath.Dir(s.path)); err != nil {
				return err
			}
		}
		return db.Update(func(tx *bolt.Tx) error {
			if err := s.ours(tx); err != nil {
				return err
			}
			if err := migrate(tx); err != nil {
				return err
			}
			if err := s.drainTx(tx, spooled); err != nil {
				return err
			}
			return fn(tx)
		})
	}
	err = s.guarded(attempt)
	if errors.Is(err, errStagedPack) {
		// A large file's indexes are packed in a copy (pack.go).
		if err = s.packStaged(); err == nil {
			err = s.guarded(attempt)
		}
	}
	if err != nil {
		return err
	}
	return s.removeSpooled(spooled)
}

// read runs fn in one read transaction under a shared lock. A store that
// does not exist yet (or is an empty file) reads as empty. A read never
// writes to the file, except to migrate a sitrep store of an older schema.
// Callers use view (outbox.go).
func (s *Store) read(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := os.Stat(s.path); errors.Is(err, fs.ErrNotExist) {
		return s.viewEmpty(fn)
	}
	// Spooled notes are moved in by the next command of any kind, so a
	// reader sees them; if they cannot be moved in now (a busy or
	// read-only store), the reader goes on without them and the next
	// writer says why.
	if s.hasSpooled() {
		_ = s.Drain(ctx)
	}
	lock, err := s.lock(ctx, false)
	if err != nil {
		return err
	}
	state, err := s.inspect(false)
	if err != nil {
		lock.unlock()
		return err
	}
	if state == fileMissing || state == fileEmpty {
		lock.unlock()
		return s.viewEmpty(fn)
	}
	needsMigration, empty := false, false
	err = s.guarded(func() error {
		db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout, ReadOnly: true, OpenFile: openBolt})
		if err != nil {
			return s.openError(err)
		}
		defer closeQuietly(db)
		return db.View(func(tx *bolt.Tx) error {
			v, err := schemaOf(tx)
			if err != nil {
				return err
			}
			if v == 0 {
				if err := s.ours(tx); err != nil {
					return err
				}
				empty = true // a bbolt file with no buckets yet
				return nil
			}
			if v < schemaVersion {
				needsMigration = true
				return nil
			}
			return fn(tx)
		})
	})
	lock.unlock()
	switch {
	case err != nil:
		return err
	case empty:
		return s.viewEmpty(fn)
	case needsMigration:
		// An older file: migrate it once under the write lock, then read.
		if err := s.update(ctx, func(*bolt.Tx) error { return nil }); err != nil {
			return err
		}
		return s.view(ctx, fn)
	}
	return nil
}

// ours refuses a bbolt file that holds buckets but no sitrep schema:
// another application's data, which sitrep must not add to.
func (s *Store) ours(tx *bolt.Tx) error {
	if v, err := schemaOf(tx); err != nil || v > 0 {
		return err
	}
	if k, _ := tx.Cursor().First(); k != nil {
		return fmt.Errorf("%s: %w (a bbolt file holding other data); sitrep leaves it as it is", s.path, ErrNotAStore)
	}
	return nil
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
	case errors.Is(err, berrors.ErrChecksum):
		return fmt.Errorf("%s: %w (%v)", s.path, ErrDamaged, err)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch):
		return fmt.Errorf("%s: %w (%v)", s.path, ErrNotAStore, err)
	}
	return s.fileError(err)
}

// fileError words an error from opening the store file.
func (s *Store) fileError(err error) error {
	if strings.Contains(err.Error(), s.path) {
		return err // it names the file already
	}
	return fmt.Errorf("opening %s: %w", s.path, err)
}

// The states inspect finds the store file in.
const (
	fileMissing = iota
	fileEmpty
	fileStore
)

// inspect looks at the store file before bbolt maps it: a regular file
// (never a FIFO or device, which would block or lie), and, if not empty,
// meta pages that are valid and pages that fit in the file, so bbolt
// never reads past its end. A writer also checks the freelist, which
// bbolt loads for writing. Group- or world-readable permissions are
// narrowed to 0600, with a warning.
func (s *Store) inspect(write bool) (int, error) {
	f, err := openRegular(s.path, os.O_RDONLY, true)
	if errors.Is(err, fs.ErrNotExist) {
		return fileMissing, nil
	}
	if err != nil {
		return 0, s.fileError(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, s.fileError(err)
	}
	s.narrowMode(f, st)
	if st.Size() == 0 {
		return fileEmpty, nil
	}
	m, problem := validateFile(f, st.Size())
	if problem == nil && write {
		problem = validateFreelist(f, m, st.Size())
	}
	if problem == nil {
		if rootHasSchema(f, m, st.Size()) == "no" {
			return 0, fmt.Errorf("%s: %w (a bbolt file holding other data); sitrep leaves it as it is", s.path, ErrNotAStore)
		}
		return fileStore, nil
	}
	if problem.damaged {
		return 0, fmt.Errorf("%s: %w (%s)", s.path, ErrDamaged, problem.detail)
	}
	return 0, fmt.Errorf("%s: %w (%s)", s.path, ErrNotAStore, problem.detail)
}

// narrowMode makes a store that others can read private (0600), as sitrep
// creates it: it holds incident notes. It warns once, saying what it did.
func (s *Store) narrowMode(f *os.File, st fs.FileInfo) {
	perm := st.Mode().Perm()
	if perm&0o077 == 0 {
		return
	}
	s.warnOnce.Do(func() {
		if err := f.Chmod(perm &^ 0o077); err != nil {
			s.warn(fmt.Sprintf("%s can be read by others (mode %04o); make it private: chmod 600 %s", s.path, perm, s.path))
			return
		}
		s.warn(fmt.Sprintf("%s could be read by others (mode %04o); sitrep made it private (%04o)", s.path, perm, perm&^0o077))
	})
}

func (s *Store) warn(msg string) {
	if s.warnf != nil {
		s.warnf(msg)
	}
}

// guarded runs fn, which reads the store through bbolt, so that a damaged
// file gives an ErrDamaged error rather than a crash: bbolt panics on pages
// it cannot make sense of, and a page pointing outside the file faults on
// the memory map (SIGBUS or SIGSEGV), which SetPanicOnFault turns into a
// panic in this goroutine.
func (s *Store) guarded(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %w (%s)", s.path, ErrDamaged, panicDetail(r))
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return fn()
}

// closeQuietly closes a bbolt handle. After a recovered panic bbolt may
// still hold its own locks, so the close is given a moment and then left
// to finish (or not) on its own; the file descriptor goes with the process.
func closeQuietly(db *bolt.DB) {
	done := make(chan struct{})
	go func() {
		defer func() { recover(); close(done) }()
		debug.SetPanicOnFault(true)
		db.Close()
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
}

// openBolt is how bbolt opens the store: only a regular file.
func openBolt(path string, flag int, perm os.FileMode) (*os.File, error) {
	return openRegularMode(path, flag, perm, true)
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

// SetActive records the incident that commands without an ID act on. It
// lives in a small file beside the store, so a command can find it even
// while another process holds the store's lock.
func (s *Store) SetActive(id string) error {
	if err := s.ensureDir(); err != nil {
		return err
	}
	s.removeStaleTemps(filepath.Dir(s.path), ".tmp-"+filepath.Base(s.activePath())+"-")
	return writeFileAtomic(s.activePath(), []byte(id+"\n"))
}

// removeStaleTemps removes the temporary files a killed sitrep left in dir
// (regular files named prefix*, older than staleTemp).
func (s *Store) removeStaleTemps(dir, prefix string) {
	matches, _ := filepath.Glob(filepath.Join(dir, prefix+"*"))
	for _, m := range matches {
		if st, err := os.Lstat(m); err == nil && st.Mode().IsRegular() && s.now().Sub(st.ModTime()) > staleTemp {
			os.Remove(m)
		}
	}
}

// Active returns the active incident's ID, or "" if none was chosen.
func (s *Store) Active() (string, error) {
	b, err := readSmallFile(s.activePath(), 256)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the active incident: %w", err)
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
