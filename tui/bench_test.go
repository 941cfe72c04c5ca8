package tui

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/demo"
)

// The TUI budgets (DESIGN §8) on a large incident in a real store: first
// frame ≤ 200 ms, every event reachable within 2 s, keypress to frame
// ≤ 16 ms. The incident has 100,000 events, or SITREP_BENCH_EVENTS (e.g.
// 1000000). Memory is measured on the real binary, in cmd/sitrep-full's
// BenchmarkTUIMemory and BenchmarkTUIMillion.

var bigIncident = benchEvents()

func benchEvents() int {
	if n, err := strconv.Atoi(os.Getenv("SITREP_BENCH_EVENTS")); err == nil && n > 1000 {
		return n
	}
	return 100_000
}

var big struct {
	once sync.Once
	dir  string
	err  error
}

// bigStore writes the big incident once per test binary: the demo's
// story, with bulk events before it. SITREP_BENCH_STORE names a store
// written before (by cmd/sitrep-full's benchmarks) to use instead, if its INC-1
// has as many events.
func bigStore(b *testing.B) *incident.Store {
	if path := os.Getenv("SITREP_BENCH_STORE"); path != "" {
		s := incident.New(path, incident.Options{})
		if inc, err := s.Get(context.Background(), "INC-1"); err == nil && inc.EventCount == bigIncident {
			return s
		}
	}
	big.once.Do(func() {
		big.dir, big.err = os.MkdirTemp("", "sitrep-tui-bench-")
		if big.err != nil {
			return
		}
		s := incident.New(filepath.Join(big.dir, "sitrep.db"), incident.Options{})
		ctx := context.Background()
		var inc incident.Incident
		if inc, big.err = s.Create(ctx, demo.Incident(time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC))); big.err != nil {
			return
		}
		big.err = demo.AddBulk(ctx, s, inc, bigIncident-inc.EventCount, demo.BulkOptions{Batch: 20000, Oldest: demo.OldestText})
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

// benchModel opens the TUI model on the big incident at 160×48 with its
// first frame loaded; timers are dropped, so nothing waits on the clock.
func benchModel(b *testing.B, s *incident.Store) *Model {
	m := New(Options{Store: s, Incident: "INC-1", Author: "bench"})
	m.cfg.after = func(time.Duration, tea.Msg) tea.Cmd { return nil }
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	drive(m, m.view.Init())
	return m
}

// drive runs cmd and every Cmd it leads to, synchronously.
func drive(m *Model, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// BenchmarkFirstFrame times what stands between starting the TUI and its
// first full frame: the model, the first load (state and the timeline's
// tail) and the first View. The keys of the rest are scanned afterwards.
func BenchmarkFirstFrame(b *testing.B) {
	s := bigStore(b)
	for b.Loop() {
		m := New(Options{Store: s, Incident: "INC-1", Author: "bench"})
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		m.Update(loadIncident(s, m.gen, "INC-1")())
		if v := m.View(); len(v.Content) == 0 || len(m.view.tl.index) == 0 {
			b.Fatal("empty first frame")
		}
	}
}

// BenchmarkScan times reading the keys of every row (what makes every
// event reachable after the first frame), and a search over every event.
func BenchmarkScan(b *testing.B) {
	s := bigStore(b)
	m := benchModel(b, s)
	tl := m.view.tl
	for _, c := range []struct {
		name  string
		query string
	}{{"rows", ""}, {"search", demo.OldestText[:13]}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				tl.setQuery(c.query)
				res, err := s.Scan(context.Background(), "INC-1", tl.scanQuery(bigIncident))
				if err != nil || len(res.Keys) < bigIncident-1000 || (c.query != "" && len(res.Matches) != 1) {
					b.Fatalf("scan: %d keys, %d matches, %v", len(res.Keys), len(res.Matches), err)
				}
			}
			b.ReportMetric(float64(bigIncident)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkKeypressToFrame times one key through Update and View with the
// whole 100,000-event timeline reachable: moving the selection, paging,
// the next search match, the UTC toggle (events on screen held), and a
// jump to the oldest event with and without reading its rows from the
// store.
func BenchmarkKeypressToFrame(b *testing.B) {
	s := bigStore(b)
	m := benchModel(b, s)
	if n := len(m.view.tl.index); n < bigIncident-1000 {
		b.Fatalf("%d rows reachable", n)
	}
	m.view.tl.setQuery("pgbouncer")
	drive(m, m.view.rescan())
	top, bottom := tea.KeyPressMsg{Code: 'g', Text: "g"}, tea.KeyPressMsg{Code: 'G', Text: "G"}
	for _, k := range []struct {
		name  string
		keys  []tea.KeyPressMsg
		reads bool // run the reads the key asks for before the frame
	}{
		{"move", []tea.KeyPressMsg{{Code: tea.KeyUp}, {Code: tea.KeyDown}}, false},
		{"page", []tea.KeyPressMsg{{Code: tea.KeyPgUp}, {Code: tea.KeyPgDown}}, false},
		{"next-match", []tea.KeyPressMsg{{Code: '[', Text: "["}, {Code: ']', Text: "]"}}, false},
		{"utc-toggle", []tea.KeyPressMsg{{Code: 't', Text: "t"}}, false},
		{"oldest-newest", []tea.KeyPressMsg{top, bottom}, false},
		{"oldest-newest-read", []tea.KeyPressMsg{top, bottom}, true},
	} {
		b.Run(k.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				_, cmd := m.Update(k.keys[i%len(k.keys)])
				if k.reads {
					drive(m, cmd)
				}
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
	m := benchModel(b, s)
	last := m.view.tl.index[len(m.view.tl.index)-1]
	i := 0
	for b.Loop() {
		batch := demo.Bulk("INC-1", last.At().Add(time.Duration(i+1)*time.Hour), 10)
		keyed := make([]incident.KeyedEvent, len(batch))
		for j := range batch {
			batch[j].ID = fmt.Sprintf("follow-%08d-%02d", i, j)
			var k incident.EventKey
			binary.BigEndian.PutUint64(k[:8], uint64(batch[j].At.UnixNano()))
			binary.BigEndian.PutUint64(k[8:], uint64(i*10+j))
			keyed[j] = incident.KeyedEvent{Key: k, Event: batch[j]}
		}
		m.Update(changesMsg{gen: m.gen, events: keyed})
		_ = m.View()
		i++
	}
}
