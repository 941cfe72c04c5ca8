package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty/pagerdutytest"
	"github.com/sitrep-dev/sitrep/timeline"
)

const testWebhookSecret = "whsec-test-secret"

// pdCLI is the command harness with PagerDuty configured against the fake.
func pdCLI(t *testing.T) (*cli, *pagerdutytest.Fake) {
	t.Helper()
	fake := pagerdutytest.New(t)
	c := newCLI(t)
	c.env["PAGERDUTY_TOKEN"] = pagerdutytest.Token
	c.env["PAGERDUTY_API_URL"] = fake.URL
	c.env["PAGERDUTY_FROM"] = "earline@example.com"
	c.env["PAGERDUTY_WEBHOOK_SECRET"] = testWebhookSecret
	return c, fake
}

// runPD runs a command with the PagerDuty note poster registered, as the
// system factory does.
func runPD(c *cli, args ...string) (string, string, int) {
	c.t.Helper()
	f, out, errb := c.factory()
	f.HTTPClient = func() *http.Client { return &http.Client{Timeout: 10 * time.Second} }
	code := run(context.Background(), args, f)
	return out.String(), errb.String(), code
}

func mustPD(c *cli, args ...string) string {
	c.t.Helper()
	out, errs, code := runPD(c, args...)
	if code != 0 {
		c.t.Fatalf("sitrep %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// lineWriter hands the lines written to it to a channel, so a test can
// wait for "listening on" without polling a shared buffer.
type lineWriter struct {
	w     *io.PipeWriter
	lines chan string
}

func newLineWriter() *lineWriter {
	r, w := io.Pipe()
	lw := &lineWriter{w: w, lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case lw.lines <- sc.Text():
			default: // nobody is reading: drop the request logs
			}
		}
	}()
	return lw
}

func (l *lineWriter) Write(p []byte) (int, error) { return l.w.Write(p) }

// serveForTest runs `sitrep serve` on a free port until the test ends and
// returns its base URL.
func serveForTest(t *testing.T, c *cli) string {
	t.Helper()
	f, _, _ := c.factory()
	logs := newLineWriter()
	f.IO.ErrOut = logs
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, f) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d", code)
		}
	})
	deadline := time.After(10 * time.Second)
	for {
		select {
		case line := <-logs.lines:
			if addr, ok := strings.CutPrefix(line, "listening on "); ok {
				return addr
			}
		case code := <-done:
			t.Fatalf("serve exited %d before listening", code)
		case <-deadline:
			t.Fatal("serve did not start listening within 10s")
		}
	}
}

// webhook builds a signed v3 webhook for the fixture incident from a
// captured body, moved to another incident, event id and time.
func webhook(t *testing.T, file, eventID string, at time.Time, edits ...string) ([]byte, string) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(pagerdutytest.FixturesDir(t), "webhooks", "captured", file))
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]map[string]any
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	env["event"]["id"] = eventID
	env["event"]["occurred_at"] = at.Format("2006-01-02T15:04:05.000Z07:00")
	env["event"]["agent"] = map[string]any{"id": "PXPGF42", "type": "user_reference", "summary": "Earline Greenholt"}
	out, _ := json.Marshal(env)
	out = bytes.ReplaceAll(out, []byte("Q2CKYRLH85UNN4"), []byte(pagerdutytest.IncidentID))
	for i := 0; i+1 < len(edits); i += 2 {
		out = bytes.ReplaceAll(out, []byte(edits[i]), []byte(edits[i+1]))
	}
	mac := hmac.New(sha256.New, []byte(testWebhookSecret))
	mac.Write(out)
	return out, "v1=" + hex.EncodeToString(mac.Sum(nil))
}

func postWebhook(t *testing.T, base string, body []byte, sig string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+pagerduty.WebhookPath, bytes.NewReader(body))
	req.Header.Set("X-PagerDuty-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("webhook answered %d %s", resp.StatusCode, b)
	}
	return string(b)
}

