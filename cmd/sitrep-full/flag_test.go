package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFlagKeyHideClear(t *testing.T) {
	c := newCLI(t)
	c.must("open", "Checkout returns 500s", "--sev", "2")
	c.must("note", "p99 is fine, errors are all from pool exhaustion")
	c.must("note", "oops wrong channel")
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(c.must("timeline", "--json")), "\n") {
		var e struct{ ID, Kind, Text string }
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if e.Kind == "note" {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) != 2 {
		t.Fatalf("notes: %v", ids)
	}
	show := func() (key, hidden []string) {
		var inc struct {
			Key    []string `json:"key_events"`
			Hidden []string `json:"hidden_events"`
		}
		if err := json.Unmarshal([]byte(c.must("show", "--json")), &inc); err != nil {
			t.Fatal(err)
		}
		return inc.Key, inc.Hidden
	}
	c.must("flag", ids[0])
	c.must("flag", ids[1][len(ids[1])-6:], "--hide")
	if key, hidden := show(); len(key) != 1 || key[0] != ids[0] || len(hidden) != 1 || hidden[0] != ids[1] {
		t.Errorf("after flag: key %v hidden %v", key, hidden)
	}
	if out := c.must("review"); strings.Contains(out, "wrong channel") {
		t.Errorf("hidden note in the draft:\n%s", out)
	}
	c.must("flag", ids[1], "--clear")
	c.must("flag", ids[0], "--clear")
	if key, hidden := show(); len(key) != 0 || len(hidden) != 0 {
		t.Errorf("after --clear: key %v hidden %v", key, hidden)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"flag", "nonesuch"}, 1, "timeline --json"},
		{[]string{"flag", ids[0], "--key", "--hide"}, 2, "give one of them"},
	} {
		if _, errs, code := c.run(tc.args...); code != tc.code || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want %d mentioning %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

// TestFlagSummary: `flag EVENT --summary` makes the event's text the
// draft's Summary; a later summary note or summary flag replaces it, and
// --clear takes it back. Through the real binary, each command a process
// with its own clock reading, as people run them.
func TestFlagSummary(t *testing.T) {
	c := newProc(t)
	c.must("open", "Checkout returns 500s", "--sev", "2")
	c.must("note", "Checkout failed for 20 minutes while the pool was exhausted; the rollback ended it")
	c.must("note", "pool at 20/20 connections")
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(c.must("timeline", "--json")), "\n") {
		var e struct{ ID, Kind string }
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if e.Kind == "note" {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) != 2 {
		t.Fatalf("notes: %v", ids)
	}
	summary := func() (event, section string) {
		var inc struct {
			Summary string `json:"summary_event"`
		}
		if err := json.Unmarshal([]byte(c.must("show", "--json")), &inc); err != nil {
			t.Fatal(err)
		}
		md := c.must("review")
		_, after, _ := strings.Cut(md, "## Summary\n")
		section, _, _ = strings.Cut(after, "\n## ")
		return inc.Summary, strings.TrimSpace(section)
	}
	if ev, s := summary(); ev != "" || !strings.Contains(s, "To write:") {
		t.Errorf("before any summary: event %q, section %q; want the prompt", ev, s)
	}
	c.must("flag", ids[0])
	if _, s := summary(); !strings.Contains(s, "To write:") {
		t.Errorf("a key note became the summary: %q", s)
	}
	c.must("flag", ids[0][len(ids[0])-6:], "--summary")
	if ev, s := summary(); ev != ids[0] || !strings.Contains(s, "the rollback ended it") || strings.Contains(s, "To write:") {
		t.Errorf("after flag --summary: event %q, section %q", ev, s)
	}
	c.must("flag", ids[1], "--summary")
	if ev, s := summary(); ev != ids[1] || !strings.Contains(s, "pool at 20/20") || strings.Contains(s, "rollback ended it") {
		t.Errorf("after flagging another: event %q, section %q", ev, s)
	}
	c.must("note", "--kind", "summary", "A written summary: the pool ran out and the rollback fixed it")
	if _, s := summary(); !strings.Contains(s, "A written summary") {
		t.Errorf("a later summary note does not win: %q", s)
	}
	c.must("flag", ids[1], "--summary")
	if _, s := summary(); !strings.Contains(s, "pool at 20/20") {
		t.Errorf("a later summary flag does not win: %q", s)
	}
	c.must("flag", ids[1], "--clear")
	if ev, s := summary(); ev != "" || !strings.Contains(s, "A written summary") {
		t.Errorf("after --clear: event %q, section %q; want the summary note back", ev, s)
	}
	if _, errs, code := c.run("", "flag", ids[0], "--summary", "--key"); code != 2 || !strings.Contains(errs, "give one of them") {
		t.Errorf("--summary --key: exit %d, %q", code, errs)
	}
	if out := c.must("flag", "--help"); !strings.Contains(out, "--summary") {
		t.Errorf("flag --help does not document --summary:\n%s", out)
	}
}
