package team

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// FollowOptions tune the read path.
type FollowOptions struct {
	// Warn receives one line per skipped message or connection event.
	Warn func(string)
	// Consumed receives every event read from the stream, after its batch
	// is stored, with whether this store already had it.
	Consumed func(e timeline.Event, duplicate bool)
	// Batch is the most events stored in one transaction (default 10000):
	// a catch-up pays one fsync per batch.
	Batch int
	// PublishEvery is how often Follow sends what waits in the outbox
	// (default 1 s); the server coming back drains it this way.
	PublishEvery time.Duration
}

// FollowResult says what a read from the stream stored.
type FollowResult struct {
	Stored     int    `json:"stored"`
	Edited     int    `json:"edited"` // stored events rewritten by an edit (a chat edit)
	Duplicates int    `json:"duplicates"`
	Skipped    int    `json:"skipped"`
	Seq        uint64 `json:"seq"` // the last stream sequence read
}

func (r *FollowResult) add(o FollowResult) {
	r.Stored += o.Stored
	r.Edited += o.Edited
	r.Duplicates += o.Duplicates
	r.Skipped += o.Skipped
	if o.Seq > r.Seq {
		r.Seq = o.Seq
	}
}

// CatchUp stores what the team's stream holds beyond this store's
// position, up to the stream's end when it starts: a new machine gets the
// whole history.
func (c *Client) CatchUp(ctx context.Context, s *incident.Store, o FollowOptions) (FollowResult, error) {
	from, err := s.TeamSequence(ctx)
	if err != nil {
		return FollowResult{}, err
	}
	sctx, cancel := c.call(ctx, c.timeout)
	defer cancel()
	stream, err := c.js.Stream(sctx, c.cfg.Stream())
	if err != nil {
		return FollowResult{}, c.apiError(err, "")
	}
	last := stream.CachedInfo().State.LastSeq
	if last <= from {
		return FollowResult{Seq: from}, nil
	}
	return c.consume(ctx, s, c.cfg.Subjects(), from+1, last, true, o)
}

// Sync is one round of both paths, as `sitrep sync` does: send the
// outbox, then CatchUp.
func (c *Client) Sync(ctx context.Context, s *incident.Store, o FollowOptions) (FollowResult, error) {
	if _, err := c.Publish(ctx, s, 5*time.Second); err != nil {
		return FollowResult{}, err
	}
	return c.CatchUp(ctx, s, o)
}

// Pull stores every event of one incident from the stream: the first
// command on this machine that names it gets its whole timeline.
func (c *Client) Pull(ctx context.Context, s *incident.Store, id string) (FollowResult, error) {
	subject := c.cfg.Subject(id)
	sctx, cancel := c.call(ctx, c.timeout)
	defer cancel()
	stream, err := c.js.Stream(sctx, c.cfg.Stream())
	if err != nil {
		return FollowResult{}, c.apiError(err, subject)
	}
	last, err := stream.GetLastMsgForSubject(sctx, subject)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return FollowResult{}, fmt.Errorf("%w: %s is not on the team's stream either", incident.ErrNotFound, id)
	}
	if err != nil {
		return FollowResult{}, c.apiError(err, subject)
	}
	return c.consume(ctx, s, subject, 1, last.Sequence, false, FollowOptions{})
}

