package incident

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// ImportOptions say where imported events go.
type ImportOptions struct {
	// Into puts every event into this incident ("" keeps each event's own).
	Into string
	// Create opens a new incident for each input incident not imported
	// before. Without it (and without Into), such events are an error.
	Create bool
}

// ImportResult says what an import did.
type ImportResult struct {
	Stored     int               // events stored
	Duplicates int               // events skipped: their Ref or ID was already stored
	Created    map[string]string // input incident ID → new incident ID
	Head       uint64            // the change counter after the import
}

// Imports of up to singleTxImport events are stored in one write
// transaction. Larger ones are staged: written into a copy of the store in
// transactions of importBatch events (bounded memory), then published by
// renaming the copy over the store. Either way the import is all or
// nothing, for a crash too: the store is the old file or the new one.
var (
	singleTxImport = 50_000
	importBatch    = 25_000
)

// Import stores events copied from another store or tool, all or nothing.
// Events keep their IDs, so importing the same file again stores nothing:
// an input incident whose events are already here maps to the incident
// that holds them. Any other input incident needs Into or Create; it is
// never merged into whatever incident happens to have the same number here.
func (s *Store) Import(ctx context.Context, events []timeline.Event, opts ImportOptions) (ImportResult, error) {
	i := 0
	return s.ImportFrom(ctx, func() (timeline.Event, error) {
		if i == len(events) {
			return timeline.Event{}, io.EOF
		}
		i++
		return events[i-1], nil
	}, opts)
}

// ImportFrom is Import for events read one at a time: next returns them
// until io.EOF; any other error stops the import, which then changes
// nothing. Events are read once, into a compact staging file beside the
// store, before the store is locked; memory stays bounded at any size.
// Events are stored in time order within each batch of importBatch (the
// whole input, up to singleTxImport events), so input in time order, as
// `sitrep timeline --json` prints it, is stored in order.
func (s *Store) ImportFrom(ctx context.Context, next func() (timeline.Event, error), opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Created: map[string]string{}}
	var into string
	if opts.Into != "" {
		n, err := ParseID(opts.Into)
		if err != nil {
			return res, err
		}
		into = FormatID(n)
	}
	if err := s.ensureDir(); err != nil {
		return res, err
	}
	st, err := s.stage(ctx, next)
	if st != nil {
		defer st.close()
	}
	if err != nil {
		return res, err
	}
	st.teamMode = s.team.hooks != nil
	if opts.Create && into == "" {
		// In team mode new incidents take team-wide numbers, asked for
		// before the transaction; those not needed are left unused.
		for range st.incidents {
			n, err := s.teamNumber(ctx)
			if err != nil || n == 0 {
				if err != nil {
					return res, err
				}
				break
			}
			st.numbers = append(st.numbers, n)
		}
	}
	if st.count <= singleTxImport {
		err = s.update(ctx, func(tx *bolt.Tx) error {
			res = ImportResult{Created: map[string]string{}}
			if err := st.rewind(); err != nil { // a retried transaction reads again
				return err
			}
			mapping, err := st.resolve(tx, into, opts.Create, res.Created)
			if err != nil {
				return err
			}
			return st.store(tx, s, mapping, st.count, &res)
		})
	} else {
		err = s.importStaged(ctx, st, into, opts.Create, &res)
	}
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// staged is the input of an import, checked and written to a file in the
// store's codec, with what is needed to map its incidents.
type staged struct {
	f         *os.File
	r         *bufio.Reader
	count     int
	incidents map[string]*inputIncident
	numbers   []uint64 // team mode: team-wide numbers for the incidents create opens
	teamMode  bool     // the incidents create opens are the team's
}

// inputIncident is what an import knows of one incident of its input.
type inputIncident struct {
	id           string    // as in the input, "INC-3"
	first, title time.Time // its earliest event, its earliest title event
	firstID      string    // the ID of its earliest event
}

