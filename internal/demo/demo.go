// Package demo owns sitrep's sample data: a realistic incident for
// `sitrep demo` (a checkout outage worked through the night, told by the
// pager, the incident channel, responders' notes and recorded commands) and
// bulk timelines of any size for benchmarks. Everything is deterministic:
// the same start time gives the same events, IDs included.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// The cast and the places the story happens in.
const (
	Title     = "Checkout returning 502s: orders-db connection pool exhausted"
	channel   = "C05INCCHK1"
	pdID      = "Q2K7ZPD4X1"
	commander = "Marcus Chen"
	primary   = "Priya Raman"
	scribe    = "Dana Okafor"
	dbOwner   = "Luis Ortega"
	comms     = "Sam Whitfield"
	payments  = "Aiko Tanaka"
)

var responders = []string{commander, primary, scribe, dbOwner, comms, payments}

// Start is when the sample incident's impact begins: 23:02 in loc on the
// most recent evening whose story (over two hours, across midnight) has
// already played out by now.
func Start(now time.Time, loc *time.Location) time.Time {
	now = now.In(loc)
	day := time.Date(now.Year(), now.Month(), now.Day(), 23, 2, 0, 0, loc)
	for !day.Add(storyLength).Before(now) {
		day = day.AddDate(0, 0, -1)
	}
	return day
}

// storyLength is how long after Start the last scripted event happens.
const storyLength = 2*time.Hour + 15*time.Minute

// Incident returns the sample incident, impact beginning at start, ready
// for Store.Create: opened by the commander with its PagerDuty and Slack
// links and more than 300 events from the pager, chat, notes and commands.
func Incident(start time.Time) incident.NewIncident {
	g := newGen(start)
	g.story()
	return incident.NewIncident{
		Title:     Title,
		Severity:  2,
		Commander: commander,
		Actor:     commander,
		Source:    timeline.SourceCLI,
		At:        start.Add(15 * time.Minute).UTC(),
		Links:     map[string]string{"pagerduty": pdID, "slack": channel},
		Events:    g.events,
	}
}

// Bulk returns n events for incident id, one every two seconds from start,
// cycling through chat, pager, notes and commands as a long incident
// would. For benchmarks and load tests.
func Bulk(id string, start time.Time, n int) []timeline.Event {
	events := make([]timeline.Event, 0, n)
	BulkChunks(id, start, n, max(n, 1), func(chunk []timeline.Event) error {
		events = append(events, chunk...)
		return nil
	})
	return events
}

