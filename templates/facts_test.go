package templates

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/fixture"
	"github.com/sitrep-dev/sitrep/timeline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// day is the known-answers incident's date.
var day = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

func at(hhmm string) time.Time {
	t, err := time.Parse("15:04:05", hhmm)
	if err != nil {
		t, err = time.Parse("15:04", hhmm)
	}
	if err != nil {
		panic(err)
	}
	return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second)
}

func ev(id, hhmm string, src timeline.Source, kind timeline.Kind, actor, text string, attrs ...string) timeline.Event {
	e := timeline.Event{ID: id, Incident: "INC-1", At: at(hhmm), Recorded: at(hhmm), Source: src, Kind: kind, Actor: actor, Text: text}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.SetAttr(attrs[i], attrs[i+1])
	}
	return e
}

// knownIncident is a hand-written timeline whose answers are known:
// impact began 14:54 (marked by carol at 15:20), paged 14:55,
// acknowledged 14:58, declared 15:01, mitigated 15:36, commander handed
// from alice to bob 15:45, impact ended 16:00, response ended 16:30.
func knownIncident() []timeline.Event {
	started := ev("E01", "14:54", timeline.SourceCLI, timeline.KindMilestone, "carol", "impact began: first 500s on the dashboard", timeline.AttrMilestone, "started")
	started.Recorded = at("15:20") // marked afterwards, dated back
	const (
		cli = timeline.SourceCLI
		pd  = timeline.SourcePagerDuty
		sl  = timeline.SourceSlack
	)
	return []timeline.Event{
		// Declared first in the slice: an import opens the incident at its first event.
		ev("E05", "15:01", cli, timeline.KindTitle, "alice", "opened: Checkout returns 500s", timeline.AttrNew, "Checkout returns 500s"),
		ev("E06", "15:01", cli, timeline.KindStatus, "alice", "status investigating", timeline.AttrNew, "investigating"),
		ev("E07", "15:01", cli, timeline.KindSeverity, "alice", "severity SEV2", timeline.AttrNew, "SEV2"),
		ev("E08", "15:01", cli, timeline.KindRole, "alice", "alice is commander", timeline.AttrRole, "commander", timeline.AttrWho, "alice"),
		started,
		ev("E02", "14:55", pd, timeline.KindPage, "PagerDuty", "Triggered: checkout-api error rate", timeline.AttrService, "checkout-api",
			timeline.AttrWho, "bob", timeline.AttrURL, "https://example.pagerduty.com/incidents/Q1"),
		ev("E03", "14:55:30", pd, timeline.KindNotify, "", "Notified bob via push", timeline.AttrWho, "bob", timeline.AttrService, "checkout-api"),
		ev("E04", "14:58", pd, timeline.KindAck, "bob", "Acknowledged by bob", timeline.AttrService, "checkout-api"),
		ev("E09", "15:03", cli, timeline.KindRole, "alice", "carol is scribe", timeline.AttrRole, "scribe", timeline.AttrWho, "carol"),
		ev("E10", "15:05", cli, timeline.KindNote, "bob", "Checkout error rate at 40%; DB connection pool exhausted (max_conns=20)"),
		ev("E11", "15:06", cli, timeline.KindFlag, "alice", "key E10", timeline.AttrTarget, "E10", timeline.AttrFlag, "key"),
		ev("E12", "15:10", cli, timeline.KindSeverity, "alice", "severity SEV1", timeline.AttrNew, "SEV1"),
		ev("E13", "15:12", sl, timeline.KindMessage, "dave", "Is this related to the 14:40 deploy? <script>alert('x')</script>",
			timeline.AttrPermalink, "https://example.slack.com/archives/C1/p1"),
		ev("E14", "15:15", timeline.SourceShell, timeline.KindCommand, "bob", "kubectl rollout undo deploy/checkout",
			timeline.AttrExitCode, "0", timeline.AttrDuration, "4200"),
		ev("E15", "15:20", cli, timeline.KindFactor, "carol", "Connection pool size stayed at the library default after the migration"),
		ev("E16", "15:22", cli, timeline.KindFactor, "carol", "The pool saturation alert had no route to the on-call"),
		ev("E17", "15:25", cli, timeline.KindNote, "dave", "Honestly this was human error, someone should have checked the pool size"),
		ev("E18", "15:36", cli, timeline.KindMilestone, "alice", "mitigated", timeline.AttrMilestone, "mitigated"),
		ev("E19", "15:40", cli, timeline.KindSeverity, "alice", "severity SEV2", timeline.AttrNew, "SEV2"),
		ev("E20", "15:50", cli, timeline.KindNote, "carol", "noise", timeline.AttrOutput, ""),
		ev("E21", "15:51", cli, timeline.KindFlag, "carol", "hide E20", timeline.AttrTarget, "E20", timeline.AttrFlag, "hide"),
		ev("E22", "16:00", cli, timeline.KindMilestone, "alice", "resolved", timeline.AttrMilestone, "resolved"),
		ev("E23", "16:00", cli, timeline.KindStatus, "alice", "status resolved", timeline.AttrNew, "resolved"),
		ev("E24", "16:05", cli, timeline.KindQuestion, "carol", "Which other services share this pool configuration?"),
		ev("E25", "16:10", cli, timeline.KindAction, "alice", "Route pool saturation alerts to the on-call", timeline.AttrAction, "1",
			timeline.AttrState, "open", timeline.AttrOwner, "carol"),
		ev("E26", "16:12", cli, timeline.KindAction, "alice", "Just be more careful with pool settings", timeline.AttrAction, "2",
			timeline.AttrState, "open"),
		ev("E27", "16:30", cli, timeline.KindStatus, "alice", "status closed", timeline.AttrNew, "closed"),
		ev("E28", "15:45", cli, timeline.KindRole, "alice", "bob is commander", timeline.AttrRole, "commander", timeline.AttrWho, "bob"),
		ev("E29", "16:15", cli, timeline.KindNote, "alice", "Checkout failed for an hour while the database connection pool was exhausted; rolling back the deploy brought it back.",
			timeline.AttrNoteKind, "summary"),
	}
}

