package tui

import (
	"context"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"

	tea "charm.land/bubbletea/v2"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/demo"
	"github.com/sitrep-dev/sitrep/timeline"
)

func TestNoteIsStoredOnceAndShown(t *testing.T) {
	h := openIncident(t, 3, 100, 30)
	h.press("n", "rolled back to v412", "enter")

	var notes []timeline.Event
	for _, e := range h.events() {
		if e.Text == "rolled back to v412" {
			notes = append(notes, e)
		}
	}
	if len(notes) != 1 {
		t.Fatalf("stored %d times, want once", len(notes))
	}
	if notes[0].Source != timeline.SourceTUI || notes[0].Actor != "tess" || notes[0].Kind != timeline.KindNote {
		t.Errorf("stored %+v", notes[0])
	}
	h.poll() // the follower sees the same event again: it must not show twice
	if n := count(h.rows(), "rolled back to v412"); n != 1 {
		t.Errorf("shown %d times", n)
	}
	if !strings.Contains(h.view(), "rolled back to v412") || !strings.Contains(h.view(), "note saved") {
		t.Errorf("not on screen:\n%s", h.view())
	}
	if h.m.view.input.active() {
		t.Error("the input line is still open after Enter")
	}
}

func TestEscCancelsANote(t *testing.T) {
	h := openIncident(t, 1, 100, 30)
	before := len(h.events())
	h.press("n", "never mind", "esc")
	if len(h.events()) != before {
		t.Error("Esc stored the note")
	}
	if h.m.view.input.active() {
		t.Error("the input line is still open")
	}
	h.press("q")
	if !h.quit {
		t.Error("q did not quit once the input was closed")
	}
}

func TestStateKeysAppendChanges(t *testing.T) {
	h := openIncident(t, 1, 120, 30)
	h.press("v", "1", "enter")
	h.press("s", "ident", "enter")
	h.press("r", "comms Sam Whitfield", "enter")
	h.press("m", "mitigated 5m ago", "enter")
	h.press("a", "alert on pool waiters @luis", "enter")

	inc := h.incident()
	if inc.Severity != 1 {
		t.Errorf("severity %v", inc.Severity)
	}
	if inc.Status != timeline.StatusIdentified {
		t.Errorf("status %v", inc.Status)
	}
	if inc.Roles["comms"] != "Sam Whitfield" {
		t.Errorf("roles %v", inc.Roles)
	}
	if got, want := inc.Milestones[timeline.Mitigated], h.now.Add(-5*time.Minute); !got.Equal(want) {
		t.Errorf("mitigated at %v, want %v", got, want)
	}
	if len(inc.Actions) != 1 || inc.Actions[0].Owner != "luis" || inc.Actions[0].Text != "alert on pool waiters" {
		t.Errorf("actions %+v", inc.Actions)
	}
	v := h.view()
	for _, want := range []string{"SEV1", "identified", "Sam Whitfield", "alert on pool waiters", "time to mitigate"} {
		if !strings.Contains(v, want) {
			t.Errorf("%q not on screen:\n%s", want, v)
		}
	}

	h.press("a", "done 1", "enter")
	if open := h.incident().OpenActions(); len(open) != 0 {
		t.Errorf("open actions %+v after done 1", open)
	}
	h.press("v", "9", "enter")
	if h.incident().Severity != 1 || !strings.Contains(h.view(), "SEV1 (worst) to SEV5") {
		t.Errorf("a bad severity was not refused on the status line:\n%s", h.view())
	}
}

func TestFlagKeyAndHide(t *testing.T) {
	h := openIncident(t, 5, 100, 30)
	h.press("up") // note number 3
	target, _ := h.m.view.tl.selected()
	h.press("*")
	if !h.incident().IsKey(target.ID) {
		t.Fatal("* did not flag the event as key")
	}
	if !strings.Contains(h.view(), "★") {
		t.Error("no key mark on screen")
	}
	h.press("*")
	if h.incident().IsKey(target.ID) {
		t.Error("* again did not unflag it")
	}

	h.press("x")
	if !h.incident().IsHidden(target.ID) {
		t.Fatal("x did not hide the event")
	}
	if count(h.rows(), target.Text) != 0 {
		t.Error("a hidden event is still listed")
	}
	h.press("f", "hidden", "enter")
	if count(h.rows(), target.Text) != 1 {
		t.Error(`filter "hidden" does not show it`)
	}
}

