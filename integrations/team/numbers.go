package team

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"
)

// NextIncidentNumber takes the next team-wide incident number by
// compare-and-set on the team's KV bucket: two machines opening at once
// get different numbers. The number is above local (the highest this
// store has used) too, so it never collides with an incident here.
func (c *Client) NextIncidentNumber(ctx context.Context, local uint64) (uint64, error) {
	ctx, cancel := c.call(ctx, 4*c.timeout)
	defer cancel()
	kv, err := c.js.KeyValue(ctx, c.cfg.Bucket())
	if err != nil {
		return 0, c.apiError(err, "$KV."+c.cfg.Bucket())
	}
	for attempt := 0; attempt < 50; attempt++ {
		var current, revision uint64
		entry, err := kv.Get(ctx, keyIncidentNumber)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
		case err != nil:
			return 0, c.apiError(err, "$KV."+c.cfg.Bucket())
		default:
			revision = entry.Revision()
			if current, err = strconv.ParseUint(string(entry.Value()), 10, 64); err != nil {
				return 0, fmt.Errorf("the team's incident counter holds %q, not a number", entry.Value())
			}
		}
		next := max(current, local) + 1
		value := []byte(strconv.FormatUint(next, 10))
		if revision == 0 {
			_, err = kv.Create(ctx, keyIncidentNumber, value)
		} else {
			_, err = kv.Update(ctx, keyIncidentNumber, value, revision)
		}
		if err == nil {
			return next, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
			return 0, c.apiError(err, "$KV."+c.cfg.Bucket())
		}
		// Another machine took a number meanwhile: read again.
	}
	return 0, errors.New("the team's incident counter is too busy; try again")
}