// storeWith imports events into a new store file and reads the incident
// back as `sitrep review` does.
func storeWith(t testing.TB, events []timeline.Event) (*incident.Store, incident.Incident, []timeline.Event) {
	t.Helper()
	ctx := context.Background()
	s := incident.New(filepath.Join(t.TempDir(), "sitrep.db"), incident.Options{
		Now: func() time.Time { return day.Add(20 * time.Hour) },
	})
	res, err := s.Import(ctx, events, incident.ImportOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Created["INC-1"]
	inc, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := s.Events(ctx, id, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return s, inc, evs
}

func render(t *testing.T, tmpl Template, f *Facts, format Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tmpl.Render(&b, f, format); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func builtin(t *testing.T, name string) Template {
	t.Helper()
	tmpl, err := Find(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func TestKnownAnswersInEveryFormat(t *testing.T) {
	_, inc, events := storeWith(t, knownIncident())
	f := Assemble(inc, events, Options{})

	want := map[timeline.DurationName]struct {
		seconds  int64
		human    string
		from, to timeline.Milestone
	}{
		timeline.TimeToDetect:      {60, "1m", timeline.Started, timeline.Detected},
		timeline.TimeToAcknowledge: {180, "3m", timeline.Detected, timeline.Acknowledged},
		timeline.TimeToMitigate:    {2460, "41m", timeline.Detected, timeline.Mitigated},
		timeline.TimeToResolve:     {3900, "1h05m00s", timeline.Detected, timeline.Resolved},
		timeline.Impact:            {3960, "1h06m00s", timeline.Started, timeline.Resolved},
	}
	if len(f.Durations) != len(want) {
		t.Fatalf("durations = %v, want %d of them", f.Durations, len(want))
	}
	if len(f.OrderWarnings) != 0 {
		t.Errorf("order warnings on an ordered incident: %v", f.OrderWarnings)
	}
	if f.Incident.EndedAt == nil || !f.Incident.EndedAt.Equal(at("16:30")) || !f.Incident.DeclaredAt.Equal(at("15:01")) {
		t.Errorf("declared %v, ended %v; want 15:01 and 16:30", f.Incident.DeclaredAt, f.Incident.EndedAt)
	}

	// JSON: the DESIGN §4 shape, integer seconds and milestone names.
	var doc struct {
		Durations map[string]struct {
			Seconds  *int64 `json:"seconds"`
			From, To string
		} `json:"durations"`
	}
	if err := json.Unmarshal(render(t, builtin(t, "default"), f, JSON), &doc); err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		got, ok := doc.Durations[string(name)]
		if !ok || got.Seconds == nil || *got.Seconds != w.seconds || got.From != string(w.from) || got.To != string(w.to) {
			t.Errorf("json %s = %+v, want %d s from %s to %s", name, got, w.seconds, w.from, w.to)
		}
	}

	// Markdown and HTML, for every built-in template: each duration with
	// its value and its definition.
	for _, tmpl := range BuiltIn() {
		for _, format := range []Format{Markdown, HTML} {
			out := string(render(t, tmpl, f, format))
			for name, w := range want {
				def := f.Durations[name].Definition
				if !strings.Contains(out, w.human) || !strings.Contains(out, def) {
					t.Errorf("%s %s: missing %s = %s (%s)", tmpl.Name, format, name, w.human, def)
				}
			}
		}
	}
}

func TestFactsOfKnownIncident(t *testing.T) {
	_, inc, events := storeWith(t, knownIncident())
	f := Assemble(inc, events, Options{})

	if f.Severity.Peak != 1 {
		t.Errorf("peak = %v, want SEV1", f.Severity.Peak)
	}
	// SEV2 from impact start 14:54 to 15:10 and 15:40–16:00, SEV1
	// 15:10–15:40: together the impact's 66 minutes.
	wantSev := []SeverityTime{{1, 30 * 60}, {2, 36 * 60}}
	if len(f.Severity.Time) != 2 || f.Severity.Time[0] != wantSev[0] || f.Severity.Time[1] != wantSev[1] {
		t.Errorf("time at severity = %+v, want %+v", f.Severity.Time, wantSev)
	}
	if !strings.Contains(f.Severity.Measures, "from impact start") {
		t.Errorf("time at severity measures %q", f.Severity.Measures)
	}

	people := map[string]Person{}
	for _, p := range f.People {
		people[p.Name] = p
	}
	reached := func(p Person) string {
		var parts []string
		for _, r := range p.Reached {
			parts = append(parts, r.How+" "+r.At.Format("15:04:05"))
		}
		return strings.Join(parts, ", ")
	}
	bob := people["bob"]
	if reached(bob) != "paged 14:55:00, notified 14:55:30, given a role 15:45:00" || bob.AcknowledgedAt == nil || !bob.AcknowledgedAt.Equal(at("14:58")) ||
		bob.FirstActionAt == nil || !bob.FirstActionAt.Equal(at("15:05")) || strings.Join(bob.Roles, ",") != "commander" {
		t.Errorf("bob = %+v (reached %s)", bob, reached(bob))
	}
	// dave only chatted and wrote a note: he acted, so he is among the people.
	if dave, ok := people["dave"]; !ok || reached(dave) != "first message 15:12:00" || dave.FirstActionAt == nil || !dave.FirstActionAt.Equal(at("15:25")) {
		t.Errorf("dave = %+v", dave)
	}
	// carol marked impact start at 15:20 for 14:54: her first recorded
	// action is at 15:03 (given the scribe role by alice) ... she acted
	// first at 15:20, not at 14:54.
	if c := people["carol"]; c.FirstActionAt == nil || !c.FirstActionAt.Equal(at("15:20")) || reached(c) != "given a role 15:03:00" {
		t.Errorf("carol (scribe) = %+v, reached %s", c, reached(c))
	}
	if strings.Join(people["alice"].Roles, ",") != "commander" || strings.Join(people["carol"].Roles, ",") != "scribe" {
		t.Errorf("roles: alice %v, carol %v", people["alice"].Roles, people["carol"].Roles)
	}
	if o := people["carol"].Owns; len(o) != 1 || o[0] != 1 {
		t.Errorf("carol owns %v, want follow-up #1", o)
	}
	if m := f.Milestone("started"); m == nil || m.MarkedBy != "carol" || m.MarkedAt == nil || !m.MarkedAt.Equal(at("15:20")) {
		t.Errorf("impact began = %+v, want marked by carol at 15:20", m)
	}

	for _, e := range f.Timeline {
		if e.ID == "E20" || e.Kind == timeline.KindFlag {
			t.Errorf("appendix shows %s (%s): hidden events and flags stay out", e.ID, e.Kind)
		}
	}
	narrative := map[string]bool{}
	for _, e := range f.Narrative {
		narrative[e.ID] = true
	}
	// The story: milestones, changes, the diagnosis notes, the command
	// and its outcome, factors, the handoff.
	for _, id := range []string{"E01", "E02", "E04", "E05", "E09", "E10", "E12", "E14", "E15", "E16", "E17", "E18", "E22", "E24", "E27", "E28"} {
		if !narrative[id] {
			t.Errorf("narrative lacks %s", id)
		}
	}
	if narrative["E13"] || narrative["E29"] {
		t.Error("narrative quotes unflagged chatter, or the summary")
	}
	var chat, handoff string
	for _, m := range f.Narrative {
		switch {
		case m.Count > 0 && m.Kind == timeline.KindMessage:
			chat = m.Text + " " + strings.Join(m.Who, ",")
		case m.ID == "E28":
			handoff = m.From
		}
	}
	if chat != "1 chat message dave" || handoff != "alice" {
		t.Errorf("chat summary %q, handoff from %q", chat, handoff)
	}
	if f.Incident.SummaryEvent != "E29" {
		t.Errorf("summary = %q from %s, want the summary note E29 (a key note is not the summary)", f.Incident.Summary, f.Incident.SummaryEvent)
	}
	if r := f.Resolution; r.Milestone != timeline.Mitigated || len(r.Steps) != 2 || r.Steps[0].ID != "E14" || r.Steps[1].ID != "E17" {
		t.Errorf("resolution = %+v, want the rollback and the note of the half hour before 15:36", r)
	}
	if len(f.Factors) != 2 || len(f.Questions) != 1 || len(f.Actions) != 2 || f.Actions[0].Owner != "carol" {
		t.Errorf("factors %d, questions %d, actions %+v", len(f.Factors), len(f.Questions), f.Actions)
	}

	var cats []string
	for _, w := range f.Wording {
		cats = append(cats, w.EventID+" "+string(w.Category)+" "+w.Phrase)
	}
	wantCats := []string{
		"E17 person-as-cause human error",
		"E17 counterfactual should have",
		"E26 minimiser Just",
		"E26 be-more-careful be more careful",
	}
	if strings.Join(cats, "\n") != strings.Join(wantCats, "\n") {
		t.Errorf("wording to reconsider:\n%s\nwant:\n%s", strings.Join(cats, "\n"), strings.Join(wantCats, "\n"))
	}
}

func TestOutOfOrderMilestonesWarn(t *testing.T) {
	events := knownIncident()
	// Mitigation marked before detection: reported, never reordered.
	events = append(events, ev("E30", "14:50", timeline.SourceCLI, timeline.KindMilestone, "alice", "mitigated", timeline.AttrMilestone, "mitigated"))
	events[17].Attrs[timeline.AttrMilestone] = "acknowledged" // E18 no longer marks mitigated
	_, inc, evs := storeWith(t, events)
	f := Assemble(inc, evs, Options{})
	if len(f.OrderWarnings) == 0 {
		t.Fatal("no warning for mitigated before detected")
	}
	if got := f.Durations[timeline.TimeToMitigate].Seconds; got != -5*60 {
		t.Errorf("time to mitigate = %d s, want -300 (shown as measured)", got)
	}
	md := string(render(t, builtin(t, "default"), f, Markdown))
	if !strings.Contains(md, "milestones out of order") || !strings.Contains(md, "-5m") {
		t.Errorf("markdown does not show the warning and the negative duration")
	}
}

func TestTimeZoneAndDates(t *testing.T) {
	_, inc, events := storeWith(t, knownIncident())
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		fixture.Missing(t, "no tz database: "+err.Error())
	}
	f := Assemble(inc, events, Options{Location: tokyo})
	// 14:54 UTC is 23:54 in Tokyo, and 16:30 UTC is 01:30 the next day:
	// the incident spans two days there, so dates appear.
	if !f.MultiDay {
		t.Fatal("MultiDay false for an incident crossing midnight in Tokyo")
	}
	md := string(render(t, builtin(t, "default"), f, Markdown))
	if !strings.Contains(md, "2026-03-10 23:54") || !strings.Contains(md, "2026-03-11 00:36") || !strings.Contains(md, "Asia/Tokyo") {
		t.Errorf("Tokyo times with dates missing:\n%s", md)
	}
	if utc := Assemble(inc, events, Options{}); utc.MultiDay {
		t.Error("MultiDay true in UTC for a same-day incident")
	}
}

func TestRenderingIsDeterministic(t *testing.T) {
	_, inc, events := storeWith(t, knownIncident())
	for _, tmpl := range BuiltIn() {
		for _, format := range []Format{Markdown, HTML, JSON} {
			a := render(t, tmpl, Assemble(inc, events, Options{}), format)
			// Events arriving in another order fold to the same facts.
			shuffled := append([]timeline.Event(nil), events...)
			for i, j := 0, len(shuffled)-1; i < j; i, j = i+1, j-1 {
				shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
			}
			b := render(t, tmpl, Assemble(inc, shuffled, Options{}), format)
			if !bytes.Equal(a, b) {
				t.Errorf("%s %s differs between runs", tmpl.Name, format)
			}
		}
	}
}

// TestGolden pins each built-in template in each format. Run with
// -update after a deliberate change and read the diff.
func TestGolden(t *testing.T) {
	_, inc, events := storeWith(t, knownIncident())
	f := Assemble(inc, events, Options{})
	for _, tmpl := range BuiltIn() {
		for _, format := range []Format{Markdown, HTML, JSON} {
			if format == JSON && tmpl.Name != "default" {
				continue // JSON is the facts, whatever the template
			}
			got := render(t, tmpl, f, format)
			path := filepath.Join("testdata", tmpl.Name+"."+string(format))
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run go test ./templates -update and review the diff", path)
			}
		}
	}
}

func TestHTMLParsesAndScriptIsInert(t *testing.T) {
	_, inc, events := storeWith(t, knownIncident())
	f := Assemble(inc, events, Options{})
	for _, tmpl := range BuiltIn() {
		out := render(t, tmpl, f, HTML)
		doc, err := html.Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%s: %v", tmpl.Name, err)
		}
		var scripts, external int
		var text strings.Builder
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script", "iframe", "object":
					scripts++
				case "link", "img":
					external++
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(strings.TrimSpace(a.Val), "javascript:") {
						scripts++
					}
				}
			}
			if n.Type == html.TextNode {
				text.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if scripts != 0 || external != 0 {
			t.Errorf("%s: %d script elements or handlers, %d external resources", tmpl.Name, scripts, external)
		}
		// The note is still there, as text a reader can see.
		if !strings.Contains(text.String(), "<script>alert('x')</script>") {
			t.Errorf("%s: the chat message's text was lost instead of escaped", tmpl.Name)
		}
	}
}

