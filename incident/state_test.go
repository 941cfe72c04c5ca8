package incident

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// writeSchema1 turns the store at path into the layout schema 1 wrote:
// no settings, reviews, health or posts buckets, and their entries in the cache
// bucket under the key prefixes of that time; its indexes as schema 4
// (and every one before it) wrote them.
func writeSchema1(t *testing.T, path string, cache map[string]string) {
	t.Helper()
	layOutSchema4(t, path)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSettings, bucketReviews, bucketHealth, bucketPosts} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		for k, v := range cache {
			if err := tx.Bucket([]byte("cache")).Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), u64(1))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigration2MovesTypedState(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	inc, err := s.Create(ctx, NewIncident{Title: "checkout 500s", Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, note(inc.ID, "rolled back", time.Now())); err != nil {
		t.Fatal(err)
	}
	writeSchema1(t, s.Path(), map[string]string{
		"slack/capture/INC-1":     "reaction:pushpin",
		"review/INC-1":            "2026-03-10T09:00:00Z",
		"review/INC-2":            "", // put back on the queue
		"health/INC-1/slack":      `{"source":"slack","last_sync":"","last_error":"connection refused"}`,
		"health/INC-1/pagerduty":  `{"source":"pagerduty","last_sync":"2026-03-09T23:00:00Z","last_error":""}`,
		"slack/user/U061A5N1G":    "earline",
		"slack/team_url":          "https://example.slack.com/",
		"something/else/entirely": "kept",
	})

	// A read migrates the file once, under the write lock.
	if got, err := s.Setting(ctx, "1", "slack/capture"); err != nil || got != "reaction:pushpin" {
		t.Errorf("capture setting: %q %v", got, err)
	}
	held, err := s.ReviewsHeld(ctx)
	if err != nil || len(held) != 1 || !held["INC-1"].Equal(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("reviews held: %v %v", held, err)
	}
	health, err := s.Health(ctx, "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	if h := health["slack"]; h.LastError != "connection refused" || !h.LastSync.IsZero() {
		t.Errorf("slack health %+v", h)
	}
	if h := health["pagerduty"]; h.LastError != "" || !h.LastSync.Equal(time.Date(2026, 3, 9, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("pagerduty health %+v", h)
	}
	cache, err := s.Cached(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"slack/user/U061A5N1G": "earline", "slack/team_url": "https://example.slack.com/", "something/else/entirely": "kept"}
	if len(cache) != len(want) {
		t.Errorf("cache after migration: %v, want %v", cache, want)
	}
	for k, v := range want {
		if cache[k] != v {
			t.Errorf("cache[%q] = %q, want %q", k, cache[k], v)
		}
	}
	events, err := s.Events(ctx, inc.ID, Query{})
	if err != nil || len(events) != 3 || events[2].Text != "rolled back" {
		t.Errorf("events after migration: %d %v", len(events), err)
	}

	db, err := bolt.Open(s.Path(), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		v, err := schemaOf(tx)
		if v != schemaVersion || err != nil {
			t.Errorf("schema after migration: %d %v", v, err)
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	// The new state is written where it now lives.
	if err := s.RecordSync(ctx, "INC-1", "slack", time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SetReviewHeld(ctx, "INC-1", time.Time{}); err != nil {
		t.Fatal(err)
	}
	health, _ = s.Health(ctx, "INC-1")
	held, _ = s.ReviewsHeld(ctx)
	if health["slack"].LastError != "" || health["slack"].LastSync.IsZero() || len(held) != 0 {
		t.Errorf("after a good sync and queue add: %+v %v", health["slack"], held)
	}
}

func TestRecordSyncKeepsLastGoodSync(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	good := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	if err := s.RecordSync(ctx, "INC-3", "slack", good, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordSync(ctx, "INC-3", "slack", good.Add(time.Minute), errors.New("ratelimited")); err != nil {
		t.Fatal(err)
	}
	h, err := s.Health(ctx, "3")
	if err != nil || !h["slack"].LastSync.Equal(good) || h["slack"].LastError != "ratelimited" {
		t.Errorf("health %+v %v", h, err)
	}
}

// TestMigrateScratchSchema1 opens a file laid out by hand as schema 1 wrote
// it (its buckets, its version, its cache keys), not derived from today's
// layout: every later migration runs, the typed state moves, and the store
// works on.
func TestMigrateScratchSchema1(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if err := os.MkdirAll(filepath.Dir(s.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"meta", "incidents", "events", "changes", "ids", "refs", "cursors", "cache"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		cache := tx.Bucket([]byte("cache"))
		for k, v := range map[string]string{
			"slack/capture/INC-4": "pinned",
			"review/INC-4":        "2026-01-02T03:04:05Z",
			"health/INC-4/slack":  `{"source":"slack","last_sync":"2026-01-02T03:00:00Z","last_error":"ratelimited"}`,
			"slack/user/U1":       "alice",
		} {
			if err := cache.Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 1})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.Setting(ctx, "INC-4", "slack/capture"); v != "pinned" || err != nil {
		t.Errorf("setting %q %v", v, err)
	}
	if held, _ := s.ReviewsHeld(ctx); !held["INC-4"].Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("reviews held %v", held)
	}
	if h, _ := s.Health(ctx, "INC-4"); h["slack"].LastError != "ratelimited" || h["slack"].LastSync.IsZero() {
		t.Errorf("health %+v", h)
	}
	if c, _ := s.Cached(ctx, ""); len(c) != 1 || c["slack/user/U1"] != "alice" {
		t.Errorf("cache %v", c)
	}
	inc, err := s.Create(ctx, NewIncident{Title: "after the migration", Actor: "bob", Settings: map[string]string{"slack/capture": "all"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Setting(ctx, inc.ID, "slack/capture"); v != "all" {
		t.Errorf("new incident's setting %q", v)
	}
	if q, err := s.PendingPosts(ctx, inc.ID); len(q) != 0 || err != nil {
		t.Errorf("posts %v %v", q, err)
	}
}
