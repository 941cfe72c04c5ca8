package incident

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// AppendOrSpool appends one event; if the store's lock cannot be had in
// time, it writes the event to the spool beside the store instead and
// reports spooled. Either way the event is on disk when it returns without
// error. The next writer (any sitrep command that writes) moves spooled
// events in; their IDs make that happen exactly once.
func (s *Store) AppendOrSpool(ctx context.Context, e timeline.Event) (stored timeline.Event, spooled bool, err error) {
	if e.ID == "" {
		e.ID = newID(s.now())
	}
	if e.Recorded.IsZero() {
		e.Recorded = s.now().UTC()
	}
	if e.At.IsZero() {
		e.At = e.Recorded
	}
	number, err := ParseID(e.Incident)
	if err != nil {
		return e, false, err
	}
	e.Incident = FormatID(number)
	if err := e.Validate(); err != nil {
		return e, false, err
	}
	res, err := s.Append(ctx, e)
	if err == nil {
		if len(res.Stored) == 1 {
			return res.Stored[0], false, nil
		}
		return e, false, nil
	}
	if !errors.Is(err, ErrLocked) {
		return e, false, err
	}
	if err := s.spool(e); err != nil {
		return e, false, fmt.Errorf("the store is locked and spooling failed too: %w", err)
	}
	return e, true, nil
}

// SpooledNotice is what a command tells the user when AppendOrSpool
// spooled e.
func (s *Store) SpooledNotice(e timeline.Event) string {
	return fmt.Sprintf("the store is busy: note %s spooled to %s; the next sitrep command moves it in",
		e.ID, timeline.SanitizeLine(s.spoolDir()))
}

func (s *Store) spool(e timeline.Event) error {
	dir, err := s.spoolDirChecked(true)
	if err != nil {
		return err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, e.ID+".json"), b)
}

// maxSpoolEntry bounds what is read from one spool file: a note's text is
// at most 1 MiB, which JSON can escape to six times that.
const maxSpoolEntry = 8 << 20

// staleTemp is how old a spool temporary file must be to be the leftover
// of a killed note rather than one being written.
const staleTemp = 10 * time.Minute

// spoolDirChecked returns the spool directory if it is one: a symbolic
// link (sitrep would move files in someone else's directory) or a file in
// its place is refused with what to do. create makes it if missing.
func (s *Store) spoolDirChecked(create bool) (string, error) {
	dir := s.spoolDir()
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist) && create:
		if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("creating the spool: %w", err)
		}
		return s.spoolDirChecked(false)
	case err != nil:
		return "", err
	case st.Mode()&fs.ModeSymlink != 0:
		return "", fmt.Errorf("the spool %s is a symbolic link; sitrep moves files only in its own spool directory: remove the link", dir)
	case !st.IsDir():
		return "", fmt.Errorf("the spool %s is %s, not a directory; move it aside so sitrep can spool notes there", dir, fileKind(st.Mode()))
	}
	return dir, nil
}

// Spooled counts the events waiting in the spool.
func (s *Store) Spooled() (int, error) {
	sp, err := s.readSpool()
	return len(sp), err
}

// hasSpooled is a cheap check for spooled events: one directory read.
func (s *Store) hasSpooled() bool {
	if st, err := os.Lstat(s.spoolDir()); err != nil || !st.IsDir() {
		return false
	}
	entries, err := os.ReadDir(s.spoolDir())
	if err != nil {
		return false
	}
	for _, de := range entries {
		if !de.IsDir() && strings.HasSuffix(de.Name(), ".json") && !strings.HasPrefix(de.Name(), ".") {
			return true
		}
	}
	return false
}

type spoolEntry struct {
	path     string
	event    timeline.Event
	rejected error // the event cannot be stored: set aside in rejected/
}

type spoolEntries []spoolEntry

// readSpool reads the spool's entries. A spool that is not a directory of
// its own (a file, a link to another directory) holds nothing sitrep
// spooled: it is left alone, with a warning. Only regular files are read, opened
// without following links and without blocking, up to maxSpoolEntry; an
// entry that is anything else, too large or unreadable is set aside in
// rejected/ (with a warning) rather than blocking every later write.
// Temporary files left by a killed note are removed once stale.
func (s *Store) readSpool() (spoolEntries, error) {
	if _, err := os.Lstat(s.spoolDir()); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	dir, err := s.spoolDirChecked(false)
	if err != nil {
		// Nothing sitrep spooled can be there; say so, and go on.
		s.warn(err.Error())
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out spoolEntries
	for _, de := range entries {
		name := de.Name()
		path := filepath.Join(dir, name)
		if strings.HasPrefix(name, ".tmp-") {
			if info, err := de.Info(); err == nil && info.Mode().IsRegular() && s.now().Sub(info.ModTime()) > staleTemp {
				os.Remove(path)
			}
			continue
		}
		if de.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
			continue
		}
		b, err := readSmallFile(path, maxSpoolEntry)
		if err != nil {
			out = append(out, spoolEntry{path: path, rejected: err})
			continue
		}
		var e timeline.Event
		if err := json.Unmarshal(b, &e); err != nil {
			out = append(out, spoolEntry{path: path, rejected: fmt.Errorf("unreadable: %w", err)})
			continue
		}
		out = append(out, spoolEntry{path: path, event: e})
	}
	return out, nil
}

// drainTx moves spooled events into the store inside tx. An event that can
// never be stored (its incident does not exist) must not block every later
// write, so it is set aside in the spool's "rejected" folder instead.
func (s *Store) drainTx(tx *bolt.Tx, sp spoolEntries) error {
	var events []timeline.Event
	for i := range sp {
		e := &sp[i]
		if e.rejected != nil {
			continue
		}
		number, err := ParseID(e.event.Incident)
		if err == nil {
			_, err = loadProjection(tx, number)
		}
		if err == nil {
			err = e.event.Validate()
		}
		if err != nil {
			e.rejected = err
			continue
		}
		events = append(events, e.event)
	}
	if _, err := s.appendTx(tx, events); err != nil {
		return fmt.Errorf("moving spooled notes in: %w", err)
	}
	return nil
}

// remove deletes spool files once their events are committed. A crash
// before this leaves them to be moved in again, which their IDs make a
// no-op. Rejected entries are moved to rejected/, which must be a real
// directory inside the spool.
func (s *Store) removeSpooled(sp spoolEntries) error {
	if len(sp) == 0 {
		return nil
	}
	dir, err := s.spoolDirChecked(false)
	if err != nil {
		return err
	}
	for _, e := range sp {
		if e.rejected != nil {
			rejected := filepath.Join(dir, "rejected")
			if err := os.Mkdir(rejected, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			if st, err := os.Lstat(rejected); err != nil || !st.IsDir() {
				return fmt.Errorf("%s is not a directory; move it aside", rejected)
			}
			if err := os.Rename(e.path, filepath.Join(rejected, filepath.Base(e.path))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			s.warn(fmt.Sprintf("spooled note %s set aside in %s: %v", filepath.Base(e.path), rejected, e.rejected))
			continue
		}
		if err := os.Remove(e.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return syncDir(dir)
}

// Drain moves spooled events in without writing anything else.
func (s *Store) Drain(ctx context.Context) error {
	_, err := s.Write(ctx, Batch{})
	return err
}
