package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

func TestEncodeJSONEscapesInvisibleNotHTML(t *testing.T) {
	in := map[string]string{"text": "a > b && c < d \x1b[31m\u009b2J \u202eevil\u202c zero\u200bwidth \u2066iso\u2069 \ufeffbom del\x7f ok é 日本"}
	var b bytes.Buffer
	if err := encodeJSON(&b, in, false); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"a > b && c < d", `\u001b[31m`, `\u009b2J`, `\u202eevil\u202c`, `zero\u200bwidth`, `\u2066iso\u2069`, `\ufeffbom`, `del\u007f`, "ok é 日本"} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON %s lacks %s", got, want)
		}
	}
	for _, raw := range []string{"\x1b", "\u009b", "\u202e", "\u200b", "\ufeff", "\x7f", `\u003e`, `\u0026`} {
		if strings.Contains(got, raw) {
			t.Errorf("JSON %s holds %q", got, raw)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["text"] != in["text"] {
		t.Errorf("round trip: %v, %q", err, back["text"])
	}
}

func TestJQAndTemplateOnListings(t *testing.T) {
	c := newCLI(t)
	c.must("open", "checkout returns 500s", "--sev", "2")
	c.must("open", "queue > 10k \x1b]0;pwned\x07", "--sev", "1")
	c.must("action", "add", "alert on queue depth", "--owner", "bob", "-i", "1")
	c.must("action", "add", "write the runbook", "-i", "1")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "--jq", ".[].id"}, "INC-2\nINC-1\n"},
		{[]string{"list", "-q", `.[] | select(.severity == "SEV1") | .title`}, "queue > 10k \n"},
		{[]string{"list", "--jq", "length"}, "2\n"},
		{[]string{"list", "--jq", ".[0].roles"}, `{"commander":"alice"}` + "\n"},
		{[]string{"list", "--template", `{{range .}}{{.id}} {{.severity}}{{"\n"}}{{end}}`}, "INC-2 SEV1\nINC-1 SEV2\n"},
		{[]string{"list", "-t", `{{range .}}{{.title | truncate 8}};{{end}}`}, "queue >…;checkou…;"},
		{[]string{"show", "1", "--jq", ".actions[].owner // empty"}, "bob\n"},
		{[]string{"show", "1", "--template", "{{.title}} ({{len .actions}} actions)"}, "checkout returns 500s (2 actions)"},
		{[]string{"action", "list", "-i", "1", "--jq", `map(.text) | join("; ")`}, "alert on queue depth; write the runbook\n"},
		{[]string{"action", "list", "-i", "1", "--template", `{{range .}}#{{.number}} {{.state}}{{"\n"}}{{end}}`}, "#1 open\n#2 open\n"},
		{[]string{"templates", "--jq", `[.[].name] | join(",")`}, "default,pagerduty,sre\n"},
		{[]string{"stats", "--jq", ".incidents"}, "2\n"},
		{[]string{"timeline", "2", "--jq", "select(.kind == \"title\") | .text"}, "opened: queue > 10k \n"},
		{[]string{"queue", "--min-sev", "0", "--jq", "keys | length > 0"}, "true\n"},
		{[]string{"list", "--needs-review", "--min-sev", "0", "--jq", "type"}, "object\n"},
	} {
		out, errs, code := c.run(tc.args...)
		if code != 0 || out != tc.want {
			t.Errorf("sitrep %q: exit %d, stdout %q (want %q), stderr %q", tc.args, code, out, tc.want, errs)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"list", "--jq", ".[] | "}, 2, "--jq"},
		{[]string{"list", "--template", "{{.id"}, 2, "--template"},
		{[]string{"list", "--jq", ".[0].title | tonumber"}, 1, "--jq"},
		{[]string{"list", "--jq", ".", "--template", "x"}, 2, "jq template"},
	} {
		_, errs, code := c.run(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.says) || strings.Count(errs, "\n") != 1 {
			t.Errorf("sitrep %q: exit %d, stderr %q", tc.args, code, errs)
		}
	}
}

