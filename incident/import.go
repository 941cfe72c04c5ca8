package incident

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// ImportOptions say where imported events go.
type ImportOptions struct {
	// Into puts every event into this incident ("" keeps each event's own).
	Into string
	// Create opens a new incident for each input incident not imported
	// before. Without it (and without Into), such events are an error.
	Create bool
}

// ImportResult says what an import did.
type ImportResult struct {
	AppendResult
	Created map[string]string // input incident ID → new incident ID
}

// Import stores events copied from another store or tool in one
// transaction: all or nothing. Events keep their IDs, so importing the
// same file again stores nothing: an input incident whose events are
// already here maps to the incident that holds them. Any other input
// incident needs Into or Create; it is never merged into whatever incident
// happens to have the same number here.
func (s *Store) Import(ctx context.Context, events []timeline.Event, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Created: map[string]string{}}
	var into string
	if opts.Into != "" {
		n, err := ParseID(opts.Into)
		if err != nil {
			return res, err
		}
		into = FormatID(n)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		mapping := map[string]string{}
		target := func(e timeline.Event) (string, error) {
			if into != "" {
				return into, nil
			}
			if to, ok := mapping[e.Incident]; ok {
				return to, nil
			}
			n, err := ParseID(e.Incident)
			if err != nil {
				return "", fmt.Errorf("event %s: %w", e.ID, err)
			}
			var to string
			loc := tx.Bucket(bucketIDs).Get([]byte(e.ID))
			switch {
			case e.ID != "" && loc != nil:
				// Imported before: its events live where they went then.
				number, _ := splitLocation(loc)
				to = FormatID(number)
			case opts.Create:
				number, err := tx.Bucket(bucketIncidents).NextSequence()
				if err != nil {
					return "", err
				}
				opened := openedAt(events, e.Incident)
				if err := saveProjection(tx, newProjection(number, opened)); err != nil {
					return "", err
				}
				to = FormatID(number)
				res.Created[e.Incident] = to
			default:
				// Incident numbers are per store: this store's INC-n may be
				// another incident altogether, so never merge silently.
				return "", fmt.Errorf("%w: %s in the input is not in this store; pass --create to open it here, or --incident ID to add its events to one that is",
					ErrNotFound, FormatID(n))
			}
			mapping[e.Incident] = to
			return to, nil
		}
		// Events are sorted so that each created incident opens at its
		// earliest event.
		sorted := append([]timeline.Event(nil), events...)
		timeline.Sort(sorted)
		for i := range sorted {
			to, err := target(sorted[i])
			if err != nil {
				return err
			}
			sorted[i].Incident = to
		}
		var err error
		res.AppendResult, err = s.appendTx(tx, sorted)
		return err
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// openedAt is when an input incident was opened: its first title event
// (what `sitrep open` writes), else its earliest event. The earliest event
// alone could be a back-dated "impact began" note, which would move
// detection (derived from the opening when nothing paged) too early.
func openedAt(events []timeline.Event, id string) time.Time {
	var first, title time.Time
	for _, e := range events {
		if e.Incident != id {
			continue
		}
		if first.IsZero() || e.At.Before(first) {
			first = e.At
		}
		if e.Kind == timeline.KindTitle && (title.IsZero() || e.At.Before(title)) {
			title = e.At
		}
	}
	switch {
	case !title.IsZero():
		return title
	case !first.IsZero():
		return first
	}
	return time.Now()
}
