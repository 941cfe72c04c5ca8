package templates

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Facts is what a review says, before a template shapes it. Its JSON form
// is what `sitrep review --format json` prints; times are RFC 3339 UTC.
type Facts struct {
	Incident      IncidentFacts                          `json:"incident"`
	TimeZone      string                                 `json:"time_zone"` // the zone the rendered draft shows times in
	MultiDay      bool                                   `json:"multi_day"` // the incident spans more than one day in that zone
	Milestones    []MilestoneFact                        `json:"milestones"`
	Durations     map[timeline.DurationName]DurationFact `json:"durations"`
	OrderWarnings []string                               `json:"order_warnings"`
	Severity      SeverityFacts                          `json:"severity"`
	Participants  []Participant                          `json:"participants"`
	InfoFlow      []Responder                            `json:"information_flow"`
	Narrative     []Entry                                `json:"narrative"`
	Timeline      []Entry                                `json:"timeline"`
	Factors       []Item                                 `json:"contributing_factors"`
	Questions     []Item                                 `json:"open_questions"`
	Actions       []ActionItem                           `json:"action_items"`
	Links         []Link                                 `json:"links"`
	Wording       []QuotedFinding                        `json:"wording_to_reconsider"`

	loc *time.Location
}

// IncidentFacts identifies the incident.
type IncidentFacts struct {
	ID           string            `json:"id"`
	Title        string            `json:"title"`
	Severity     timeline.Severity `json:"severity"`
	PeakSeverity timeline.Severity `json:"peak_severity"`
	Status       timeline.Status   `json:"status"`
	DeclaredAt   time.Time         `json:"declared_at"`          // when it was opened in sitrep (its opening event)
	EndedAt      *time.Time        `json:"ended_at,omitempty"`   // first move to closed: the response ended
	Roles        []RoleFact        `json:"roles"`                // current holders, by role
	Services     []string          `json:"services"`             // services named by pager events
	EventCount   int               `json:"event_count"`          // events stored, hidden ones included
	Commander    string            `json:"commander,omitempty"`  // the current commander, for headers
	LastEventAt  time.Time         `json:"last_event_at"`        // the latest event time
	Summary      string            `json:"summary,omitempty"`    // the first key note, if any was flagged
	SummaryEvent string            `json:"summary_id,omitempty"` // its event ID
}

// RoleFact is one role and who holds it.
type RoleFact struct {
	Role string `json:"role"`
	Who  string `json:"who"`
}

// MilestoneFact is a milestone and where its time came from.
type MilestoneFact struct {
	Name   timeline.Milestone `json:"name"`
	Label  string             `json:"label"` // "impact began"
	At     time.Time          `json:"at"`
	Origin string             `json:"origin"` // "marked", or what it was derived from
}

// DurationFact is one measured duration with its definition.
type DurationFact struct {
	Name       timeline.DurationName `json:"-"`
	Label      string                `json:"label"`
	Definition string                `json:"definition"`
	Seconds    int64                 `json:"seconds"`
	From       timeline.Milestone    `json:"from"`
	To         timeline.Milestone    `json:"to"`
}

// Duration is the measured span.
func (d DurationFact) Duration() time.Duration { return time.Duration(d.Seconds) * time.Second }

// SeverityFacts are the severity peak and the time spent at each severity.
type SeverityFacts struct {
	Peak    timeline.Severity `json:"peak"`
	Current timeline.Severity `json:"current"`
	Time    []SeverityTime    `json:"time_at_severity"` // worst first; only severities held
}

// SeverityTime is how long the incident was at one severity, up to the
// end of impact (resolved), else the response's end, else its last event.
type SeverityTime struct {
	Severity timeline.Severity `json:"severity"`
	Seconds  int64             `json:"seconds"`
}

// Duration is the time held.
func (s SeverityTime) Duration() time.Duration { return time.Duration(s.Seconds) * time.Second }

