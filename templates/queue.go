package templates

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep/timeline"
)

// DefaultQueueLine is the severity line of the review queue: incidents at
// SEV3 or worse are reviewed in a meeting.
const DefaultQueueLine timeline.Severity = 3

// Queue is the review queue, shaped for the meeting that works through
// it: above a severity line, related incidents batched, the rest on their
// own, and a plan of sessions (one batch, or at most two incidents, each).
type Queue struct {
	Line      timeline.Severity `json:"min_severity"` // incidents at this severity or worse are listed
	Batches   []QueueGroup      `json:"batches"`      // related incidents, to review together
	Ungrouped []QueueItem       `json:"ungrouped"`    // incidents related to no other
	Sessions  []QueueSession    `json:"sessions"`     // the order to review them in
	BelowLine int               `json:"below_line"`   // resolved, unreviewed, under the line (or no severity)
}

// Len is how many incidents await review above the line.
func (q Queue) Len() int {
	n := len(q.Ungrouped)
	for _, b := range q.Batches {
		n += len(b.Incidents)
	}
	return n
}

// QueueGroup is a batch: incidents that all share one contributing factor
// (in similar words) or one service, so one session can discuss them.
type QueueGroup struct {
	Shared    string      `json:"shared"` // `factor "pool size left at the default"`, `service checkout-api`
	Incidents []QueueItem `json:"incidents"`
}

// QueueSession is one review meeting's agenda.
type QueueSession struct {
	Incidents []string `json:"incidents"`
	Batch     int      `json:"batch,omitempty"` // 1-based index into Batches, 0 for loose incidents
}

// QueueItem is one incident awaiting review.
type QueueItem struct {
	ID             string            `json:"id"`
	Title          string            `json:"title"`
	Severity       timeline.Severity `json:"severity"` // the peak
	Status         timeline.Status   `json:"status"`
	ResolvedAt     *time.Time        `json:"resolved_at,omitempty"`
	WaitingSince   time.Time         `json:"waiting_since"`   // impact ended, else the last event
	WaitingSeconds int64             `json:"waiting_seconds"` // until now
	Services       []string          `json:"services"`
	Factors        []string          `json:"factors"`

	factorWords []map[string]bool
}

// sessionCap is how many loose incidents one review session takes.
const sessionCap = 2

