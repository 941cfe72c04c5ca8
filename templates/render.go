package templates

import (
	"bufio"
	"bytes"
	"cmp"
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

// UsesTimeline reports whether the template reads the full timeline
// itself (.Timeline) rather than through {{appendix .}}: it then needs the
// facts' Timeline loaded (Facts.LoadTimeline).
func (t Template) UsesTimeline() bool { return strings.Contains(t.text, ".Timeline") }

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
		return t.markdown(w, f)
	}
}

// markdown writes the draft with each full-timeline appendix streamed
// into its place rather than built as one string: it can hold a million
// rows. Where a template puts the appendix inside other text, the string
// is built after all.
func (t Template) markdown(w io.Writer, f *Facts) error {
	fm := funcs(f)
	var appendices []*Facts
	fm["appendix"] = func(a *Facts) string {
		appendices = append(appendices, a)
		return appendixMarker + "\n"
	}
	var md bytes.Buffer
	if err := t.execute(&md, f, fm); err != nil {
		return err
	}
	doc := md.Bytes()
	line := []byte("\n" + appendixMarker + "\n")
	if bytes.Count(doc, []byte(appendixMarker)) != len(appendices) || bytes.Count(doc, line) != len(appendices) {
		return t.execute(w, f, funcs(f))
	}
	c := newClock(f)
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, a := range appendices {
		before, after, _ := bytes.Cut(doc, line)
		bw.Write(before)
		bw.WriteString("\n" + appendixHeader)
		// Rows are gathered into one buffer and written in blocks.
		const flushAt = 32 << 10
		row := make([]byte, 0, flushAt+1024)
		var tc timeCache
		if err := a.EachEntry(func(e *Entry) error {
			row = appendAppendixRow(row, e, c, &tc)
			if len(row) < flushAt {
				return nil
			}
			_, err := bw.Write(row)
			row = row[:0]
			return err
		}); err != nil {
			return err
		}
		if _, err := bw.Write(row); err != nil {
			return err
		}
		doc = after
	}
	bw.Write(doc)
	return bw.Flush()
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
		"quote": quote,
		"when":  format("15:04"),
		"clock": format(clockLayout),
		"short": shorten,
		"line":  func(m Moment) string { return narrativeLine(m, c) },
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
			var b strings.Builder
			b.WriteString(appendixHeader)
			var line []byte
			var tc timeCache
			f.EachEntry(func(e *Entry) error {
				line = appendAppendixRow(line[:0], e, c, &tc)
				b.Write(line)
				return nil
			})
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
		"yaml": yamlString,
		"ticket": func(s string) string {
			if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
				name := s[strings.LastIndexByte(strings.TrimRight(s, "/"), '/')+1:]
				return markdownLink(cmp.Or(name, s), s)
			}
			return escapeInline(s)
		},
		"sev": func(s timeline.Severity) string {
			if s == 0 {
				return "unset"
			}
			return s.String()
		},
		"reached": func(p Person) string {
			contacts := slices.Clone(p.Reached)
			if p.AcknowledgedAt != nil {
				contacts = append(contacts, Contact{How: "acknowledged", At: *p.AcknowledgedAt})
				slices.SortStableFunc(contacts, func(a, b Contact) int { return a.At.Compare(b.At) })
			}
			var parts []string
			for _, r := range contacts {
				parts = append(parts, r.How+" "+string(c.append(nil, "15:04", r.At)))
			}
			if len(parts) == 0 {
				return "—"
			}
			return strings.Join(parts, ", ")
		},
		"firstAction": firstAction,
		"code":        codeSpan,
		"zone": func(f *Facts) string {
			if len(f.Offsets) == 0 || f.TimeZone == "UTC" {
				return f.TimeZone
			}
			var parts []string
			for i, o := range f.Offsets {
				p := "UTC" + o.Offset
				if o.Name != "" && o.Name != "UTC" && !strings.HasPrefix(o.Name, "+") && !strings.HasPrefix(o.Name, "-") {
					p = o.Name + ", " + p
				}
				if i > 0 {
					p += " from " + o.From.In(c.loc).Format("2006-01-02 15:04")
				}
				parts = append(parts, p)
			}
			return f.TimeZone + " (" + strings.Join(parts, "; ") + ")"
		},
		"lines": func(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") },
	}
}

// appendixHeader opens the full timeline's table.
const appendixHeader = "| time | kind | who | what |\n|---|---|---|---|\n"

// appendAppendixRow appends one row of the full timeline: people's words
// in quotes, so that the lint (which skips quotations) judges the
// review's author and not what was said during the incident.
func appendAppendixRow(b []byte, e *Entry, c clock, tc *timeCache) []byte {
	b = append(b, "| "...)
	b = tc.append(b, c, clockLayout, e.At)
	b = append(b, " | "...)
	b = append(b, e.Kind...)
	b = append(b, " | "...)
	b = appendEscapeInline(b, e.Actor)
	b = append(b, " | "...)
	b = append(b, "“"...)
	b = appendEscapeInline(b, quoteInner(e.Text))
	b = append(b, "”"...)
	if e.URL != "" && webURL(e.URL) {
		b = append(b, " [↗]("...) // markdownLink("↗", e.URL)
		b = append(b, e.URL...)
		b = append(b, ')')
	}
	return append(b, " |\n"...)
}

// timeCache keeps the last time a timeline showed, to the second: a
// timeline's neighbours often share one, and formatting a time in a zone
// was a tenth of a large draft's rendering. Every layout here shows
// whole seconds, and a zone's offset changes only on a whole second.
type timeCache struct {
	sec    int64
	layout string
	text   []byte
	day    int64 // in UTC: the day of date, "2006-01-02 "
	date   []byte
}

