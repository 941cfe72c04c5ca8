package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// reviewedIncident opens INC-1 at 23:00 UTC (impact began 22:50),
// marks it mitigated at 23:09 and resolves it at 23:30.
func reviewedIncident(t *testing.T) *cli {
	c := newCLI(t)
	c.now = time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC)
	c.must("open", "Checkout returns 500s", "--sev", "2")
	c.must("mark", "started", "--at", "2026-11-22T22:50:00Z")
	c.must("note", "we just restarted it; human error")
	c.must("note", "--kind", "factor", "connection pool at the library default")
	c.now = c.now.Add(30 * time.Minute)
	c.must("mark", "mitigated", "--at", "2026-11-22T23:09:00Z")
	c.must("resolve")
	return c
}

func TestReviewWritesDraft(t *testing.T) {
	c := reviewedIncident(t)
	var facts struct {
		Durations map[string]struct {
			Seconds int64  `json:"seconds"`
			From    string `json:"from"`
			To      string `json:"to"`
		} `json:"durations"`
	}
	if err := json.Unmarshal([]byte(c.must("review", "--format", "json")), &facts); err != nil {
		t.Fatal(err)
	}
	if d := facts.Durations["time_to_detect"]; d.Seconds != 600 || d.From != "started" || d.To != "detected" {
		t.Errorf("time_to_detect = %+v, want 600 s (22:50 → opened 23:00)", d)
	}
	path := filepath.Join(t.TempDir(), "review.html")
	_, errs, code := c.run("review", "1", "--format", "html", "-o", path)
	if code != 0 || !strings.Contains(errs, "wrote "+path) {
		t.Fatalf("review -o: exit %d, stderr %q", code, errs)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "<!DOCTYPE html>") || !strings.Contains(string(b), "time to mitigate = mitigated − detected") {
		t.Errorf("HTML draft:\n%.400s", b)
	}
}

func TestReviewIsDeterministicAndHonoursZone(t *testing.T) {
	c := reviewedIncident(t)
	a, b := c.must("review"), c.must("review")
	if a != b {
		t.Error("two reviews of the same store differ")
	}
	if !strings.Contains(a, "| Times shown in | UTC |") || !strings.Contains(a, "**22:50**") {
		t.Errorf("UTC draft lacks UTC times:\n%s", a)
	}
	// 22:50 UTC is 07:50 the next morning in Tokyo; the whole incident
	// falls on that one day, so no dates.
	tokyo := c.must("review", "--tz", "Asia/Tokyo")
	if !strings.Contains(tokyo, "**07:50**") || !strings.Contains(tokyo, "Asia/Tokyo") {
		t.Errorf("Tokyo draft:\n%s", tokyo)
	}
	c.env["SITREP_TZ"] = "America/Los_Angeles"
	if out := c.must("review"); !strings.Contains(out, "**14:50**") {
		t.Errorf("SITREP_TZ ignored:\n%s", out)
	}
}

