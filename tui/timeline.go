package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// timelineView is the incident's timeline. It holds every event but draws
// only the rows on screen, so its cost per frame does not grow with the
// incident. It follows the tail until the user moves away from it.
type timelineView struct {
	st  *Styles
	loc *time.Location // the local zone; utc switches to UTC
	utc bool

	events  []timeline.Event    // every event, in timeline order
	ids     map[string]struct{} // IDs in events
	visible []int               // positions in events that pass the filter
	sel     int                 // selected position in visible; -1 when empty
	top     int                 // first position in visible on screen
	follow  bool                // keep the newest event selected

	filter     eventFilter
	query      string // lower-cased search, "" when none
	matchCount int

	key, hidden map[string]bool
	actions     map[string]string // action number → its text, for rows that mark one done
	total       int               // the incident's events, as the store counts them
	strings     map[string]string // interned names, kinds and attribute values

	width, height int
}

func newTimeline(st *Styles, loc *time.Location) *timelineView {
	return &timelineView{st: st, loc: loc, ids: map[string]struct{}{}, sel: -1, follow: true,
		key: map[string]bool{}, hidden: map[string]bool{}, strings: map[string]string{}}
}

func (t *timelineView) SetSize(w, h int) {
	t.width, t.height = max(w, 0), max(h, 1)
	t.ensureVisible()
}

// zone is the zone times are shown in.
func (t *timelineView) zone() *time.Location {
	if t.utc {
		return time.UTC
	}
	return t.loc
}

// setActions takes the incident's actions, whose texts rows that change
// an action's state show.
func (t *timelineView) setActions(actions []incident.Action) {
	t.actions = make(map[string]string, len(actions))
	for _, a := range actions {
		t.actions[strconv.Itoa(a.Number)] = a.Text
	}
}

// setFlags takes the folded key and hidden sets from the incident.
func (t *timelineView) setFlags(key, hidden []string) {
	changed := len(hidden) != len(t.hidden)
	t.key = toSet(key)
	newHidden := toSet(hidden)
	for id := range newHidden {
		if !t.hidden[id] {
			changed = true
		}
	}
	t.hidden = newHidden
	if changed {
		t.refilter()
	}
}

func toSet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// merge adds events, replacing those already held (an edited chat
// message comes again with the same ID). Events after the last one held,
// the usual case, are appended without touching the rest; a batch of older
// ones (the background load, a backfill) is merged in one pass.
func (t *timelineView) merge(events []timeline.Event) {
	if len(events) == 0 {
		return
	}
	var selID string
	if t.sel >= 0 && t.sel < len(t.visible) {
		selID = t.events[t.visible[t.sel]].ID
	}
	var older []timeline.Event
	for _, e := range events {
		e = t.slim(e)
		if _, ok := t.ids[e.ID]; ok {
			for i := len(t.events) - 1; i >= 0; i-- {
				if t.events[i].ID == e.ID {
					t.events[i] = e
					break
				}
			}
			continue
		}
		t.ids[e.ID] = struct{}{}
		n := len(t.events)
		if n > 0 && e.Before(t.events[n-1]) {
			older = append(older, e)
			continue
		}
		t.events = append(t.events, e)
		if len(older) == 0 && t.filter.match(e, t.hidden[e.ID]) {
			t.visible = append(t.visible, n)
			if t.query != "" && t.matches(e) {
				t.matchCount++
			}
		}
	}
	if len(older) > 0 {
		all := make([]timeline.Event, 0, len(t.events)+len(older))
		all = append(append(all, older...), t.events...)
		timeline.Sort(all)
		t.events = all
		t.rebuild()
	}
	t.reselect(selID)
}

// slim keeps what the timeline draws and searches, so a 100,000-event
// incident fits the memory budget: repeated names are shared, and of the
// attributes only those a row shows are kept.
func (t *timelineView) slim(e timeline.Event) timeline.Event {
	out := timeline.Event{ID: e.ID, At: e.At, Source: timeline.Source(t.intern(string(e.Source))),
		Kind: timeline.Kind(t.intern(string(e.Kind))), Actor: t.intern(e.Actor), Text: e.Text}
	for _, k := range shownAttrs {
		if v, ok := e.Attrs[k]; ok {
			out.SetAttr(k, t.intern(v))
		}
	}
	return out
}

