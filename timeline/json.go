package timeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// AppendJSONString appends s as a JSON string the way every sitrep JSON
// output writes text: as encoding/json with HTML escaping off (">" stays
// ">"), invalid UTF-8 as U+FFFD, and every rune a terminal or an editor
// could act on (C0, DEL, C1, bidirectional controls, zero-width
// characters, U+2028/U+2029) as \uXXXX, so JSON can be printed, paged and
// diffed safely and still decodes to the exact text.
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
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
		case JSONEscaped(r):
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
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

// JSONEscaped reports whether a rune above ASCII is written as \uXXXX in
// sitrep's JSON: C1 controls and every rune Sanitize drops for hiding or
// reordering text in the Basic Multilingual Plane (bidirectional controls,
// invisible characters; \uXXXX cannot spell the astral tag characters),
// plus the zero-width joiners and the line and paragraph separators.
func JSONEscaped(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || isBidiControl(r) || isInvisible(r) ||
		(r >= 0x200b && r <= 0x200f) || r == 0x2028 || r == 0x2029
}

// MarshalJSON is json.MarshalIndent (or json.Marshal with indent "") with
// the rules of AppendJSONString: no HTML escaping, and the runes a terminal
// could act on written as \uXXXX.
func MarshalJSON(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return escapeJSONRunes(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// escapeJSONRunes rewrites, in valid JSON, the runes encoding/json leaves
// raw but that must not reach a terminal. They can only occur inside
// strings, where \uXXXX means the same rune.
func escapeJSONRunes(b []byte) []byte {
	clean := true
	for _, c := range b {
		if c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7f || JSONEscaped(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}
