package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/sitrep-dev/sitrep/timeline"
)

// timelineSlot is where an empty timeline sits in the indented facts:
// every newline in that output is structural, so a key indented by two
// spaces can only be one of Facts' own.
const timelineSlot = "\n  \"timeline\": []"

// writeJSON writes the facts exactly as timeline.MarshalJSON(f, "  ")
// would, and a newline. The full timeline, which can hold 100,000 entries,
// is written here rather than through reflection and a second, indenting
// pass over the whole document: those were most of the time and memory of
// a large review.
func writeJSON(w io.Writer, f *Facts) error {
	if f.log == nil && len(f.Timeline) == 0 {
		b, err := timeline.MarshalJSON(f, "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
	rest := *f
	rest.Timeline = []Entry{}
	doc, err := timeline.MarshalJSON(&rest, "  ")
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
		b = timeline.AppendJSONString(b, e.ID)
		b = append(b, ',')
	}
	b = append(b, field+`"at": "`...)
	b, err := e.At.AppendText(b) // what time.Time's MarshalJSON writes, unquoted
	if err != nil {
		return nil, fmt.Errorf("json: timeline entry %s: %w", e.ID, err)
	}
	b = append(b, `",`+field+`"kind": `...)
	b = timeline.AppendJSONString(b, string(e.Kind))
	if e.Source != "" {
		b = append(b, ","+field+`"source": `...)
		b = timeline.AppendJSONString(b, string(e.Source))
	}
	if e.Actor != "" {
		b = append(b, ","+field+`"actor": `...)
		b = timeline.AppendJSONString(b, e.Actor)
	}
	b = append(b, ","+field+`"text": `...)
	b = timeline.AppendJSONString(b, e.Text)
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
			b = timeline.AppendJSONString(b, string(m))
		}
		b = append(b, field+"]"...)
	}
	if e.URL != "" {
		b = append(b, ","+field+`"url": `...)
		b = timeline.AppendJSONString(b, e.URL)
	}
	return append(b, "\n    }"...), nil
}
