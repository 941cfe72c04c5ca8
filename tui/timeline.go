package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// timelineView is the incident's timeline, virtualised twice over: it
// draws only the rows on screen, and it holds only the keys of the rows
// (16 bytes an event, read by a scan over the store) with the events near
// the screen in a small cache, read by key as the view moves. So its memory
// and its cost per frame do not grow with the incident. It follows the
// tail until the user moves away from it.
type timelineView struct {
	st  *Styles
	loc *time.Location // the local zone; utc switches to UTC
	utc bool

	index    []incident.EventKey                  // the rows: keys of the events that pass the filter
	cache    map[incident.EventKey]timeline.Event // events near the screen, slimmed
	reading  map[incident.EventKey]bool           // keys asked of the store, not yet back
	complete bool                                 // index covers the whole incident, not only its tail
	sel      int                                  // selected position in index; -1 when empty
	top      int                                  // first position in index on screen
	follow   bool                                 // keep the newest event selected
	wantTop  bool                                 // g came before the whole index: go to the oldest once it is known

	filter  eventFilter
	query   string              // lower-cased search, "" when none
	matches []incident.EventKey // keys of the rows the search matches, in order

	// scanning is the number of the scan in progress (0: none): a scan
	// re-reads the index (and matches) for a new filter, search or hidden
	// set. Keys that arrive while it runs are kept in added, to be merged
	// into what it returns.
	scanning, scans int
	added           []incident.KeyedEvent

	key, hidden map[string]bool
	actions     map[string]string // action number → its text, for rows that mark one done
	total       int               // the incident's events, as the store counts them
	strings     map[string]string // interned names, kinds and attribute values

	width, height int
}

// cacheMargin is how many rows above and below the screen are read ahead,
// in pages, so moving a page shows events, not placeholders.
const cacheMargin = 2

