package incident

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// This file reads the bbolt file format directly, without bbolt: enough to
// tell a damaged store before bbolt maps it (bbolt trusts its file and
// crashes on a bad one), and for `store recover` to find events in pages
// that the B+tree no longer reaches. The layout is bbolt's (v2, native
// little-endian):
//
//	page header (16 bytes): id u64, flags u16, count u16, overflow u32
//	meta (at 16): magic, version, pageSize, flags u32; root pgid, root
//	    sequence, freelist pgid, high-water pgid, txid, checksum u64; the
//	    checksum is FNV-64a over the 56 bytes before it
//	leaf element (16 bytes each, after the header): flags, pos, ksize,
//	    vsize u32; the key is pos bytes after the element, the value follows
//	    it; flag 1 marks a bucket, whose value is its root pgid and
//	    sequence, then (root 0) the bucket's inline page
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	leafElementSize  = 16
	flagBranch       = 0x01
	flagLeaf         = 0x02
	flagMeta         = 0x04
	flagFreelist     = 0x10
	bucketLeafFlag   = 0x01
	noFreelist       = ^uint64(0)
	bucketHeaderSize = 16
)

var le = binary.LittleEndian

// boltMeta is the part of a meta page the checks use.
type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // high-water mark: pages [0, pgid) are in use or free
	txid     uint64
}

// parseMeta reads a meta page; magic reports whether the page looked like
// bbolt's at all, so a damaged store is told from another kind of file.
func parseMeta(p []byte) (m boltMeta, magic bool, err error) {
	if len(p) < pageHeaderSize+64 {
		return m, false, errors.New("short meta page")
	}
	b := p[pageHeaderSize:]
	if le.Uint32(b[0:]) != boltMagic {
		return m, false, errors.New("no bbolt magic")
	}
	if le.Uint32(b[4:]) != boltVersion {
		return m, true, fmt.Errorf("bbolt file version %d", le.Uint32(b[4:]))
	}
	h := fnv.New64a()
	h.Write(b[:56])
	if h.Sum64() != le.Uint64(b[56:]) {
		return m, true, errors.New("meta page checksum mismatch")
	}
	m = boltMeta{
		pageSize: le.Uint32(b[8:]),
		root:     le.Uint64(b[16:]),
		freelist: le.Uint64(b[32:]),
		pgid:     le.Uint64(b[40:]),
		txid:     le.Uint64(b[48:]),
	}
	if m.pageSize < 512 || m.pageSize > 1<<24 || m.pageSize&(m.pageSize-1) != 0 {
		return m, true, fmt.Errorf("page size %d", m.pageSize)
	}
	return m, true, nil
}

// fileProblem is why a file cannot be opened safely: damaged (a bbolt file
// that bbolt would crash on) or not bbolt at all.
type fileProblem struct {
	damaged bool
	detail  string
}

// readMetas reads both meta pages and returns the one bbolt would use:
// the valid one with the higher transaction ID.
func readMetas(f io.ReaderAt) (boltMeta, *fileProblem) {
	buf := make([]byte, 4096)
	n, _ := f.ReadAt(buf, 0)
	m0, magic0, err0 := parseMeta(buf[:n])
	second := int64(os.Getpagesize())
	if err0 == nil {
		second = int64(m0.pageSize)
	}
	n, _ = f.ReadAt(buf, second)
	m1, magic1, err1 := parseMeta(buf[:n])
	switch {
	case err0 != nil && err1 != nil:
		if magic0 || magic1 {
			return boltMeta{}, &fileProblem{damaged: true, detail: "both meta pages are damaged"}
		}
		return boltMeta{}, &fileProblem{detail: "not a bbolt file"}
	case err0 != nil:
		return m1, nil
	case err1 != nil:
		return m0, nil
	case m1.txid > m0.txid:
		return m1, nil
	}
	return m0, nil
}

// validateFile checks what bbolt assumes about a file before mapping it:
// a valid meta page whose pages fit in the file.
func validateFile(f io.ReaderAt, size int64) (boltMeta, *fileProblem) {
	m, p := readMetas(f)
	if p != nil {
		return m, p
	}
	ps := uint64(m.pageSize)
	switch {
	case m.pgid > uint64(size)/ps:
		return m, &fileProblem{damaged: true, detail: fmt.Sprintf("the file is %d bytes, but its pages need %d: it was truncated", size, m.pgid*ps)}
	case m.pgid < 3:
		return m, &fileProblem{damaged: true, detail: fmt.Sprintf("meta page: high-water mark %d", m.pgid)}
	case m.root < 2 || m.root >= m.pgid:
		return m, &fileProblem{damaged: true, detail: fmt.Sprintf("meta page: root page %d outside the file's %d pages", m.root, m.pgid)}
	case m.freelist != noFreelist && (m.freelist < 2 || m.freelist >= m.pgid):
		return m, &fileProblem{damaged: true, detail: fmt.Sprintf("meta page: freelist page %d outside the file's %d pages", m.freelist, m.pgid)}
	}
	return m, nil
}

