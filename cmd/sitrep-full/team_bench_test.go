package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// BenchmarkTeamNote times `sitrep note` as a whole process in team mode
// against a loopback server (commit, publish, PubAck, outbox removal),
// interleaved with the same note on a store without team mode, so the
// two figures share the machine's load. Run with -benchtime 300x.
func BenchmarkTeamNote(b *testing.B) {
	srv := startNATS(b, "")
	teamed := newProc(b)
	teamed.env = []string{"SITREP_NATS_URL=" + srv.url(), "SITREP_TEAM=bench"}
	teamed.must("team", "init")
	tid := strings.TrimSpace(teamed.must("open", "latency drill"))
	solo := newProc(b)
	sid := strings.TrimSpace(solo.must("open", "latency drill"))
	var team, alone []time.Duration
	i := 0
	for b.Loop() {
		i++
		for _, run := range []struct {
			p   *proc
			id  string
			lat *[]time.Duration
		}{{teamed, tid, &team}, {solo, sid, &alone}} {
			cmd := exec.Command(sitrepBin, "note", "-i", run.id, fmt.Sprintf("note %d", i))
			cmd.Env = run.p.environ()
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil || len(out) > 0 {
				b.Fatalf("%v: %s", err, out) // in team mode, "queued" would mean no PubAck in time
			}
			*run.lat = append(*run.lat, time.Since(start))
		}
	}
	report := func(name string, lat []time.Duration) {
		slices.Sort(lat)
		pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(pct(0.50), name+"-p50-ms")
		b.ReportMetric(pct(0.99), name+"-p99-ms")
	}
	report("team", team)
	report("solo", alone)
	b.ReportMetric(0, "ns/op")
}

// BenchmarkTeamNoteReachesOtherMachine times a note written on machine B
// until machine A's `team follow` has stored it (it prints each event after
// its batch is committed): B's process start to A's store.
func BenchmarkTeamNoteReachesOtherMachine(b *testing.B) {
	srv := startNATS(b, "")
	a, bm := newProc(b), newProc(b)
	for _, p := range []*proc{a, bm} {
		if err := os.MkdirAll(filepath.Dir(p.db), 0o700); err != nil {
			b.Fatal(err)
		}
		p.env = []string{"SITREP_NATS_URL=" + srv.url(), "SITREP_TEAM=bench"}
	}
	a.must("team", "init")
	id := strings.TrimSpace(a.must("open", "latency drill"))
	bm.must("show", id)
	follow := exec.Command(sitrepBin, "team", "follow", "--json")
	follow.Env = a.environ()
	stdout, err := follow.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := follow.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { follow.Process.Kill(); follow.Wait() })
	arrived := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var e timeline.Event
			if json.Unmarshal(sc.Bytes(), &e) == nil && e.Kind == timeline.KindNote {
				arrived <- e.Text
			}
		}
	}()
	var lat []time.Duration
	i := 0
	for b.Loop() {
		i++
		text := fmt.Sprintf("from B %d", i)
		start := time.Now()
		bm.must("note", "-i", id, text)
		for got := ""; got != text; {
			select {
			case got = <-arrived:
			case <-time.After(10 * time.Second):
				b.Fatalf("%q did not reach A", text)
			}
		}
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}
