package timeline

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes untrusted text (chat, pager, command output) safe to draw
// on a terminal. It removes escape sequences (CSI, OSC, DCS, SOS, PM, APC and
// two-byte ESC sequences, in 7-bit and 8-bit forms), every other C0 and C1
// control except newline and tab, DEL, the Unicode bidirectional
// overrides that can make text read differently from what it is, and
// invisible characters that hide text inside text: zero-width space
// (U+200B), word joiner and invisible operators (U+2060–U+2064), the byte
// order mark (U+FEFF), U+180E, deprecated format characters
// (U+206A–U+206F), interlinear annotations (U+FFF9–U+FFFB) and tag
// characters (U+E0000–U+E007F, kept only inside a flag after U+1F3F4). The
// zero-width joiner and non-joiner (U+200D, U+200C) are kept where writing
// needs them (emoji sequences, Persian, Indic scripts) and dropped between
// two ASCII characters, where they can only hide something. Carriage
// returns are dropped, as they let a line overwrite itself. Invalid UTF-8
// becomes U+FFFD. Sanitize(Sanitize(s)) == Sanitize(s).
//
// Stored events keep their text as given; sanitise when printing.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := rune(0) // the last rune written
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
			i++
			continue
		case r == 0x1b: // ESC
			i = skipEscape(s, i+1)
			continue
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x90 || r == 0x9d || r == 0x98 || r == 0x9e || r == 0x9f: // 8-bit DCS, OSC, SOS, PM, APC
			i = skipString(s, i+size)
			continue
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) || isInvisible(r):
			// dropped
		case r == 0x200c || r == 0x200d:
			if next := nextKept(s, i+size); prev < utf8.RuneSelf && next < utf8.RuneSelf {
				break // between two ASCII characters (or at an end): hiding
			}
			b.WriteString(s[i : i+size])
			prev = r
		case r >= 0xe0000 && r <= 0xe007f:
			if prev == 0x1f3f4 || (prev >= 0xe0000 && prev <= 0xe007f) {
				b.WriteString(s[i : i+size])
				prev = r
			}
		default:
			b.WriteString(s[i : i+size])
			prev = r
		}
		i += size
	}
	out := b.String()
	if out != s && !isSettled(out) {
		// Dropping a character can leave a joiner between two ASCII
		// characters; one more pass settles it, so Sanitize is idempotent.
		return Sanitize(out)
	}
	return out
}

// isSettled reports whether no joiner sits where a second pass would drop it.
func isSettled(s string) bool {
	if !strings.ContainsRune(s, 0x200c) && !strings.ContainsRune(s, 0x200d) {
		return true
	}
	prev := rune(0)
	for i, r := range s {
		if (r == 0x200c || r == 0x200d) && prev < utf8.RuneSelf && nextKept(s, i+utf8.RuneLen(r)) < utf8.RuneSelf {
			return false
		}
		prev = r
	}
	return true
}

// nextKept is the rune at s[i:], or 0 at the end.
func nextKept(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// isInvisible reports the characters that draw nothing and join nothing,
// which only serve to hide text inside text.
func isInvisible(r rune) bool {
	return r == 0x200b || (r >= 0x2060 && r <= 0x2064) || r == 0xfeff || r == 0x180e ||
		(r >= 0x206a && r <= 0x206f) || (r >= 0xfff9 && r <= 0xfffb)
}

// SanitizeLine is Sanitize for one-line displays: newlines and tabs become
// spaces.
func SanitizeLine(s string) string {
	s = Sanitize(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.NewReplacer("\n", " ", "\t", " ").Replace(s)
	}
	return s
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return false // leave multibyte checks to the slow path
		}
		if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// skipEscape skips what follows an ESC at s[i:] and returns the index after it.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// nF sequences: intermediate bytes 0x20–0x2F, then one final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte of a
// control sequence. A sequence broken by another control ends there.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x20 && c <= 0x3f: // parameters and intermediates
			i++
		case c >= 0x40 && c <= 0x7e: // final byte
			return i + 1
		default:
			return i
		}
	}
	return i
}

// skipString skips a control string (OSC, DCS, SOS, PM, APC) up to and
// including its terminator: BEL, ESC \ or 8-bit ST. An unterminated string
// swallows the rest of the text, as a terminal would.
func skipString(s string, i int) int {
	for i < len(s) {
		if s[i] == 0x07 {
			return i + 1
		}
		if s[i] == 0x1b {
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // a new sequence begins; the caller handles it
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x9c { // 8-bit ST
			return i + size
		}
		i += size
	}
	return i
}