// shownAttrs are the attributes rowText uses.
var shownAttrs = []string{timeline.AttrExitCode, timeline.AttrDuration, timeline.AttrThread, timeline.AttrAction, timeline.AttrState}

func (t *timelineView) intern(s string) string {
	if v, ok := t.strings[s]; ok {
		return v
	}
	if len(t.strings) < 10000 { // names and states repeat; a flood of distinct values is not worth keeping
		t.strings[s] = s
	}
	return s
}

// refilter rebuilds the visible rows after the filter or flags changed,
// keeping the selected event selected where it is still shown.
func (t *timelineView) refilter() {
	var selID string
	if t.sel >= 0 && t.sel < len(t.visible) {
		selID = t.events[t.visible[t.sel]].ID
	}
	t.rebuild()
	t.reselect(selID)
}

func (t *timelineView) rebuild() {
	t.visible = t.visible[:0]
	t.matchCount = 0
	for i, e := range t.events {
		if t.filter.match(e, t.hidden[e.ID]) {
			t.visible = append(t.visible, i)
			if t.query != "" && t.matches(e) {
				t.matchCount++
			}
		}
	}
}

func (t *timelineView) reselect(id string) {
	switch {
	case len(t.visible) == 0:
		t.sel = -1
	case t.follow || id == "":
		t.sel = len(t.visible) - 1
	default:
		t.sel = t.find(id)
	}
	t.ensureVisible()
}

// find returns the visible position of the event with this ID, or the
// nearest one after where it was.
func (t *timelineView) find(id string) int {
	for p, i := range t.visible {
		if t.events[i].ID == id {
			return p
		}
	}
	return min(max(t.sel, 0), len(t.visible)-1)
}

// selected returns the selected event.
func (t *timelineView) selected() (timeline.Event, bool) {
	if t.sel < 0 || t.sel >= len(t.visible) {
		return timeline.Event{}, false
	}
	return t.events[t.visible[t.sel]], true
}

// move moves the selection by delta rows; reaching the newest event
// resumes following.
func (t *timelineView) move(delta int) {
	if len(t.visible) == 0 {
		return
	}
	t.sel = min(max(t.sel+delta, 0), len(t.visible)-1)
	t.follow = t.sel == len(t.visible)-1
	t.ensureVisible()
}

func (t *timelineView) page() int { return max(t.height-2, 1) }

func (t *timelineView) setFilter(f eventFilter) {
	t.filter = f
	t.refilter()
}

// setQuery starts a search; the selection goes to the newest match at or
// before it, since what the commander looks for is usually recent.
func (t *timelineView) setQuery(q string) bool {
	t.query = strings.ToLower(timeline.SanitizeLine(strings.TrimSpace(q)))
	t.matchCount = 0
	if t.query == "" {
		return false
	}
	for _, i := range t.visible {
		if t.matches(t.events[i]) {
			t.matchCount++
		}
	}
	return t.jump(-1, true)
}

// jump moves to the next match in direction dir (-1 older, +1 newer),
// wrapping around; inclusive counts the selection itself.
func (t *timelineView) jump(dir int, inclusive bool) bool {
	n := len(t.visible)
	if t.query == "" || n == 0 {
		return false
	}
	start := t.sel
	if start < 0 {
		start = n - 1
	}
	if !inclusive {
		start += dir
	}
	for k := range n {
		p := ((start+dir*k)%n + n) % n
		if t.matches(t.events[t.visible[p]]) {
			t.sel = p
			t.follow = p == n-1
			t.ensureVisible()
			return true
		}
	}
	return false
}

func (t *timelineView) matches(e timeline.Event) bool {
	return containsFold(rowText(e, t.actions), t.query) || containsFold(timeline.SanitizeLine(e.Actor), t.query)
}

// containsFold reports whether s contains the lower-cased q, ignoring case.
func containsFold(s, q string) bool {
	return strings.Contains(strings.ToLower(s), q)
}

