package render

import (
	"regexp"
	"strings"
	"testing"
)

var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func render(t *testing.T, md, style string) (out, plain string) {
	t.Helper()
	b, err := Render([]byte(md), Options{Style: style, Width: 120})
	if err != nil {
		t.Fatal(err)
	}
	return string(b), sgr.ReplaceAllString(string(b), "")
}

func TestFrontMatterBecomesAHeader(t *testing.T) {
	md := "---\nincident: INC-7\ntitle: \"db \\\"primary\\\" down \"\nowner: \"\"\nreview_status: draft\n---\n\n# Review\n\ntext\n"
	_, plain := render(t, md, "nocolor")
	if !strings.Contains(plain, `incident INC-7 · title db "primary" down · review status draft`) {
		t.Errorf("no header line:\n%s", plain)
	}
	if strings.Contains(plain, "owner") || strings.Contains(plain, "---") || strings.Contains(plain, "review_status:") {
		t.Errorf("front matter drawn raw, or an empty value shown:\n%s", plain)
	}
	// Without front matter, or an unclosed block, nothing is taken.
	for _, md := range []string{"# Title\n\n---\n\nkey: v\n", "---\nkey: v\n# no end\n"} {
		if h, rest := frontMatter(md); h != "" || rest != md {
			t.Errorf("frontMatter(%q) = %q, %q", md, h, rest)
		}
	}
}

func TestCharacterReferencesToControlsStayText(t *testing.T) {
	md := "a &#27;[31mred &#x1B;]0;t&#7; &#155;2J &#x9b;2J, kept: &#65; &#x2014; &amp; `&#27;`\n"
	for _, style := range Styles {
		out, plain := render(t, md, style)
		if strings.ContainsAny(plain, "\x1b\x07\u009b") || strings.Contains(out, "\x1b[31m") {
			t.Errorf("%s: a reference decoded into a control: %q", style, out)
		}
		if !strings.Contains(plain, "&#27;[31mred") || !strings.Contains(plain, "A — &") {
			t.Errorf("%s: references not shown as written or decoded: %q", style, plain)
		}
	}
}

// The templates escape & and ~ in people's text; Glamour draws those
// escapes with their backslash unless rewritten. Code keeps backslashes.
func TestEscapesDrawnWithoutBackslash(t *testing.T) {
	md := "\\= A \\& B \\~ C \\\\ D \\*E\\* `x\\&y` ``a`\\&`` \\: end\n\n```\nq\\&r\n```\n"
	_, plain := render(t, md, "notty")
	for _, want := range []string{"= A & B ~ C \\ D *E*", "x\\&y", "a`\\&", "q\\&r", " : end"} {
		if !strings.Contains(plain, want) {
			t.Errorf("no %q in %q", want, plain)
		}
	}
}

func TestStyles(t *testing.T) {
	md := "# Title\n\n**bold** and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	out, plain := render(t, md, "nocolor")
	if strings.Contains(out, "38;5;") || !strings.Contains(out, "\x1b[1m") || strings.Contains(plain, "**") || !strings.Contains(plain, "─┼─") {
		t.Errorf("nocolor: want bold, borders, no colour, no markers: %q", out)
	}
	if out, _ := render(t, md, "dark"); !strings.Contains(out, "38;5;") {
		t.Errorf("dark: no colour: %q", out)
	}
	if _, plain := render(t, md, "ascii"); strings.Contains(plain, "│") {
		t.Errorf("ascii: non-ASCII borders: %q", plain)
	}
	if _, err := Render([]byte(md), Options{Style: "neon"}); err == nil {
		t.Error("an unknown style was accepted")
	}
	if got := TerminalStyle(func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] }); got != "nocolor" {
		t.Errorf("NO_COLOR: style %q", got)
	}
}
