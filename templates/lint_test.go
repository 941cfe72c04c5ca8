package templates

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/fixture"
	"github.com/sitrep-dev/sitrep/timeline"
)

const postmortems = "../../shared/fixtures/postmortems"

func readPostmortem(t *testing.T, name string) []byte {
	t.Helper()
	fixture.Check(t, postmortems)
	b, err := os.ReadFile(filepath.Join(postmortems, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func brief(fs []Finding) string {
	var lines []string
	for _, f := range fs {
		lines = append(lines, fmt.Sprintf("%d:%d %s %q", f.Line, f.Col, f.Category, f.Phrase))
	}
	return strings.Join(lines, "\n")
}

// TestLintPublishedPostmortems writes down what a careful reader flags in
// three real reports, and nothing more.
func TestLintPublishedPostmortems(t *testing.T) {
	for name, want := range map[string][]string{
		// The author blames themself ("an act of laziness", "when I'm
		// lazy"); a script that "failed to" remove changes is a system's
		// failure, not a person's. The code
		// blocks (git stash, a diff with a token), the footnotes and the
		// front matter carry nothing worth flagging.
		"pypi-2024-07-08-incident-report-leaked-admin-personal-access-token.md": {
			`50:20 person-as-cause "laziness"`,
			`116:19 person-as-cause "lazy"`,
		},
		// Users "fell for" the phishing, and the takeaway asks them to "be
		// vigilant". The quoted tweets (block quotes) are someone else's
		// words; "could have captured" describes the attacker's
		// capability, not hindsight.
		"pypi-2025-07-31-incident-report-phishing-attack.md": {
			`103:28 person-as-cause "fell for"`,
			`141:41 person-as-cause "fall for"`,
			`200:37 be-more-careful "be vigilant"`,
		},
		// Factual and blameless throughout: no findings at all.
		"homebrew-2018-08-05-security-incident-disclosure.md": nil,
	} {
		t.Run(name, func(t *testing.T) {
			got := brief(Lint(readPostmortem(t, name)))
			if got != strings.Join(want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
			}
		})
	}
}

func TestLintFindsEachCategory(t *testing.T) {
	doc := `# Review

The on-call engineer should have rolled back sooner, and then failed to escalate.
It was human error: bob forgot the flag.
We just restarted it, which obviously fixed things.
Why didn't you page the database team?
The root cause was a bad config push.
Skipping the canary was unacceptable.
- Action: everyone must be more careful when editing configs.
`
	got := brief(Lint([]byte(doc)))
	want := strings.Join([]string{
		`3:22 counterfactual "should have"`,
		`3:63 counterfactual "failed to"`,
		`4:8 person-as-cause "human error"`,
		`4:25 person-as-cause "forgot"`,
		`5:4 minimiser "just"`,
		`5:29 minimiser "obviously"`,
		`6:1 question-at-person "Why didn't you"`,
		`7:5 single-root-cause "root cause"`,
		`8:25 normative "unacceptable"`,
		`9:25 be-more-careful "be more careful"`,
	}, "\n")
	if got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
}

func TestLintLeavesAloneWhatIsNotBlame(t *testing.T) {
	doc := "---\ntitle: should have\n---\n" +
		"We moved to just-in-time provisioning just before the freeze, just after 14:00.\n" +
		"It was not just the cache but also the queue.\n" +
		"The `should have` check in `failed to start` logs.\n" +
		"```\nhuman error: forgot to set careless=true\n```\n" +
		"> Why didn't you tell us? (a customer's words)\n" +
		"The customer wrote \"you should have warned us\" in the ticket.\n" +
		"See [the runbook](https://example.com/just/root-cause) and <!-- the root cause -->.\n" +
		"The fault-tolerant path and the error budget held; alerts double-paged nobody.\n" +
		"Detection could have been faster had the dashboard loaded.\n"
	if got := Lint([]byte(doc)); len(got) != 0 {
		t.Errorf("false alarms:\n%s", brief(got))
	}
}

func TestLintAcrossLinesAndEmphasis(t *testing.T) {
	got := brief(Lint([]byte("The engineer attempted but **failed\nto** remove the file.\nShould. Have checked later.\n")))
	if got != `1:30 counterfactual "failed to"` {
		t.Errorf("findings:\n%s", got)
	}
}

func TestLintFindingFormat(t *testing.T) {
	fs := Lint([]byte("ok\nthat was human error\n"))
	if len(fs) != 1 {
		t.Fatalf("findings: %v", fs)
	}
	fs[0].File = "review.md"
	want := `review.md:2:10: person-as-cause: "human error": say what made the error likely (interface, defaults, missing guard, fatigue)`
	if fs[0].String() != want {
		t.Errorf("got  %s\nwant %s", fs[0], want)
	}
}

// TestOwnTemplatesAreClean: a review draft never trips the lint. Its own
// words (headings, prompts, suggestions) are clean, and what people wrote
// during the incident is quoted, so the lint judges only what the
// review's author adds; the draft lists the quoted wording worth
// reconsidering in a section of its own.
func TestOwnTemplatesAreClean(t *testing.T) {
	events := append(knownIncident(),
		ev("B1", "16:20", timeline.SourceCLI, timeline.KindFactor, "dave", "# Bob ignored the alert; none of this would have happened"),
		ev("B2", "16:21", timeline.SourceCLI, timeline.KindQuestion, "dave", "Why didn't you page the DBA? It was obviously a rookie move"),
		ev("B3", "16:22", timeline.SourceSlack, timeline.KindMessage, "erin", "the root cause was human error, he should have known"),
		ev("B4", "16:23", timeline.SourceCLI, timeline.KindFlag, "alice", "key B3", timeline.AttrTarget, "B3", timeline.AttrFlag, "key"),
		ev("B5", "16:24", timeline.SourceCLI, timeline.KindTitle, "alice", "title: Bob's careless push broke checkout", timeline.AttrNew, "Bob's careless push broke checkout"),
		ev("B6", "16:25", timeline.SourceShell, timeline.KindCommand, "bob", "echo 'we just forgot to be more careful'", timeline.AttrExitCode, "0"),
	)
	_, inc, evs := storeWith(t, events)
	f := Assemble(inc, evs, Options{})
	if len(f.Wording) < 8 {
		t.Errorf("the facts list %d phrases to reconsider, want the notes' blame found", len(f.Wording))
	}
	for _, tmpl := range BuiltIn() {
		md := render(t, tmpl, f, Markdown)
		for _, fd := range Lint(md) {
			line := strings.Split(string(md), "\n")[fd.Line-1]
			t.Errorf("%s: %d:%d %s %q: %s", tmpl.Name, fd.Line, fd.Col, fd.Category, fd.Phrase, line)
		}
		if !bytes.Contains(md, []byte("`none of this would`")) {
			t.Errorf("%s: the wording section does not list the factor's counterfactual", tmpl.Name)
		}
		if bytes.Contains(md, []byte("root cause")) && !bytes.Contains(md, []byte("the root cause was human error")) {
			t.Errorf("%s speaks of a root cause", tmpl.Name)
		}
	}
	for _, s := range suggestions {
		if fs := LintText(s); len(fs) != 0 {
			t.Errorf("suggestion %q trips the lint: %v", s, fs)
		}
	}
	// An incident with nothing to reconsider, and one with no events
	// but its opening: the drafts' other branches are clean too.
	for _, evs := range [][]timeline.Event{knownIncident()[:8], knownIncident()[:1]} {
		var clean []timeline.Event
		for _, e := range evs {
			if e.ID != "E01" {
				clean = append(clean, e)
			}
		}
		_, inc, stored := storeWith(t, clean)
		f := Assemble(inc, stored, Options{})
		for _, tmpl := range BuiltIn() {
			md := render(t, tmpl, f, Markdown)
			for _, fd := range Lint(md) {
				t.Errorf("%s, %d events: %d:%d %s %q: %s", tmpl.Name, len(clean), fd.Line, fd.Col, fd.Category, fd.Phrase, strings.Split(string(md), "\n")[fd.Line-1])
			}
		}
	}
}

func BenchmarkLintPostmortem(b *testing.B) {
	doc, err := os.ReadFile(filepath.Join(postmortems, "pypi-2025-07-31-incident-report-phishing-attack.md"))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		Lint(doc)
	}
}

// TestLintPrecisionRecall scores the lint on labelled sentences written
// for this project (testdata/lint-labelled.txt: "+" blames or judges a
// person, "-" does not) and on the published postmortems, line by line
// (the lines TestLintPublishedPostmortems expects findings on are the
// positives, every other line the negatives). It reports precision and
// recall, and holds both at 0.97 or better (blind rounds score lower: see
// TestLintScoreFile).
func TestLintPrecisionRecall(t *testing.T) {
	b, err := os.ReadFile("testdata/lint-labelled.txt")
	if err != nil {
		t.Fatal(err)
	}
	var tp, fp, fn, tn, ownPos, ownNeg int
	score := func(what string, blame, flagged bool) {
		switch {
		case blame && flagged:
			tp++
		case blame:
			fn++
			t.Logf("missed:      %s", what)
		case flagged:
			fp++
			t.Logf("false alarm: %s", what)
		default:
			tn++
		}
	}
	for _, s := range labelled(b) {
		if s.blame {
			ownPos++
		} else {
			ownNeg++
		}
		fs := LintText(s.text)
		what := s.text
		if len(fs) > 0 {
			what += "  [" + brief(fs) + "]"
		}
		score(what, s.blame, len(fs) > 0)
	}
	if ownPos < 50 || ownNeg < 50 {
		t.Errorf("labelled set: %d blaming and %d fine sentences, want at least 50 of each", ownPos, ownNeg)
	}
	positives := map[string][]int{
		"pypi-2024-07-08-incident-report-leaked-admin-personal-access-token.md": {50, 116},
		"pypi-2025-07-31-incident-report-phishing-attack.md":                    {103, 141, 200},
		"homebrew-2018-08-05-security-incident-disclosure.md":                   nil,
	}
	for name, want := range positives {
		doc := readPostmortem(t, name)
		flagged := map[int]string{}
		for _, f := range Lint(doc) {
			flagged[f.Line] = f.Phrase
		}
		for n, line := range strings.Split(string(doc), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			_, hit := flagged[n+1]
			score(fmt.Sprintf("%s:%d: %s", name, n+1, line), slices.Contains(want, n+1), hit)
		}
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	t.Logf("precision %.3f, recall %.3f (%d true positives, %d false alarms, %d misses, %d true negatives)", precision, recall, tp, fp, fn, tn)
	if precision < 0.97 || recall < 0.97 {
		t.Errorf("precision %.3f, recall %.3f: want both ≥ 0.97", precision, recall)
	}
}

type labelledSentence struct {
	text  string
	blame bool
}

// labelled reads sentences marked "+" (blames or judges a person) or "-"
// (does not), one a line; other lines are comments.
func labelled(b []byte) []labelledSentence {
	var out []labelledSentence
	for _, line := range strings.Split(string(b), "\n") {
		if len(line) < 2 || (line[0] != '+' && line[0] != '-') {
			continue
		}
		out = append(out, labelledSentence{strings.TrimSpace(line[1:]), line[0] == '+'})
	}
	return out
}

// TestLintScoreFile scores the lint on a labelled file it has not been
// tuned on, named by LINT_SCORE (same format as testdata/lint-labelled.txt):
//
//	LINT_SCORE=/path/b1.txt go test -count=1 -run LintScoreFile -v ./templates
//
// It prints precision and recall, the misses and the false alarms, and
// fails nothing: a blind round is a measurement, not a gate.
func TestLintScoreFile(t *testing.T) {
	path := os.Getenv("LINT_SCORE")
	if path == "" {
		t.Skip("LINT_SCORE names a labelled file to score")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tp, fp, fn, tn int
	var misses, alarms []string
	for _, s := range labelled(b) {
		fs := LintText(s.text)
		switch {
		case s.blame && len(fs) > 0:
			tp++
		case s.blame:
			fn++
			misses = append(misses, s.text)
		case len(fs) > 0:
			fp++
			alarms = append(alarms, s.text+"  ["+brief(fs)+"]")
		default:
			tn++
		}
	}
	for _, m := range misses {
		t.Logf("missed:      %s", m)
	}
	for _, a := range alarms {
		t.Logf("false alarm: %s", a)
	}
	t.Logf("%s: precision %.3f, recall %.3f (%d true positives, %d false alarms, %d misses, %d true negatives)",
		filepath.Base(path), float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn), tp, fp, fn, tn)
}

// TestLintRobustToNoteShapes scores the labelled sentences again as chat
// and timeline notes write them: lower-cased, after a timestamp, after a
// chat log's time and speaker. Findings should not depend on the shape.
func TestLintRobustToNoteShapes(t *testing.T) {
	b, err := os.ReadFile("testdata/lint-labelled.txt")
	if err != nil {
		t.Fatal(err)
	}
	for name, shape := range map[string]func(string) string{
		"lower-case": strings.ToLower,
		"timestamp":  func(s string) string { return "14:02 " + s },
		"chat log":   func(s string) string { return "[14:02] bob: " + s },
	} {
		var tp, fp, fn int
		for _, s := range labelled(b) {
			flagged := len(LintText(shape(s.text))) > 0
			switch {
			case s.blame && flagged:
				tp++
			case s.blame:
				fn++
			case flagged:
				fp++
				t.Logf("%s: false alarm: %s", name, shape(s.text))
			}
		}
		precision, recall := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
		t.Logf("%s: precision %.3f, recall %.3f", name, precision, recall)
		if precision < 0.97 || recall < 0.97 {
			t.Errorf("%s: precision %.3f, recall %.3f: want both ≥ 0.97", name, precision, recall)
		}
	}
}

// TestForms: the lexicon's verbs come in all their forms, and a pattern
// that puts a multi-word alternative after '|' is refused when rules are
// built (its words would be split in the wrong places).
func TestForms(t *testing.T) {
	for spec, want := range map[string][]string{
		"ignore":                   {"ignore", "ignores", "ignoring", "ignored", "ignore'd"},
		"skip*":                    {"skip", "skips", "skipping", "skipped"},
		"hurry:hurried:hurried":    {"hurry", "hurries", "hurrying", "hurried"},
		"push":                     {"push", "pushes", "pushing", "pushed"},
		"forget*:forgot:forgotten": {"forget", "forgets", "forgetting", "forgot", "forgotten"},
	} {
		got := strings.Split(forms(spec), "|")
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("forms(%q) = %v, lacks %q", spec, got, w)
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a '+' after '|' in a pattern was accepted")
		}
	}()
	phrase(Normative, "so|very+bad idea")
}
