package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/integrations/slack"
	"github.com/sitrep-dev/sitrep/integrations/slack/slacktest"
	"github.com/sitrep-dev/sitrep/internal/fixture"
	"github.com/sitrep-dev/sitrep/timeline"
)

// runSlack runs a command with the Slack wiring a real process has: an
// HTTP client and the slack note poster.
func (c *cli) runSlack(args ...string) (string, string, int) {
	c.t.Helper()
	f, out, errb := c.factory()
	f.HTTPClient = func() *http.Client { return &http.Client{Timeout: 5 * time.Second} }
	code := run(context.Background(), args, f)
	return out.String(), errb.String(), code
}

func (c *cli) mustSlack(args ...string) string {
	c.t.Helper()
	_, errs, code := c.runSlack(args...)
	if code != 0 {
		c.t.Fatalf("sitrep %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return errs
}

func (c *cli) slackMessages() []timeline.Event {
	c.t.Helper()
	out := c.must("timeline", "--json")
	var msgs []timeline.Event
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e timeline.Event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			c.t.Fatal(err)
		}
		if e.Source == timeline.SourceSlack && e.Kind == timeline.KindMessage {
			msgs = append(msgs, e)
		}
	}
	return msgs
}

func TestImportSlackExportCommand(t *testing.T) {
	const dir = "../../../shared/fixtures/slack/export-2016"
	fixture.Check(t, dir)
	c := newCLI(t)
	c.must("open", "meetup planning")
	errs := c.mustSlack("import", "slack-export", dir, "--channel", "#sci")
	if !strings.Contains(errs, "imported 58 events from #sci (C0PNFE8NS)") {
		t.Errorf("first import: %s", errs)
	}
	errs = c.mustSlack("import", "slack-export", dir, "--channel", "sci")
	if !strings.Contains(errs, "imported 0 events") || !strings.Contains(errs, "58 already present") {
		t.Errorf("second import: %s", errs)
	}
	if n := len(c.slackMessages()); n != 58 {
		t.Errorf("timeline holds %d Slack messages, want 58", n)
	}
	if _, errs, code := c.runSlack("import", "slack-export", dir); code != 2 || !strings.Contains(errs, "--channel") {
		t.Errorf("without --channel: exit %d, %s", code, errs)
	}
	if _, errs, code := c.runSlack("import", "slack-export", dir, "--channel", "nope"); code != 1 || !strings.Contains(errs, "has no channel") {
		t.Errorf("unknown channel: exit %d, %s", code, errs)
	}
}

