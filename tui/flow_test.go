package tui

import (
	"bytes"
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Whole flows through a running Bubble Tea program: real timers, real
// renderer, a real store.

func startProgram(t *testing.T, events ...timeline.Event) (*teatest.TestModel, *incident.Store, string) {
	t.Helper()
	s := newStore(t)
	inc, err := s.Create(context.Background(), incident.NewIncident{Title: "checkout 502s", Severity: 3,
		Commander: "alice", Actor: "alice", At: time.Now().Add(-time.Hour), Events: events})
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: s, Incident: inc.ID, Author: "tess", NoColor: true, PollInterval: 50 * time.Millisecond})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "checkout 502s")
	return tm, s, inc.ID
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func keys(tm *teatest.TestModel, special ...rune) {
	for _, k := range special {
		tm.Send(tea.KeyPressMsg{Code: k})
	}
}

func finalView(t *testing.T, tm *teatest.TestModel) *incidentView {
	t.Helper()
	tm.Type("q")
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model).view
}

func TestFlowAddNote(t *testing.T) {
	tm, s, id := startProgram(t)
	tm.Type("n")
	waitFor(t, tm, "note:")
	tm.Type("db failover started")
	keys(tm, tea.KeyEnter)
	waitFor(t, tm, "note saved")
	v := finalView(t, tm)
	if n := count(texts(v.tl), "db failover started"); n != 1 {
		t.Errorf("the note is in the timeline %d times", n)
	}
	events, err := s.Events(context.Background(), id, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for _, e := range events {
		if e.Text == "db failover started" {
			stored++
		}
	}
	if stored != 1 {
		t.Errorf("stored %d times", stored)
	}
}

func TestFlowChangeSeverity(t *testing.T) {
	tm, s, id := startProgram(t)
	tm.Type("v")
	waitFor(t, tm, "severity:")
	tm.Type("1")
	keys(tm, tea.KeyEnter)
	waitFor(t, tm, "SEV1")
	if v := finalView(t, tm); v.inc.Severity != 1 {
		t.Errorf("the view holds %v", v.inc.Severity)
	}
	inc, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Severity != 1 || inc.PeakSeverity != 1 {
		t.Errorf("stored severity %v", inc.Severity)
	}
}

func TestFlowFilter(t *testing.T) {
	at := time.Now().Add(-30 * time.Minute)
	tm, _, _ := startProgram(t,
		timeline.Event{At: at, Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: "bo", Text: "chat line"},
		timeline.Event{At: at, Source: timeline.SourcePagerDuty, Kind: timeline.KindPage, Text: "pager line"},
	)
	tm.Type("f")
	waitFor(t, tm, "filter:")
	tm.Type("pd")
	keys(tm, tea.KeyEnter)
	waitFor(t, tm, "1 of ")
	v := finalView(t, tm)
	if rows := texts(v.tl); len(rows) != 1 || rows[0] != "pager line" {
		t.Errorf("rows %q", rows)
	}
}

func TestFlowSearch(t *testing.T) {
	at := time.Now().Add(-30 * time.Minute)
	var events []timeline.Event
	for i := range 50 {
		text := "routine check"
		if i == 10 {
			text = "replica lag spiked"
		}
		events = append(events, timeline.Event{At: at.Add(time.Duration(i) * time.Second), Source: timeline.SourceCLI,
			Kind: timeline.KindNote, Actor: "al", Text: text})
	}
	tm, _, _ := startProgram(t, events...)
	tm.Type("/")
	tm.Type("LAG")
	keys(tm, tea.KeyEnter)
	waitFor(t, tm, "1 matches")
	v := finalView(t, tm)
	if sel, _ := v.tl.selected(); sel.Text != "replica lag spiked" {
		t.Errorf("selected %q", sel.Text)
	}
	if v.tl.follow {
		t.Error("still following the tail after jumping to an old match")
	}
}

// texts are the rows' texts, as held near the screen.
func texts(tl *timelineView) []string {
	out := make([]string, len(tl.index))
	for i, k := range tl.index {
		out[i] = tl.cache[k].Text
	}
	return out
}
