package pagerduty

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty/pagerdutytest"
	"github.com/sitrep-dev/sitrep/timeline"
)

type vector struct {
	EventType string `json:"event_type"`
	Header    string `json:"header"`
	Valid     bool   `json:"valid"`
	BodyFile  string `json:"body_file"`
}

// captured returns the captured webhooks with their real signatures and
// the secret they were signed with.
func captured(t *testing.T) (secret string, vectors []vector, dir string) {
	t.Helper()
	dir = filepath.Join(pagerdutytest.FixturesDir(t), "webhooks", "captured")
	var f struct {
		Secret  string
		Vectors []vector
	}
	b, err := os.ReadFile(filepath.Join(dir, "aldaviva.signature-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Secret, f.Vectors, dir
}

type hookServer struct {
	url   string
	store *incident.Store
	logs  *bytes.Buffer
}

func newHookServer(t *testing.T, secret string, autoOpen bool) *hookServer {
	t.Helper()
	s := newStore(t)
	var logs bytes.Buffer
	h := &WebhookHandler{Store: s, Secret: secret, AutoOpen: autoOpen}
	srv := httptest.NewServer(integrations.NewHandler(
		[]integrations.Route{{Pattern: "POST " + WebhookPath, Handler: h}},
		slog.New(slog.NewJSONHandler(&logs, nil))))
	t.Cleanup(srv.Close)
	return &hookServer{url: srv.URL + WebhookPath, store: s, logs: &logs}
}

func (h *hookServer) post(t *testing.T, body []byte, signature string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", h.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-PagerDuty-Signature", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (h *hookServer) head(t *testing.T) uint64 {
	n, err := h.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCapturedWebhooksVerifyAndLand(t *testing.T) {
	secret, vectors, dir := captured(t)
	h := newHookServer(t, secret, false)
	ctx := context.Background()
	inc, err := h.store.Create(ctx, incident.NewIncident{Title: "test", Actor: "ben", Links: map[string]string{Name: "Q2CKYRLH85UNN4"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		kind timeline.Kind
		text string
	}{
		"incident.triggered":    {timeline.KindPage, "triggered: Test"},
		"incident.acknowledged": {timeline.KindAck, "acknowledged: Test"},
		"incident.annotated":    {timeline.KindNote, "Resolution Note: I'm resolving it"},
		"incident.resolved":     {timeline.KindResolve, "resolved: Test"},
	}
	for _, v := range vectors {
		if !v.Valid {
			continue
		}
		body, err := os.ReadFile(filepath.Join(dir, v.BodyFile))
		if err != nil {
			t.Fatal(err)
		}
		before := h.head(t)
		code, answer := h.post(t, body, v.Header)
		if code != 200 {
			t.Fatalf("%s: %d %s", v.EventType, code, answer)
		}
		if v.EventType == "pagey.ping" {
			if h.head(t) != before {
				t.Error("a ping stored something")
			}
			continue
		}
		evs, _, _ := h.store.Changes(ctx, before, inc.ID, 0)
		w := want[v.EventType]
		if len(evs) != 1 || evs[0].Kind != w.kind || evs[0].Text != w.text || evs[0].Actor != "Ben" || evs[0].Source != timeline.SourcePagerDuty {
			t.Errorf("%s landed as %+v; want %s %q by Ben", v.EventType, evs, w.kind, w.text)
		}
		// A replay (PagerDuty retries for 48 h) is stored once.
		if code, answer := h.post(t, body, v.Header); code != 200 || !strings.Contains(answer, "duplicate") {
			t.Errorf("%s replayed: %d %q, want 200 duplicate", v.EventType, code, answer)
		}
	}
	got, _ := h.store.Get(ctx, inc.ID)
	for _, m := range []timeline.Milestone{timeline.Detected, timeline.Acknowledged, timeline.Resolved} {
		if got.Milestones[m].IsZero() {
			t.Errorf("milestone %s not derived from the webhooks", m)
		}
	}
	if got.Milestones[timeline.Detected].Format("15:04:05") != "03:47:13" {
		t.Errorf("detected = %v, want the trigger's time", got.Milestones[timeline.Detected])
	}
	if strings.Contains(h.logs.String(), secret) || strings.Contains(h.logs.String(), "v1=") || strings.Contains(h.logs.String(), "resolving it") {
		t.Errorf("the request log holds a secret, a signature or a body:\n%s", h.logs)
	}
	if !strings.Contains(h.logs.String(), `"event_id":"01FKZSRAPTMF55RE69G8BQHGC6"`) {
		t.Errorf("the request log lacks the event id:\n%s", h.logs)
	}
}

func TestBadWebhooksChangeNothing(t *testing.T) {
	secret, vectors, dir := captured(t)
	h := newHookServer(t, secret, true)
	var trig vector
	for _, v := range vectors {
		if v.EventType == "incident.triggered" {
			trig = v
		}
	}
	body, err := os.ReadFile(filepath.Join(dir, trig.BodyFile))
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(body, []byte(`"Test"`), []byte(`"Tesu"`), 1)
	other := newHookServer(t, "not-the-secret", true)
	big := append(bytes.Repeat([]byte(" "), integrations.MaxBodyBytes), body...)
	for _, tc := range []struct {
		name string
		h    *hookServer
		body []byte
		sig  string
		want int
	}{
		{"a changed byte", h, changed, trig.Header, 403},
		{"a wrong secret", other, body, trig.Header, 403},
		{"a missing header", h, body, "", 400},
		{"a body over 1 MiB", h, big, trig.Header, 413},
		{"invalid JSON", h, []byte(`{"event":`), signature(secret, []byte(`{"event":`)), 400},
		{"JSON that is not a webhook", h, []byte(`[1,2]`), signature(secret, []byte(`[1,2]`)), 400},
		{"the invalid vector", h, mustRead(t, filepath.Join(dir, "aldaviva.pagey.ping.body.json")), vectors[0].Header, 403},
	} {
		before := tc.h.head(t)
		code, _ := tc.h.post(t, tc.body, tc.sig)
		if code != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, code, tc.want)
		}
		if after := tc.h.head(t); after != before {
			t.Errorf("%s changed the store", tc.name)
		}
	}
	// The same body, correctly signed, auto-opens an incident, once.
	for range 2 {
		if code, answer := h.post(t, body, trig.Header); code != 200 {
			t.Fatalf("%d %s", code, answer)
		}
	}
	all, _ := h.store.List(context.Background())
	if len(all) != 1 || all[0].Title != "Test" || all[0].Links[Name] != "Q2CKYRLH85UNN4" || all[0].Severity != 4 {
		t.Fatalf("auto-open made %+v; want one incident \"Test\" linked to Q2CKYRLH85UNN4 at SEV4 (low urgency)", all)
	}
}

func TestSignatureWithSpaceAfterComma(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(pagerdutytest.FixturesDir(t), "webhooks", "captured", "go-pagerduty.signature-vector.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Secret        string
		BodyFile      string `json:"body_file"`
		ValidHeader   string `json:"valid_header"`
		MismatchHeade string `json:"mismatch_header"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	body := mustRead(t, filepath.Join(pagerdutytest.FixturesDir(t), "webhooks", "captured", v.BodyFile))
	h := newHookServer(t, v.Secret, false)
	if _, err := h.store.Create(context.Background(), incident.NewIncident{Title: "bump", Actor: "x", Links: map[string]string{Name: "PGR0VU2"}}); err != nil {
		t.Fatal(err)
	}
	before := h.head(t)
	if code, answer := h.post(t, body, v.MismatchHeade+", "+v.ValidHeader); code != 200 || !strings.Contains(answer, "stored") {
		t.Fatalf("\"v1=bad, v1=good\": %d %q; want it verified and stored", code, answer)
	}
	evs, _, _ := h.store.Changes(context.Background(), before, "INC-1", 0)
	if len(evs) != 1 || evs[0].Kind != timeline.KindSeverity || evs[0].Attr(timeline.AttrNew) != "SEV1" {
		t.Errorf("priority_updated to P1 landed as %+v; want severity SEV1", evs[0])
	}
	if code, _ := h.post(t, body, v.MismatchHeade); code != 403 {
		t.Errorf("mismatching signature alone: %d, want 403", code)
	}
}

// TestEveryFixturePayloadParses reads every webhook payload in the
// fixtures: envelopes convert (incident ones to one event each), bare
// event.data shapes decode and name their incident.
func TestEveryFixturePayloadParses(t *testing.T) {
	root := filepath.Join(pagerdutytest.FixturesDir(t), "webhooks")
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") || strings.Contains(path, "signature-vector") {
			return err
		}
		n++
		body := mustRead(t, path)
		name := filepath.Base(path)
		switch {
		case strings.Contains(name, "_event_data."):
			var d EventData
			if err := json.Unmarshal(body, &d); err != nil {
				t.Errorf("%s: %v", name, err)
			} else if !strings.Contains(name, "service") && d.IncidentID() == "" {
				t.Errorf("%s: no incident found in the data", name)
			}
		case strings.HasPrefix(name, "00_create_webhook_subscription"):
			var v map[string]any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		default:
			w, d, err := ParseWebhook(body)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				return nil
			}
			evs := WebhookEvents(w, d)
			isIncident := w.Event.ResourceType == "incident"
			if isIncident != (len(evs) == 1) {
				t.Errorf("%s (%s): %d events", name, w.Event.EventType, len(evs))
			}
			for _, e := range evs {
				e.Incident = "INC-1"
				if err := e.Validate(); err != nil || !strings.HasPrefix(e.Ref, "pagerduty/") || e.Text == "" {
					t.Errorf("%s → %+v: %v", name, e, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("read %d payloads; the fixtures have more", n)
	}
}

// TestWebhookAndSyncDedup checks that an action reported by both a webhook
// and a log entry is stored once, whichever arrives first.
func TestWebhookAndSyncDedup(t *testing.T) {
	_, vectors, dir := captured(t)
	for _, v := range vectors {
		if v.EventType != "incident.acknowledged" {
			continue
		}
		body := mustRead(t, filepath.Join(dir, v.BodyFile))
		w, d, err := ParseWebhook(body)
		if err != nil {
			t.Fatal(err)
		}
		hook := WebhookEvents(w, d)[0]
		at, _ := parseTime(w.Event.OccurredAt)
		le := logEntryFor("acknowledge", at.Truncate(1e9), "Ben")
		logEv, _ := LogEntryEvent(d.IncidentID(), le)
		for _, order := range [][]timeline.Event{{hook, logEv}, {logEv, hook}} {
			s := newStore(t)
			inc, _ := s.Create(context.Background(), incident.NewIncident{Title: "t", Actor: "x", Links: map[string]string{Name: d.IncidentID()}})
			for _, e := range order {
				e.Incident = inc.ID
				if _, err := s.Append(context.Background(), e); err != nil {
					t.Fatal(err)
				}
			}
			evs, _ := s.Events(context.Background(), inc.ID, incident.Query{})
			acks := 0
			for _, e := range evs {
				if e.Kind == timeline.KindAck {
					acks++
				}
			}
			if acks != 1 {
				t.Errorf("%s first: %d acks stored, want 1", order[0].Ref, acks)
			}
		}
	}
}

func signature(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func logEntryFor(typ string, at time.Time, agent string) pd.LogEntry {
	var le pd.LogEntry
	le.ID = "RLOG" + typ
	le.Type = typ + "_log_entry"
	le.CreatedAt = at.UTC().Format(time.RFC3339)
	le.Agent.Summary = agent
	le.Summary = typ + " by " + agent
	return le
}
