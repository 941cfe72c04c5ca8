// Package timeline owns the event model that every other sitrep package
// shares: Event and its kinds and sources, milestones and their ordering,
// dedup references, parsing of user-typed times (--at), incident durations
// with their definitions, and the sanitiser that makes untrusted text safe to
// print on a terminal. It performs no I/O.
package timeline

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Kind says what an event records.
type Kind string

// Event kinds. Extend with care: stored files carry these strings.
const (
	KindNote      Kind = "note"      // a responder's note
	KindMessage   Kind = "message"   // a chat message
	KindStatus    Kind = "status"    // Attrs[AttrNew] is the new Status
	KindSeverity  Kind = "severity"  // Attrs[AttrNew] is the new Severity ("SEV2")
	KindRole      Kind = "role"      // Attrs[AttrRole] given to Attrs[AttrWho]
	KindTitle     Kind = "title"     // Attrs[AttrNew] is the new title
	KindLink      Kind = "link"      // Attrs[AttrSource]+[AttrExternalID] links a source; Attrs[AttrURL] a page
	KindMilestone Kind = "milestone" // Attrs[AttrMilestone] reached at At
	KindPage      Kind = "page"      // pager triggered
	KindNotify    Kind = "notify"    // a responder was notified
	KindAck       Kind = "ack"       // pager acknowledged
	KindEscalate  Kind = "escalate"  // pager escalated
	KindAssign    Kind = "assign"    // pager (re)assigned
	KindResolve   Kind = "resolve"   // pager resolved
	KindCommand   Kind = "command"   // a recorded shell command
	KindAction    Kind = "action"    // a follow-up item; Attrs[AttrAction] is its number
	KindFactor    Kind = "factor"    // a contributing factor
	KindQuestion  Kind = "question"  // an open question
	KindFlag      Kind = "flag"      // marks Attrs[AttrTarget] as key, or hides it (Attrs[AttrFlag])
)

