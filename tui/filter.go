package tui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/timeline"
)

// eventFilter selects the timeline's events by source and kind. Flag
// events are folded into the rows they mark, so they show only when asked
// for by kind; hidden events only with "hidden".
type eventFilter struct {
	sources    map[timeline.Source]bool // empty: every source
	kinds      map[timeline.Kind]bool   // empty: every kind
	showHidden bool
}

// knownSources are the sources a filter can name; "pd" and "chat" are
// what people type.
var knownSources = map[string]timeline.Source{
	"cli": timeline.SourceCLI, "tui": timeline.SourceTUI, "shell": timeline.SourceShell,
	"pagerduty": timeline.SourcePagerDuty, "pd": timeline.SourcePagerDuty, "pager": timeline.SourcePagerDuty,
	"slack": timeline.SourceSlack, "chat": timeline.SourceSlack,
	"import": timeline.SourceImport, "demo": timeline.SourceDemo,
}

// parseFilter reads what the filter prompt takes: source and kind names,
// separated by spaces or commas, optionally as source:NAME or kind:NAME,
// and "hidden". Several sources (or kinds) mean any of them; a source and
// a kind mean both. An empty string clears the filter.
func parseFilter(s string) (eventFilter, error) {
	var f eventFilter
	for _, tok := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == ',' }) {
		what, name, explicit := strings.Cut(tok, ":")
		if !explicit {
			name = what
		}
		if tok == "hidden" {
			f.showHidden = true
			continue
		}
		if src, ok := knownSources[name]; ok && what != "kind" {
			if f.sources == nil {
				f.sources = map[timeline.Source]bool{}
			}
			f.sources[src] = true
			continue
		}
		if k := timeline.Kind(name); k.Valid() && what != "source" {
			if f.kinds == nil {
				f.kinds = map[timeline.Kind]bool{}
			}
			f.kinds[k] = true
			continue
		}
		return eventFilter{}, fmt.Errorf("%q is not a source or kind; try slack, pagerduty, shell, cli, note, message, command, page, hidden", tok)
	}
	return f, nil
}

func (f eventFilter) match(e timeline.Event, hidden bool) bool {
	if hidden && !f.showHidden {
		return false
	}
	if len(f.sources) > 0 && !f.sources[e.Source] {
		return false
	}
	if len(f.kinds) > 0 {
		return f.kinds[e.Kind]
	}
	return e.Kind != timeline.KindFlag
}

func (f eventFilter) active() bool { return len(f.sources) > 0 || len(f.kinds) > 0 || f.showHidden }

// String is the filter as the prompt takes it, for the timeline's title.
func (f eventFilter) String() string {
	var parts []string
	for _, s := range slices.Sorted(maps.Keys(f.sources)) {
		parts = append(parts, string(s))
	}
	for _, k := range slices.Sorted(maps.Keys(f.kinds)) {
		parts = append(parts, string(k))
	}
	if f.showHidden {
		parts = append(parts, "hidden")
	}
	return strings.Join(parts, " ")
}
