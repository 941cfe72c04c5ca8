package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkReviewProcess measures `sitrep review` as a whole process on a
// demo incident of SITREP_BENCH_EVENTS events (default 1,000,000; the
// budget is 2 s and 400 MB RSS, and 300 ms at 100,000), in each format,
// writing the draft to a file: wall and CPU time from exec to exit, and
// the process's peak RSS from its rusage. Beside it, interleaved in the
// same loop, the floor: `sitrep timeline --json` of the same incident, a
// process that reads and writes every event and nothing else, so the
// ratios hold on a loaded machine. SITREP_BENCH_STORE keeps the store
// between runs.
func BenchmarkReviewProcess(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_EVENTS")); err == nil && v > 1000 {
		n = v
	}
	db := benchStore(b, n)
	dir := b.TempDir()
	runs := []struct {
		name string
		args []string
	}{
		{"floor-timeline-json", []string{"timeline", "INC-1", "--json", "-o", filepath.Join(dir, "timeline.jsonl")}},
		{"md", []string{"review", "INC-1", "--format", "md", "-o", filepath.Join(dir, "review.md")}},
		{"html", []string{"review", "INC-1", "--format", "html", "-o", filepath.Join(dir, "review.html")}},
		{"json", []string{"review", "INC-1", "--format", "json", "-o", filepath.Join(dir, "review.json")}},
	}
	wall := make([]time.Duration, len(runs))
	cpu := make([]time.Duration, len(runs))
	peak := make([]int64, len(runs))
	for b.Loop() {
		for i, r := range runs {
			cmd := exec.Command(sitrepBin, r.args...)
			if r.name == "floor-timeline-json" {
				// timeline writes to stdout; the others to -o.
				cmd = exec.Command(sitrepBin, r.args[:3]...)
				f, err := os.Create(r.args[4])
				if err != nil {
					b.Fatal(err)
				}
				cmd.Stdout = f
				defer f.Close()
			}
			cmd.Env = append(os.Environ(), "SITREP_DB="+db, "HOME="+dir)
			start := time.Now()
			if err := cmd.Run(); err != nil {
				b.Fatalf("%s: %v", r.name, err)
			}
			wall[i] += time.Since(start)
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			cpu[i] += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			peak[i] = max(peak[i], ru.Maxrss)
		}
	}
	for i, r := range runs {
		b.ReportMetric(float64(wall[i].Milliseconds())/float64(b.N), r.name+"-ms")
		b.ReportMetric(float64(cpu[i].Milliseconds())/float64(b.N), r.name+"-cpu-ms")
		b.ReportMetric(float64(peak[i])/1024, r.name+"-MB-RSS")
		if i > 0 {
			b.ReportMetric(float64(wall[i])/float64(wall[0]), r.name+"/floor")
		}
	}
}
