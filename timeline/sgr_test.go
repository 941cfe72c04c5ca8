package timeline

import "testing"

func TestSanitizeStyledKeepsOnlyColour(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"\x1b[1;38;5;228mbold\x1b[0m", "\x1b[1;38;5;228mbold\x1b[0m"},
		{"\x1b[38:2::1:2:3mrgb\x1b[m", "\x1b[38:2::1:2:3mrgb\x1b[m"},
		// A hyperlink, a title, cursor movement, a clipboard write and
		// a bare control go; the text and the colours around them stay.
		{"\x1b[1ma\x1b]8;id=1;http://x\x1b\\link\x1b]8;;\x1b\\\x1b[0m", "\x1b[1malink\x1b[0m"},
		{"x\x1b]0;owned\x07y\x1b[2Jz\x1b[31m!", "xyz\x1b[31m!"},
		{"\x1b]52;c;ZXZpbA==\x07\x1b[0mend\r\x07", "\x1b[0mend"},
		{"\x1b[31;\x1b[32m", "\x1b[32m"},
		{"\u202eevil\x1b[0m\u009b2J", "evil\x1b[0m"},
	} {
		if got := SanitizeStyled(c.in); got != c.want {
			t.Errorf("SanitizeStyled(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := SanitizeStyled(SanitizeStyled(c.in)); got != c.want {
			t.Errorf("not idempotent on %q: %q", c.in, got)
		}
	}
}
