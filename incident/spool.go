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

func (s *Store) spool(e timeline.Event) error {
	dir := s.spoolDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, e.ID+".json"), b)
}

// Spooled counts the events waiting in the spool.
func (s *Store) Spooled() (int, error) {
	sp, err := s.readSpool()
	return len(sp), err
}

// hasSpooled is a cheap check for spooled events: one directory read.
func (s *Store) hasSpooled() bool {
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
	rejected error // set by drainTx: the event cannot be stored
}

type spoolEntries []spoolEntry

func (s *Store) readSpool() (spoolEntries, error) {
	entries, err := os.ReadDir(s.spoolDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out spoolEntries
	for _, de := range entries {
		name := de.Name()
		if de.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
			continue
		}
		path := filepath.Join(s.spoolDir(), name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var e timeline.Event
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("spooled note %s is unreadable: %w; move it aside to continue", path, err)
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
// no-op.
func (sp spoolEntries) remove(dir string) error {
	if len(sp) == 0 {
		return nil
	}
	for _, e := range sp {
		if e.rejected != nil {
			rejected := filepath.Join(dir, "rejected")
			if err := os.MkdirAll(rejected, 0o700); err != nil {
				return err
			}
			if err := os.Rename(e.path, filepath.Join(rejected, filepath.Base(e.path))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
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