func TestFollowsWritesFromOtherProcesses(t *testing.T) {
	h := openIncident(t, 50, 100, 20)
	ctx := context.Background()
	if _, err := h.store.Append(ctx, timeline.Event{Incident: h.id, At: h.now, Source: timeline.SourceCLI,
		Kind: timeline.KindNote, Actor: "bob", Text: "from another shell"}); err != nil {
		t.Fatal(err)
	}
	h.poll()
	if sel, _ := h.m.view.tl.selected(); sel.Text != "from another shell" {
		t.Errorf("following the tail, the selection is %q", sel.Text)
	}
	if !strings.Contains(h.view(), "from another shell") {
		t.Errorf("not on screen:\n%s", h.view())
	}

	h.press("pgup", "pgup")
	held, _ := h.m.view.tl.selected()
	if _, err := h.store.Append(ctx, timeline.Event{Incident: h.id, At: h.now.Add(time.Second), Source: timeline.SourceCLI,
		Kind: timeline.KindNote, Actor: "bob", Text: "while you read"}); err != nil {
		t.Fatal(err)
	}
	h.poll()
	if sel, _ := h.m.view.tl.selected(); sel.ID != held.ID {
		t.Errorf("scrolled away, the selection moved to %q", sel.Text)
	}
	if !strings.Contains(h.view(), "paused") {
		t.Error("the timeline does not say it stopped following")
	}
	h.press("end")
	if sel, _ := h.m.view.tl.selected(); sel.Text != "while you read" || !h.m.view.tl.follow {
		t.Errorf("G/end did not resume following: %q", sel.Text)
	}
}

func TestEditsReplaceAndBackfillsInsertInOrder(t *testing.T) {
	h := openIncident(t, 10, 100, 30)
	ctx := context.Background()
	first := h.events()[0]
	if _, err := h.store.UpdateEvent(ctx, first.ID, func(e *timeline.Event) { e.Text = "edited in chat" }); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.Append(ctx, timeline.Event{Incident: h.id, At: testStart.Add(90 * time.Second),
		Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: "carol", Text: "late backfill"}); err != nil {
		t.Fatal(err)
	}
	h.poll()
	rows := h.rows()
	if count(rows, "edited in chat") != 1 || count(rows, first.Text) != 0 {
		t.Errorf("edit not replaced in place: %q", rows)
	}
	tl := h.m.view.tl
	for i := 1; i < len(tl.index); i++ {
		if tl.index[i].Compare(tl.index[i-1]) <= 0 {
			t.Fatalf("rows out of order at %d: %v after %v", i, tl.index[i].At(), tl.index[i-1].At())
		}
	}
	if i := slices.Index(rows, "late backfill"); i < 1 || rows[i-1] != "note number 1" {
		t.Errorf("the backfill is not between the notes of 1 and 2 minutes: %q", rows)
	}
	if count(rows, "late backfill") != 1 {
		t.Errorf("backfill missing: %q", rows)
	}
}