func TestControlSequencesNeverReachOutput(t *testing.T) {
	events := knownIncident()
	events[13].Text = "kubectl get pods\x1b]0;owned\x07\x1b[31m red"
	events[4].Actor = "carol\x1b[2J"
	_, inc, evs := storeWith(t, events)
	f := Assemble(inc, evs, Options{})
	for _, tmpl := range BuiltIn() {
		for _, format := range []Format{Markdown, HTML, JSON} {
			out := render(t, tmpl, f, format)
			if bytes.ContainsAny(out, "\x1b\x07") || bytes.Contains(out, []byte(`\u001b`)) {
				t.Errorf("%s %s carries a control sequence", tmpl.Name, format)
			}
		}
	}
}

func TestEscapeInline(t *testing.T) {
	for in, want := range map[string]string{
		"snake_case_name":         "snake_case_name",
		"_emphasis_":              `\_emphasis\_`,
		"a | b":                   `a \| b`,
		"<img src=x onerror=y>":   `\<img src=x onerror=y\>`,
		"[x](javascript:alert())": `\[x\](javascript:alert())`,
		"two\nlines":              "two lines",
		"**bold** `code`":         "\\*\\*bold\\*\\* \\`code\\`",
		"# not a heading":         `\# not a heading`,
		"- not a list":            `\- not a list`,
		"> not a quote":           `\> not a quote`,
		"1. not ordered":          `1\. not ordered`,
		"2026) not ordered":       `2026\) not ordered`,
	} {
		if got := escapeInline(in); got != want {
			t.Errorf("escapeInline(%q) = %q, want %q", in, got, want)
		}
	}
	if got := markdownLink("x", "javascript:alert(1)"); strings.Contains(got, "](") {
		t.Errorf("javascript: URL became a link: %s", got)
	}
}

