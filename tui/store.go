package tui

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Store is what the TUI needs of the incident store; *incident.Store has
// it. Every method opens the file, runs one transaction and closes it, so
// the TUI never holds the store between operations (DESIGN §3).
type Store interface {
	Get(ctx context.Context, id string) (incident.Incident, error)
	List(ctx context.Context) ([]incident.Incident, error)
	Create(ctx context.Context, n incident.NewIncident) (incident.Incident, error)
	Window(ctx context.Context, id string, at incident.EventKey, before, after int) ([]incident.KeyedEvent, error)
	EventsAt(ctx context.Context, id string, keys []incident.EventKey) ([]incident.KeyedEvent, error)
	Scan(ctx context.Context, id string, q incident.ScanQuery) (incident.ScanResult, error)
	ChangesKeyed(ctx context.Context, since uint64, id string, limit int) ([]incident.KeyedEvent, uint64, error)
	Event(ctx context.Context, id string) (timeline.Event, error)
	Head(ctx context.Context) (uint64, error)
	Health(ctx context.Context, incidentID string) (map[string]incident.Health, error)
	Append(ctx context.Context, events ...timeline.Event) (incident.AppendResult, error)
	AppendOrSpool(ctx context.Context, e timeline.Event) (timeline.Event, bool, error)
	SetActive(id string) error
}

var _ Store = (*incident.Store)(nil)

// Health is what the sync runner last recorded about one linked source.
type Health = incident.Health

// Messages carrying the results of I/O. Each Cmd below does one piece of
// I/O and returns one of these; errors travel in them too.
type (
	listLoadedMsg struct {
		incidents []incident.Incident
		err       error
	}
	// incidentLoadedMsg is the first frame's worth of an incident: its
	// state and the tail of its timeline.
	incidentLoadedMsg struct {
		gen    int
		inc    incident.Incident
		events []incident.KeyedEvent
		head   uint64
		health []Health
		err    error
	}
	// scannedMsg is the timeline's rows (and a search's matches) as scan
	// number n found them.
	scannedMsg struct {
		gen int
		n   int
		res incident.ScanResult
		err error
	}
	// keysReadMsg is the events for rows near the screen.
	keysReadMsg struct {
		gen    int
		asked  []incident.EventKey
		events []incident.KeyedEvent
		err    error
	}
	// changesMsg is what a poll found: events stored or updated since the
	// last one, and the incident and health refolded when there were any.
	// A chained poll schedules the next.
	changesMsg struct {
		gen     int
		chained bool
		events  []incident.KeyedEvent
		next    uint64
		inc     *incident.Incident
		health  []Health
		err     error
	}
	// writtenMsg reports a write made from the TUI.
	writtenMsg struct {
		gen     int
		what    string // "note saved", "severity SEV1"
		stored  []timeline.Event
		spooled bool
		err     error
	}
	createdMsg struct {
		inc incident.Incident
		err error
	}
	// eventLoadedMsg is one event read in full, for the detail view.
	eventLoadedMsg struct {
		gen   int
		id    string
		event timeline.Event
		err   error
	}
	openIncidentMsg struct{ id string }
	showListMsg     struct{}
	pollDueMsg      struct{ gen int }
	rescanDueMsg    struct{ gen, after int } // retry scan number after, if no other began since
	retryLoadMsg    struct{ gen int }
	clockMsg        struct{ gen int }
)

// tailSize is how many of the newest events the first frame loads; the
// keys of the rest follow from a scan, so a large incident opens fast.
const tailSize = 400

// changesLimit bounds one poll's read, so a flood (an import) arrives in
// steps rather than in one long read.
const changesLimit = 5000

// opTimeout bounds one store operation from the TUI: longer than the
// lock timeout, so the store reports ErrLocked first.
const opTimeout = 30 * time.Second

func loadList(s Store) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		incs, err := s.List(ctx)
		sortForList(incs)
		return listLoadedMsg{incidents: incs, err: err}
	}
}

// sortForList puts open incidents first, then the rest, newest first in
// each group.
func sortForList(incs []incident.Incident) {
	sort.SliceStable(incs, func(i, j int) bool {
		if incs[i].Open() != incs[j].Open() {
			return incs[i].Open()
		}
		return latest(incs[i]).After(latest(incs[j]))
	})
}

func latest(inc incident.Incident) time.Time {
	if inc.LastEventAt.After(inc.OpenedAt) {
		return inc.LastEventAt
	}
	return inc.OpenedAt
}