// readPage reads page id and its overflow pages; nil if it is not whole in
// the file.
func readPage(f io.ReaderAt, ps int64, id uint64, size int64) []byte {
	off := int64(id) * ps
	if off < 0 || off+ps > size {
		return nil
	}
	p := make([]byte, ps)
	if _, err := f.ReadAt(p, off); err != nil {
		return nil
	}
	if over := int64(le.Uint32(p[12:])); over > 0 {
		if off+(over+1)*ps > size || over > 1<<16 {
			return p // the header is all there is to trust
		}
		whole := make([]byte, (over+1)*ps)
		if _, err := f.ReadAt(whole, off); err != nil {
			return p
		}
		return whole
	}
	return p
}

// validateFreelist checks the freelist a writer loads: every page it lists
// is inside the file and not a meta page.
func validateFreelist(f io.ReaderAt, m boltMeta, size int64) *fileProblem {
	if m.freelist == noFreelist {
		return nil
	}
	p := readPage(f, int64(m.pageSize), m.freelist, size)
	if p == nil || le.Uint16(p[8:]) != flagFreelist {
		return &fileProblem{damaged: true, detail: fmt.Sprintf("freelist page %d is not a freelist", m.freelist)}
	}
	count, start := uint64(le.Uint16(p[10:])), pageHeaderSize
	if count == 0xFFFF {
		count, start = le.Uint64(p[pageHeaderSize:]), pageHeaderSize+8
	}
	if count > uint64(len(p)-start)/8 {
		return &fileProblem{damaged: true, detail: fmt.Sprintf("freelist page %d lists %d pages, more than it holds", m.freelist, count)}
	}
	// A page listed twice makes bbolt panic, which guarded turns into an
	// error; what must be caught here is a page outside the file, which
	// bbolt would hand out and write past the file's pages.
	for i := range count {
		id := le.Uint64(p[start+int(i)*8:])
		if id < 2 || id >= m.pgid {
			return &fileProblem{damaged: true, detail: fmt.Sprintf("freelist page %d lists page %d", m.freelist, id)}
		}
	}
	return nil
}

// leafEntry is one key/value of a leaf page; bucket entries hold a bucket.
type leafEntry struct {
	key, value []byte
	bucket     bool
}

// leafEntries parses a leaf page (or an inline bucket's page), skipping
// elements that point outside it.
func leafEntries(p []byte) []leafEntry {
	if len(p) < pageHeaderSize || le.Uint16(p[8:]) != flagLeaf {
		return nil
	}
	count := int(le.Uint16(p[10:]))
	var out []leafEntry
	for i := range count {
		at := pageHeaderSize + i*leafElementSize
		if at+leafElementSize > len(p) {
			break
		}
		flags, pos, ks, vs := le.Uint32(p[at:]), le.Uint32(p[at+4:]), le.Uint32(p[at+8:]), le.Uint32(p[at+12:])
		k0 := uint64(at) + uint64(pos)
		end := k0 + uint64(ks) + uint64(vs)
		if end > uint64(len(p)) {
			continue
		}
		out = append(out, leafEntry{key: p[k0 : k0+uint64(ks)], value: p[k0+uint64(ks) : end], bucket: flags&bucketLeafFlag != 0})
	}
	return out
}

// rootHasSchema looks in the root bucket's page for sitrep's meta bucket:
// "yes" (a sitrep store), "no" (a bbolt file holding something else),
// "empty" (no buckets yet) or "unknown" (the root spans several pages).
func rootHasSchema(f io.ReaderAt, m boltMeta, size int64) string {
	p := readPage(f, int64(m.pageSize), m.root, size)
	if p == nil || le.Uint16(p[8:]) != flagLeaf {
		return "unknown"
	}
	entries := leafEntries(p)
	if len(entries) == 0 {
		return "empty"
	}
	for _, e := range entries {
		if e.bucket && bytes.Equal(e.key, bucketMeta) {
			return "yes"
		}
	}
	return "no"
}

// CheckReport is what `sitrep store check` found.
type CheckReport struct {
	Incidents int
	Events    int
	Problems  []string // one line each; empty when the store is sound
}

// maxProblems bounds a report on a badly damaged file.
const maxProblems = 50

