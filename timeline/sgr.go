package timeline

import "strings"

// SanitizeStyled is Sanitize for text a trusted styler has coloured: it
// keeps SGR sequences (ESC [ digits, ';' and ':' then 'm': colours, bold,
// underline, reset) and sanitises everything between them, so other
// escape sequences (hyperlinks, titles, cursor movement, clipboard
// writes) and controls are removed. It is for the output of a renderer
// such as sitrep-render, whose input was sanitised: a colour is the most
// such output can carry.
func SanitizeStyled(s string) string {
	if !strings.ContainsRune(s, 0x1b) {
		return Sanitize(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, 0x1b)
		for i >= 0 {
			if n := sgrLen(s[i:]); n > 0 {
				break
			}
			j := strings.IndexByte(s[i+1:], 0x1b)
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			b.WriteString(Sanitize(s))
			break
		}
		n := sgrLen(s[i:])
		b.WriteString(Sanitize(s[:i]))
		b.WriteString(s[i : i+n])
		s = s[i+n:]
	}
	return b.String()
}

// sgrLen is the length of the SGR sequence s starts with, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s) && i < 64; i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}
