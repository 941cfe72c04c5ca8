package templates

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/util"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/fixture"
	"github.com/sitrep-dev/sitrep/timeline"
)

// awkwardTexts mix case, markup, Unicode white space at either end, the
// Kelvin sign and dotted capital I (whose lower case holds ASCII letters),
// and bytes that are not UTF-8.
var awkwardTexts = []string{
	"", " ", "a", "ack", "Status Page updated", "STATUS PAGE", "sTaTuS.Io is down", "posted an UPDATE",
	"update posted.", "İncident.io", "incident.İo", "İNCİDENT.io", "Status check at 5K", "next updatK", "KELVIN \u212a status page", "statu\xffs page", "status  page",
	"customers were\ntold", "Customers Were Told", "next update at 10:00", "internal update", "ANNOUNCEMENT", "Announcement",
	"# heading", "+ item", "- item", "= x", "> quote", "12. item", "12 items", "a | b", "a_b", "_a", "a  b", "a\tb",
	" lead", "trail ", "\u00a0nbsp", "nbsp\u00a0", "\u2003em", "em\u2003", "x\u0085", "\u3000ideo", "tail\xff", "\xffhead",
	"“quoted”", "a & b", "a ~ b", "<b>", "[x](y)", "back\\slash", "`code`", "*em*", "plain words, nothing else",
	"status update", "the status update was posted", "see https://status.io/x",
}

