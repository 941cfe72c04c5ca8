package main

import (
	"strings"
	"testing"
)

// complete runs cobra's hidden __complete command, as a shell does, and
// returns the candidates and the directive line.
func (c *cli) complete(args ...string) ([]string, string) {
	c.t.Helper()
	out := c.must(append([]string{"__complete"}, args...)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestDynamicCompletion(t *testing.T) {
	c := newCLI(t)
	c.must("open", "checkout returns 500s", "--slack", "C0PNFE8NS")
	c.must("open", "queue backlog")
	c.must("resolve", "2")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"show", ""}, []string{"INC-1\tcheckout returns 500s", "INC-2\tqueue backlog"}},
		{[]string{"resolve", ""}, []string{"INC-1\tcheckout returns 500s", "INC-2\tqueue backlog"}},
		{[]string{"note", "-i", ""}, []string{"INC-1\tcheckout returns 500s", "INC-2\tqueue backlog"}},
		{[]string{"status", ""}, []string{"investigating", "identified", "monitoring", "resolved", "closed", "INC-1\tcheckout returns 500s"}},
		{[]string{"status", "7", ""}, []string{"investigating", "identified", "monitoring", "resolved", "closed"}},
		{[]string{"sev", "INC-1", ""}, []string{"SEV1", "SEV2", "SEV3", "SEV4", "SEV5"}},
		{[]string{"open", "--sev", ""}, []string{"SEV1", "SEV5"}},
		{[]string{"role", ""}, []string{"commander", "comms", "scribe", "ops"}},
		{[]string{"mark", ""}, []string{"started", "detected", "acknowledged", "mitigated", "resolved"}},
		{[]string{"note", "--kind", ""}, []string{"note", "factor", "question"}},
		{[]string{"review", "--format", ""}, []string{"md", "html", "json"}},
		{[]string{"review", "--template", ""}, []string{"default\t", "sre\t", "pagerduty\t"}},
		{[]string{"import", "slack-export", "x.zip", "--channel", ""}, []string{"C0PNFE8NS"}},
	} {
		got, directive := c.complete(tc.args...)
		joined := strings.Join(got, "\n")
		for _, w := range tc.want {
			if !strings.Contains(joined, w) {
				t.Errorf("complete %q: %q lacks %q", tc.args, got, w)
			}
		}
		if !strings.HasPrefix(directive, ":") {
			t.Errorf("complete %q: directive %q", tc.args, directive)
		}
	}
	// Open incidents first.
	if got, _ := c.complete("show", ""); len(got) != 2 || !strings.HasPrefix(got[0], "INC-1") {
		t.Errorf("order: %q", got)
	}
	// No ID offered once the command has its argument.
	if got, _ := c.complete("resolve", "1", ""); len(got) != 0 {
		t.Errorf("after the ID: %q", got)
	}
}