// loadIncident reads what the first frame needs. The change counter is
// read first, so nothing stored while the rest is read can be missed: a
// poll from head may return events loaded here too, and they are merged
// by ID.
func loadIncident(s Store, gen int, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		head, err := s.Head(ctx)
		if err != nil {
			return incidentLoadedMsg{gen: gen, err: err}
		}
		inc, err := s.Get(ctx, id)
		if err != nil {
			return incidentLoadedMsg{gen: gen, err: err}
		}
		events, err := s.Window(ctx, id, incident.LastKey, tailSize, 0)
		if err != nil {
			return incidentLoadedMsg{gen: gen, err: err}
		}
		health, err := readHealth(ctx, s, inc)
		return incidentLoadedMsg{gen: gen, inc: inc, events: events, head: head, health: health, err: err}
	}
}

// scan reads the timeline's rows for the filter keep, and the matches of
// a search, over the whole incident (in short read transactions); ctx
// cancels it when a newer scan replaces it.
func scan(ctx context.Context, s Store, gen, n int, id string, q incident.ScanQuery) tea.Cmd {
	return func() tea.Msg {
		res, err := s.Scan(ctx, id, q)
		return scannedMsg{gen: gen, n: n, res: res, err: err}
	}
}

// readKeys reads the events at keys, for the rows near the screen.
func readKeys(s Store, gen int, id string, keys []incident.EventKey) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		events, err := s.EventsAt(ctx, id, keys)
		return keysReadMsg{gen: gen, asked: keys, events: events, err: err}
	}
}

// poll reads what changed since the last poll; when something did, it
// refolds the incident too. withHealth re-reads the integrations' health,
// which the sync runner writes without adding events. A chained poll is
// the regular one, which schedules the next; an unchained one is asked
// for after a write, to show it at once.
func poll(s Store, gen int, id string, since uint64, withHealth, chained bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		events, next, err := s.ChangesKeyed(ctx, since, id, changesLimit)
		if err != nil {
			return changesMsg{gen: gen, chained: chained, next: since, err: err}
		}
		msg := changesMsg{gen: gen, chained: chained, events: events, next: next}
		if len(events) > 0 || withHealth {
			inc, err := s.Get(ctx, id)
			if err != nil {
				msg.err = err
				return msg
			}
			msg.inc = &inc
			msg.health, msg.err = readHealth(ctx, s, inc)
		}
		return msg
	}
}

func readHealth(ctx context.Context, s Store, inc incident.Incident) ([]Health, error) {
	if len(inc.Links) == 0 {
		return nil, nil
	}
	recorded, err := s.Health(ctx, inc.ID)
	if err != nil {
		return nil, err
	}
	var out []Health
	for src := range inc.Links {
		h := recorded[src]
		h.Source = src
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out, nil
}

// write appends events made from the TUI. Notes go through AppendOrSpool:
// when another process holds the lock too long, the note still lands on
// disk, in the spool, and the status line says so. Writes from one TUI
// run one at a time, in the order they were asked for.
func write(s Store, writes *sync.Mutex, gen int, what string, events ...timeline.Event) tea.Cmd {
	return func() tea.Msg {
		writes.Lock()
		defer writes.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		return appendEvents(ctx, s, gen, what, events...)
	}
}

func appendEvents(ctx context.Context, s Store, gen int, what string, events ...timeline.Event) writtenMsg {
	if len(events) == 1 && events[0].Kind == timeline.KindNote {
		e, spooled, err := s.AppendOrSpool(ctx, events[0])
		return writtenMsg{gen: gen, what: what, stored: []timeline.Event{e}, spooled: spooled, err: err}
	}
	res, err := s.Append(ctx, events...)
	if errors.Is(err, incident.ErrLocked) {
		err = errors.New("the store is busy (another sitrep process holds it); try again")
	}
	return writtenMsg{gen: gen, what: what, stored: res.Stored, err: err}
}

// toggleFlag flags the target event (key, or hidden) or takes the flag off
// again, deciding which from the stored incident rather than from what
// the screen last showed: two quick presses flag and unflag, since the
// second is decided after the first is stored.
//
// The time is taken under the lock too: the fold orders flags by time, so
// the one decided last must also be the latest.
func toggleFlag(s Store, writes *sync.Mutex, gen int, id string, target timeline.Event, hide bool, author string, now func() time.Time) tea.Cmd {
	return func() tea.Msg {
		writes.Lock()
		defer writes.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		inc, err := s.Get(ctx, id)
		if err != nil {
			return writtenMsg{gen: gen, err: err}
		}
		c := flagChange(inc, target, hide, author, now())
		return appendEvents(ctx, s, gen, c.what, c.event)
	}
}

func loadEvent(s Store, gen int, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		e, err := s.Event(ctx, id)
		return eventLoadedMsg{gen: gen, id: id, event: e, err: err}
	}
}

func create(s Store, n incident.NewIncident) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		inc, err := s.Create(ctx, n)
		if err == nil {
			err = s.SetActive(inc.ID)
		}
		return createdMsg{inc: inc, err: err}
	}
}

// errText is an error as one sanitised line for the status line.
func errText(err error) string {
	return timeline.SanitizeLine(strings.TrimSpace(err.Error()))
}
