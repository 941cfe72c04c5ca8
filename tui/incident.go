package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// healthEvery is how often the header re-reads integration health, which
// changes without new events (a sync that found nothing, or failed).
const healthEvery = 2 * time.Second

// incidentView is the live view of one incident: header, timeline, side
// panel, input line and help bar. It follows the store by polling
// Changes, so what other processes write shows without a keypress.
type incidentView struct {
	cfg  *config
	st   *Styles
	keys KeyMap
	help help.Model
	gen  int // tells this view's messages from a previous view's

	id         string
	inc        incident.Incident
	loaded     bool
	head       uint64
	lastHealth time.Time

	header header
	tl     *timelineView
	side   sidePanel
	input  *inputLine
	detail *detailView // the selected event in full, while open

	scanCancel    context.CancelFunc // stops the scan in progress
	searchPending bool               // a search was asked for: select its match when the scan ends

	sideOn     bool // the side panel is shown
	sideChosen bool // the user toggled it; otherwise it follows the width
	fromList   bool

	status    string
	statusErr bool

	width, height int
}

func newIncidentView(cfg *config, st *Styles, gen int, id string, fromList bool) *incidentView {
	keys := cfg.keys
	if !fromList { // esc has no list to go back to
		keys.Back.SetHelp("esc", "clear search/filter")
	}
	v := &incidentView{cfg: cfg, st: st, keys: keys, help: help.New(), gen: gen, id: id, fromList: fromList,
		tl: newTimeline(st, cfg.loc), input: newInputLine(st)}
	v.inc.ID = id
	v.header = header{st: st, now: cfg.now()}
	v.side = sidePanel{st: st, zone: v.tl.zone}
	v.help.Styles = st.Help
	return v
}

func (v *incidentView) Init() tea.Cmd {
	return tea.Batch(loadIncident(v.cfg.store, v.gen, v.id), v.cfg.after(time.Second, clockMsg{gen: v.gen}))
}

func (v *incidentView) SetSize(w, h int) {
	v.width, v.height = w, h
	v.layout()
}

// layout divides the screen between the parts; the header grows by a
// line when there are links to report on.
func (v *incidentView) layout() {
	if !v.sideChosen {
		v.sideOn = v.width >= 100
	}
	v.header.SetSize(v.width)
	v.help.SetWidth(v.width)
	v.input.SetSize(v.width)
	body := v.height - len(v.header.lines()) - 1 - 1 - v.helpHeight()
	body = max(body, 1)
	tw := v.width
	if v.sideOn {
		tw = max(v.width-sideWidth, 20)
		v.side.SetSize(v.width-tw, body)
	}
	v.tl.SetSize(tw, body)
	if v.detail != nil {
		v.detail.SetSize(v.width, body)
	}
}

func (v *incidentView) helpHeight() int {
	return lipgloss.Height(v.helpView())
}

func (v *incidentView) helpView() string {
	switch {
	case v.input.active():
		return helpBar(v.help, v.width, inputKeys{v.keys}.ShortHelp())
	case v.detail != nil:
		return v.detail.helpView(v.help, v.width)
	case v.help.ShowAll:
		return fitWidth(v.help.View(v.keys), v.width)
	}
	return helpBar(v.help, v.width, v.keys.ShortHelp(), v.keys.Help, v.keys.Quit)
}

// fitWidth cuts each line to w cells. The help bubble lets an item
// overflow when its ellipsis would not fit either.
func fitWidth(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	return strings.Join(lines, "\n")
}

func (v *incidentView) restyle() {
	v.help.Styles = v.st.Help
	v.input.restyle()
}

// Update handles one message and returns what to do next. Store results
// from another view (an earlier generation) are dropped. After each, the
// rows near the screen whose events are not held are read.
func (v *incidentView) Update(msg tea.Msg) tea.Cmd {
	cmd := v.update(msg)
	v.layout()
	if keys := v.tl.missing(); len(keys) > 0 {
		cmd = tea.Batch(cmd, readKeys(v.cfg.store, v.gen, v.id, keys))
	}
	return cmd
}