// TestPagerDutyWholeStory: open from PagerDuty, sync, webhooks arrive,
// notes both ways, acknowledge and resolve from sitrep — each event once,
// in order, with the right actors and milestones.
func TestPagerDutyWholeStory(t *testing.T) {
	c, fake := pdCLI(t)
	ctx := context.Background()
	ackAt := time.Date(2015, 11, 10, 0, 32, 52, 0, time.UTC)
	fake.AddLogEntry(pagerdutytest.IncidentID, pagerdutytest.LogEntry{Type: "notify", At: ackAt.Add(-time.Minute), Agent: "Another Escalation Policy", User: "Earline Greenholt", Channel: "sms"})
	fake.AddLogEntry(pagerdutytest.IncidentID, pagerdutytest.LogEntry{Type: "acknowledge", At: ackAt, Agent: "Earline Greenholt", Channel: "sms"})

	// 1. Open from PagerDuty: title, severity (P2), detected at created_at.
	if out := mustPD(c, "open", "--pagerduty", pagerdutytest.IncidentID); strings.TrimSpace(out) != "INC-1" {
		t.Fatalf("open printed %q", out)
	}
	s := c.store()
	inc, err := s.Get(ctx, "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2015, 10, 6, 21, 30, 42, 0, time.UTC)
	if inc.Title != "The server is on fire." || inc.Severity != 2 || inc.Links["pagerduty"] != pagerdutytest.IncidentID || !inc.Milestones[timeline.Detected].Equal(created) {
		t.Fatalf("opened %+v", inc)
	}

	// 2. Sync: the trigger entry is the page already stored; notify and ack land.
	mustPD(c, "sync")

	// 3. Webhooks: the same ack (stored once), an escalation (new), a note
	// written in PagerDuty (new), a replay (once).
	base := serveForTest(t, c)
	ackHook, ackSig := webhook(t, "aldaviva.incident.acknowledged.body.json", "EVACK1", ackAt.Add(731*time.Millisecond))
	if got := postWebhook(t, base, ackHook, ackSig); !strings.Contains(got, "duplicate") {
		t.Errorf("the ack webhook for a synced ack: %q, want duplicate", got)
	}
	escAt := ackAt.Add(10 * time.Minute)
	esc, escSig := webhook(t, "aldaviva.incident.triggered.body.json", "EVESC1", escAt, "incident.triggered", "incident.escalated")
	for range 2 {
		postWebhook(t, base, esc, escSig)
	}
	noteAt := ackAt.Add(12 * time.Minute)
	note, noteSig := webhook(t, "aldaviva.incident.annotated.body.json", "EVNOTE1", noteAt, "Resolution Note: I'm resolving it", "mail relay queue is draining")
	postWebhook(t, base, note, noteSig)

	// 4. A note from sitrep to PagerDuty; its webhook and the next sync
	// know it.
	c.now = time.Date(2015, 11, 10, 0, 50, 0, 0, time.UTC)
	mustPD(c, "note", "--pagerduty", "failing over to the standby relay")
	if notes := fake.Notes(pagerdutytest.IncidentID); !strings.HasPrefix(notes[len(notes)-1], "failing over to the standby relay\n— alice") {
		t.Errorf("PagerDuty notes: %q", notes)
	}

	// 5. Resolve here and in PagerDuty; the resolve log entry syncs back.
	mustPD(c, "resolve", "--pagerduty")
	if fake.Status(pagerdutytest.IncidentID) != "resolved" {
		t.Error("PagerDuty incident not resolved")
	}
	mustPD(c, "sync")

	events, err := s.Events(ctx, "INC-1", incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	count := map[timeline.Kind]int{}
	var posted int
	for i, e := range events {
		if e.Ref != "" {
			if refs[e.Ref] {
				t.Errorf("ref %s stored twice", e.Ref)
			}
			refs[e.Ref] = true
		}
		if i > 0 && e.Before(events[i-1]) {
			t.Errorf("events out of order at %d", i)
		}
		count[e.Kind]++
		if strings.Contains(e.Text, "failing over to the standby relay") {
			posted++
			if e.Actor != "alice" || e.Source != timeline.SourceCLI {
				t.Errorf("the posted note is %+v; want alice's own note", e)
			}
		}
	}
	if posted != 1 {
		t.Errorf("the posted note is stored %d times", posted)
	}
	for kind, want := range map[timeline.Kind]int{
		timeline.KindPage: 1, timeline.KindNotify: 1, timeline.KindAck: 1, timeline.KindEscalate: 1, timeline.KindResolve: 1,
	} {
		if count[kind] != want {
			t.Errorf("%d %s events, want %d", count[kind], kind, want)
		}
	}
	// Notes: the two fixture notes, the webhook's, and alice's.
	if count[timeline.KindNote] != 4 {
		t.Errorf("%d notes, want 4", count[timeline.KindNote])
	}
	byKind := func(k timeline.Kind) timeline.Event {
		for _, e := range events {
			if e.Kind == k {
				return e
			}
		}
		return timeline.Event{}
	}
	if e := byKind(timeline.KindAck); e.Actor != "Earline Greenholt" || e.Attr(pagerduty.AttrChannel) != "sms" {
		t.Errorf("ack %+v", e)
	}
	if e := byKind(timeline.KindNotify); e.Attr(timeline.AttrWho) != "Earline Greenholt" {
		t.Errorf("notify %+v", e)
	}
	if e := byKind(timeline.KindEscalate); e.Actor != "Earline Greenholt" || !e.At.Equal(escAt) {
		t.Errorf("escalate %+v", e)
	}
	if e := byKind(timeline.KindResolve); e.Actor != "Earline Greenholt" {
		t.Errorf("resolve %+v", e)
	}
	inc, _ = s.Get(ctx, "INC-1")
	want := map[timeline.Milestone]time.Time{
		timeline.Detected:     created,
		timeline.Acknowledged: ackAt,
		timeline.Resolved:     time.Date(2015, 11, 10, 1, 0, 0, 0, time.UTC), // the fake's clock, when PagerDuty resolved it
	}
	for m, at := range want {
		if !inc.Milestones[m].Equal(at) {
			t.Errorf("%s = %v, want %v", m, inc.Milestones[m], at)
		}
	}
	health := mustPD(c, "show", "--json")
	if strings.Contains(health, pagerdutytest.Token) {
		t.Error("the token reached show --json")
	}
}

func TestPagerDutyCommandErrors(t *testing.T) {
	c, fake := pdCLI(t)
	_, errs, code := runPD(c, "open", "--pagerduty", "PNOPE00")
	if code != 1 || !strings.Contains(errs, "no such PagerDuty incident PNOPE00") || !strings.Contains(errs, "; use the ID at the end") {
		t.Errorf("unknown incident: %d %q", code, errs)
	}
	c.env["PAGERDUTY_TOKEN"] = "wrong"
	_, errs, code = runPD(c, "open", "--pagerduty", pagerdutytest.IncidentID)
	if code != 1 || !strings.HasPrefix(errs, "sitrep: PagerDuty token rejected (HTTP 401); check PAGERDUTY_TOKEN") {
		t.Errorf("bad token: %d %q", code, errs)
	}
	c.env["PAGERDUTY_TOKEN"] = pagerdutytest.Token
	mustPD(c, "open", "no", "pager", "yet")
	_, errs, code = runPD(c, "sync")
	if code != 1 || !strings.Contains(errs, "sitrep link pagerduty ID") {
		t.Errorf("sync without links: %d %q", code, errs)
	}
	mustPD(c, "link", "pagerduty", pagerdutytest.IncidentID)
	delete(c.env, "PAGERDUTY_TOKEN")
	_, errs, code = runPD(c, "sync")
	if code != 1 || !strings.Contains(errs, "PAGERDUTY_TOKEN is not set; create a REST API key") {
		t.Errorf("sync without a token: %d %q", code, errs)
	}
	h, err := c.store().Health(context.Background(), "INC-1")
	if err != nil || !strings.HasPrefix(h["pagerduty"].LastError, "PAGERDUTY_TOKEN is not set") {
		t.Errorf("health after a failed sync: %v %v", h, err)
	}
	c.env["PAGERDUTY_TOKEN"] = pagerdutytest.Token
	_, errs, code = runPD(c, "status", "monitoring", "--pagerduty")
	if code != 2 {
		t.Errorf("status monitoring --pagerduty: %d %q, want a usage error", code, errs)
	}
	delete(c.env, "PAGERDUTY_FROM")
	_, errs, code = runPD(c, "status", "ack", "--pagerduty")
	if code != 1 || !strings.Contains(errs, "export PAGERDUTY_FROM=") {
		t.Errorf("ack without From: %d %q", code, errs)
	}
	if fake.Status(pagerdutytest.IncidentID) != "acknowledged" {
		t.Errorf("the fixture incident changed to %s", fake.Status(pagerdutytest.IncidentID))
	}
	delete(c.env, "PAGERDUTY_WEBHOOK_SECRET")
	_, errs, code = runPD(c, "serve", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "set PAGERDUTY_WEBHOOK_SECRET") {
		t.Errorf("serve without a secret: %d %q", code, errs)
	}
}
