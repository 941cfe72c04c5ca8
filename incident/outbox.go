package incident

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// TeamHooks put a Store in team mode. The store does no network I/O
// itself: it keeps an outbox of the events this machine stored, in the
// same transaction as the events, and calls these hooks (from
// integrations/team, through cmd) outside its transactions and its lock.
type TeamHooks struct {
	// Publish is called after a commit that put events into the outbox.
	// It sends the outbox to the team and removes, with Delivered, what
	// the server acknowledged; it returns within a short deadline.
	Publish func(ctx context.Context)
	// Number returns the team-wide number of a new incident; it must be
	// above local, the highest number this store has used.
	Number func(ctx context.Context, local uint64) (uint64, error)
	// Pull fetches from the team an incident this store has not seen
	// (Receive stores it); called once per incident and Store when an
	// operation names an unknown incident, which is then tried again.
	Pull func(ctx context.Context, id string) error
}

type teamState struct {
	hooks  *TeamHooks
	added  atomic.Int64 // events put into the outbox since the last Publish
	mu     sync.Mutex
	pulled map[uint64]bool
}

// missingError is ErrNotFound for one incident number.
type missingError struct{ number uint64 }

func (e *missingError) Error() string {
	return fmt.Sprintf("%v: %s; `sitrep list` shows the incidents there are", ErrNotFound, FormatID(e.number))
}

func (e *missingError) Is(target error) bool { return target == ErrNotFound }

// pullError is ErrNotFound for an incident the team could not be asked
// about either.
type pullError struct {
	missing *missingError
	err     error
}

func (e *pullError) Error() string {
	return fmt.Sprintf("%s is not on this machine, and asking the team failed: %v", FormatID(e.missing.number), e.err)
}

func (e *pullError) Is(target error) bool { return target == ErrNotFound }

// update runs fn in one write transaction (commit). In team mode it pulls
// an incident fn did not find and tries once more, and after the commit
// publishes what fn put into the outbox.
func (s *Store) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	err := s.commit(ctx, fn)
	if retry, perr := s.pullMissing(ctx, err); retry {
		err = s.commit(ctx, fn)
	} else if perr != nil {
		err = perr
	}
	if err == nil && s.team.hooks != nil && s.team.hooks.Publish != nil && s.team.added.Swap(0) > 0 {
		s.team.hooks.Publish(ctx)
	}
	return err
}

// view runs fn in one read transaction (read); in team mode an incident
// fn did not find is pulled from the team first.
func (s *Store) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	err := s.read(ctx, fn)
	if retry, perr := s.pullMissing(ctx, err); retry {
		err = s.read(ctx, fn)
	} else if perr != nil {
		err = perr
	}
	return err
}

// pullMissing asks the team for the incident err says is missing, once
// per incident, and reports whether it is worth trying again; if asking
// failed other than by the team not having it either, that error too.
func (s *Store) pullMissing(ctx context.Context, err error) (retry bool, pullErr error) {
	var missing *missingError
	if s.team.hooks == nil || s.team.hooks.Pull == nil || !errors.As(err, &missing) {
		return false, nil
	}
	s.team.mu.Lock()
	if s.team.pulled == nil {
		s.team.pulled = map[uint64]bool{}
	}
	tried := s.team.pulled[missing.number]
	s.team.pulled[missing.number] = true
	s.team.mu.Unlock()
	if tried {
		return false, nil
	}
	err = s.team.hooks.Pull(ctx, FormatID(missing.number))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return false, &pullError{missing, err}
	}
	return err == nil, nil
}

// Outbox values: one byte saying what the entry is, then the event
// (codec.go).
const (
	outboxEvent = 'e' // a new event
	outboxEdit  = 'u' // a stored event's new text, actor and attributes
)

func (s *Store) putOutbox(tx *bolt.Tx, seq uint64, e timeline.Event) error {
	return s.putOutboxEntry(tx, seq, outboxEvent, e)
}