func (v *incidentView) update(msg tea.Msg) tea.Cmd {
	cfg := v.cfg
	switch msg := msg.(type) {
	case incidentLoadedMsg:
		if msg.gen == v.gen {
			return v.loadedIncident(msg)
		}
	case retryLoadMsg:
		if msg.gen == v.gen {
			return loadIncident(cfg.store, v.gen, v.id)
		}
	case scannedMsg:
		if msg.gen == v.gen {
			return v.scanned(msg)
		}
	case rescanDueMsg:
		if msg.gen == v.gen && v.tl.scans == msg.after && v.tl.scanning == 0 {
			return v.rescan()
		}
	case keysReadMsg:
		if msg.gen == v.gen {
			v.tl.filled(msg.events, msg.asked)
			if msg.err != nil {
				v.setError(msg.err)
			}
		}
	case pollDueMsg:
		if msg.gen == v.gen {
			withHealth := len(v.inc.Links) > 0 && cfg.now().Sub(v.lastHealth) >= healthEvery
			return poll(cfg.store, v.gen, v.id, v.head, withHealth, true)
		}
	case changesMsg:
		if msg.gen == v.gen {
			return v.changed(msg)
		}
	case clockMsg:
		if msg.gen == v.gen {
			v.header.now = cfg.now()
			return cfg.after(time.Second, clockMsg{gen: v.gen})
		}
	case writtenMsg:
		if msg.gen == v.gen {
			return v.written(msg)
		}
	case eventLoadedMsg:
		if msg.gen == v.gen && v.detail != nil && v.detail.id == msg.id {
			v.detail.loadedEvent(msg.event, msg.err)
		}
	case tea.KeyPressMsg:
		switch {
		case v.input.active():
			return v.inputKey(msg)
		case v.detail != nil:
			return v.detailKey(msg)
		}
		return v.key(msg)
	case tea.PasteMsg:
		if v.input.active() {
			return v.input.Update(msg)
		}
	}
	return nil
}

// loadedIncident shows the first frame: the incident and its newest
// events. The keys of the rest come from a scan, unless the tail was all.
func (v *incidentView) loadedIncident(msg incidentLoadedMsg) tea.Cmd {
	cfg := v.cfg
	if msg.err != nil {
		v.setError(msg.err)
		if incident.IsNotFound(msg.err) {
			return nil
		}
		return cfg.after(cfg.pollEvery, retryLoadMsg{gen: v.gen}) // a busy store: try again
	}
	v.loaded, v.head = true, msg.head
	v.setIncident(msg.inc, msg.health)
	v.tl.add(msg.events)
	poll := cfg.after(cfg.pollEvery, pollDueMsg{gen: v.gen})
	if len(msg.events) < tailSize {
		v.tl.complete = true
		return poll
	}
	return tea.Batch(poll, v.rescan())
}

// close stops the view's work in progress (a scan of the whole incident)
// when the view is left; a nil view has none.
func (v *incidentView) close() {
	if v != nil && v.scanCancel != nil {
		v.scanCancel()
	}
}

