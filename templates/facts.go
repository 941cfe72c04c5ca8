package templates

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Facts is what a review says, before a template shapes it. Its JSON form
// is what `sitrep review --format json` prints; times are RFC 3339 UTC.
type Facts struct {
	Incident      IncidentFacts                          `json:"incident"`
	Review        ReviewFacts                            `json:"review"`
	TimeZone      string                                 `json:"time_zone"`   // the zone the rendered draft shows times in
	Offsets       []ZoneOffset                           `json:"utc_offsets"` // the zone's offsets during the incident: two or more when it changed
	MultiDay      bool                                   `json:"multi_day"`   // the incident spans more than one day in that zone
	Milestones    []MilestoneFact                        `json:"milestones"`
	Durations     map[timeline.DurationName]DurationFact `json:"durations"`
	OrderWarnings []string                               `json:"order_warnings"`
	Severity      SeverityFacts                          `json:"severity"`
	People        []Person                               `json:"people"`
	Narrative     []Moment                               `json:"narrative"`
	Resolution    ResolutionFacts                        `json:"resolution"`
	Messaging     []Entry                                `json:"messaging"` // chat and notes about status-page, customer and company updates
	Factors       []Item                                 `json:"contributing_factors"`
	Questions     []Item                                 `json:"open_questions"`
	Actions       []ActionItem                           `json:"action_items"`
	Links         []Link                                 `json:"links"`
	Wording       []QuotedFinding                        `json:"wording_to_reconsider"` // the first wordingKept
	WordingTotal  int                                    `json:"wording_total"`         // every finding, kept or not
	// Timeline is the full timeline when the facts were assembled from a
	// slice (Assemble) or loaded (LoadTimeline); a store's incident
	// streamed through an Assembler keeps it in an entry log instead, and
	// EachEntry reads either.
	Timeline []Entry `json:"timeline"`

	loc        *time.Location
	log        *entryLog
	firstAt    time.Time // the timeline's first and last times
	lastAt     time.Time
	pageTimes  []time.Time // for the incident's shape
	keyTimes   []time.Time
	shownCount int // entries in the timeline
}

// EachEntry calls fn with each entry of the full timeline, in order. The
// Entry may be reused between calls.
func (f *Facts) EachEntry(fn func(*Entry) error) error {
	if f.log != nil {
		return f.log.each(fn)
	}
	for i := range f.Timeline {
		if err := fn(&f.Timeline[i]); err != nil {
			return err
		}
	}
	return nil
}

// Entries is how many entries the full timeline holds.
func (f *Facts) Entries() int { return max(f.shownCount, len(f.Timeline)) }

// LoadTimeline fills Timeline from the entry log, for templates that
// range over it themselves.
func (f *Facts) LoadTimeline() error {
	if f.log == nil {
		return nil
	}
	f.Timeline = make([]Entry, 0, f.shownCount)
	err := f.log.each(func(e *Entry) error {
		f.Timeline = append(f.Timeline, *e)
		return nil
	})
	f.log.close()
	f.log = nil
	return err
}

// Close releases the entry log's temporary file, if any.
func (f *Facts) Close() {
	if f.log != nil {
		f.log.close()
	}
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
	Summary      string            `json:"summary,omitempty"`    // the later of the latest `note --kind summary` and `flag EVENT --summary`
	SummaryEvent string            `json:"summary_id,omitempty"` // its event ID
}

// ReviewFacts describe the review itself, for the draft's front matter.
type ReviewFacts struct {
	Owner   string `json:"owner,omitempty"`   // who runs the review: as given, else the commander
	Meeting string `json:"meeting,omitempty"` // the meeting's date, when known
	Status  string `json:"status"`            // "draft"
}

// ZoneOffset is the draft zone's offset from UTC from a moment on.
type ZoneOffset struct {
	From   time.Time `json:"from"`
	Offset string    `json:"offset"` // "+01:00"
	Name   string    `json:"name"`   // "CET"
}

// RoleFact is one role and who holds it.
type RoleFact struct {
	Role string `json:"role"`
	Who  string `json:"who"`
}

// MilestoneFact is a milestone and where its time came from.
type MilestoneFact struct {
	Name     timeline.Milestone `json:"name"`
	Label    string             `json:"label"` // "impact began"
	At       time.Time          `json:"at"`
	Origin   string             `json:"origin"`              // "marked", or what it was derived from
	MarkedBy string             `json:"marked_by,omitempty"` // who marked it
	MarkedAt *time.Time         `json:"marked_at,omitempty"` // when they recorded the mark, if later than its time
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
	// Measures says what Time counts: from impact start (the first
	// severity set counts from then) to impact end, so the times add up
	// to the impact; or, without those milestones, from the first
	// severity set to the response's end or the last event.
	Measures string         `json:"measures"`
	Time     []SeverityTime `json:"time_at_severity"` // worst first; only severities held
	Bands    []SeverityBand `json:"bands"`            // severity over time, in order
}

// SeverityTime is how long the incident was at one severity.
type SeverityTime struct {
	Severity timeline.Severity `json:"severity"`
	Seconds  int64             `json:"seconds"`
}

// Duration is the time held.
func (s SeverityTime) Duration() time.Duration { return time.Duration(s.Seconds) * time.Second }

// SeverityBand is one stretch of time at one severity.
type SeverityBand struct {
	Severity timeline.Severity `json:"severity"`
	From     time.Time         `json:"from"`
	To       time.Time         `json:"to"`
}

