package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/demo"
)

// The TUI's budgets (DESIGN §8) measured on the real binary in tmux, on a
// store holding the demo incident with bulk events before it:
//
//	go test -run '^$' -bench TUIMemory -benchtime 1x ./cmd/sitrep-full    (100,000 events)
//	go test -run '^$' -bench TUIMillion -benchtime 3x ./cmd/sitrep-full   (1,000,000 events)
//
// Writing the million-event store takes a while; SITREP_BENCH_STORE=PATH
// keeps it at PATH and reuses it on the next run.

// benchStore returns a store whose INC-1 has n events: the one at
// SITREP_BENCH_STORE if it has as many, else a new one (written there when
// that is set).
func benchStore(b *testing.B, n int) string {
	ctx := context.Background()
	path := os.Getenv("SITREP_BENCH_STORE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "sitrep.db")
	}
	s := incident.New(path, incident.Options{})
	if inc, err := s.Get(ctx, "INC-1"); err == nil && inc.EventCount == n {
		return path
	}
	os.Remove(path)
	inc, err := s.Create(ctx, demo.Incident(time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC)))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := demo.AddBulk(ctx, s, inc, n-inc.EventCount, demo.BulkOptions{Batch: 20000, Oldest: demo.OldestText}); err != nil {
		b.Fatal(err)
	}
	b.Logf("wrote %d events in %v", n, time.Since(start).Round(time.Millisecond))
	return path
}

// tuiRun is one run of `sitrep tui INC-1` in tmux, timed from just before
// tmux starts it.
type tuiRun struct {
	term  *terminal
	start time.Time
}

func startTUI(b *testing.B, db string) *tuiRun { return startProgramIn(b, db, "tui", "INC-1") }

// startProgramIn starts sitrep with args in tmux; with --help, it times
// the harness's floor: tmux, a shell and a process that prints and exits.
func startProgramIn(b *testing.B, db string, args ...string) *tuiRun {
	env := []string{"SITREP_DB=" + db, "SITREP_AUTHOR=bench", "TERM=xterm-256color", "HOME=" + b.TempDir()}
	start := time.Now()
	return &tuiRun{term: newTerminal(b, env, 160, 48, args...), start: start}
}

// until waits for the screen to satisfy cond and returns the time since
// the start.
func (r *tuiRun) until(within time.Duration, what string, cond func(screen string) bool) time.Duration {
	deadline := time.Now().Add(within)
	for {
		s := r.term.screen()
		if cond(s) {
			return time.Since(r.start)
		}
		if time.Now().After(deadline) {
			r.term.t.Fatalf("%s: not on screen after %v:\n%s", what, within, s)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (r *tuiRun) untilText(within time.Duration, text string) time.Duration {
	return r.until(within, text, func(s string) bool { return strings.Contains(s, text) })
}

// status reads the TUI process's /proc status.
func (r *tuiRun) status() []byte {
	b := r.term.t
	// The pane runs a shell; sitrep is its child (env execs it).
	shell := strings.TrimSpace(r.term.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}"))
	children, err := os.ReadFile("/proc/" + shell + "/task/" + shell + "/children")
	if err != nil || len(strings.Fields(string(children))) != 1 {
		b.Fatalf("finding sitrep's pid: %v %q", err, children)
	}
	status, err := os.ReadFile("/proc/" + strings.Fields(string(children))[0] + "/status")
	if err != nil {
		b.Fatal(err)
	}
	return status
}

func (r *tuiRun) quit() {
	r.term.keys("q")
	r.term.waitFor(5*time.Second, "sitrep exited 0")
}

// BenchmarkTUIMemory measures the real binary's memory with a
// 100,000-event incident once every row is reachable (the scan of the
// timeline's keys is done). Budget: well under 150 MB.
func BenchmarkTUIMemory(b *testing.B) {
	db := benchStore(b, 100_000)
	for b.Loop() {
		r := startTUI(b, db)
		r.untilText(10*time.Second, "events ·")
		scanned := r.until(30*time.Second, "the whole timeline", func(s string) bool {
			return strings.Contains(s, "events ·") && !strings.Contains(s, "reading older")
		})
		status := r.status()
		b.ReportMetric(float64(scanned.Milliseconds()), "ms-all-reachable")
		b.ReportMetric(kB(status, "VmRSS")/1024, "MB-RSS")
		b.ReportMetric(kB(status, "VmHWM")/1024, "MB-peak-RSS")
		r.quit()
	}
}

// BenchmarkTUIMillion measures the budgets at 1,000,000 events, each from
// the moment tmux starts the binary: the harness's floor (tmux, a shell,
// `sitrep --help`); the first frame; `g` pressed at once
// reaching the oldest event; in a second run, a search typed at once
// finding the oldest event; the peak memory of both; and keypress →
// frame as tmux sees it (sending a key and reading the screen back until
// the selection moved, so it includes tmux's round trips).
func BenchmarkTUIMillion(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_EVENTS")); err == nil && v > 1000 {
		n = v
	}
	db := benchStore(b, n)
	oldest := demo.OldestText
	for b.Loop() {
		floor := startProgramIn(b, db, "--help").untilText(10*time.Second, "sitrep exited 0")
		r := startTUI(b, db)
		first := r.untilText(10*time.Second, "events ·")
		r.term.keys("g")
		reached := r.untilText(10*time.Second, oldest)
		moves := keyToFrame(r)
		peakG := kB(r.status(), "VmHWM") / 1024
		r.quit()

		r = startTUI(b, db)
		r.untilText(10*time.Second, "events ·")
		r.term.keys("/")
		r.term.typeText(oldest[:13])
		r.term.keys("Enter")
		found := r.until(10*time.Second, "the search hit", func(s string) bool {
			return strings.Contains(s, "1 matches") && strings.Contains(s, oldest)
		})
		status := r.status()
		r.quit()

		b.ReportMetric(float64(floor.Microseconds())/1000, "ms-floor-help")
		b.ReportMetric(float64(first.Microseconds())/1000, "ms-first-frame")
		b.ReportMetric(float64(reached.Microseconds())/1000, "ms-oldest-by-g")
		b.ReportMetric(float64(found.Microseconds())/1000, "ms-search-hit-oldest")
		b.ReportMetric(max(peakG, kB(status, "VmHWM")/1024), "MB-peak-RSS")
		b.ReportMetric(kB(status, "VmRSS")/1024, "MB-RSS")
		b.ReportMetric(float64(moves.Microseconds())/1000, "ms-key-to-frame-p50")
	}
}

// keyToFrame moves the selection down 20 times, one key at a time, and
// returns the median time from tmux writing the key to the terminal to
// the screen showing the move, read back with capture-pane (so it is
// counted in steps of one capture-pane run).
func keyToFrame(r *tuiRun) time.Duration {
	selected := regexp.MustCompile(`(?m)^▌(\d\d:\d\d:\d\d)`)
	var times []time.Duration
	for range 20 {
		before := selected.FindString(r.term.screen())
		r.term.keys("j") // returns once tmux has written the key to the terminal
		start := time.Now()
		for {
			s := r.term.screen()
			if now := selected.FindString(s); now != "" && now != before {
				break
			}
			if time.Since(start) > 5*time.Second {
				r.term.t.Fatalf("the selection did not move:\n%s", s)
			}
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	return times[len(times)/2]
}

func kB(status []byte, field string) float64 {
	m := regexp.MustCompile(field + `:\s+(\d+) kB`).FindSubmatch(status)
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}