// Participant is someone (or something) that took part.
type Participant struct {
	Name          string     `json:"name"`
	Roles         []string   `json:"roles"` // every role they held, sorted
	FirstActivity *time.Time `json:"first_activity,omitempty"`
	LastActivity  *time.Time `json:"last_activity,omitempty"`
	Events        int        `json:"events"`
}

// Responder is how information reached one person and when they acted.
type Responder struct {
	Name           string     `json:"name"`
	PagedAt        *time.Time `json:"paged_at,omitempty"`    // first page, assignment or escalation to them
	NotifiedAt     *time.Time `json:"notified_at,omitempty"` // first notification to them
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	FirstActionAt  *time.Time `json:"first_action_at,omitempty"`
	FirstAction    string     `json:"first_action,omitempty"`
}

// Entry is one line of a timeline.
type Entry struct {
	ID         string               `json:"id,omitempty"` // empty for a milestone no event records
	At         time.Time            `json:"at"`
	Kind       timeline.Kind        `json:"kind"`
	Source     timeline.Source      `json:"source,omitempty"`
	Actor      string               `json:"actor,omitempty"`
	Text       string               `json:"text"`
	Key        bool                 `json:"key,omitempty"`
	Milestones []timeline.Milestone `json:"milestones,omitempty"` // reached at this entry
	URL        string               `json:"url,omitempty"`

	marks timeline.Milestone // the milestone a milestone event marks
}

// Item is a contributing factor or an open question.
type Item struct {
	ID    string    `json:"id"`
	At    time.Time `json:"at"`
	Actor string    `json:"actor,omitempty"`
	Text  string    `json:"text"`
}

// ActionItem is a follow-up.
type ActionItem struct {
	Number int       `json:"number"`
	Text   string    `json:"text"`
	Owner  string    `json:"owner,omitempty"`
	State  string    `json:"state"`
	At     time.Time `json:"at"`
}

// Link is an external record of the incident.
type Link struct {
	Source string `json:"source"`
	ID     string `json:"id,omitempty"`
	URL    string `json:"url,omitempty"`
}

// QuotedFinding is a lint finding in a note the review quotes.
type QuotedFinding struct {
	EventID string    `json:"event_id,omitempty"`
	At      time.Time `json:"at"`
	Finding
}

// Options shape the assembly.
type Options struct {
	// Location is the zone the draft shows times in; nil means UTC.
	Location *time.Location
}

var milestoneLabels = map[timeline.Milestone]string{
	timeline.Started:      "impact began",
	timeline.Detected:     "detected",
	timeline.Acknowledged: "acknowledged",
	timeline.Mitigated:    "mitigated",
	timeline.Resolved:     "impact ended",
}

// responseKinds are what pager systems do to people; everything else a
// person does counts as acting.
var responseKinds = map[timeline.Kind]bool{
	timeline.KindPage: true, timeline.KindNotify: true, timeline.KindAck: true,
	timeline.KindEscalate: true, timeline.KindAssign: true, timeline.KindFlag: true,
}

// prose are the kinds whose text people wrote, which the lint reads.
var prose = map[timeline.Kind]bool{
	timeline.KindNote: true, timeline.KindMessage: true, timeline.KindFactor: true,
	timeline.KindQuestion: true, timeline.KindAction: true,
}