func TestLinkSyncAndNoteSlack(t *testing.T) {
	fake := slacktest.New(t)
	fake.Users = map[string]string{"U1": "alice"}
	c := newCLI(t)
	opened := c.now.Add(-time.Hour)
	fake.NextTS = c.now.Unix()
	fake.Channels["C0INCIDENT"] = &slacktest.Channel{ID: "C0INCIDENT", Name: "inc-checkout", Messages: []slacktest.Message{
		{Type: "message", User: "U1", TS: slack.FormatTS(opened.Add(time.Minute)), Text: "seeing 500s"},
		{Type: "message", User: "U1", TS: slack.FormatTS(opened.Add(2 * time.Minute)), Text: "cert expired",
			Reactions: []slacktest.Reaction{{Name: "pushpin", Users: []string{"U1"}, Count: 1}}},
	}}
	c.env["SLACK_TOKEN"] = "xoxb-test"
	c.env["SLACK_API_URL"] = fake.URL()
	now := c.now
	c.now = opened
	c.must("open", "checkout errors")
	c.now = now

	if _, errs, code := c.runSlack("link", "slack", "#inc-checkout", "--capture", "sometimes"); code != 2 {
		t.Errorf("bad --capture: exit %d %s", code, errs)
	}
	errs := c.mustSlack("link", "slack", "#inc-checkout", "--capture", "reaction")
	if !strings.Contains(errs, "linked to Slack C0INCIDENT, capturing reaction:pushpin") {
		t.Errorf("link: %s", errs)
	}
	if _, errs, code := c.runSlack("sync", "--since", "yesterday-ish"); code != 2 || !strings.Contains(errs, "--since") {
		t.Errorf("bad --since: exit %d %s", code, errs)
	}
	c.mustSlack("sync")
	msgs := c.slackMessages()
	if len(msgs) != 1 || msgs[0].Text != "cert expired" || msgs[0].Actor != "alice" {
		t.Fatalf("after sync: %+v; want only the 📌 message", msgs)
	}

	c.mustSlack("link", "slack", "C0INCIDENT") // back to capturing all
	c.mustSlack("note", "--slack", "rolled back to v412")
	if len(fake.Posted) != 1 || !strings.Contains(fake.Posted[0].Text, "rolled back to v412") {
		t.Fatalf("posted: %+v", fake.Posted)
	}
	c.mustSlack("sync")
	msgs = c.slackMessages()
	if len(msgs) != 2 {
		t.Errorf("after the second sync: %d Slack messages, want 2 (the posted note is the note itself)", len(msgs))
	}

	// Before the window (more than SLACK_SYNC_MARGIN before opening):
	// only --since reaches it.
	fake.Lock()
	fake.Channels["C0INCIDENT"].Messages = append(fake.Channels["C0INCIDENT"].Messages,
		slacktest.Message{Type: "message", User: "U1", TS: slack.FormatTS(opened.Add(-3 * time.Hour)), Text: "deploy 412 is out"})
	fake.Unlock()
	c.mustSlack("sync")
	if n := len(c.slackMessages()); n != 2 {
		t.Errorf("a message from before the window was synced: %d", n)
	}
	c.mustSlack("sync", "--since", opened.Add(-4*time.Hour).Format(time.RFC3339))
	if n := len(c.slackMessages()); n != 3 {
		t.Errorf("sync --since did not reach back: %d messages", n)
	}

	// An edit to an older message: a plain sync asks only for newer
	// messages and misses it; --full re-reads the window and applies it.
	fake.Lock()
	first := &fake.Channels["C0INCIDENT"].Messages[0]
	first.Text, first.Edited = "seeing 500s from checkout", &slacktest.Edited{User: "U1", TS: slack.FormatTS(c.now)}
	ref := timeline.SlackRef("C0INCIDENT", first.TS)
	fake.Unlock()
	message := func() timeline.Event {
		for _, e := range c.slackMessages() {
			if e.Ref == ref {
				return e
			}
		}
		t.Fatalf("no message %s", ref)
		return timeline.Event{}
	}
	if errs := c.mustSlack("sync"); !strings.Contains(errs, "slack: 0 new events\n") {
		t.Errorf("sync: %s", errs)
	}
	if e := message(); e.Text != "seeing 500s" {
		t.Errorf("a plain sync read an older message again: %q", e.Text)
	}
	if errs := c.mustSlack("sync", "--full"); !strings.Contains(errs, "slack: 0 new events, 1 edited") {
		t.Errorf("sync --full: %s", errs)
	}
	if e := message(); e.Text != "seeing 500s from checkout" || e.Attrs[slack.AttrOriginal] != "seeing 500s" {
		t.Errorf("sync --full did not apply the edit: %+v", e)
	}

	c.env["SLACK_TOKEN"] = "xoxb-revoked"
	_, errs, code := c.runSlack("sync")
	if code != 1 || !strings.Contains(errs, "invalid_auth") || !strings.Contains(errs, "SLACK_TOKEN") {
		t.Errorf("revoked token: exit %d: %s", code, errs)
	}
	delete(c.env, "SLACK_TOKEN")
	_, errs, code = c.runSlack("sync")
	if code != 1 || !strings.Contains(errs, "SLACK_TOKEN is not set") {
		t.Errorf("no token: exit %d: %s", code, errs)
	}
}