func (s *Store) stage(ctx context.Context, next func() (timeline.Event, error)) (*staged, error) {
	f, err := os.CreateTemp(filepath.Dir(s.path), ".sitrep-import-*")
	if err != nil {
		return nil, err
	}
	// Unlinked at once: nothing is left behind, whatever happens.
	os.Remove(f.Name())
	st := &staged{f: f, incidents: map[string]*inputIncident{}}
	w := bufio.NewWriterSize(f, 1<<20)
	var lenBuf [binary.MaxVarintLen64]byte
	for {
		e, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return st, err
		}
		if st.count%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
		in := st.incidents[e.Incident]
		if in == nil {
			in = &inputIncident{id: e.Incident, first: e.At, firstID: e.ID}
			st.incidents[e.Incident] = in
		}
		if e.At.Before(in.first) {
			in.first, in.firstID = e.At, e.ID
		}
		if e.Kind == timeline.KindTitle && (in.title.IsZero() || e.At.Before(in.title)) {
			in.title = e.At
		}
		b := encodeEvent(e)
		if _, err := w.Write(lenBuf[:binary.PutUvarint(lenBuf[:], uint64(len(b)))]); err != nil {
			return st, err
		}
		if _, err := w.Write(b); err != nil {
			return st, err
		}
		st.count++
	}
	if err := w.Flush(); err != nil {
		return st, err
	}
	return st, st.rewind()
}

func (st *staged) rewind() error {
	if _, err := st.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	st.r = bufio.NewReaderSize(st.f, 1<<20)
	return nil
}

func (st *staged) close() { st.f.Close() }

func (st *staged) read() (timeline.Event, error) {
	n, err := binary.ReadUvarint(st.r)
	if err != nil {
		return timeline.Event{}, err
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(st.r, b); err != nil {
		return timeline.Event{}, err
	}
	return decodeEvent(b)
}

// resolve maps each input incident to one here: Into; the incident that
// holds its events from an earlier import; or, with create, a new one that
// opens at its opening event. New incidents are numbered in the order the
// input incidents began.
func (st *staged) resolve(tx *bolt.Tx, into string, create bool, created map[string]string) (map[string]string, error) {
	mapping := map[string]string{}
	order := make([]*inputIncident, 0, len(st.incidents))
	for _, in := range st.incidents {
		order = append(order, in)
	}
	slices.SortFunc(order, func(a, b *inputIncident) int { return a.first.Compare(b.first) })
	numbers := st.numbers
	for _, in := range order {
		if into != "" {
			mapping[in.id] = into
			continue
		}
		n, err := ParseID(in.id)
		if err != nil {
			return nil, fmt.Errorf("event %s: %w", in.firstID, err)
		}
		loc := tx.Bucket(bucketIDs).Get(idKey(in.firstID))
		switch {
		case in.firstID != "" && loc != nil:
			// Imported before: its events live where they went then.
			number, _, ok := splitLocation(loc, 0)
			if !ok {
				return nil, fmt.Errorf("event %s: %w", in.firstID, errCorruptIndex)
			}
			mapping[in.id] = FormatID(number)
		case create:
			var team uint64
			if len(numbers) > 0 {
				team, numbers = numbers[0], numbers[1:]
			}
			number, err := nextNumber(tx, team, st.teamMode)
			if err != nil {
				return nil, err
			}
			if err := saveProjection(tx, newProjection(number, in.opened())); err != nil {
				return nil, err
			}
			mapping[in.id] = FormatID(number)
			created[in.id] = FormatID(number)
		default:
			// Incident numbers are per store: this store's INC-n may be
			// another incident altogether, so never merge silently.
			return nil, fmt.Errorf("%w: %s in the input is not in this store; pass --create to open it here, or --incident ID to add its events to one that is",
				ErrNotFound, FormatID(n))
		}
	}
	return mapping, nil
}

// openedAt is when an input incident was opened (see inputIncident.opened),
// from its events.
func openedAt(events []timeline.Event, id string) time.Time {
	in := inputIncident{id: id}
	for _, e := range events {
		if e.Incident != id {
			continue
		}
		if in.first.IsZero() || e.At.Before(in.first) {
			in.first = e.At
		}
		if e.Kind == timeline.KindTitle && (in.title.IsZero() || e.At.Before(in.title)) {
			in.title = e.At
		}
	}
	return in.opened()
}

// opened is when an input incident was opened: its first title event
// (what `sitrep open` writes), else its earliest event. The earliest event
// alone could be a back-dated "impact began" note, which would move
// detection (derived from the opening when nothing paged) too early.
func (in *inputIncident) opened() time.Time {
	if !in.title.IsZero() {
		return in.title
	}
	if !in.first.IsZero() {
		return in.first
	}
	return time.Now()
}

// store reads up to max staged events, sorts them by time and appends
// them in tx.
func (st *staged) store(tx *bolt.Tx, s *Store, mapping map[string]string, max int, res *ImportResult) error {
	batch, err := st.readBatch(mapping, max)
	if err != nil {
		return err
	}
	return st.appendBatch(tx, s, batch, res)
}

// readBatch reads up to max staged events, maps their incidents and sorts
// them by time.
func (st *staged) readBatch(mapping map[string]string, max int) ([]timeline.Event, error) {
	batch := make([]timeline.Event, 0, min(max, importBatch))
	for len(batch) < max {
		e, err := st.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the staged import: %w", err)
		}
		e.Incident = mapping[e.Incident]
		batch = append(batch, e)
	}
	timeline.Sort(batch)
	return batch, nil
}

