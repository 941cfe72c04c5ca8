package tui

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sitrep-dev/sitrep/timeline"
)

// detailView shows one event in full, over the timeline: when, who and
// where from, the whole text wrapped, every attribute, a recorded
// command's output tail and the links. The event is read from the store
// when opened, as the timeline keeps only what its rows draw.
type detailView struct {
	st   *Styles
	keys KeyMap
	zone func() *time.Location

	id     string
	event  timeline.Event
	loaded bool
	err    error

	lines         []string // the content, wrapped to the width
	top           int
	width, height int
}

func newDetail(st *Styles, keys KeyMap, zone func() *time.Location, id string) *detailView {
	return &detailView{st: st, keys: keys, zone: zone, id: id}
}

func (d *detailView) SetSize(w, h int) {
	d.width, d.height = w, max(h, 1)
	d.wrap()
}

func (d *detailView) loadedEvent(e timeline.Event, err error) {
	d.event, d.err, d.loaded = e, err, true
	d.wrap()
}

// Update scrolls; it reports whether the detail should close.
func (d *detailView) Update(msg tea.KeyPressMsg) (closed bool) {
	k := d.keys
	switch {
	case key.Matches(msg, k.Close):
		return true
	case key.Matches(msg, k.Up):
		d.top--
	case key.Matches(msg, k.Down):
		d.top++
	case key.Matches(msg, k.PageUp):
		d.top -= d.height - 1
	case key.Matches(msg, k.PageDown):
		d.top += d.height - 1
	case key.Matches(msg, k.Top):
		d.top = 0
	case key.Matches(msg, k.Bottom):
		d.top = len(d.lines)
	}
	d.clamp()
	return false
}

func (d *detailView) clamp() {
	d.top = max(min(d.top, len(d.lines)-d.height), 0)
}

// linkAttrs are the attributes that hold links.
var linkAttrs = []string{timeline.AttrPermalink, timeline.AttrURL}

// wrap lays the event out in lines of the view's width, every untrusted
// part sanitised.
func (d *detailView) wrap() {
	st, w := d.st, max(d.width-2, 10)
	var lines []string
	add := func(s string) { lines = append(lines, " "+ansi.Truncate(s, w, "…")) }
	para := func(s, indent string, style func(...string) string) {
		for _, l := range strings.Split(ansi.Wrap(s, w-len(indent), " "), "\n") {
			lines = append(lines, " "+indent+style(l))
		}
	}
	field := func(name, value string) {
		if value != "" {
			para(st.Muted.Render(pad(name, 10))+" "+timeline.SanitizeLine(value), "", fmtPlain)
		}
	}
	switch {
	case !d.loaded:
		add(st.Muted.Render("loading " + timeline.SanitizeLine(d.id) + "…"))
	case d.err != nil:
		add(st.Error.Render("✗ " + errText(d.err)))
	default:
		e := d.event
		field("when", e.At.In(d.zone()).Format("Mon 2 Jan 2006 15:04:05 MST")+"  ("+e.At.UTC().Format(time.RFC3339Nano)+")")
		field("kind", string(e.Kind))
		field("source", string(e.Source))
		field("actor", e.Actor)
		field("recorded", e.Recorded.In(d.zone()).Format("2006-01-02 15:04:05 MST"))
		field("id", e.ID)
		field("ref", e.Ref)
		lines = append(lines, "")
		text := timeline.Sanitize(e.Text)
		if e.Kind == timeline.KindCommand {
			text = "$ " + text
		}
		if strings.TrimSpace(text) == "" {
			text = timeline.Summary(e)
		}
		para(timeline.Sanitize(text), "", st.Title.UnsetBold().Render)

		var attrs []string
		for _, k := range slices.Sorted(maps.Keys(e.Attrs)) {
			if k != timeline.AttrOutput && !slices.Contains(linkAttrs, k) {
				attrs = append(attrs, k)
			}
		}
		if len(attrs) > 0 {
			lines = append(lines, "", " "+st.PanelTitle.Render("Attributes"))
			for _, k := range attrs {
				para(st.Muted.Render(pad(timeline.SanitizeLine(k), 12))+" "+timeline.SanitizeLine(e.Attrs[k]), "  ", fmtPlain)
			}
		}
		var links []string
		for _, k := range linkAttrs {
			if v := e.Attr(k); v != "" {
				links = append(links, timeline.SanitizeLine(v))
			}
		}
		if len(links) > 0 {
			lines = append(lines, "", " "+st.PanelTitle.Render("Links"))
			for _, l := range links {
				para(l, "  ", st.ID.Render)
			}
		}
		if out := e.Attr(timeline.AttrOutput); out != "" {
			lines = append(lines, "", " "+st.PanelTitle.Render("Output (tail)"))
			for _, l := range strings.Split(strings.TrimRight(timeline.Sanitize(out), "\n"), "\n") {
				para(strings.ReplaceAll(l, "\t", "    "), "  ", st.Muted.Render)
			}
		}
	}
	d.lines = lines
	d.clamp()
}

// fmtPlain draws text as it is, for parts styled already.
func fmtPlain(s ...string) string { return strings.Join(s, "") }

// View draws the visible lines, padded to the height.
func (d *detailView) View() string {
	end := min(d.top+d.height, len(d.lines))
	out := slices.Clone(d.lines[d.top:end])
	for len(out) < d.height {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// title is the rule above the detail.
func (d *detailView) title() string {
	if len(d.lines) <= d.height {
		return "event in full"
	}
	return fmt.Sprintf("event in full · lines %d–%d of %d", d.top+1, min(d.top+d.height, len(d.lines)), len(d.lines))
}

func (d *detailView) helpView(h help.Model, width int) string {
	return helpBar(h, width, detailKeys{d.keys}.ShortHelp(), d.keys.Quit)
}
