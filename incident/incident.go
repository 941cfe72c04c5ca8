package incident

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Incident is an incident's current state, folded from its events.
type Incident struct {
	ID         string                           `json:"id"`
	Title      string                           `json:"title"`
	Severity   timeline.Severity                `json:"severity"`
	Status     timeline.Status                  `json:"status"`
	Roles      map[string]string                `json:"roles"`
	OpenedAt   time.Time                        `json:"opened_at"`
	Milestones map[timeline.Milestone]time.Time `json:"milestones"`
	Links      map[string]string                `json:"links"`

	PeakSeverity timeline.Severity `json:"peak_severity"`
	Actions      []Action          `json:"actions"`
	EventCount   int               `json:"event_count"`
	LastEventAt  time.Time         `json:"last_event_at"`
	Key          []string          `json:"key_events,omitempty"`    // IDs of events flagged as key
	Hidden       []string          `json:"hidden_events,omitempty"` // IDs of hidden events
	// SummaryEvent is the event flagged as the review's summary (the
	// latest such flag not taken back), if any.
	SummaryEvent string `json:"summary_event,omitempty"`
}

// Action is a follow-up item.
type Action struct {
	Number int       `json:"number"`
	Text   string    `json:"text"`
	Owner  string    `json:"owner,omitempty"`
	State  string    `json:"state"` // open or done
	At     time.Time `json:"at"`
}

// Action states, as timeline defines them.
const (
	ActionOpen = timeline.ActionOpen
	ActionDone = timeline.ActionDone
)

// Open reports whether the incident is still being worked.
func (inc Incident) Open() bool { return inc.Status.Open() }

// Action returns follow-up item n, if the incident has it.
func (inc Incident) Action(n int) (Action, bool) {
	for _, a := range inc.Actions {
		if a.Number == n {
			return a, true
		}
	}
	return Action{}, false
}

// OpenActions returns the actions not yet done.
func (inc Incident) OpenActions() []Action {
	var open []Action
	for _, a := range inc.Actions {
		if a.State != ActionDone {
			open = append(open, a)
		}
	}
	return open
}

// IsKey reports whether the event with this ID is flagged as key.
func (inc Incident) IsKey(id string) bool { return slices.Contains(inc.Key, id) }

// IsHidden reports whether the event with this ID is hidden.
func (inc Incident) IsHidden(id string) bool { return slices.Contains(inc.Hidden, id) }

// FormatID formats an incident number as "INC-7".
func FormatID(n uint64) string { return "INC-" + strconv.FormatUint(n, 10) }

// ParseID accepts "7", "INC-7" and "inc-7".
func ParseID(s string) (uint64, error) {
	t := strings.TrimSpace(s)
	if len(t) > 4 && strings.EqualFold(t[:4], "INC-") {
		t = t[4:]
	}
	n, err := strconv.ParseUint(t, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%q is not an incident ID; use a number such as 7 or INC-7", s)
	}
	return n, nil
}

// stamp orders competing assertions: the later one wins, ties broken by ID,
// so folding is independent of the order events arrive in.
type stamp struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

func (s stamp) after(o stamp) bool {
	if !s.At.Equal(o.At) {
		return s.At.After(o.At)
	}
	return s.ID > o.ID
}

type stamped struct {
	Value string `json:"v"`
	stamp
}

// set replaces v when the new assertion is later.
func (v *stamped) set(value string, st stamp) {
	if v.ID == "" || st.after(v.stamp) {
		*v = stamped{Value: value, stamp: st}
	}
}

type actionState struct {
	Text  string    `json:"text"`
	At    time.Time `json:"at"` // when it was added
	Owner stamped   `json:"owner"`
	State stamped   `json:"state"`
}

