package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// inputMode is what the input line is asking for.
type inputMode int

const (
	inputNone inputMode = iota
	inputNote
	inputStatus
	inputSeverity
	inputRole
	inputMilestone
	inputAction
	inputSearch
	inputFilter
	inputTitle // a new incident, from the list
)

var prompts = map[inputMode]struct{ prompt, placeholder string }{
	inputNote:      {"note: ", "what you saw, did or decided"},
	inputStatus:    {"status: ", "investigating, identified, monitoring, resolved, closed (tab completes)"},
	inputSeverity:  {"severity: ", "1 (worst) to 5"},
	inputRole:      {"role: ", "ROLE WHO, e.g. comms Sam Whitfield"},
	inputMilestone: {"milestone: ", "started|detected|acknowledged|mitigated|resolved [14:55 | 5m ago]"},
	inputAction:    {"action: ", "what to follow up [@owner], or: done N"},
	inputSearch:    {"/", "search text and people"},
	inputFilter:    {"filter: ", "sources and kinds: slack pd shell cli note message command hidden (empty: all)"},
	inputTitle:     {"new incident: ", "what is broken, for whom"},
}

// inputLine is the one-line editor at the bottom: notes, values for the
// state keys, search and filter.
type inputLine struct {
	st   *Styles
	ti   textinput.Model
	mode inputMode
}

func newInputLine(st *Styles) *inputLine {
	ti := textinput.New()
	ti.SetStyles(st.Input)
	ti.CharLimit = 4000
	return &inputLine{st: st, ti: ti}
}

func (l *inputLine) active() bool { return l.mode != inputNone }

func (l *inputLine) SetSize(w int) { l.ti.SetWidth(max(w-len(l.ti.Prompt)-1, 1)) }

func (l *inputLine) restyle() { l.ti.SetStyles(l.st.Input) }

// open focuses the line for mode, starting from value.
func (l *inputLine) open(mode inputMode, value string, width int) tea.Cmd {
	l.mode = mode
	p := prompts[mode]
	l.ti.Prompt, l.ti.Placeholder = p.prompt, p.placeholder
	l.ti.ShowSuggestions = false
	switch mode {
	case inputStatus:
		l.ti.ShowSuggestions = true
		l.ti.SetSuggestions(statusNames())
	case inputMilestone:
		l.ti.ShowSuggestions = true
		l.ti.SetSuggestions(milestoneNames())
	}
	l.ti.SetValue(value)
	l.ti.CursorEnd()
	l.SetSize(width)
	return l.ti.Focus()
}

// close ends input and returns what was typed.
func (l *inputLine) close() (inputMode, string) {
	mode, value := l.mode, l.ti.Value()
	l.mode = inputNone
	l.ti.Blur()
	l.ti.Reset()
	return mode, value
}

func (l *inputLine) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	l.ti, cmd = l.ti.Update(msg)
	return cmd
}

func (l *inputLine) View() string { return l.ti.View() }

func statusNames() []string {
	out := make([]string, len(timeline.Statuses))
	for i, s := range timeline.Statuses {
		out[i] = string(s)
	}
	return out
}

func milestoneNames() []string {
	out := make([]string, len(timeline.Milestones))
	for i, m := range timeline.Milestones {
		out[i] = string(m)
	}
	return out
}

// change is what a submitted value becomes: the event to append and the
// words for the status line.
type change struct {
	event timeline.Event
	what  string
}

// changeFor turns what was typed for mode into an event, built as the CLI
// builds the same change (cmd/sitrep-full state.go, action.go, note.go), from
// the TUI.
func changeFor(mode inputMode, value string, inc incident.Incident, author string, now time.Time) (change, error) {
	value = strings.TrimSpace(value)
	e := timeline.Event{Incident: inc.ID, At: now.UTC(), Source: timeline.SourceTUI, Actor: author}
	shaped := func(c timeline.Event) timeline.Event { return shape(e, c) }
	switch mode {
	case inputNote:
		if value == "" {
			return change{}, fmt.Errorf("the note is empty")
		}
		e.Kind, e.Text = timeline.KindNote, value
		return change{e, "note saved"}, nil
	case inputStatus:
		s, err := timeline.ParseStatus(value)
		if err != nil {
			return change{}, err
		}
		return change{shaped(timeline.StatusChange(s)), "status " + string(s)}, nil
	case inputSeverity:
		sev, err := timeline.ParseSeverity(value)
		if err != nil {
			return change{}, err
		}
		return change{shaped(timeline.SeverityChange(sev)), "severity " + sev.String()}, nil
	case inputRole:
		role, who, _ := strings.Cut(value, " ")
		c, err := timeline.ParseRole(role, who)
		if err != nil {
			return change{}, err
		}
		return change{shaped(c), timeline.Summary(c)}, nil
	case inputMilestone:
		name, at, _ := strings.Cut(value, " ")
		m, err := timeline.ParseMilestone(name)
		if err != nil {
			return change{}, err
		}
		if at = strings.TrimSpace(at); at != "" {
			t, err := timeline.ParseAt(at, now)
			if err != nil {
				return change{}, err
			}
			e.At = t
		}
		return change{shaped(timeline.MilestoneMark(m)), "milestone " + string(m)}, nil
	case inputAction:
		return actionChange(e, value, inc)
	}
	return change{}, fmt.Errorf("nothing to save")
}

// shape gives e the kind, text and attributes of c, one of the changes
// timeline defines for every writer, keeping who, when and where from e.
func shape(e, c timeline.Event) timeline.Event {
	e.Kind, e.Text, e.Attrs = c.Kind, c.Text, c.Attrs
	return e
}

// actionChange reads "TEXT [@owner]" (a new action) or "done N".
func actionChange(e timeline.Event, value string, inc incident.Incident) (change, error) {
	if rest, ok := strings.CutPrefix(value, "done "); ok {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(rest), "#"))
		a, ok := inc.Action(n)
		if err != nil || !ok {
			return change{}, fmt.Errorf("%q is not an action of %s; the side panel lists them", rest, inc.ID)
		}
		return change{shape(e, timeline.ActionDoneMark(n)), fmt.Sprintf("action #%d done: %s", n, timeline.SanitizeLine(a.Text))}, nil
	}
	fields := strings.Fields(value)
	owner := ""
	if n := len(fields); n > 1 && strings.HasPrefix(fields[n-1], "@") && len(fields[n-1]) > 1 {
		owner, fields = fields[n-1][1:], fields[:n-1]
	}
	text := strings.Join(fields, " ")
	if text == "" {
		return change{}, fmt.Errorf("the action is empty")
	}
	return change{shape(e, timeline.ActionAdd(text, owner)), "action added"}, nil
}

// flagChange toggles a flag (key or hidden) on the target event.
func flagChange(inc incident.Incident, target timeline.Event, hide bool, author string, now time.Time) change {
	flag, what := timeline.FlagKey, "flagged as key"
	switch {
	case hide && inc.IsHidden(target.ID):
		flag, what = timeline.FlagUnhide, "shown again"
	case hide:
		flag, what = timeline.FlagHide, "hidden (filter \"hidden\" shows it)"
	case inc.IsKey(target.ID):
		flag, what = timeline.FlagUnkey, "no longer key"
	}
	return change{
		event: shape(timeline.Event{Incident: inc.ID, At: now.UTC(), Source: timeline.SourceTUI, Actor: author},
			timeline.FlagMark(target.ID, flag)),
		what: what,
	}
}