// Person is someone who took part: how information reached them, when
// they first acted, and what they did.
type Person struct {
	Name    string    `json:"name"`
	Roles   []string  `json:"roles"`   // every role they held, in the order given
	Reached []Contact `json:"reached"` // how information reached them, earliest first
	// FirstActionAt is when they recorded their first action (a note, a
	// command, a change): for an entry dated back (`--at`), when it was
	// written, not the moment it describes.
	FirstActionAt   *time.Time    `json:"first_action_at,omitempty"`
	FirstActionKind timeline.Kind `json:"first_action_kind,omitempty"`
	FirstAction     string        `json:"first_action,omitempty"` // what they wrote, ran or changed
	AcknowledgedAt  *time.Time    `json:"acknowledged_at,omitempty"`
	LastActivity    *time.Time    `json:"last_activity,omitempty"`
	Events          int           `json:"events"` // events they wrote, chat included
	Owns            []int         `json:"owns"`   // follow-ups they own
}

// Contact is one way information reached a person.
type Contact struct {
	How string    `json:"how"` // paged, notified, joined the channel, first message, given a role
	At  time.Time `json:"at"`
}

// FirstReached is the earliest contact, if any.
func (p Person) FirstReached() *Contact {
	if len(p.Reached) == 0 {
		return nil
	}
	return &p.Reached[0]
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
}

// Moment is one line of the narrative: an entry, a milestone, or a
// summary of the chat and pager traffic between two moments.
type Moment struct {
	Entry
	Count    int        `json:"count,omitempty"`     // events this line summarises
	Until    *time.Time `json:"until,omitempty"`     // ... from At until then
	Who      []string   `json:"who,omitempty"`       // for a summary: who wrote
	From     string     `json:"from,omitempty"`      // for a handoff: who held the role before
	MarkedBy string     `json:"marked_by,omitempty"` // for a milestone: who marked it
	MarkedAt *time.Time `json:"marked_at,omitempty"` // ... and when, if later than its time

	marks timeline.Milestone
}

// ResolutionFacts prefill the Resolution section: when impact was
// mitigated and what people did just before.
type ResolutionFacts struct {
	Milestone timeline.Milestone `json:"milestone,omitempty"` // mitigated, else resolved
	At        *time.Time         `json:"at,omitempty"`
	Steps     []Entry            `json:"steps"` // successful commands and notes in the half hour before
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
	Type   string    `json:"type,omitempty"` // mitigate, prevent, detect, ...
	Owner  string    `json:"owner,omitempty"`
	Due    string    `json:"due,omitempty"`    // YYYY-MM-DD
	Ticket string    `json:"ticket,omitempty"` // a URL or a key
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
	// Owner runs the review (default: the commander); Meeting is the
	// review meeting's date. Both go to the draft's front matter.
	Owner, Meeting string
}

var milestoneLabels = map[timeline.Milestone]string{
	timeline.Started:      "impact began",
	timeline.Detected:     "detected",
	timeline.Acknowledged: "acknowledged",
	timeline.Mitigated:    "mitigated",
	timeline.Resolved:     "impact ended",
}

// pagerKind: what pager systems do to people. (Switches rather than
// maps: they are asked of every event.)
func pagerKind(k timeline.Kind) bool {
	switch k {
	case timeline.KindPage, timeline.KindNotify, timeline.KindAck,
		timeline.KindEscalate, timeline.KindAssign, timeline.KindResolve:
		return true
	}
	return false
}

// prose: the kinds whose text people wrote, which the lint reads.
func prose(k timeline.Kind) bool {
	switch k {
	case timeline.KindNote, timeline.KindMessage, timeline.KindFactor,
		timeline.KindQuestion, timeline.KindAction:
		return true
	}
	return false
}

// narrativeMoments caps the lines of the narrative: past it, only
// milestones are told, and everything else is counted in one line per
// stretch (every event stays in the appendix). A story of a thousand
// notes is not one people can discuss, and a bulk import of a million
// events must not make a million-line story.
const narrativeMoments = 400

// Assemble builds the review facts of an incident from its projection and
// its events (in any order). It reads no clock: the same input gives the
// same facts.
func Assemble(inc incident.Incident, events []timeline.Event, opts Options) *Facts {
	if !slices.IsSortedFunc(events, compareEvents) {
		// The caller's slice stays as it was; a store's is in order
		// already, and copying 100,000 events is not free.
		events = slices.Clone(events)
		timeline.Sort(events)
	}
	a := NewAssembler(inc, opts)
	a.f.Timeline = make([]Entry, 0, len(events))
	for i := range events {
		a.Add(&events[i])
	}
	return a.Facts()
}

// AssembleFrom builds the facts from events that each yields in timeline
// order (a store's EachEvent), keeping the full timeline in an entry log
// rather than as values. Close the facts when done.
func AssembleFrom(inc incident.Incident, each func(fn func(*timeline.Event) error) error, opts Options) (*Facts, error) {
	return assembleFrom(inc, each, opts, spillAt, pipelineAt)
}