func (st *staged) appendBatch(tx *bolt.Tx, s *Store, batch []timeline.Event, res *ImportResult) error {
	r, err := s.appendTx(tx, batch)
	if err != nil {
		return err
	}
	res.Stored += len(r.Stored)
	res.Duplicates += r.Duplicates
	res.Head = r.Head
	return nil
}

// importStaged stores a large import: under the store's write lock for the
// whole import, it copies the store, appends to the copy in transactions
// of importBatch events without fsync, then fsyncs the copy and renames it
// over the store. Readers and writers wait for the lock meanwhile (a note
// that waits too long is spooled, as always).
func (s *Store) importStaged(ctx context.Context, st *staged, into string, create bool, res *ImportResult) error {
	lock, err := s.lock(ctx, true)
	if err != nil {
		return err
	}
	defer lock.unlock()
	state, err := s.inspect(true)
	if err != nil {
		return err
	}
	if state == fileStore {
		if err := s.packIfStaged(); err != nil {
			return err
		}
	}
	tmp := s.path + ".import"
	if err := copyStore(s.path, tmp); err != nil {
		return err
	}
	published := false
	defer func() {
		if !published {
			os.Remove(tmp)
		}
	}()
	spooled, err := s.readSpool()
	if err != nil {
		return err
	}
	err = s.guarded(func() error {
		size := int64(0)
		if fi, err := os.Stat(tmp); err == nil {
			size = fi.Size()
		}
		db, err := bolt.Open(tmp, 0o600, &bolt.Options{
			Timeout:         s.lockTimeout,
			OpenFile:        openBolt,
			NoSync:          true, // one fsync of the whole file, before it is published
			NoGrowSync:      true,
			InitialMmapSize: int(min(size+int64(st.count)*1024, 1<<34)),
			FreelistType:    bolt.FreelistMapType,
		})
		if err != nil {
			return s.openError(err)
		}
		defer closeQuietly(db)
		var mapping map[string]string
		err = db.Update(func(tx *bolt.Tx) error {
			if err := s.ours(tx); err != nil {
				return err
			}
			if err := migrate(tx); err != nil {
				return err
			}
			if err := s.drainTx(tx, spooled); err != nil {
				return err
			}
			mapping, err = st.resolve(tx, into, create, res.Created)
			return err
		})
		if err != nil {
			return err
		}
		// The next batch is read and sorted while this one is written.
		type batch struct {
			events []timeline.Event
			err    error
		}
		batches, stop := make(chan batch, 1), make(chan struct{})
		defer close(stop)
		go func() {
			defer close(batches)
			for left := st.count; left > 0; left -= importBatch {
				events, err := st.readBatch(mapping, importBatch)
				select {
				case batches <- batch{events, err}:
				case <-stop:
					return
				}
				if err != nil {
					return
				}
			}
		}()
		for b := range batches {
			if b.err != nil {
				return b.err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := db.Update(func(tx *bolt.Tx) error {
				return st.appendBatch(tx, s, b.events, res)
			}); err != nil {
				return err
			}
		}
		if err := db.Sync(); err != nil {
			return err
		}
		return db.Close()
	})
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	published = true
	if err := syncDir(filepath.Dir(s.path)); err != nil {
		return err
	}
	if err := s.removeSpooled(spooled); err != nil {
		return err
	}
	if s.team.hooks != nil && s.team.hooks.Publish != nil && s.team.added.Swap(0) > 0 {
		lock.unlock()
		s.team.hooks.Publish(ctx)
	}
	return nil
}

// copyStore copies the store file to dst (0600, replacing a copy left by
// a crash); a store not created yet gives an empty dst for bbolt to lay out.
func copyStore(src, dst string) error {
	if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	in, err := os.Open(src)
	if errors.Is(err, fs.ErrNotExist) {
		return out.Close()
	}
	if err != nil {
		out.Close()
		return err
	}
	defer in.Close()
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