func (r *CheckReport) add(format string, args ...any) {
	if len(r.Problems) == maxProblems {
		r.Problems = append(r.Problems, "(more problems not listed)")
	}
	if len(r.Problems) > maxProblems {
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Err is nil for a sound store, else an ErrDamaged error naming the first
// problem.
func (r CheckReport) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s, the first: %s", ErrDamaged, plural(len(r.Problems), "problem"), r.Problems[0])
}

// Check checks the whole file: bbolt's own consistency check (every page
// reachable once, keys in order), then sitrep's: every event decodes and
// sits under its incident, and the ids, refs and changes indexes agree
// with the events. It returns an ErrDamaged error naming the first
// problem; Inspect lists them all.
func (s *Store) Check(ctx context.Context) error {
	r, err := s.Inspect(ctx)
	if err != nil {
		return err
	}
	return r.Err()
}

// Inspect runs Check's checks and reports every problem found. The error
// is for a store it could not look at (missing, locked, not a sitrep
// store); damage is in the report, never a crash.
func (s *Store) Inspect(ctx context.Context) (CheckReport, error) {
	var r CheckReport
	if err := ctx.Err(); err != nil {
		return r, err
	}
	if err := s.mustExist(); err != nil {
		return r, err
	}
	lock, err := s.lock(ctx, false)
	if err != nil {
		return r, err
	}
	defer lock.unlock()
	f, err := openRegular(s.path, os.O_RDONLY, true)
	if err != nil {
		return r, s.fileError(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return r, s.fileError(err)
	}
	size := st.Size()
	if size == 0 {
		f.Close()
		return r, fmt.Errorf("%s is an empty file: there is nothing to check", s.path)
	}
	m, problem := validateFile(f, size)
	if problem == nil {
		problem = validateFreelist(f, m, size)
	}
	var badPages []string
	if problem == nil {
		badPages = treeProblems(f, m, size)
		for _, b := range badPages {
			r.add("%s", b)
		}
	}
	f.Close()
	if problem != nil && !problem.damaged {
		return r, fmt.Errorf("%s: %w (%s)", s.path, ErrNotAStore, problem.detail)
	}
	if problem != nil {
		r.add("%s", problem.detail)
		if strings.Contains(problem.detail, "meta pages") || strings.Contains(problem.detail, "truncated") {
			return r, nil // bbolt cannot walk it; recover reads its pages
		}
	}
	err = s.guarded(func() error {
		db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.lockTimeout, ReadOnly: true, OpenFile: openBolt})
		if err != nil {
			return err
		}
		defer closeQuietly(db)
		return db.View(func(tx *bolt.Tx) error {
			v, err := schemaOf(tx)
			if err != nil {
				return err
			} else if v == 0 {
				return fmt.Errorf("%s: %w", s.path, ErrNotAStore)
			}
			for err := range checkUnlessBad(tx, badPages) {
				// bbolt's check reports a page it crashed on as "panic: ...".
				r.add("bbolt: %s", strings.TrimPrefix(err.Error(), "panic: "))
			}
			s.guardedPart(&r, "sitrep's indexes", func() { checkIndexes(tx, &r, formOf(v)) })
			return nil
		})
	})
	if errors.Is(err, ErrDamaged) {
		r.add("%v", errors.Unwrap(err))
		return r, nil
	}
	return r, err
}

// checkUnlessBad runs bbolt's check only on a tree whose pages are whole
// (treeProblems): it reads them on a goroutine where a bad one is fatal.
func checkUnlessBad(tx *bolt.Tx, bad []string) <-chan error {
	if len(bad) > 0 {
		ch := make(chan error)
		close(ch)
		return ch
	}
	return tx.Check()
}

// guardedPart runs one part of a check, turning a crash into a problem.
func (s *Store) guardedPart(r *CheckReport, what string, fn func()) {
	err := s.guarded(func() error { fn(); return nil })
	if err != nil {
		r.add("%s: unreadable (%s)", what, damageDetail(err))
	}
}

// indexForm is how a schema writes the ids, changes and refs buckets: a
// file not yet migrated (check only reads) is checked in its own form.
type indexForm struct {
	idKey    func(id string) []byte
	idOf     func(k []byte) string
	location func(number uint64, key []byte, implied uint64) []byte
	split    func(loc []byte, implied uint64) (uint64, []byte, bool)
}

