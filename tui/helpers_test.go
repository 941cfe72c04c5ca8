package tui

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// harness drives the root model by hand: Cmds run synchronously and their
// messages go back into Update; timers are held until the test fires them,
// so no test waits on the wall clock.
type harness struct {
	t       testing.TB
	m       *Model
	store   *incident.Store
	id      string
	now     time.Time
	pending []tea.Msg // messages scheduled with cfg.after
	quit    bool
}

var testStart = time.Date(2026, 3, 9, 22, 0, 0, 0, time.UTC)

func newStore(t testing.TB) *incident.Store {
	t.Helper()
	return incident.New(filepath.Join(t.TempDir(), "sitrep.db"), incident.Options{LockTimeout: 2 * time.Second})
}

// openIncident creates an incident with n notes a minute apart and opens
// the TUI on it at w×h.
func openIncident(t *testing.T, n, w, h int) *harness {
	t.Helper()
	s := newStore(t)
	var events []timeline.Event
	for i := range n {
		events = append(events, timeline.Event{At: testStart.Add(time.Duration(i) * time.Minute), Source: timeline.SourceCLI,
			Kind: timeline.KindNote, Actor: "alice", Text: "note number " + strconv.Itoa(i)})
	}
	inc, err := s.Create(context.Background(), incident.NewIncident{Title: "checkout 502s", Severity: 2,
		Commander: "alice", Actor: "alice", At: testStart, Events: events})
	if err != nil {
		t.Fatal(err)
	}
	return start(t, s, inc.ID, w, h)
}

func start(t testing.TB, s *incident.Store, id string, w, h int) *harness {
	t.Helper()
	hs := &harness{t: t, store: s, id: id, now: testStart.Add(3 * time.Hour)}
	hs.m = New(Options{Store: s, Incident: id, Author: "tess", Now: func() time.Time { return hs.now },
		Location: time.UTC, NoColor: true})
	hs.m.cfg.after = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		hs.pending = append(hs.pending, msg)
		return nil
	}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs
}

// run executes cmd and everything it leads to.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			h.quit = true
		default:
			_, next := h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// poll fires the scheduled polls, as their timers would.
func (h *harness) poll() {
	h.t.Helper()
	var keep []tea.Msg
	due := h.pending
	h.pending = nil
	for _, msg := range due {
		if _, ok := msg.(pollDueMsg); ok {
			h.send(msg)
		} else {
			keep = append(keep, msg)
		}
	}
	h.pending = append(keep, h.pending...)
}

// press sends keys: "n", "enter", "esc", "up", "ctrl+c"...; a longer
// string that is not a key name is typed.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		if msg, ok := special[k]; ok {
			h.send(msg)
			continue
		}
		for _, r := range k {
			h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

var special = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "up": {Code: tea.KeyUp},
	"down": {Code: tea.KeyDown}, "tab": {Code: tea.KeyTab}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
	"pgup": {Code: tea.KeyPgUp}, "end": {Code: tea.KeyEnd},
}

// view is the screen as text; raw keeps the styling.
func (h *harness) view() string { return ansi.Strip(h.raw()) }

func (h *harness) raw() string { return h.m.View().Content }

func (h *harness) events() []timeline.Event {
	h.t.Helper()
	events, err := h.store.Events(context.Background(), h.id, incident.Query{})
	if err != nil {
		h.t.Fatal(err)
	}
	return events
}

func (h *harness) incident() incident.Incident {
	h.t.Helper()
	inc, err := h.store.Get(context.Background(), h.id)
	if err != nil {
		h.t.Fatal(err)
	}
	return inc
}

// rows returns the texts of the timeline's rows, read from the store by
// the keys the model holds.
func (h *harness) rows() []string {
	h.t.Helper()
	events, err := h.store.EventsAt(context.Background(), h.id, h.m.view.tl.index)
	if err != nil {
		h.t.Fatal(err)
	}
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Event.Text
	}
	return out
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}