func TestReviewUsageErrors(t *testing.T) {
	c := reviewedIncident(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"review", "--format", "pdf"}, 2, "not md, html or json"},
		{[]string{"review", "--tz", "Nowhere/Land"}, 2, "unknown time zone"},
		{[]string{"review", "--template", "nope"}, 1, "sitrep templates"},
		{[]string{"review", "9"}, 1, "INC-9"},
		{[]string{"list", "--needs-review", "--min-sev", "9"}, 2, "SEV1"},
	} {
		_, errs, code := c.run(tc.args...)
		if code != tc.code || !strings.HasPrefix(errs, "sitrep: ") || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want %d mentioning %q on one line", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

func TestUserTemplateFromConfigDir(t *testing.T) {
	c := reviewedIncident(t)
	cfg := t.TempDir()
	c.env["XDG_CONFIG_HOME"] = cfg
	dir := filepath.Join(cfg, "sitrep", "templates")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	tmpl := "{{/* Two lines for the exec summary */}}{{.Incident.ID}} {{md .Incident.Title}}\n{{with .Duration \"impact\"}}{{dur .}}{{else}}impact unknown{{end}}\n"
	if err := os.WriteFile(filepath.Join(dir, "exec.md.tmpl"), []byte(tmpl), 0o600); err != nil {
		t.Fatal(err)
	}
	list := c.must("templates")
	for _, want := range []string{"default", "sre", "pagerduty", "exec", "Two lines for the exec summary"} {
		if !strings.Contains(list, want) {
			t.Errorf("templates lacks %q:\n%s", want, list)
		}
	}
	if out := c.must("review", "--template", "exec"); out != "INC-1 Checkout returns 500s\n40m\n" {
		t.Errorf("user template output %q", out)
	}
	// A template that ranges over the timeline itself gets it loaded.
	if err := os.WriteFile(filepath.Join(dir, "kinds.md.tmpl"), []byte("{{range .Timeline}}{{.Kind}} {{end}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := c.must("review", "--template", "kinds"); !strings.HasPrefix(out, "milestone title status severity role note factor milestone") {
		t.Errorf("a template ranging over .Timeline: %q", out)
	}
}

func TestLintCommand(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "review.md")
	if err := os.WriteFile(path, []byte("# Review\n\nIt was human error.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code := c.run("lint", path)
	want := path + `:3:8: person-as-cause: "human error": `
	if code != 1 || !strings.HasPrefix(out, want) || errs != "" {
		t.Errorf("lint: exit %d, out %q, err %q; want exit 1 and %q", code, out, errs, want)
	}
	if _, _, code := c.run("lint", "--warn", path); code != 0 {
		t.Errorf("--warn: exit %d", code)
	}
	c.in = "All clear: the alert paged within a minute.\n"
	if out, _, code := c.run("lint", "-"); code != 0 || out != "" {
		t.Errorf("clean stdin: exit %d, out %q", code, out)
	}
	c.in = "We should have known.\n"
	out, _, code = c.run("lint", "--json", "-")
	var fs []struct{ File, Category, Phrase string }
	if err := json.Unmarshal([]byte(out), &fs); err != nil || code != 1 || len(fs) != 1 || fs[0].File != "<stdin>" || fs[0].Phrase != "should have" {
		t.Errorf("--json: exit %d, %+v, %v", code, fs, err)
	}
	if _, errs, code := c.run("lint", filepath.Join(t.TempDir(), "missing.md")); code != 1 || !strings.Contains(errs, "pass a Markdown file") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
}

func TestStatsCommand(t *testing.T) {
	c := reviewedIncident(t)
	c.env["SITREP_WORK_HOURS"] = "08:00-18:00"
	c.env["SITREP_WORK_DAYS"] = "Sun-Thu"
	var st struct {
		Incidents  int
		WorkHours  string `json:"work_hours"`
		BySeverity []struct {
			Severity string
			Count    int
		} `json:"by_severity"`
		Durations map[string]struct {
			Median int64 `json:"median_seconds"`
		}
	}
	if err := json.Unmarshal([]byte(c.must("stats", "--json", "--since", "7d")), &st); err != nil {
		t.Fatal(err)
	}
	if st.Incidents != 1 || st.WorkHours != "08:00-18:00 Sun,Mon,Tue,Wed,Thu UTC" || len(st.BySeverity) != 1 || st.BySeverity[0].Severity != "SEV2" {
		t.Errorf("stats = %+v", st)
	}
	if st.Durations["time_to_mitigate"].Median != 9*60 {
		t.Errorf("time to mitigate median = %d, want 540", st.Durations["time_to_mitigate"].Median)
	}
	if out := c.must("stats", "--since", "2026-11-23"); !strings.HasPrefix(out, "0 incidents") {
		t.Errorf("since tomorrow: %q", out)
	}
	c.env["SITREP_WORK_HOURS"] = "late"
	if _, errs, code := c.run("stats"); code != 1 || !strings.Contains(errs, "SITREP_WORK_HOURS") {
		t.Errorf("bad working hours: exit %d, %q", code, errs)
	}
}

// TestStatsPerResponderInTheirOwnHours: a notification at 03:00 UTC on a
// Monday is out of hours for the team (UTC), and in hours for bob in
// Tokyo (12:00), as the roster says.
func TestStatsPerResponderInTheirOwnHours(t *testing.T) {
	c := newCLI(t)
	c.in = `{"incident":"INC-1","at":"2026-11-23T03:00:00Z","source":"cli","kind":"title","actor":"alice","text":"opened: Queue backlog","attrs":{"new":"Queue backlog"}}
{"incident":"INC-1","at":"2026-11-23T03:00:00Z","source":"pagerduty","kind":"page","text":"Triggered","attrs":{"service":"queue","who":"bob"}}
{"incident":"INC-1","at":"2026-11-23T03:00:10Z","source":"pagerduty","kind":"notify","text":"Notified bob via push","attrs":{"who":"bob"}}
{"incident":"INC-1","at":"2026-11-23T03:00:20Z","source":"pagerduty","kind":"notify","text":"Notified bob via phone","attrs":{"who":"bob"}}
`
	c.must("import", "jsonl", "-", "--create")
	c.in = ""
	type load struct {
		Name                      string
		Zone                      string
		Pages, Notifications, OOH int
	}
	responders := func() []load {
		var st struct {
			Pages struct {
				ByResponder []struct {
					Name, Zone           string
					Pages, Notifications int
					OutOfHours           int `json:"out_of_hours"`
				} `json:"by_responder"`
			}
		}
		if err := json.Unmarshal([]byte(c.must("stats", "--json")), &st); err != nil {
			t.Fatal(err)
		}
		var out []load
		for _, r := range st.Pages.ByResponder {
			out = append(out, load{r.Name, r.Zone, r.Pages, r.Notifications, r.OutOfHours})
		}
		return out
	}
	if got := responders(); len(got) != 1 || got[0] != (load{"bob", "UTC", 1, 2, 2}) {
		t.Errorf("without a roster: %+v", got)
	}
	roster := filepath.Join(t.TempDir(), "roster")
	if err := os.WriteFile(roster, []byte("bob Asia/Tokyo\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.env["SITREP_ROSTER"] = roster
	if got := responders(); len(got) != 1 || got[0] != (load{"bob", "Asia/Tokyo", 1, 2, 0}) {
		t.Errorf("with bob in Tokyo: %+v", got)
	}
	if out := c.must("stats"); !strings.Contains(out, "notifications") || !strings.Contains(out, "Asia/Tokyo") {
		t.Errorf("stats table:\n%s", out)
	}
	if err := os.WriteFile(roster, []byte("bob Mars/Base\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := c.run("stats"); code != 1 || !strings.Contains(errs, "Mars/Base") || strings.Count(errs, "\n") != 1 {
		t.Errorf("bad roster: exit %d, %q", code, errs)
	}
}
