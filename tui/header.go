package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// header draws the incident's identity and state: ID, title, severity,
// status, the elapsed clock and the commander, then the health of each
// linked integration.
type header struct {
	st     *Styles
	inc    incident.Incident
	health []Health
	now    time.Time
	width  int
}

func (h *header) SetSize(w int) { h.width = w }

// elapsed is the time since the incident was detected (or opened); once
// it is resolved, the clock stops there.
func elapsed(inc incident.Incident, now time.Time) time.Duration {
	from, ok := inc.Milestones[timeline.Detected]
	if !ok || from.IsZero() {
		from = inc.OpenedAt
	}
	if end, ok := inc.Milestones[timeline.Resolved]; ok && !inc.Open() && end.After(from) {
		now = end
	}
	return max(now.Sub(from), 0)
}

// clock formats a duration as a ticking clock: "1:07:03", "2d 03:12:44".
func clock(d time.Duration) string {
	d = d.Truncate(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	s := fmt.Sprintf("%d:%02d:%02d", d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second)
	if days > 0 {
		s = fmt.Sprintf("%dd %02d:%02d:%02d", days, d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second)
	}
	return s
}

// lines returns the header's lines, each cut to the width.
func (h *header) lines() []string {
	st, inc := h.st, h.inc
	first := strings.Join([]string{
		st.ID.Render(inc.ID),
		st.SevBadge(inc.Severity),
		st.Status.Render(string(inc.Status)),
		st.Muted.Render("⏱ " + clock(elapsed(inc, h.now))),
	}, " ")
	if ic := inc.Roles[timeline.RoleCommander]; ic != "" {
		first += st.Muted.Render("  IC ") + st.Commander.Render(timeline.SanitizeLine(ic))
	}
	title := st.Title.Render(ansi.Truncate(timeline.SanitizeLine(inc.Title), max(h.width-1, 0), "…"))
	out := []string{ansi.Truncate(first, h.width, "…"), title}
	if len(h.health) > 0 {
		out = append(out, ansi.Truncate(h.healthLine(), h.width, "…"))
	}
	return out
}

// healthLine shows, per linked source, when it last synced and its last
// error.
func (h *header) healthLine() string {
	st := h.st
	var parts []string
	for _, hl := range h.health {
		name := timeline.SanitizeLine(hl.Source)
		switch {
		case hl.LastError != "":
			when := ""
			if !hl.LastSync.IsZero() {
				when = " (synced " + ago(h.now, hl.LastSync) + ")"
			}
			parts = append(parts, st.HealthBad.Render("✗ "+name)+st.Muted.Render(": "+timeline.SanitizeLine(hl.LastError)+when))
		case hl.LastSync.IsZero():
			parts = append(parts, st.Muted.Render("· "+name+": not synced yet"))
		default:
			parts = append(parts, st.HealthOK.Render("✓ "+name)+st.Muted.Render(" synced "+ago(h.now, hl.LastSync)))
		}
	}
	return strings.Join(parts, st.Faint.Render("  │  "))
}

// ago says how long ago t was: "12s ago", "3m ago".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	if d < time.Second {
		return "just now"
	}
	return timeline.FormatDuration(d.Truncate(time.Second)) + " ago"
}