// rescan reads the timeline's rows (and the search's matches) anew, for a
// new filter, search or hidden set, replacing any scan still running.
func (v *incidentView) rescan() tea.Cmd {
	if v.scanCancel != nil {
		v.scanCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.scanCancel = cancel
	v.tl.scans++
	v.tl.startScan(v.tl.scans)
	return scan(ctx, v.cfg.store, v.gen, v.tl.scans, v.id, v.tl.scanQuery(v.inc.EventCount))
}

func (v *incidentView) scanned(msg scannedMsg) tea.Cmd {
	if msg.n != v.tl.scanning {
		return nil // a newer scan replaced it
	}
	if msg.err != nil {
		// A busy store: say so, and scan again after a poll's pause,
		// unless something newer asks for a scan first.
		v.tl.scanning = 0
		v.setError(msg.err)
		return v.cfg.after(v.cfg.pollEvery, rescanDueMsg{gen: v.gen, after: msg.n})
	}
	v.tl.scanned(msg.n, msg.res)
	if v.searchPending {
		v.searchPending = false
		v.jumped(v.tl.jump(-1, true))
	}
	return nil
}

// changed takes what a poll found.
func (v *incidentView) changed(msg changesMsg) tea.Cmd {
	if msg.err != nil && msg.chained {
		// A busy store: say so, and try again. (A poll after a write
		// fails quietly: the write's own words stay on the status line.)
		v.setError(msg.err)
	}
	v.head = max(v.head, msg.next)
	v.tl.add(msg.events)
	var cmd tea.Cmd
	if msg.inc != nil {
		cmd = v.setIncident(*msg.inc, msg.health)
	}
	if !msg.chained {
		return cmd
	}
	next := v.cfg.pollEvery
	if len(msg.events) >= changesLimit {
		next = 0 // more waiting: read on at once
	}
	return tea.Batch(cmd, v.cfg.after(next, pollDueMsg{gen: v.gen}))
}

// setIncident shows the incident as folded; a change to what is hidden
// calls for the rows to be read anew.
func (v *incidentView) setIncident(inc incident.Incident, health []Health) tea.Cmd {
	v.inc = inc
	v.header.inc = inc
	v.header.health = health
	v.side.inc = inc
	if health != nil || len(inc.Links) == 0 {
		v.lastHealth = v.cfg.now()
	}
	v.tl.setActions(inc.Actions)
	v.tl.total = inc.EventCount
	if v.tl.setFlags(inc.Key, inc.Hidden) && v.loaded {
		return v.rescan()
	}
	return nil
}

// written reports a write from the TUI and polls at once, so what was
// written shows without waiting for the next poll.
func (v *incidentView) written(msg writtenMsg) tea.Cmd {
	if msg.err != nil {
		v.setError(msg.err)
		return nil
	}
	v.status, v.statusErr = msg.what, false
	if msg.spooled {
		v.status = msg.what + " to the spool: the store is busy; the next sitrep write moves it in"
	}
	return poll(v.cfg.store, v.gen, v.id, v.head, false, false)
}

func (v *incidentView) setError(err error) {
	v.status, v.statusErr = errText(err), true
}

// key handles a key while no input is open.
func (v *incidentView) key(msg tea.KeyPressMsg) tea.Cmd {
	k, tl := v.keys, v.tl
	v.status = ""
	open := func(mode inputMode, value string) tea.Cmd { return v.input.open(mode, value, v.width) }
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		v.help.ShowAll = !v.help.ShowAll
	case key.Matches(msg, k.Back):
		switch {
		case tl.query != "":
			tl.setQuery("")
		case tl.filter.active():
			tl.setFilter(eventFilter{})
			return v.rescan()
		case v.fromList:
			return func() tea.Msg { return showListMsg{} }
		}
	case key.Matches(msg, k.Up):
		tl.move(-1)
	case key.Matches(msg, k.Down):
		tl.move(1)
	case key.Matches(msg, k.PageUp):
		tl.move(-tl.page())
	case key.Matches(msg, k.PageDown):
		tl.move(tl.page())
	case key.Matches(msg, k.Top):
		tl.toOldest()
	case key.Matches(msg, k.Bottom):
		tl.move(len(tl.index))
	case key.Matches(msg, k.UTC):
		tl.utc = !tl.utc
		tl.ensureVisible()
	case key.Matches(msg, k.Panel):
		v.sideOn, v.sideChosen = !v.sideOn, true
	case key.Matches(msg, k.Detail):
		e, ok := tl.selected()
		if !ok {
			v.status = v.noSelection()
			return nil
		}
		v.detail = newDetail(v.st, v.keys, tl.zone, e.ID)
		return loadEvent(v.cfg.store, v.gen, e.ID)
	case key.Matches(msg, k.NextMatch):
		v.jumped(tl.jump(1, false))
	case key.Matches(msg, k.PrevMatch):
		v.jumped(tl.jump(-1, false))
	case !v.loaded:
		v.status = "still loading…"
	case key.Matches(msg, k.Note):
		return open(inputNote, "")
	case key.Matches(msg, k.Status):
		return open(inputStatus, "")
	case key.Matches(msg, k.Severity):
		return open(inputSeverity, "")
	case key.Matches(msg, k.Role):
		return open(inputRole, "")
	case key.Matches(msg, k.Milestone):
		return open(inputMilestone, "")
	case key.Matches(msg, k.Action):
		return open(inputAction, "")
	case key.Matches(msg, k.Search):
		return open(inputSearch, "")
	case key.Matches(msg, k.Filter):
		return open(inputFilter, tl.filter.String())
	case key.Matches(msg, k.Key), key.Matches(msg, k.Hide):
		e, ok := tl.selected()
		if !ok {
			v.status = v.noSelection()
			return nil
		}
		return toggleFlag(v.cfg.store, v.cfg.writes, v.gen, v.id, e, key.Matches(msg, k.Hide), v.cfg.author, v.cfg.now)
	}
	return nil
}

