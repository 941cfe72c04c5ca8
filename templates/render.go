package templates

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/timeline"
)

//go:embed builtin/*.md.tmpl builtin/partials.tmpl builtin/page.html.tmpl
var builtinFS embed.FS

// Ext is the file name ending of a review template.
const Ext = ".md.tmpl"

// Template is a review template: text/template source producing Markdown,
// with the shared partials (durations, narrative, appendix, ...) available.
type Template struct {
	Name        string
	Description string // the template's leading {{/* comment */}}
	Origin      string // "built-in", or the file it came from
	Overrides   bool   // a user template that replaces the built-in of the same name
	text        string
}

// Format is an output format of `sitrep review`.
type Format string

// The review formats.
const (
	Markdown Format = "md"
	HTML     Format = "html"
	JSON     Format = "json"
)

// ParseFormat accepts md (markdown), html and json.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "md", "markdown", "":
		return Markdown, nil
	case "html", "htm":
		return HTML, nil
	case "json":
		return JSON, nil
	}
	return "", fmt.Errorf("format %q is not md, html or json", s)
}

// BuiltIn returns the embedded templates, sorted by name.
func BuiltIn() []Template {
	names, _ := fs.Glob(builtinFS, "builtin/*"+Ext)
	var out []Template
	for _, n := range names {
		b, _ := builtinFS.ReadFile(n)
		out = append(out, newTemplate(strings.TrimSuffix(filepath.Base(n), Ext), "built-in", string(b)))
	}
	return out
}

func newTemplate(name, origin, text string) Template {
	return Template{Name: name, Origin: origin, Description: description(text), text: text}
}

// description is the text of a leading {{/* ... */}} comment, on one line.
func description(text string) string {
	t := strings.TrimLeft(text, " \t\r\n")
	if !strings.HasPrefix(t, "{{") {
		return ""
	}
	t = strings.TrimLeft(strings.TrimPrefix(t, "{{"), "- ")
	if !strings.HasPrefix(t, "/*") {
		return ""
	}
	end := strings.Index(t, "*/")
	if end < 0 {
		return ""
	}
	return strings.Join(strings.Fields(t[2:end]), " ")
}

// List returns the built-in templates and those in userDir (NAME.md.tmpl),
// sorted by name; a user template of a built-in's name replaces it. A
// missing userDir is not an error, and a template that does not parse is
// still listed (Check says what is wrong), so one broken file does not
// hide the others.
func List(userDir string) ([]Template, error) {
	byName := map[string]Template{}
	for _, t := range BuiltIn() {
		byName[t.Name] = t
	}
	if userDir != "" {
		paths, err := filepath.Glob(filepath.Join(userDir, "*"+Ext))
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			t := newTemplate(strings.TrimSuffix(filepath.Base(p), Ext), p, string(b))
			_, t.Overrides = byName[t.Name]
			byName[t.Name] = t
		}
	}
	var out []Template
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		out = append(out, byName[name])
	}
	return out, nil
}

// Check reports whether the template parses.
func (t Template) Check() error {
	_, err := t.parse(funcs(nil))
	return err
}

// Load reads a template file and checks that it parses.
func Load(path string) (Template, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Template{}, err
	}
	t := newTemplate(strings.TrimSuffix(filepath.Base(path), Ext), path, string(b))
	return t, t.Check()
}

// ErrNoTemplate means a template name matched nothing.
var ErrNoTemplate = errors.New("no such template")

// Find returns the template a user named: a file path (anything with a
// path separator or ending in .tmpl), else a user template in userDir,
// else a built-in.
func Find(name, userDir string) (Template, error) {
	if strings.ContainsRune(name, filepath.Separator) || strings.HasSuffix(name, ".tmpl") {
		return Load(name)
	}
	all, err := List(userDir)
	if err != nil {
		return Template{}, err
	}
	for _, t := range all {
		if t.Name == name {
			return t, nil
		}
	}
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.Name
	}
	return Template{}, fmt.Errorf("%w %q (there are: %s)", ErrNoTemplate, name, strings.Join(names, ", "))
}

// Render writes the review in a format. JSON is the facts themselves; the
// template shapes Markdown, and HTML is that Markdown as one printable,
// self-contained page.
func (t Template) Render(w io.Writer, f *Facts, format Format) error {
	switch format {
	case JSON:
		return writeJSON(w, f)
	case HTML:
		return t.html(w, f)
	default:
		return t.execute(w, f, funcs(f))
	}
}

func (t Template) execute(w io.Writer, f *Facts, fm template.FuncMap) error {
	tmpl, err := t.parse(fm)
	if err != nil {
		return err
	}
	if err := tmpl.Execute(w, f); err != nil {
		return fmt.Errorf("template %s: %w", t.Name, err)
	}
	return nil
}

func (t Template) parse(fm template.FuncMap) (*template.Template, error) {
	partials, _ := builtinFS.ReadFile("builtin/partials.tmpl")
	tmpl, err := template.New(t.Name).Funcs(fm).Parse(string(partials))
	if err == nil {
		_, err = tmpl.Parse(t.text)
	}
	if err != nil {
		return nil, fmt.Errorf("template %s (%s): %w", t.Name, t.Origin, err)
	}
	return tmpl, nil
}

