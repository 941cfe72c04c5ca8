package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
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
		t.Skip("tmux is not installed (.ci/run installs it); skipping the real-terminal test")
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

func (term *terminal) waitFor(within time.Duration, text string) {
	term.t.Helper()
	deadline := time.Now().Add(within)
	for {
		s := term.screen()
		if strings.Contains(s, text) {
			return
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