// dayOf identifies the calendar day of an event in the shown zone.
func (t *timelineView) dayOf(p int) int {
	y, m, d := t.events[t.visible[p]].At.In(t.zone()).Date()
	return y*10000 + int(m)*100 + d
}

// row is one screen line: an event, or the date line before it.
type row struct {
	pos  int // visible position
	date bool
}

// layout lists the rows shown from top: a date line first, and again
// wherever the day changes.
func (t *timelineView) layout() []row {
	rows := make([]row, 0, t.height)
	for p := t.top; p < len(t.visible) && len(rows) < t.height; p++ {
		if p == t.top || t.dayOf(p) != t.dayOf(p-1) {
			if len(rows) == t.height-1 && p != t.top {
				break
			}
			rows = append(rows, row{pos: p, date: true})
		}
		rows = append(rows, row{pos: p})
	}
	return rows
}

// ensureVisible scrolls so the selection is on screen, as low as it can
// be when the view must move down, and keeps the screen filled: after a
// filter, a search or a resize, the rows from top on never stop short of
// the bottom while older rows are left off above.
func (t *timelineView) ensureVisible() {
	if t.sel < 0 {
		t.top = 0
		return
	}
	switch {
	case t.sel < t.top:
		t.top = t.sel
	case !t.onScreen(t.sel):
		t.top = t.topShowing(t.sel)
	}
	t.top = min(t.top, t.topShowing(len(t.visible)-1))
}

func (t *timelineView) onScreen(p int) bool {
	for _, r := range t.layout() {
		if !r.date && r.pos == p {
			return true
		}
	}
	return false
}

// topShowing is the lowest top that still shows the event at p on the
// screen's last line: the earliest row that fits above it.
func (t *timelineView) topShowing(p int) int {
	top, used := p, 2 // the event and the date line above it
	for top > 0 {
		more := 1
		if t.dayOf(top) != t.dayOf(top-1) {
			more++
		}
		if used+more > t.height {
			break
		}
		used += more
		top--
	}
	return top
}

// View draws the rows on screen, padded to the view's height.
func (t *timelineView) View() string {
	var b strings.Builder
	rows := t.layout()
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		e := t.events[t.visible[r.pos]]
		if r.date {
			b.WriteString(t.dateLine(e.At))
		} else {
			b.WriteString(t.eventLine(e, r.pos == t.sel))
		}
	}
	if len(rows) == 0 {
		msg := "No events yet. Press n to write the first note."
		if len(t.events) > 0 {
			msg = "No events match the filter (f to change it)."
		}
		b.WriteString(t.st.Muted.Render(ansi.Truncate(msg, t.width, "…")))
		rows = append(rows, row{})
	}
	for range t.height - len(rows) {
		b.WriteByte('\n')
	}
	return b.String()
}

func (t *timelineView) dateLine(at time.Time) string {
	zone := "local"
	if t.utc {
		zone = "UTC"
	}
	label := "── " + at.In(t.zone()).Format("Mon 2 Jan 2006") + " (" + zone + ") "
	return t.st.Date.Render(ansi.Truncate(label+strings.Repeat("─", max(t.width-ansi.StringWidth(label), 0)), t.width, ""))
}

var sourceLabels = map[timeline.Source]string{
	timeline.SourcePagerDuty: "pd", timeline.SourceImport: "imp",
}

