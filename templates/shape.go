package templates

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// sevColours are the severity bands' fills, worst first.
var sevColours = map[timeline.Severity]string{1: "#cf222e", 2: "#e16f24", 3: "#d4a72c", 4: "#57ab5a", 5: "#8c959f"}

// shapeMarks caps the page and key-event marks drawn.
const shapeMarks = 400

// shapeSVG draws the incident's shape for the HTML draft, inline: a time
// axis, the severity bands, the impact, the milestones, the pages and the
// key events. Like the rest of the draft it depends only on the facts.
func shapeSVG(f *Facts, c clock) string {
	from, to := f.span()
	if from.IsZero() || !to.After(from) {
		return ""
	}
	const width, left, right = 720.0, 12.0, 12.0
	x := func(t time.Time) float64 {
		return left + (width-left-right)*float64(t.Sub(from))/float64(to.Sub(from))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="shape"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g 168" width="100%%" role="img" aria-labelledby="shape-title">`+"\n", width)
	fmt.Fprintf(&b, `<title id="shape-title">%s: severity, impact, milestones, pages and key events from %s to %s</title>`+"\n",
		html.EscapeString(f.Incident.ID), html.EscapeString(string(c.append(nil, "15:04", from))), html.EscapeString(string(c.append(nil, "15:04", to))))
	// Severity over time.
	for _, band := range f.Severity.Bands {
		x0, x1 := x(band.From), x(band.To)
		fmt.Fprintf(&b, `<rect x="%.1f" y="14" width="%.1f" height="26" fill="%s"><title>%s %s–%s</title></rect>`+"\n",
			x0, max(x1-x0, 0.5), sevColours[band.Severity], band.Severity, c.append(nil, "15:04", band.From), c.append(nil, "15:04", band.To))
		if x1-x0 > 34 {
			fmt.Fprintf(&b, `<text x="%.1f" y="31" font-size="11" fill="#fff">%s</text>`+"\n", x0+4, band.Severity)
		}
	}
	// Impact, from its start to its end.
	if s, e := f.Milestone(string(timeline.Started)), f.Milestone(string(timeline.Resolved)); s != nil && e != nil && e.At.After(s.At) {
		fmt.Fprintf(&b, `<rect x="%.1f" y="46" width="%.1f" height="8" fill="#57606a"><title>impact %s</title></rect>`+"\n",
			x(s.At), x(e.At)-x(s.At), exactDuration(e.At.Sub(s.At)))
	}
	// Pages and key events.
	for _, t := range f.pageTimes {
		fmt.Fprintf(&b, `<path d="M%.1f 60 l4 8 h-8 z" fill="#0969da"><title>page %s</title></path>`+"\n", x(t), c.append(nil, clockLayout, t))
	}
	for _, t := range f.keyTimes {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="76" r="3.5" fill="#8250df"><title>key event %s</title></circle>`+"\n", x(t), c.append(nil, clockLayout, t))
	}
	pages, keys := len(f.pageTimes), len(f.keyTimes)
	// Milestones, their labels on two rows so neighbours do not collide.
	for i, m := range f.Milestones {
		mx := x(m.At)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="10" x2="%.1f" y2="92" stroke="#1f2328" stroke-dasharray="3 2"/>`+"\n", mx, mx)
		anchor := "middle"
		switch {
		case mx < 60:
			anchor = "start"
		case mx > width-60:
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" text-anchor="%s" fill="#1f2328">%s %s</text>`+"\n",
			mx, 108+14*(i%2), anchor, html.EscapeString(m.Label), c.append(nil, "15:04", m.At))
	}
	// The axis, with its ends.
	fmt.Fprintf(&b, `<line x1="%g" y1="92" x2="%g" y2="92" stroke="#57606a"/>`+"\n", left, width-right)
	fmt.Fprintf(&b, `<text x="%g" y="150" font-size="10" fill="#57606a">%s</text>`+"\n", left, c.append(nil, "15:04", from))
	fmt.Fprintf(&b, `<text x="%g" y="150" font-size="10" text-anchor="end" fill="#57606a">%s</text>`+"\n", width-right, c.append(nil, "15:04", to))
	fmt.Fprintf(&b, `<text x="%g" y="164" font-size="10" text-anchor="middle" fill="#57606a">bands: severity · grey bar: impact · triangles: pages (%d) · dots: key events (%d)</text>`+"\n", width/2, pages, keys)
	b.WriteString("</svg></figure>\n")
	return b.String()
}