// argv is a JSON array in timeline --json, and import jsonl stores it
// back as it was, so copies between stores stay byte-identical.
func TestTimelineJSONArgvIsAnArray(t *testing.T) {
	c := newCLI(t)
	c.must("open", "run")
	c.must("run", "--", "sh", "-c", "echo 'a > b' && true")
	out := c.must("timeline", "--json")
	var cmdLine string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(line, `"kind":"command"`) {
			cmdLine = line
		}
	}
	if !strings.Contains(cmdLine, `"argv":["sh","-c","echo 'a > b' && true"]`) {
		t.Fatalf("command event: %s", cmdLine)
	}
	stored, err := c.store().Events(t.Context(), "INC-1", incidentQueryAll())
	if err != nil {
		t.Fatal(err)
	}
	e, err := decodeEventJSON([]byte(cmdLine))
	if err != nil {
		t.Fatal(err)
	}
	var orig timeline.Event
	for _, s := range stored {
		if s.Kind == timeline.KindCommand {
			orig = s
		}
	}
	if e.Attr(timeline.AttrArgv) != orig.Attr(timeline.AttrArgv) || e.Attr(timeline.AttrExitCode) != "0" {
		t.Errorf("decoded argv %q, stored %q", e.Attr(timeline.AttrArgv), orig.Attr(timeline.AttrArgv))
	}
	// An older export with argv as a string still imports.
	old := strings.Replace(cmdLine, `"argv":["sh","-c","echo 'a > b' && true"]`, `"argv":"[\"old\"]"`, 1)
	if e, err := decodeEventJSON([]byte(old)); err != nil || e.Attr(timeline.AttrArgv) != `["old"]` {
		t.Errorf("string argv: %v %q", err, e.Attr(timeline.AttrArgv))
	}
	if _, err := decodeEventJSON([]byte(strings.Replace(cmdLine, `"exit_code":"0"`, `"exit_code":[0]`, 1))); err == nil {
		t.Error("a non-string attribute other than argv was accepted")
	}
}

func TestTablesOnTerminalPlainWhenPiped(t *testing.T) {
	c := newCLI(t)
	c.must("open", "checkout returns 500s", "--sev", "2")
	c.must("action", "add", "alert on queue depth", "--owner", "bob")
	c.must("mark", "started", "--at", "2026-11-22T23:40:00Z")
	piped := c.must("list")
	if piped != "INC-1\tSEV2\tinvestigating\t2026-11-22T23:50:00Z\tcheckout returns 500s\n" {
		t.Errorf("piped list: %q", piped)
	}
	if got := c.must("action", "list"); got != "#1 [ ] alert on queue depth  (bob)\n" {
		t.Errorf("piped action list: %q", got)
	}
	c.tty = true
	for _, tc := range []struct {
		args    []string
		headers []string
		row     []string
	}{
		{[]string{"list"}, []string{"ID", "SEV", "STATUS", "OPEN FOR", "TITLE"}, []string{"* INC-1", "SEV2", "investigating", "checkout returns 500s"}},
		{[]string{"action", "list"}, []string{"#", "STATE", "ACTION", "OWNER"}, []string{"#1", "open", "alert on queue depth", "bob"}},
		{[]string{"stats"}, []string{"DURATION", "MEDIAN", "P90", "INCIDENTS", "DEFINITION"}, []string{"time to detect"}},
	} {
		out := c.must(tc.args...)
		lines := strings.Split(out, "\n")
		header := -1
		for i, l := range lines {
			if strings.Contains(l, tc.headers[0]) && strings.Contains(l, tc.headers[len(tc.headers)-1]) {
				header = i
				break
			}
		}
		if header < 0 || header+2 >= len(lines) || !strings.Contains(lines[header+1], "───") {
			t.Errorf("sitrep %v on a terminal: no header and rule:\n%s", tc.args, out)
			continue
		}
		for _, h := range tc.headers {
			if !strings.Contains(lines[header], h) {
				t.Errorf("sitrep %v: header %q lacks %q", tc.args, lines[header], h)
			}
		}
		for _, cell := range tc.row {
			if !strings.Contains(lines[header+2], cell) {
				t.Errorf("sitrep %v: first row %q lacks %q", tc.args, lines[header+2], cell)
			}
		}
	}
}

func incidentQueryAll() incident.Query { return incident.Query{} }

// In a real terminal narrower than the table, the widest column is cut to
// fit instead of every line wrapping.
func TestTableFitsARealTerminal(t *testing.T) {
	p := newProc(t)
	p.must("open", "checkout returns 500s for every customer in eu-west-1 since the 14:50 deploy of the api gateway", "--sev", "2")
	term := newTerminal(t, p.environ(), 60, 10, "list")
	screen := term.waitFor(10*time.Second, "sitrep exited 0")
	lines := strings.Split(screen, "\n")
	if !strings.Contains(screen, "TITLE") || !strings.Contains(screen, "INC-1") || !strings.Contains(screen, "…") {
		t.Errorf("no header, row or cut title:\n%s", screen)
	}
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "for every") || strings.HasPrefix(strings.TrimSpace(l), "the api gateway") {
			t.Errorf("a cell wrapped onto its own line:\n%s", screen)
		}
	}
}
