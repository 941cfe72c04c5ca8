package team

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// publishBatch is how many outbox events go out before their PubAcks are
// awaited together.
const publishBatch = 1000

// PublishResult says what Publish did.
type PublishResult struct {
	Sent      int // acknowledged by the server and removed from the outbox
	Queued    int // still in the outbox
	Oversized int // too large for the stream: removed, never shared
}

// MsgID is the Nats-Msg-Id of an event: its Ref, else its ID.
func MsgID(e timeline.Event) string {
	if e.Ref != "" {
		return e.Ref
	}
	return e.ID
}

// headerEdit marks a message that edits a stored event (a chat edit)
// instead of adding one.
const headerEdit = "Sitrep-Edit"

// editMsgID is the Nats-Msg-Id of an edit: the event's identity and a
// hash of what the edit says, so the same edit is stored once and a later
// one again.
func editMsgID(e timeline.Event) string {
	h := sha256.New()
	attrs := slices.Sorted(maps.Keys(e.Attrs))
	fmt.Fprintf(h, "%q %q", e.Text, e.Actor)
	for _, k := range attrs {
		fmt.Fprintf(h, " %q=%q", k, e.Attrs[k])
	}
	return "edit/" + MsgID(e) + "/" + hex.EncodeToString(h.Sum(nil)[:12])
}

// Publish sends the store's outbox to the team, oldest first, and removes
// from it what the server acknowledged, until the outbox is empty or the
// deadline passes. An error leaves the rest queued for the next command,
// the TUI, sync or `team follow`.
func (c *Client) Publish(ctx context.Context, s *incident.Store, deadline time.Duration) (PublishResult, error) {
	ctx, cancel := c.call(ctx, deadline)
	defer cancel()
	var res PublishResult
	for {
		entries, total, err := s.Outbox(ctx, publishBatch)
		res.Queued = total
		if err != nil || len(entries) == 0 {
			return res, err
		}
		acked, oversized, err := c.publishEntries(ctx, entries)
		// Removing what was acknowledged must not be cut short by the
		// deadline: the acknowledgement is already in hand.
		if derr := s.Delivered(context.WithoutCancel(ctx), append(acked, oversized...)); derr != nil {
			return res, derr
		}
		res.Sent += len(acked)
		res.Oversized += len(oversized)
		res.Queued = total - len(acked) - len(oversized)
		if err != nil {
			return res, err
		}
		if res.Queued == 0 {
			return res, nil
		}
	}
}

func (c *Client) publishEntries(ctx context.Context, entries []incident.OutboxEntry) (acked, oversized []uint64, err error) {
	type pending struct {
		key uint64
		f   jetstream.PubAckFuture
	}
	sent := make([]pending, 0, len(entries))
	for _, e := range entries {
		data, merr := json.Marshal(e.Event)
		if merr != nil || len(data) > MaxEventBytes-4096 {
			oversized = append(oversized, e.Key)
			continue
		}
		m := &nats.Msg{Subject: c.cfg.Subject(e.Event.Incident), Data: data, Header: nats.Header{}}
		id := MsgID(e.Event)
		if e.Edit {
			m.Header.Set(headerEdit, "1")
			id = editMsgID(e.Event)
		}
		f, perr := c.js.PublishMsgAsync(m, jetstream.WithMsgID(id), jetstream.WithExpectStream(c.cfg.Stream()))
		if perr != nil {
			err = perr
			break
		}
		sent = append(sent, pending{e.Key, f})
	}
	for _, p := range sent {
		select {
		case <-p.f.Ok():
			acked = append(acked, p.key)
		case perr := <-p.f.Err():
			if err == nil {
				err = perr
			}
		case <-ctx.Done():
			if err == nil {
				err = ctx.Err()
			}
		}
	}
	if err != nil {
		err = c.publishError(err)
	}
	return acked, oversized, err
}

func (c *Client) publishError(err error) error {
	switch {
	case c.permissionDenied(err):
		return c.permissionError(c.cfg.Subjects())
	case errors.Is(err, jetstream.ErrNoStreamResponse), errors.Is(err, nats.ErrNoResponders):
		return &Error{fmt.Errorf("team %q has no stream for %s on %s", c.cfg.Team, c.cfg.Subjects(), c.cfg.Server()),
			"run `sitrep team init` once for the team (or check " + EnvTeam + ")"}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, nats.ErrConnectionClosed), errors.Is(err, nats.ErrTimeout),
		errors.Is(err, nats.ErrConnectionReconnecting), errors.Is(err, nats.ErrDisconnected):
		return &Error{fmt.Errorf("%w at %s (no acknowledgement in time)", ErrUnreachable, c.cfg.Server()),
			"the events stay queued and go out with the next command that stores an event, `sitrep sync` or `sitrep team follow`"}
	}
	return c.apiError(err, "")
}
