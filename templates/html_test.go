package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// awkwardIncident is the known incident with text that Markdown, HTML or
// white space could get wrong, for checking the appendix goldmark no
// longer converts against what goldmark makes of it.
func awkwardIncident() []timeline.Event {
	const cli = timeline.SourceCLI
	events := knownIncident()
	for i, text := range []string{
		`a < b && c > d, "quoted" and 'single'`,
		"<script>alert(1)</script> <b>bold</b> <!-- comment -->",
		"**bold** _em_ snake_case __init__ ~~struck~~ `code` [link](https://x.example) ![img](y.png)",
		`back\slash \* and | a pipe | and \`,
		"&amp; &lt; &#39; entities",
		"tabs\tand\nnewlines  and   runs of spaces ",
		"trailing no-break space\u00a0",
		"é_é naïve café 日本語 😀 _under_ x_",
		"# not a heading - not a list 1. not ordered > not a quote",
		"https://example.com/auto <https://example.com/angle> www.example.com",
		"a line ending in a backslash\\",
	} {
		events = append(events, ev("X"+string(rune('A'+i)), "16:20", cli, timeline.KindNote, "o'brien <ob> under_score_", text))
	}
	return append(events,
		ev("XY", "16:21", timeline.SourceSlack, timeline.KindMessage, "dave", ""),
		ev("XZ", "16:22", timeline.SourceSlack, timeline.KindMessage, "", "no actor"),
	)
}

// goldmarkAppendix is the HTML page body as goldmark converts the whole
// Markdown draft, appendix included.
func goldmarkAppendix(t *testing.T, tmpl Template, f *Facts) []byte {
	t.Helper()
	body, err := markdownToHTML(stripFrontMatter(render(t, tmpl, f, Markdown)))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// withoutShape is a page without the incident's shape, which only the
// page has.
func withoutShape(page []byte) []byte {
	start := bytes.Index(page, []byte(`<figure class="shape">`))
	end := bytes.Index(page, []byte("</figure>\n"))
	if start < 0 || end < start {
		return page
	}
	return append(page[:start:start], page[end+len("</figure>\n"):]...)
}

func TestHTMLAppendixIsWhatGoldmarkMakes(t *testing.T) {
	_, inc, events := storeWith(t, awkwardIncident())
	// Nine hours east the incident crosses midnight: times carry dates.
	east := time.FixedZone("UTC+9", 9*60*60)
	for _, f := range []*Facts{Assemble(inc, events, Options{}), Assemble(inc, events, Options{Location: east})} {
		for _, tmpl := range BuiltIn() {
			if _, appendices, err := tmpl.htmlBody(f); err != nil || len(appendices) != 1 {
				t.Fatalf("%s: %d appendices written directly (%v), want 1", tmpl.Name, len(appendices), err)
			}
			if out := withoutShape(render(t, tmpl, f, HTML)); !bytes.Contains(out, goldmarkAppendix(t, tmpl, f)) {
				t.Errorf("%s (multi-day %v): the page differs from goldmark's conversion of the Markdown", tmpl.Name, f.MultiDay)
			}
		}
	}
}

func TestHTMLAppendixMarkerOutOfPlace(t *testing.T) {
	events := knownIncident()
	events = append(events, ev("XA", "16:20", timeline.SourceCLI, timeline.KindFactor, "carol", appendixMarker))
	_, inc, evs := storeWith(t, events)
	f := Assemble(inc, evs, Options{})

	dir := t.TempDir()
	inList := filepath.Join(dir, "inlist.md.tmpl")
	if err := os.WriteFile(inList, []byte("# {{.Incident.ID}}\n\n- events:\n  {{appendix .}}\n- after\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	user, err := Load(inList)
	if err != nil {
		t.Fatal(err)
	}
	// A factor that reads like the marker, and a template that puts the
	// appendix inside a list: the whole draft goes through goldmark.
	for _, tmpl := range []Template{builtin(t, "default"), user} {
		if _, appendices, err := tmpl.htmlBody(f); err != nil || appendices != nil {
			t.Fatalf("%s: %d appendices written directly (%v), want none", tmpl.Name, len(appendices), err)
		}
		if out := withoutShape(render(t, tmpl, f, HTML)); !bytes.Contains(out, goldmarkAppendix(t, tmpl, f)) {
			t.Errorf("%s: the page differs from goldmark's conversion of the Markdown", tmpl.Name)
		}
	}
}
