package timeline

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "db failover done", "db failover done"},
		{"newline and tab kept", "a\n\tb", "a\n\tb"},
		{"OSC title with BEL", "hi\x1b]0;owned\x07there", "hithere"},
		{"OSC hyperlink with ST", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"CSI clear screen", "\x1b[2Jcleared", "cleared"},
		{"CSI colour", "\x1b[1;31mred\x1b[0m", "red"},
		{"8-bit CSI", "a\u009b2Jb", "ab"},
		{"8-bit OSC", "a\u009d0;x\u009cb", "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100\x1b\\b", "ab"},
		{"two-byte ESC", "a\x1bcb", "ab"},
		{"charset ESC ( B", "a\x1b(Bb", "ab"},
		{"C0 controls", "a\x00b\x07c\x08d\re", "abcde"},
		{"DEL and C1", "a\x7fb\u0085c", "abc"},
		{"bidi override", "a\u202eevil\u202c", "aevil"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"unterminated OSC swallows rest", "a\x1b]0;title", "a"},
		{"trailing ESC", "a\x1b", "a"},
		{"ESC inside OSC starts new sequence", "a\x1b]0;t\x1b[2Jb", "ab"},
		{"unicode kept", "café ✓ 日本", "café ✓ 日本"},
		{"zero-width space", "ad\u200bmin", "admin"},
		{"BOM and word joiner", "\ufeffa\u2060b\u2063c", "abc"},
		{"ZWJ between ASCII", "ad\u200dmi\u200cn", "admin"},
		{"ZWJ at the ends", "\u200dadmin\u200d", "admin"},
		{"emoji ZWJ sequence kept", "👩\u200d💻", "👩\u200d💻"},
		{"ZWNJ in Persian kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"tag characters smuggled", "ok\U000e0068\U000e0069", "ok"},
		{"flag with tags kept", "\U0001f3f4\U000e0067\U000e0062\U000e007f", "\U0001f3f4\U000e0067\U000e0062\U000e007f"},
		{"joiner left between ASCII by a dropped character", "a\u200d\u200bb", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeLine(t *testing.T) {
	if got := SanitizeLine("a\nb\tc\x1b[2J"); got != "a b c" {
		t.Errorf("SanitizeLine = %q", got)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]0;owned\x07", "\x1b[2J", "\u009b31m", "\x1bP\x1b\\", "a\xffb", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", in, out)
		}
		for _, r := range out {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
				t.Fatalf("control %U survived in %q -> %q", r, in, out)
			}
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if len(out) > len(in)*3 {
			t.Fatalf("output grew too much: %d -> %d", len(in), len(out))
		}
		if strings.ContainsRune(out, 0x1b) {
			t.Fatalf("ESC survived")
		}
	})
}

func BenchmarkSanitizeClean(b *testing.B) {
	s := strings.Repeat("rolling back the deploy of api-gateway ", 4)
	for b.Loop() {
		Sanitize(s)
	}
}