// outboxEdit queues an edit of a stored event (a chat edit) in team mode.
// Like new events, only a team incident's edits are published.
func (s *Store) outboxEdit(tx *bolt.Tx, e timeline.Event) error {
	if s.team.hooks == nil {
		return nil
	}
	if n, err := ParseID(e.Incident); err != nil || !isTeamIncident(tx, n) {
		return nil
	}
	return s.putOutboxEntry(tx, tx.Bucket(bucketChanges).Sequence(), outboxEdit, e)
}

func (s *Store) putOutboxEntry(tx *bolt.Tx, seq uint64, kind byte, e timeline.Event) error {
	b, err := tx.CreateBucketIfNotExists(bucketOutbox)
	if err != nil {
		return err
	}
	b.FillPercent = 0.9
	if err := b.Put(u64(seq), append([]byte{kind}, encodeEvent(e)...)); err != nil {
		return err
	}
	s.team.added.Add(1)
	return nil
}

// teamNumber asks the team for a new incident's number; 0 outside team mode.
func (s *Store) teamNumber(ctx context.Context) (uint64, error) {
	if s.team.hooks == nil || s.team.hooks.Number == nil {
		return 0, nil
	}
	var local uint64
	if err := s.view(ctx, func(tx *bolt.Tx) error {
		local = tx.Bucket(bucketIncidents).Sequence()
		return nil
	}); err != nil {
		return 0, err
	}
	return s.team.hooks.Number(ctx, local)
}

// nextNumber is a new incident's number: the team's if given, else the
// store's next. In team mode the incident is marked as the team's.
func nextNumber(tx *bolt.Tx, team uint64, teamMode bool) (uint64, error) {
	b := tx.Bucket(bucketIncidents)
	if team == 0 {
		n, err := b.NextSequence()
		if err != nil || !teamMode {
			return n, err
		}
		return n, markTeamIncident(tx, n)
	}
	if b.Get(u64(team)) != nil {
		return 0, fmt.Errorf("the team gave number %s, which this store already holds", FormatID(team))
	}
	if team > b.Sequence() {
		if err := b.SetSequence(team); err != nil {
			return 0, err
		}
	}
	return team, markTeamIncident(tx, team)
}

// Team incidents are marked in team/ (incident/<number>): only their
// events are published, and only into them are the team's events stored.
// An incident this store held before it was in team mode stays local,
// even if the team gives its number to another incident.
func teamIncidentKey(number uint64) []byte {
	return append([]byte("incident/"), u64(number)...)
}

func markTeamIncident(tx *bolt.Tx, number uint64) error {
	b, err := tx.CreateBucketIfNotExists(bucketTeam)
	if err != nil {
		return err
	}
	return b.Put(teamIncidentKey(number), []byte{1})
}

func isTeamIncident(tx *bolt.Tx, number uint64) bool {
	b := tx.Bucket(bucketTeam)
	return b != nil && b.Get(teamIncidentKey(number)) != nil
}

// OutboxEntry is an event waiting for the team server's acknowledgement.
type OutboxEntry struct {
	Key   uint64 // the event's change number; pass it to Delivered
	Event timeline.Event
	Edit  bool // an edit of a stored event (see Receive), not a new one
}

// Outbox returns up to limit (0: all) of the events waiting to be
// published, oldest first, and how many wait in all.
func (s *Store) Outbox(ctx context.Context, limit int) ([]OutboxEntry, int, error) {
	var out []OutboxEntry
	total := 0
	err := s.read(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		if b == nil {
			return nil
		}
		total = b.Stats().KeyN
		c := b.Cursor()
		for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			if len(v) == 0 || (v[0] != outboxEvent && v[0] != outboxEdit) {
				return fmt.Errorf("outbox entry %x: %w", k, errCorrupt)
			}
			e, err := decodeEvent(v[1:])
			if err != nil {
				return fmt.Errorf("outbox entry %x: %w", k, err)
			}
			out = append(out, OutboxEntry{Key: binary.BigEndian.Uint64(k), Event: e, Edit: v[0] == outboxEdit})
		}
		return nil
	})
	return out, total, err
}

