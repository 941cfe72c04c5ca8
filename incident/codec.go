package incident

import (
	"encoding/binary"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/oklog/ulid/v2"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Events are stored in a compact binary form rather than JSON: a review or
// a TUI start decodes every event of an incident, and this is several times
// faster to decode, and about half the size.
//
// Version 2 (written since schema 3; version 1 is still read):
//
//	version byte (2), flags byte
//	id: 16 bytes if flagULID (a canonical ULID), else a string
//	incident: uvarint n if flagIncidentNumber ("INC-n"), else a string
//	at: varint Unix ns, absent if flagZeroAt
//	recorded: varint (recorded − at) ns (at taken as 0 when zero), absent
//	if flagZeroRecorded
//	source, kind: uvarint index+1 into codecSources/codecKinds, or 0 and a string
//	actor, text, ref: strings
//	uvarint attribute count, then per attribute in key order: the key as
//	an index+1 into codecAttrs or 0 and a string, then the value string
//
// Strings are a uvarint length and the bytes. The tables below only ever
// grow at the end: a stored index must keep its meaning.
//
// Version 1: version byte, then id, incident, at (varint ns), recorded
// (varint ns), source, kind, actor, text, ref as strings, and the
// attribute count, keys and values as strings.
const codecVersion = 2

const (
	flagULID = 1 << iota
	flagIncidentNumber
	flagZeroAt
	flagZeroRecorded
)

var (
	codecSources = []timeline.Source{timeline.SourceCLI, timeline.SourceTUI, timeline.SourceShell, timeline.SourcePagerDuty,
		timeline.SourceSlack, timeline.SourceImport, timeline.SourceDemo}
	codecKinds = []timeline.Kind{timeline.KindNote, timeline.KindMessage, timeline.KindStatus, timeline.KindSeverity,
		timeline.KindRole, timeline.KindTitle, timeline.KindLink, timeline.KindMilestone, timeline.KindPage, timeline.KindNotify,
		timeline.KindAck, timeline.KindEscalate, timeline.KindAssign, timeline.KindResolve, timeline.KindCommand,
		timeline.KindAction, timeline.KindFactor, timeline.KindQuestion, timeline.KindFlag}
	codecAttrs = []string{timeline.AttrOld, timeline.AttrNew, timeline.AttrRole, timeline.AttrWho, timeline.AttrMilestone,
		timeline.AttrAction, timeline.AttrState, timeline.AttrOwner, timeline.AttrTarget, timeline.AttrFlag, timeline.AttrSource,
		timeline.AttrExternalID, timeline.AttrURL, timeline.AttrPermalink, timeline.AttrThread, timeline.AttrExitCode,
		timeline.AttrDuration, timeline.AttrArgv, timeline.AttrOutput, timeline.AttrCwd, timeline.AttrService, timeline.AttrAliasRefs}
)

var errCorrupt = errors.New("corrupt event record")

func encodeEvent(e timeline.Event) []byte {
	n := 40 + len(e.ID) + len(e.Incident) + len(e.Source) + len(e.Kind) + len(e.Actor) + len(e.Text) + len(e.Ref)
	for k, v := range e.Attrs {
		n += len(k) + len(v) + 4
	}
	b := make([]byte, 2, n)
	b[0] = codecVersion
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	var flags byte
	if id, err := ulid.ParseStrict(e.ID); err == nil && id.String() == e.ID {
		flags |= flagULID
		b = append(b, id[:]...)
	} else {
		str(e.ID)
	}
	if n, ok := canonicalNumber(e.Incident); ok {
		flags |= flagIncidentNumber
		b = binary.AppendUvarint(b, n)
	} else {
		str(e.Incident)
	}
	var at int64
	if e.At.IsZero() {
		flags |= flagZeroAt
	} else {
		at = e.At.UnixNano()
		b = binary.AppendVarint(b, at)
	}
	if e.Recorded.IsZero() {
		flags |= flagZeroRecorded
	} else {
		b = binary.AppendVarint(b, e.Recorded.UnixNano()-at)
	}
	b[1] = flags
	if i := slices.Index(codecSources, e.Source); i >= 0 {
		b = binary.AppendUvarint(b, uint64(i+1))
	} else {
		b = append(b, 0)
		str(string(e.Source))
	}
	if i := slices.Index(codecKinds, e.Kind); i >= 0 {
		b = binary.AppendUvarint(b, uint64(i+1))
	} else {
		b = append(b, 0)
		str(string(e.Kind))
	}
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
		if i := slices.Index(codecAttrs, k); i >= 0 {
			b = binary.AppendUvarint(b, uint64(i+1))
		} else {
			b = append(b, 0)
			str(k)
		}
		str(e.Attrs[k])
	}
	return b
}

