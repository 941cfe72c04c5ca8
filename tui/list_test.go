package tui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

func TestListOpensAndStartsIncidents(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	for i, title := range []string{"build agents disk full", "queue backlog", "dns flaps \x1b]0;owned\x07"} {
		inc, err := s.Create(ctx, incident.NewIncident{Title: title, Actor: "a", At: testStart.Add(time.Duration(i) * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			if _, err := s.Append(ctx, timeline.Event{Incident: inc.ID, At: testStart.Add(2 * time.Hour), Source: timeline.SourceCLI,
				Kind: timeline.KindStatus, Attrs: map[string]string{timeline.AttrNew: "resolved"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	h := start(t, s, "", 80, 24)
	v := h.view()
	open1, open2, closed := strings.Index(v, "queue backlog"), strings.Index(v, "build agents"), strings.Index(v, "dns flaps")
	if open1 < 0 || open2 < 0 || closed < 0 || !(open1 < open2 && open2 < closed) {
		t.Errorf("want open incidents first, newest first:\n%s", v)
	}
	if strings.Contains(h.raw(), "\x1b]") {
		t.Error("an escape sequence in a title reached the screen")
	}

	h.press("enter")
	if h.m.view == nil || h.m.view.id != "INC-2" {
		t.Fatalf("enter did not open INC-2")
	}
	if !strings.Contains(h.view(), "queue backlog") {
		t.Errorf("incident view:\n%s", h.view())
	}
	h.press("esc")
	if h.m.view != nil {
		t.Fatal("esc did not go back to the list")
	}

	h.press("n", "payments webhook timeouts", "enter")
	if h.m.view == nil || h.m.view.id != "INC-4" {
		t.Fatal("n did not open the new incident")
	}
	inc, err := s.Get(ctx, "INC-4")
	if err != nil {
		t.Fatal(err)
	}
	if inc.Title != "payments webhook timeouts" || inc.Roles[timeline.RoleCommander] != "tess" {
		t.Errorf("created %+v", inc)
	}
	if active, _ := s.Active(); active != "INC-4" {
		t.Errorf("active incident %q, want the new one", active)
	}
}

func TestEmptyListSaysWhatToDo(t *testing.T) {
	h := start(t, newStore(t), "", 100, 24)
	if v := h.view(); !strings.Contains(v, "No incidents yet") || !strings.Contains(v, "sitrep demo") {
		t.Errorf("empty list:\n%s", v)
	}
}

// TestListFitsTheScreen: the list is exactly as tall as the terminal, its
// key bar on the last line, however many incidents there are.
func TestListFitsTheScreen(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	for i := range 30 {
		if _, err := s.Create(ctx, incident.NewIncident{Title: "incident " + strconv.Itoa(i), Actor: "a", At: testStart}); err != nil {
			t.Fatal(err)
		}
	}
	h := start(t, s, "", 80, 24)
	lines := strings.Split(h.view(), "\n")
	if len(lines) != 24 {
		t.Errorf("%d lines on a 24-line screen", len(lines))
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "enter open") || !strings.Contains(last, "q quit") {
		t.Errorf("the last line is %q, want the key bar", last)
	}
}
