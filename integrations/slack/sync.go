package slack

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Store is what a sync reads from the store besides its cursor: cached
// names and settings, and the stored events that an edit or a deletion
// changes. *incident.Store implements it. A sync writes nothing itself:
// new events, edits (Page.Updates), cache entries and the cursor go
// through the runner's emit.
type Store interface {
	Cached(ctx context.Context, prefix string) (map[string]string, error)
	Setting(ctx context.Context, incidentID, name string) (string, error)
	Event(ctx context.Context, id string) (timeline.Event, error)
	Events(ctx context.Context, id string, q incident.Query) ([]timeline.Event, error)
}

// DefaultMargin is how far before the incident's start a sync reads: the
// talk that led to the page matters too.
const DefaultMargin = 30 * time.Minute

// SourceOptions configure a Source.
type SourceOptions struct {
	API    API
	Store  Store
	Margin time.Duration // default DefaultMargin
	// Since makes the sync a full one over the window from Since instead
	// of the incident's start less Margin (`sync --since`).
	Since time.Time
	// Full re-reads the whole window (`sync --full`): the way to pick up
	// edits, deletions and late replies to older threads without the
	// Events API.
	Full     bool
	PageSize int              // messages per history call; default 200 (Slack may send fewer)
	Now      func() time.Time // default time.Now
}

// Source syncs an incident's linked Slack channel (integrations.Source).
//
// Slack limits history calls hard (one a minute for some apps), so a sync
// asks for as little as it can. The first sync reads the channel's history
// over the incident's window (its start less a margin, up to now), newest
// first, page by page. Every later sync asks only for messages newer than
// the newest one read, so an unchanged channel costs one
// conversations.history request and nothing else. Threads are read for
// the messages a sync reads whose latest reply is newer than what is
// stored: new threads, not late replies to older ones.
//
// What changes in older messages — edits, deletions, late thread replies,
// a reaction or a pin that marks an older message for capture — reaches
// sitrep live through the Events API receiver (`sitrep serve`), or through
// a full sync (Full, `sitrep sync --full`): it re-reads the whole window,
// rewrites edited messages (Page.Updates, keeping the first text in
// AttrOriginal), reads each thread whose latest reply changed, and hides
// stored messages the window no longer holds. Since reads its window the
// same way. A sync is full by itself when the window reaches back further
// than earlier full syncs read (an earlier milestone) or the capture mode
// changed.
//
// The cursor (JSON) holds the newest message read and the unfinished
// pass — its bounds, Slack's page cursor and, for a full pass, the
// messages seen so far — so an interrupted or rate-limited sync resumes at
// the page it stopped on; plus each thread's latest reply stored and each
// edit applied.
type Source struct {
	opts SourceOptions
}

