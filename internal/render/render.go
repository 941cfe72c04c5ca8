// Package render draws a review's Markdown for a terminal, with Glamour:
// headings, tables with borders, emphasis and lists instead of the raw
// syntax. The review's YAML front matter becomes a one-line header.
//
// Only cmd/sitrep-render imports it. Glamour brings the Chroma syntax
// highlighter, whose lexers and styles register themselves at package
// init (tens of milliseconds), so sitrep itself must never link it: every
// sitrep process, `sitrep note` included, would pay that at start-up.
// sitrep runs the companion program instead when it is installed.
//
// The input is untrusted (a review quotes chat and pager text). It is
// sanitised, character references that would decode to control characters
// are left as text, and the rendered output is sanitised again keeping
// only SGR colour sequences: nothing from the text reaches the terminal
// as a control sequence.
package render

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Styles are the styles Render accepts: Glamour's dark, light, notty and
// ascii, and nocolor, the dark style without colours (bold, italics and
// table borders kept; no Markdown markers left, as notty and ascii leave).
var Styles = []string{"dark", "light", "nocolor", "notty", "ascii"}

// Options say how to render.
type Options struct {
	// Style is one of Styles; "" is dark.
	Style string
	// Width is the column to wrap at; 0 is 80.
	Width int
}

// Render renders Markdown for a terminal.
func Render(md []byte, o Options) ([]byte, error) {
	style := o.Style
	if style == "" {
		style = "dark"
	}
	if !validStyle(style) {
		return nil, fmt.Errorf("unknown style %q (one of %s)", style, strings.Join(Styles, ", "))
	}
	width := o.Width
	if width <= 0 {
		width = 80
	}
	text := timeline.Sanitize(string(md))
	header, body := frontMatter(text)
	body = header + neutraliseReferences(literalEscapes(body))
	styleOpt := glamour.WithStandardStyle(style)
	if style == "nocolor" {
		config, err := noColor()
		if err != nil {
			return nil, err
		}
		styleOpt = glamour.WithStyles(config)
	}
	r, err := glamour.NewTermRenderer(styleOpt, glamour.WithWordWrap(width))
	if err != nil {
		return nil, err
	}
	out, err := r.Render(body)
	if err != nil {
		return nil, err
	}
	return []byte(timeline.SanitizeStyled(out)), nil
}

func validStyle(s string) bool {
	for _, v := range Styles {
		if s == v {
			return true
		}
	}
	return false
}

// noColor is Glamour's dark style with every colour taken out.
func noColor() (ansi.StyleConfig, error) {
	var config ansi.StyleConfig
	b, err := json.Marshal(styles.DarkStyleConfig)
	if err != nil {
		return config, err
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return config, err
	}
	var strip func(any)
	strip = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			delete(v, "color")
			delete(v, "background_color")
			for _, c := range v {
				strip(c)
			}
		case []any:
			for _, c := range v {
				strip(c)
			}
		}
	}
	strip(tree)
	if b, err = json.Marshal(tree); err != nil {
		return config, err
	}
	err = json.Unmarshal(b, &config)
	return config, err
}

// TerminalStyle picks the style as the TUI picks its theme: "nocolor" when
// NO_COLOR is set, else light or dark from the terminal's background,
// asked through /dev/tty (stdin and stdout are pipes here). Without a
// terminal to ask, dark.
func TerminalStyle(getenv func(string) string) string {
	if getenv("NO_COLOR") != "" {
		return "nocolor"
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "dark"
	}
	defer tty.Close()
	if lipgloss.HasDarkBackground(tty, tty) {
		return "dark"
	}
	return "light"
}