func TestUserTemplates(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("brief.md.tmpl", "{{/* One-paragraph brief for leadership */}}# {{md .Incident.Title}}\n{{template \"durations\" .}}")
	write("default.md.tmpl", "{{/* Our own default */}}ours\n")
	all, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Template{}
	for _, tmpl := range all {
		got[tmpl.Name] = tmpl
	}
	if got["brief"].Description != "One-paragraph brief for leadership" || got["brief"].Origin != filepath.Join(dir, "brief.md.tmpl") {
		t.Errorf("brief = %+v", got["brief"])
	}
	if !got["default"].Overrides || got["sre"].Origin != "built-in" || got["pagerduty"].Description == "" {
		t.Errorf("listing = %+v", all)
	}

	_, inc, events := storeWith(t, knownIncident())
	f := Assemble(inc, events, Options{})
	brief, err := Find("brief", dir)
	if err != nil {
		t.Fatal(err)
	}
	if out := string(render(t, brief, f, Markdown)); !strings.Contains(out, "# Checkout returns 500s") || !strings.Contains(out, "1h06m") {
		t.Errorf("user template output:\n%s", out)
	}

	bad := write("bad.md.tmpl", "{{.Nope")
	if _, err := Find(bad, ""); err == nil || !strings.Contains(err.Error(), "bad") {
		t.Errorf("a broken template file: err = %v", err)
	}
	if _, err := Find("nosuch", dir); err == nil || !strings.Contains(err.Error(), "default") {
		t.Errorf("unknown name: err = %v, want the list of names", err)
	}
}

