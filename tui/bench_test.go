package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/demo"
)

// The TUI budgets (DESIGN §8) on a 100,000-event incident in a real store:
// first frame ≤ 200 ms, keypress to frame ≤ 16 ms. Memory is measured on
// the real binary, in cmd/sitrep's BenchmarkTUIMemory100k.

const bigIncident = 100_000

var big struct {
	once sync.Once
	dir  string
	err  error
}

// bigStore writes the 100,000-event incident once per test binary.
func bigStore(b *testing.B) *incident.Store {
	big.once.Do(func() {
		big.dir, big.err = os.MkdirTemp("", "sitrep-tui-bench-")
		if big.err != nil {
			return
		}
		s := incident.New(filepath.Join(big.dir, "sitrep.db"), incident.Options{})
		ctx := context.Background()
		start := time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC)
		var inc incident.Incident
		if inc, big.err = s.Create(ctx, demo.Incident(start)); big.err != nil {
			return
		}
		events := demo.Bulk(inc.ID, start.Add(-bigIncident*2*time.Second), bigIncident-inc.EventCount)
		for i := 0; i < len(events) && big.err == nil; i += 20000 {
			_, big.err = s.Append(ctx, events[i:min(i+20000, len(events))]...)
		}
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return incident.New(filepath.Join(big.dir, "sitrep.db"), incident.Options{})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

// BenchmarkFirstFrame times what stands between starting the TUI and its
// first full frame: the model, the first load (state and the timeline's
// tail) and the first View. The rest of the timeline loads afterwards.
func BenchmarkFirstFrame(b *testing.B) {
	s := bigStore(b)
	b.ResetTimer()
	for b.Loop() {
		m := New(Options{Store: s, Incident: "INC-1", Author: "bench"})
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		m.Update(loadIncident(s, m.gen, "INC-1")())
		if v := m.View(); len(v.Content) == 0 || len(m.view.tl.events) == 0 {
			b.Fatal("empty first frame")
		}
	}
}

// BenchmarkKeypressToFrame times one key (moving the selection, paging,
// jumping to the next search match) through Update and View with all
// 100,000 events loaded.
func BenchmarkKeypressToFrame(b *testing.B) {
	s := bigStore(b)
	m := New(Options{Store: s, Incident: "INC-1", Author: "bench"})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	msg := loadIncident(s, m.gen, "INC-1")().(incidentLoadedMsg)
	m.Update(msg)
	m.Update(loadOlder(s, m.gen, "INC-1", msg.events[0].At, true)())
	if n := len(m.view.tl.events); n < bigIncident {
		b.Fatalf("loaded %d events", n)
	}
	m.view.tl.setQuery("pgbouncer")
	for _, k := range []struct {
		name string
		keys []tea.KeyPressMsg
	}{
		{"move", []tea.KeyPressMsg{{Code: tea.KeyUp}, {Code: tea.KeyDown}}},
		{"page", []tea.KeyPressMsg{{Code: tea.KeyPgUp}, {Code: tea.KeyPgDown}}},
		{"next-match", []tea.KeyPressMsg{{Code: '[', Text: "["}, {Code: ']', Text: "]"}}},
		{"utc-toggle", []tea.KeyPressMsg{{Code: 't', Text: "t"}}},
	} {
		b.Run(k.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				m.Update(k.keys[i%len(k.keys)])
				_ = m.View()
				i++
			}
		})
	}
}

// BenchmarkFollow times a poll that brings 10 new events into a 100,000-
// event timeline, and the frame after it.
func BenchmarkFollow(b *testing.B) {
	s := bigStore(b)
	m := New(Options{Store: s, Incident: "INC-1", Author: "bench"})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	msg := loadIncident(s, m.gen, "INC-1")().(incidentLoadedMsg)
	m.Update(msg)
	m.Update(loadOlder(s, m.gen, "INC-1", msg.events[0].At, true)())
	last := m.view.tl.events[len(m.view.tl.events)-1].At
	i := 0
	for b.Loop() {
		batch := demo.Bulk("INC-1", last.Add(time.Duration(i+1)*time.Hour), 10)
		for j := range batch {
			batch[j].ID = fmt.Sprintf("follow-%08d-%02d", i, j)
		}
		m.Update(changesMsg{gen: m.gen, events: batch, next: msg.head})
		_ = m.View()
		i++
	}
}
