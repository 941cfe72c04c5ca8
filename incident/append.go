package incident

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Batch is what one write transaction stores: events, and optionally the
// sync cursors and cache entries that go with them, so a sync's progress
// and its events commit together.
type Batch struct {
	Events []timeline.Event
	// Updates replace stored events with the same ID (a chat edit): text,
	// actor and attributes change; ID, incident, time and Ref do not. An
	// update equal to what is stored, or for an event not stored, is
	// skipped, so re-applying a page changes nothing.
	Updates []timeline.Event
	Cursors map[CursorKey][]byte
	Cache   map[string]string
	// Settings are integrations' per-incident settings (state.go).
	Settings []Setting
}

// CursorKey names one incident's sync cursor for one source.
type CursorKey struct {
	Incident string // "INC-7"
	Source   string // "pagerduty", "slack/C024BE91L"
}

func (k CursorKey) bytes() []byte { return []byte(k.Incident + "/" + k.Source) }

// AppendResult says what an append stored.
type AppendResult struct {
	Stored     []timeline.Event // as stored: IDs, Recorded and derived attributes filled in
	Duplicates int              // events skipped because their Ref or ID was already stored
	Updated    []timeline.Event // Batch.Updates that changed a stored event, as now stored
	Head       uint64           // the change counter after the append
}

// Append stores events in one transaction and returns once they are on
// disk. Events already stored (same Ref, or same ID) are skipped. Missing
// IDs, Recorded and At are filled in; the incident may be given as "7" or
// "INC-7". Any invalid event fails the whole append, which then changes
// nothing.
func (s *Store) Append(ctx context.Context, events ...timeline.Event) (AppendResult, error) {
	return s.Write(ctx, Batch{Events: events})
}

// Write stores a batch in one transaction.
func (s *Store) Write(ctx context.Context, b Batch) (AppendResult, error) {
	var res AppendResult
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		res, err = s.appendTx(tx, b.Events)
		if err != nil {
			return err
		}
		for _, u := range b.Updates {
			e, changed, err := updateTx(tx, u.ID, func(e *timeline.Event) {
				e.Text, e.Actor, e.Attrs = u.Text, u.Actor, u.Attrs
			})
			if err != nil && !errors.Is(err, ErrNoEvent) {
				return err
			}
			if changed {
				res.Updated = append(res.Updated, e)
				if err := s.outboxEdit(tx, e); err != nil {
					return err
				}
			}
		}
		res.Head = tx.Bucket(bucketChanges).Sequence()
		for k, v := range b.Cursors {
			if err := tx.Bucket(bucketCursors).Put(k.bytes(), v); err != nil {
				return err
			}
		}
		for k, v := range b.Cache {
			if err := tx.Bucket(bucketCache).Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return putSettings(tx, b.Settings)
	})
	if err != nil {
		return AppendResult{}, err
	}
	return res, nil
}

// appendTx stores events inside tx, folding each into its incident's
// projection; each touched projection is written once at the end. In team
// mode each stored event also goes into the outbox (outbox.go).
func (s *Store) appendTx(tx *bolt.Tx, events []timeline.Event) (AppendResult, error) {
	return s.appendEvents(tx, events, s.team.hooks != nil)
}