// TestStreamedFactsRenderAlike: facts streamed through the entry log (in
// memory, and spilled to a temporary file after a few entries) render
// the same bytes as facts assembled from a slice, in every format.
func TestStreamedFactsRenderAlike(t *testing.T) {
	s, inc, events := storeWith(t, awkwardIncident())
	want := Assemble(inc, events, Options{})
	each := func(fn func(*timeline.Event) error) error {
		return s.EachEvent(context.Background(), inc.ID, incident.Query{}, func(e timeline.Event) error { return fn(&e) })
	}
	for _, spill := range []int{spillAt, 200} {
		pipeline := pipelineAt
		if spill == 200 {
			pipeline = 0 // read in another goroutine
		}
		got, err := assembleFrom(inc, each, Options{}, spill, pipeline)
		if err != nil {
			t.Fatal(err)
		}
		if spilled := got.log.file != nil; spilled != (spill == 200) {
			t.Errorf("spill at %d: spilled %v", spill, spilled)
		}
		for _, tmpl := range BuiltIn() {
			for _, format := range []Format{Markdown, HTML, JSON} {
				a, b := render(t, tmpl, want, format), render(t, tmpl, got, format)
				if !bytes.Equal(a, b) {
					t.Errorf("spill at %d, %s %s: streamed facts render differently", spill, tmpl.Name, format)
				}
			}
		}
		if err := got.LoadTimeline(); err != nil || len(got.Timeline) != len(want.Timeline) {
			t.Errorf("LoadTimeline: %d entries, %v; want %d", len(got.Timeline), err, len(want.Timeline))
		}
		got.Close()
	}
}