// Kinds lists every kind in display order.
var Kinds = []Kind{
	KindNote, KindMessage, KindStatus, KindSeverity, KindRole, KindTitle, KindLink,
	KindMilestone, KindPage, KindNotify, KindAck, KindEscalate, KindAssign, KindResolve,
	KindCommand, KindAction, KindFactor, KindQuestion, KindFlag,
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// Source says where an event came from.
type Source string

// Event sources.
const (
	SourceCLI       Source = "cli"
	SourceTUI       Source = "tui"
	SourceShell     Source = "shell" // `sitrep run`
	SourcePagerDuty Source = "pagerduty"
	SourceSlack     Source = "slack"
	SourceImport    Source = "import"
	SourceDemo      Source = "demo"
)

// Attribute keys shared across packages. Sources may add their own.
const (
	AttrOld        = "old"
	AttrNew        = "new"
	AttrRole       = "role"
	AttrWho        = "who"
	AttrMilestone  = "milestone"
	AttrAction     = "action" // action number, as decimal
	AttrState      = "state"  // action state: open, done
	AttrOwner      = "owner"
	AttrTarget     = "target" // event ID a flag applies to
	AttrFlag       = "flag"   // key, unkey, hide, unhide, summary, unsummary
	AttrSource     = "source" // for link events: the linked source
	AttrExternalID = "external_id"
	AttrURL        = "url"
	AttrPermalink  = "permalink"
	AttrThread     = "thread"
	AttrExitCode   = "exit_code"
	AttrDuration   = "duration_ms"
	AttrArgv       = "argv"
	AttrOutput     = "output"
	AttrCwd        = "cwd"
	AttrService    = "service"
	AttrNoteKind   = "note_kind"   // on a note: "summary" for the incident's summary
	AttrActionType = "action_type" // a follow-up's type: mitigate, prevent, detect, process, ...
	AttrDue        = "due"         // a follow-up's due date, YYYY-MM-DD
	AttrTicket     = "ticket"      // a follow-up's ticket: a URL or a key such as OPS-123
	// AttrAliasRefs lists more external identities of the same event,
	// space-separated: a note posted to both PagerDuty and Slack has one
	// Ref from each, and neither sync may store it again.
	AttrAliasRefs = "alias_refs"
)

// Flag values for KindFlag events.
const (
	FlagKey    = "key"
	FlagUnkey  = "unkey"
	FlagHide   = "hide"
	FlagUnhide = "unhide"
	// FlagSummary makes the target's text the review's Summary (the later
	// of it and a summary note wins); FlagUnsummary takes that back.
	FlagSummary   = "summary"
	FlagUnsummary = "unsummary"
)

// MaxNoteBytes is the largest note a command takes: long output belongs in
// a file.
const MaxNoteBytes = 1 << 20

// Event is one thing that happened during an incident. An incident's state
// is folded from its events; nothing else is stored about it.
type Event struct {
	ID       string            `json:"id"`       // unique and sortable (ULID), assigned by the store if empty
	Incident string            `json:"incident"` // "INC-7"
	At       time.Time         `json:"at"`       // when it happened, by the source's clock, UTC
	Recorded time.Time         `json:"recorded"` // when sitrep stored it
	Source   Source            `json:"source"`
	Kind     Kind              `json:"kind"`
	Actor    string            `json:"actor"`
	Text     string            `json:"text"`
	Ref      string            `json:"ref"` // external identity for dedup, e.g. "slack/C123/1700000000.000100"
	Attrs    map[string]string `json:"attrs"`
}

// Attr returns the attribute named key, or "".
func (e Event) Attr(key string) string { return e.Attrs[key] }

// SetAttr sets an attribute, allocating the map when needed.
func (e *Event) SetAttr(key, value string) {
	if e.Attrs == nil {
		e.Attrs = make(map[string]string)
	}
	e.Attrs[key] = value
}

// Refs returns the event's Ref and its alias refs.
func (e Event) Refs() []string {
	var refs []string
	if e.Ref != "" {
		refs = append(refs, e.Ref)
	}
	return append(refs, strings.Fields(e.Attr(AttrAliasRefs))...)
}

// Before orders events by At, then by ID: the timeline order.
func (e Event) Before(o Event) bool {
	if !e.At.Equal(o.At) {
		return e.At.Before(o.At)
	}
	return e.ID < o.ID
}

// Sort sorts events into timeline order.
func Sort(events []Event) {
	sort.SliceStable(events, func(i, j int) bool { return events[i].Before(events[j]) })
}

// ErrInvalid wraps every validation failure.
var ErrInvalid = errors.New("invalid event")

// Validate checks what every stored event must satisfy.
func (e Event) Validate() error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
	switch {
	case e.Incident == "":
		return fail("no incident")
	case e.At.IsZero():
		return fail("no time")
	case CheckRange(e.At) != nil:
		return fail("at: %v", CheckRange(e.At))
	case !e.Recorded.IsZero() && CheckRange(e.Recorded) != nil:
		return fail("recorded: %v", CheckRange(e.Recorded))
	case !e.Kind.Valid():
		return fail("unknown kind %q", e.Kind)
	case e.Source == "":
		return fail("no source")
	}
	switch e.Kind {
	case KindNote, KindFactor, KindQuestion, KindMessage:
		if strings.TrimSpace(e.Text) == "" && e.Kind != KindMessage {
			return fail("empty %s", e.Kind)
		}
	case KindSeverity:
		if _, err := ParseSeverity(e.Attr(AttrNew)); err != nil {
			return fail("%v", err)
		}
	case KindStatus:
		if _, err := ParseStatus(e.Attr(AttrNew)); err != nil {
			return fail("%v", err)
		}
	case KindRole:
		if e.Attr(AttrRole) == "" {
			return fail("role event without a role")
		}
	case KindMilestone:
		if _, err := ParseMilestone(e.Attr(AttrMilestone)); err != nil {
			return fail("%v", err)
		}
	case KindFlag:
		if e.Attr(AttrTarget) == "" {
			return fail("flag without a target event")
		}
		switch e.Attr(AttrFlag) {
		case FlagKey, FlagUnkey, FlagHide, FlagUnhide, FlagSummary, FlagUnsummary:
		default:
			return fail("unknown flag %q (key, unkey, hide, unhide, summary, unsummary)", e.Attr(AttrFlag))
		}
	}
	return nil
}