// Assemble builds the review facts of an incident from its projection and
// its events (in any order). It reads no clock: the same input gives the
// same facts.
func Assemble(inc incident.Incident, events []timeline.Event, opts Options) *Facts {
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	if !slices.IsSortedFunc(events, compareEvents) {
		// The caller's slice stays as it was; a store's is in order
		// already, and copying 100,000 events is not free.
		events = slices.Clone(events)
		timeline.Sort(events)
	}
	hidden := setOf(inc.Hidden)
	key := setOf(inc.Key)

	f := &Facts{
		TimeZone:      loc.String(),
		Durations:     map[timeline.DurationName]DurationFact{},
		OrderWarnings: []string{},
		loc:           loc,
	}
	f.Incident = IncidentFacts{
		ID:           inc.ID,
		Title:        timeline.SanitizeLine(inc.Title),
		Severity:     inc.Severity,
		PeakSeverity: inc.PeakSeverity,
		Status:       inc.Status,
		DeclaredAt:   inc.OpenedAt.UTC(),
		EventCount:   inc.EventCount,
		LastEventAt:  inc.LastEventAt.UTC(),
		Commander:    timeline.SanitizeLine(inc.Roles[timeline.RoleCommander]),
		Roles:        []RoleFact{},
		Services:     []string{},
	}
	for _, role := range slices.Sorted(maps.Keys(inc.Roles)) {
		f.Incident.Roles = append(f.Incident.Roles, RoleFact{Role: timeline.SanitizeLine(role), Who: timeline.SanitizeLine(inc.Roles[role])})
	}

	f.assembleMilestones(inc, events)
	f.assembleEvents(inc, events, hidden, key)
	f.assembleSeverity(inc, events)
	for _, a := range inc.Actions {
		f.Actions = append(f.Actions, ActionItem{
			Number: a.Number, Text: timeline.Sanitize(a.Text), Owner: timeline.SanitizeLine(a.Owner), State: a.State, At: a.At.UTC(),
		})
	}
	if f.Actions == nil {
		f.Actions = []ActionItem{}
	}
	f.MultiDay = f.spansDays()
	return f
}

