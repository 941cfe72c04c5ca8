package templates

import (
	"bytes"
	htmltemplate "html/template"
	"io"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/util"
)

// appendixMarker stands in for each full-timeline appendix in the Markdown
// that goldmark converts for a page. An appendix can hold 100,000 lines,
// and converting them was most of the time of an HTML review; they are all
// alike, so the page gets them written directly, as the list goldmark
// would have made of them.
const appendixMarker = "sitrep-full-timeline-appendix"

// markerParagraph is what goldmark makes of a marker on a line of its own.
const markerParagraph = "<p>" + appendixMarker + "</p>\n"

// html writes the review as one page: the template's Markdown converted
// with raw HTML disabled (goldmark's default: raw HTML is dropped, not
// passed through), in a page with its own print stylesheet and nothing
// fetched from elsewhere.
func (t Template) html(w io.Writer, f *Facts) error {
	body, appendices, err := t.htmlBody(f)
	if err != nil {
		return err
	}
	src, err := builtinFS.ReadFile("builtin/page.html.tmpl")
	if err != nil {
		return err
	}
	page, err := htmltemplate.New("page").Parse(string(src))
	if err != nil {
		return err
	}
	if err := page.ExecuteTemplate(w, "head", struct{ Title string }{f.Incident.ID + " review: " + f.Incident.Title}); err != nil {
		return err
	}
	c := newClock(f)
	// The incident's shape goes under the page's heading.
	if i := bytes.Index(body, []byte("</h1>\n")); i >= 0 {
		if _, err := w.Write(body[:i+6]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, shapeSVG(f, c)); err != nil {
			return err
		}
		body = body[i+6:]
	}
	for _, a := range appendices {
		before, after, _ := bytes.Cut(body, []byte(markerParagraph))
		if _, err := w.Write(before); err != nil {
			return err
		}
		if err := writeAppendixHTML(w, a, c); err != nil {
			return err
		}
		body = after
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	return page.ExecuteTemplate(w, "foot", nil)
}

// htmlBody converts the template's Markdown with a marker in place of each
// appendix, and returns the facts of each appendix in order. Where the
// markers did not come through as paragraphs of their own (a user template
// put the appendix inside other markup, or some text carries the marker),
// it converts the Markdown appendix instead, slow as that is.
func (t Template) htmlBody(f *Facts) (body []byte, appendices []*Facts, err error) {
	fm := funcs(f)
	fm["appendix"] = func(a *Facts) string {
		appendices = append(appendices, a)
		return appendixMarker + "\n"
	}
	var md bytes.Buffer
	if err := t.execute(&md, f, fm); err != nil {
		return nil, nil, err
	}
	body, err = markdownToHTML(stripFrontMatter(md.Bytes()))
	if err != nil {
		return nil, nil, err
	}
	n := len(appendices)
	if bytes.Count(md.Bytes(), []byte(appendixMarker)) == n && bytes.Count(body, []byte(markerParagraph)) == n {
		return body, appendices, nil
	}
	md.Reset()
	if err := t.execute(&md, f, funcs(f)); err != nil {
		return nil, nil, err
	}
	body, err = markdownToHTML(stripFrontMatter(md.Bytes()))
	return body, nil, err
}

// stripFrontMatter drops a leading YAML front matter block: it is for
// tools reading the Markdown, and a page would show it as text.
func stripFrontMatter(md []byte) []byte {
	rest, ok := bytes.CutPrefix(md, []byte("---\n"))
	if !ok {
		return md
	}
	if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
		return bytes.TrimLeft(rest[i+5:], "\n")
	}
	return md
}

func markdownToHTML(md []byte) ([]byte, error) {
	conv := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	var body bytes.Buffer
	if err := conv.Convert(md, &body); err != nil {
		return nil, err
	}
	return body.Bytes(), nil
}

// writeAppendixHTML writes the entries as goldmark converts the Markdown
// appendix: a table, each cell's text as a reader sees it, escaped, and a
// link where an entry has one.
func writeAppendixHTML(w io.Writer, f *Facts, c clock) error {
	const flushAt = 32 << 10
	b := make([]byte, 0, flushAt+1024)
	b = append(b, "<table>\n<thead>\n<tr>\n<th>time</th>\n<th>kind</th>\n<th>who</th>\n<th>what</th>\n</tr>\n</thead>\n"...)
	n := 0
	var tc timeCache
	err := f.EachEntry(func(e *Entry) error {
		if n == 0 {
			b = append(b, "<tbody>\n"...)
		}
		n++
		b = append(b, "<tr>\n<td>"...)
		b = tc.append(b, c, clockLayout, e.At)
		b = append(b, "</td>\n<td>"...)
		b = appendHTMLText(b, string(e.Kind))
		b = append(b, "</td>\n<td>"...)
		b = appendHTMLText(b, foldInline(e.Actor))
		b = append(b, "</td>\n<td>“"...)
		b = appendHTMLText(b, foldInline(quoteInner(e.Text)))
		b = append(b, "”"...)
		if e.URL != "" && webURL(e.URL) {
			b = append(b, ` <a href="`...)
			if plainURL(e.URL) {
				b = append(b, e.URL...)
			} else {
				b = append(b, util.EscapeHTML(util.URLEscape([]byte(e.URL), true))...)
			}
			b = append(b, `">↗</a>`...)
		}
		b = append(b, "</td>\n</tr>\n"...)
		if len(b) >= flushAt {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n > 0 {
		b = append(b, "</tbody>\n"...)
	}
	b = append(b, "</table>\n"...)
	_, err = w.Write(b)
	return err
}

// appendHTMLText escapes text as goldmark does (it spells a quote &quot;,
// and leaves an apostrophe be), so the appendix reads like the rest of
// the page.
func appendHTMLText(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&quot;"
		default:
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		start = i + 1
	}
	return append(b, s[start:]...)
}

// urlPlain are the bytes an address can hold that escaping it for a page
// (goldmark's URLEscape, then EscapeHTML) leaves as they are.
var urlPlain = func() (set [256]bool) {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/.-_~?=#+,") {
		set[c] = true
	}
	return set
}()

// plainURL reports whether url needs no escaping in an href: most
// permalinks, on every row of a large appendix.
func plainURL(url string) bool {
	for i := 0; i < len(url); i++ {
		if !urlPlain[url[i]] {
			return false
		}
	}
	return true
}
