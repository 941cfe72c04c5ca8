package pagerduty

import (
	"context"
	"encoding/json"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

// pageSize is PagerDuty's largest page.
const pageSize = 100

// maxOffset is where PagerDuty's classic pagination ends: it refuses an
// offset beyond 10,000.
const maxOffset = 10_000

// morePages says whether to ask for the next page: PagerDuty says there is
// more, the page brought something not seen before (a server repeating a
// page, or answering "more" forever, must not loop), and the next offset
// is one PagerDuty serves.
func morePages(more bool, fresh int, next uint) bool {
	return more && fresh > 0 && next < maxOffset
}

// Link pulls the PagerDuty incident pdID and its alerts. actor is who
// linked it, for the link events.
func (c *Client) Link(ctx context.Context, pdID, actor string) (Linked, error) {
	inc, err := c.api.GetIncident(ctx, pdID)
	if err != nil {
		return Linked{}, apiError(err, pdID)
	}
	var alerts []pd.IncidentAlert
	seen := map[string]bool{}
	for offset := uint(0); ; {
		resp, err := c.api.ListIncidentAlerts(ctx, pdID, pd.ListIncidentAlertsOptions{Limit: pageSize, Offset: offset})
		if err != nil {
			return Linked{}, apiError(err, pdID)
		}
		fresh := 0
		for _, a := range resp.Alerts {
			if !seen[a.ID] {
				seen[a.ID] = true
				alerts = append(alerts, a)
				fresh++
			}
		}
		offset += uint(len(resp.Alerts))
		if !morePages(resp.More, fresh, offset) {
			break
		}
	}
	return linkedFrom(inc, alerts, actor), nil
}

// Source syncs a linked PagerDuty incident: its log entries (every type)
// and its notes. It implements integrations.Source.
type Source struct{ c *Client }

// Source returns the client as a sync source.
func (c *Client) Source() *Source { return &Source{c: c} }

// Name implements integrations.Source.
func (s *Source) Name() string { return Name }

// cursor is the stored sync position: log entries at or after Since were
// possibly not yet seen. Since is inclusive on PagerDuty's side, so the
// newest entry comes back once more and is deduplicated by its Ref.
//
// PagerDuty serves no offset past 10,000 and does not promise an order.
// When a sync stops there with entries left, listed newest first, the
// entries not read are older than the oldest one read: the cursor then
// keeps Since, sets Until to just after that oldest entry, and Resume to
// where to go on from once the window [Since, Until) is read to its end.
// Listed oldest first, Since simply moves to the newest entry read.
type cursor struct {
	Incident string `json:"incident"`         // the PagerDuty incident it belongs to
	Since    string `json:"since"`            // RFC 3339
	Until    string `json:"until,omitempty"`  // RFC 3339, exclusive; "" for no end
	Resume   string `json:"resume,omitempty"` // the Since after the window
}

// Sync implements integrations.Source. It reads log entries since the
// cursor, page by page (offset, until more is false), then the notes
// (an endpoint without paging or since). Pages before the last are
// stored without moving the cursor, and the cursor moves with the last
// page: the order PagerDuty lists entries in is not promised, so a
// partial sync must start over from the old position (its events dedup).
// A re-sync of an unchanged incident makes one request per endpoint.
func (s *Source) Sync(ctx context.Context, inc incident.Incident, raw []byte, emit func(integrations.Page) error) error {
	pdID := inc.Links[Name]
	var cur cursor
	if raw != nil && json.Unmarshal(raw, &cur) != nil || cur.Incident != pdID {
		cur = cursor{Incident: pdID} // relinked to another incident: start over
	}
	newest, _ := parseTime(cur.Since)
	var oldest, last time.Time
	newestFirst, oldestFirst, truncated := true, true, false
	var pending []timeline.Event
	seen := map[string]bool{}
	for offset := uint(0); ; {
		resp, err := s.c.api.ListIncidentLogEntries(ctx, pdID, pd.ListIncidentLogEntriesOptions{
			Limit: pageSize, Offset: offset, Since: cur.Since, Until: cur.Until, TimeZone: "UTC",
		})
		if err != nil {
			return s.err(ctx, err, pdID)
		}
		fresh := 0
		for _, le := range resp.LogEntries {
			if at, ok := parseTime(le.CreatedAt); ok {
				if !last.IsZero() {
					newestFirst = newestFirst && !at.After(last)
					oldestFirst = oldestFirst && !at.Before(last)
				}
				if oldest.IsZero() || at.Before(oldest) {
					oldest = at
				}
				last = at
			}
			if seen[le.ID] {
				continue
			}
			seen[le.ID] = true
			fresh++
			if e, ok := LogEntryEvent(pdID, le); ok {
				e.Incident = inc.ID
				pending = append(pending, e)
				if e.At.After(newest) {
					newest = e.At
				}
			}
		}
		offset += uint(len(resp.LogEntries))
		if !morePages(resp.More, fresh, offset) {
			truncated = resp.More && fresh > 0
			break
		}
		if err := emit(integrations.Page{Events: pending}); err != nil {
			return err
		}
		pending = nil
	}
	notes, err := s.c.api.ListIncidentNotes(ctx, pdID)
	if err != nil {
		return s.err(ctx, err, pdID)
	}
	for _, n := range notes {
		if e, ok := NoteEvent(n); ok {
			e.Incident = inc.ID
			pending = append(pending, e)
		}
	}
	b, err := json.Marshal(nextCursor(cur, newest, oldest, truncated, newestFirst && !oldestFirst))
	if err != nil {
		return err
	}
	return emit(integrations.Page{Events: pending, Cursor: b})
}

// nextCursor is where the next sync starts, after one that read entries
// up to newest (and back to oldest), stopped at the offset limit or not.
func nextCursor(cur cursor, newest, oldest time.Time, truncated, newestFirst bool) cursor {
	format := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	resume := cur.Resume
	if cur.Until == "" {
		resume = format(newest) // outside a window, the newest read is the newest there is
	}
	switch {
	case truncated && newestFirst:
		// What is left is older than the oldest read: read the window up
		// to it (its second again: those entries dedup) next time.
		return cursor{Incident: cur.Incident, Since: cur.Since, Until: format(oldest.Add(time.Second)), Resume: resume}
	case truncated:
		// Oldest first: what is left is newer than the newest read.
		return cursor{Incident: cur.Incident, Since: format(newest), Until: cur.Until, Resume: cur.Resume}
	case cur.Until != "":
		// The window is read to its end: go on from where it began.
		return cursor{Incident: cur.Incident, Since: resume}
	}
	return cursor{Incident: cur.Incident, Since: format(newest)}
}

func (s *Source) err(ctx context.Context, err error, pdID string) error {
	// go-pagerduty flattens transport errors into strings; the context
	// says whether we were cancelled.
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return apiError(err, pdID)
}
