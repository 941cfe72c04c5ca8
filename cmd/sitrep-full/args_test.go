package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/fixture"
	"github.com/sitrep-dev/sitrep/timeline"
)

// shellWords splits an example line as a shell would for the simple
// quoting --help examples use, stopping at a comment, pipe or redirect.
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case !inWord && (r == '#' || r == '|' || r == '>' || r == ';'):
			return words
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

func walkCommands(c *cobra.Command, visit func(*cobra.Command)) {
	visit(c)
	for _, sub := range c.Commands() {
		walkCommands(sub, visit)
	}
}

// Every example in --help that uses a time flag runs, and its time is read.
func TestTimeFlagHelpExamplesRun(t *testing.T) {
	c := newCLI(t)
	c.must("open", "checkout returns 500s", "--sev", "2")
	f, _, _ := c.factory()
	ran := 0
	walkCommands(newRootCmd(f), func(cmd *cobra.Command) {
		for _, line := range strings.Split(cmd.Example, "\n") {
			if !strings.Contains(line, "--at") && !strings.Contains(line, "--since") && !strings.Contains(line, "--until") {
				continue
			}
			words := shellWords(strings.TrimSpace(line))
			env := map[string]string{}
			for len(words) > 0 && strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-") {
				k, v, _ := strings.Cut(words[0], "=")
				env[k] = v
				words = words[1:]
			}
			if len(words) == 0 || words[0] != "sitrep" {
				t.Errorf("%s: example %q does not start with sitrep", cmd.CommandPath(), line)
				continue
			}
			for k, v := range env {
				c.env[k] = v
			}
			_, errs, code := c.run(words[1:]...)
			for k := range env {
				delete(c.env, k)
			}
			ran++
			if code == 2 || strings.Contains(errs, "--at") || strings.Contains(errs, "--since") || strings.Contains(errs, "--until") {
				t.Errorf("example %q: exit %d: %s", line, code, errs)
			}
		}
	})
	if ran < 5 {
		t.Errorf("ran %d examples with time flags; the help lost its examples?", ran)
	}
}

// The CLI refuses out-of-range times with a usage error naming the flag and
// the reason, and changes nothing.
func TestTimeFlagsRefuseOutOfRange(t *testing.T) {
	c := newCLI(t)
	c.must("open", "checkout returns 500s")
	before := fileHash(t, c.db)
	for _, args := range [][]string{
		{"note", "--at", "1600-01-01T00:00:00Z", "x"},
		{"note", "--at", "0001-01-01T00:00:00Z", "x"},
		{"note", "--at", "213504d ago", "x"},
		{"mark", "started", "--at", "9999-12-31T00:00:00Z"},
		{"timeline", "--since", "1600-01-01"},
		{"stats", "--since", "213504d"},
	} {
		_, errs, code := c.run(args...)
		if code != 2 || !strings.HasPrefix(errs, "sitrep: --") || strings.Count(errs, "\n") != 1 ||
			!(strings.Contains(errs, "before 1970") || strings.Contains(errs, "after 2199") || strings.Contains(errs, "longer than")) {
			t.Errorf("sitrep %v: exit %d, stderr %q", args, code, errs)
		}
	}
	if fileHash(t, c.db) != before {
		t.Error("a refused time changed the store")
	}
}

// --since accepts what its own help promises, on every command.
func TestSinceGrammarEverywhere(t *testing.T) {
	c := newCLI(t)
	c.must("open", "checkout returns 500s")
	c.must("note", "--at", "2026-11-22T23:00:00Z", "an hour ago")
	c.must("note", "--at", "2026-11-22T23:45:00Z", "five minutes ago")
	for _, since := range []string{"30m", "30m ago", "30 minutes ago", "23:30"} {
		out := c.must("timeline", "--since", since)
		if !strings.Contains(out, "five minutes ago") || strings.Contains(out, "an hour ago") {
			t.Errorf("timeline --since %q printed\n%s", since, out)
		}
	}
	if out := c.must("timeline", "--since", "2026-11-22"); !strings.Contains(out, "an hour ago") {
		t.Errorf("timeline --since a date missed the day's events:\n%s", out)
	}
	for _, since := range []string{"1h ago", "2d", "1w", "2026-11-01", "2026-11-01T00:00:00Z"} {
		if _, errs, code := c.run("stats", "--since", since); code != 0 {
			t.Errorf("stats --since %q: exit %d %s", since, code, errs)
		}
	}
}

