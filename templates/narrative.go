package templates

import (
	"strings"

	"github.com/sitrep-dev/sitrep/timeline"
)

// narrativeLine is one moment of the story in Markdown, after its time:
// who did what, with what people wrote in quotation marks. A milestone
// names who marked it and when, so a mark made at 23:55 for 23:40 never
// reads as that person acting (or starting anything) at 23:40.
func narrativeLine(m Moment, c clock) string {
	var b strings.Builder
	b.WriteString("**")
	b.Write(c.append(nil, "15:04", m.At))
	b.WriteString("** ")
	if len(m.Milestones) > 0 {
		names := make([]string, len(m.Milestones))
		for i, ms := range m.Milestones {
			names[i] = milestoneLabels[ms]
		}
		b.WriteString("[" + strings.Join(names, ", ") + "] ")
	}
	actor := escapeInline(m.Actor)
	by := func(verb string) string {
		if m.Actor == "" {
			return ""
		}
		return " (" + verb + " " + actor + ")"
	}
	switch {
	case m.Count > 0:
		b.WriteString("*" + escapeInline(m.Text))
		if len(m.Who) > 0 {
			b.WriteString(" from " + escapeInline(listNames(m.Who, 4)))
		}
		if m.Until != nil {
			if to := c.append(nil, "15:04", *m.Until); string(to) != string(c.append(nil, "15:04", m.At)) {
				b.WriteString(", until ")
				b.Write(to)
			}
		}
		b.WriteString("*")
	case m.Kind == timeline.KindMilestone:
		text := strings.TrimSpace(m.Text)
		quoted := m.ID != "" && text != "" && text != string(m.marks) && text != milestoneLabels[m.marks] && !strings.HasPrefix(text, "marked ")
		if len(m.Milestones) == 0 && milestoneLabels[m.marks] != "" {
			b.WriteString(milestoneLabels[m.marks] + " ")
		}
		if quoted {
			b.WriteString(quote(text) + " (")
		}
		switch {
		case m.ID == "":
			b.WriteString("derived from the events")
		default:
			b.WriteString("marked")
			if m.MarkedBy != "" {
				b.WriteString(" by " + escapeInline(m.MarkedBy))
			}
			if m.MarkedAt != nil {
				b.WriteString(" at ")
				b.Write(c.append(nil, "15:04", *m.MarkedAt))
			}
		}
		if quoted {
			b.WriteString(")")
		}
	case m.Kind == timeline.KindTitle:
		if title, ok := strings.CutPrefix(m.Text, "opened"); ok {
			b.WriteString("incident declared: " + quote(strings.TrimLeft(title, ": ")) + by("by"))
		} else {
			b.WriteString("title changed: " + quote(m.Text) + by("by"))
		}
	case m.Kind == timeline.KindStatus || m.Kind == timeline.KindSeverity:
		b.WriteString(escapeInline(m.Text) + by("set by"))
	case m.Kind == timeline.KindRole:
		who, role, _ := strings.Cut(m.Text, " is ")
		switch {
		case m.From != "":
			b.WriteString(escapeInline(role) + " handoff: " + escapeInline(m.From) + " → " + escapeInline(who) + by("recorded by"))
		case who == m.Actor:
			b.WriteString(escapeInline(who) + " took the " + escapeInline(role) + " role")
		default:
			b.WriteString(escapeInline(who) + " is " + escapeInline(role) + by("named by"))
		}
	case m.Kind == timeline.KindCommand:
		b.WriteString(actorOr(actor, "someone") + " ran " + codeSpan(m.Text))
	case m.Kind == timeline.KindNote:
		b.WriteString(actorOr(actor, "a note") + " noted: " + quote(m.Text))
	case m.Kind == timeline.KindMessage:
		b.WriteString(actorOr(actor, "chat") + " in chat: " + quote(m.Text))
	case m.Kind == timeline.KindFactor:
		b.WriteString(actorOr(actor, "someone") + " named a contributing factor: " + quote(m.Text))
	case m.Kind == timeline.KindQuestion:
		b.WriteString(actorOr(actor, "someone") + " asked: " + quote(m.Text))
	case m.Kind == timeline.KindAction:
		b.WriteString(actorOr(actor, "someone") + " recorded a follow-up: " + quote(m.Text))
	case pagerKind(m.Kind):
		b.WriteString("pager " + string(m.Kind) + ": " + quote(m.Text))
	default:
		b.WriteString(string(m.Kind) + ": " + quote(m.Text) + by("by"))
	}
	if m.URL != "" {
		if l := markdownLink("link", m.URL); strings.HasPrefix(l, "[") {
			b.WriteString(" (" + l + ")")
		}
	}
	return b.String()
}

func actorOr(actor, or string) string {
	if actor == "" {
		return or
	}
	return actor
}

// listNames lists up to n names, then how many more.
func listNames(names []string, n int) string {
	if len(names) <= n {
		return joinAnd(names)
	}
	return strings.Join(names[:n], ", ") + " and " + plural(len(names)-n, "other", "others")
}

func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// codeSpan shows a command as code: a run of backticks longer than any
// inside it fences it, and its white space folds to one line.
func codeSpan(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// firstAction describes a person's first recorded action: its kind, and
// what they wrote in quotation marks.
func firstAction(p Person) string {
	if p.FirstActionAt == nil {
		return "—"
	}
	switch p.FirstActionKind {
	case timeline.KindCommand:
		// Quoted, not a code span: this sits in a table, where a pipe in
		// a code span would still end the cell.
		return "ran " + quote(shorten(p.FirstAction, 60))
	case timeline.KindNote, timeline.KindFactor, timeline.KindQuestion, timeline.KindAction:
		return string(p.FirstActionKind) + " " + quote(shorten(p.FirstAction, 60))
	}
	return escapeInline(p.FirstAction)
}