func (s *Store) appendEvents(tx *bolt.Tx, events []timeline.Event, outbox bool) (AppendResult, error) {
	var res AppendResult
	now := s.now().UTC()
	projections := map[uint64]*projection{}
	changes := tx.Bucket(bucketChanges)
	ids := tx.Bucket(bucketIDs)
	refs := tx.Bucket(bucketRefs)
	// Keys mostly grow (sequences, time-ordered IDs and refs), so pages are
	// filled well beyond bbolt's default half before they split.
	changes.FillPercent, ids.FillPercent, refs.FillPercent = 1, 1, 1
	seenIDs, seenRefs := map[string]bool{}, map[string]bool{}
	// Puts are gathered per bucket and made in key order after the loop:
	// a large batch then walks each bucket's pages once, in order, instead
	// of inserting into the middle of ever larger nodes.
	var eventPuts, changePuts, idPuts, refPuts []put
	eventBuckets := map[uint64]*bolt.Bucket{}
	for _, e := range events {
		number, err := ParseID(e.Incident)
		if err != nil {
			return res, err
		}
		p := projections[number]
		if p == nil {
			p, err = loadProjection(tx, number)
			if err != nil {
				return res, err
			}
			projections[number] = p
		}
		e.Incident = FormatID(number)
		if known(refs, seenRefs, e.Refs()) {
			res.Duplicates++
			continue
		}
		if e.ID != "" && (seenIDs[e.ID] || ids.Get(idKey(e.ID)) != nil) {
			res.Duplicates++
			continue
		}
		if e.Recorded.IsZero() {
			e.Recorded = now
		}
		if e.At.IsZero() {
			e.At = e.Recorded
		}
		e.At, e.Recorded = e.At.UTC(), e.Recorded.UTC()
		if e.ID == "" {
			e.ID = newID(e.Recorded)
		}
		fillDerived(&e, p)
		if err := e.Validate(); err != nil {
			return res, err
		}
		seq, err := changes.NextSequence()
		if err != nil {
			return res, err
		}
		if eventBuckets[number] == nil {
			bucket, err := tx.Bucket(bucketEvents).CreateBucketIfNotExists(u64(number))
			if err != nil {
				return res, err
			}
			bucket.FillPercent = 1 // keys are times: appended, mostly
			eventBuckets[number] = bucket
		}
		key := eventKey(e.At, seq)
		id := idKey(e.ID)
		eventPuts = append(eventPuts, put{number, key, encodeEvent(e)})
		changePuts = append(changePuts, put{0, u64(seq), location(number, key, seq)})
		idPuts = append(idPuts, put{0, id, location(number, key, 0)})
		if outbox && isTeamIncident(tx, number) {
			if err := s.putOutbox(tx, seq, e); err != nil {
				return res, err
			}
		}
		seenIDs[e.ID] = true
		for _, ref := range e.Refs() {
			refPuts = append(refPuts, put{0, []byte(ref), id})
			seenRefs[ref] = true
		}
		p.apply(e)
		res.Stored = append(res.Stored, e)
	}
	for _, puts := range [][]put{eventPuts, changePuts, idPuts, refPuts} {
		slices.SortFunc(puts, func(a, b put) int {
			if a.bucket != b.bucket {
				return cmp.Compare(a.bucket, b.bucket)
			}
			return bytes.Compare(a.key, b.key)
		})
	}
	for _, pt := range eventPuts {
		if err := eventBuckets[pt.bucket].Put(pt.key, pt.value); err != nil {
			return res, err
		}
	}
	for _, w := range []struct {
		b    *bolt.Bucket
		puts []put
	}{{changes, changePuts}, {ids, idPuts}, {refs, refPuts}} {
		for _, pt := range w.puts {
			if err := w.b.Put(pt.key, pt.value); err != nil {
				return res, err
			}
		}
	}
	for _, p := range projections {
		if err := saveProjection(tx, p); err != nil {
			return res, err
		}
	}
	res.Head = changes.Sequence()
	return res, nil
}

// put is one key to write into a bucket (for events, the incident's).
type put struct {
	bucket     uint64
	key, value []byte
}

// known reports whether any of refs is stored, or seen earlier in this batch.
func known(bucket *bolt.Bucket, seen map[string]bool, refs []string) bool {
	for _, ref := range refs {
		if seen[ref] || bucket.Get([]byte(ref)) != nil {
			return true
		}
	}
	return false
}

// fillDerived completes an event from the incident's state at the time of
// writing: the old value of a change, the number of a new action.
func fillDerived(e *timeline.Event, p *projection) {
	old := func(v string) {
		if _, ok := e.Attrs[timeline.AttrOld]; !ok && v != "" {
			e.SetAttr(timeline.AttrOld, v)
		}
	}
	switch e.Kind {
	case timeline.KindStatus:
		old(p.Status.Value)
	case timeline.KindSeverity:
		if sev, err := timeline.ParseSeverity(e.Attr(timeline.AttrNew)); err == nil {
			e.SetAttr(timeline.AttrNew, sev.String())
		}
		old(p.Severity.Value)
	case timeline.KindTitle:
		old(p.Title.Value)
	case timeline.KindRole:
		if v := p.Roles[e.Attr(timeline.AttrRole)]; v != nil {
			old(v.Value)
		}
	case timeline.KindAction:
		if e.Attr(timeline.AttrAction) == "" {
			e.SetAttr(timeline.AttrAction, strconv.Itoa(p.nextAction()))
			if e.Attr(timeline.AttrState) == "" {
				e.SetAttr(timeline.AttrState, ActionOpen)
			}
		}
	}
}

func loadProjection(tx *bolt.Tx, number uint64) (*projection, error) {
	v := tx.Bucket(bucketIncidents).Get(u64(number))
	if v == nil {
		return nil, &missingError{number}
	}
	var p projection
	if err := json.Unmarshal(v, &p); err != nil {
		return nil, fmt.Errorf("incident %s: %w", FormatID(number), err)
	}
	return &p, nil
}

func saveProjection(tx *bolt.Tx, p *projection) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketIncidents).Put(u64(p.Number), b)
}

// NewIncident is what opening an incident takes.
type NewIncident struct {
	Title     string
	Severity  timeline.Severity // 0: unset
	Commander string
	Actor     string
	Source    timeline.Source
	At        time.Time // when it was declared; zero: now
	Links     map[string]string
	Events    []timeline.Event  // more events to store with it (their Incident is filled in)
	Settings  map[string]string // integrations' settings for it, by name (see Setting)
}