// frontMatter splits a leading YAML front matter block ("---" lines
// around "key: value" lines) off text and returns it as a one-line
// Markdown header (the non-empty values, escaped) and the rest. Without
// front matter, the header is "".
func frontMatter(text string) (header, rest string) {
	if !strings.HasPrefix(text, "---\n") {
		return "", text
	}
	end := strings.Index(text[4:], "\n---\n")
	if end < 0 {
		return "", text
	}
	block, rest := text[4:4+end], text[4+end+5:]
	var parts []string
	for _, line := range strings.Split(block, "\n") {
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(unquote(strings.TrimSpace(value)))
		if value == "" {
			continue
		}
		key = strings.ReplaceAll(strings.TrimSpace(key), "_", " ")
		parts = append(parts, escape(key)+" **"+escape(value)+"**")
	}
	if len(parts) == 0 {
		return "", rest
	}
	return strings.Join(parts, " · ") + "\n\n", rest
}

// unquote removes YAML double or single quotes; escapes other than \" and
// \\ are left as written (never decoded into control characters).
func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(v[1 : len(v)-1])
	}
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	return v
}

// escape writes ASCII punctuation as numeric character references, so
// text is shown as written: Glamour shows some backslash escapes with
// their backslash.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			fmt.Fprintf(&b, "&#%d;", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// glamourKeepsBackslash are the characters whose backslash escape Glamour
// v2.0.1 draws with the backslash ("\&" as \&); the review templates
// escape & and ~ in people's text, and = at the start of a line.
const glamourKeepsBackslash = "\"$%&',/:;=?@^~"

// literalEscapes rewrites the backslash escapes Glamour would draw with
// their backslash as numeric character references, which it draws as the
// character alone, outside code spans and fenced code blocks (where a
// backslash is itself).
func literalEscapes(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 64)
	fence := ""
	for _, line := range strings.SplitAfter(s, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if len(line)-len(trimmed) <= 3 && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
			mark := trimmed[:3]
			if fence == "" {
				fence = mark
			} else if mark == fence {
				fence = ""
			}
			b.WriteString(line)
			continue
		}
		if fence != "" || !strings.Contains(line, "\\") {
			b.WriteString(line)
			continue
		}
		for i := 0; i < len(line); {
			c := line[i]
			switch {
			case c == '`':
				n := 1
				for i+n < len(line) && line[i+n] == '`' {
					n++
				}
				run := line[i : i+n]
				end := -1
				for j := i + n; j < len(line); {
					k := strings.Index(line[j:], run)
					if k < 0 {
						break
					}
					k += j
					if k+n < len(line) && line[k+n] == '`' { // a longer run is not the end
						j = k + n
						for j < len(line) && line[j] == '`' {
							j++
						}
						continue
					}
					end = k + n
					break
				}
				if end < 0 {
					b.WriteString(run)
					i += n
					continue
				}
				b.WriteString(line[i:end])
				i = end
			case c == '\\' && i+1 < len(line) && line[i+1] == '\\':
				b.WriteString("\\\\")
				i += 2
			case c == '\\' && i+1 < len(line) && strings.IndexByte(glamourKeepsBackslash, line[i+1]) >= 0:
				fmt.Fprintf(&b, "&#%d;", line[i+1])
				i += 2
			default:
				b.WriteByte(c)
				i++
			}
		}
	}
	return b.String()
}

var reference = regexp.MustCompile(`&#([0-9]{1,8}|[xX][0-9a-fA-F]{1,7});`)

// neutraliseReferences escapes numeric character references that decode
// to a control character (C0 but tab and newline, DEL, C1), so the Markdown
// parser shows them as text instead of decoding them into bytes the
// sanitised input no longer holds, such as an ESC before "[31m".
func neutraliseReferences(s string) string {
	if !strings.Contains(s, "&#") {
		return s
	}
	return reference.ReplaceAllStringFunc(s, func(ref string) string {
		num := ref[2 : len(ref)-1]
		var n uint64
		var err error
		if num[0] == 'x' || num[0] == 'X' {
			n, err = strconv.ParseUint(num[1:], 16, 32)
		} else {
			n, err = strconv.ParseUint(num, 10, 32)
		}
		if err != nil || n == '\t' || n == '\n' || (n >= 0x20 && n < 0x7f) || n > 0x9f {
			return ref
		}
		return "&amp;" + ref[1:]
	})
}
