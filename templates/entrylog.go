package templates

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// entryLog holds the full timeline of a large review compactly, in order:
// a byte encoding of each entry in memory, in chunks that are filled and
// never regrown (copying a growing buffer of megabytes was a tenth of the
// work), moved to a temporary file once they pass spillAt. A million
// entries would take hundreds of megabytes as Go values; encoded they are
// a stream the appendix reads once.
type entryLog struct {
	spillAt int      // bytes kept in memory
	chunks  [][]byte // in memory, in order; entries do not straddle chunks
	size    int      // bytes in chunks
	file    *os.File
	n       int
	first   time.Time
	last    time.Time
	err     error

	// The file is written in another goroutine, a batch of chunks at a
	// time, while the next batch fills; written chunks come back as spare.
	writes  chan [][]byte
	written chan struct{}
	werr    error
	mu      sync.Mutex
	spare   [][]byte
}

// spillAt is how much of the log stays in memory; chunkSize is the size
// of its chunks (or of one entry, when it is longer).
const (
	spillAt   = 16 << 20
	chunkSize = 1 << 20
)

func (l *entryLog) add(e *Entry) {
	if l.err != nil {
		return
	}
	if l.n == 0 {
		l.first = e.At
	}
	l.last = e.At
	l.n++
	fields := [...]string{e.ID, string(e.Kind), string(e.Source), e.Actor, e.Text, e.URL}
	need := 2 * binary.MaxVarintLen64
	for _, s := range fields {
		need += binary.MaxVarintLen64 + len(s)
	}
	for _, m := range e.Milestones {
		need += binary.MaxVarintLen64 + len(m)
	}
	last := len(l.chunks) - 1
	if last < 0 || cap(l.chunks[last])-len(l.chunks[last]) < need {
		l.chunks = append(l.chunks, l.chunk(need))
		last++
	}
	b := l.chunks[last]
	start := len(b)
	b = binary.AppendVarint(b, e.At.UnixNano())
	for _, s := range fields {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	flags := uint64(len(e.Milestones)) << 1
	if e.Key {
		flags |= 1
	}
	b = binary.AppendUvarint(b, flags)
	for _, m := range e.Milestones {
		b = binary.AppendUvarint(b, uint64(len(m)))
		b = append(b, m...)
	}
	l.chunks[last] = b
	l.size += len(b) - start
	if l.size >= l.spillAt {
		l.spill()
	}
}

// chunk returns an empty chunk that holds at least need bytes: a spare
// one when there is one.
func (l *entryLog) chunk(need int) []byte {
	size := max(min(chunkSize, l.spillAt), need)
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, c := range l.spare {
		if cap(c) >= need {
			l.spare[i] = l.spare[len(l.spare)-1]
			l.spare = l.spare[:len(l.spare)-1]
			return c[:0]
		}
	}
	return make([]byte, 0, size)
}

// spill moves what is in memory to the temporary file: hands the chunks
// to the goroutine writing the file, and goes on with others.
func (l *entryLog) spill() {
	if l.file == nil {
		f, err := os.CreateTemp("", "sitrep-review-*")
		if err != nil {
			l.err = fmt.Errorf("review: a temporary file for the timeline: %w", err)
			return
		}
		os.Remove(f.Name()) // gone when closed, whatever happens
		l.file = f
	}
	if l.writes == nil {
		// One batch waits while one is written: at most three in memory.
		l.writes, l.written = make(chan [][]byte, 1), make(chan struct{})
		go func(f *os.File) {
			defer close(l.written)
			for batch := range l.writes {
				for _, c := range batch {
					if l.werr == nil {
						_, l.werr = f.Write(c)
					}
				}
				l.mu.Lock()
				l.spare = append(l.spare, batch...)
				l.mu.Unlock()
			}
		}(l.file)
	}
	l.writes <- l.chunks
	l.chunks, l.size = nil, 0
}

// sync waits until everything spilled is in the file.
func (l *entryLog) sync() {
	if l.writes == nil {
		return
	}
	close(l.writes)
	<-l.written
	l.writes = nil
	if l.werr != nil && l.err == nil {
		l.err = fmt.Errorf("review: writing the timeline's temporary file: %w", l.werr)
	}
}

// each decodes the entries in order; the Entry passed is reused.
func (l *entryLog) each(fn func(*Entry) error) error {
	l.sync()
	if l.err != nil {
		return l.err
	}
	if l.n >= pipelineAt {
		return l.eachPipelined(fn)
	}
	return l.decode(fn)
}

// errStopped ends a decoding whose reader has stopped.
var errStopped = errors.New("stopped")

// eachPipelined is each with the decoding (a third of writing a large
// draft) in another goroutine, a batch of entries at a time, while this
// one calls fn in order.
func (l *entryLog) eachPipelined(fn func(*Entry) error) error {
	const batchLen, batches = 512, 4
	full := make(chan []Entry, batches)
	free := make(chan []Entry, batches)
	for range batches {
		free <- make([]Entry, 0, batchLen)
	}
	var (
		err      error
		panicked any
		quit     = make(chan struct{})
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer close(full)
		defer func() { panicked = recover() }()
		b := <-free
		send := func() bool {
			select {
			case full <- b:
			case <-quit:
				return false
			}
			b = <-free // one of the batches is free: fn's side never holds all
			return true
		}
		err = l.decode(func(e *Entry) error {
			b = append(b, *e)
			if len(b) == batchLen && !send() {
				return errStopped
			}
			return nil
		})
		if !errors.Is(err, errStopped) && len(b) > 0 {
			send()
		}
	}()
	var fnErr error
	for b := range full {
		for i := 0; i < len(b) && fnErr == nil; i++ {
			if fnErr = fn(&b[i]); fnErr != nil {
				close(quit)
			}
		}
		clear(b) // keep nothing of these entries alive
		free <- b[:0]
	}
	<-done
	if panicked != nil {
		panic(panicked) // where the caller's recovery sees it
	}
	if fnErr != nil {
		return fnErr
	}
	return err
}

// decode decodes the entries in order, in this goroutine.
func (l *entryLog) decode(fn func(*Entry) error) error {
	var d entryDecoder
	if l.file != nil {
		if _, err := l.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := d.read(l.file, fn); err != nil {
			return err
		}
		if _, err := l.file.Seek(0, io.SeekEnd); err != nil {
			return err
		}
	}
	for _, c := range l.chunks {
		n, err := d.decodeAll(c, fn)
		if err == nil && n < len(c) {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// close drops the temporary file.
func (l *entryLog) close() {
	l.sync()
	if l.file != nil {
		l.file.Close()
		l.file = nil
	}
}

// errEntryLog means the log does not decode: a bug, or a damaged
// temporary file.
var errEntryLog = errors.New("review: the timeline's temporary log does not decode")

// entryDecoder reads the log's encoding straight from byte slices. The
// few distinct kinds, sources and names share one string each, and the
// rest of an entry's text is one allocation, not one a field: a large
// draft decodes every entry once per appendix.
type entryDecoder struct {
	e     Entry
	names map[string]string
}

// read decodes the entries of r, a block at a time.
func (d *entryDecoder) read(r io.Reader, fn func(*Entry) error) error {
	buf := make([]byte, 0, 1<<20)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, cap(buf)) // one entry longer than the block
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		used, derr := d.decodeAll(buf, fn)
		if derr != nil {
			return derr
		}
		buf = buf[:copy(buf, buf[used:])]
		if errors.Is(err, io.EOF) {
			if len(buf) > 0 {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// decodeAll calls fn with each whole entry at the start of b and returns
// how many bytes they took.
func (d *entryDecoder) decodeAll(b []byte, fn func(*Entry) error) (int, error) {
	p := 0
	for p < len(b) {
		n, err := d.decode(b[p:])
		if err != nil || n == 0 {
			return p, err
		}
		p += n
		if err := fn(&d.e); err != nil {
			return p, err
		}
	}
	return p, nil
}

// decode reads the entry at the start of b into d.e and returns its
// length, or 0 when b holds only part of it.
func (d *entryDecoder) decode(b []byte) (int, error) {
	at, p := binary.Varint(b)
	if p <= 0 {
		return 0, varintErr(p)
	}
	var spans [6][2]int // ID, kind, source, actor, text, URL
	field := func() (from, to int, err error) {
		n, k := binary.Uvarint(b[p:])
		if k <= 0 {
			return 0, 0, varintErr(k)
		}
		p += k
		if uint64(len(b)-p) < n {
			return 0, 0, nil
		}
		from, p = p, p+int(n)
		return from, p, nil
	}
	for i := range spans {
		from, to, err := field()
		if err != nil || to == 0 {
			return 0, err
		}
		spans[i] = [2]int{from, to}
	}
	flags, k := binary.Uvarint(b[p:])
	if k <= 0 {
		return 0, varintErr(k)
	}
	p += k
	if flags>>1 > uint64(len(b)) {
		return 0, errEntryLog
	}
	var marks [][2]int
	for range flags >> 1 {
		from, to, err := field()
		if err != nil || to == 0 {
			return 0, err
		}
		marks = append(marks, [2]int{from, to})
	}
	base := spans[0][0]
	rec := string(b[base:spans[5][1]])
	sub := func(i int) string { return rec[spans[i][0]-base : spans[i][1]-base] }
	d.e = Entry{
		At: time.Unix(0, at).UTC(), ID: sub(0),
		Kind: timeline.Kind(d.intern(b[spans[1][0]:spans[1][1]])), Source: timeline.Source(d.intern(b[spans[2][0]:spans[2][1]])),
		Actor: d.intern(b[spans[3][0]:spans[3][1]]), Text: sub(4), URL: sub(5),
		Key: flags&1 == 1,
	}
	for _, m := range marks {
		d.e.Milestones = append(d.e.Milestones, timeline.Milestone(b[m[0]:m[1]]))
	}
	return p, nil
}

// intern returns b as a string shared with its earlier occurrences, for
// the first thousand distinct ones.
func (d *entryDecoder) intern(b []byte) string {
	if s, ok := d.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if d.names == nil {
		d.names = map[string]string{}
	}
	if len(d.names) < 1000 {
		d.names[s] = s
	}
	return s
}

// varintErr is what binary.Varint's n says: 0, too short (more to read);
// below 0, an overflow.
func varintErr(n int) error {
	if n < 0 {
		return errEntryLog
	}
	return nil
}
