package tui

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// sideWidth is the side panel's width, border included.
const sideWidth = 34

// sidePanel shows who holds which role, the milestones with the durations
// between them (each with its definition), and the open actions.
type sidePanel struct {
	st            *Styles
	zone          func() *time.Location
	inc           incident.Incident
	width, height int
}

func (p *sidePanel) SetSize(w, h int) { p.width, p.height = w, h }

func (p *sidePanel) View() string {
	w := max(p.width-2, 1) // the border and a space
	st := p.st
	var lines []string
	add := func(s string) { lines = append(lines, ansi.Truncate(s, w, "…")) }
	wrap := func(s string, indent string, style func(...string) string) {
		for _, l := range strings.Split(ansi.Wordwrap(s, w-len(indent), " "), "\n") {
			add(indent + style(l))
		}
	}

	add(st.PanelTitle.Render("Roles"))
	roles := p.inc.Roles
	if len(roles) == 0 {
		add(st.Muted.Render("  none yet (r)"))
	}
	names := slices.SortedFunc(maps.Keys(roles), func(a, b string) int {
		if r := roleRank(a) - roleRank(b); r != 0 {
			return r
		}
		return strings.Compare(a, b)
	})
	for _, role := range names {
		add("  " + st.Muted.Render(pad(timeline.SanitizeLine(role), 10)) + " " + st.Commander.Render(timeline.SanitizeLine(roles[role])))
	}

	lines = append(lines, "")
	add(st.PanelTitle.Render("Milestones"))
	ms := p.inc.Milestones
	for _, m := range timeline.Milestones {
		at, ok := ms[m]
		when := st.Faint.Render("—")
		if ok {
			when = st.Time.Render(at.In(p.zone()).Format("Jan 2 15:04"))
		}
		add("  " + st.Muted.Render(pad(string(m), 13)) + " " + when)
	}
	for _, pr := range timeline.CheckOrder(ms) {
		wrap("out of order: "+string(pr.Earlier)+" is after "+string(pr.Later), "  ", st.Error.Render)
	}
	if spans := timeline.Durations(ms); len(spans) > 0 {
		lines = append(lines, "")
		add(st.PanelTitle.Render("Durations"))
		for _, s := range spans {
			add("  " + st.Muted.Render(pad(s.Label, 20)) + " " + st.Title.Render(timeline.FormatDuration(s.Duration())))
			add("    " + st.Faint.Render("= "+string(s.To)+" − "+string(s.From)))
		}
	}

	lines = append(lines, "")
	open := p.inc.OpenActions()
	add(st.PanelTitle.Render("Open actions") + st.Muted.Render(" ("+strconv.Itoa(len(open))+")"))
	if len(open) == 0 {
		add(st.Muted.Render("  none (a adds one)"))
	}
	for _, a := range open {
		text := "#" + strconv.Itoa(a.Number) + " " + timeline.SanitizeLine(a.Text)
		if a.Owner != "" {
			text += " (" + timeline.SanitizeLine(a.Owner) + ")"
		}
		wrap(text, "  ", st.Commander.Render)
	}

	if len(lines) > p.height {
		lines = lines[:p.height]
	}
	for len(lines) < p.height {
		lines = append(lines, "")
	}
	border := st.PanelBorder.Render("│")
	for i, l := range lines {
		lines[i] = border + " " + l
	}
	return strings.Join(lines, "\n")
}

// roleRank orders the well-known roles first, in their usual order.
func roleRank(role string) int {
	if i := slices.Index(timeline.Roles, role); i >= 0 {
		return i
	}
	return len(timeline.Roles)
}