// compareEvents orders events as timeline.Sort does.
func compareEvents(a, b timeline.Event) int {
	switch {
	case a.Before(b):
		return -1
	case b.Before(a):
		return 1
	}
	return 0
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func (f *Facts) assembleMilestones(inc incident.Incident, events []timeline.Event) {
	// Which milestones were marked by hand: the projection takes those over
	// anything derived.
	marked := map[timeline.Milestone]bool{}
	var firstPage bool
	for _, e := range events {
		switch e.Kind {
		case timeline.KindMilestone:
			if m, err := timeline.ParseMilestone(e.Attr(timeline.AttrMilestone)); err == nil {
				marked[m] = true
			}
		case timeline.KindPage:
			firstPage = true
		}
	}
	f.Milestones = []MilestoneFact{}
	for _, m := range timeline.Milestones {
		at, ok := inc.Milestones[m]
		if !ok {
			continue
		}
		origin := "marked"
		if !marked[m] {
			switch m {
			case timeline.Detected:
				origin = "first page"
				if !firstPage {
					origin = "incident opened"
				}
			case timeline.Acknowledged:
				origin = "first acknowledgement"
			case timeline.Resolved:
				origin = "last resolve"
			}
		}
		f.Milestones = append(f.Milestones, MilestoneFact{Name: m, Label: milestoneLabels[m], At: at.UTC(), Origin: origin})
	}
	for _, s := range timeline.Durations(inc.Milestones) {
		f.Durations[s.Name] = DurationFact{
			Name: s.Name, Label: s.Label, Definition: s.Definition(),
			Seconds: int64(s.Duration().Round(time.Second) / time.Second),
			From:    s.From, To: s.To,
		}
	}
	for _, p := range timeline.CheckOrder(inc.Milestones) {
		f.OrderWarnings = append(f.OrderWarnings, p.String())
	}
}

// DurationList returns the measured durations in display order.
func (f *Facts) DurationList() []DurationFact {
	var out []DurationFact
	for _, d := range timeline.DurationDefs {
		if v, ok := f.Durations[d.Name]; ok {
			out = append(out, v)
		}
	}
	return out
}

// wordingShown caps the "wording to reconsider" list in a draft; the JSON
// facts keep every finding.
const wordingShown = 100

// WordingShown returns the findings a draft lists.
func (f *Facts) WordingShown() []QuotedFinding {
	return f.Wording[:min(len(f.Wording), wordingShown)]
}

// WordingMore is how many findings the draft leaves out.
func (f *Facts) WordingMore() int { return max(0, len(f.Wording)-wordingShown) }

// Duration returns one measured duration by name (time_to_detect, ...),
// or nil when it could not be measured.
func (f *Facts) Duration(name string) *DurationFact {
	if d, ok := f.Durations[timeline.DurationName(name)]; ok {
		return &d
	}
	return nil
}

// Milestone returns one milestone by name, or nil when it is unknown.
func (f *Facts) Milestone(name string) *MilestoneFact {
	for _, m := range f.Milestones {
		if string(m.Name) == name {
			return &m
		}
	}
	return nil
}

func (f *Facts) assembleEvents(inc incident.Incident, events []timeline.Event, hidden, key map[string]bool) {
	people := map[string]*participant{}
	flow := map[string]*Responder{}
	person := func(name string) *participant {
		p := people[name]
		if p == nil {
			p = &participant{Participant: Participant{Name: name, Roles: []string{}}}
			people[name] = p
		}
		return p
	}
	responder := func(name string) *Responder {
		r := flow[name]
		if r == nil {
			r = &Responder{Name: name}
			flow[name] = r
		}
		return r
	}
	services := map[string]bool{}
	links := map[Link]bool{}
	var seenPage, seenAck, seenResolve, declared bool
	var lint linter

	f.Timeline = make([]Entry, 0, len(events))
	f.Narrative, f.Factors, f.Questions, f.Links, f.Wording = []Entry{}, []Item{}, []Item{}, []Link{}, []QuotedFinding{}
	for _, e := range events {
		actor := timeline.SanitizeLine(e.Actor)
		at := e.At.UTC()
		if svc := e.Attr(timeline.AttrService); svc != "" {
			services[timeline.SanitizeLine(svc)] = true
		}
		if actor != "" && !responseKinds[e.Kind] {
			p := person(actor)
			if p.Events == 0 {
				p.first = at
			}
			p.Events++
			p.last = at
		}
		// Who a pager event is about: the person it names, else its actor.
		target := timeline.SanitizeLine(e.Attr(timeline.AttrWho))
		if target == "" {
			target = actor
		}
		switch e.Kind {
		case timeline.KindRole:
			if target != "" {
				p := person(target)
				if role := timeline.SanitizeLine(e.Attr(timeline.AttrRole)); !slices.Contains(p.Roles, role) {
					p.Roles = append(p.Roles, role)
				}
			}
		case timeline.KindPage, timeline.KindAssign, timeline.KindEscalate:
			if target != "" && e.Attr(timeline.AttrWho) != "" {
				r := responder(target)
				r.PagedAt = earliest(r.PagedAt, at)
			}
		case timeline.KindNotify:
			if target != "" {
				r := responder(target)
				r.NotifiedAt = earliest(r.NotifiedAt, at)
			}
		case timeline.KindAck:
			if target != "" {
				r := responder(target)
				r.AcknowledgedAt = earliest(r.AcknowledgedAt, at)
			}
		}
		if actor != "" && !responseKinds[e.Kind] {
			if r := responder(actor); r.FirstActionAt == nil {
				first := at
				r.FirstActionAt = &first
				r.FirstAction = timeline.SanitizeLine(timeline.Summary(e))
			}
		}
		if hidden[e.ID] || e.Kind == timeline.KindFlag {
			continue
		}
		entry := Entry{
			ID: e.ID, At: at, Kind: e.Kind, Source: e.Source, Actor: actor,
			Text: timeline.Sanitize(timeline.Summary(e)), Key: key[e.ID],
			URL: timeline.SanitizeLine(cmp.Or(e.Attr(timeline.AttrPermalink), e.Attr(timeline.AttrURL))),
		}
		if e.Kind == timeline.KindMilestone {
			entry.marks, _ = timeline.ParseMilestone(e.Attr(timeline.AttrMilestone))
		}
		f.Timeline = append(f.Timeline, entry)

		narrate := entry.Key
		switch e.Kind {
		case timeline.KindMilestone, timeline.KindStatus, timeline.KindSeverity:
			narrate = true
		case timeline.KindTitle:
			narrate = timeline.IsOpening(e)
		case timeline.KindPage:
			narrate, seenPage = narrate || !seenPage, true
		case timeline.KindAck:
			narrate, seenAck = narrate || !seenAck, true
		case timeline.KindResolve:
			narrate, seenResolve = narrate || !seenResolve, true
		case timeline.KindFactor:
			f.Factors = append(f.Factors, Item{ID: e.ID, At: at, Actor: actor, Text: entry.Text})
		case timeline.KindQuestion:
			f.Questions = append(f.Questions, Item{ID: e.ID, At: at, Actor: actor, Text: entry.Text})
		case timeline.KindLink:
			l := Link{
				Source: timeline.SanitizeLine(e.Attr(timeline.AttrSource)),
				ID:     timeline.SanitizeLine(e.Attr(timeline.AttrExternalID)),
				URL:    timeline.SanitizeLine(e.Attr(timeline.AttrURL)),
			}
			if (l.Source != "" || l.URL != "") && !links[l] {
				links[l] = true
				f.Links = append(f.Links, l)
			}
		}
		if narrate {
			f.Narrative = append(f.Narrative, entry)
		}
		if entry.Key && f.Incident.Summary == "" && (e.Kind == timeline.KindNote || e.Kind == timeline.KindMessage) {
			f.Incident.Summary, f.Incident.SummaryEvent = entry.Text, e.ID
		}
		if prose[e.Kind] {
			for _, fd := range lint.text(entry.Text) {
				f.Wording = append(f.Wording, QuotedFinding{EventID: e.ID, At: at, Finding: fd})
			}
		}
		if timeline.IsOpening(e) && !declared {
			// The opening event, rather than the incident's first event: an
			// imported incident opens at its earliest event, which may be a
			// back-dated "impact began".
			f.Incident.DeclaredAt, declared = at, true
		}
		if e.Kind == timeline.KindStatus && e.Attr(timeline.AttrNew) == string(timeline.StatusClosed) && f.Incident.EndedAt == nil {
			ended := at
			f.Incident.EndedAt = &ended
		}
	}
	f.placeMilestones()

	for _, name := range slices.Sorted(maps.Keys(people)) {
		p := people[name]
		slices.Sort(p.Roles)
		if p.Events > 0 {
			p.FirstActivity, p.LastActivity = &p.first, &p.last
		}
		f.Participants = append(f.Participants, p.Participant)
	}
	slices.SortStableFunc(f.Participants, func(a, b Participant) int { return compareFirst(a.FirstActivity, b.FirstActivity) })
	f.Participants = nonNil(f.Participants)

	for _, name := range slices.Sorted(maps.Keys(flow)) {
		r := flow[name]
		if r.PagedAt == nil && r.NotifiedAt == nil && r.AcknowledgedAt == nil && len(people[name].rolesOrNil()) == 0 {
			continue // someone who only wrote in chat was not part of the response's information flow
		}
		f.InfoFlow = append(f.InfoFlow, *r)
	}
	slices.SortStableFunc(f.InfoFlow, func(a, b Responder) int { return compareFirst(a.reached(), b.reached()) })
	f.InfoFlow = nonNil(f.InfoFlow)
	f.Incident.Services = slices.Sorted(maps.Keys(services))
	if f.Incident.Services == nil {
		f.Incident.Services = []string{}
	}
}

// participant is a Participant while the events are read, with its
// activity as values: taking each event's time by address would allocate
// one for every event.
type participant struct {
	Participant
	first, last time.Time
}

func (p *participant) rolesOrNil() []string {
	if p == nil {
		return nil
	}
	return p.Roles
}

// reached is when information first reached a responder, or when they
// first acted if nothing reached them.
func (r Responder) reached() *time.Time {
	var first *time.Time
	for _, t := range []*time.Time{r.PagedAt, r.NotifiedAt, r.AcknowledgedAt, r.FirstActionAt} {
		if t != nil && (first == nil || t.Before(*first)) {
			first = t
		}
	}
	return first
}

// compareFirst orders known times before unknown ones.
func compareFirst(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

func earliest(cur *time.Time, t time.Time) *time.Time {
	if cur == nil || t.Before(*cur) {
		return &t
	}
	return cur
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// placeMilestones marks each milestone on the narrative entry that
// records it, or adds an entry of its own where no event does (a
// milestone derived from the opening, say).
func (f *Facts) placeMilestones() {
	records := func(e Entry, m MilestoneFact) bool {
		if !e.At.Equal(m.At) {
			return false
		}
		switch e.Kind {
		case timeline.KindMilestone:
			return e.marks == m.Name
		case timeline.KindPage:
			return m.Origin == "first page"
		case timeline.KindAck:
			return m.Origin == "first acknowledgement"
		case timeline.KindResolve, timeline.KindStatus:
			return m.Origin == "last resolve"
		case timeline.KindTitle:
			return m.Origin == "incident opened"
		}
		return false
	}
	for _, m := range f.Milestones {
		placed := false
		for i := range f.Narrative {
			if records(f.Narrative[i], m) {
				f.Narrative[i].Milestones = append(f.Narrative[i].Milestones, m.Name)
				placed = true
				break
			}
		}
		if !placed {
			f.Narrative = append(f.Narrative, Entry{At: m.At, Kind: timeline.KindMilestone, Text: m.Label, Milestones: []timeline.Milestone{m.Name}})
		}
	}
	slices.SortStableFunc(f.Narrative, func(a, b Entry) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

func (f *Facts) assembleSeverity(inc incident.Incident, events []timeline.Event) {
	f.Severity = SeverityFacts{Peak: inc.PeakSeverity, Current: inc.Severity, Time: []SeverityTime{}}
	end := inc.LastEventAt
	if f.Incident.EndedAt != nil {
		end = *f.Incident.EndedAt
	}
	if r, ok := inc.Milestones[timeline.Resolved]; ok {
		end = r
	}
	type change struct {
		at  time.Time
		sev timeline.Severity
	}
	var changes []change
	for _, e := range events {
		if e.Kind != timeline.KindSeverity {
			continue
		}
		if sev, err := timeline.ParseSeverity(e.Attr(timeline.AttrNew)); err == nil {
			changes = append(changes, change{e.At, sev})
		}
	}
	held := map[timeline.Severity]time.Duration{}
	for i, c := range changes {
		until := end
		if i+1 < len(changes) && changes[i+1].at.Before(until) {
			until = changes[i+1].at
		}
		if until.After(c.at) {
			held[c.sev] += until.Sub(c.at)
		} else if _, ok := held[c.sev]; !ok {
			held[c.sev] = 0
		}
	}
	for s := timeline.SevWorst; s <= timeline.SevLeast; s++ {
		if d, ok := held[s]; ok {
			f.Severity.Time = append(f.Severity.Time, SeverityTime{Severity: s, Seconds: int64(d.Round(time.Second) / time.Second)})
		}
	}
}

// spansDays reports whether the incident's times fall on more than one
// calendar day in the draft's zone.
func (f *Facts) spansDays() bool {
	day := ""
	check := func(t time.Time) bool {
		d := t.In(f.loc).Format(time.DateOnly)
		if day == "" {
			day = d
		}
		return d != day
	}
	if check(f.Incident.DeclaredAt) {
		return true
	}
	for _, m := range f.Milestones {
		if check(m.At) {
			return true
		}
	}
	if n := len(f.Timeline); n > 0 && (check(f.Timeline[0].At) || check(f.Timeline[n-1].At)) {
		return true
	}
	return false
}
