package main

import (
	"os/exec"
	"strings"
	"testing"
)

// handBuiltIncident is an incident made only with the CLI, as responders
// do it from their shells: nothing flagged in a TUI.
func handBuiltIncident(t *testing.T) *proc {
	p := newProc(t)
	p.must("open", "Checkout returns 500s", "--sev", "2", "--commander", "alice", "--author", "alice")
	p.must("note", "--author", "bob", "error rate 40% on checkout; p99 latency normal; DB pool pinned at max_conns=20")
	p.must("note", "--author", "carol", "pool exhaustion began right after the 14:40 deploy: the new client opens a pool per request")
	p.must("run", "--author", "dave", "--", "true")
	p.must("role", "commander", "bob", "--author", "alice")
	p.must("note", "--kind", "factor", "--author", "carol", "the client library's pool default changed between versions")
	p.must("note", "--kind", "question", "--author", "bob", "which other services use the new client?")
	p.must("note", "--author", "dave", "Honestly someone should have checked the pool size; human error")
	p.must("action", "add", "alert on pool saturation", "--owner", "erin", "--type", "detect", "--due", "2026-12-15",
		"--ticket", "https://tickets.example.com/browse/OPS-12", "--author", "bob")
	p.must("note", "--kind", "summary", "--author", "bob", "Checkout failed while a new client exhausted the DB pool; rolling back restored it.")
	p.must("mark", "mitigated", "--author", "bob")
	p.must("resolve", "--author", "bob")
	return p
}

// TestHandBuiltIncidentTellsItsStory: the draft of a CLI-only incident
// carries the diagnosis notes, the command, the handoff and everyone who
// acted, and quotes the summary someone wrote rather than a flagged note.
func TestHandBuiltIncidentTellsItsStory(t *testing.T) {
	p := handBuiltIncident(t)
	md := p.must("review")
	for _, want := range []string{
		"bob noted: “error rate 40% on checkout; p99 latency normal; DB pool pinned at max_conns=20”",
		"carol noted: “pool exhaustion began right after the 14:40 deploy: the new client opens a pool per request”",
		"dave ran `$ true → exit 0",
		"commander handoff: alice → bob",
		"carol named a contributing factor: “the client library's pool default changed between versions”",
		"bob asked: “which other services use the new client?”",
		"“Checkout failed while a new client exhausted the DB pool; rolling back restored it.”",
		"| 1 | “alert on pool saturation” | detect | erin | 2026-12-15 | [OPS-12](https://tickets.example.com/browse/OPS-12) | open |",
		"incident: INC-1\n",
		"review_status: draft\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
	people := md[strings.Index(md, "## People"):strings.Index(md, "## Links")]
	for _, who := range []string{"alice", "bob", "carol", "dave", "erin"} {
		if !strings.Contains(people, "| "+who+" |") || (who != "erin" && !strings.Contains(people, "- **"+who+"**")) {
			t.Errorf("%s is not among the people, or has no questions:\n%s", who, people)
		}
	}
	if strings.Contains(people, "why") || strings.Contains(people, "Why") {
		t.Errorf("questions ask why, not how:\n%s", people)
	}
	if strings.Contains(md, "To write:* two or three sentences") {
		t.Error("the summary written with note --kind summary is missing")
	}
	// The notes' blame is listed to reconsider, never tripping the lint.
	if !strings.Contains(md, "`human error`") {
		t.Error("the wording section does not list dave's note")
	}
}

// TestReviewPassesItsOwnLint pipes every template's draft into
// `sitrep lint -` through the real binary: generated text never trips it.
func TestReviewPassesItsOwnLint(t *testing.T) {
	p := handBuiltIncident(t)
	for _, tmpl := range []string{"default", "sre", "pagerduty"} {
		review := exec.Command(sitrepBin, "review", "--template", tmpl)
		lint := exec.Command(sitrepBin, "lint", "-")
		review.Env, lint.Env = p.environ(), p.environ()
		pipe, err := review.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		lint.Stdin = pipe
		var out strings.Builder
		lint.Stdout, lint.Stderr = &out, &out
		if err := lint.Start(); err != nil {
			t.Fatal(err)
		}
		if err := review.Run(); err != nil {
			t.Fatalf("review --template %s: %v", tmpl, err)
		}
		if err := lint.Wait(); err != nil {
			t.Errorf("sitrep review --template %s | sitrep lint -: %v\n%s", tmpl, err, out.String())
		}
	}
}

// TestReviewShowsOffsetsAcrossDST: spring forward in Berlin, 2026-03-29
// 02:00 CET → 03:00 CEST. Impact 01:58 CET to 03:05 CEST is 7 minutes,
// and each time shows its offset.
func TestReviewShowsOffsetsAcrossDST(t *testing.T) {
	p := newProc(t)
	events := strings.Join([]string{
		`{"incident":"INC-1","at":"2026-03-29T00:55:00Z","source":"cli","kind":"title","actor":"alice","text":"opened: Night batch stalls","attrs":{"new":"Night batch stalls"}}`,
		`{"incident":"INC-1","at":"2026-03-29T00:55:00Z","source":"cli","kind":"severity","actor":"alice","text":"severity SEV3","attrs":{"new":"SEV3"}}`,
		`{"incident":"INC-1","at":"2026-03-29T00:58:00Z","source":"cli","kind":"milestone","actor":"alice","text":"started","attrs":{"milestone":"started"}}`,
		`{"incident":"INC-1","at":"2026-03-29T01:02:00Z","source":"cli","kind":"note","actor":"bob","text":"the batch scheduler skipped the 02:30 slot that does not exist tonight"}`,
		`{"incident":"INC-1","at":"2026-03-29T01:05:00Z","source":"cli","kind":"milestone","actor":"alice","text":"resolved","attrs":{"milestone":"resolved"}}`,
		`{"incident":"INC-1","at":"2026-03-29T01:05:00Z","source":"cli","kind":"status","actor":"alice","text":"status resolved","attrs":{"new":"resolved"}}`,
	}, "\n") + "\n"
	if _, errs, code := p.run(events, "import", "jsonl", "-", "--create"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	md := p.must("review", "1", "--tz", "Europe/Berlin")
	for _, want := range []string{
		"**01:58 +01:00** [impact began]",
		"**03:02 +02:00** bob noted:",
		"**03:05 +02:00** [impact ended]",
		"| impact | 7m | impact = resolved − started |",
		"Europe/Berlin (CET, UTC+01:00; CEST, UTC+02:00 from 2026-03-29 03:00)",
		"| 01:58:00 +01:00 | milestone |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Berlin draft lacks %q", want)
		}
	}
	if utc := p.must("review", "1"); strings.Contains(utc, "+00:00") || !strings.Contains(utc, "**00:58** [impact began]") {
		t.Errorf("a UTC draft shows offsets, or lacks 00:58:\n%s", utc)
	}
}