// canonicalNumber returns n for "INC-n" written as FormatID writes it.
func canonicalNumber(id string) (uint64, bool) {
	rest, ok := strings.CutPrefix(id, "INC-")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(rest, 10, 64)
	if err != nil || FormatID(n) != id {
		return 0, false
	}
	return n, true
}

// decodeEvent copies everything out of b, which may be bbolt's memory.
func decodeEvent(b []byte) (timeline.Event, error) { return decodeWith(b, decoder{}, true, nil) }

// peekScratch is what peekEvent reuses from one event to the next.
type peekScratch struct {
	id    [ulid.EncodedSize]byte
	attrs map[string]string
}

// peekEvent decodes b without copying its strings: they share b's memory
// or p's, so the event is valid only while b is (inside the read
// transaction) and until the next peekEvent with p. For scans whose
// predicates keep nothing of what they look at. The incident is left out
// (the scan knows it); the attributes are left out unless attrs.
func peekEvent(b []byte, p *peekScratch, attrs bool) (timeline.Event, error) {
	if attrs && p.attrs == nil {
		p.attrs = map[string]string{}
	}
	return decodeWith(b, decoder{shared: true, id: &p.id}, attrs, p.attrs)
}

func decodeWith(b []byte, d decoder, attrs bool, scratch map[string]string) (timeline.Event, error) {
	if len(b) > 0 && b[0] == 1 {
		return decodeEventV1(b)
	}
	var e timeline.Event
	if len(b) < 2 || b[0] != codecVersion {
		return e, errCorrupt
	}
	flags := b[1]
	d.b = b[2:]
	if flags&flagULID != 0 {
		if len(d.b) < 16 {
			return e, errCorrupt
		}
		if d.shared {
			ulid.ULID(d.b[:16]).MarshalTextTo(d.id[:])
			e.ID = unsafe.String(&d.id[0], len(d.id))
		} else {
			e.ID = ulid.ULID(d.b[:16]).String()
		}
		d.b = d.b[16:]
	} else {
		e.ID = d.str()
	}
	switch {
	case flags&flagIncidentNumber != 0 && d.shared:
		d.uvarint()
	case flags&flagIncidentNumber != 0:
		e.Incident = FormatID(d.uvarint())
	default:
		e.Incident = d.str()
	}
	var at int64
	if flags&flagZeroAt == 0 {
		at = d.varint()
		e.At = time.Unix(0, at).UTC()
	}
	if flags&flagZeroRecorded == 0 {
		e.Recorded = time.Unix(0, at+d.varint()).UTC()
	}
	e.Source = timeline.Source(d.indexed(func(i uint64) (string, bool) {
		if i > uint64(len(codecSources)) {
			return "", false
		}
		return string(codecSources[i-1]), true
	}))
	e.Kind = timeline.Kind(d.indexed(func(i uint64) (string, bool) {
		if i > uint64(len(codecKinds)) {
			return "", false
		}
		return string(codecKinds[i-1]), true
	}))
	e.Actor = d.str()
	e.Text = d.str()
	e.Ref = d.str()
	if n := d.uvarint(); n > 0 && d.err == nil && attrs {
		if n > uint64(len(d.b)) {
			return e, errCorrupt
		}
		if scratch != nil {
			clear(scratch)
			e.Attrs = scratch
		} else {
			e.Attrs = make(map[string]string, n)
		}
		for range n {
			k := d.indexed(func(i uint64) (string, bool) {
				if i > uint64(len(codecAttrs)) {
					return "", false
				}
				return codecAttrs[i-1], true
			})
			e.Attrs[k] = d.str()
		}
	}
	if d.err != nil {
		return timeline.Event{}, d.err
	}
	return e, nil
}

func decodeEventV1(b []byte) (timeline.Event, error) {
	var e timeline.Event
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
	b      []byte
	err    error
	shared bool                    // strings point into b rather than copy it
	id     *[ulid.EncodedSize]byte // where a shared ULID is spelled out
}

// indexed reads a table index+1, or 0 and a string.
func (d *decoder) indexed(table func(uint64) (string, bool)) string {
	i := d.uvarint()
	if d.err != nil || i == 0 {
		return d.str()
	}
	s, ok := table(i)
	if !ok {
		d.err = errCorrupt
	}
	return s
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
	var s string
	if d.shared {
		s = unsafe.String(unsafe.SliceData(d.b), int(n))
	} else {
		s = string(d.b[:n])
	}
	d.b = d.b[n:]
	return s
}