// projection is the stored fold state. Every field is updated so that the
// result does not depend on the order events are applied in: last-writer
// fields keep the stamp of the assertion they hold, derived milestones keep
// a minimum or maximum. A late, older-dated event therefore folds in
// without replaying the incident.
type projection struct {
	Number    uint64                          `json:"number"`
	OpenedAt  time.Time                       `json:"opened_at"`
	Title     stamped                         `json:"title"`
	Severity  stamped                         `json:"severity"`
	Peak      int                             `json:"peak"`
	Status    stamped                         `json:"status"`
	Roles     map[string]*stamped             `json:"roles"`
	Links     map[string]*stamped             `json:"links"`
	Explicit  map[timeline.Milestone]*stamped `json:"explicit"` // value: RFC 3339 time; stamp: recorded, id
	FirstPage time.Time                       `json:"first_page"`
	FirstAck  time.Time                       `json:"first_ack"`
	LastClose time.Time                       `json:"last_resolve"`
	Actions   map[int]*actionState            `json:"actions"`
	Flags     map[string]*[3]stamped          `json:"flags"` // target id → [key, hidden, summary]
	Count     int                             `json:"count"`
	LastAt    time.Time                       `json:"last_at"`
}

func newProjection(number uint64, opened time.Time) *projection {
	return &projection{Number: number, OpenedAt: opened.UTC()}
}

// apply folds one event in.
func (p *projection) apply(e timeline.Event) {
	st := stamp{At: e.At, ID: e.ID}
	p.Count++
	if e.At.After(p.LastAt) {
		p.LastAt = e.At
	}
	switch e.Kind {
	case timeline.KindTitle:
		p.Title.set(e.Attr(timeline.AttrNew), st)
	case timeline.KindSeverity:
		if sev, err := timeline.ParseSeverity(e.Attr(timeline.AttrNew)); err == nil {
			p.Severity.set(sev.String(), st)
			if p.Peak == 0 || int(sev) < p.Peak {
				p.Peak = int(sev)
			}
		}
	case timeline.KindStatus:
		if s, err := timeline.ParseStatus(e.Attr(timeline.AttrNew)); err == nil {
			p.Status.set(string(s), st)
			if s == timeline.StatusResolved && e.At.After(p.LastClose) {
				p.LastClose = e.At
			}
		}
	case timeline.KindRole:
		p.Roles = setIn(p.Roles, e.Attr(timeline.AttrRole), e.Attr(timeline.AttrWho), st)
	case timeline.KindLink:
		if src := e.Attr(timeline.AttrSource); src != "" {
			p.Links = setIn(p.Links, src, e.Attr(timeline.AttrExternalID), st)
		}
	case timeline.KindMilestone:
		// The milestone's time is the event's At; which assertion counts is
		// decided by when it was recorded, so a correction wins.
		if m, err := timeline.ParseMilestone(e.Attr(timeline.AttrMilestone)); err == nil {
			if p.Explicit == nil {
				p.Explicit = make(map[timeline.Milestone]*stamped)
			}
			v := p.Explicit[m]
			if v == nil {
				v = &stamped{}
				p.Explicit[m] = v
			}
			v.set(e.At.UTC().Format(time.RFC3339Nano), stamp{At: e.Recorded, ID: e.ID})
		}
	case timeline.KindPage:
		p.FirstPage = earliest(p.FirstPage, e.At)
	case timeline.KindAck:
		p.FirstAck = earliest(p.FirstAck, e.At)
	case timeline.KindResolve:
		if e.At.After(p.LastClose) {
			p.LastClose = e.At
		}
	case timeline.KindAction:
		n, err := strconv.Atoi(e.Attr(timeline.AttrAction))
		if err != nil {
			return
		}
		if p.Actions == nil {
			p.Actions = make(map[int]*actionState)
		}
		a := p.Actions[n]
		if a == nil {
			a = &actionState{}
			p.Actions[n] = a
		}
		if e.Text != "" && (a.Text == "" || e.At.Before(a.At)) {
			a.Text, a.At = e.Text, e.At
		}
		if owner, ok := e.Attrs[timeline.AttrOwner]; ok {
			a.Owner.set(owner, st)
		}
		if state := e.Attr(timeline.AttrState); state != "" {
			a.State.set(state, st)
		}
	case timeline.KindFlag:
		target := e.Attr(timeline.AttrTarget)
		if p.Flags == nil {
			p.Flags = make(map[string]*[3]stamped)
		}
		f := p.Flags[target]
		if f == nil {
			f = &[3]stamped{}
			p.Flags[target] = f
		}
		switch e.Attr(timeline.AttrFlag) {
		case timeline.FlagKey:
			f[0].set("1", st)
		case timeline.FlagUnkey:
			f[0].set("", st)
		case timeline.FlagHide:
			f[1].set("1", st)
		case timeline.FlagUnhide:
			f[1].set("", st)
		case timeline.FlagSummary:
			f[2].set("1", st)
		case timeline.FlagUnsummary:
			f[2].set("", st)
		}
	}
}

