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
// writing the draft to a file: wall time from exec to exit, and the
// process's peak RSS from its rusage. SITREP_BENCH_STORE keeps the store
// between runs.
func BenchmarkReviewProcess(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_EVENTS")); err == nil && v > 1000 {
		n = v
	}
	db := benchStore(b, n)
	out := filepath.Join(b.TempDir(), "review")
	for _, format := range []string{"md", "html", "json"} {
		b.Run(format, func(b *testing.B) {
			var wall time.Duration
			var peak int64
			for b.Loop() {
				cmd := exec.Command(sitrepBin, "review", "INC-1", "--format", format, "-o", out)
				cmd.Env = append(os.Environ(), "SITREP_DB="+db, "HOME="+b.TempDir())
				start := time.Now()
				if msg, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("review: %v\n%s", err, msg)
				}
				wall += time.Since(start)
				peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
			}
			b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "ms/review")
			b.ReportMetric(float64(peak)/1024, "MB-peak-RSS")
			if fi, err := os.Stat(out); err == nil {
				b.ReportMetric(float64(fi.Size())/(1<<20), "MB-draft")
			}
		})
	}
}