func formOf(schema uint64) indexForm {
	if schema >= 5 {
		return indexForm{idKey, idOf, location, splitLocation}
	}
	// Schema 4 and before: text IDs; number, time and sequence as 8-byte
	// integers.
	return indexForm{
		idKey: func(id string) []byte { return []byte(id) },
		idOf:  func(k []byte) string { return string(k) },
		location: func(number uint64, key []byte, _ uint64) []byte {
			return append(u64(number), key...)
		},
		split: func(loc []byte, _ uint64) (uint64, []byte, bool) {
			if len(loc) != 24 {
				return 0, nil, false
			}
			return binary.BigEndian.Uint64(loc), loc[8:], true
		},
	}
}

// checkIndexes checks sitrep's own invariants inside tx.
func checkIndexes(tx *bolt.Tx, r *CheckReport, form indexForm) {
	for _, name := range [][]byte{bucketIncidents, bucketEvents, bucketChanges, bucketIDs, bucketRefs} {
		if tx.Bucket(name) == nil {
			r.add("bucket %q is missing", name)
			return
		}
	}
	ids, refs, changes := tx.Bucket(bucketIDs), tx.Bucket(bucketRefs), tx.Bucket(bucketChanges)
	events := tx.Bucket(bucketEvents)
	r.Incidents = tx.Bucket(bucketIncidents).Stats().KeyN
	// Every event decodes, belongs where it is, and is indexed by its ID.
	events.ForEachBucket(func(num []byte) error {
		if len(num) != 8 {
			r.add("events: bucket key %x is not an incident number", num)
			return nil
		}
		number := binary.BigEndian.Uint64(num)
		if tx.Bucket(bucketIncidents).Get(num) == nil {
			r.add("events of %s: the incident itself is missing", FormatID(number))
		}
		return events.Bucket(num).ForEach(func(k, v []byte) error {
			r.Events++
			e, err := decodeEvent(v)
			if err != nil || len(k) != 16 {
				r.add("%s: event at key %x does not decode", FormatID(number), k)
				return nil
			}
			if n, err := ParseID(e.Incident); err != nil || n != number {
				r.add("event %s: says it belongs to %s, stored under %s", e.ID, e.Incident, FormatID(number))
			}
			if loc := ids.Get(form.idKey(e.ID)); !bytes.Equal(loc, form.location(number, k, 0)) {
				r.add("event %s: the ids index does not point at it", e.ID)
			}
			for _, ref := range e.Refs() {
				if id := refs.Get([]byte(ref)); id == nil {
					r.add("event %s: ref %q is not indexed", e.ID, ref)
				}
			}
			return nil
		})
	})
	// Every index entry is in the form this schema writes (buckets.go)
	// and points at a stored event.
	at := func(loc []byte, implied uint64) []byte {
		number, key, ok := form.split(loc, implied)
		if !ok || !bytes.Equal(loc, form.location(number, key, implied)) {
			return nil
		}
		b := events.Bucket(u64(number))
		if b == nil {
			return nil
		}
		return b.Get(key)
	}
	ids.ForEach(func(k, v []byte) error {
		id := form.idOf(k)
		switch {
		case !bytes.Equal(form.idKey(id), k):
			r.add("ids: key %x is not an event ID", k)
		case at(v, 0) == nil:
			r.add("ids: event %s points at nothing", id)
		}
		return nil
	})
	refs.ForEach(func(k, v []byte) error {
		switch {
		case !bytes.Equal(form.idKey(form.idOf(v)), v):
			r.add("refs: %q holds %x, not an event ID", k, v)
		case ids.Get(v) == nil:
			r.add("refs: %q points at event %s, which is not stored", k, form.idOf(v))
		}
		return nil
	})
	changes.ForEach(func(k, v []byte) error {
		if len(k) != 8 || at(v, binary.BigEndian.Uint64(k)) == nil {
			r.add("changes: change %x points at nothing", k)
		}
		return nil
	})
}

// damageDetail is the short reason inside an ErrDamaged error.
func damageDetail(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ErrDamaged.Error()); i >= 0 {
		msg = strings.Trim(msg[i+len(ErrDamaged.Error()):], " ():")
	}
	return msg
}

// panicDetail is a one-line account of a recovered panic.
func panicDetail(v any) string {
	var msg string
	switch x := v.(type) {
	case runtime.Error:
		msg = x.Error()
		if strings.Contains(msg, "fault") || strings.Contains(msg, "invalid memory address") {
			msg = "a page points outside the file (memory fault)"
		}
	case error:
		msg = x.Error()
	default:
		msg = fmt.Sprint(x)
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if len(msg) > 160 {
		msg = msg[:160] + "…"
	}
	return msg
}

// plural is "1 problem", "2 problems".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// mustExist is for commands that look at an existing store only.
func (s *Store) mustExist() error {
	if _, err := os.Stat(s.path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no store at %s", s.path)
	}
	return nil
}
