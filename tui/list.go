package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// listView is the incident list: open incidents first, then the most
// recent others. Enter opens one; n starts a new one.
type listView struct {
	cfg   *config
	st    *Styles
	keys  KeyMap
	help  help.Model
	input *inputLine

	incidents []incident.Incident
	sel, top  int
	loaded    bool
	status    string

	width, height int
}

func newListView(cfg *config, st *Styles) *listView {
	l := &listView{cfg: cfg, st: st, keys: cfg.keys, help: help.New(), input: newInputLine(st)}
	l.help.Styles = st.Help
	return l
}

func (l *listView) Init() tea.Cmd { return loadList(l.cfg.store) }

func (l *listView) SetSize(w, h int) {
	l.width, l.height = w, h
	l.help.SetWidth(w)
	l.input.SetSize(w)
	l.scroll()
}

func (l *listView) restyle() {
	l.help.Styles = l.st.Help
	l.input.restyle()
}

// rows is how many incidents fit: the screen less the title and the blank
// line under it, the blank line above the status line, the status line
// and the help bar.
func (l *listView) rows() int { return max(l.height-5, 1) }

func (l *listView) scroll() {
	if l.sel < l.top {
		l.top = l.sel
	}
	if l.sel >= l.top+l.rows() {
		l.top = l.sel - l.rows() + 1
	}
}

func (l *listView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case listLoadedMsg:
		l.loaded = true
		if msg.err != nil {
			l.status = errText(msg.err)
			return nil
		}
		l.incidents = msg.incidents
		l.sel = min(l.sel, max(len(l.incidents)-1, 0))
		l.scroll()
	case createdMsg:
		if msg.err != nil {
			l.status = errText(msg.err)
			return nil
		}
		return func() tea.Msg { return openIncidentMsg{id: msg.inc.ID} }
	case tea.KeyPressMsg:
		if l.input.active() {
			switch {
			case key.Matches(msg, l.keys.Cancel):
				l.input.close()
			case key.Matches(msg, l.keys.Submit):
				_, title := l.input.close()
				if strings.TrimSpace(title) == "" {
					l.status = "an incident needs a title"
					return nil
				}
				return create(l.cfg.store, incident.NewIncident{
					Title: strings.TrimSpace(title), Commander: l.cfg.author, Actor: l.cfg.author,
					Source: timeline.SourceTUI, At: l.cfg.now(),
				})
			default:
				return l.input.Update(msg)
			}
			return nil
		}
		return l.key(msg)
	case tea.PasteMsg:
		if l.input.active() {
			return l.input.Update(msg)
		}
	}
	return nil
}

func (l *listView) key(msg tea.KeyPressMsg) tea.Cmd {
	k := l.keys
	l.status = ""
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Up):
		l.sel = max(l.sel-1, 0)
	case key.Matches(msg, k.Down):
		l.sel = min(l.sel+1, max(len(l.incidents)-1, 0))
	case key.Matches(msg, k.Top):
		l.sel = 0
	case key.Matches(msg, k.Bottom):
		l.sel = max(len(l.incidents)-1, 0)
	case key.Matches(msg, k.Open):
		if l.sel < len(l.incidents) {
			id := l.incidents[l.sel].ID
			return func() tea.Msg { return openIncidentMsg{id: id} }
		}
	case key.Matches(msg, k.New):
		return l.input.open(inputTitle, "", l.width)
	}
	l.scroll()
	return nil
}

func (l *listView) View() string {
	st := l.st
	var b strings.Builder
	b.WriteString(st.Title.Render("sitrep") + st.Muted.Render(" · incidents"))
	b.WriteString("\n\n")
	shown := 0
	switch {
	case !l.loaded:
		b.WriteString(st.Muted.Render("loading…"))
		shown++
	case len(l.incidents) == 0:
		b.WriteString(st.Muted.Render(ansi.Truncate("No incidents yet. Press n to open one, or run `sitrep demo` to see a sample.", l.width, "…")))
		shown++
	}
	now := l.cfg.now()
	for i := l.top; i < len(l.incidents) && shown < l.rows(); i++ {
		inc := l.incidents[i]
		gutter := "  "
		if i == l.sel {
			gutter = st.Gutter.Render("▌ ")
		}
		state := st.Status.Render(pad(string(inc.Status), 13))
		if !inc.Open() {
			state = st.Muted.Render(pad(string(inc.Status), 13))
		}
		line := gutter + st.ID.Render(pad(inc.ID, 8)) + " " + st.SevBadge(inc.Severity) + " " + state + " " +
			st.Time.Render(pad(ago(now, latest(inc)), 10)) + " "
		title := timeline.SanitizeLine(inc.Title)
		if i == l.sel {
			title = st.Selected.Render(title)
		} else {
			title = st.Title.UnsetBold().Render(title)
		}
		b.WriteString(ansi.Truncate(line+title, l.width, "…"))
		b.WriteByte('\n')
		shown++
	}
	for ; shown < l.rows(); shown++ {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	switch {
	case l.input.active():
		b.WriteString(l.input.View())
	case l.status != "":
		b.WriteString(st.Error.Render(ansi.Truncate("✗ "+l.status, l.width, "…")))
	default:
		open := 0
		for _, inc := range l.incidents {
			if inc.Open() {
				open++
			}
		}
		b.WriteString(st.Muted.Render(fmt.Sprintf("%d open, %d in all", open, len(l.incidents))))
	}
	b.WriteByte('\n')
	if l.input.active() {
		b.WriteString(helpBar(l.help, l.width, inputKeys{l.keys}.ShortHelp()))
	} else {
		b.WriteString(helpBar(l.help, l.width, listKeys{l.keys}.ShortHelp(), l.keys.Quit))
	}
	return b.String()
}
