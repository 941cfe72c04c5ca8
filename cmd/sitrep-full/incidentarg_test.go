package main

import (
	"strings"
	"testing"
)

// Every command acting on one incident takes it as an optional first
// argument and as -i/--incident; the active incident is the default.
func TestIncidentIDEverywhere(t *testing.T) {
	c := newCLI(t)
	c.must("open", "first", "--sev", "3")
	c.must("open", "second") // active
	for _, tc := range []struct {
		args  []string
		check []string // show --json --jq on INC-1 after it
		want  string
	}{
		{[]string{"note", "INC-1", "3 pods restarted"}, []string{"timeline", "1", "--jq", `select(.kind=="note") | .text`}, "3 pods restarted\n"},
		{[]string{"note", "-i", "1", "via flag"}, []string{"timeline", "-i", "1", "--last", "1", "--jq", ".text"}, "via flag\n"},
		{[]string{"status", "1", "monitoring"}, []string{"status", "1"}, "monitoring\n"},
		{[]string{"status", "INC-1", "identified"}, []string{"status", "-i", "INC-1"}, "identified\n"},
		{[]string{"sev", "1", "2"}, []string{"sev", "INC-1"}, "SEV2\n"},
		{[]string{"role", "1", "comms", "Sam", "Whitfield"}, []string{"show", "1", "--jq", ".roles.comms"}, "Sam Whitfield\n"},
		{[]string{"role", "-i", "1", "scribe", "Ana", "de", "Souza"}, []string{"show", "-i", "1", "--jq", ".roles.scribe"}, "Ana de Souza\n"},
		{[]string{"mark", "1", "mitigated"}, []string{"show", "1", "--jq", ".milestones | has(\"mitigated\")"}, "true\n"},
		{[]string{"action", "add", "INC-1", "alert", "on", "depth"}, []string{"action", "list", "1", "--jq", ".[].text"}, "alert on depth\n"},
		{[]string{"action", "done", "1", "1"}, []string{"action", "list", "INC-1", "--jq", ".[].state"}, "done\n"},
		{[]string{"run", "1", "--", "true"}, []string{"timeline", "1", "--last", "1", "--jq", ".attrs.argv[0]"}, "true\n"},
		{[]string{"run", "-i", "1", "--", "echo", "x"}, []string{"timeline", "1", "--last", "1", "--jq", ".text"}, "echo x\n"},
		{[]string{"resolve", "1"}, []string{"status", "1"}, "resolved\n"},
		{[]string{"close", "INC-1"}, []string{"show", "-i", "1", "--jq", ".status"}, "closed\n"},
	} {
		if _, errs, code := c.run(tc.args...); code != 0 {
			t.Errorf("sitrep %q: exit %d %s", tc.args, code, errs)
			continue
		}
		if out := c.must(tc.check...); out != tc.want {
			t.Errorf("after sitrep %q: %q printed %q, want %q", tc.args, tc.check, out, tc.want)
		}
	}
	// INC-2, the active one, was never touched.
	if out := c.must("show", "--jq", `[.status, .severity, (.roles | length)] | map(tostring) | join(" ")`); out != "investigating  1\n" {
		t.Errorf("active incident changed: %q", out)
	}
	// Without an ID: the active incident; status and sev print.
	if out := c.must("status"); out != "investigating\n" {
		t.Errorf("status: %q", out)
	}
	if out := c.must("sev"); out != "unset\n" {
		t.Errorf("sev: %q", out)
	}
	c.must("sev", "2") // a bare number alone is the severity
	if out := c.must("sev"); out != "SEV2\n" {
		t.Errorf("sev after sev 2: %q", out)
	}
	c.must("note", "2", "replicas", "left") // a note's bare number is text
	if out := c.must("timeline", "--last", "1", "--jq", ".text"); out != "2 replicas left\n" {
		t.Errorf("note 2 replicas left: %q", out)
	}
	// flag takes [ID] before its EVENT.
	ids := strings.Fields(c.must("timeline", "1", "--jq", `select(.kind=="note") | .id`))
	c.must("flag", "1", ids[0])
	if out := c.must("show", "1", "--jq", ".key_events | length"); out != "1\n" {
		t.Errorf("flag 1 EVENT: key events %q", out)
	}
	// run: only an ID alone before "--" is the incident.
	c.must("run", "--", "sh", "-c", "exit 0")
	if out := c.must("timeline", "--last", "1", "--jq", ".incident"); out != "INC-2\n" {
		t.Errorf("run -- on the active incident went to %q", out)
	}
	for _, args := range [][]string{
		{"resolve", "1", "-i", "2"},
		{"show", "1", "-i", "2"},
		{"resolve", "1", "2"},
		{"role", "comms"},
	} {
		if _, errs, code := c.run(args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("sitrep %q: exit %d %q, want a usage error", args, code, errs)
		}
	}
	if _, errs, code := c.run("resolve", "9"); code != 1 || !strings.Contains(errs, "INC-9") {
		t.Errorf("resolve 9: exit %d %q", code, errs)
	}
	for _, path := range [][]string{{"note"}, {"status"}, {"resolve"}, {"action", "list"}, {"show"}, {"timeline"}} {
		out := c.must(append(path, "--help")...)
		if !strings.Contains(out, "[ID]") || !strings.Contains(out, "-i, --incident") {
			t.Errorf("sitrep %s --help lacks [ID] or -i:\n%s", strings.Join(path, " "), out)
		}
	}
}