func TestFilterAndSearch(t *testing.T) {
	h := openIncident(t, 20, 100, 30)
	ctx := context.Background()
	if _, err := h.store.Append(ctx,
		timeline.Event{Incident: h.id, At: testStart.Add(5*time.Minute + time.Second), Source: timeline.SourceSlack,
			Kind: timeline.KindMessage, Actor: "carol", Text: "pgbouncer POOL is saturated"},
		timeline.Event{Incident: h.id, At: testStart.Add(15*time.Minute + time.Second), Source: timeline.SourcePagerDuty,
			Kind: timeline.KindPage, Text: "[Triggered] pool waiters high"},
	); err != nil {
		t.Fatal(err)
	}
	h.poll()

	h.press("f", "slack", "enter")
	if rows := h.rows(); len(rows) != 1 || rows[0] != "pgbouncer POOL is saturated" {
		t.Errorf("filter slack shows %q", rows)
	}
	if !strings.Contains(h.view(), "filter: slack") {
		t.Error("the active filter is not shown")
	}
	h.press("f")
	if got := h.m.view.input.ti.Value(); got != "slack" {
		t.Errorf("the filter prompt starts from %q, want the filter in force", got)
	}
	h.press("esc", "esc") // close the prompt, then clear the filter
	if len(h.rows()) < 20 {
		t.Errorf("esc left %d rows", len(h.rows()))
	}
	h.press("f", "bogus", "enter")
	if !strings.Contains(h.view(), `"bogus" is not a source or kind`) || len(h.rows()) < 20 {
		t.Errorf("a bad filter was not explained, or changed the rows:\n%s", h.view())
	}

	h.press("/", "pool", "enter")
	tl := h.m.view.tl
	if len(tl.matches) != 2 {
		t.Errorf("%d matches, want 2 (case-insensitive)", len(tl.matches))
	}
	if sel, _ := tl.selected(); sel.Kind != timeline.KindPage {
		t.Errorf("search selected %q, want the newest match", sel.Text)
	}
	h.press("[")
	if sel, _ := tl.selected(); sel.Actor != "carol" {
		t.Errorf("[ selected %q, want the older match", sel.Text)
	}
	if !strings.Contains(h.raw(), "\x1b[7mPOOL") {
		t.Errorf("the match is not highlighted:\n%q", h.raw())
	}
	h.press("]")
	if sel, _ := tl.selected(); sel.Kind != timeline.KindPage {
		t.Errorf("] selected %q", sel.Text)
	}
	h.press("esc")
	if tl.query != "" {
		t.Error("esc did not clear the search")
	}
}

func TestUntrustedTextIsSanitised(t *testing.T) {
	h := openIncident(t, 1, 120, 30)
	ctx := context.Background()
	evil := "pwned\x1b]0;owned\x07 \x1b[2J\x1b[31mred\x9b1;1H\u202eevil"
	if _, err := h.store.Append(ctx,
		timeline.Event{Incident: h.id, At: h.now, Source: timeline.SourceSlack, Kind: timeline.KindMessage,
			Actor: "mallory\x1b]2;x\x07", Text: evil},
		timeline.Event{Incident: h.id, At: h.now, Source: timeline.SourceSlack, Kind: timeline.KindTitle,
			Text: "title", Attrs: map[string]string{timeline.AttrNew: "title \x1b]0;owned\x07\x1b[2J"}},
		timeline.Event{Incident: h.id, At: h.now, Source: timeline.SourceCLI, Kind: timeline.KindRole,
			Attrs: map[string]string{timeline.AttrRole: "comms\x1b[2J", timeline.AttrWho: "eve\x1b]0;owned\x07"}},
	); err != nil {
		t.Fatal(err)
	}
	h.poll()
	v := h.m.View()
	for _, bad := range []string{"\x1b]", "\x07", "[2J", "\x9b", "\u202e", "[31m"} {
		if strings.Contains(v.Content, bad) || strings.Contains(v.WindowTitle, bad) {
			t.Errorf("%q reached the screen", bad)
		}
	}
	if !strings.Contains(v.Content, "pwned") || !strings.Contains(ansi.Strip(v.Content), "mallory") {
		t.Errorf("the sanitised text is missing:\n%s", v.Content)
	}
}

func TestFitsTheTerminalAndResizes(t *testing.T) {
	h := openIncident(t, 200, 80, 24)
	for _, size := range [][2]int{{80, 24}, {200, 50}, {100, 30}, {80, 24}, {60, 15}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, full := range []bool{false, true} {
			if full != h.m.view.help.ShowAll {
				h.press("?")
			}
			lines := strings.Split(h.raw(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d (full help %v): %d lines", size[0], size[1], full, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d: line %d is %d wide: %q", size[0], size[1], i, w, ansi.Strip(l))
				}
			}
		}
	}
	if sel, _ := h.m.view.tl.selected(); sel.Text != "note number 199" {
		t.Errorf("after resizing, selection %q, want the newest", sel.Text)
	}
}

