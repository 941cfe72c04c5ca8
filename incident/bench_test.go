package incident

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// BenchmarkAppendBatch stores 100,000 chat-like events in batches of
// 10,000, one transaction (and fsync) each: the import path. Reports
// events/s.
func BenchmarkAppendBatch(b *testing.B) {
	const total, batch = 100_000, 10_000
	base := time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)
	events := make([]timeline.Event, total)
	for i := range events {
		events[i] = timeline.Event{
			Incident: "INC-1", At: base.Add(time.Duration(i) * 100 * time.Millisecond),
			Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: fmt.Sprintf("user%d", i%40),
			Text:  "rolling back api-gateway to v412; error rate is dropping in eu-west-1, watching p99",
			Ref:   fmt.Sprintf("slack/C024BE91L/%d.%06d", 1700000000+i/10, i%1000000),
			Attrs: map[string]string{timeline.AttrPermalink: fmt.Sprintf("https://example.slack.com/archives/C024BE91L/p%d", 1700000000000000+i)},
		}
	}
	ctx := context.Background()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		s := New(filepath.Join(b.TempDir(), "bench.db"), Options{})
		if _, err := s.Create(ctx, NewIncident{Title: "bench"}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		for i := 0; i < total; i += batch {
			res, err := s.Append(ctx, events[i:i+batch]...)
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Stored) != batch {
				b.Fatalf("stored %d of %d", len(res.Stored), batch)
			}
		}
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "events/s")
}

// BenchmarkEventsLoad reads a 100,000-event incident back: what a review
// or the TUI's full load costs.
func BenchmarkEventsLoad(b *testing.B) {
	ctx := context.Background()
	s := New(filepath.Join(b.TempDir(), "bench.db"), Options{})
	if _, err := s.Create(ctx, NewIncident{Title: "bench"}); err != nil {
		b.Fatal(err)
	}
	base := time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)
	batch := make([]timeline.Event, 0, 10_000)
	for i := range 100_000 {
		batch = append(batch, timeline.Event{Incident: "INC-1", At: base.Add(time.Duration(i) * time.Second),
			Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: "bob", Text: "watching the p99 latency on checkout"})
		if len(batch) == cap(batch) {
			if _, err := s.Append(ctx, batch...); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	for b.Loop() {
		evs, err := s.Events(ctx, "INC-1", Query{})
		if err != nil || len(evs) != 100_002 {
			b.Fatalf("%d events, %v", len(evs), err)
		}
	}
}