// funcs are what templates can call.
func funcs(f *Facts) template.FuncMap {
	c := newClock(f)
	format := func(layout string) func(any) string {
		return func(v any) string {
			t, _ := asTime(v)
			return string(c.append(nil, layout, t))
		}
	}
	return template.FuncMap{
		"md":    escapeInline,
		"when":  format("15:04"),
		"clock": format(clockLayout),
		"short": shorten,
		"milestones": func(ms []timeline.Milestone) string {
			names := make([]string, len(ms))
			for i, m := range ms {
				names[i] = milestoneLabels[m]
			}
			return strings.Join(names, ", ")
		},
		// appendix writes the full timeline in Go rather than in a template
		// loop: it can hold 100,000 events.
		"appendix": func(f *Facts) string {
			size := 0
			for _, e := range f.Timeline {
				size += len(e.Actor) + len(e.Text) + 48 // the time, the kind, the markup, a few escapes
			}
			var b strings.Builder
			b.Grow(size) // 100,000 lines are megabytes: build them without regrowing
			var line []byte
			for _, e := range f.Timeline {
				line = append(line[:0], "- "...)
				line = c.append(line, clockLayout, e.At)
				line = append(line, ' ')
				line = append(line, e.Kind...)
				line = append(line, ' ')
				if e.Actor != "" {
					line = append(line, escapeInline(e.Actor)...)
					line = append(line, ": "...)
				}
				line = append(line, escapeInline(e.Text)...)
				line = append(line, '\n')
				b.Write(line)
			}
			return b.String()
		},
		"date": func(v any) string {
			t, ok := asTime(v)
			if !ok {
				return "—"
			}
			return t.In(c.loc).Format("Mon 2 Jan 2006")
		},
		"stamp": func(v any) string {
			t, ok := asTime(v)
			if !ok {
				return "—"
			}
			return t.In(c.loc).Format("2006-01-02 15:04 MST")
		},
		"dur":  humanDuration,
		"join": strings.Join,
		"link": markdownLink,
		"sev": func(s timeline.Severity) string {
			if s == 0 {
				return "unset"
			}
			return s.String()
		},
		"lines": func(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") },
	}
}

// clockLayout is how the timelines show a time of day.
const clockLayout = "15:04:05"

// clock shows times in the facts' zone, with the date whenever the
// incident spans days.
type clock struct {
	loc   *time.Location
	multi bool
}

func newClock(f *Facts) clock {
	c := clock{loc: time.UTC}
	if f != nil && f.loc != nil {
		c.loc = f.loc
	}
	if f != nil {
		c.multi = f.MultiDay
	}
	return c
}

// append appends t in the layout, or a dash when there is no time.
func (c clock) append(b []byte, layout string, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "—"...)
	}
	t = t.In(c.loc)
	if c.multi {
		b = t.AppendFormat(b, "2006-01-02 ")
	}
	return t.AppendFormat(b, layout)
}

func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t == nil {
			return time.Time{}, false
		}
		return *t, !t.IsZero()
	}
	return time.Time{}, false
}

func humanDuration(v any) string {
	switch d := v.(type) {
	case DurationFact:
		return timeline.FormatDuration(d.Duration())
	case *DurationFact:
		return timeline.FormatDuration(d.Duration())
	case SeverityTime:
		return timeline.FormatDuration(d.Duration())
	case time.Duration:
		return timeline.FormatDuration(d)
	case int64:
		return timeline.FormatDuration(time.Duration(d) * time.Second)
	}
	return fmt.Sprint(v)
}

// escapeInline makes untrusted text literal inside a Markdown line:
// newlines fold to spaces, and every character that could start markup,
// a link, raw HTML or a table cell is backslash-escaped. An underscore
// inside a word cannot start emphasis, so snake_case stays readable.
func escapeInline(s string) string {
	if plainInline(s) {
		return s // nothing to escape, which is most text
	}
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := rune(0)
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '[', ']', '<', '>', '|', '&', '~':
			b.WriteByte('\\')
		case '_':
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if !isAlnum(prev) || !isAlnum(next) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// plainInline reports whether s stands in a Markdown line as it is.
func plainInline(s string) bool {
	return !strings.ContainsAny(s, "\\`*[]<>|&~_\n\t\r\v\f") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s
}

// foldInline is the text a reader sees of escapeInline(s): its runs of
// white space folded, its backslashes gone.
func foldInline(s string) string {
	if plainInline(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// shorten cuts s to n characters, marking the cut.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// markdownLink renders a link to a web page, or the address as plain text
// when it is anything but http(s), so no javascript: link reaches a page.
func markdownLink(text, url string) string {
	if text == "" {
		text = url
	}
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") || strings.ContainsAny(url, " <>()\n\"'") {
		return escapeInline(text)
	}
	return "[" + escapeInline(text) + "](" + url + ")"
}
