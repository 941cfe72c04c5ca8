package timeline

import (
	"cmp"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The shapes of the state-change events, defined once for every writer
// (the CLI, the TUI, the store when it opens an incident). Each returns the
// kind, text and attributes; the caller fills in incident, time, source
// and actor.

// Opening is the event that opens an incident: its first title. It is
// recognised by IsOpening, never by its text.
func Opening(title string) Event {
	return Event{Kind: KindTitle, Text: "opened: " + title, Attrs: map[string]string{AttrNew: title}}
}

// IsOpening reports whether e opened its incident: a title event that
// replaced no earlier title (the store fills AttrOld on a retitle).
func IsOpening(e Event) bool {
	return e.Kind == KindTitle && e.Attr(AttrOld) == ""
}

// StatusChange sets an incident's status.
func StatusChange(s Status) Event {
	return Event{Kind: KindStatus, Text: "status " + string(s), Attrs: map[string]string{AttrNew: string(s)}}
}

// SeverityChange sets an incident's severity.
func SeverityChange(s Severity) Event {
	return Event{Kind: KindSeverity, Text: "severity " + s.String(), Attrs: map[string]string{AttrNew: s.String()}}
}

// RoleChange gives role to who.
func RoleChange(role, who string) Event {
	return Event{Kind: KindRole, Text: who + " is " + role,
		Attrs: map[string]string{AttrRole: role, AttrWho: who, AttrNew: who}}
}

// ErrNoRole means a role change lacks the role or the person.
var ErrNoRole = errors.New("give a role and a person, e.g. comms Sam Whitfield")

// ParseRole reads a role change as people type it, in the CLI and the
// TUI alike: the role (lower-cased) and who takes it (the rest, trimmed).
func ParseRole(role, who string) (Event, error) {
	role, who = strings.ToLower(strings.TrimSpace(role)), strings.TrimSpace(who)
	if role == "" || who == "" {
		return Event{}, ErrNoRole
	}
	return RoleChange(role, who), nil
}

// MilestoneMark marks a milestone as reached at the event's time.
func MilestoneMark(m Milestone) Event {
	return Event{Kind: KindMilestone, Text: string(m), Attrs: map[string]string{AttrMilestone: string(m)}}
}

// Action states.
const (
	ActionOpen = "open"
	ActionDone = "done"
)

// ActionAdd adds a follow-up item; the store numbers it.
func ActionAdd(text, owner string) Event {
	e := Event{Kind: KindAction, Text: text}
	if owner != "" {
		e.SetAttr(AttrOwner, owner)
	}
	return e
}

// ActionDoneMark marks follow-up item n as done.
func ActionDoneMark(n int) Event {
	return Event{Kind: KindAction, Attrs: map[string]string{AttrAction: strconv.Itoa(n), AttrState: ActionDone}}
}

// FlagMark sets flag (FlagKey, FlagUnkey, FlagHide, FlagUnhide,
// FlagSummary, FlagUnsummary) on the
// event target.
func FlagMark(target, flag string) Event {
	return Event{Kind: KindFlag, Text: flag + " " + target, Attrs: map[string]string{AttrTarget: target, AttrFlag: flag}}
}

// Summary is an event's one-line description for listings and reviews:
// its text, with what its kind adds (a command's exit status and
// duration, an action's number and state). It does not sanitise.
func Summary(e Event) string {
	switch e.Kind {
	case KindCommand:
		s := "$ " + e.Text
		if code := e.Attr(AttrExitCode); code != "" {
			s += " → exit " + code
		}
		if ms, err := strconv.Atoi(e.Attr(AttrDuration)); err == nil {
			s += " in " + FormatDuration(time.Duration(ms)*time.Millisecond)
		}
		return s
	case KindMilestone:
		return cmp.Or(e.Text, "marked "+e.Attr(AttrMilestone))
	case KindAction:
		s := "action #" + e.Attr(AttrAction)
		if st := e.Attr(AttrState); st != "" {
			s += " [" + st + "]"
		}
		if e.Text != "" {
			s += " " + e.Text
		}
		return s
	}
	return cmp.Or(e.Text, e.Attr(AttrNew))
}
