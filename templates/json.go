package templates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// timelineSlot is where an empty timeline sits in the indented facts:
// every newline in that output is structural, so a key indented by two
// spaces can only be one of Facts' own.
const timelineSlot = "\n  \"timeline\": []"

// writeJSON writes the facts exactly as json.MarshalIndent(f, "", "  ")
// would, and a newline. The full timeline, which can hold 100,000 entries,
// is written here rather than through reflection and a second, indenting
// pass over the whole document: those were most of the time and memory of
// a large review.
func writeJSON(w io.Writer, f *Facts) error {
	if f.log == nil && len(f.Timeline) == 0 {
		b, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
	rest := *f
	rest.Timeline = []Entry{}
	doc, err := json.MarshalIndent(&rest, "", "  ")
	if err != nil {
		return err
	}
	head, tail, ok := bytes.Cut(doc, []byte(timelineSlot))
	if !ok {
		return errors.New("templates: the JSON facts have no timeline")
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	const flushAt = 32 << 10
	b := make([]byte, 0, flushAt+1024)
	b = append(b, "\n  \"timeline\": ["...)
	n := 0
	err = f.EachEntry(func(e *Entry) error {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		var err error
		if b, err = appendEntryJSON(b, e); err != nil {
			return err
		}
		if len(b) >= flushAt {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n == 0 {
		b = append(b[:len(b)-len("\n  \"timeline\": [")], "\n  \"timeline\": []"...)
		b = append(b, tail...)
		_, err = w.Write(append(b, '\n'))
		return err
	}
	b = append(b, "\n  ]"...)
	b = append(b, tail...)
	_, err = w.Write(append(b, '\n'))
	return err
}

// appendEntryJSON appends a timeline entry as an element of the indented
// timeline, following Entry's field tags.
func appendEntryJSON(b []byte, e *Entry) ([]byte, error) {
	const field = "\n      " // a field, three levels in
	b = append(b, "\n    {"...)
	if e.ID != "" {
		b = append(b, field+`"id": `...)
		b = appendJSONString(b, e.ID)
		b = append(b, ',')
	}
	b = append(b, field+`"at": "`...)
	b, err := e.At.AppendText(b) // what time.Time's MarshalJSON writes, unquoted
	if err != nil {
		return nil, fmt.Errorf("json: timeline entry %s: %w", e.ID, err)
	}
	b = append(b, `",`+field+`"kind": `...)
	b = appendJSONString(b, string(e.Kind))
	if e.Source != "" {
		b = append(b, ","+field+`"source": `...)
		b = appendJSONString(b, string(e.Source))
	}
	if e.Actor != "" {
		b = append(b, ","+field+`"actor": `...)
		b = appendJSONString(b, e.Actor)
	}
	b = append(b, ","+field+`"text": `...)
	b = appendJSONString(b, e.Text)
	if e.Key {
		b = append(b, ","+field+`"key": true`...)
	}
	if len(e.Milestones) > 0 {
		b = append(b, ","+field+`"milestones": [`...)
		for i, m := range e.Milestones {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, field+"  "...)
			b = appendJSONString(b, string(m))
		}
		b = append(b, field+"]"...)
	}
	if e.URL != "" {
		b = append(b, ","+field+`"url": `...)
		b = appendJSONString(b, e.URL)
	}
	return append(b, "\n    }"...), nil
}

// appendJSONString quotes s as encoding/json does by default: <, > and &
// escaped for HTML, invalid UTF-8 replaced, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
