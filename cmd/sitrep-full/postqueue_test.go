package main

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty/pagerdutytest"
	"github.com/sitrep-dev/sitrep/integrations/slack/slacktest"
	"github.com/sitrep-dev/sitrep/timeline"
)

// refusedURL is an address nothing listens on: the service is down.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/"
}

// withText counts the incident's events whose text starts with text.
func withText(t *testing.T, c *cli, text string) []timeline.Event {
	t.Helper()
	events, err := c.store().Events(context.Background(), "INC-1", incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var out []timeline.Event
	for _, e := range events {
		if strings.HasPrefix(e.Text, text) || strings.Contains(e.Text, "] note from alice: "+text) {
			out = append(out, e)
		}
	}
	return out
}

// TestFailedPostIsQueued: `note --pagerduty` while PagerDuty is down
// stores the note, exits 0 with a warning and queues the post; the next
// sync posts it once (the real go-pagerduty client against the fake), and
// the sync that follows neither posts it again nor stores PagerDuty's
// copy of it as a second note.
func TestFailedPostIsQueued(t *testing.T) {
	c, fake := pdCLI(t)
	mustPD(c, "open", "--pagerduty", pagerdutytest.IncidentID)
	mustPD(c, "sync")
	before := len(fake.Notes(pagerdutytest.IncidentID))

	up := c.env["PAGERDUTY_API_URL"]
	c.env["PAGERDUTY_API_URL"] = refusedURL(t)
	_, errs, code := runPD(c, "note", "--pagerduty", "failing over to the standby relay")
	if code != 0 || !strings.Contains(errs, "warning") || !strings.Contains(errs, "queued") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("note while PagerDuty is down: exit %d, %q; want 0 and one warning line", code, errs)
	}
	if n := len(withText(t, c, "failing over")); n != 1 {
		t.Fatalf("%d notes stored, want 1", n)
	}
	if n := len(fake.Notes(pagerdutytest.IncidentID)); n != before {
		t.Fatalf("PagerDuty got a note while down")
	}

	if _, errs, _ := runPD(c, "show"); !strings.Contains(errs, "1 note waiting to be posted to pagerduty") {
		t.Errorf("show does not say a post is queued: %q", errs)
	}
	c.env["PAGERDUTY_API_URL"] = up
	if _, errs, code := runPD(c, "sync"); code != 0 || !strings.Contains(errs, "pagerduty: 1 note posted from the queue") {
		t.Fatalf("sync after PagerDuty is back: exit %d %q", code, errs)
	}
	notes := fake.Notes(pagerdutytest.IncidentID)
	if len(notes) != before+1 || !strings.HasPrefix(notes[len(notes)-1], "failing over to the standby relay\n— alice") {
		t.Fatalf("PagerDuty notes after the sync: %q", notes)
	}
	for range 2 {
		if _, errs, code := runPD(c, "sync"); code != 0 || strings.Contains(errs, "queue") {
			t.Fatalf("re-sync: exit %d %q", code, errs)
		}
	}
	if n := len(fake.Notes(pagerdutytest.IncidentID)); n != before+1 {
		t.Errorf("PagerDuty holds %d notes, want %d: posted again", n, before+1)
	}
	if got := withText(t, c, "failing over"); len(got) != 1 {
		t.Errorf("the timeline holds the note %d times: %+v", len(got), got)
	}
	if q, _ := c.store().PendingPosts(context.Background(), "INC-1"); len(q) != 0 {
		t.Errorf("still queued: %+v", q)
	}
	if _, errs, _ := runPD(c, "show"); strings.Contains(errs, "waiting to be posted") {
		t.Errorf("show still says a post is queued: %q", errs)
	}
}

// TestFailedSlackPostIsQueued: the same with `note --slack`, the real
// slack-go client against the fake Slack.
func TestFailedSlackPostIsQueued(t *testing.T) {
	fake := slacktest.New(t)
	fake.Users = map[string]string{"U1": "alice"}
	c := newCLI(t)
	fake.NextTS = c.now.Unix()
	fake.Channels["C0INCIDENT"] = &slacktest.Channel{ID: "C0INCIDENT", Name: "inc-checkout"}
	c.env["SLACK_TOKEN"] = "xoxb-test"
	c.must("open", "checkout errors", "--slack", "C0INCIDENT")
	c.env["SLACK_API_URL"] = refusedURL(t)
	_, errs, code := c.runSlack("note", "--slack", "rolled back to v412")
	if code != 0 || !strings.Contains(errs, "warning") || !strings.Contains(errs, "queued") {
		t.Fatalf("note while Slack is down: exit %d, %q", code, errs)
	}
	c.env["SLACK_API_URL"] = fake.URL()
	if errs := c.mustSlack("sync"); !strings.Contains(errs, "slack: 1 note posted from the queue") {
		t.Fatalf("sync: %q", errs)
	}
	if len(fake.Posted) != 1 || !strings.Contains(fake.Posted[0].Text, "rolled back to v412") {
		t.Fatalf("posted: %+v", fake.Posted)
	}
	c.now = c.now.Add(time.Minute)
	for range 2 {
		if errs := c.mustSlack("sync"); strings.Contains(errs, "queue") {
			t.Fatalf("re-sync: %q", errs)
		}
	}
	if len(fake.Posted) != 1 {
		t.Errorf("posted %d times", len(fake.Posted))
	}
	if got := withText(t, c, "rolled back to v412"); len(got) != 1 {
		t.Errorf("the timeline holds the note %d times: %+v", len(got), got)
	}
}