// NewSource returns a Source.
func NewSource(opts SourceOptions) *Source {
	if opts.Margin <= 0 {
		opts.Margin = DefaultMargin
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 200
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Source{opts: opts}
}

// Name implements integrations.Source.
func (s *Source) Name() string { return "slack" }

// ErrStuckCursor means Slack said there was more but gave the same cursor
// again, or a page with nothing new; paging stopped rather than loop.
var ErrStuckCursor = errors.New("slack said there was more but gave the same page cursor, or a page with nothing new, so paging stopped")

// maxPages bounds one paged listing (history, a thread's replies, the
// channel list), whatever a server says about more pages.
const maxPages = 10_000

type syncState struct {
	Channel string `json:"channel"`
	// Newest is the newest top-level message a finished pass read: the
	// next pass asks only for what is newer. It is Slack's ts, not the
	// local clock, so a skewed clock loses nothing.
	Newest string `json:"newest,omitempty"`
	// From and Capture are what finished full passes covered: the window
	// from From, filtered by the capture mode Capture.
	From    string            `json:"from,omitempty"`
	Capture string            `json:"capture,omitempty"`
	Pass    *pass             `json:"pass,omitempty"`
	Threads map[string]string `json:"threads,omitempty"` // parent ts → latest reply stored
	Edits   map[string]string `json:"edits,omitempty"`   // message ts → edit ts applied
}

// pass is one read of history from Oldest (exclusive) to Latest, newest
// first. Latest is fixed when it starts, so pages line up and deletions
// are judged on a stable snapshot.
type pass struct {
	Full    bool     `json:"full,omitempty"` // the whole window: deletions are judged at its end
	Capture string   `json:"capture"`
	Oldest  string   `json:"oldest"`
	Latest  string   `json:"latest"`
	Cursor  string   `json:"cursor,omitempty"`
	Newest  string   `json:"newest,omitempty"`
	Seen    []string `json:"seen,omitempty"` // a full pass's top-level ts read so far
}

var channelID = regexp.MustCompile(`^[CGD][A-Z0-9]{6,}$`)

// IsChannelID reports whether s looks like a channel ID rather than a name.
func IsChannelID(s string) bool { return channelID.MatchString(s) }

var userMention = regexp.MustCompile(`<@([UW][A-Z0-9]+)`)

// Sync implements integrations.Source.
func (s *Source) Sync(ctx context.Context, inc incident.Incident, cursor []byte, emit func(integrations.Page) error) error {
	api := s.opts.API
	channel := inc.Links["slack"]
	if channel == "" {
		return nil
	}
	var st syncState
	if len(cursor) > 0 {
		if err := json.Unmarshal(cursor, &st); err != nil {
			st = syncState{} // an unreadable cursor costs a full pass, nothing more
		}
	}
	var pending []timeline.Event
	if !IsChannelID(channel) {
		id, err := api.ChannelID(ctx, channel)
		if err != nil {
			return err
		}
		// Record the ID so later syncs (and the Events API receiver) match
		// it without asking again.
		pending = append(pending, timeline.Event{
			Incident: inc.ID, At: s.opts.Now().UTC(), Source: timeline.SourceSlack, Kind: timeline.KindLink,
			Text: fmt.Sprintf("linked slack %s (%s)", id, channel), Ref: "slack/link/" + inc.ID + "/" + id,
			Attrs: map[string]string{timeline.AttrSource: "slack", timeline.AttrExternalID: id, "channel_name": strings.TrimPrefix(channel, "#")},
		})
		channel = id
	}
	if st.Channel != channel {
		st = syncState{Channel: channel}
	}
	if st.Threads == nil {
		st.Threads = map[string]string{}
	}
	if st.Edits == nil {
		st.Edits = map[string]string{}
	}
	cached, err := s.opts.Store.Cached(ctx, "slack/")
	if err != nil {
		return err
	}
	newCache := map[string]string{}
	teamURL := cached[TeamURLKey]
	if teamURL == "" {
		if teamURL, err = api.TeamURL(ctx); err != nil {
			return err
		}
		newCache[TeamURLKey] = teamURL
	}
	capture, err := captureOf(ctx, s.opts.Store, inc.ID)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for k, v := range cached {
		if id, ok := strings.CutPrefix(k, userPrefix); ok {
			names[id] = v
		}
	}
	resolve := func(m message) error {
		ids := []string{m.User}
		for _, sub := range userMention.FindAllStringSubmatch(m.Text, -1) {
			ids = append(ids, sub[1])
		}
		for _, id := range ids {
			if id == "" || names[id] != "" || m.isBot() && id == m.User {
				continue
			}
			name, err := api.UserName(ctx, id)
			var apiErr *Error
			if errors.As(err, &apiErr) && apiErr.Code == "user_not_found" {
				name, err = id, nil // remembered, so it is not asked again
			}
			if err != nil {
				return err
			}
			names[id] = name
			newCache[UserKey(id)] = name
		}
		return nil
	}
	mp := &mapper{incident: inc.ID, channel: channel, teamURL: teamURL, names: names}
	p := s.startPass(&st, inc, capture.String())
	seen := map[string]bool{} // messages read in this sync: a page must bring new ones
	for pages := 1; ; pages++ {
		page, err := api.History(ctx, HistoryRequest{Channel: channel, Oldest: p.Oldest, Latest: p.Latest, Cursor: p.Cursor, Limit: s.opts.PageSize})
		if err != nil {
			if len(pending) > 0 || len(newCache) > 0 {
				// Keep what was learnt (the channel's ID, names) even so.
				_ = emit(integrations.Page{Events: pending, Cache: newCache})
			}
			return err
		}
		events := pending
		pending = nil
		var edited []message
		fresh := 0
		for _, m := range page.Messages {
			if !seen[m.TS] {
				seen[m.TS] = true
				fresh++
			}
			p.saw(m.TS)
			if m.Subtype == "tombstone" {
				if at, err := ParseTS(m.TS); err == nil {
					events = append(events, mp.deleted(m.TS, MessageID(channel, m.TS), at))
				}
			} else if capture.keeps(m) {
				if err := resolve(m); err != nil {
					return err
				}
				if e, ok := mp.event(m); ok {
					events = append(events, e)
				}
				if m.Edited != nil && st.Edits[m.TS] != m.Edited.TS {
					edited = append(edited, m)
				}
			}
			if m.ReplyCount > 0 && m.LatestReply != "" && m.LatestReply != st.Threads[m.TS] {
				replies, err := s.thread(ctx, channel, m.TS)
				if err != nil {
					return err
				}
				for _, r := range replies {
					if !capture.keeps(r) {
						continue
					}
					if err := resolve(r); err != nil {
						return err
					}
					if e, ok := mp.event(r); ok {
						events = append(events, e)
					}
					if r.Edited != nil && st.Edits[r.TS] != r.Edited.TS {
						edited = append(edited, r)
					}
				}
				st.Threads[m.TS] = m.LatestReply
			}
		}
		updates := s.edits(ctx, mp, edited, st.Edits)
		stuck := page.HasMore && (page.Next == "" || page.Next == p.Cursor || fresh == 0 || pages >= maxPages)
		switch {
		case page.HasMore && !stuck:
			p.Cursor = page.Next
		case stuck:
			st.Pass = nil // what it read is kept, but not as read to its end
		default:
			if p.Full {
				hides, err := s.deletions(ctx, inc.ID, mp, p)
				if err != nil {
					return err
				}
				events = append(events, hides...)
			}
			st.finish(p)
		}
		b, err := json.Marshal(st)
		if err != nil {
			return err
		}
		if err := emit(integrations.Page{Events: events, Updates: updates, Cursor: b, Cache: newCache}); err != nil {
			return err
		}
		newCache = map[string]string{}
		switch {
		case stuck:
			return fmt.Errorf("%w; what was read is stored, and the next sync starts a fresh pass", ErrStuckCursor)
		case st.Pass == nil:
			return nil
		}
	}
}

// startPass returns the unfinished pass when it still answers what this
// sync asks, else starts one: full when asked (Full, Since), when no full
// pass has finished, when the window reaches back further than finished
// ones read, or when the capture mode changed; otherwise a pass over what
// is newer than the newest message read.
func (s *Source) startPass(st *syncState, inc incident.Incident, capture string) *pass {
	since := ""
	if !s.opts.Since.IsZero() {
		since = FormatTS(s.opts.Since)
	}
	if p := st.Pass; p != nil && p.Capture == capture &&
		(p.Full || (!s.opts.Full && since == "")) && (since == "" || p.Oldest == since) {
		return p
	}
	start := s.windowStart(inc)
	p := &pass{Capture: capture, Oldest: cmp.Or(st.Newest, st.From), Latest: FormatTS(s.opts.Now())}
	if s.opts.Full || since != "" || st.From == "" || st.Capture != capture || start.Before(tsTime(st.From)) {
		p.Full, p.Oldest = true, FormatTS(start)
	}
	st.Pass = p
	return p
}

// saw notes a top-level message the pass read.
func (p *pass) saw(ts string) {
	if p.Full {
		p.Seen = append(p.Seen, ts)
	}
	if p.Newest == "" || tsTime(p.Newest).Before(tsTime(ts)) {
		p.Newest = ts
	}
}

// finish records a pass read to its end.
func (st *syncState) finish(p *pass) {
	if st.Newest == "" || tsTime(st.Newest).Before(tsTime(p.Newest)) {
		st.Newest = p.Newest
	}
	if p.Full {
		if st.From == "" || st.Capture != p.Capture || tsTime(p.Oldest).Before(tsTime(st.From)) {
			st.From = p.Oldest
		}
		st.Capture = p.Capture
	}
	st.Pass = nil
}

// tsTime is ParseTS for timestamps sitrep wrote itself; the zero time for
// one it cannot read.
func tsTime(ts string) time.Time {
	t, _ := ParseTS(ts)
	return t
}

// windowStart is where history is read from: --since, else the earliest
// of the incident's opening and milestones, less the margin.
func (s *Source) windowStart(inc incident.Incident) time.Time {
	if !s.opts.Since.IsZero() {
		return s.opts.Since
	}
	start := inc.OpenedAt
	for _, t := range inc.Milestones {
		if !t.IsZero() && (start.IsZero() || t.Before(start)) {
			start = t
		}
	}
	return start.Add(-s.opts.Margin)
}

// thread reads a thread's replies (without its parent), page by page.
func (s *Source) thread(ctx context.Context, channel, ts string) ([]message, error) {
	var out []message
	cursor := ""
	seen := map[string]bool{}
	for pages := 1; ; pages++ {
		page, err := s.opts.API.Replies(ctx, channel, ts, cursor)
		if err != nil {
			return nil, err
		}
		fresh := 0
		for _, m := range page.Messages {
			if m.TS != ts && !seen[m.TS] {
				seen[m.TS] = true
				out = append(out, m)
				fresh++
			}
		}
		if !page.HasMore || page.Next == "" || page.Next == cursor || fresh == 0 || pages >= maxPages {
			return out, nil
		}
		cursor = page.Next
	}
}

// edits returns the rewrites of stored messages whose text changed in
// Slack, keeping the first stored text in AttrOriginal, and records each
// edit in applied, which is stored with the page they go in. A message
// first seen already edited is stored with its current text and needs none.
func (s *Source) edits(ctx context.Context, mp *mapper, msgs []message, applied map[string]string) []timeline.Event {
	var updates []timeline.Event
	for _, m := range msgs {
		want, ok := mp.event(m)
		if !ok {
			continue
		}
		stored, err := s.opts.Store.Event(ctx, want.ID)
		if err != nil && !errors.Is(err, incident.ErrNoEvent) {
			continue // unreadable now: not marked applied, so a later sync tries again
		}
		if err == nil && stored.Text != want.Text {
			applyEdit(&stored, want.Text, m.Edited.TS)
			updates = append(updates, stored)
		}
		applied[m.TS] = m.Edited.TS
	}
	return updates
}

// applyEdit is how an edit changes a stored message, from a sync or from
// the Events API.
func applyEdit(e *timeline.Event, text, editTS string) {
	if e.Attr(AttrOriginal) == "" {
		e.SetAttr(AttrOriginal, e.Text)
	}
	e.Text = text
	e.SetAttr(AttrEdited, editTS)
}

// deletions returns flags hiding the stored top-level messages of the
// pass's window that the pass did not see: they were deleted in Slack.
func (s *Source) deletions(ctx context.Context, id string, mp *mapper, p *pass) ([]timeline.Event, error) {
	from, err1 := ParseTS(p.Oldest)
	to, err2 := ParseTS(p.Latest)
	if err1 != nil || err2 != nil {
		return nil, nil
	}
	stored, err := s.opts.Store.Events(ctx, id, incident.Query{Since: from, Until: to.Add(time.Microsecond)})
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(p.Seen))
	for _, ts := range p.Seen {
		seen[ts] = true
	}
	prefix := timeline.SlackRef(mp.channel, "")
	now := s.opts.Now().UTC()
	var hides []timeline.Event
	for _, e := range stored {
		if e.Attr(timeline.AttrThread) != "" || !e.At.After(from) {
			continue
		}
		for _, ref := range e.Refs() {
			ts, ok := strings.CutPrefix(ref, prefix)
			if !ok || strings.Contains(ts, "/") || seen[ts] {
				continue
			}
			// A posted note's event is dated by the note, not the message:
			// judge by the message's own time.
			if at, err := ParseTS(ts); err == nil && at.After(from) && !at.After(to) {
				hides = append(hides, mp.deleted(ts, e.ID, now))
			}
		}
	}
	return hides, nil
}
