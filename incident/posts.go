package incident

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sitrep-dev/sitrep/timeline"
)

// PendingPost is a note stored here but not yet posted to an integration
// (`note --pagerduty` while PagerDuty was unreachable). The next sync
// posts it and records the Ref the post got, so the integration's own
// sync does not bring the note back a second time.
type PendingPost struct {
	Incident  string // "INC-7"
	EventID   string // the stored note
	Target    string // the integration: "pagerduty"
	LastError string // why the last attempt failed
}

func (p PendingPost) key() []byte {
	return []byte(p.Incident + "/" + p.EventID + "/" + p.Target)
}

// AppendPending stores e and queues its post to each of targets, in one
// transaction. An e already stored (same Ref or ID) queues nothing.
// errs holds each target's failure, for PendingPost.LastError.
func (s *Store) AppendPending(ctx context.Context, e timeline.Event, errs map[string]string) (timeline.Event, error) {
	var out timeline.Event
	err := s.update(ctx, func(tx *bolt.Tx) error {
		res, err := s.appendTx(tx, []timeline.Event{e})
		if err != nil {
			return err
		}
		if len(res.Stored) == 0 {
			out = e
			return nil
		}
		out = res.Stored[0]
		for target, msg := range errs {
			p := PendingPost{Incident: out.Incident, EventID: out.ID, Target: target}
			if err := tx.Bucket(bucketPosts).Put(p.key(), []byte(msg)); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// PendingPosts lists the incident's queued posts, oldest note first.
func (s *Store) PendingPosts(ctx context.Context, incidentID string) ([]PendingPost, error) {
	id, err := normaliseID(incidentID)
	if err != nil {
		return nil, err
	}
	var out []PendingPost
	err = s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPosts).Cursor()
		prefix := []byte(id + "/")
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			eventID, target, ok := strings.Cut(string(k[len(prefix):]), "/")
			if !ok {
				continue
			}
			out = append(out, PendingPost{Incident: id, EventID: eventID, Target: target, LastError: string(v)})
		}
		return nil
	})
	return out, err
}

// PostDone records a queued post that went through: the external Ref the
// post got joins the note's alias refs (so the integration's sync
// recognises the note), attrs (a permalink) are kept on it, and the post
// leaves the queue — all in one transaction.
func (s *Store) PostDone(ctx context.Context, p PendingPost, ref string, attrs map[string]string) (timeline.Event, error) {
	var out timeline.Event
	err := s.update(ctx, func(tx *bolt.Tx) error {
		posts := tx.Bucket(bucketPosts)
		if posts.Get(p.key()) == nil {
			return fmt.Errorf("the post of %s to %s is not queued", p.EventID, p.Target)
		}
		var (
			err     error
			changed bool
		)
		out, changed, err = updateTx(tx, p.EventID, func(e *timeline.Event) {
			if ref != "" && !hasRef(*e, ref) {
				aliases := e.Attr(timeline.AttrAliasRefs)
				if aliases != "" {
					aliases += " "
				}
				e.SetAttr(timeline.AttrAliasRefs, aliases+ref)
			}
			for k, v := range attrs {
				e.SetAttr(k, v)
			}
		})
		if err != nil {
			return err
		}
		if changed {
			// Other machines learn the post's ref too, so their syncs
			// do not store the service's copy of the note again.
			if err := s.outboxEdit(tx, out); err != nil {
				return err
			}
		}
		if ref != "" {
			refs := tx.Bucket(bucketRefs)
			if refs.Get([]byte(ref)) == nil {
				if err := refs.Put([]byte(ref), idKey(out.ID)); err != nil {
					return err
				}
			}
		}
		return posts.Delete(p.key())
	})
	return out, err
}

// PostFailed keeps a queued post queued, with why it failed this time.
func (s *Store) PostFailed(ctx context.Context, p PendingPost, cause error) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		posts := tx.Bucket(bucketPosts)
		if posts.Get(p.key()) == nil {
			return nil
		}
		return posts.Put(p.key(), []byte(cause.Error()))
	})
}

func hasRef(e timeline.Event, ref string) bool {
	for _, r := range e.Refs() {
		if r == ref {
			return true
		}
	}
	return false
}