func newTimeline(st *Styles, loc *time.Location) *timelineView {
	return &timelineView{st: st, loc: loc, sel: -1, follow: true,
		cache: map[incident.EventKey]timeline.Event{}, reading: map[incident.EventKey]bool{},
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

// setFlags takes the folded key and hidden sets from the incident. It
// reports whether the hidden set changed, which calls for a new scan.
func (t *timelineView) setFlags(key, hidden []string) bool {
	changed := len(hidden) != len(t.hidden)
	t.key = toSet(key)
	newHidden := toSet(hidden)
	for id := range newHidden {
		if !t.hidden[id] {
			changed = true
		}
	}
	t.hidden = newHidden
	return changed
}

func toSet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// scanQuery is the filter and the search as a scan applies them. It reads
// maps that are replaced, never changed, so the scan may run beside the
// view.
func (t *timelineView) scanQuery(sizeHint int) incident.ScanQuery {
	f, hidden := t.filter, t.hidden
	q := incident.ScanQuery{SizeHint: sizeHint,
		Keep: func(e timeline.Event) bool { return f.match(e, hidden[e.ID]) }}
	if t.query != "" {
		query, actions := t.query, t.actions
		q.Match = func(e timeline.Event) bool { return matches(e, query, actions) }
		if isASCII(query) {
			q.MatchAttrs = rowNeedsAttrs
		}
	}
	return q
}

// rowNeedsAttrs reports whether an ASCII search needs a kind's attributes:
// only commands and actions add ASCII to the row's text from them (exit
// status, duration, number, state).
func rowNeedsAttrs(k timeline.Kind) bool {
	return k == timeline.KindCommand || k == timeline.KindAction
}

// startScan notes that a scan with number n began; until it ends, the
// rows held stay on screen and what arrives is kept for merging.
func (t *timelineView) startScan(n int) {
	t.scanning, t.added = n, nil
}

// scanned takes a scan's result: the rows and matches for the filter and
// search in force, with what arrived while it ran merged in.
func (t *timelineView) scanned(n int, res incident.ScanResult) {
	if n != t.scanning {
		return
	}
	selKey, hadSel := t.selKey()
	t.index, t.matches = res.Keys, res.Matches
	t.scanning, t.complete = 0, true
	added := t.added
	t.added = nil
	t.sel = -1
	for _, ke := range added {
		t.place(ke)
	}
	switch {
	case t.wantTop:
		t.wantTop, t.follow = false, false
		t.sel = min(0, len(t.index)-1)
		t.ensureVisible()
	case hadSel:
		t.reselect(selKey)
	default:
		t.reselect(incident.LastKey)
	}
}

// add takes events read from the store with their keys: the first frame's
// tail, what a poll found, an edit. Each replaces the event held under its
// key, or becomes a row if the filter lets it through.
func (t *timelineView) add(events []incident.KeyedEvent) {
	if len(events) == 0 {
		return
	}
	selKey, hadSel := t.selKey()
	for _, ke := range events {
		ke.Event = t.slim(ke.Event)
		if t.scanning != 0 {
			t.added = append(t.added, ke)
		}
		t.place(ke)
	}
	if !hadSel {
		selKey = incident.LastKey
	}
	t.reselect(selKey)
	t.trim()
}

// place puts one event in the cache and, if the filter lets it through,
// among the rows (and the matches).
func (t *timelineView) place(ke incident.KeyedEvent) {
	t.cache[ke.Key] = ke.Event
	if !t.filter.match(ke.Event, t.hidden[ke.Event.ID]) {
		return
	}
	t.index = insertKey(t.index, ke.Key)
	if t.query != "" && matches(ke.Event, t.query, t.actions) {
		t.matches = insertKey(t.matches, ke.Key)
	}
}

// insertKey inserts k in order, once; a key after the last, the usual
// case, is appended.
func insertKey(keys []incident.EventKey, k incident.EventKey) []incident.EventKey {
	n := len(keys)
	if n == 0 || keys[n-1].Compare(k) < 0 {
		return append(keys, k)
	}
	i, found := slices.BinarySearchFunc(keys, k, incident.EventKey.Compare)
	if found {
		return keys
	}
	return slices.Insert(keys, i, k)
}

// filled takes events read for the rows near the screen, and drops those
// held for rows far from it.
func (t *timelineView) filled(events []incident.KeyedEvent, asked []incident.EventKey) {
	for _, k := range asked {
		delete(t.reading, k)
	}
	for _, ke := range events {
		t.cache[ke.Key] = t.slim(ke.Event)
	}
	t.trim()
}

// trim drops the events held for rows far from the screen, once there
// are several times as many as the screen and its margins need.
func (t *timelineView) trim() {
	lo, hi := t.nearby()
	if len(t.cache) <= 4*(hi-lo+1)+tailSize {
		return
	}
	for k := range t.cache {
		if p, ok := slices.BinarySearchFunc(t.index, k, incident.EventKey.Compare); !ok || p < lo || p > hi {
			delete(t.cache, k)
		}
	}
}

// nearby is the range of positions the cache should hold: the screen and
// cacheMargin pages either side.
func (t *timelineView) nearby() (lo, hi int) {
	margin := cacheMargin * t.height
	return max(t.top-margin, 0), min(t.top+t.height+margin, len(t.index)-1)
}

// missing returns the keys of rows near the screen that are neither held
// nor being read, and marks them as being read.
func (t *timelineView) missing() []incident.EventKey {
	lo, hi := t.nearby()
	var keys []incident.EventKey
	for p := lo; p <= hi; p++ {
		k := t.index[p]
		if _, ok := t.cache[k]; !ok && !t.reading[k] {
			keys = append(keys, k)
			t.reading[k] = true
		}
	}
	return keys
}

// slim keeps what the timeline draws and searches: repeated names are
// shared, and of the attributes only those a row shows are kept.
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

// selKey is the selected row's key.
func (t *timelineView) selKey() (incident.EventKey, bool) {
	if t.sel < 0 || t.sel >= len(t.index) {
		return incident.EventKey{}, false
	}
	return t.index[t.sel], true
}

// reselect selects the row with key k, or the nearest after it; the
// newest when following.
func (t *timelineView) reselect(k incident.EventKey) {
	switch {
	case len(t.index) == 0:
		t.sel = -1
	case t.follow:
		t.sel = len(t.index) - 1
	default:
		p, _ := slices.BinarySearchFunc(t.index, k, incident.EventKey.Compare)
		t.sel = min(p, len(t.index)-1)
	}
	t.ensureVisible()
}

// selected returns the selected event, if it is held.
func (t *timelineView) selected() (timeline.Event, bool) {
	k, ok := t.selKey()
	if !ok {
		return timeline.Event{}, false
	}
	e, ok := t.cache[k]
	return e, ok
}

// move moves the selection by delta rows; reaching the newest event
// resumes following.
func (t *timelineView) move(delta int) {
	if len(t.index) == 0 {
		return
	}
	t.sel = min(max(t.sel+delta, 0), len(t.index)-1)
	t.follow = t.sel == len(t.index)-1
	t.wantTop = false
	t.ensureVisible()
}

// toOldest selects the oldest row; before the whole index is known it
// goes to the oldest known and again once the rest arrives.
func (t *timelineView) toOldest() {
	t.move(-len(t.index))
	t.wantTop = !t.complete
}

func (t *timelineView) page() int { return max(t.height-2, 1) }

// setFilter sets the filter; the caller scans for its rows.
func (t *timelineView) setFilter(f eventFilter) { t.filter = f }

// setQuery sets the search; the caller scans for its matches. It reports
// whether there is a search.
func (t *timelineView) setQuery(q string) bool {
	t.query = strings.ToLower(timeline.SanitizeLine(strings.TrimSpace(q)))
	t.matches = nil
	return t.query != ""
}

// jump moves to the next match in direction dir (-1 older, +1 newer),
// wrapping around; inclusive counts the selection itself.
func (t *timelineView) jump(dir int, inclusive bool) bool {
	n := len(t.matches)
	if t.query == "" || n == 0 || len(t.index) == 0 {
		return false
	}
	cur, ok := t.selKey()
	if !ok {
		cur = incident.LastKey
	}
	i, found := slices.BinarySearchFunc(t.matches, cur, incident.EventKey.Compare)
	switch {
	case found && inclusive:
	case dir < 0:
		i-- // the first match before the selection
	case found:
		i++
	}
	k := t.matches[(i%n+n)%n]
	p, ok := slices.BinarySearchFunc(t.index, k, incident.EventKey.Compare)
	if !ok {
		return false
	}
	t.sel = p
	t.follow = p == len(t.index)-1
	t.ensureVisible()
	return true
}

// matches reports whether the search q (lower-cased) finds e: in its
// row's text or its actor, ignoring case. It runs on every event of a
// scan, so an ASCII search, the usual one, allocates nothing for a clean
// chat line or note.
func matches(e timeline.Event, q string, actions map[string]string) bool {
	if !isASCII(q) {
		return containsFold(rowText(e, actions), q) || containsFold(timeline.SanitizeLine(e.Actor), q)
	}
	text := e.Text
	if e.Kind == timeline.KindCommand || e.Kind == timeline.KindAction {
		text = rowText(e, actions) // the row adds to the text (a reply's "↳ " is not ASCII, so no ASCII search spans it)
	}
	return containsFoldASCII(timeline.SanitizeLine(text), q) || containsFoldASCII(timeline.SanitizeLine(e.Actor), q)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// containsFoldASCII reports whether s contains q, an ASCII lower-case
// string, ignoring the case of ASCII letters in s.
func containsFoldASCII(s, q string) bool {
	n := len(q)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != q[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-cased q, ignoring case.
func containsFold(s, q string) bool {
	return strings.Contains(strings.ToLower(s), q)
}

// dayOf identifies the calendar day of the row at p in the shown zone,
// from its key: no event needs to be held.
func (t *timelineView) dayOf(p int) int {
	y, m, d := t.index[p].At().In(t.zone()).Date()
	return y*10000 + int(m)*100 + d
}

// row is one screen line: an event, or the date line before it.
type row struct {
	pos  int // position in index
	date bool
}

// layout lists the rows shown from top: a date line first, and again
// wherever the day changes.
func (t *timelineView) layout() []row {
	rows := make([]row, 0, t.height)
	for p := t.top; p < len(t.index) && len(rows) < t.height; p++ {
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
	t.top = min(t.top, t.topShowing(len(t.index)-1))
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

// View draws the rows on screen, padded to the view's height. A row whose
// event is still being read shows its time and a placeholder.
func (t *timelineView) View() string {
	var b strings.Builder
	rows := t.layout()
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		k := t.index[r.pos]
		e, held := t.cache[k]
		switch {
		case r.date:
			b.WriteString(t.dateLine(k.At()))
		case !held:
			b.WriteString(t.placeholder(k, r.pos == t.sel))
		default:
			b.WriteString(t.eventLine(e, r.pos == t.sel))
		}
	}
	if len(rows) == 0 {
		msg := "No events yet. Press n to write the first note."
		switch {
		case t.scanning != 0:
			msg = "Reading the timeline…"
		case t.filter.active() || t.total > 0:
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

func (t *timelineView) placeholder(k incident.EventKey, selected bool) string {
	gutter := " "
	if selected {
		gutter = t.st.Gutter.Render("▌")
	}
	return gutter + t.st.Time.Render(k.At().In(t.zone()).Format("15:04:05")) + t.st.Faint.Render("   …")
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
	total := max(t.total, len(t.index))
	if t.filter.active() {
		parts = append(parts, fmt.Sprintf("%d of %d events", len(t.index), total), "filter: "+t.filter.String())
	} else {
		parts = append(parts, fmt.Sprintf("%d events", total))
	}
	if t.query != "" {
		parts = append(parts, fmt.Sprintf("/%s: %d matches", t.query, len(t.matches)))
	}
	if t.utc {
		parts = append(parts, "UTC")
	}
	switch {
	case t.scanning != 0 && (t.filter.active() || t.query != ""):
		parts = append(parts, "searching…")
	case !t.complete:
		parts = append(parts, "reading older…")
	}
	if !t.follow {
		parts = append(parts, "paused (G follows)")
	} else {
		parts = append(parts, "following")
	}
	return strings.Join(parts, " · ")
}