func TestAtWarnsBeforeOpenAndOutOfOrder(t *testing.T) {
	c := newCLI(t)
	c.must("open", "checkout returns 500s") // opened at 23:50 UTC
	_, errs, code := c.run("note", "--at", "2026-11-22T23:20:00Z", "late note")
	if code != 0 || !strings.Contains(errs, "warning") || !strings.Contains(errs, "30m before the incident was opened") {
		t.Errorf("a note before the opening: exit %d, stderr %q", code, errs)
	}
	_, errs, _ = c.run("note", "--at", "2026-11-22T23:49:00Z", "after? no: before, by a minute")
	if !strings.Contains(errs, "before the incident was opened") {
		t.Errorf("no warning for a note a minute before the opening: %q", errs)
	}
	c.now = c.now.Add(time.Hour)
	_, errs, _ = c.run("note", "--at", "10m ago", "fine")
	if strings.Contains(errs, "warning") {
		t.Errorf("warning for a note after the opening: %q", errs)
	}
	c.must("mark", "mitigated", "--at", "2026-11-23T00:30:00Z")
	_, errs, code = c.run("mark", "resolved", "--at", "2026-11-23T00:10:00Z")
	if code != 0 || !strings.Contains(errs, "milestones out of order: mitigated") {
		t.Errorf("resolved before mitigated: exit %d, stderr %q", code, errs)
	}
	if _, errs, _ := c.run("mark", "started", "--at", "2026-11-22T22:00:00Z"); strings.Contains(errs, "warning") {
		t.Errorf("impact starting before the opening is normal, but: %q", errs)
	}
	inc, err := c.store().Get(t.Context(), "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := inc.Milestones[timeline.Resolved]; !got.Equal(time.Date(2026, 11, 23, 0, 10, 0, 0, time.UTC)) {
		t.Errorf("the warned mark was not stored as given: %v", got)
	}
}

// A real process in Europe/Berlin: a skipped local time is moved forward by
// the gap, a repeated one is the earlier instant, and both are warned about.
func TestAtDSTRuleInRealProcess(t *testing.T) {
	if _, err := os.Stat("/usr/share/zoneinfo/Europe/Berlin"); err != nil {
		fixture.Missing(t, "no zoneinfo on this machine (Debian: apt-get install tzdata)")
	}
	p := newProc(t)
	p.env = append(p.env, "TZ=Europe/Berlin")
	p.must("open", "--no-use", "dst")
	for _, tc := range []struct {
		at, warn string
		want     time.Time
	}{
		{"2026-03-29 02:30", "does not exist", time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)},
		{"2026-10-25 02:30", "happens twice", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
	} {
		_, errs, code := p.run("", "note", "-i", "1", "--at", tc.at, tc.at)
		if code != 0 || !strings.Contains(errs, "sitrep: warning: --at "+tc.at+" "+tc.warn) {
			t.Errorf("--at %q: exit %d, stderr %q", tc.at, code, errs)
		}
		events, err := p.store().Events(t.Context(), "INC-1", incident.Query{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range events {
			if e.Text == tc.at {
				found = e.At.Equal(tc.want)
				if !found {
					t.Errorf("--at %q stored as %v, want %v", tc.at, e.At, tc.want)
				}
			}
		}
		if !found {
			t.Errorf("--at %q: note not stored at %v", tc.at, tc.want)
		}
	}
}

// import jsonl refuses times that would overflow the store's nanosecond
// keys (years 0001 and 9999), naming the line, and imports nothing.
func TestImportJSONLRefusesOutOfRangeTimes(t *testing.T) {
	for _, at := range []string{"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "0001-01-01T10:00:00Z", "1600-01-01T00:00:00Z"} {
		c := newCLI(t)
		c.must("open", "target")
		before := fileHash(t, c.db)
		c.in = `{"incident":"INC-1","at":"2026-11-22T10:00:00Z","source":"import","kind":"note","actor":"a","text":"fine"}
{"incident":"INC-1","at":"` + at + `","source":"import","kind":"note","actor":"a","text":"bad"}
`
		_, errs, code := c.run("import", "jsonl", "-", "--incident", "INC-1")
		if code == 0 || !strings.Contains(errs, ":2:") || !(strings.Contains(errs, "before 1970") || strings.Contains(errs, "after 2199") || strings.Contains(errs, "no time")) {
			t.Errorf("import at %s: exit %d, stderr %q", at, code, errs)
		}
		if fileHash(t, c.db) != before {
			t.Errorf("import at %s changed the store", at)
		}
	}
}

// An import that finds its events already stored says in which incident.
func TestImportSlackExportSaysWhereDuplicatesAre(t *testing.T) {
	const dir = "../../../shared/fixtures/slack/export-2016"
	fixture.Check(t, dir)
	c := newCLI(t)
	c.must("open", "meetup planning")
	c.mustSlack("import", "slack-export", dir, "--channel", "#sci")
	c.must("open", "second")
	errs := c.mustSlack("import", "slack-export", dir, "--channel", "#sci", "-i", "INC-2")
	if !strings.Contains(errs, "into INC-2; 58 already present in INC-1,") {
		t.Errorf("import into another incident: %s", errs)
	}
	errs = c.mustSlack("import", "slack-export", dir, "--channel", "#sci", "-i", "INC-1")
	if !strings.Contains(errs, "58 already present in this incident,") {
		t.Errorf("import again into the same incident: %s", errs)
	}
}
