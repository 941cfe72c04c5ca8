// Package integrations connects sitrep to external services (PagerDuty,
// Slack): the Provider value each integration package exports (its sync
// Source, link, note poster, status writer and webhook route), the sync
// runner that pulls from every linked source with stored cursors and
// back-off, the queue of note posts that failed, and the pieces shared by
// the webhook receivers.
package integrations

import (
	"context"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Source pulls one external source's activity for one incident.
type Source interface {
	// Name is the key of Incident.Links this source serves ("pagerduty",
	// "slack").
	Name() string
	// Sync fetches what happened since cursor (nil on the first sync) and
	// hands it to emit, one page at a time. emit stores each page and its
	// cursor in one transaction, so an interrupted or rate-limited sync
	// resumes from the last page stored. Sync may read the store (to
	// compare with what it holds) but writes only through emit, and emit
	// does no network I/O.
	Sync(ctx context.Context, inc incident.Incident, cursor []byte, emit func(Page) error) error
}

// Unlinked is implemented by a Source that syncs every incident, linked
// to it or not (a team's shared stream, say): the runner calls it for each
// incident it syncs when SyncsUnlinked is true.
type Unlinked interface {
	SyncsUnlinked() bool
}

func syncs(src Source, inc incident.Incident) bool {
	if inc.Links[src.Name()] != "" {
		return true
	}
	u, ok := src.(Unlinked)
	return ok && u.SyncsUnlinked()
}

// Page is one batch of a sync's results.
type Page struct {
	Events []timeline.Event
	// Updates rewrite stored events by ID (a chat edit); see
	// incident.Batch.Updates. Unchanged ones cost nothing.
	Updates []timeline.Event
	Cursor  []byte            // the position after this page; nil leaves the cursor as it was
	Cache   map[string]string // cache entries to store with it (user names, ...)
}