func TestDatesShowWhenTheDayChanges(t *testing.T) {
	h := openIncident(t, 180, 100, 200) // 22:00 to 00:59 UTC
	h.m.view.tl.loc = time.FixedZone("UTC+3", 3*3600)
	h.send(tea.WindowSizeMsg{Width: 100, Height: 200})
	v := h.view()
	if strings.Contains(v, "9 Mar") || !strings.Contains(v, "Tue 10 Mar 2026 (local)") || !strings.Contains(v, "01:00:00") {
		t.Errorf("local time (UTC+3, all on the 10th) not shown:\n%s", v)
	}
	h.press("t")
	v = h.view()
	if !strings.Contains(v, "Mon 9 Mar 2026 (UTC)") || !strings.Contains(v, "Tue 10 Mar 2026 (UTC)") || !strings.Contains(v, "22:00:00") {
		t.Errorf("no date lines around midnight UTC:\n%s", v)
	}
}

func TestHealthOfLinkedIntegrations(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	inc, err := s.Create(ctx, incident.NewIncident{Title: "api down", Actor: "a", At: testStart,
		Links: map[string]string{"pagerduty": "P1", "slack": "C1"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		source string
		at     time.Time
		err    error
	}{
		{"pagerduty", testStart.Add(3*time.Hour - 12*time.Second), nil},
		{"slack", testStart, nil},
		{"slack", testStart.Add(time.Hour), errors.New("ratelimited \x1b[2J")},
	} {
		if err := s.RecordSync(ctx, inc.ID, r.source, r.at, r.err); err != nil {
			t.Fatal(err)
		}
	}
	h := start(t, s, inc.ID, 120, 30)
	v := h.view()
	for _, want := range []string{"✓ pagerduty synced 12s ago", "✗ slack: ratelimited"} {
		if !strings.Contains(v, want) {
			t.Errorf("%q not in the header:\n%s", want, v)
		}
	}

	plain := openIncident(t, 1, 120, 30)
	if strings.Contains(plain.view(), "synced") {
		t.Error("health shown for an incident with no links")
	}
}

func TestElapsedClockTicks(t *testing.T) {
	h := openIncident(t, 1, 100, 30)
	if !strings.Contains(h.view(), "⏱ 3:00:00") {
		t.Fatalf("clock:\n%s", h.view())
	}
	h.now = h.now.Add(61 * time.Second)
	for _, msg := range h.pending {
		if _, ok := msg.(clockMsg); ok {
			h.send(msg)
			break
		}
	}
	if !strings.Contains(h.view(), "⏱ 3:01:01") {
		t.Errorf("the clock did not tick:\n%s", h.view())
	}
}

// TestBusyStoreSpoolsTheNote holds the store's lock as another process
// would: the note still reaches disk (the spool), and the status line says so.
func TestBusyStoreSpoolsTheNote(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	inc, err := s.Create(ctx, incident.NewIncident{Title: "t", Actor: "a", At: testStart})
	if err != nil {
		t.Fatal(err)
	}
	busy := incident.New(s.Path(), incident.Options{LockTimeout: 50 * time.Millisecond})
	h := start(t, busy, inc.ID, 100, 30)

	f, err := os.OpenFile(s.Path()+".lock", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	h.press("n", "written while busy", "enter")
	if !strings.Contains(h.view(), "spool") {
		t.Errorf("the status line does not mention the spool:\n%s", h.view())
	}
	if n, _ := s.Spooled(); n != 1 {
		t.Errorf("%d spooled events, want 1", n)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	h.press("v", "1", "enter") // the next write moves the spool in
	h.poll()
	if n := count(h.rows(), "written while busy"); n != 1 {
		t.Errorf("shown %d times once stored", n)
	}
}

// TestLoadsTailFirstThenTheRest opens an incident larger than the first
// frame's tail and one scan chunk: the first frame has the tail; then
// every row's key is held once, in order, with events only near the
// screen, and g reaches the oldest.
func TestLoadsTailFirstThenTheRest(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	inc, err := s.Create(ctx, incident.NewIncident{Title: "big", Actor: "a", At: testStart})
	if err != nil {
		t.Fatal(err)
	}
	n := 8192 + tailSize + 1500
	if _, err := s.Append(ctx, demo.Bulk(inc.ID, testStart, n)...); err != nil {
		t.Fatal(err)
	}
	h := start(t, s, inc.ID, 100, 30)
	tl := h.m.view.tl
	if !tl.complete {
		t.Fatal("the scan did not complete")
	}
	all := h.events()
	var want []timeline.Event
	for _, e := range all {
		if e.Kind != timeline.KindFlag {
			want = append(want, e)
		}
	}
	if len(tl.index) != len(want) {
		t.Fatalf("holds %d rows, want %d", len(tl.index), len(want))
	}
	for i := 1; i < len(tl.index); i++ {
		if tl.index[i].Compare(tl.index[i-1]) <= 0 {
			t.Fatalf("rows out of order at %d", i)
		}
	}
	if len(tl.cache) > 20*h.m.view.tl.height {
		t.Errorf("%d events held for a %d-row screen", len(tl.cache), tl.height)
	}
	if sel, _ := tl.selected(); sel.ID != want[len(want)-1].ID {
		t.Error("the selection left the newest event while the rest loaded")
	}
	h.press("g")
	if sel, ok := tl.selected(); !ok || sel.ID != want[0].ID {
		t.Errorf("g selected %q, want the oldest event %q", sel.Text, want[0].Text)
	}
	if !strings.Contains(h.view(), want[0].At.Format("15:04:05")) {
		t.Errorf("the oldest event is not on screen:\n%s", h.view())
	}
}

// TestQuickFlagPressesToggle presses * twice before either write has run
// (the screen still shows the event unflagged for both): the second is
// decided from the stored state, so the pair flags and unflags.
func TestQuickFlagPressesToggle(t *testing.T) {
	h := openIncident(t, 3, 100, 30)
	target, _ := h.m.view.tl.selected()
	star := tea.KeyPressMsg{Code: '*', Text: "*"}
	_, first := h.m.Update(star)
	_, second := h.m.Update(star)
	msgs := make(chan tea.Msg, 2)
	for _, c := range []tea.Cmd{first, second} {
		go func() { msgs <- c() }()
	}
	for range 2 {
		msg := <-msgs
		h.run(func() tea.Msg { return msg })
	}
	if h.incident().IsKey(target.ID) {
		t.Error("* * left the event flagged as key")
	}
	var flags []string
	for _, e := range h.events() {
		if e.Kind == timeline.KindFlag {
			flags = append(flags, e.Attr(timeline.AttrFlag))
		}
	}
	if len(flags) != 2 || flags[0] == flags[1] {
		t.Errorf("flag events %q, want one key and one unkey", flags)
	}
}

func TestKKeyMovesUp(t *testing.T) {
	h := openIncident(t, 5, 100, 30)
	h.press("k", "k")
	if sel, _ := h.m.view.tl.selected(); sel.Text != "note number 2" {
		t.Errorf("k k selected %q, want note number 2", sel.Text)
	}
	h.press("j")
	if sel, _ := h.m.view.tl.selected(); sel.Text != "note number 3" {
		t.Errorf("j selected %q", sel.Text)
	}
	for _, e := range h.events() {
		if e.Kind == timeline.KindFlag {
			t.Fatalf("moving wrote a flag event: %+v", e)
		}
	}
}

// TestHelpBarKeepsHelpAndQuit: however narrow the terminal, the bar ends
// with ? help and q quit, and esc says what it does where it was opened.
func TestHelpBarKeepsHelpAndQuit(t *testing.T) {
	h := openIncident(t, 5, 80, 24)
	for _, w := range []int{120, 80, 50, 30} {
		h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		lines := strings.Split(h.view(), "\n")
		bar := lines[len(lines)-1]
		if !strings.Contains(bar, "? help") || !strings.Contains(bar, "q quit") {
			t.Errorf("at %d wide the help bar is %q", w, bar)
		}
		if strings.Contains(bar, "…") {
			t.Errorf("at %d wide the help bar is cut: %q", w, bar)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.press("?")
	if v := h.view(); !strings.Contains(v, "esc clear search/filter") || strings.Contains(v, "incidents") {
		t.Errorf("opened directly, esc's help should not promise the list:\n%s", v)
	}
}

func TestDoneNamesTheAction(t *testing.T) {
	h := openIncident(t, 1, 120, 30)
	h.press("a", "alert on pool waiters @luis", "enter")
	h.press("a", "done 1", "enter")
	v := h.view()
	if !strings.Contains(v, "action #1 done: alert on pool waiters") {
		t.Errorf("the status line does not name the action:\n%s", v)
	}
	if !strings.Contains(v, "#1 alert on pool waiters [done]") {
		t.Errorf("the done row does not name the action:\n%s", v)
	}
}

// TestOneEventCount: the timeline's title gives the store's count, flag
// events included, as `sitrep show` does; a filter gives "N of M".
func TestOneEventCount(t *testing.T) {
	h := openIncident(t, 5, 120, 30)
	h.press("*", "up", "*")
	want := h.incident().EventCount
	if !strings.Contains(h.view(), strconv.Itoa(want)+" events") {
		t.Errorf("the store counts %d events; the screen says:\n%s", want, h.view())
	}
	h.press("f", "note", "enter")
	if !strings.Contains(h.view(), "5 of "+strconv.Itoa(want)+" events") {
		t.Errorf("filtered count:\n%s", h.view())
	}
}

// TestEnterOpensTheEventInFull: a recorded command whose text is longer
// than a row shows whole, with its attributes, output tail and link; esc
// closes it.
func TestEnterOpensTheEventInFull(t *testing.T) {
	h := openIncident(t, 3, 80, 24)
	long := "kubectl -n checkout rollout undo deployment/api-gateway --to-revision=41 && kubectl -n checkout rollout status deployment/api-gateway --timeout=120s --watch=true # ENDOFTEXT"
	if _, err := h.store.Append(context.Background(), timeline.Event{Incident: h.id, At: h.now, Source: timeline.SourceShell,
		Kind: timeline.KindCommand, Actor: "luis", Text: long, Attrs: map[string]string{
			timeline.AttrExitCode: "1", timeline.AttrDuration: "2300", timeline.AttrCwd: "/srv",
			timeline.AttrOutput:    "waiting for rollout\nerror: \x1b[31mtimed out\x1b]0;owned\x07 waiting",
			timeline.AttrPermalink: "https://example.slack.com/archives/C1/p1"}}); err != nil {
		t.Fatal(err)
	}
	h.poll()
	if strings.Contains(h.view(), "ENDOFTEXT") {
		t.Fatal("the row was not cut; the test needs a longer text")
	}
	h.press("enter")
	v := h.view()
	joined := strings.Join(strings.Fields(v), " ")
	for _, want := range []string{"event in full", "ENDOFTEXT", "exit_code 1", "cwd /srv",
		"https://example.slack.com/archives/C1/p1", "esc close", "q quit"} {
		if !strings.Contains(joined, want) {
			t.Errorf("%q not in the detail:\n%s", want, v)
		}
	}
	if raw := h.raw(); strings.Contains(raw, "\x1b]0;owned") || strings.Contains(raw, "[31m") {
		t.Error("the output's escape sequences reached the screen")
	}
	if n := len(strings.Split(h.raw(), "\n")); n != 24 {
		t.Errorf("the detail drew %d lines at 80x24", n)
	}
	h.press("end")
	if v := h.view(); !strings.Contains(v, "error: timed out waiting") {
		t.Errorf("the output's tail is not at the end of the detail:\n%s", v)
	}
	h.press("esc")
	if h.m.view.detail != nil || !strings.Contains(h.view(), "note number 2") {
		t.Errorf("esc did not close the detail:\n%s", h.view())
	}
}

// TestFloodKeepsTheCacheSmall: a poll that brings thousands of events
// (an import while the TUI is open) adds their rows but holds only the
// events near the screen.
func TestFloodKeepsTheCacheSmall(t *testing.T) {
	h := openIncident(t, 5, 100, 30)
	if _, err := h.store.Append(context.Background(), demo.Bulk(h.id, testStart.Add(time.Hour), 6000)...); err != nil {
		t.Fatal(err)
	}
	h.poll()
	h.poll()
	tl := h.m.view.tl
	if len(tl.index) < 6000 {
		t.Fatalf("%d rows after the flood", len(tl.index))
	}
	if len(tl.cache) > 4*5*tl.height+tailSize {
		t.Errorf("%d events held for a %d-row screen", len(tl.cache), tl.height)
	}
	if sel, ok := tl.selected(); !ok || !tl.follow || sel.At.Before(testStart.Add(time.Hour+5999*2*time.Second)) {
		t.Errorf("the selection is not the newest event: %+v", sel)
	}
}

// TestOldestBeforeTheScanEnds: g pressed while only the tail's rows are
// known selects the oldest row once the scan has read them all.
func TestOldestBeforeTheScanEnds(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	inc, err := s.Create(ctx, incident.NewIncident{Title: "big", Actor: "a", At: testStart})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, demo.Bulk(inc.ID, testStart.Add(-time.Hour), 3*tailSize)...); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: s, Incident: inc.ID, Author: "tess", Location: time.UTC, NoColor: true})
	m.cfg.after = func(time.Duration, tea.Msg) tea.Cmd { return nil }
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	_, rest := m.Update(loadIncident(s, m.gen, inc.ID)())
	tl := m.view.tl
	if tl.complete || len(tl.index) != tailSize {
		t.Fatalf("the first frame holds %d rows (complete %v), want the %d of the tail", len(tl.index), tl.complete, tailSize)
	}
	m.Update(tea.KeyPressMsg{Code: 'g', Text: "g"})
	drive(m, rest) // the scan ends
	oldest := oldestEvent(t, s, inc.ID)
	if sel, ok := tl.selected(); !ok || sel.ID != oldest.ID {
		t.Errorf("selected %q, want the oldest event %q", sel.Text, oldest.Text)
	}
}

// oldestEvent is the oldest event of the incident.
func oldestEvent(t *testing.T, s *incident.Store, id string) timeline.Event {
	t.Helper()
	first, err := s.Window(context.Background(), id, incident.EventKey{}, 0, 1)
	if err != nil || len(first) != 1 {
		t.Fatalf("oldest: %v %v", first, err)
	}
	return first[0].Event
}

// TestSearchAndFilterReadTheStore: in an incident far larger than what is
// held, a search finds the oldest event and a filter counts every match,
// though neither was ever on screen.
func TestSearchAndFilterReadTheStore(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	inc, err := s.Create(ctx, incident.NewIncident{Title: "big", Actor: "a", At: testStart})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.AddBulk(ctx, s, inc, 9000, demo.BulkOptions{Batch: 9000, Oldest: demo.OldestText}); err != nil {
		t.Fatal(err)
	}
	h := start(t, s, inc.ID, 100, 30)
	tl := h.m.view.tl
	h.press("/", "OLDEST-needle", "enter")
	if sel, ok := tl.selected(); !ok || sel.Text != demo.OldestText || len(tl.matches) != 1 {
		t.Errorf("search selected %q with %d matches, want the oldest event, once", sel.Text, len(tl.matches))
	}
	if !strings.Contains(h.view(), "oldest-needle") {
		t.Errorf("the match is not on screen:\n%s", h.view())
	}
	h.press("esc", "f", "pd", "enter")
	pager := 0
	for _, e := range h.events() {
		if e.Source == timeline.SourcePagerDuty {
			pager++
		}
	}
	if len(tl.index) != pager || !strings.Contains(h.view(), strconv.Itoa(pager)+" of ") {
		t.Errorf("filter pd: %d rows, the store has %d pager events:\n%s", len(tl.index), pager, h.view())
	}
}

// TestScanRetriesWhenTheStoreIsBusy: a filter asked for while another
// process holds the store fails, says so, and is scanned again once the
// store is free.
func TestScanRetriesWhenTheStoreIsBusy(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	inc, err := s.Create(ctx, incident.NewIncident{Title: "t", Actor: "a", At: testStart,
		Events: []timeline.Event{{At: testStart, Source: timeline.SourcePagerDuty, Kind: timeline.KindPage, Text: "paged"}}})
	if err != nil {
		t.Fatal(err)
	}
	busy := incident.New(s.Path(), incident.Options{LockTimeout: 50 * time.Millisecond})
	h := start(t, busy, inc.ID, 100, 30)
	f, err := os.OpenFile(s.Path()+".lock", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	h.press("f", "pd", "enter")
	if !strings.Contains(h.view(), "busy") {
		t.Errorf("the failed scan is not reported:\n%s", h.view())
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	due := h.pending
	h.pending = nil
	for _, msg := range due {
		if _, ok := msg.(rescanDueMsg); ok {
			h.send(msg)
		}
	}
	if rows := h.rows(); len(rows) != 1 || rows[0] != "paged" {
		t.Errorf("after the retry, rows %q", rows)
	}
}