// BuildQueue lists resolved or closed incidents whose review was not held
// (reviewed holds the IDs that were), at line or worse (0: every
// severity, unset included). Related incidents are batched: each batch
// shares one thing among all its members, a contributing factor in
// similar words or a service, so two incidents never land together only
// because each resembles a third. The worst and longest-waiting come
// first; now measures the wait.
func BuildQueue(hist []History, reviewed map[string]bool, line timeline.Severity, now time.Time) Queue {
	q := Queue{Line: line, Batches: []QueueGroup{}, Ungrouped: []QueueItem{}, Sessions: []QueueSession{}}
	var items []QueueItem
	for _, h := range hist {
		inc := h.Incident
		sev := cmp.Or(inc.PeakSeverity, inc.Severity)
		if inc.Open() || reviewed[inc.ID] {
			continue
		}
		if line != 0 && (sev == 0 || sev > line) {
			q.BelowLine++
			continue
		}
		it := QueueItem{ID: inc.ID, Title: timeline.SanitizeLine(inc.Title), Severity: sev, Status: inc.Status}
		it.WaitingSince = inc.LastEventAt.UTC()
		if t, ok := inc.Milestones[timeline.Resolved]; ok {
			t = t.UTC()
			it.ResolvedAt, it.WaitingSince = &t, t
		}
		if !now.IsZero() && now.After(it.WaitingSince) {
			it.WaitingSeconds = int64(now.Sub(it.WaitingSince) / time.Second)
		}
		hidden := setOf(inc.Hidden)
		services, factors := map[string]bool{}, map[string]string{}
		for _, e := range h.Events {
			if svc := timeline.SanitizeLine(e.Attr(timeline.AttrService)); svc != "" {
				services[svc] = true
			}
			if e.Kind == timeline.KindFactor && !hidden[e.ID] {
				text := timeline.SanitizeLine(e.Text)
				if _, seen := factors[normalise(text)]; !seen {
					factors[normalise(text)] = text
				}
			}
		}
		it.Services = nonNil(slices.Sorted(maps.Keys(services)))
		for _, k := range slices.Sorted(maps.Keys(factors)) {
			it.Factors = append(it.Factors, factors[k])
			it.factorWords = append(it.factorWords, contentWords(k))
		}
		it.Factors = nonNil(it.Factors)
		items = append(items, it)
	}
	order := func(a, b QueueItem) int {
		if c := cmp.Compare(sevRank(a.Severity), sevRank(b.Severity)); c != 0 {
			return c
		}
		if c := a.WaitingSince.Compare(b.WaitingSince); c != 0 {
			return c
		}
		return compareIDs(a.ID, b.ID)
	}
	slices.SortFunc(items, order)

	// Greedy batches around a seed, most urgent first: the seed's factor
	// or service that the most others share makes the batch, and every
	// member shares that one thing with the seed.
	taken := make([]bool, len(items))
	for i := range items {
		if taken[i] {
			continue
		}
		seed := items[i]
		var best []int
		var label string
		consider := func(shared string, related func(QueueItem) bool) {
			var members []int
			for j := i + 1; j < len(items); j++ {
				if !taken[j] && related(items[j]) {
					members = append(members, j)
				}
			}
			if len(members) > len(best) {
				best, label = members, shared
			}
		}
		for k, words := range seed.factorWords {
			consider(`factor "`+seed.Factors[k]+`"`, func(o QueueItem) bool {
				return slices.ContainsFunc(o.factorWords, func(w map[string]bool) bool { return similarWords(words, w) })
			})
		}
		for _, svc := range seed.Services {
			consider("service "+svc, func(o QueueItem) bool { return slices.Contains(o.Services, svc) })
		}
		if len(best) == 0 {
			continue
		}
		g := QueueGroup{Shared: label, Incidents: []QueueItem{seed}}
		taken[i] = true
		for _, j := range best {
			taken[j] = true
			g.Incidents = append(g.Incidents, items[j])
		}
		q.Batches = append(q.Batches, g)
	}
	for i, it := range items {
		if !taken[i] {
			q.Ungrouped = append(q.Ungrouped, it)
		}
	}

	// Sessions: the batches and loose incidents interleaved by urgency,
	// loose ones two to a session.
	bi, ui := 0, 0
	for bi < len(q.Batches) || ui < len(q.Ungrouped) {
		if bi < len(q.Batches) && (ui == len(q.Ungrouped) || order(q.Batches[bi].Incidents[0], q.Ungrouped[ui]) <= 0) {
			s := QueueSession{Batch: bi + 1}
			for _, it := range q.Batches[bi].Incidents {
				s.Incidents = append(s.Incidents, it.ID)
			}
			q.Sessions = append(q.Sessions, s)
			bi++
			continue
		}
		var s QueueSession
		for ; ui < len(q.Ungrouped) && len(s.Incidents) < sessionCap; ui++ {
			s.Incidents = append(s.Incidents, q.Ungrouped[ui].ID)
		}
		q.Sessions = append(q.Sessions, s)
	}
	return q
}

// compareIDs orders INC-9 before INC-10.
func compareIDs(a, b string) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// sevRank puts an unset severity after SEV5.
func sevRank(s timeline.Severity) int {
	if s == 0 {
		return int(timeline.SevLeast) + 1
	}
	return int(s)
}

// normalise makes factor texts that differ only in case, spacing or a
// final full stop compare equal.
func normalise(s string) string {
	return strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".;:!")
}

// stopWords carry no meaning of their own in a contributing factor.
var stopWords = words(`a an the of to in on at for by with and or but is are was were be been
	being has have had not no nor from as it its this that these those into than then there their our we
	they them he she his her you your i me my so too very can could would should will may might must do does
	did done left after before during when while which who whom what where why how all any each some more
	most other only own same also just up down out over under again once`)

// contentWords are a factor's meaningful words, crudely stemmed so that
// "retries" and "retry", "timeouts" and "timeout" meet.
func contentWords(s string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if stopWords()[w] || len(w) < 2 {
			continue
		}
		words[stem(w)] = true
	}
	return words
}

func stem(w string) string {
	for _, suffix := range []string{"ies", "ing", "ed", "s"} {
		if len(w) > len(suffix)+3 && strings.HasSuffix(w, suffix) {
			if suffix == "ies" {
				return w[:len(w)-3] + "y"
			}
			return w[:len(w)-len(suffix)]
		}
	}
	return w
}

// similarWords says whether two factors are worded alike: at least two
// meaningful words in common, making up at least half of the shorter.
func similarWords(a, b map[string]bool) bool {
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return shared >= 2 && 2*shared >= min(len(a), len(b))
}