// nextAction is the number the next new action gets.
func (p *projection) nextAction() int {
	n := 0
	for k := range p.Actions {
		n = max(n, k)
	}
	return n + 1
}

func setIn(m map[string]*stamped, key, value string, st stamp) map[string]*stamped {
	if key == "" {
		return m
	}
	if m == nil {
		m = make(map[string]*stamped)
	}
	v := m[key]
	if v == nil {
		v = &stamped{}
		m[key] = v
	}
	v.set(value, st)
	return m
}

func earliest(cur, t time.Time) time.Time {
	if cur.IsZero() || t.Before(cur) {
		return t
	}
	return cur
}

// milestones returns each milestone from its explicit event if there is
// one, else derived: detected from the first page (else the opening),
// acknowledged from the first ack, resolved from the last resolve.
func (p *projection) milestones() map[timeline.Milestone]time.Time {
	ms := make(map[timeline.Milestone]time.Time)
	switch {
	case !p.FirstPage.IsZero():
		ms[timeline.Detected] = p.FirstPage
	case !p.OpenedAt.IsZero():
		ms[timeline.Detected] = p.OpenedAt
	}
	if !p.FirstAck.IsZero() {
		ms[timeline.Acknowledged] = p.FirstAck
	}
	if !p.LastClose.IsZero() {
		ms[timeline.Resolved] = p.LastClose
	}
	for m, v := range p.Explicit {
		if t, err := time.Parse(time.RFC3339Nano, v.Value); err == nil {
			ms[m] = t.UTC()
		}
	}
	return ms
}

// incident renders the projection as the public Incident.
func (p *projection) incident() Incident {
	inc := Incident{
		ID:           FormatID(p.Number),
		Title:        p.Title.Value,
		Status:       timeline.Status(p.Status.Value),
		OpenedAt:     p.OpenedAt,
		Roles:        flatten(p.Roles),
		Links:        flatten(p.Links),
		Milestones:   p.milestones(),
		EventCount:   p.Count,
		LastEventAt:  p.LastAt,
		PeakSeverity: timeline.Severity(p.Peak),
	}
	if inc.Status == "" {
		inc.Status = timeline.StatusInvestigating
	}
	inc.Severity, _ = timeline.ParseSeverity(p.Severity.Value)
	for _, n := range slices.Sorted(maps.Keys(p.Actions)) {
		a := p.Actions[n]
		state := a.State.Value
		if state == "" {
			state = ActionOpen
		}
		inc.Actions = append(inc.Actions, Action{Number: n, Text: a.Text, Owner: a.Owner.Value, State: state, At: a.At})
	}
	var summary *stamp
	for _, id := range slices.Sorted(maps.Keys(p.Flags)) {
		f := p.Flags[id]
		if f[0].Value != "" {
			inc.Key = append(inc.Key, id)
		}
		if f[1].Value != "" {
			inc.Hidden = append(inc.Hidden, id)
		}
		// The latest summary flag still standing names the summary.
		if f[2].Value != "" && (summary == nil || f[2].after(*summary)) {
			inc.SummaryEvent, summary = id, &f[2].stamp
		}
	}
	return inc
}

func flatten(m map[string]*stamped) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v.Value != "" {
			out[k] = v.Value
		}
	}
	return out
}

// Fold builds an incident from its events, in any order. The store keeps
// the same fold incrementally; Fold is for callers holding events in memory
// (imports, tests, a review of an exported timeline).
func Fold(number uint64, opened time.Time, events []timeline.Event) Incident {
	p := newProjection(number, opened)
	for _, e := range events {
		p.apply(e)
	}
	return p.incident()
}