// TestMessagingAsBefore: the assembler's search for messaging phrases
// finds exactly what lower-casing the text and searching did.
func TestMessagingAsBefore(t *testing.T) {
	var a Assembler // one, so its buffer is reused from text to text
	for _, s := range awkwardTexts {
		want := false
		for _, w := range messagingPhrases {
			want = want || strings.Contains(strings.ToLower(s), string(w))
		}
		e := timeline.Event{Kind: timeline.KindNote, Text: s}
		// Only what passes the assembler's first, exact look is compared.
		if pass := strings.Contains(s, "tatus") || strings.Contains(s, "pdate") || strings.Contains(s, "nnounce") ||
			strings.Contains(s, "ustomers") || strings.Contains(s, "ncident.io") || strings.Contains(s, "TATUS") || strings.Contains(s, "PDATE"); !pass {
			want = false
		}
		if got := a.messaging(&e); got != want {
			t.Errorf("messaging(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestPlainInlineAsBefore: the one-pass check says what the check it
// replaced said.
func TestPlainInlineAsBefore(t *testing.T) {
	before := func(s string) bool {
		if s != "" && (strings.IndexByte("#+-=>", s[0]) >= 0 || leadingDigits(s) > 0) {
			return false
		}
		return !strings.ContainsAny(s, "\\`*[]<>|&~_\n\t\r\v\f") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s
	}
	for _, s := range awkwardTexts {
		if got, want := plainInline(s), before(s); got != want {
			t.Errorf("plainInline(%q) = %v, want %v", s, got, want)
		}
		if got, want := string(appendEscapeInline([]byte("x"), s)), "x"+escapeInline(s); got != want {
			t.Errorf("appendEscapeInline(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestEntryLogRoundTrip: entries come back from the log as they went in,
// from memory and from the temporary file, one of them longer than the
// block the file is read in.
func TestEntryLogRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	var in []Entry
	for i, s := range awkwardTexts {
		in = append(in, Entry{ID: "E" + s, At: at.Add(time.Duration(i) * 1500 * time.Millisecond), Kind: timeline.KindMessage,
			Source: timeline.SourceSlack, Actor: s, Text: s + s, URL: s, Key: i%3 == 0})
	}
	in[4].Milestones = []timeline.Milestone{timeline.Detected, timeline.Acknowledged}
	in[7].Text = strings.Repeat("long text ", 300_000) // 3 MB
	for _, spill := range []int{spillAt, 200} {
		l := &entryLog{spillAt: spill}
		for i := range in {
			l.add(&in[i])
		}
		for round := range 2 {
			var out []Entry
			if err := l.each(func(e *Entry) error { out = append(out, *e); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(out) != len(in) {
				t.Fatalf("spill at %d, round %d: %d entries back, want %d", spill, round, len(out), len(in))
			}
			for i := range in {
				a, b := in[i], out[i]
				if !a.At.Equal(b.At) || a.ID != b.ID || a.Kind != b.Kind || a.Source != b.Source || a.Actor != b.Actor ||
					a.Text != b.Text || a.URL != b.URL || a.Key != b.Key || !slicesEqual(a.Milestones, b.Milestones) {
					t.Errorf("spill at %d, entry %d: got %+v, want %+v", spill, i, shortEntry(b), shortEntry(a))
				}
			}
		}
		if spilled := l.file != nil; spilled != (spill == 200) {
			t.Errorf("spill at %d: spilled %v", spill, spilled)
		}
		l.close()
	}
}

func slicesEqual(a, b []timeline.Milestone) bool {
	return strings.Join(milestoneStrings(a), ",") == strings.Join(milestoneStrings(b), ",")
}

func milestoneStrings(ms []timeline.Milestone) []string {
	var out []string
	for _, m := range ms {
		out = append(out, string(m))
	}
	return out
}

func shortEntry(e Entry) Entry {
	if len(e.Text) > 40 {
		e.Text = e.Text[:40] + "…"
	}
	return e
}

// TestLintMemoAsLint: remembered findings are the findings.
func TestLintMemoAsLint(t *testing.T) {
	var a Assembler
	texts := []string{"we just restarted it", "someone should have checked the pool", "ack", "we just restarted it", "human error again"}
	for round := range 2 {
		for _, s := range texts {
			got, want := a.lintText(s), LintText(s)
			if len(got) != len(want) {
				t.Fatalf("round %d, %q: %d findings, want %d", round, s, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("round %d, %q: %+v, want %+v", round, s, got[i], want[i])
				}
			}
		}
	}
	if len(a.linted) != 4 {
		t.Errorf("remembered %d texts, want 4", len(a.linted))
	}
}

// TestPipelinedAssemblyAlike: a long incident read in another goroutine,
// batch by batch, and its log spilled, renders as the same incident
// assembled from a slice, in every built-in template and format.
func TestPipelinedAssemblyAlike(t *testing.T) {
	events := awkwardIncident()
	base := at("16:40")
	people := []string{"alice", "bob", "carol", "dave"}
	for i := range 5000 {
		e := timeline.Event{ID: fmt.Sprintf("P%05d", i), Incident: "INC-1", At: base.Add(time.Duration(i) * 700 * time.Millisecond),
			Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: people[i%len(people)],
			Text: fmt.Sprintf("update %d: status page says %d%% of checkout_%d", i, i%100, i%7)}
		e.Recorded = e.At
		switch {
		case i%97 == 5:
			e.Kind, e.Source, e.Text = timeline.KindNote, timeline.SourceCLI, "we just restarted it, someone should have checked the pool"
		case i%10 == 2:
			e.Kind, e.Source, e.Text = timeline.KindCommand, timeline.SourceShell, fmt.Sprintf("kubectl rollout status deploy/api-%d", i%7)
			e.SetAttr(timeline.AttrExitCode, "0")
		case i%20 == 3:
			e.Kind, e.Source, e.Text = timeline.KindNotify, timeline.SourcePagerDuty, "Notified via push"
			e.SetAttr(timeline.AttrWho, people[(i/20)%len(people)])
		}
		events = append(events, e)
	}
	s, inc, evs := storeWith(t, events)
	want := Assemble(inc, evs, Options{})
	each := func(fn func(*timeline.Event) error) error {
		return s.EachEvent(context.Background(), inc.ID, incident.Query{}, func(e timeline.Event) error { return fn(&e) })
	}
	got, err := assembleFrom(inc, each, Options{}, 4096, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if got.Entries() != len(want.Timeline) || got.log.file == nil {
		t.Fatalf("%d entries (spilled: %v), want %d spilled", got.Entries(), got.log.file != nil, len(want.Timeline))
	}
	for _, tmpl := range BuiltIn() {
		for _, format := range []Format{Markdown, HTML, JSON} {
			if a, b := render(t, tmpl, want, format), render(t, tmpl, got, format); !bytes.Equal(a, b) {
				t.Errorf("%s %s: pipelined facts render differently", tmpl.Name, format)
			}
		}
	}
	// An error from the reader comes back, after every event it gave.
	stop := errors.New("reader failed")
	n := 0
	_, err = assembleFrom(inc, func(fn func(*timeline.Event) error) error {
		if err := each(func(e *timeline.Event) error { n++; return fn(e) }); err != nil {
			return err
		}
		return stop
	}, Options{}, spillAt, 0)
	if !errors.Is(err, stop) || n != len(evs) {
		t.Errorf("reader error: %v after %d events, want %v after %d", err, n, stop, len(evs))
	}
}

// TestTimeCacheAsClock: the appendix's cached and arithmetic times are
// what clock.append writes, in UTC and in a zone with a daylight-saving
// change, with and without dates and offsets, before 1970 too.
func TestTimeCacheAsClock(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		fixture.Missing(t, "no zone database: "+err.Error())
	}
	r := rand.New(rand.NewPCG(1, 2))
	starts := []time.Time{time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC)}
	for _, loc := range []*time.Location{time.UTC, berlin} {
		for _, multi := range []bool{false, true} {
			for _, offsets := range []bool{false, true} {
				c := clock{loc: loc, multi: multi, offsets: offsets}
				for _, start := range starts {
					var tc timeCache
					at := start
					for range 3000 {
						at = at.Add(time.Duration(r.IntN(4000)) * time.Millisecond)
						for _, layout := range []string{clockLayout, "15:04"} {
							if got, want := string(tc.append(nil, c, layout, at)), string(c.append(nil, layout, at)); got != want {
								t.Fatalf("%v multi %v offsets %v %s: %q, want %q", loc, multi, offsets, at, got, want)
							}
						}
					}
					if got := string(tc.append(nil, c, clockLayout, time.Time{})); got != "—" {
						t.Errorf("zero time: %q", got)
					}
				}
			}
		}
	}
}

// TestPlainURLNeedsNoEscaping: an address plainURL passes is what the
// page's escaping would have made of it.
func TestPlainURLNeedsNoEscaping(t *testing.T) {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/.-_~?=#+,"
	r := rand.New(rand.NewPCG(3, 4))
	urls := []string{"https://example.slack.com/archives/C05INCBULK/p1771088942000283", "https://x/y?a=1#f+g,h~i"}
	for range 2000 {
		b := []byte("https://")
		for range r.IntN(40) {
			b = append(b, alphabet[r.IntN(len(alphabet))])
		}
		urls = append(urls, string(b))
	}
	for _, u := range urls {
		if !plainURL(u) {
			t.Fatalf("plainURL(%q) = false", u)
		}
		if esc := string(util.EscapeHTML(util.URLEscape([]byte(u), true))); esc != u {
			t.Errorf("%q escapes to %q", u, esc)
		}
	}
	for _, u := range []string{"https://x/a&b", "https://x/%41", "https://x/\"", "https://x/ü", "https://x/a\\b", "https://x/<"} {
		if plainURL(u) {
			t.Errorf("plainURL(%q) = true", u)
		}
	}
}

// TestEntryLogPipelined: a log long enough to be decoded in another
// goroutine gives every entry in order, from memory and from the file,
// and stops when fn fails, with fn's error.
func TestEntryLogPipelined(t *testing.T) {
	at := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	const n = pipelineAt + 2345
	for _, spill := range []int{spillAt, 64 << 10} {
		l := &entryLog{spillAt: spill}
		for i := range n {
			l.add(&Entry{ID: fmt.Sprint(i), At: at.Add(time.Duration(i) * time.Second), Kind: timeline.KindNote, Text: strings.Repeat("x", i%300)})
		}
		for range 2 {
			i := 0
			err := l.each(func(e *Entry) error {
				if e.ID != fmt.Sprint(i) || len(e.Text) != i%300 || !e.At.Equal(at.Add(time.Duration(i)*time.Second)) {
					return fmt.Errorf("entry %d: %+v", i, shortEntry(*e))
				}
				i++
				return nil
			})
			if err != nil || i != n {
				t.Fatalf("spill at %d: %d entries, %v; want %d", spill, i, err, n)
			}
		}
		stop := errors.New("stop")
		i := 0
		if err := l.each(func(*Entry) error {
			if i++; i == 7000 {
				return stop
			}
			return nil
		}); !errors.Is(err, stop) || i != 7000 {
			t.Errorf("spill at %d: stopped after %d with %v, want 7000 and %v", spill, i, err, stop)
		}
		if spilled := l.file != nil; spilled != (spill != spillAt) {
			t.Errorf("spill at %d: spilled %v", spill, spilled)
		}
		l.close()
	}
}