// Delivered removes acknowledged events from the outbox.
func (s *Store) Delivered(ctx context.Context, keys []uint64) error {
	if len(keys) == 0 {
		return nil
	}
	return s.commit(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		if b == nil {
			return nil
		}
		for _, k := range keys {
			if err := b.Delete(u64(k)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Receive stores events that came from the team's stream, in one
// transaction: idempotently (by ID and Ref), never into the outbox (so
// nothing echoes back), and opening an incident this store has not seen
// at its first event. edits rewrite stored events (text, actor,
// attributes), found by ID, else by Ref: this store may hold the same chat
// message under its own ID. If seq is not 0, the stored stream sequence
// (TeamSequence) moves up to it in the same transaction.
func (s *Store) Receive(ctx context.Context, events, edits []timeline.Event, seq uint64) (ReceiveResult, error) {
	var res ReceiveResult
	err := s.commit(ctx, func(tx *bolt.Tx) error {
		res = ReceiveResult{}
		incidents := tx.Bucket(bucketIncidents)
		local := map[uint64]bool{} // held here before team mode: not the team's
		keep := make([]timeline.Event, 0, len(events))
		for _, e := range events {
			number, err := ParseID(e.Incident)
			if err != nil {
				return err
			}
			if local[number] {
				continue
			}
			if incidents.Get(u64(number)) != nil {
				if !isTeamIncident(tx, number) {
					local[number] = true
					res.Local = append(res.Local, FormatID(number))
					continue
				}
				keep = append(keep, e)
				continue
			}
			if err := saveProjection(tx, newProjection(number, e.At)); err != nil {
				return err
			}
			if err := markTeamIncident(tx, number); err != nil {
				return err
			}
			if number > incidents.Sequence() {
				if err := incidents.SetSequence(number); err != nil {
					return err
				}
			}
			keep = append(keep, e)
		}
		var err error
		res.AppendResult, err = s.appendEvents(tx, keep, false)
		if err != nil {
			return err
		}
		for _, u := range edits {
			if n, err := ParseID(u.Incident); err != nil || !isTeamIncident(tx, n) {
				continue
			}
			id := u.ID
			if tx.Bucket(bucketIDs).Get(idKey(id)) == nil && u.Ref != "" {
				if v := tx.Bucket(bucketRefs).Get([]byte(u.Ref)); v != nil {
					id = idOf(v)
				} else {
					id = ""
				}
			}
			if id == "" {
				continue // the event itself has not arrived: nothing to edit
			}
			e, changed, err := updateTx(tx, id, func(e *timeline.Event) {
				e.Text, e.Actor, e.Attrs = u.Text, u.Actor, u.Attrs
			})
			if err != nil && !errors.Is(err, ErrNoEvent) {
				return err
			}
			if changed {
				res.Updated = append(res.Updated, e)
			}
		}
		if seq == 0 {
			return nil
		}
		b, err := tx.CreateBucketIfNotExists(bucketTeam)
		if err != nil {
			return err
		}
		if v := b.Get(keyStreamSeq); len(v) == 8 && binary.BigEndian.Uint64(v) >= seq {
			return nil
		}
		return b.Put(keyStreamSeq, u64(seq))
	})
	return res, err
}

// ReceiveResult says what Receive stored.
type ReceiveResult struct {
	AppendResult
	// Local lists incidents whose team events were not stored: this store
	// holds an incident of the same number from before it was in team mode.
	Local []string
}

// TeamSequence is the last stream sequence Receive stored: where this
// machine's follower resumes.
func (s *Store) TeamSequence(ctx context.Context) (uint64, error) {
	var seq uint64
	err := s.read(ctx, func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketTeam); b != nil {
			if v := b.Get(keyStreamSeq); len(v) == 8 {
				seq = binary.BigEndian.Uint64(v)
			}
		}
		return nil
	})
	return seq, err
}
