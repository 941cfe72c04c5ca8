package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/fixture"
	"github.com/sitrep-dev/sitrep/timeline"
)

// terminal is a tmux session on a private server: a real terminal the
// TUI draws in, and that the test reads back.
type terminal struct {
	t    testing.TB
	sock string
}

func newTerminal(t testing.TB, env []string, w, h int, args ...string) *terminal {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		fixture.Missing(t, "tmux is not installed (.ci/run installs it); the real-terminal test needs it")
	}
	term := &terminal{t: t, sock: filepath.Join(t.TempDir(), "tmux.sock")}
	// The shell line reports the exit status and keeps the pane open, so
	// the test can see how the TUI ended.
	var line strings.Builder
	line.WriteString("env")
	for _, kv := range env {
		line.WriteString(" " + shellQuote(kv))
	}
	line.WriteString(" " + shellQuote(sitrepBin))
	for _, a := range args {
		line.WriteString(" " + shellQuote(a))
	}
	line.WriteString(`; echo "sitrep exited $?"; sleep 600`)
	term.tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), line.String())
	t.Cleanup(func() { exec.Command("tmux", "-S", term.sock, "kill-server").Run() })
	return term
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", term.sock}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (term *terminal) screen() string { return term.tmux("capture-pane", "-p", "-t", "e2e") }
func (term *terminal) title() string {
	return strings.TrimSpace(term.tmux("display-message", "-p", "-t", "e2e", "#{pane_title}"))
}

