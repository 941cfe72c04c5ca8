package templates

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// entryLog holds the full timeline of a large review compactly, in order:
// a byte encoding of each entry in memory, moved to a temporary file once
// it passes spillAt. A million entries would take hundreds of megabytes as
// Go values; encoded they are a stream the appendix reads once.
type entryLog struct {
	spillAt int // bytes kept in memory
	buf     []byte
	file    *os.File
	w       *bufio.Writer
	n       int
	first   time.Time
	last    time.Time
	err     error
}

// spillAt is how much of the log stays in memory.
const spillAt = 16 << 20

func (l *entryLog) add(e *Entry) {
	if l.err != nil {
		return
	}
	if l.n == 0 {
		l.first = e.At
	}
	l.last = e.At
	l.n++
	b := binary.AppendVarint(l.buf, e.At.UnixNano())
	for _, s := range []string{e.ID, string(e.Kind), string(e.Source), e.Actor, e.Text, e.URL} {
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
	l.buf = b
	if len(l.buf) >= l.spillAt || (len(l.buf) > cap(l.buf)-512 && l.file != nil) {
		l.spill()
	}
}

// spill moves what is in memory to the temporary file.
func (l *entryLog) spill() {
	if l.file == nil {
		f, err := os.CreateTemp("", "sitrep-review-*")
		if err != nil {
			l.err = fmt.Errorf("review: a temporary file for the timeline: %w", err)
			return
		}
		os.Remove(f.Name()) // gone when closed, whatever happens
		l.file, l.w = f, bufio.NewWriterSize(f, 1<<20)
	}
	if _, err := l.w.Write(l.buf); err != nil {
		l.err = err
	}
	l.buf = l.buf[:0]
}

// each decodes the entries in order; the Entry passed is reused.
func (l *entryLog) each(fn func(*Entry) error) error {
	if l.err != nil {
		return l.err
	}
	if l.file != nil {
		if err := l.w.Flush(); err != nil {
			return err
		}
		if _, err := l.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := decodeEntries(bufio.NewReaderSize(io.LimitReader(l.file, 1<<62), 1<<20), fn); err != nil {
			return err
		}
		if _, err := l.file.Seek(0, io.SeekEnd); err != nil {
			return err
		}
	}
	return decodeEntries(&byteReader{b: l.buf}, fn)
}

// close drops the temporary file.
func (l *entryLog) close() {
	if l.file != nil {
		l.file.Close()
		l.file = nil
	}
}

type entryReader interface {
	io.ByteReader
	io.Reader
}

type byteReader struct {
	b []byte
	i int
}

func (r *byteReader) ReadByte() (byte, error) {
	if r.i >= len(r.b) {
		return 0, io.EOF
	}
	r.i++
	return r.b[r.i-1], nil
}

func (r *byteReader) Read(p []byte) (int, error) {
	if r.i >= len(r.b) {
		return 0, io.EOF
	}
	n := copy(p, r.b[r.i:])
	r.i += n
	return n, nil
}

func decodeEntries(r entryReader, fn func(*Entry) error) error {
	var e Entry
	var scratch []byte
	str := func() (string, error) {
		n, err := binary.ReadUvarint(r)
		if err != nil {
			return "", err
		}
		if cap(scratch) < int(n) {
			scratch = make([]byte, n)
		}
		scratch = scratch[:n]
		if _, err := io.ReadFull(r, scratch); err != nil {
			return "", err
		}
		return string(scratch), nil
	}
	for {
		at, err := binary.ReadVarint(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		e = Entry{At: time.Unix(0, at).UTC()}
		var kind, source string
		for _, dst := range []*string{&e.ID, &kind, &source, &e.Actor, &e.Text, &e.URL} {
			if *dst, err = str(); err != nil {
				return err
			}
		}
		e.Kind, e.Source = timeline.Kind(kind), timeline.Source(source)
		flags, err := binary.ReadUvarint(r)
		if err != nil {
			return err
		}
		e.Key = flags&1 == 1
		for range flags >> 1 {
			m, err := str()
			if err != nil {
				return err
			}
			e.Milestones = append(e.Milestones, timeline.Milestone(m))
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
}