func assembleFrom(inc incident.Incident, each func(fn func(*timeline.Event) error) error, opts Options, spill, pipeline int) (*Facts, error) {
	a := NewAssembler(inc, opts)
	a.f.log = &entryLog{spillAt: spill}
	var err error
	if inc.EventCount >= pipeline {
		err = a.addAllPipelined(each)
	} else {
		err = each(func(e *timeline.Event) error {
			a.Add(e)
			return nil
		})
	}
	f := a.Facts()
	f.log.sync()
	if err == nil {
		err = f.log.err
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// pipelineAt is the size of incident from which reading the events and
// assembling them run side by side.
const pipelineAt = 10_000

// addAllPipelined adds the events each yields, reading them (a store's
// read transactions and decoding, a third of a large review) in another
// goroutine, a batch at a time, while this one adds them in order.
func (a *Assembler) addAllPipelined(each func(fn func(*timeline.Event) error) error) error {
	const batchLen, batches = 1024, 4
	full := make(chan []timeline.Event, batches)
	free := make(chan []timeline.Event, batches)
	for range batches {
		free <- make([]timeline.Event, 0, batchLen)
	}
	var (
		err      error
		panicked any
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer close(full)
		defer func() { panicked = recover() }()
		b := <-free
		err = each(func(e *timeline.Event) error {
			b = append(b, *e)
			if len(b) == batchLen {
				full <- b
				b = <-free
			}
			return nil
		})
		if len(b) > 0 {
			full <- b
		}
	}()
	for b := range full {
		for i := range b {
			a.Add(&b[i])
		}
		clear(b) // keep nothing of these events alive
		free <- b[:0]
	}
	<-done
	if panicked != nil {
		panic(panicked) // where the caller's recovery sees it
	}
	return err
}

// Assembler builds the facts in one pass over an incident's events, in
// timeline order, holding only what the review keeps of each: a store can
// stream a million events through it (incident.Store.EachEvent).
type Assembler struct {
	f      *Facts
	inc    incident.Incident
	hidden map[string]bool
	key    map[string]bool

	people     map[string]*personState
	services   map[string]bool
	links      map[Link]bool
	marked     map[timeline.Milestone]*timeline.Event
	holders    map[string]string // role → who holds it, as the events go
	actionMeta map[int]*ActionItem
	sevChanges []SeverityBand
	firstPage  bool
	seenPage   bool
	seenAck    bool
	seenRes    bool
	declared   bool
	pending    pendingNoise
	summaryAt  time.Time
	flagged    string    // the text of the event flagged as the summary
	flaggedAt  time.Time // when it was flagged
	resolvedAt time.Time // mitigated, else resolved: the Resolution's steps lead up to it
	lint       linter
	linted     map[string][]Finding // findings by text, for lintText
	lower      []byte               // messaging's buffer
}

type personState struct {
	Person
	first, last time.Time
	roleSet     map[string]bool
	reached     map[string]time.Time
	messaged    bool
}

// pendingNoise counts the chat and pager traffic since the last moment.
type pendingNoise struct {
	chat, pagerTotal       int
	chatAt, pageAt, moreAt time.Time
	chatTo, pageTo         time.Time
	more                   map[timeline.Kind]int // past the narrative's cap
	chatWho                []string
	pager                  map[timeline.Kind]int
}

// NewAssembler starts the facts of inc; Add each event, then call Facts.
func NewAssembler(inc incident.Incident, opts Options) *Assembler {
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	f := &Facts{
		TimeZone:      loc.String(),
		Durations:     map[timeline.DurationName]DurationFact{},
		OrderWarnings: []string{},
		loc:           loc,
		Narrative:     []Moment{},
		Factors:       []Item{},
		Questions:     []Item{},
		Links:         []Link{},
		Wording:       []QuotedFinding{},
		Messaging:     []Entry{},
		Resolution:    ResolutionFacts{Steps: []Entry{}},
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
	f.Review = ReviewFacts{Owner: timeline.SanitizeLine(cmp.Or(opts.Owner, inc.Roles[timeline.RoleCommander])), Meeting: timeline.SanitizeLine(opts.Meeting), Status: "draft"}
	resolvedAt := inc.Milestones[timeline.Mitigated]
	if resolvedAt.IsZero() {
		resolvedAt = inc.Milestones[timeline.Resolved]
	}
	return &Assembler{
		resolvedAt: resolvedAt.UTC(),
		f:          f, inc: inc, hidden: setOf(inc.Hidden), key: setOf(inc.Key),
		people: map[string]*personState{}, services: map[string]bool{}, links: map[Link]bool{},
		marked: map[timeline.Milestone]*timeline.Event{}, holders: map[string]string{}, actionMeta: map[int]*ActionItem{},
	}
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

func (a *Assembler) person(name string) *personState {
	p := a.people[name]
	if p == nil {
		p = &personState{Person: Person{Name: name, Roles: []string{}, Reached: []Contact{}, Owns: []int{}},
			roleSet: map[string]bool{}, reached: map[string]time.Time{}}
		a.people[name] = p
	}
	return p
}

// reach records the first time information reached name in a way.
func (a *Assembler) reach(name, how string, at time.Time) {
	if name == "" {
		return
	}
	p := a.person(name)
	if t, ok := p.reached[how]; !ok || at.Before(t) {
		p.reached[how] = at
	}
}

// actedAt is when an event's author acted: when they wrote it, for an
// entry they dated back by more than a minute (and less than half a day)
// from the CLI or the TUI.
func actedAt(e *timeline.Event) time.Time {
	switch e.Source {
	case timeline.SourceCLI, timeline.SourceTUI:
		// Hours, not days: an event recorded days after its time was
		// imported or generated, not written by someone then.
		if late := e.Recorded.Sub(e.At); !e.Recorded.IsZero() && late > time.Minute && late <= 12*time.Hour {
			return e.Recorded.UTC()
		}
	}
	return e.At.UTC()
}

// slackSubtype and slackJoin are how the Slack integration marks a member
// joining the channel (templates reads events, not integrations).
const (
	slackSubtype = "subtype"
	slackJoin    = "channel_join"
)

// Add reads the next event, in timeline order.
func (a *Assembler) Add(e *timeline.Event) {
	f := a.f
	actor := timeline.SanitizeLine(e.Actor)
	at := e.At.UTC()
	if svc := e.Attr(timeline.AttrService); svc != "" {
		a.services[timeline.SanitizeLine(svc)] = true
	}
	target := timeline.SanitizeLine(e.Attr(timeline.AttrWho))
	hidden := a.hidden[e.ID]

	// People: who acted, and how information reached them.
	switch e.Kind {
	case timeline.KindPage, timeline.KindAssign, timeline.KindEscalate:
		a.reach(target, "paged", at)
	case timeline.KindNotify:
		a.reach(cmp.Or(target, actor), "notified", at)
	case timeline.KindAck:
		if who := cmp.Or(target, actor); who != "" {
			p := a.person(who)
			p.AcknowledgedAt = earliest(p.AcknowledgedAt, at)
		}
	case timeline.KindRole:
		if target != "" {
			p := a.person(target)
			if role := timeline.SanitizeLine(e.Attr(timeline.AttrRole)); !p.roleSet[role] {
				p.roleSet[role] = true
				p.Roles = append(p.Roles, role)
			}
			if actor != target {
				a.reach(target, "given a role", at)
			}
		}
	}
	if actor != "" && !pagerKind(e.Kind) && e.Kind != timeline.KindFlag {
		p := a.person(actor)
		if p.Events == 0 {
			p.first = at
		}
		p.Events++
		p.last = at
		switch {
		case e.Kind == timeline.KindMessage && e.Attr(slackSubtype) == slackJoin:
			a.reach(actor, "joined the channel", at)
		case e.Kind == timeline.KindMessage:
			if !p.messaged {
				p.messaged = true
				a.reach(actor, "first message", at)
			}
		case !hidden:
			if t := actedAt(e); p.FirstActionAt == nil || t.Before(*p.FirstActionAt) {
				p.FirstActionAt = &t
				p.FirstActionKind, p.FirstAction = e.Kind, timeline.SanitizeLine(firstActionText(e))
			}
		}
	}
	if e.Kind == timeline.KindAction {
		a.actionAttrs(e)
	}
	if e.Kind == timeline.KindMilestone {
		if m, err := timeline.ParseMilestone(e.Attr(timeline.AttrMilestone)); err == nil && !hidden {
			c := *e
			a.marked[m] = &c // the last mark wins, as in the projection
		}
	}
	if e.Kind == timeline.KindPage {
		a.firstPage = true
	}
	if e.Kind == timeline.KindSeverity {
		if sev, err := timeline.ParseSeverity(e.Attr(timeline.AttrNew)); err == nil {
			a.sevChanges = append(a.sevChanges, SeverityBand{Severity: sev, From: at})
		}
	}
	if timeline.IsOpening(*e) && !a.declared {
		// The opening event, rather than the incident's first event: an
		// imported incident opens at its earliest event, which may be a
		// back-dated "impact began".
		f.Incident.DeclaredAt, a.declared = at, true
	}
	if e.Kind == timeline.KindStatus && e.Attr(timeline.AttrNew) == string(timeline.StatusClosed) && f.Incident.EndedAt == nil {
		ended := at
		f.Incident.EndedAt = &ended
	}
	oldHolder := ""
	if e.Kind == timeline.KindRole {
		role := e.Attr(timeline.AttrRole)
		oldHolder = a.holders[role]
		a.holders[role] = e.Attr(timeline.AttrWho)
	}
	// The event flagged as the summary (hidden or not), and when the
	// standing flag was set.
	if id := a.inc.SummaryEvent; id != "" {
		if e.ID == id {
			a.flagged = timeline.Sanitize(timeline.Summary(*e))
		}
		if e.Kind == timeline.KindFlag && e.Attr(timeline.AttrFlag) == timeline.FlagSummary && e.Attr(timeline.AttrTarget) == id && !at.Before(a.flaggedAt) {
			a.flaggedAt = at
		}
	}
	if hidden || e.Kind == timeline.KindFlag {
		return
	}

	entry := Entry{
		ID: e.ID, At: at, Kind: e.Kind, Source: e.Source, Actor: actor,
		Text: timeline.Sanitize(timeline.Summary(*e)), Key: a.key[e.ID],
		URL: timeline.SanitizeLine(cmp.Or(e.Attr(timeline.AttrPermalink), e.Attr(timeline.AttrURL))),
	}
	if f.log != nil {
		f.log.add(&entry)
	} else {
		f.Timeline = append(f.Timeline, entry)
	}
	if f.shownCount == 0 {
		f.firstAt = at
	}
	f.lastAt = at
	f.shownCount++
	if e.Kind == timeline.KindPage && len(f.pageTimes) < shapeMarks {
		f.pageTimes = append(f.pageTimes, at)
	}
	if entry.Key && len(f.keyTimes) < shapeMarks {
		f.keyTimes = append(f.keyTimes, at)
	}

	summary := e.Kind == timeline.KindNote && e.Attr(timeline.AttrNoteKind) == "summary"
	if summary && !at.Before(a.summaryAt) {
		f.Incident.Summary, f.Incident.SummaryEvent, a.summaryAt = entry.Text, e.ID, at
	}
	m := Moment{Entry: entry}
	narrate := entry.Key
	switch e.Kind {
	case timeline.KindMilestone:
		narrate = true
		m.marks, _ = timeline.ParseMilestone(e.Attr(timeline.AttrMilestone))
	case timeline.KindStatus, timeline.KindSeverity, timeline.KindEscalate, timeline.KindCommand,
		timeline.KindFactor, timeline.KindQuestion:
		narrate = true
	case timeline.KindRole:
		narrate = true
		m.From = timeline.SanitizeLine(oldHolder)
		if m.From == timeline.SanitizeLine(e.Attr(timeline.AttrWho)) {
			m.From = ""
		}
	case timeline.KindTitle:
		narrate = timeline.IsOpening(*e) || narrate
	case timeline.KindNote:
		narrate = narrate || !summary
	case timeline.KindPage:
		narrate, a.seenPage = narrate || !a.seenPage, true
	case timeline.KindAck:
		narrate, a.seenAck = narrate || !a.seenAck, true
	case timeline.KindResolve:
		narrate, a.seenRes = narrate || !a.seenRes, true
	case timeline.KindLink:
		l := Link{
			Source: timeline.SanitizeLine(e.Attr(timeline.AttrSource)),
			ID:     timeline.SanitizeLine(e.Attr(timeline.AttrExternalID)),
			URL:    timeline.SanitizeLine(e.Attr(timeline.AttrURL)),
		}
		if (l.Source != "" || l.URL != "") && !a.links[l] {
			a.links[l] = true
			f.Links = append(f.Links, l)
		}
	}
	switch e.Kind {
	case timeline.KindFactor:
		f.Factors = append(f.Factors, Item{ID: e.ID, At: at, Actor: actor, Text: entry.Text})
	case timeline.KindQuestion:
		f.Questions = append(f.Questions, Item{ID: e.ID, At: at, Actor: actor, Text: entry.Text})
	}
	if narrate && e.Kind != timeline.KindMilestone && len(f.Narrative) >= narrativeMoments {
		p := &a.pending
		if len(p.more) == 0 {
			p.moreAt = at
		}
		if p.more == nil {
			p.more = map[timeline.Kind]int{}
		}
		p.more[e.Kind]++
	} else if narrate {
		// The traffic in between is told at the turns of the story (a
		// milestone, a change of state or hands, a page), or once there
		// is enough of it to matter, not between every two notes.
		if turn(e.Kind) || a.pending.chat >= 20 || a.pending.pagerTotal >= 10 {
			a.flushNoise()
		}
		f.Narrative = append(f.Narrative, m)
	} else {
		a.noise(e, actor, at)
	}
	if a.messaging(e) && len(f.Messaging) < 20 {
		f.Messaging = append(f.Messaging, entry)
	}
	if prose(e.Kind) {
		for _, fd := range a.lintText(entry.Text) {
			if f.WordingTotal++; len(f.Wording) < wordingKept {
				f.Wording = append(f.Wording, QuotedFinding{EventID: e.ID, At: at, Finding: fd})
			}
		}
	}
	if (e.Kind == timeline.KindCommand && e.Attr(timeline.AttrExitCode) == "0") || (e.Kind == timeline.KindNote && !summary) {
		if r := a.resolvedAt; !r.IsZero() && !at.After(r) && r.Sub(at) <= 30*time.Minute {
			if len(f.Resolution.Steps) == resolutionSteps {
				f.Resolution.Steps = append(f.Resolution.Steps[:0], f.Resolution.Steps[1:]...)
			}
			f.Resolution.Steps = append(f.Resolution.Steps, entry)
		}
	}
}

// lintMemo caps the texts whose findings the assembler remembers, and
// lintMemoLen the length of a text worth remembering.
const (
	lintMemo    = 4096
	lintMemoLen = 512
)

// lintText lints one note or message. Chat repeats itself ("ack", "on
// it", a bot's line), and the lint of a text depends on nothing else, so
// the findings of short texts are remembered.
func (a *Assembler) lintText(s string) []Finding {
	if len(s) > lintMemoLen {
		return a.lint.text(s)
	}
	if fds, ok := a.linted[s]; ok {
		return fds
	}
	fds := a.lint.text(s)
	if a.linted == nil {
		a.linted = map[string][]Finding{}
	}
	if len(a.linted) < lintMemo {
		a.linted[s] = fds
	}
	return fds
}

// firstActionText describes what someone first did.
func firstActionText(e *timeline.Event) string {
	switch e.Kind {
	case timeline.KindNote, timeline.KindFactor, timeline.KindQuestion, timeline.KindAction, timeline.KindCommand:
		return e.Text
	case timeline.KindMilestone:
		return "marked " + milestoneLabels[timeline.Milestone(e.Attr(timeline.AttrMilestone))]
	case timeline.KindRole:
		return "gave " + e.Attr(timeline.AttrWho) + " the " + e.Attr(timeline.AttrRole) + " role"
	case timeline.KindTitle:
		if timeline.IsOpening(*e) {
			return "opened the incident"
		}
	}
	return timeline.Summary(*e)
}

// messaging reports whether an event is about an update to people
// outside the response: a status-page, customer or company update in chat
// or a note.
func (a *Assembler) messaging(e *timeline.Event) bool {
	if e.Kind != timeline.KindMessage && e.Kind != timeline.KindNote {
		return false
	}
	t := e.Text
	// Every phrase below holds one of these, in either case: most chat
	// holds none, and lower-casing it all was a third of the assembly.
	if !strings.Contains(t, "tatus") && !strings.Contains(t, "pdate") && !strings.Contains(t, "nnounce") &&
		!strings.Contains(t, "ustomers") && !strings.Contains(t, "ncident.io") && !strings.Contains(t, "TATUS") && !strings.Contains(t, "PDATE") {
		return false
	}
	// Lower-cased into a buffer kept between events, when it is ASCII
	// (strings.ToLower would copy every message); else as before.
	if l, ok := appendLowerASCII(a.lower[:0], t); ok {
		a.lower = l
		for _, w := range messagingPhrases {
			if bytes.Contains(l, w) {
				return true
			}
		}
		return false
	}
	t = strings.ToLower(t)
	for _, w := range messagingPhrases {
		if strings.Contains(t, string(w)) {
			return true
		}
	}
	return false
}

var messagingPhrases = [][]byte{[]byte("status page"), []byte("statuspage"), []byte("status.io"), []byte("status update"),
	[]byte("customer update"), []byte("customers were told"), []byte("external update"), []byte("internal update"),
	[]byte("announcement"), []byte("posted an update"), []byte("update posted"), []byte("incident.io"), []byte("next update")}

// appendLowerASCII appends s lower-cased, and reports whether s was all
// ASCII (else what it appended is not all of s).
func appendLowerASCII(b []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return b, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b, true
}

// noise counts an event the narrative does not quote.
func (a *Assembler) noise(e *timeline.Event, actor string, at time.Time) {
	p := &a.pending
	switch {
	case e.Kind == timeline.KindMessage:
		if p.chat == 0 {
			p.chatAt = at
		}
		p.chat++
		p.chatTo = at
		if actor != "" && !slices.Contains(p.chatWho, actor) && len(p.chatWho) < 64 {
			p.chatWho = append(p.chatWho, actor)
		}
	case pagerKind(e.Kind):
		if p.pagerTotal == 0 {
			p.pageAt = at
		}
		if p.pager == nil {
			p.pager = map[timeline.Kind]int{}
		}
		p.pager[e.Kind]++
		p.pagerTotal++
		p.pageTo = at
	}
}

var pagerNouns = []struct {
	kind      timeline.Kind
	one, many string
}{
	{timeline.KindPage, "page", "pages"},
	{timeline.KindNotify, "notification", "notifications"},
	{timeline.KindAck, "acknowledgement", "acknowledgements"},
	{timeline.KindAssign, "assignment", "assignments"},
	{timeline.KindResolve, "resolve", "resolves"},
}

// flushNoise turns the traffic counted since the last moment into
// summary lines of the narrative.
func (a *Assembler) flushNoise() {
	p := &a.pending
	if p.chat > 0 {
		who := slices.Clone(p.chatWho)
		slices.Sort(who)
		a.f.Narrative = append(a.f.Narrative, Moment{
			Entry: Entry{At: p.chatAt, Kind: timeline.KindMessage, Text: plural(p.chat, "chat message", "chat messages")},
			Count: p.chat, Who: who, Until: until(p.chatAt, p.chatTo),
		})
	}
	if len(p.pager) > 0 {
		var parts []string
		n := 0
		for _, k := range pagerNouns {
			if c := p.pager[k.kind]; c > 0 {
				parts = append(parts, plural(c, k.one, k.many))
				n += c
			}
		}
		a.f.Narrative = append(a.f.Narrative, Moment{
			Entry: Entry{At: p.pageAt, Kind: timeline.KindNotify, Text: "pager: " + strings.Join(parts, ", ")},
			Count: n, Until: until(p.pageAt, p.pageTo),
		})
	}
	if len(p.more) > 0 {
		var parts []string
		n := 0
		for _, k := range slices.Sorted(maps.Keys(p.more)) {
			parts = append(parts, fmt.Sprintf("%d %s", p.more[k], k))
			n += p.more[k]
		}
		a.f.Narrative = append(a.f.Narrative, Moment{
			Entry: Entry{At: p.moreAt, Kind: timeline.KindNote,
				Text: "and " + plural(n, "more event", "more events") + " (" + strings.Join(parts, ", ") + "): the full timeline has them"},
			Count: n,
		})
	}
	a.pending = pendingNoise{chatWho: p.chatWho[:0], pager: clearMap(p.pager), more: clearMap(p.more)}
}

// turn: the kinds of event at which the narrative tells the traffic
// counted since the last one.
func turn(k timeline.Kind) bool {
	switch k {
	case timeline.KindMilestone, timeline.KindStatus, timeline.KindSeverity, timeline.KindRole,
		timeline.KindTitle, timeline.KindEscalate, timeline.KindPage, timeline.KindAck, timeline.KindResolve:
		return true
	}
	return false
}

// until is to, when it is later than from.
func until(from, to time.Time) *time.Time {
	if !to.After(from) {
		return nil
	}
	return &to
}

func clearMap[K comparable, V any](m map[K]V) map[K]V {
	clear(m)
	return m
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// actionAttrs keeps a follow-up's type, due date and ticket.
func (a *Assembler) actionAttrs(e *timeline.Event) {
	n, err := strconv.Atoi(e.Attr(timeline.AttrAction))
	if err != nil {
		return
	}
	m := a.actionMeta[n]
	if m == nil {
		m = &ActionItem{}
		a.actionMeta[n] = m
	}
	if v := e.Attr(timeline.AttrActionType); v != "" {
		m.Type = timeline.SanitizeLine(v)
	}
	if v := e.Attr(timeline.AttrDue); v != "" {
		m.Due = timeline.SanitizeLine(v)
	}
	if v := e.Attr(timeline.AttrTicket); v != "" {
		m.Ticket = timeline.SanitizeLine(v)
	}
}

// Facts finishes the assembly.
func (a *Assembler) Facts() *Facts {
	f := a.f
	a.flushNoise()
	inc := a.inc
	// The later of a summary note and a summary flag wins.
	if a.flagged != "" && !a.flaggedAt.Before(a.summaryAt) {
		f.Incident.Summary, f.Incident.SummaryEvent = a.flagged, inc.SummaryEvent
	}
	f.assembleMilestones(inc, a.marked, a.firstPage)
	f.placeMilestones()
	f.assembleSeverity(inc, a.sevChanges)
	f.assembleResolution()

	for _, act := range inc.Actions {
		item := ActionItem{
			Number: act.Number, Text: timeline.Sanitize(act.Text), Owner: timeline.SanitizeLine(act.Owner), State: act.State, At: act.At.UTC(),
		}
		if m := a.actionMeta[act.Number]; m != nil {
			item.Type, item.Due, item.Ticket = m.Type, m.Due, m.Ticket
		}
		f.Actions = append(f.Actions, item)
		if item.Owner != "" {
			p := a.person(item.Owner)
			p.Owns = append(p.Owns, item.Number)
		}
	}
	f.Actions = nonNil(f.Actions)

	for _, name := range slices.Sorted(maps.Keys(a.people)) {
		p := a.people[name]
		if p.Events > 0 {
			p.LastActivity = &p.last
		}
		for how, at := range p.reached {
			p.Reached = append(p.Reached, Contact{How: how, At: at})
		}
		slices.SortFunc(p.Reached, func(x, y Contact) int {
			return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.How, y.How))
		})
		f.People = append(f.People, p.Person)
	}
	slices.SortStableFunc(f.People, func(x, y Person) int { return compareFirst(x.firstSeen(), y.firstSeen()) })
	f.People = nonNil(f.People)
	f.Incident.Services = nonNil(slices.Sorted(maps.Keys(a.services)))
	f.MultiDay = f.spansDays()
	f.Offsets = f.zoneOffsets()
	return f
}

// firstSeen is when a person first appears: reached, or acting.
func (p Person) firstSeen() *time.Time {
	var first *time.Time
	if c := p.FirstReached(); c != nil {
		first = &c.At
	}
	for _, t := range []*time.Time{p.FirstActionAt, p.AcknowledgedAt} {
		if t != nil && (first == nil || t.Before(*first)) {
			first = t
		}
	}
	return first
}

func (f *Facts) assembleMilestones(inc incident.Incident, marked map[timeline.Milestone]*timeline.Event, firstPage bool) {
	f.Milestones = []MilestoneFact{}
	for _, m := range timeline.Milestones {
		at, ok := inc.Milestones[m]
		if !ok {
			continue
		}
		mf := MilestoneFact{Name: m, Label: milestoneLabels[m], At: at.UTC(), Origin: "marked"}
		if e := marked[m]; e != nil {
			mf.MarkedBy = timeline.SanitizeLine(e.Actor)
			if t := actedAt(e); t.Sub(e.At) > time.Minute {
				mf.MarkedAt = &t
			}
		} else {
			switch m {
			case timeline.Detected:
				mf.Origin = "first page"
				if !firstPage {
					mf.Origin = "incident opened"
				}
			case timeline.Acknowledged:
				mf.Origin = "first acknowledgement"
			case timeline.Resolved:
				mf.Origin = "last resolve"
			}
		}
		f.Milestones = append(f.Milestones, mf)
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
// facts keep up to wordingKept findings, and count them all.
const (
	wordingShown = 100
	wordingKept  = 5000
)

// WordingShown returns the findings a draft lists.
func (f *Facts) WordingShown() []QuotedFinding {
	return f.Wording[:min(len(f.Wording), wordingShown)]
}

// WordingMore is how many findings the draft leaves out.
func (f *Facts) WordingMore() int { return max(0, f.WordingTotal-len(f.WordingShown())) }

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

// OffsetChanges reports whether the zone's offset changed during the
// incident (a daylight-saving change), so times show their offset.
func (f *Facts) OffsetChanges() bool { return len(f.Offsets) > 1 }

// Acted lists the people who did something (wrote, ran, changed), as
// against those the pager only reached.
func (f *Facts) Acted() []Person {
	var out []Person
	for _, p := range f.People {
		if p.Events > 0 {
			out = append(out, p)
		}
	}
	return out
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

// placeMilestones marks each milestone on the narrative moment that
// records it, or adds a moment of its own where no event does (a
// milestone derived from the opening, say).
func (f *Facts) placeMilestones() {
	records := func(e Moment, m MilestoneFact) bool {
		if !e.At.Equal(m.At) || e.Count > 0 {
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
				n := &f.Narrative[i]
				n.Milestones = append(n.Milestones, m.Name)
				if n.Kind == timeline.KindMilestone {
					n.MarkedBy, n.MarkedAt = m.MarkedBy, m.MarkedAt
				}
				placed = true
				break
			}
		}
		if !placed {
			f.Narrative = append(f.Narrative, Moment{Entry: Entry{At: m.At, Kind: timeline.KindMilestone, Text: m.Label, Milestones: []timeline.Milestone{m.Name}}})
		}
	}
	slices.SortStableFunc(f.Narrative, func(a, b Moment) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// assembleSeverity measures the time at each severity. With impact start
// and end known, the first severity counts from impact start and the last
// until impact ended, so the times add up to the impact; otherwise from
// the first severity set until the response ended or the last event.
func (f *Facts) assembleSeverity(inc incident.Incident, changes []SeverityBand) {
	f.Severity = SeverityFacts{Peak: inc.PeakSeverity, Current: inc.Severity, Time: []SeverityTime{}, Bands: []SeverityBand{}}
	started, hasStart := inc.Milestones[timeline.Started]
	resolved, hasEnd := inc.Milestones[timeline.Resolved]
	end := inc.LastEventAt.UTC()
	if f.Incident.EndedAt != nil {
		end = *f.Incident.EndedAt
	}
	f.Severity.Measures = "from the first severity set until the response ended"
	if hasEnd {
		end = resolved.UTC()
		f.Severity.Measures = "from the first severity set until impact ended"
	}
	if hasStart && hasEnd && len(changes) > 0 && !started.After(resolved) {
		f.Severity.Measures = "from impact start (the first severity set counts from then) until impact ended; together they make up the impact"
		if started.Before(changes[0].From) {
			changes[0].From = started.UTC()
		}
	}
	held := map[timeline.Severity]time.Duration{}
	for i, c := range changes {
		until := end
		if i+1 < len(changes) && changes[i+1].From.Before(until) {
			until = changes[i+1].From
		}
		if until.After(c.From) {
			held[c.Severity] += until.Sub(c.From)
			f.Severity.Bands = append(f.Severity.Bands, SeverityBand{Severity: c.Severity, From: c.From, To: until})
		} else if _, ok := held[c.Severity]; !ok {
			held[c.Severity] = 0
		}
	}
	for s := timeline.SevWorst; s <= timeline.SevLeast; s++ {
		if d, ok := held[s]; ok {
			f.Severity.Time = append(f.Severity.Time, SeverityTime{Severity: s, Seconds: int64(d.Round(time.Second) / time.Second)})
		}
	}
}

// resolutionSteps is how many of the successful commands and notes of
// the half hour before impact was mitigated (else ended) the Resolution
// section quotes: the last ones.
const resolutionSteps = 5

func (f *Facts) assembleResolution() {
	m := f.Milestone(string(timeline.Mitigated))
	if m == nil {
		m = f.Milestone(string(timeline.Resolved))
	}
	if m == nil {
		return
	}
	at := m.At
	f.Resolution.Milestone, f.Resolution.At = m.Name, &at
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
	if f.shownCount > 0 && (check(f.firstAt) || check(f.lastAt)) {
		return true
	}
	return false
}

// span is the incident's first and last time.
func (f *Facts) span() (from, to time.Time) {
	from, to = f.Incident.DeclaredAt, f.Incident.DeclaredAt
	widen := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if from.IsZero() || t.Before(from) {
			from = t
		}
		if t.After(to) {
			to = t
		}
	}
	for _, m := range f.Milestones {
		widen(m.At)
	}
	if f.shownCount > 0 {
		widen(f.firstAt)
		widen(f.lastAt)
	}
	if f.Incident.EndedAt != nil {
		widen(*f.Incident.EndedAt)
	}
	return from, to
}

// zoneOffsets lists the zone's offsets over the incident, each from when
// it took effect: the zone's transitions are found by looking at the
// offset every hour, then to the second.
func (f *Facts) zoneOffsets() []ZoneOffset {
	from, to := f.span()
	if from.IsZero() {
		return []ZoneOffset{}
	}
	offset := func(t time.Time) (string, string) {
		name, secs := t.In(f.loc).Zone()
		sign := '+'
		if secs < 0 {
			sign, secs = '-', -secs
		}
		return fmt.Sprintf("%c%02d:%02d", sign, secs/3600, secs/60%60), name
	}
	off, name := offset(from)
	out := []ZoneOffset{{From: from.UTC(), Offset: off, Name: name}}
	if limit := from.Add(400 * 24 * time.Hour); to.After(limit) {
		to = limit // a year of hours is plenty to look through
	}
	for t := from; t.Before(to); {
		next := t.Add(time.Hour)
		if next.After(to) {
			next = to
		}
		if o, _ := offset(next); o != off {
			// The change is in (t, next]: find its second.
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if o, _ := offset(mid); o == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			off, name = offset(hi)
			out = append(out, ZoneOffset{From: hi.UTC().Truncate(time.Second), Offset: off, Name: name})
		}
		t = next
	}
	return out
}
