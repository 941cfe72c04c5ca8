package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// KeyMap is every key the TUI answers to (DESIGN §7). The help bar and the
// full help are drawn from it, so what is shown is what works.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	Note, Status, Severity, Role, Milestone, Action key.Binding
	Key, Hide                                       key.Binding
	Search, NextMatch, PrevMatch, Filter, UTC       key.Binding
	Panel, Help, Back, Quit, ForceQuit              key.Binding

	Open, New key.Binding // the incident list
	Detail    key.Binding // the event in full

	Submit, Cancel key.Binding // the input line
	Close          key.Binding // the event in full
}

// DefaultKeyMap returns the keys DESIGN §7 lists, and the usual ones for
// moving about.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	return KeyMap{
		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+d", "space"}, "pgdn", "page down"),
		Top:      b([]string{"home", "g"}, "g", "oldest"),
		Bottom:   b([]string{"end", "G"}, "G", "newest, follow"),

		Note:      b([]string{"n"}, "n", "note"),
		Status:    b([]string{"s"}, "s", "status"),
		Severity:  b([]string{"v"}, "v", "severity"),
		Role:      b([]string{"r"}, "r", "role"),
		Milestone: b([]string{"m"}, "m", "milestone"),
		Action:    b([]string{"a"}, "a", "action"),
		Key:       b([]string{"*"}, "*", "key (again: unflag)"),
		Hide:      b([]string{"x"}, "x", "hide event"),

		Search:    b([]string{"/"}, "/", "search"),
		NextMatch: b([]string{"]"}, "]", "next match"),
		PrevMatch: b([]string{"["}, "[", "previous match"),
		Filter:    b([]string{"f"}, "f", "filter"),
		UTC:       b([]string{"t"}, "t", "local/UTC"),

		Panel:     b([]string{"tab"}, "tab", "side panel"),
		Help:      b([]string{"?"}, "?", "help"),
		Back:      b([]string{"esc"}, "esc", "clear / incidents"),
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),

		Detail: b([]string{"enter"}, "enter", "event in full"),

		Open: b([]string{"enter"}, "enter", "open"),
		New:  b([]string{"n"}, "n", "new incident"),

		Submit: b([]string{"enter"}, "enter", "save"),
		Cancel: b([]string{"esc"}, "esc", "cancel"),
		Close:  b([]string{"esc", "enter"}, "esc", "close"),
	}
}

// ShortHelp is the help bar of the incident view; the bar drops keys from
// the end of this list to fit the width, never ? and q.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Note, k.Search, k.Filter, k.Detail, k.Key, k.Status, k.Severity, k.Role, k.Milestone, k.Action}
}

// FullHelp is the incident view's full help, one column per group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Detail, k.Note, k.Status, k.Severity, k.Role, k.Milestone, k.Action},
		{k.Key, k.Hide, k.Search, k.NextMatch, k.PrevMatch, k.Filter},
		{k.UTC, k.Panel, k.Help, k.Back, k.Quit},
	}
}

// listKeys is the key map as the incident list shows it.
type listKeys struct{ KeyMap }

func (k listKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Open, k.New}
}

func (k listKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// inputKeys is the key map while the input line has focus.
type inputKeys struct{ KeyMap }

func (k inputKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Submit, k.Cancel} }
func (k inputKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// detailKeys is the key map while an event is open in full.
type detailKeys struct{ KeyMap }

func (k detailKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Close}
}
func (k detailKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// helpBar draws bindings on one line of at most width cells, followed by
// keep (? and q), which stay however narrow the terminal: bindings are
// dropped from the end of the list until the line fits.
func helpBar(h help.Model, width int, bindings []key.Binding, keep ...key.Binding) string {
	h.SetWidth(0)
	for n := len(bindings); n >= 0; n-- {
		line := h.ShortHelpView(append(bindings[:n:n], keep...))
		if ansi.StringWidth(line) <= width {
			return line
		}
	}
	return ansi.Truncate(h.ShortHelpView(keep), width, "")
}

var (
	_ help.KeyMap = KeyMap{}
	_ help.KeyMap = detailKeys{}
	_ help.KeyMap = listKeys{}
	_ help.KeyMap = inputKeys{}
)
