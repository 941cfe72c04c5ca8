package templates

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// BenchmarkReview100k measures a review draft of a 100,000-event incident
// end to end from the store, as `sitrep review` does it: Get, then
// AssembleFrom over EachEvent, then Render. The budget (DESIGN §8) is
// 300 ms; BenchmarkReviewProcess in cmd/sitrep-full measures the whole process
// at 1,000,000.
func BenchmarkReview100k(b *testing.B) {
	const total, batch = 100_000, 10_000
	ctx := context.Background()
	start := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	s := incident.New(filepath.Join(b.TempDir(), "sitrep.db"), incident.Options{})
	inc, err := s.Create(ctx, incident.NewIncident{Title: "Load test", Severity: 2, Commander: "alice", At: start})
	if err != nil {
		b.Fatal(err)
	}
	// A long incident's mix: mostly chat, then notes and commands, some
	// pager traffic, a few factors, and wording worth reconsidering in one
	// note in a hundred.
	people := []string{"alice", "bob", "carol", "dave", "erin"}
	for n := 0; n < total; n += batch {
		events := make([]timeline.Event, 0, batch)
		for i := n; i < n+batch; i++ {
			e := timeline.Event{
				Incident: inc.ID, At: start.Add(time.Duration(i) * 500 * time.Millisecond),
				Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: people[i%len(people)],
				Text: fmt.Sprintf("update %d: error rate at %d%% on checkout-%d, p99 latency %dms", i, i%100, i%7, 200+i%900),
			}
			switch {
			case i%5000 == 1:
				e.Kind, e.Source, e.Text = timeline.KindFactor, timeline.SourceCLI, fmt.Sprintf("factor %d: retry storm from clients without backoff", i)
			case i%100 == 7:
				e.Kind, e.Source, e.Text = timeline.KindNote, timeline.SourceCLI, "we just restarted it, someone should have checked the pool"
			case i%10 < 2:
				e.Kind, e.Source = timeline.KindNote, timeline.SourceCLI
			case i%10 == 2:
				e.Kind, e.Source, e.Text = timeline.KindCommand, timeline.SourceShell, fmt.Sprintf("kubectl -n checkout rollout status deploy/api-%d", i%7)
				e.SetAttr(timeline.AttrExitCode, "0")
				e.SetAttr(timeline.AttrDuration, "1200")
			case i%20 == 3:
				e.Kind, e.Source, e.Text = timeline.KindNotify, timeline.SourcePagerDuty, "Notified via push"
				e.SetAttr(timeline.AttrWho, people[(i/20)%len(people)])
				e.SetAttr(timeline.AttrService, "checkout-api")
			}
			events = append(events, e)
		}
		if _, err := s.Append(ctx, events...); err != nil {
			b.Fatal(err)
		}
	}
	tmpl, err := Find("default", "")
	if err != nil {
		b.Fatal(err)
	}
	// The floor: reading the incident's events from the store, nothing else.
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			n := 0
			if err := s.EachEvent(ctx, inc.ID, incident.Query{}, func(timeline.Event) error { n++; return nil }); err != nil || n < total {
				b.Fatal(n, err)
			}
		}
	})
	for _, format := range []Format{Markdown, HTML, JSON} {
		b.Run(string(format), func(b *testing.B) {
			for b.Loop() {
				got, err := s.Get(ctx, inc.ID)
				if err != nil {
					b.Fatal(err)
				}
				f, err := AssembleFrom(got, func(fn func(*timeline.Event) error) error {
					return s.EachEvent(ctx, inc.ID, incident.Query{}, func(e timeline.Event) error { return fn(&e) })
				}, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := tmpl.Render(io.Discard, f, format); err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
	}
}
