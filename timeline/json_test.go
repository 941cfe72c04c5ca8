package timeline

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// AppendJSONString is encoding/json without HTML escaping, except that the
// runes a terminal could act on are escaped too; either way it decodes to
// the same text.
func TestAppendJSONString(t *testing.T) {
	texts := []string{"", "plain text", `a <b> & "c" \d`, "\u2028 and \u2029", "invalid \xff\xfe utf-8 \xe2\x82",
		"é 日本語 😀", "del \u007f c1 \u009b[31m", "bidi \u202eevil\u202c zero\u200bwidth \ufeff", "isolate \u2066x\u2069", "mongolian \u180e inhibit \u206a anchor \ufff9"}
	for c := 0; c < 0x80; c++ {
		texts = append(texts, "x"+string(rune(c))+"y")
	}
	for _, s := range texts {
		got := AppendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q: %s does not decode: %v", s, got, err)
		}
		if want := string([]rune(s)); back != want { // each invalid byte is U+FFFD
			t.Errorf("%q: decodes to %q", s, back)
		}
		for _, r := range string(got) {
			if r < 0x20 || r == 0x7f || JSONEscaped(r) {
				t.Errorf("%q: raw %U in %s", s, r, got)
			}
		}
		var std bytes.Buffer
		enc := json.NewEncoder(&std)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if plain := !strings.ContainsFunc(s, func(r rune) bool { return r == 0x7f || JSONEscaped(r) }) && utf8.ValidString(s); plain &&
			!bytes.Equal(got, bytes.TrimSuffix(std.Bytes(), []byte("\n"))) {
			t.Errorf("%q: got %s, encoding/json without HTML escaping writes %s", s, got, std.Bytes())
		}
	}
	if got := string(AppendJSONString(nil, "a > b & c")); got != `"a > b & c"` {
		t.Errorf("HTML-escaped: %s", got)
	}
}