// eventLine draws one event: gutter, time, key mark, source, kind, actor
// and text, all untrusted parts sanitised, the text cut to the width.
func (t *timelineView) eventLine(e timeline.Event, selected bool) string {
	st := t.st
	gutter, mark := " ", " "
	if selected {
		gutter = st.Gutter.Render("▌")
	}
	if t.key[e.ID] {
		mark = st.Key.Render("★")
	} else if t.hidden[e.ID] {
		mark = st.Faint.Render("✕")
	}
	src, ok := sourceLabels[e.Source]
	if !ok {
		src = timeline.SanitizeLine(string(e.Source))
	}
	parts := []string{gutter, st.Time.Render(e.At.In(t.zone()).Format("15:04:05")), " ", mark, " "}
	used := 1 + 8 + 3
	if t.width >= 70 {
		parts = append(parts, st.Source.Render(pad(src, 5)), " ")
		used += 6
	}
	parts = append(parts, st.KindStyle(e.Kind).Render(pad(string(e.Kind), 9)), " ")
	used += 10
	actorWidth := 12
	if t.width < 70 {
		actorWidth = 9
	}
	parts = append(parts, st.Actor.Render(pad(timeline.SanitizeLine(e.Actor), actorWidth)), " ")
	used += actorWidth + 1

	text := ansi.Truncate(rowText(e, t.actions), max(t.width-used, 0), "…")
	textStyle := st.Muted
	switch {
	case selected:
		textStyle = st.Selected
	case t.hidden[e.ID]:
		textStyle = st.Hidden
	case e.Kind != timeline.KindMessage && e.Kind != timeline.KindNote:
		textStyle = st.KindStyle(e.Kind)
	case e.Kind == timeline.KindNote:
		textStyle = st.Title.UnsetBold()
	}
	parts = append(parts, t.highlight(text, textStyle))
	return strings.Join(parts, "")
}

// rowText is an event's text as one sanitised line, with what its kind
// adds: a command's exit status and duration, a reply's thread mark, an
// action's number and state (and, for a change of state, the action's
// text from actions).
func rowText(e timeline.Event, actions map[string]string) string {
	text := timeline.SanitizeLine(e.Text)
	switch e.Kind {
	case timeline.KindCommand:
		text = "$ " + text
		if code := e.Attr(timeline.AttrExitCode); code != "" {
			text += "  → exit " + timeline.SanitizeLine(code)
		}
		if ms, err := strconv.Atoi(e.Attr(timeline.AttrDuration)); err == nil {
			text += " (" + timeline.FormatDuration(time.Duration(ms)*time.Millisecond) + ")"
		}
	case timeline.KindMessage:
		if e.Attr(timeline.AttrThread) != "" {
			text = "↳ " + text
		}
	case timeline.KindAction:
		n := e.Attr(timeline.AttrAction)
		if text == "" {
			text = timeline.SanitizeLine(actions[n])
		}
		text = "#" + timeline.SanitizeLine(n) + " " + text
		if s := e.Attr(timeline.AttrState); s != "" && s != timeline.ActionOpen {
			text += " [" + timeline.SanitizeLine(s) + "]"
		}
	}
	return text
}

// highlight draws text in style, with search matches marked.
func (t *timelineView) highlight(text string, style interface{ Render(...string) string }) string {
	if t.query == "" {
		return style.Render(text)
	}
	lower := strings.ToLower(text)
	if len(lower) != len(text) { // case folding changed byte offsets; mark nothing rather than the wrong thing
		return style.Render(text)
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, t.query)
		if i < 0 {
			b.WriteString(style.Render(text))
			return b.String()
		}
		if i > 0 {
			b.WriteString(style.Render(text[:i]))
		}
		b.WriteString(t.st.Match.Render(text[i : i+len(t.query)]))
		text, lower = text[i+len(t.query):], lower[i+len(t.query):]
		if text == "" {
			return b.String()
		}
	}
}

// pad cuts or pads s to exactly w cells.
func pad(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// status describes the timeline's state for its title line.
func (t *timelineView) status() string {
	var parts []string
	// The count is the store's, as `sitrep show` and `list` give it: flag
	// events count, though they are drawn as marks on the rows they flag.
	total := max(t.total, len(t.visible))
	if t.filter.active() {
		parts = append(parts, fmt.Sprintf("%d of %d events", len(t.visible), total), "filter: "+t.filter.String())
	} else {
		parts = append(parts, fmt.Sprintf("%d events", total))
	}
	if t.query != "" {
		parts = append(parts, fmt.Sprintf("/%s: %d matches", t.query, t.matchCount))
	}
	if t.utc {
		parts = append(parts, "UTC")
	}
	if !t.follow {
		parts = append(parts, "paused (G follows)")
	} else {
		parts = append(parts, "following")
	}
	return strings.Join(parts, " · ")
}