// BulkChunks makes the events Bulk would return and hands them to fn size
// at a time, without holding them all, for stores of millions of events.
// fn must not keep the slice it is given. An error from fn stops it.
func BulkChunks(id string, start time.Time, n, size int, fn func([]timeline.Event) error) error {
	g := newGen(start)
	// Bulk events never share a Ref with the story's, so all are stored.
	g.refTag, g.channel = "BULK", "C05INCBULK"
	chunk := make([]timeline.Event, 0, min(n, size))
	for i := range n {
		at := start.Add(time.Duration(i) * 2 * time.Second)
		var e timeline.Event
		switch i % 10 {
		case 0, 1, 2, 3, 4, 5:
			e = g.message(at, g.pick(responders), g.pick(chatter), i%4 == 1)
		case 6, 7:
			e = g.note(at, g.pick(responders), g.pick(notes))
		case 8:
			c := commands[g.rnd.IntN(len(commands))]
			e = g.command(at, g.pick(responders), c.argv, c.exit, c.ms, c.output)
		default:
			e = g.pager(at, timeline.KindNotify, "", "Notified "+g.pick(responders)+" via push")
		}
		e.Incident = id
		chunk = append(chunk, e)
		if len(chunk) == size || i == n-1 {
			if err := fn(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
	}
	return nil
}

type gen struct {
	start   time.Time
	rnd     *rand.Rand
	entropy *ulid.MonotonicEntropy
	events  []timeline.Event
	pdSeq   int
	msgSeq  int
	quietN  int    // quiet lines are said once each
	refTag  string // in pager refs
	channel string // the Slack channel messages are in
	lastTS  string // the last top-level chat message, for threads
}

func newGen(start time.Time) *gen {
	seed := uint64(start.Unix())
	r := rand.New(rand.NewPCG(seed, 0x5172e9))
	return &gen{
		start:   start.UTC(),
		rnd:     r,
		refTag:  "DEMO",
		channel: channel,
		entropy: ulid.Monotonic(rngReader{r}, 0),
	}
}

// rngReader feeds ULID entropy from the seeded generator, so IDs repeat
// from run to run and flags can point at them.
type rngReader struct{ r *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}

func (g *gen) pick(from []string) string { return from[g.rnd.IntN(len(from))] }

func (g *gen) event(at time.Time, src timeline.Source, kind timeline.Kind, actor, text string) timeline.Event {
	at = at.UTC()
	return timeline.Event{
		ID:     ulid.MustNew(ulid.Timestamp(at), g.entropy).String(),
		At:     at,
		Source: src,
		Kind:   kind,
		Actor:  actor,
		Text:   text,
	}
}

func (g *gen) add(e timeline.Event) timeline.Event {
	g.events = append(g.events, e)
	return e
}

// message is a Slack message; a reply joins the thread of the last
// top-level message.
func (g *gen) message(at time.Time, who, text string, reply bool) timeline.Event {
	e := g.event(at, timeline.SourceSlack, timeline.KindMessage, who, text)
	g.msgSeq++ // Slack timestamps are unique per channel
	ts := fmt.Sprintf("%d.%06d", at.Unix(), g.msgSeq)
	e.Ref = timeline.SlackRef(g.channel, ts)
	e.SetAttr(timeline.AttrPermalink, "https://example.slack.com/archives/"+g.channel+"/p"+ts[:10]+ts[11:])
	if reply && g.lastTS != "" {
		e.SetAttr(timeline.AttrThread, g.lastTS)
	} else {
		g.lastTS = ts
	}
	return e
}

func (g *gen) pager(at time.Time, kind timeline.Kind, who, text string) timeline.Event {
	g.pdSeq++
	e := g.event(at, timeline.SourcePagerDuty, kind, who, text)
	e.Ref = timeline.PagerDutyRef("log", fmt.Sprintf("R%08d%s", g.pdSeq, g.refTag))
	e.SetAttr(timeline.AttrURL, "https://example.pagerduty.com/incidents/"+pdID)
	e.SetAttr(timeline.AttrService, "checkout-api")
	return e
}

func (g *gen) note(at time.Time, who, text string) timeline.Event {
	return g.event(at, timeline.SourceCLI, timeline.KindNote, who, text)
}

func (g *gen) command(at time.Time, who, argv string, exit, ms int, output string) timeline.Event {
	e := g.event(at, timeline.SourceShell, timeline.KindCommand, who, argv)
	e.SetAttr(timeline.AttrArgv, argv)
	e.SetAttr(timeline.AttrExitCode, strconv.Itoa(exit))
	e.SetAttr(timeline.AttrDuration, strconv.Itoa(ms))
	e.SetAttr(timeline.AttrCwd, "/home/oncall/src/platform")
	if output != "" {
		e.SetAttr(timeline.AttrOutput, output)
	}
	return e
}

func (g *gen) change(at time.Time, who string, kind timeline.Kind, text string, attrs map[string]string) timeline.Event {
	e := g.event(at, timeline.SourceCLI, kind, who, text)
	for k, v := range attrs {
		e.SetAttr(k, v)
	}
	return e
}

func (g *gen) flag(at time.Time, who string, target timeline.Event, flag string) {
	g.add(g.change(at, who, timeline.KindFlag, flag+" "+target.ID,
		map[string]string{timeline.AttrTarget: target.ID, timeline.AttrFlag: flag}))
}

// OldestText is a needle for benchmarks that search the far end of a
// long timeline: BulkOptions.Oldest puts it in the oldest bulk event.
const OldestText = "oldest-needle: first of the bulk events"

// BulkOptions say how AddBulk stores its events.
type BulkOptions struct {
	Batch    int              // events per transaction
	Progress func(stored int) // called after each batch, if set
	Oldest   string           // if set, the oldest event's text
}

// AddBulk stores n bulk events in incident inc, the newest two seconds
// before it opened, in batches of o.Batch (one transaction each).
func AddBulk(ctx context.Context, s *incident.Store, inc incident.Incident, n int, o BulkOptions) error {
	start := inc.OpenedAt.Add(-time.Duration(n) * 2 * time.Second)
	stored := 0
	return BulkChunks(inc.ID, start, n, max(o.Batch, 1), func(chunk []timeline.Event) error {
		if stored == 0 && o.Oldest != "" {
			chunk[0].Text = o.Oldest
		}
		if _, err := s.Append(ctx, chunk...); err != nil {
			return err
		}
		stored += len(chunk)
		if o.Progress != nil {
			o.Progress(stored)
		}
		return nil
	})
}