// Create opens a new incident: its number, and its title, status,
// severity, commander and link events, in one transaction.
func (s *Store) Create(ctx context.Context, n NewIncident) (Incident, error) {
	title := strings.TrimSpace(n.Title)
	if title == "" {
		return Incident{}, fmt.Errorf("an incident needs a title")
	}
	at := n.At
	if at.IsZero() {
		at = s.now()
	}
	at = at.UTC()
	src := n.Source
	if src == "" {
		src = timeline.SourceCLI
	}
	// In team mode the number is the team's, taken before the
	// transaction: no network I/O inside one.
	teamNumber, err := s.teamNumber(ctx)
	if err != nil {
		return Incident{}, err
	}
	var inc Incident
	err = s.update(ctx, func(tx *bolt.Tx) error {
		number, err := nextNumber(tx, teamNumber, s.team.hooks != nil)
		if err != nil {
			return err
		}
		if err := saveProjection(tx, newProjection(number, at)); err != nil {
			return err
		}
		id := FormatID(number)
		ev := func(kind timeline.Kind, text string, attrs map[string]string) timeline.Event {
			return timeline.Event{Incident: id, At: at, Source: src, Kind: kind, Actor: n.Actor, Text: text, Attrs: attrs}
		}
		shaped := func(c timeline.Event) timeline.Event { return ev(c.Kind, c.Text, c.Attrs) }
		events := []timeline.Event{
			shaped(timeline.Opening(title)),
			shaped(timeline.StatusChange(timeline.StatusInvestigating)),
		}
		if n.Severity != 0 {
			events = append(events, shaped(timeline.SeverityChange(n.Severity)))
		}
		if n.Commander != "" {
			events = append(events, shaped(timeline.RoleChange(timeline.RoleCommander, n.Commander)))
		}
		for src, ext := range n.Links {
			events = append(events, ev(timeline.KindLink, "linked "+src+" "+ext,
				map[string]string{timeline.AttrSource: src, timeline.AttrExternalID: ext}))
		}
		for _, e := range n.Events {
			e.Incident = id
			events = append(events, e)
		}
		if _, err := s.appendTx(tx, events); err != nil {
			return err
		}
		var settings []Setting
		for name, v := range n.Settings {
			settings = append(settings, Setting{Incident: id, Name: name, Value: v})
		}
		if err := putSettings(tx, settings); err != nil {
			return err
		}
		p, err := loadProjection(tx, number)
		if err != nil {
			return err
		}
		inc = p.incident()
		return nil
	})
	return inc, err
}

// UpdateEvent rewrites a stored event in place (a chat edit, say) and
// gives it a new change number, so followers see it again. The event's
// identity, incident and time cannot change.
func (s *Store) UpdateEvent(ctx context.Context, id string, change func(*timeline.Event)) (timeline.Event, error) {
	var out timeline.Event
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var changed bool
		var err error
		out, changed, err = updateTx(tx, id, change)
		if err != nil || !changed {
			return err
		}
		return s.outboxEdit(tx, out)
	})
	return out, err
}

// updateTx applies change to a stored event inside tx. When the change
// leaves the event as it was, nothing is written and changed is false.
func updateTx(tx *bolt.Tx, id string, change func(*timeline.Event)) (e timeline.Event, changed bool, err error) {
	loc := tx.Bucket(bucketIDs).Get(idKey(id))
	if loc == nil {
		return e, false, fmt.Errorf("%w: %s", ErrNoEvent, id)
	}
	number, key, ok := splitLocation(loc, 0)
	if !ok {
		return e, false, fmt.Errorf("event %s: %w", id, errCorruptIndex)
	}
	bucket := tx.Bucket(bucketEvents).Bucket(u64(number))
	if bucket == nil {
		return e, false, fmt.Errorf("event %s: %w", id, errCorruptIndex)
	}
	before, err := decodeEvent(bucket.Get(key))
	if err != nil {
		return e, false, err
	}
	e = before
	e.Attrs = maps.Clone(before.Attrs)
	change(&e)
	e.ID, e.Incident, e.At, e.Ref, e.Recorded = before.ID, before.Incident, before.At, before.Ref, before.Recorded
	if err := e.Validate(); err != nil {
		return e, false, err
	}
	if len(e.Attrs) == 0 {
		e.Attrs = nil
	}
	// Compared with the stored event re-encoded, not the stored bytes: an
	// event written by an older codec would otherwise always look changed.
	encoded := encodeEvent(e)
	if bytes.Equal(encoded, encodeEvent(before)) {
		return e, false, nil
	}
	if err := bucket.Put(key, encoded); err != nil {
		return e, false, err
	}
	// A ref the change adds (an alias from a post, or one an edit from
	// another machine carries) is indexed, so a sync recognises the event.
	refs := tx.Bucket(bucketRefs)
	for _, ref := range e.Refs() {
		if refs.Get([]byte(ref)) == nil {
			if err := refs.Put([]byte(ref), idKey(e.ID)); err != nil {
				return e, false, err
			}
		}
	}
	changes := tx.Bucket(bucketChanges)
	seq, err := changes.NextSequence()
	if err != nil {
		return e, false, err
	}
	return e, true, changes.Put(u64(seq), location(number, key, seq))
}