func (term *terminal) keys(keys ...string) {
	term.tmux(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}
func (term *terminal) typeText(s string) { term.tmux("send-keys", "-t", "e2e", "-l", s) }

func (term *terminal) waitFor(within time.Duration, text string) string {
	term.t.Helper()
	deadline := time.Now().Add(within)
	for {
		s := term.screen()
		if strings.Contains(s, text) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("%q not on screen after %v; screen:\n%s", text, within, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTUIInRealTerminal drives `sitrep` in tmux: a note typed in the TUI
// is stored once; a note from another process shows within a second; a
// chat message carrying escape sequences changes neither the terminal's
// title nor its screen; q quits cleanly.
func TestTUIInRealTerminal(t *testing.T) {
	p := newProc(t)
	p.must("open", "checkout 502s", "--sev", "2")
	env := []string{"SITREP_DB=" + p.db, "SITREP_AUTHOR=tess", "TERM=xterm-256color", "HOME=" + t.TempDir()}
	term := newTerminal(t, env, 100, 30)
	term.waitFor(10*time.Second, "checkout 502s")
	term.waitFor(5*time.Second, "n note")

	term.keys("n")
	term.waitFor(2*time.Second, "note:")
	term.typeText("typed into the TUI")
	term.keys("Enter")
	term.waitFor(3*time.Second, "note saved")
	if n := countStored(t, p, "typed into the TUI"); n != 1 {
		t.Errorf("the note was stored %d times, want once", n)
	}

	p.must("note", "written from another shell")
	written := time.Now()
	term.waitFor(time.Second, "written from another shell")
	t.Logf("another process's note on screen %v after it was stored", time.Since(written).Round(time.Millisecond))

	hostile := timeline.Event{Incident: "INC-1", At: time.Now().UTC(), Source: timeline.SourceSlack, Kind: timeline.KindMessage,
		Actor: "mallory", Text: "look here\x1b]0;owned\x07\x1b[2J\x1b[Hcleared", Ref: "slack/C1/1.000001"}
	line, err := json.Marshal(hostile)
	if err != nil {
		t.Fatal(err)
	}
	if _, errs, code := p.run(string(line)+"\n", "import", "jsonl", "-", "--incident", "INC-1"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	term.waitFor(2*time.Second, "look herecleared")
	screen := term.screen()
	for _, want := range []string{"INC-1", "checkout 502s", "typed into the TUI", "written from another shell", "n note"} {
		if !strings.Contains(screen, want) {
			t.Errorf("%q gone from the screen after the hostile message:\n%s", want, screen)
		}
	}
	if title := term.title(); strings.Contains(title, "owned") || !strings.Contains(title, "sitrep") {
		t.Errorf("terminal title %q", title)
	}

	term.keys("q")
	term.waitFor(3*time.Second, "sitrep exited 0")
}

func countStored(t *testing.T, p *proc, text string) int {
	t.Helper()
	events, err := p.store().Events(context.Background(), "INC-1", incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Text == text {
			n++
		}
	}
	return n
}

// TestDemoInRealTerminal runs `sitrep demo --keep`: the sample incident is
// on screen, and on exit the kept store's path is printed and holds it.
func TestDemoInRealTerminal(t *testing.T) {
	tmp := t.TempDir()
	env := []string{"TMPDIR=" + tmp, "SITREP_AUTHOR=tess", "TERM=xterm-256color", "HOME=" + tmp}
	term := newTerminal(t, env, 80, 24, "demo", "--keep")
	term.waitFor(10*time.Second, "Checkout returning 502s")
	term.keys("q")
	term.waitFor(3*time.Second, "sitrep exited 0")
	screen := term.screen()
	var path string
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasSuffix(strings.TrimSpace(l), "sitrep.db") && strings.HasPrefix(strings.TrimSpace(l), tmp) {
			path = strings.TrimSpace(l)
		}
	}
	if path == "" {
		t.Fatalf("no store path printed:\n%s", screen)
	}
	events, err := incident.New(path, incident.Options{}).Events(context.Background(), "INC-1", incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) < 300 {
		t.Errorf("the demo store holds %d events", len(events))
	}
}

func TestTUINeedsATerminal(t *testing.T) {
	p := newProc(t)
	for _, args := range [][]string{{}, {"tui"}, {"demo"}} {
		out, errs, code := p.run("", args...)
		if code != 1 || out != "" {
			t.Errorf("sitrep %v: exit %d, stdout %q", args, code, out)
		}
		if !strings.HasPrefix(errs, "sitrep: ") || !strings.Contains(errs, "needs a terminal") ||
			!strings.Contains(errs, "sitrep list") || bytes.Count([]byte(errs), []byte("\n")) != 1 {
			t.Errorf("sitrep %v: stderr %q", args, errs)
		}
	}
}

// eventRows counts the timeline rows on a screen: lines that start with
// the gutter and a time.
func eventRows(screen string) int {
	return len(eventRow.FindAllString(screen, -1))
}

var eventRow = regexp.MustCompile(`(?m)^[▌ ]\d\d:\d\d:\d\d `)

// waitForRows waits until the screen shows n timeline rows and text.
func (term *terminal) waitForRows(within time.Duration, n int, text string) string {
	term.t.Helper()
	deadline := time.Now().Add(within)
	for {
		s := term.screen()
		if eventRows(s) == n && strings.Contains(s, text) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("want %d rows and %q after %v; %d rows on screen:\n%s", n, text, within, eventRows(s), s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// viewportIncident stores an incident of 300 notes, one a minute, with a
// page from PagerDuty every 30 minutes, and returns the TUI's environment.
func viewportIncident(t *testing.T) (*proc, []string) {
	p := newProc(t)
	ctx := context.Background()
	s := p.store()
	start := time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC)
	if _, err := s.Create(ctx, incident.NewIncident{Title: "viewport", Actor: "tess", At: start}); err != nil {
		t.Fatal(err)
	}
	var events []timeline.Event
	for i := range 300 {
		e := timeline.Event{Incident: "INC-1", At: start.Add(time.Duration(i) * time.Minute), Source: timeline.SourceCLI,
			Kind: timeline.KindNote, Actor: "tess", Text: fmt.Sprintf("note %03d", i)}
		if i%30 == 0 {
			e.Source, e.Kind, e.Text = timeline.SourcePagerDuty, timeline.KindPage, fmt.Sprintf("page %03d", i)
		}
		events = append(events, e)
	}
	if _, err := s.Append(ctx, events...); err != nil {
		t.Fatal(err)
	}
	return p, []string{"SITREP_DB=" + p.db, "SITREP_AUTHOR=tess", "TERM=xterm-256color", "HOME=" + t.TempDir(), "TZ=UTC"}
}

// TestTUIViewportStaysFilled: after a filter, a search and a resize, the
// timeline fills the rows it has, in a real terminal.
func TestTUIViewportStaysFilled(t *testing.T) {
	_, env := viewportIncident(t)
	term := newTerminal(t, env, 120, 40, "tui", "1")
	term.waitFor(10*time.Second, "note 299")
	rows := eventRows(term.screen())
	if rows < 25 {
		t.Fatalf("only %d rows at 120x40:\n%s", rows, term.screen())
	}

	term.keys("f")
	term.typeText("pd")
	term.keys("Enter")
	term.waitForRows(3*time.Second, 10, "page 000") // all ten pages, the oldest included

	term.keys("Escape")
	term.waitForRows(3*time.Second, rows, "note 299")

	term.keys("/")
	term.typeText("note 01")
	term.keys("Enter")
	s := term.waitFor(3*time.Second, "10 matches")
	if n := eventRows(s); n != rows {
		t.Errorf("after a search, %d rows, want %d:\n%s", n, rows, s)
	}
	term.keys("Escape")

	term.tmux("resize-window", "-t", "e2e", "-x", "40", "-y", "10")
	term.waitFor(3*time.Second, "? help")
	term.tmux("resize-window", "-t", "e2e", "-x", "120", "-y", "40")
	term.waitForRows(3*time.Second, rows, "▌20:19:00") // the search's match stays selected
}

// TestTUIHelpBarAt80x24: the help bar keeps ? help and q quit, whole.
func TestTUIHelpBarAt80x24(t *testing.T) {
	_, env := viewportIncident(t)
	term := newTerminal(t, env, 80, 24, "tui", "1")
	term.waitFor(10*time.Second, "note 299")
	lines := strings.Split(strings.TrimRight(term.screen(), "\n"), "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines drawn on a 24-line terminal", len(lines))
	}
	bar := lines[23]
	if !strings.HasSuffix(strings.TrimSpace(bar), "? help • q quit") {
		t.Errorf("help bar at 80x24: %q", bar)
	}
}

// TestTUIFlagToggles presses * twice at once in a real terminal: the
// event ends unflagged, with one key and one unkey event stored.
func TestTUIFlagToggles(t *testing.T) {
	p, env := viewportIncident(t)
	term := newTerminal(t, env, 100, 30, "tui", "1")
	term.waitFor(10*time.Second, "note 299")
	term.keys("*", "*")
	deadline := time.Now().Add(3 * time.Second)
	for {
		var flags []string
		events, err := p.store().Events(context.Background(), "INC-1", incident.Query{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Kind == timeline.KindFlag {
				flags = append(flags, e.Attr(timeline.AttrFlag))
			}
		}
		if len(flags) == 2 {
			if flags[0] != timeline.FlagKey || flags[1] != timeline.FlagUnkey {
				t.Errorf("flag events %q, want key then unkey", flags)
			}
			break
		}
		if len(flags) > 2 || time.Now().After(deadline) {
			t.Fatalf("flag events %q after * *", flags)
		}
		time.Sleep(10 * time.Millisecond)
	}
	inc, err := p.store().Get(context.Background(), "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Key) != 0 {
		t.Errorf("key events %v after * *", inc.Key)
	}
}

// TestDemoRemovesItsStoreOnHangup closes the terminal under `sitrep demo`
// (tmux kills the pane: SIGHUP): the temporary store goes with it.
func TestDemoRemovesItsStoreOnHangup(t *testing.T) {
	tmp := t.TempDir()
	env := []string{"TMPDIR=" + tmp, "SITREP_AUTHOR=tess", "TERM=xterm-256color", "HOME=" + tmp}
	term := newTerminal(t, env, 80, 24, "demo")
	term.waitFor(10*time.Second, "Checkout returning 502s")
	dirs, _ := filepath.Glob(filepath.Join(tmp, "sitrep-demo-*"))
	if len(dirs) != 1 {
		t.Fatalf("demo stores in TMPDIR: %v", dirs)
	}
	term.tmux("kill-session", "-t", "e2e")
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := os.Stat(dirs[0]); os.IsNotExist(err) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is still there after the terminal closed", dirs[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTUIEnterShowsTheEventInFull: a recorded command longer than its row
// opens whole with enter, its output tail below; esc goes back.
func TestTUIEnterShowsTheEventInFull(t *testing.T) {
	p, env := viewportIncident(t)
	long := "kubectl -n checkout rollout undo deployment/api-gateway --to-revision=41 && kubectl rollout status deployment/api-gateway # END-OF-TEXT"
	if _, err := p.store().Append(context.Background(), timeline.Event{Incident: "INC-1", At: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC),
		Source: timeline.SourceShell, Kind: timeline.KindCommand, Actor: "luis", Text: long,
		Attrs: map[string]string{timeline.AttrExitCode: "1", timeline.AttrOutput: "error: timed out waiting for the condition"}}); err != nil {
		t.Fatal(err)
	}
	term := newTerminal(t, env, 80, 24, "tui", "1")
	term.waitFor(10*time.Second, "kubectl")
	if strings.Contains(term.screen(), "END-OF-TEXT") {
		t.Fatal("the row is not cut; make the text longer")
	}
	term.keys("Enter")
	s := term.waitFor(3*time.Second, "END-OF-TEXT")
	for _, want := range []string{"event in full", "exit_code", "timed out waiting", "esc close"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q not in the detail:\n%s", want, s)
		}
	}
	term.keys("Escape")
	term.waitFor(3*time.Second, "note 299")
}
