package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkNoteProcess times `sitrep note` as a whole process — start,
// lock, open, append, fsync, exit — in the default environment (no
// SITREP_AUTHOR), while another process follows the timeline (`timeline
// --follow`, polling) and a third appends in a loop, as a sync would. It
// reports p50 and p99 latency. Run with -benchtime 300x or more for a
// meaningful p99. The comparison with real floors (a static append+fsync
// program, a minimal bbolt program, the sqlite3 CLI) is
// internal/bench/note.sh.
func BenchmarkNoteProcess(b *testing.B) {
	p := newProc(b)
	id := strings.TrimSpace(p.must("open", "latency drill"))
	follower := exec.Command(sitrepBin, "timeline", id, "--follow", "--json")
	follower.Env = p.environ()
	appender := exec.Command(os.Args[0], "-test.run=^$")
	appender.Env = p.environ("SITREP_TEST_ROLE=appendloop", "SITREP_INCIDENT="+id)
	for _, c := range []*exec.Cmd{follower, appender} {
		if err := c.Start(); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { c.Process.Kill(); c.Wait() })
	}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		i++
		cmd := exec.Command(sitrepBin, "note", "-i", id, fmt.Sprintf("note %d", i))
		cmd.Env = slices.DeleteFunc(p.environ(), func(kv string) bool { return strings.HasPrefix(kv, "SITREP_AUTHOR=") })
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		lat = append(lat, time.Since(start))
	}
	head, err := p.store().Head(context.Background())
	if err != nil || head < uint64(2*len(lat)) {
		b.Fatalf("the background appender did not write alongside (%d changes for %d notes, %v)", head, len(lat), err)
	}
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}
