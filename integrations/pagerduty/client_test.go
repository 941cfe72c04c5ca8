package pagerduty

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty/pagerdutytest"
	"github.com/sitrep-dev/sitrep/timeline"
)

// setup starts the fake API and a real go-pagerduty client on it, behind
// the Retry-After transport with its waits recorded instead of slept.
func setup(t *testing.T) (*pagerdutytest.Fake, *Client, *[]time.Duration) {
	t.Helper()
	fake := pagerdutytest.New(t)
	var waits []time.Duration
	rt := &integrations.RetryTransport{Sleep: func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}}
	c, err := New(Config{Token: pagerdutytest.Token, APIURL: fake.URL + "/", From: "earline@example.com"}, &http.Client{Transport: rt})
	if err != nil {
		t.Fatal(err)
	}
	return fake, c, &waits
}

func newStore(t *testing.T) *incident.Store {
	t.Helper()
	return incident.New(filepath.Join(t.TempDir(), "sitrep.db"), incident.Options{})
}

func TestLinkReadsIncidentAndAlerts(t *testing.T) {
	fake, c, _ := setup(t)
	fake.AddAlertDetails(pagerdutytest.IncidentID, map[string]any{
		"runbook":   "https://wiki.example.com/runbooks/mail-fire",
		"dashboard": "see https://grafana.example.com/d/mail?from=now-1h.",
		"note":      "no link here",
	})
	l, err := c.Link(context.Background(), pagerdutytest.IncidentID, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != "The server is on fire." || l.Service != "My Mail Service" || l.Severity != 2 ||
		l.URL != "https://subdomain.pagerduty.com/incidents/PT4KHLK" || !l.CreatedAt.Equal(time.Date(2015, 10, 6, 21, 30, 42, 0, time.UTC)) {
		t.Fatalf("linked %+v", l)
	}
	var links []string
	var page timeline.Event
	for _, e := range l.Events {
		switch e.Kind {
		case timeline.KindLink:
			if e.Attr(timeline.AttrSource) == "" {
				links = append(links, e.Text+"="+e.Attr(timeline.AttrURL))
			}
		case timeline.KindPage:
			page = e
		}
	}
	want := []string{
		"conference bridge=https://example.com/acb-123",
		"dashboard=https://grafana.example.com/d/mail?from=now-1h",
		"runbook=https://wiki.example.com/runbooks/mail-fire",
	}
	if strings.Join(links, " ") != strings.Join(want, " ") {
		t.Errorf("links = %q, want %q", links, want)
	}
	if page.Ref != LogRef("Q02JTSNZWHSEKV") || !page.At.Equal(l.CreatedAt) {
		t.Errorf("page event %+v: want the first trigger log entry's Ref at created_at", page)
	}
}

func TestSeverityMapping(t *testing.T) {
	for _, tc := range []struct {
		priority, urgency string
		want              timeline.Severity
	}{
		{"P1", "low", 1}, {"p3", "high", 3}, {"P5", "", 5},
		{"Sev-A", "high", 2}, {"", "high", 2}, {"", "low", 4}, {"P9", "", 0}, {"", "", 0},
	} {
		if got := Severity(tc.priority, tc.urgency); got != tc.want {
			t.Errorf("Severity(%q, %q) = %v, want %v", tc.priority, tc.urgency, got, tc.want)
		}
	}
}

func TestAPIErrors(t *testing.T) {
	fake, c, _ := setup(t)
	ctx := context.Background()
	if _, err := c.Link(ctx, "PNOPE00", "alice"); !errors.Is(err, ErrNoIncident) || !strings.Contains(err.Error(), "PNOPE00") {
		t.Errorf("unknown incident: %v, want ErrNoIncident naming it", err)
	}
	bad, err := New(Config{Token: "wrong", APIURL: fake.URL}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Link(ctx, pagerdutytest.IncidentID, "alice"); !errors.Is(err, ErrTokenRejected) {
		t.Errorf("bad token: %v, want ErrTokenRejected", err)
	}
	if _, err := New(Config{}, nil); !errors.Is(err, ErrNoToken) {
		t.Errorf("no token: %v", err)
	}
	noFrom := NewWithAPI(c.api, "")
	if _, err := noFrom.PostNote(ctx, pagerdutytest.IncidentID, "x"); !errors.Is(err, ErrNoFrom) {
		t.Errorf("no From: %v", err)
	}
	stranger := NewWithAPI(c.api, "nobody@example.com")
	if err := stranger.SetStatus(ctx, pagerdutytest.IncidentID, "resolved"); err == nil || !strings.Contains(err.Error(), "Requester User Not Found") {
		t.Errorf("unknown From: %v", err)
	}
}

func TestRateLimitIsWaitedOut(t *testing.T) {
	fake, c, waits := setup(t)
	fake.RateLimit("3", "1")
	if _, err := c.Link(context.Background(), pagerdutytest.IncidentID, "alice"); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(*waits) != "[3s 1s]" {
		t.Errorf("waits %v, want [3s 1s] from Retry-After", *waits)
	}
	reqs := fake.Requests()
	if len(reqs) != 4 || reqs[0] != reqs[2] {
		t.Errorf("requests %q: want the incident GET three times (two 429s), then alerts", reqs)
	}
}

func TestSyncEveryLogEntryTypePaginatedAndIncremental(t *testing.T) {
	fake, c, _ := setup(t)
	ctx := context.Background()
	s := newStore(t)
	inc, err := s.Create(ctx, incident.NewIncident{Title: "mail down", Actor: "alice", Links: map[string]string{Name: pagerdutytest.IncidentID}})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2015, 11, 7, 0, 15, 0, 0, time.UTC)
	types := []pagerdutytest.LogEntry{
		{Type: "notify", Agent: "Another Escalation Policy", User: "Earline Greenholt", Channel: "sms"},
		{Type: "acknowledge", Agent: "Earline Greenholt", Channel: "sms"},
		{Type: "unacknowledge", Agent: "Earline Greenholt", Channel: "timeout"},
		{Type: "escalate", Agent: "Another Escalation Policy"},
		{Type: "assign", Agent: "Jane Doe", Assignees: []string{"Lee Turner"}},
		{Type: "delegate", Agent: "Jane Doe", Assignees: []string{"Lee Turner"}},
		{Type: "annotate", Agent: "Jane Doe", Channel: "note"},
		{Type: "snooze", Agent: "Lee Turner"},
		{Type: "urgency_change", Agent: "Lee Turner"},
		{Type: "resolve", Agent: "Lee Turner", Channel: "website"},
	}
	// 120 more notifies push the log past one page of 100.
	for i := range 120 {
		types = append(types, pagerdutytest.LogEntry{Type: "notify", Agent: "Another Escalation Policy", User: fmt.Sprintf("responder %d", i), Channel: "push_notification"})
	}
	for i, le := range types {
		le.At = base.Add(time.Duration(i) * time.Minute)
		fake.AddLogEntry(pagerdutytest.IncidentID, le)
	}
	r := &integrations.Runner{Store: s, Sources: []integrations.Source{c.Source()}}
	res, err := r.Sync(ctx, inc.ID)
	if err != nil || res[0].Err != nil {
		t.Fatalf("sync: %v %+v", err, res)
	}
	// 131 log entries less the annotation, plus the two fixture notes.
	if res[0].Stored != 130+2 || res[0].Pages != 2 {
		t.Errorf("stored %d in %d pages, want 132 in 2", res[0].Stored, res[0].Pages)
	}
	events, err := s.Events(ctx, inc.ID, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	byType := map[string]timeline.Event{}
	for _, e := range events {
		if e.Source == timeline.SourcePagerDuty {
			if _, seen := byType[e.Attr(AttrType)]; !seen {
				byType[e.Attr(AttrType)] = e
			}
		}
	}
	for typ, want := range map[string]struct {
		kind       timeline.Kind
		actor, who string
	}{
		"trigger_log_entry":        {timeline.KindPage, "My Mail Service", ""},
		"notify_log_entry":         {timeline.KindNotify, "Another Escalation Policy", "Earline Greenholt"},
		"acknowledge_log_entry":    {timeline.KindAck, "Earline Greenholt", "Earline Greenholt"},
		"unacknowledge_log_entry":  {timeline.KindNote, "Earline Greenholt", ""},
		"escalate_log_entry":       {timeline.KindEscalate, "Another Escalation Policy", ""},
		"assign_log_entry":         {timeline.KindAssign, "Jane Doe", "Lee Turner"},
		"delegate_log_entry":       {timeline.KindAssign, "Jane Doe", "Lee Turner"},
		"snooze_log_entry":         {timeline.KindNote, "Lee Turner", ""},
		"urgency_change_log_entry": {timeline.KindNote, "Lee Turner", ""},
		"resolve_log_entry":        {timeline.KindResolve, "Lee Turner", "Lee Turner"},
		"incident_note":            {timeline.KindNote, "A Global Event Rule", ""}, // the earlier fixture note
	} {
		e, ok := byType[typ]
		if !ok {
			t.Errorf("no event for %s", typ)
			continue
		}
		if e.Kind != want.kind || e.Actor != want.actor || e.Attr(timeline.AttrWho) != want.who || !strings.HasPrefix(e.Ref, "pagerduty/") {
			t.Errorf("%s → kind %s actor %q who %q ref %q; want %s %q %q", typ, e.Kind, e.Actor, e.Attr(timeline.AttrWho), e.Ref, want.kind, want.actor, want.who)
		}
	}
	if byType["notify_log_entry"].Attr(AttrChannel) != "sms" {
		t.Errorf("notify channel = %q, want sms", byType["notify_log_entry"].Attr(AttrChannel))
	}
	if _, ok := byType["annotate_log_entry"]; ok {
		t.Error("annotate log entries duplicate the notes and must not be stored")
	}
	got, _ := s.Get(ctx, inc.ID)
	if !got.Milestones[timeline.Acknowledged].Equal(base.Add(time.Minute)) || !got.Milestones[timeline.Resolved].Equal(base.Add(9*time.Minute)) {
		t.Errorf("milestones %v: acknowledged and resolved must come from the ack and resolve entries", got.Milestones)
	}

	// Re-sync, unchanged: one request per endpoint, nothing stored.
	fake.ResetRequests()
	res, err = r.Sync(ctx, inc.ID)
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res)
	}
	if reqs := fake.Requests(); len(reqs) != 2 {
		t.Errorf("an unchanged re-sync made %d requests %q, want 2 (log entries, notes)", len(reqs), reqs)
	}
	if res[0].Stored != 0 {
		t.Errorf("an unchanged re-sync stored %d events", res[0].Stored)
	}

	// Something new: only it is stored.
	fake.AddLogEntry(pagerdutytest.IncidentID, pagerdutytest.LogEntry{Type: "acknowledge", Agent: "Lee Turner", At: base.Add(3 * time.Hour)})
	res, _ = r.Sync(ctx, inc.ID)
	if res[0].Stored != 1 {
		t.Errorf("incremental sync stored %d, want 1", res[0].Stored)
	}
}

func TestPostedNoteIsNotSyncedTwice(t *testing.T) {
	fake, c, _ := setup(t)
	ctx := context.Background()
	s := newStore(t)
	inc, err := s.Create(ctx, incident.NewIncident{Title: "mail down", Actor: "alice", Links: map[string]string{Name: pagerdutytest.IncidentID}})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := c.PostNote(ctx, pagerdutytest.IncidentID, "rolled back the mail relay")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, timeline.Event{Incident: inc.ID, Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "alice", Text: "rolled back the mail relay", Ref: ref}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetStatus(ctx, pagerdutytest.IncidentID, "acknowledged"); err != nil {
		t.Fatal(err)
	}
	if fake.Status(pagerdutytest.IncidentID) != "acknowledged" {
		t.Error("SetStatus did not acknowledge the PagerDuty incident")
	}
	r := &integrations.Runner{Store: s, Sources: []integrations.Source{c.Source()}}
	if _, err := r.Sync(ctx, inc.ID); err != nil {
		t.Fatal(err)
	}
	events, _ := s.Events(ctx, inc.ID, incident.Query{})
	n := 0
	for _, e := range events {
		if strings.Contains(e.Text, "rolled back the mail relay") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the posted note is stored %d times, want once", n)
	}
}
