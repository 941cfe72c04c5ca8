package templates

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// ReviewKey is the cache key that records when an incident's review was
// exported: "review/INC-7" → RFC 3339 time.
func ReviewKey(id string) string { return "review/" + id }

// QueueGroup is a set of incidents awaiting review that share a service or
// a contributing factor, so they can be discussed together. An incident
// that shares nothing is a group of one.
type QueueGroup struct {
	Shared    []string    `json:"shared"` // "service checkout-api", "factor pool size left at default"
	Incidents []QueueItem `json:"incidents"`
}

// QueueItem is one incident awaiting review.
type QueueItem struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Severity   timeline.Severity `json:"severity"` // the peak
	Status     timeline.Status   `json:"status"`
	ResolvedAt *time.Time        `json:"resolved_at,omitempty"`
	Services   []string          `json:"services"`
	Factors    []string          `json:"factors"`
}

// ReviewQueue lists resolved or closed incidents whose review was never
// exported (reviewed holds the IDs that were), at minSev or worse (0: any
// severity; an incident with no severity then does not qualify), grouped
// where they share a service or a contributing factor. Worst severity
// first, then the longest waiting.
func ReviewQueue(hist []History, reviewed map[string]bool, minSev timeline.Severity) []QueueGroup {
	var items []QueueItem
	keys := map[string][]int{}     // shared label → item indexes
	display := map[string]string{} // factor label → as first written
	for _, h := range hist {
		inc := h.Incident
		sev := cmp.Or(inc.PeakSeverity, inc.Severity)
		if inc.Open() || reviewed[inc.ID] || (minSev != 0 && (sev == 0 || sev > minSev)) {
			continue
		}
		it := QueueItem{ID: inc.ID, Title: timeline.SanitizeLine(inc.Title), Severity: sev, Status: inc.Status}
		if t, ok := inc.Milestones[timeline.Resolved]; ok {
			t = t.UTC()
			it.ResolvedAt = &t
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
		it.Services = slices.Sorted(maps.Keys(services))
		for _, k := range slices.Sorted(maps.Keys(factors)) {
			it.Factors = append(it.Factors, factors[k])
		}
		it.Services, it.Factors = nonNil(it.Services), nonNil(it.Factors)
		n := len(items)
		items = append(items, it)
		for s := range services {
			keys["service "+s] = append(keys["service "+s], n)
		}
		for k, text := range factors {
			label := "factor " + k
			if _, ok := display[label]; !ok {
				display[label] = "factor " + text
			}
			keys[label] = append(keys[label], n)
		}
	}
	// Union-find over items sharing a label.
	parent := make([]int, len(items))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for _, idx := range keys {
		for _, j := range idx[1:] {
			parent[find(j)] = find(idx[0])
		}
	}
	order := func(a, b QueueItem) int {
		if c := cmp.Compare(sevRank(a.Severity), sevRank(b.Severity)); c != 0 {
			return c
		}
		if c := compareFirst(a.ResolvedAt, b.ResolvedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	}
	byRoot := map[int]*QueueGroup{}
	for i, it := range items {
		g := byRoot[find(i)]
		if g == nil {
			g = &QueueGroup{Shared: []string{}}
			byRoot[find(i)] = g
		}
		g.Incidents = append(g.Incidents, it)
	}
	for label, idx := range keys {
		if len(idx) > 1 {
			g := byRoot[find(idx[0])]
			g.Shared = append(g.Shared, cmp.Or(display[label], label))
		}
	}
	var groups []QueueGroup
	for _, g := range byRoot {
		slices.SortFunc(g.Incidents, order)
		slices.Sort(g.Shared)
		groups = append(groups, *g)
	}
	slices.SortFunc(groups, func(a, b QueueGroup) int { return order(a.Incidents[0], b.Incidents[0]) })
	return nonNil(groups)
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
