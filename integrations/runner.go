package integrations

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
)

// Runner pulls every linked source of an incident into the store. For each
// registered Source whose name is a key of Incident.Links (or that syncs
// every incident, see Unlinked) it loads the
// stored cursor, calls Source.Sync, and stores each page the source emits
// with its cursor and cache entries in one transaction (Store.Write), so an
// interrupted sync resumes from the last page stored. The runner itself
// does no network I/O; sources do none inside emit.
//
// After every sync of a source it records the source's health
// (Store.RecordSync), which the TUI's header reads.
type Runner struct {
	Store   *incident.Store
	Sources []Source
	// Progress, when set, receives one line per stored page once a sync
	// has run longer than ProgressAfter (default 1 s): short syncs stay
	// quiet, long ones show they are alive. Commands pass stderr.
	Progress      io.Writer
	ProgressAfter time.Duration
	// Now is the clock (default time.Now); Sleep waits between --watch
	// rounds (default SleepContext).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// Before, when set, runs at the start of every sync of an incident,
	// before its sources; its results come first (queued note posts, see
	// PostQueued).
	Before func(ctx context.Context, inc incident.Incident) []Result
}

// Result says what one source's sync did.
type Result struct {
	Source     string
	Pages      int // pages stored
	Stored     int // new events
	Updated    int // stored events rewritten (chat edits)
	Duplicates int // events already in the store
	Err        error

	// Post marks a result of queued note posts (PostQueued) rather than
	// of a sync: Posted went through, Queued are still waiting.
	Post           bool
	Posted, Queued int
}

// ErrNoSources means the incident links no source the runner knows.
var ErrNoSources = errors.New("no linked source to sync")

// Sync pulls every linked source of the incident id once. A source that
// fails does not stop the others: its error is in its Result. The returned
// error is for what stops the whole sync: an unknown incident, a store
// error before any source ran, ErrNoSources, or ctx ending.
func (r *Runner) Sync(ctx context.Context, id string) ([]Result, error) {
	inc, err := r.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var results []Result
	if r.Before != nil {
		results = append(results, r.Before(ctx, inc)...)
	}
	synced := 0
	for _, src := range r.Sources {
		if !syncs(src, inc) {
			continue
		}
		res := r.syncSource(ctx, inc, src)
		results = append(results, res)
		synced++
		if ctx.Err() != nil {
			return results, ctx.Err()
		}
	}
	if synced == 0 {
		// What ran before the sources (queued posts) is still reported.
		return results, fmt.Errorf("%w: %s links none of %s", ErrNoSources, inc.ID, r.sourceNames())
	}
	return results, nil
}

func (r *Runner) syncSource(ctx context.Context, inc incident.Incident, src Source) Result {
	res := Result{Source: src.Name()}
	key := incident.CursorKey{Incident: inc.ID, Source: src.Name()}
	cursor, err := r.Store.Cursor(ctx, key)
	if err != nil {
		res.Err = err
		return res
	}
	start := r.now()
	emit := func(p Page) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := incident.Batch{Events: p.Events, Updates: p.Updates, Cache: p.Cache}
		if p.Cursor != nil {
			b.Cursors = map[incident.CursorKey][]byte{key: p.Cursor}
		}
		stored, err := r.Store.Write(ctx, b)
		if err != nil {
			return err
		}
		res.Pages++
		res.Stored += len(stored.Stored)
		res.Updated += len(stored.Updated)
		res.Duplicates += stored.Duplicates
		if r.Progress != nil && r.now().Sub(start) >= r.progressAfter() {
			fmt.Fprintf(r.Progress, "%s %s: page %d, %d new events so far\n", inc.ID, src.Name(), res.Pages, res.Stored)
		}
		return nil
	}
	res.Err = src.Sync(ctx, inc, cursor, emit)
	if ctx.Err() == nil {
		// A health write failing must not hide the sync's own result.
		_ = r.Store.RecordSync(ctx, inc.ID, src.Name(), r.now(), res.Err)
	}
	return res
}

// Watch syncs the incident every interval until ctx ends, calling report
// after each round (to print a summary). Per-source failures are reported
// and retried at the next round; an error that stops a round (see Sync) ends
// the watch, except that ctx ending returns nil.
func (r *Runner) Watch(ctx context.Context, id string, interval time.Duration, report func([]Result)) error {
	for {
		results, err := r.Sync(ctx, id)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		report(results)
		sleep := r.Sleep
		if sleep == nil {
			sleep = SleepContext
		}
		if sleep(ctx, interval) != nil {
			return nil
		}
	}
}

func (r *Runner) sourceNames() string {
	names := ""
	for i, s := range r.Sources {
		if i > 0 {
			names += ", "
		}
		names += s.Name()
	}
	if names == "" {
		return "(no sources configured)"
	}
	return names
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Runner) progressAfter() time.Duration {
	if r.ProgressAfter > 0 {
		return r.ProgressAfter
	}
	return time.Second
}