// TestFactorHeadingStaysInTheList: a factor written "# ..." is an item of
// the factors list in every template and format, never a heading.
func TestFactorHeadingStaysInTheList(t *testing.T) {
	events := append(knownIncident(),
		ev("H1", "16:20", timeline.SourceCLI, timeline.KindFactor, "carol", "# Retries had no backoff"))
	_, inc, evs := storeWith(t, events)
	f := Assemble(inc, evs, Options{})
	for _, tmpl := range BuiltIn() {
		page := string(render(t, tmpl, f, HTML))
		if strings.Contains(page, "<h1>Retries") || !strings.Contains(page, "<li>“# Retries had no backoff”") {
			t.Errorf("%s: the factor is not a list item:\n%s", tmpl.Name, page)
		}
		// A user template that lists factors bare still gets a list item.
		bare := Template{Name: "bare", text: "{{range .Factors}}- {{md .Text}}\n{{end}}"}
		if out, _ := markdownToHTML(render(t, bare, f, Markdown)); !bytes.Contains(out, []byte("<li># Retries had no backoff</li>")) {
			t.Errorf("bare factor list:\n%s", out)
		}
	}
}

// TestSummaryFromFlag: the Summary is what someone wrote as one, with a
// summary note or by flagging an event as the summary; the later wins, a
// flag taken back no longer counts, and a key flag is not a summary.
func TestSummaryFromFlag(t *testing.T) {
	const cli = timeline.SourceCLI
	flag := func(id, hhmm, target, fl string) timeline.Event {
		return ev(id, hhmm, cli, timeline.KindFlag, "alice", fl+" "+target, timeline.AttrTarget, target, timeline.AttrFlag, fl)
	}
	withoutNote := slices.DeleteFunc(knownIncident(), func(e timeline.Event) bool { return e.ID == "E29" })
	const e10 = "Checkout error rate at 40%; DB connection pool exhausted (max_conns=20)"
	for _, tc := range []struct {
		name      string
		events    []timeline.Event
		id, text  string
		stillNote bool
	}{
		{"flag after the note", append(knownIncident(), flag("F1", "16:20", "E10", timeline.FlagSummary)), "E10", e10, false},
		{"note after the flag", append(knownIncident(), flag("F1", "16:10", "E10", timeline.FlagSummary)), "E29", "", true},
		{"flag taken back", append(knownIncident(), flag("F1", "16:20", "E10", timeline.FlagSummary), flag("F2", "16:25", "E10", timeline.FlagUnsummary)), "E29", "", true},
		{"the latest flag", append(slices.Clone(withoutNote), flag("F1", "16:20", "E10", timeline.FlagSummary), flag("F2", "16:22", "E16", timeline.FlagSummary)),
			"E16", "The pool saturation alert had no route to the on-call", false},
		{"no note, no flag", withoutNote, "", "", false},
		{"a key flag only", append(slices.Clone(withoutNote), flag("F1", "16:20", "E10", timeline.FlagKey)), "", "", false},
		{"a hidden event flagged", append(slices.Clone(withoutNote), flag("F1", "16:20", "E20", timeline.FlagHide), flag("F2", "16:21", "E20", timeline.FlagSummary)), "E20", "noise", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, inc, evs := storeWith(t, tc.events)
			f := Assemble(inc, evs, Options{})
			if f.Incident.SummaryEvent != tc.id {
				t.Fatalf("summary from %q (%q), want %q", f.Incident.SummaryEvent, f.Incident.Summary, tc.id)
			}
			if tc.stillNote {
				if !strings.HasPrefix(f.Incident.Summary, "Checkout failed for an hour") {
					t.Errorf("summary %q, want the summary note's", f.Incident.Summary)
				}
			} else if f.Incident.Summary != tc.text {
				t.Errorf("summary %q, want %q", f.Incident.Summary, tc.text)
			}
			tmpl, err := Find("default", "")
			if err != nil {
				t.Fatal(err)
			}
			md := string(render(t, tmpl, f, Markdown))
			prompt := strings.Contains(md, "*To write:* two or three sentences")
			if prompt != (tc.id == "") {
				t.Errorf("the draft's Summary prompt shown: %v, want %v", prompt, tc.id == "")
			}
		})
	}
}
