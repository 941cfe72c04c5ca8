package incident

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// EachEvent yields what Events returns, for every kind of query, across
// several read transactions, and lets the caller write between them.
func TestEachEventStreamsWhatEventsReturns(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.Create(ctx, NewIncident{Title: "stream"}); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)
	const n = 2*eachChunk + 100
	batch := make([]timeline.Event, 0, n)
	for i := range n {
		// Out of order, some at the same instant, so keys order by time then sequence.
		at := base.Add(time.Duration((i*7919)%n) * time.Second / 2)
		batch = append(batch, note("INC-1", fmt.Sprint("n", i), at))
	}
	if _, err := s.Append(ctx, batch...); err != nil {
		t.Fatal(err)
	}
	ids := func(evs []timeline.Event) []string {
		out := make([]string, len(evs))
		for i, e := range evs {
			out[i] = e.ID
		}
		return out
	}
	for _, q := range []Query{
		{},
		{Since: base.Add(time.Hour)},
		{Until: base.Add(2 * time.Hour)},
		{Since: base.Add(time.Hour), Until: base.Add(2 * time.Hour)},
		{Last: 10},
		{Last: eachChunk + 5},
		{Last: 10, Until: base.Add(time.Hour)},
		{Last: n + 50},
		{Since: base.Add(100 * time.Hour)},
	} {
		want, err := s.Events(ctx, "INC-1", q)
		if err != nil {
			t.Fatal(err)
		}
		var got []timeline.Event
		if err := s.EachEvent(ctx, "1", q, func(e timeline.Event) error { got = append(got, e); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), ids(want)) {
			t.Fatalf("query %+v: EachEvent gave %d events, Events %d (or another order)", q, len(got), len(want))
		}
	}

	// The store is not held while fn runs: a write from inside the walk
	// goes through (it would wait out the lock timeout otherwise), and an
	// event stored after the walk's position is seen.
	s.lockTimeout = 200 * time.Millisecond
	seen, wrote := 0, false
	last := base.Add(1000 * time.Hour)
	err := s.EachEvent(ctx, "1", Query{}, func(e timeline.Event) error {
		seen++
		if !wrote {
			wrote = true
			if _, err := s.Append(ctx, note("INC-1", "written mid-walk", last)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != n+3 { // n, the two opening events, and the one written mid-walk
		t.Fatalf("saw %d events, want %d", seen, n+3)
	}

	stop := fmt.Errorf("enough")
	count := 0
	if err := s.EachEvent(ctx, "1", Query{}, func(timeline.Event) error { count++; return stop }); err != stop || count != 1 {
		t.Fatalf("an error from fn: got %v after %d calls", err, count)
	}
	if err := s.EachEvent(ctx, "INC-9", Query{}, func(timeline.Event) error { return nil }); !IsNotFound(err) {
		t.Fatalf("unknown incident: %v", err)
	}
}