// Follow keeps the store in step with the team until ctx ends: it catches
// up, stores each new event as it arrives, and sends the outbox every
// PublishEvery. It returns nil when ctx is cancelled.
func (c *Client) Follow(parent context.Context, s *incident.Store, o FollowOptions) error {
	if o.PublishEvery <= 0 {
		o.PublishEvery = time.Second
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(o.PublishEvery)
		defer t.Stop()
		warned := false // say it once per outage, not every second
		for {
			if _, n, err := s.Outbox(ctx, 1); err == nil && n > 0 {
				_, err := c.Publish(ctx, s, 5*time.Second)
				if err != nil && ctx.Err() == nil && o.Warn != nil && !warned {
					o.Warn(fmt.Sprintf("events wait to be sent: %v", err))
				}
				warned = err != nil
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	from, err := s.TeamSequence(ctx)
	if err == nil {
		_, err = c.consume(ctx, s, c.cfg.Subjects(), from+1, 0, true, o)
	}
	cancel()
	<-done
	if parent.Err() != nil {
		return nil // stopped
	}
	if err == nil {
		err = errors.New("the team's stream ended the subscription")
	}
	return err
}

// Keep keeps the store in step with the team until ctx ends, as a daemon
// (team follow) or beside a TUI does: it connects, waiting out an
// unreachable server, follows, and starts again a second after any
// failure, saying each failure once through o.Warn. It returns nil when
// ctx ends, and an error only for a connection that cannot work as
// configured (refused credentials, TLS).
func Keep(ctx context.Context, cfg Config, s *incident.Store, o FollowOptions) error {
	say := o.Warn
	if say == nil {
		say = func(string) {}
	}
	pause := func() {
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	down, last := false, ""
	for ctx.Err() == nil {
		c, err := Connect(ctx, cfg, ConnectOptions{Timeout: 2 * time.Second, Reconnect: true, Warn: say})
		if err != nil {
			if !errors.Is(err, ErrUnreachable) {
				return err
			}
			if !down {
				say(err.Error() + "; retrying every second")
				down = true
			}
			pause()
			continue
		}
		if down {
			say("connected to the team server at " + cfg.Server())
			down = false
		}
		err = c.Follow(ctx, s, o)
		c.Close()
		if err != nil && ctx.Err() == nil {
			if msg := err.Error(); msg != last {
				say(msg + "; trying again every second")
				last = msg
			}
			pause()
		}
	}
	return nil
}

// consume reads subject from stream sequence from, storing in batches,
// until the sequence until is read (0: until ctx ends). track moves the
// store's stream position with each batch.
func (c *Client) consume(ctx context.Context, s *incident.Store, subject string, from, until uint64, track bool, o FollowOptions) (FollowResult, error) {
	var res FollowResult
	if o.Batch <= 0 {
		o.Batch = 10000
	}
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}, InactiveThreshold: 30 * time.Second}
	if from > 1 {
		cfg.DeliverPolicy = jetstream.DeliverByStartSequencePolicy
		cfg.OptStartSeq = from
	}
	cctx, cancel := c.call(ctx, c.timeout)
	cons, err := c.js.OrderedConsumer(cctx, c.cfg.Stream(), cfg)
	cancel()
	if err != nil {
		return res, c.apiError(err, subject)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(o.Batch))
	if err != nil {
		return res, c.apiError(err, subject)
	}
	defer it.Stop()
	batch := make([]timeline.Event, 0, o.Batch)
	var edits []timeline.Event
	var seq uint64
	warnedLocal := map[string]bool{}
	flush := func() error {
		if len(batch) == 0 && len(edits) == 0 && (!track || seq <= res.Seq) {
			return nil
		}
		var at uint64
		if track {
			at = seq
		}
		stored, err := s.Receive(context.WithoutCancel(ctx), batch, edits, at)
		if err != nil {
			return err
		}
		res.add(FollowResult{Stored: len(stored.Stored), Edited: len(stored.Updated), Duplicates: stored.Duplicates, Seq: seq})
		for _, id := range stored.Local {
			if !warnedLocal[id] && o.Warn != nil {
				o.Warn(fmt.Sprintf("the team's %s is not stored here: this store's own %s is another incident, from before team mode", id, id))
			}
			warnedLocal[id] = true
		}
		if o.Consumed != nil {
			fresh := make(map[string]bool, len(stored.Stored))
			for _, e := range stored.Stored {
				fresh[e.ID] = true
			}
			for _, e := range batch {
				o.Consumed(e, !fresh[e.ID])
			}
		}
		batch, edits = batch[:0], edits[:0]
		return nil
	}
	for {
		msg, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ferr := flush(); ferr != nil {
				return res, ferr
			}
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			return res, c.apiError(err, subject)
		}
		meta, err := msg.Metadata()
		if err != nil {
			continue
		}
		seq = meta.Sequence.Stream
		if e, err := c.decode(msg.Subject(), msg.Data()); err != nil {
			res.Skipped++
			if o.Warn != nil {
				o.Warn(fmt.Sprintf("skipped stream message %d on %s: %s", seq, timeline.SanitizeLine(msg.Subject()), timeline.SanitizeLine(err.Error())))
			}
		} else if msg.Headers().Get(headerEdit) != "" {
			edits = append(edits, e)
		} else {
			batch = append(batch, e)
		}
		if meta.NumPending == 0 || len(batch)+len(edits) >= o.Batch || (until > 0 && seq >= until) {
			if err := flush(); err != nil {
				return res, err
			}
		}
		if until > 0 && seq >= until {
			return res, nil
		}
	}
}

// decode turns a stream message into an event, or says why it is not one.
func (c *Client) decode(subject string, data []byte) (timeline.Event, error) {
	var e timeline.Event
	if len(data) > MaxEventBytes {
		return e, fmt.Errorf("%d bytes, over the %d-byte limit", len(data), MaxEventBytes)
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return e, fmt.Errorf("not a sitrep event (%v)", err)
	}
	n, err := incident.ParseID(e.Incident)
	if err != nil || e.ID == "" {
		return e, errors.New("not a sitrep event (no ID or incident)")
	}
	e.Incident = incident.FormatID(n)
	if want := c.cfg.Subject(e.Incident); !strings.EqualFold(subject, want) {
		return e, fmt.Errorf("an event of %s on the subject of another incident", e.Incident)
	}
	if err := e.Validate(); err != nil {
		return e, err
	}
	return e, nil
}
