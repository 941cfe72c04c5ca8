package tui

import (
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Options configure the TUI.
type Options struct {
	Store    Store
	Incident string           // open this incident; "" opens the incident list
	Author   string           // who notes and changes are from
	Now      func() time.Time // default time.Now
	Location *time.Location   // the local zone times are shown in (t toggles UTC); default time.Local
	// PollInterval is how often the store is polled for changes made by
	// other processes; default 400ms, so they show within a second.
	PollInterval time.Duration
	NoColor      bool // NO_COLOR: styles use no colour, only emphasis
}

// config is what every screen shares.
type config struct {
	store     Store
	author    string
	now       func() time.Time
	loc       *time.Location
	pollEvery time.Duration
	keys      KeyMap
	noColor   bool
	// writes serialises the TUI's writes (each runs in its own Cmd).
	writes *sync.Mutex
	// after delivers msg after d; tests replace it to step time by hand.
	after func(d time.Duration, msg tea.Msg) tea.Cmd
}

func tick(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// Model is the TUI's root: it routes messages to the incident list or to
// the incident view, whichever is on screen, and owns what they share
// (size, styles for the terminal's background).
type Model struct {
	cfg    *config
	st     *Styles
	list   *listView
	view   *incidentView
	gen    int
	width  int
	height int
}

// New returns the TUI's root model.
func New(o Options) *Model {
	cfg := &config{store: o.Store, author: o.Author, now: o.Now, loc: o.Location, pollEvery: o.PollInterval,
		keys: DefaultKeyMap(), noColor: o.NoColor, writes: &sync.Mutex{}, after: tick}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	if cfg.loc == nil {
		cfg.loc = time.Local
	}
	if cfg.pollEvery <= 0 {
		cfg.pollEvery = 400 * time.Millisecond
	}
	m := &Model{cfg: cfg, st: NewStyles(true, o.NoColor)}
	m.list = newListView(cfg, m.st)
	if o.Incident != "" {
		m.gen++
		m.view = newIncidentView(cfg, m.st, m.gen, o.Incident, false)
	}
	return m
}

// Init loads the first screen and asks the terminal for its background,
// to pick the light or dark theme.
func (m *Model) Init() tea.Cmd {
	if m.view != nil {
		return tea.Batch(tea.RequestBackgroundColor, m.view.Init())
	}
	return tea.Batch(tea.RequestBackgroundColor, m.list.Init())
}

// Update routes a message; screen changes and what every screen shares are
// handled here, the rest by the screen on view.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.list.SetSize(m.width, m.height)
		if m.view != nil {
			m.view.SetSize(m.width, m.height)
		}
		return m, nil
	case tea.BackgroundColorMsg:
		*m.st = *NewStyles(msg.IsDark(), m.cfg.noColor)
		m.list.restyle()
		if m.view != nil {
			m.view.restyle()
		}
		return m, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.cfg.keys.ForceQuit) {
			return m, tea.Quit
		}
	case openIncidentMsg:
		m.gen++
		m.view.close()
		m.view = newIncidentView(m.cfg, m.st, m.gen, msg.id, true)
		m.view.SetSize(m.width, m.height)
		return m, m.view.Init()
	case showListMsg:
		m.view.close()
		m.view = nil
		return m, m.list.Init()
	}
	if m.view != nil {
		return m, m.view.Update(msg)
	}
	return m, m.list.Update(msg)
}

// View draws the screen on view, full-window, with the incident in the
// terminal's title.
func (m *Model) View() tea.View {
	var v tea.View
	if m.view != nil {
		v = tea.NewView(m.view.View())
		v.WindowTitle = m.view.windowTitle()
	} else {
		v = tea.NewView(m.list.View())
		v.WindowTitle = "sitrep · incidents"
	}
	v.AltScreen = true
	return v
}