// noSelection says why there is no selected event to act on.
func (v *incidentView) noSelection() string {
	if _, ok := v.tl.selKey(); ok {
		return "still reading that event; try again"
	}
	return "no event selected"
}

func (v *incidentView) jumped(found bool) {
	if !found && v.tl.query != "" {
		v.status, v.statusErr = "no match for "+v.tl.query, true
	}
}

// detailKey handles a key while an event is open in full.
func (v *incidentView) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, v.keys.Quit) {
		return tea.Quit
	}
	if v.detail.Update(msg) {
		v.detail = nil
	}
	return nil
}

// inputKey handles a key while the input line is open.
func (v *incidentView) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, v.keys.Cancel):
		v.input.close()
		return nil
	case key.Matches(msg, v.keys.Submit):
		return v.submit(v.input.close())
	}
	return v.input.Update(msg)
}

func (v *incidentView) submit(mode inputMode, value string) tea.Cmd {
	switch mode {
	case inputSearch:
		if !v.tl.setQuery(value) {
			return nil
		}
		v.searchPending = true
		return v.rescan()
	case inputFilter:
		f, err := parseFilter(value)
		if err != nil {
			v.setError(err)
			return nil
		}
		v.tl.setFilter(f)
		return v.rescan()
	}
	c, err := changeFor(mode, value, v.inc, v.cfg.author, v.cfg.now())
	if err != nil {
		v.setError(err)
		return nil
	}
	return write(v.cfg.store, v.cfg.writes, v.gen, c.what, c.event)
}

// View draws the whole screen.
func (v *incidentView) View() string {
	if v.width <= 0 {
		return ""
	}
	var b strings.Builder
	for _, l := range v.header.lines() {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	title := " " + v.tl.status() + " "
	switch {
	case !v.loaded:
		title = " loading " + v.id + "… "
	case v.detail != nil:
		title = " " + v.detail.title() + " "
	}
	rule := "──" + title + strings.Repeat("─", max(v.width-2-ansi.StringWidth(title), 0))
	b.WriteString(v.st.Rule.Render(ansi.Truncate(rule, v.width, "")))
	b.WriteByte('\n')
	body := v.tl.View()
	switch {
	case v.detail != nil:
		body = v.detail.View()
	case v.sideOn:
		body = lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(v.tl.width).Render(body), v.side.View())
	}
	b.WriteString(body)
	b.WriteByte('\n')
	switch {
	case v.input.active():
		b.WriteString(v.input.View())
	case v.status != "" && v.statusErr:
		b.WriteString(v.st.Error.Render(ansi.Truncate("✗ "+v.status, v.width, "…")))
	case v.status != "":
		b.WriteString(v.st.Notice.Render(ansi.Truncate("✓ "+v.status, v.width, "…")))
	case !v.loaded:
		b.WriteString(v.st.Muted.Render("loading " + v.id + "…"))
	}
	b.WriteByte('\n')
	b.WriteString(v.helpView())
	return b.String()
}

// windowTitle names the incident in the terminal's title bar, sanitised
// like everything else drawn.
func (v *incidentView) windowTitle() string {
	t := "sitrep · " + v.id
	if v.inc.Title != "" {
		t += " · " + timeline.SanitizeLine(v.inc.Title)
	}
	return t
}
