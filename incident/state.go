package incident

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The store's small typed state beside the events: integrations'
// per-incident settings, when each incident's review was held, and each
// integration's sync health. Each has its own bucket (buckets.go); the
// cache bucket keeps only what can be fetched again (chat user names).

// Setting is one incident's setting of an integration, such as Slack's
// capture mode ("slack/capture" → "reaction:pushpin").
type Setting struct {
	Incident string // "INC-7"
	Name     string // "slack/capture"
	Value    string
}

func settingKey(incidentID, name string) []byte { return []byte(incidentID + "/" + name) }

func putSettings(tx *bolt.Tx, settings []Setting) error {
	for _, st := range settings {
		id, err := normaliseID(st.Incident)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketSettings).Put(settingKey(id, st.Name), []byte(st.Value)); err != nil {
			return err
		}
	}
	return nil
}

// Setting returns an incident's setting called name, or "" when it was
// never set.
func (s *Store) Setting(ctx context.Context, incidentID, name string) (string, error) {
	id, err := normaliseID(incidentID)
	if err != nil {
		return "", err
	}
	var v string
	err = s.view(ctx, func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucketSettings).Get(settingKey(id, name)))
		return nil
	})
	return v, err
}

// SetReviewHeld records that the incident's review was held at at; a zero
// at puts it back on the review queue.
func (s *Store) SetReviewHeld(ctx context.Context, incidentID string, at time.Time) error {
	id, err := normaliseID(incidentID)
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReviews)
		if at.IsZero() {
			return b.Delete([]byte(id))
		}
		return b.Put([]byte(id), []byte(at.UTC().Format(time.RFC3339)))
	})
}

// ReviewsHeld returns when each incident's review was held, by incident
// ID; incidents without a held review are absent.
func (s *Store) ReviewsHeld(ctx context.Context) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketReviews).ForEach(func(k, v []byte) error {
			if t, err := time.Parse(time.RFC3339, string(v)); err == nil {
				out[string(k)] = t
			}
			return nil
		})
	})
	return out, err
}

// Health is an integration's sync health for one incident, as the sync
// runner records it. It never holds a token or a request body.
type Health struct {
	Source    string
	LastSync  time.Time // the last successful sync; zero if none
	LastError string    // the last sync's error; "" when it succeeded
}

// healthRecord is Health as stored (JSON); last_sync is "" when there was
// none, the shape schema 1 kept in the cache bucket.
type healthRecord struct {
	Source    string `json:"source"`
	LastSync  string `json:"last_sync"`
	LastError string `json:"last_error"`
}

func decodeHealth(source string, v []byte) Health {
	var r healthRecord
	// A malformed record reads as "never synced" rather than failing.
	_ = json.Unmarshal(v, &r)
	h := Health{Source: source, LastError: r.LastError}
	h.LastSync, _ = time.Parse(time.RFC3339, r.LastSync)
	return h
}

// RecordSync records how a sync of source for the incident ended at at:
// syncErr nil for success. A failure keeps when it last worked ("failing
// since" matters more than "failed just now").
func (s *Store) RecordSync(ctx context.Context, incidentID, source string, at time.Time, syncErr error) error {
	id, err := normaliseID(incidentID)
	if err != nil {
		return err
	}
	key := []byte(id + "/" + source)
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHealth)
		r := healthRecord{Source: source}
		if syncErr == nil {
			r.LastSync = at.UTC().Format(time.RFC3339)
		} else {
			r.LastError = syncErr.Error()
			if prev := b.Get(key); prev != nil {
				if t := decodeHealth(source, prev).LastSync; !t.IsZero() {
					r.LastSync = t.UTC().Format(time.RFC3339)
				}
			}
		}
		v, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return b.Put(key, v)
	})
}

// Health returns the recorded health of each integration synced for the
// incident, keyed by source name.
func (s *Store) Health(ctx context.Context, incidentID string) (map[string]Health, error) {
	id, err := normaliseID(incidentID)
	if err != nil {
		return nil, err
	}
	out := map[string]Health{}
	err = s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketHealth).Cursor()
		p := []byte(id + "/")
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			src := string(k[len(p):])
			out[src] = decodeHealth(src, v)
		}
		return nil
	})
	return out, err
}

func normaliseID(id string) (string, error) {
	n, err := ParseID(id)
	if err != nil {
		return "", err
	}
	return FormatID(n), nil
}

// moveTypedState is migration 2: schema 1 kept settings, review stamps
// and sync health in the cache bucket under key prefixes; each moves to
// its own bucket.
func moveTypedState(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketSettings, bucketReviews, bucketHealth} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	cache := tx.Bucket(bucketCache)
	type move struct {
		bucket   []byte
		key, val []byte
		old      []byte
	}
	var moves []move
	err := cache.ForEach(func(k, v []byte) error {
		key := string(k)
		var m move
		switch {
		case strings.HasPrefix(key, "slack/capture/"): // slack/capture/INC-7
			m = move{bucket: bucketSettings, key: settingKey(strings.TrimPrefix(key, "slack/capture/"), "slack/capture")}
		case strings.HasPrefix(key, "review/"): // review/INC-7 → RFC 3339, "" for none
			if len(v) == 0 {
				m = move{} // not held: nothing to keep
			} else {
				m = move{bucket: bucketReviews, key: []byte(strings.TrimPrefix(key, "review/"))}
			}
		case strings.HasPrefix(key, "health/"): // health/INC-7/pagerduty → JSON
			m = move{bucket: bucketHealth, key: []byte(strings.TrimPrefix(key, "health/"))}
		default:
			return nil
		}
		m.old = append([]byte(nil), k...)
		m.val = append([]byte(nil), v...)
		moves = append(moves, m)
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range moves {
		if m.bucket != nil {
			if len(m.key) == 0 {
				return fmt.Errorf("cache entry %q names no incident", m.old)
			}
			if err := tx.Bucket(m.bucket).Put(m.key, m.val); err != nil {
				return err
			}
		}
		if err := cache.Delete(m.old); err != nil {
			return err
		}
	}
	return nil
}
