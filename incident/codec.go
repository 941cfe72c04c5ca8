package incident

import (
	"encoding/binary"
	"errors"
	"slices"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Events are stored in a compact binary form rather than JSON: a review or
// a TUI start decodes every event of an incident, and this is several times
// faster to decode.
//
//	version byte (1)
//	strings: uvarint length, then bytes; times: varint Unix nanoseconds
//	id, incident, at, recorded, source, kind, actor, text, ref,
//	uvarint attribute count, then key and value strings in key order
const codecVersion = 1

var errCorrupt = errors.New("corrupt event record")

func encodeEvent(e timeline.Event) []byte {
	n := 64 + len(e.ID) + len(e.Incident) + len(e.Source) + len(e.Kind) + len(e.Actor) + len(e.Text) + len(e.Ref)
	for k, v := range e.Attrs {
		n += len(k) + len(v) + 4
	}
	b := make([]byte, 0, n)
	b = append(b, codecVersion)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	str(e.ID)
	str(e.Incident)
	b = binary.AppendVarint(b, e.At.UnixNano())
	b = binary.AppendVarint(b, e.Recorded.UnixNano())
	str(string(e.Source))
	str(string(e.Kind))
	str(e.Actor)
	str(e.Text)
	str(e.Ref)
	keys := make([]string, 0, len(e.Attrs))
	for k := range e.Attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		str(k)
		str(e.Attrs[k])
	}
	return b
}

// decodeEvent copies everything out of b, which may be bbolt's memory.
func decodeEvent(b []byte) (timeline.Event, error) {
	var e timeline.Event
	if len(b) == 0 || b[0] != codecVersion {
		return e, errCorrupt
	}
	d := decoder{b: b[1:]}
	e.ID = d.str()
	e.Incident = d.str()
	e.At = time.Unix(0, d.varint()).UTC()
	e.Recorded = time.Unix(0, d.varint()).UTC()
	e.Source = timeline.Source(d.str())
	e.Kind = timeline.Kind(d.str())
	e.Actor = d.str()
	e.Text = d.str()
	e.Ref = d.str()
	if n := d.uvarint(); n > 0 && d.err == nil {
		if n > uint64(len(d.b)) {
			return e, errCorrupt
		}
		e.Attrs = make(map[string]string, n)
		for range n {
			k := d.str()
			e.Attrs[k] = d.str()
		}
	}
	if d.err != nil {
		return timeline.Event{}, d.err
	}
	return e, nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
