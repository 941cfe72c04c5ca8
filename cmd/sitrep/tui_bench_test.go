package main

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/demo"
)

// BenchmarkTUIMemory100k measures the real binary's memory with a
// 100,000-event incident fully loaded: `sitrep tui INC-1` runs in tmux,
// and once the whole timeline is on screen the benchmark reads VmRSS and
// VmHWM (the peak) from /proc/PID/status. Budget: 150 MB.
func BenchmarkTUIMemory100k(b *testing.B) {
	p := newProc(b)
	s := p.store()
	ctx := context.Background()
	start := time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC)
	inc, err := s.Create(ctx, demo.Incident(start))
	if err != nil {
		b.Fatal(err)
	}
	events := demo.Bulk(inc.ID, start.Add(-200000*time.Second), 100000-inc.EventCount)
	for i := 0; i < len(events); i += 20000 {
		if _, err := s.Append(ctx, events[i:min(i+20000, len(events))]...); err != nil {
			b.Fatal(err)
		}
	}
	env := []string{"SITREP_DB=" + p.db, "SITREP_AUTHOR=bench", "TERM=xterm-256color", "HOME=" + b.TempDir()}
	count := regexp.MustCompile(`(\d+) events`)
	for b.Loop() {
		term := newTerminal(b, env, 160, 48, "tui", inc.ID)
		deadline := time.Now().Add(30 * time.Second)
		for {
			m := count.FindStringSubmatch(term.screen())
			if m != nil {
				if n, _ := strconv.Atoi(m[1]); n >= 99900 {
					break
				}
			}
			if time.Now().After(deadline) {
				b.Fatalf("the timeline did not load:\n%s", term.screen())
			}
			time.Sleep(20 * time.Millisecond)
		}
		// The pane runs a shell; sitrep is its child (env execs it).
		shell := strings.TrimSpace(term.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}"))
		children, err := os.ReadFile("/proc/" + shell + "/task/" + shell + "/children")
		if err != nil || len(strings.Fields(string(children))) != 1 {
			b.Fatalf("finding sitrep's pid: %v %q", err, children)
		}
		status, err := os.ReadFile("/proc/" + strings.Fields(string(children))[0] + "/status")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(kB(status, "VmRSS")/1024, "MB-RSS")
		b.ReportMetric(kB(status, "VmHWM")/1024, "MB-peak-RSS")
		term.keys("q")
		term.waitFor(3*time.Second, "sitrep exited 0")
	}
}

func kB(status []byte, field string) float64 {
	m := regexp.MustCompile(field + `:\s+(\d+) kB`).FindSubmatch(status)
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}
