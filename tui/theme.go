package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Styles is every style the TUI draws with, built once from the theme for
// the terminal's background. Components read it; none holds a colour.
type Styles struct {
	NoColor bool

	Title, Muted, Faint, Rule lipgloss.Style
	ID, Status, Commander     lipgloss.Style
	Sev                       [6]lipgloss.Style // badge per severity; [0] unset
	HealthOK, HealthBad       lipgloss.Style

	Date, Time, Selected, Gutter lipgloss.Style
	Key, Match, Hidden           lipgloss.Style
	Source                       lipgloss.Style
	Kind                         map[timeline.Kind]lipgloss.Style
	Actor                        lipgloss.Style

	PanelTitle, PanelBorder lipgloss.Style
	Error, Notice           lipgloss.Style

	Help  help.Styles
	Input textinput.Styles
}

// palette is the theme: one colour per role, for a dark or a light
// background.
type palette struct {
	fg, muted, faint, accent, red, orange, yellow, green, blue, purple, cyan color.Color
	selBg, matchBg                                                           color.Color
}

func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		fg:      ld(c("#1F2328"), c("#E6EDF3")),
		muted:   ld(c("#57606A"), c("#9DA7B3")),
		faint:   ld(c("#8C959F"), c("#6E7681")),
		accent:  ld(c("#0969DA"), c("#58A6FF")),
		red:     ld(c("#CF222E"), c("#FF7B72")),
		orange:  ld(c("#BC4C00"), c("#FFA657")),
		yellow:  ld(c("#9A6700"), c("#E3B341")),
		green:   ld(c("#1A7F37"), c("#3FB950")),
		blue:    ld(c("#0550AE"), c("#79C0FF")),
		purple:  ld(c("#8250DF"), c("#D2A8FF")),
		cyan:    ld(c("#1B7C83"), c("#56D4DD")),
		selBg:   ld(c("#DDF4FF"), c("#1C2B3A")),
		matchBg: ld(c("#FFF8C5"), c("#6E5A00")),
	}
}

// NewStyles builds the styles for a dark or light background. With
// noColor (NO_COLOR is set) it uses no colour at all, only bold, faint,
// underline and reverse, so every distinction still shows.
func NewStyles(dark, noColor bool) *Styles {
	p := newPalette(dark)
	st := lipgloss.NewStyle
	fg := func(c color.Color) lipgloss.Style {
		if noColor {
			return st()
		}
		return st().Foreground(c)
	}
	s := &Styles{NoColor: noColor}
	s.Title = fg(p.fg).Bold(true)
	s.Muted = fg(p.muted)
	s.Faint = fg(p.faint).Faint(noColor)
	s.Rule = fg(p.faint)
	s.ID = fg(p.accent).Bold(true)
	s.Status = fg(p.cyan).Bold(true)
	s.Commander = fg(p.fg)
	badge := func(c color.Color) lipgloss.Style {
		if noColor {
			return st().Reverse(true).Bold(true).Padding(0, 1)
		}
		return st().Background(c).Foreground(lipgloss.Color("#FFFFFF")).Bold(true).Padding(0, 1)
	}
	s.Sev = [6]lipgloss.Style{badge(p.faint), badge(lipgloss.Color("#B91C1C")), badge(lipgloss.Color("#C2410C")),
		badge(lipgloss.Color("#A16207")), badge(lipgloss.Color("#1D4ED8")), badge(lipgloss.Color("#4B5563"))}
	s.HealthOK = fg(p.green)
	s.HealthBad = fg(p.red).Bold(true)

	s.Date = fg(p.accent).Bold(true)
	s.Time = fg(p.muted)
	s.Selected = fg(p.fg).Bold(true)
	if !noColor {
		s.Selected = s.Selected.Background(p.selBg)
	}
	s.Gutter = fg(p.accent).Bold(true)
	s.Key = fg(p.yellow).Bold(true)
	s.Match = st().Reverse(true)
	if !noColor {
		s.Match = st().Background(p.matchBg).Foreground(p.fg).Bold(true)
	}
	s.Hidden = fg(p.faint).Strikethrough(true)
	s.Source = fg(p.faint)
	s.Actor = fg(p.blue)
	pager, change := fg(p.red), fg(p.yellow)
	s.Kind = map[timeline.Kind]lipgloss.Style{
		timeline.KindPage: pager.Bold(true), timeline.KindNotify: fg(p.orange), timeline.KindAck: fg(p.green),
		timeline.KindEscalate: fg(p.orange).Bold(true), timeline.KindAssign: fg(p.orange), timeline.KindResolve: fg(p.green).Bold(true),
		timeline.KindMessage: fg(p.blue), timeline.KindNote: fg(p.fg), timeline.KindCommand: fg(p.purple),
		timeline.KindStatus: change.Bold(true), timeline.KindSeverity: change.Bold(true), timeline.KindRole: change,
		timeline.KindTitle: change, timeline.KindLink: change, timeline.KindMilestone: fg(p.green).Bold(true),
		timeline.KindAction: fg(p.cyan), timeline.KindFactor: fg(p.purple), timeline.KindQuestion: fg(p.cyan),
		timeline.KindFlag: fg(p.faint),
	}
	s.PanelTitle = fg(p.accent).Bold(true)
	s.PanelBorder = fg(p.faint)
	s.Error = fg(p.red).Bold(true)
	s.Notice = fg(p.green)

	s.Help = help.DefaultStyles(dark)
	s.Input = textinput.DefaultStyles(dark)
	if noColor {
		plain := st()
		s.Help = help.Styles{Ellipsis: plain, ShortKey: plain.Bold(true), ShortDesc: plain, ShortSeparator: plain,
			FullKey: plain.Bold(true), FullDesc: plain, FullSeparator: plain}
		s.Input.Focused = textinput.StyleState{Text: plain, Placeholder: plain.Faint(true), Suggestion: plain.Faint(true), Prompt: plain.Bold(true)}
		s.Input.Blurred = s.Input.Focused
	} else {
		s.Input.Focused.Prompt = st().Foreground(p.accent).Bold(true)
	}
	// A blinking cursor would redraw twice a second for nothing.
	s.Input.Cursor.Blink = false
	return s
}

// KindStyle returns the style for an event kind.
func (s *Styles) KindStyle(k timeline.Kind) lipgloss.Style {
	if st, ok := s.Kind[k]; ok {
		return st
	}
	return s.Muted
}

// SevBadge renders a severity as a badge: "SEV1".
func (s *Styles) SevBadge(sev timeline.Severity) string {
	if sev < timeline.SevWorst || sev > timeline.SevLeast {
		return s.Sev[0].Render("SEV?")
	}
	return s.Sev[sev].Render(sev.String())
}
