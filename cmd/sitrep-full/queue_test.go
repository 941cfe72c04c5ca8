package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestQueueTakenOffOnlyByDone: drafting a review in any format leaves the
// incident queued; `queue done` takes it off and `queue add` puts it back.
func TestQueueTakenOffOnlyByDone(t *testing.T) {
	c := reviewedIncident(t)
	c.now = c.now.Add(50 * time.Hour)
	out := c.must("queue")
	if !strings.Contains(out, "INC-1") || !strings.Contains(out, "waited 2d2h") || !strings.Contains(out, "SEV3 or worse") {
		t.Fatalf("queue:\n%s", out)
	}
	for _, format := range []string{"md", "html", "json"} {
		c.must("review", "1", "--format", format)
	}
	if out := c.must("queue"); !strings.Contains(out, "INC-1") {
		t.Fatalf("drafting a review took INC-1 off the queue:\n%s", out)
	}
	if _, errs, code := c.run("queue", "done", "1"); code != 0 || !strings.Contains(errs, "INC-1: review held") {
		t.Fatalf("queue done: exit %d, %q", code, errs)
	}
	if out := c.must("queue"); strings.Contains(out, "INC-1") {
		t.Errorf("INC-1 still queued after queue done:\n%s", out)
	}
	if out := c.must("list", "--needs-review"); strings.Contains(out, "INC-1") {
		t.Errorf("list --needs-review still lists INC-1:\n%s", out)
	}
	c.must("queue", "add", "INC-1")
	var q struct {
		Line      string `json:"min_severity"`
		Ungrouped []struct {
			ID      string `json:"id"`
			Waiting int64  `json:"waiting_seconds"`
		} `json:"ungrouped"`
		Sessions []struct{ Incidents []string } `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(c.must("queue", "--json")), &q); err != nil {
		t.Fatal(err)
	}
	if q.Line != "SEV3" || len(q.Ungrouped) != 1 || q.Ungrouped[0].ID != "INC-1" || q.Ungrouped[0].Waiting != 50*3600 || len(q.Sessions) != 1 {
		t.Errorf("queue --json after add = %+v", q)
	}
	// The line: INC-1 peaked at SEV2.
	if out := c.must("queue", "--min-sev", "1"); strings.Contains(out, "  INC-1") || !strings.Contains(out, "Below the line: 1") {
		t.Errorf("--min-sev 1:\n%s", out)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"queue", "--min-sev", "9"}, 2, "SEV1"},
		{[]string{"queue", "done", "9"}, 1, "INC-9"},
		{[]string{"queue", "done"}, 2, "arg"},
	} {
		if _, errs, code := c.run(tc.args...); code != tc.code || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want %d mentioning %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

// TestQueueGroupsRelatedIncidents: two incidents with the same factor in
// different words form a batch; a third stands on its own under its own
// heading, not under the batch's.
func TestQueueGroupsRelatedIncidents(t *testing.T) {
	c := newCLI(t)
	c.now = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	for _, inc := range []struct{ title, factor string }{
		{"Checkout 500s", "connection pool size left at the library default"},
		{"Search timeouts", "the default connection pool was too small under retries"},
		{"DNS outage", "zone file pushed without a syntax check"},
	} {
		c.must("open", inc.title, "--sev", "2")
		c.must("note", "--kind", "factor", inc.factor)
		c.now = c.now.Add(time.Hour)
		c.must("resolve")
	}
	out := c.must("queue")
	batch := strings.Index(out, "Batch 1: 2 incidents share factor")
	loose := strings.Index(out, "Not related to another queued incident")
	dns := strings.Index(out, "DNS outage")
	if batch < 0 || loose < batch || dns < loose || strings.Count(out[batch:loose], "INC-") != 2 {
		t.Errorf("queue:\n%s", out)
	}
	if !strings.Contains(out, "1. INC-1, INC-2 (batch 1)") || !strings.Contains(out, "2. INC-3\n") {
		t.Errorf("sessions:\n%s", out)
	}
}
