package timeline

import (
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// DecodeLine decodes one line of `sitrep timeline --json` into e, when
// the line is in exactly that shape: string fields under their own names,
// times as RFC 3339 strings, attrs an object of strings. That is several
// times faster than encoding/json, which matters at a million lines, and
// gives what encoding/json gives. For any other line it reports false,
// leaving e in any state: decode it with encoding/json, which decides what
// it means or which error it is.
func DecodeLine(b []byte, e *Event) bool {
	*e = Event{}
	d := lineDecoder{b: b}
	if !d.byte('{') {
		return false
	}
	if d.byte('}') {
		return d.end()
	}
	for {
		key, ok := d.str()
		if !ok || !d.byte(':') {
			return false
		}
		if key == "attrs" {
			if !d.attrs(e) {
				return false
			}
		} else {
			v, ok := d.str()
			if !ok {
				return false
			}
			switch key {
			case "id":
				e.ID = v
			case "incident":
				e.Incident = v
			case "source":
				e.Source = Source(v)
			case "kind":
				e.Kind = Kind(v)
			case "actor":
				e.Actor = v
			case "text":
				e.Text = v
			case "ref":
				e.Ref = v
			case "at", "recorded":
				var t time.Time
				if d.escapes || t.UnmarshalText([]byte(v)) != nil {
					return false
				}
				if key == "at" {
					e.At = t
				} else {
					e.Recorded = t
				}
			default:
				return false // another field, or another case: encoding/json decides
			}
		}
		if d.byte(',') {
			continue
		}
		return d.byte('}') && d.end()
	}
}

func (d *lineDecoder) attrs(e *Event) bool {
	if e.Attrs != nil {
		return false // a second "attrs": encoding/json merges them
	}
	if d.literal("null") {
		return true
	}
	if !d.byte('{') {
		return false
	}
	e.Attrs = map[string]string{}
	if d.byte('}') {
		return true
	}
	for {
		k, ok := d.str()
		if !ok || !d.byte(':') {
			return false
		}
		v, ok := d.str()
		if !ok {
			return false
		}
		e.Attrs[k] = v
		if d.byte(',') {
			continue
		}
		return d.byte('}')
	}
}

type lineDecoder struct {
	b       []byte
	i       int
	escapes bool // the last string read had escapes
}

func (d *lineDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\r', '\n':
			d.i++
		default:
			return
		}
	}
}

// byte consumes c (after white space) if it is next.
func (d *lineDecoder) byte(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *lineDecoder) literal(s string) bool {
	d.space()
	if len(d.b)-d.i >= len(s) && string(d.b[d.i:d.i+len(s)]) == s {
		d.i += len(s)
		return true
	}
	return false
}

func (d *lineDecoder) end() bool {
	d.space()
	return d.i == len(d.b)
}

// str reads a JSON string. Invalid UTF-8, which encoding/json would
// replace, and anything else unusual, report false.
func (d *lineDecoder) str() (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	d.escapes = false
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			if !utf8.Valid(s) {
				return "", false
			}
			return string(s), true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		}
		d.i++
	}
	return "", false
}

// escaped finishes a string that has escapes, from its start.
func (d *lineDecoder) escaped(start int) (string, bool) {
	d.escapes = true
	out := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			if !utf8.Valid(out) {
				return "", false
			}
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.b) {
			return "", false
		}
		esc := d.b[d.i+1]
		d.i += 2
		switch esc {
		case '"', '\\', '/':
			out = append(out, esc)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				// A pair, or encoding/json's replacement rules decide.
				if d.i+1 >= len(d.b) || d.b[d.i] != '\\' || d.b[d.i+1] != 'u' {
					return "", false
				}
				d.i += 2
				r2, ok := d.hex4()
				if !ok {
					return "", false
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return "", false
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (d *lineDecoder) hex4() (rune, bool) {
	if d.i+4 > len(d.b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d.b[d.i:d.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(n), true
}
