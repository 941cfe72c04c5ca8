package pagerduty

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/incident"
)

func reassigned(t *testing.T, eventID string, assignees int) []byte {
	t.Helper()
	var as []map[string]string
	for i := range assignees {
		as = append(as, map[string]string{"id": fmt.Sprintf("P%05d", i), "summary": "u"})
	}
	b, err := json.Marshal(map[string]any{"event": map[string]any{
		"id": eventID, "event_type": "incident.reassigned", "resource_type": "incident",
		"occurred_at": "2026-11-01T10:00:00Z",
		"agent":       map[string]string{"id": "PBEN", "type": "user_reference", "summary": "Ben"},
		"data":        map[string]any{"id": "PINC1", "type": "incident", "title": "disk full", "assignees": as},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A validly signed webhook that could never be stored is answered 200 with
// the reason logged, not 503 forever (PagerDuty retries for 48 hours);
// 20,000 assignees are stored (their list is hashed into the dedup key).
func TestWebhookThatCanNeverBeStored(t *testing.T) {
	const secret = "s3cret"
	h := newHookServer(t, secret, false)
	ctx := context.Background()
	if _, err := h.store.Create(ctx, incident.NewIncident{Title: "t", Actor: "x", Links: map[string]string{Name: "PINC1"}}); err != nil {
		t.Fatal(err)
	}

	body := reassigned(t, "01EVENTMANYASSIGNEES", 20_000)
	if len(body) > 1<<20 {
		t.Fatalf("body %d bytes, over the receiver's limit", len(body))
	}
	head := h.head(t)
	code, out := h.post(t, body, signature(secret, body))
	if code != http.StatusOK || !strings.Contains(out, "stored") || h.head(t) != head+1 {
		t.Fatalf("20,000 assignees: %d %q, head %d → %d", code, out, head, h.head(t))
	}
	if code, out := h.post(t, body, signature(secret, body)); code != http.StatusOK || !strings.Contains(out, "duplicate") {
		t.Errorf("the retry: %d %q, want a duplicate", code, out)
	}

	// An event ID longer than any bbolt key: never storable.
	body = reassigned(t, strings.Repeat("E", 40_000), 1)
	head = h.head(t)
	for range 2 {
		code, out := h.post(t, body, signature(secret, body))
		if code != http.StatusOK || !strings.Contains(out, "dropped") {
			t.Fatalf("unstorable webhook: %d %q, want 200 and dropped", code, out)
		}
	}
	if h.head(t) != head {
		t.Error("the store changed")
	}
	if !strings.Contains(h.logs.String(), `"outcome":"dropped: it can never be stored: key too large`) {
		t.Errorf("the log does not say why it was dropped:\n%.2000s", h.logs.String())
	}
}