// append appends c.append(b, layout, t), from the cache when it can.
func (tc *timeCache) append(b []byte, c clock, layout string, t time.Time) []byte {
	if t.IsZero() {
		return c.append(b, layout, t)
	}
	if c.loc == time.UTC && layout == clockLayout && !c.offsets {
		// UTC, the default, needs no zone: the date (when shown) changes
		// once a day, and the time of day is arithmetic.
		sec := t.Unix()
		day, s := sec/86400, sec%86400
		if s < 0 {
			day, s = day-1, s+86400
		}
		if c.multi {
			if day != tc.day || tc.date == nil {
				tc.day, tc.date = day, t.UTC().AppendFormat(tc.date[:0], "2006-01-02 ")
			}
			b = append(b, tc.date...)
		}
		h, m := s/3600, s/60%60
		s %= 60
		return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	}
	if sec := t.Unix(); sec != tc.sec || layout != tc.layout || tc.text == nil {
		tc.sec, tc.layout = sec, layout
		tc.text = c.append(tc.text[:0], layout, t)
	}
	return append(b, tc.text...)
}

// clockLayout is how the timelines show a time of day.
const clockLayout = "15:04:05"

// clock shows times in the facts' zone, with the date whenever the
// incident spans days, and the UTC offset whenever it changed during the
// incident.
type clock struct {
	loc     *time.Location
	multi   bool
	offsets bool
}

func newClock(f *Facts) clock {
	c := clock{loc: time.UTC}
	if f != nil && f.loc != nil {
		c.loc = f.loc
	}
	if f != nil {
		c.multi = f.MultiDay
		c.offsets = f.OffsetChanges()
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
	b = t.AppendFormat(b, layout)
	if c.offsets {
		b = t.AppendFormat(b, " -07:00")
	}
	return b
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
		return exactDuration(d.Duration())
	case *DurationFact:
		return exactDuration(d.Duration())
	case SeverityTime:
		return exactDuration(d.Duration())
	case time.Duration:
		return exactDuration(d)
	case int64:
		return exactDuration(time.Duration(d) * time.Second)
	}
	return fmt.Sprint(v)
}

// exactDuration spells a duration to the second, however long:
// 2h52m50s, 1d03h00m05s, 40m, 9m30s.
func exactDuration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	d = d.Round(time.Second)
	days, h, m, s := d/(24*time.Hour), d%(24*time.Hour)/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second
	switch {
	case days > 0:
		return fmt.Sprintf("%s%dd%02dh%02dm%02ds", sign, days, h, m, s)
	case h > 0:
		return fmt.Sprintf("%s%dh%02dm%02ds", sign, h, m, s)
	case m > 0 && s == 0:
		return fmt.Sprintf("%s%dm", sign, m)
	case m > 0:
		return fmt.Sprintf("%s%dm%02ds", sign, m, s)
	}
	return fmt.Sprintf("%s%ds", sign, s)
}

// quote puts what someone wrote in quotation marks, escaped for Markdown:
// a draft quotes people, and the lint reads only its author's prose.
// Curly quotes inside become straight ones, so the quotation ends where
// it should.
func quote(s string) string {
	return "“" + escapeInline(quoteInner(s)) + "”"
}

// quoteInner is s with its curly quotes made straight.
func quoteInner(s string) string {
	if strings.IndexByte(s, 0xe2) < 0 || !strings.Contains(s, "“") && !strings.Contains(s, "”") { // both start with 0xe2
		return s
	}
	return strings.NewReplacer("“", "\"", "”", "\"").Replace(s)
}

// yamlString is s as a YAML double-quoted scalar (JSON's string syntax,
// which YAML accepts).
func yamlString(s string) string {
	return string(timeline.AppendJSONString(nil, s))
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
	// What would open a block at the start of a line (a heading, a list
	// item, a quote, a thematic break) is escaped there: a factor that
	// reads "# not a heading" stays text inside the review's list.
	if s != "" && strings.IndexByte("#+-=", s[0]) >= 0 {
		b.WriteByte('\\')
	} else if n := leadingDigits(s); n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
		b.WriteString(s[:n])
		b.WriteByte('\\')
		s = s[n:]
	}
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

// appendEscapeInline appends escapeInline(s) to b.
func appendEscapeInline(b []byte, s string) []byte {
	if plainInline(s) {
		return append(b, s...)
	}
	return append(b, escapeInline(s)...)
}

// inlineMarkup are the bytes that keep a text from standing in a Markdown
// line as it is, wherever they are.
var inlineMarkup = func() (set [256]bool) {
	for _, c := range []byte("\\`*[]<>|&~_\n\t\r\v\f") {
		set[c] = true
	}
	return set
}()

// plainInline reports whether s stands in a Markdown line as it is: no
// markup character, no run of spaces, no space at either end, and nothing
// at its start that opens a block. One pass over the bytes, since every
// cell of a million-row appendix asks.
func plainInline(s string) bool {
	if s == "" {
		return true
	}
	if strings.IndexByte("#+-=>", s[0]) >= 0 || leadingDigits(s) > 0 {
		return false
	}
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inlineMarkup[c] {
			return false
		}
		if c == ' ' {
			if space {
				return false
			}
			space = true
		} else {
			space = false
		}
	}
	// No white space at either end (strings.TrimSpace's notion of it).
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if s[0] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
			return false
		}
	}
	if s[len(s)-1] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
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
	if !webURL(url) {
		return escapeInline(text)
	}
	return "[" + escapeInline(text) + "](" + url + ")"
}

// webURL reports whether url is an http(s) address a Markdown link can
// hold as it is.
func webURL(url string) bool {
	return (strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")) && !strings.ContainsAny(url, " <>()\n\"'")
}
