package team

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// BenchmarkCatchUp100k times a new machine catching up a 100,000-event
// incident from the team's stream into an empty store (read, decode,
// validate, store in batches), and reports events/s.
func BenchmarkCatchUp100k(b *testing.B) {
	const total = 100_000
	ctx := context.Background()
	srv := startServer(b, "")
	c, err := Connect(ctx, Config{URL: srv.ClientURL(), Team: "bench"}, ConnectOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Init(ctx, 1); err != nil {
		b.Fatal(err)
	}
	// The writing machine: a team-mode store whose outbox is published
	// in one go at the end.
	src := incident.New(b.TempDir()+"/src.db", incident.Options{Team: &incident.TeamHooks{}})
	inc, err := src.Create(ctx, incident.NewIncident{Title: "catch-up drill", Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now().Add(-time.Hour)
	for i := 0; i < total-2; i += 10_000 {
		var batch []timeline.Event
		for j := i; j < min(i+10_000, total-2); j++ {
			batch = append(batch, timeline.Event{Incident: inc.ID, At: start.Add(time.Duration(j) * time.Millisecond),
				Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: "responder",
				Text: fmt.Sprintf("message %d: checking the relay queue depth on the east cluster", j), Ref: fmt.Sprintf("slack/C1/%d", j)})
		}
		if _, err := src.Append(ctx, batch...); err != nil {
			b.Fatal(err)
		}
	}
	if res, err := c.Publish(ctx, src, 5*time.Minute); err != nil || res.Queued != 0 {
		b.Fatalf("publishing the history: %+v %v", res, err)
	}
	b.ResetTimer()
	var elapsed, cpu time.Duration
	for b.Loop() {
		dst := incident.New(b.TempDir()+"/dst.db", incident.Options{})
		t0, c0 := time.Now(), cpuTime()
		res, err := c.CatchUp(ctx, dst, FollowOptions{})
		elapsed += time.Since(t0)
		cpu += cpuTime() - c0
		if err != nil || res.Stored != total {
			b.Fatalf("catch-up: %+v %v", res, err)
		}
	}
	b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "events/s")
	// On a shared machine the wall clock measures the neighbours too; the
	// process's CPU time (the in-process server's included) does not.
	b.ReportMetric(float64(total*b.N)/cpu.Seconds(), "events/cpu-s")
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
