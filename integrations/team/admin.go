package team

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep/incident"
)

// DuplicateWindow is how long the server remembers a Nats-Msg-Id: an event
// published twice within it (a retry after a lost PubAck, the same Slack
// message synced on two machines) is stored once. Stores dedup by ID and
// Ref besides, so later repeats are harmless too.
const DuplicateWindow = 2 * time.Hour

// MaxEventBytes is the largest message the stream accepts and a follower
// stores; larger ones are refused by the server or skipped with a warning.
const MaxEventBytes = 1 << 20

// keyIncidentNumber is the KV key of the last team-wide incident number.
const keyIncidentNumber = "incident_number"

// InitResult says what Init did.
type InitResult struct {
	Stream   string `json:"stream"`
	Subjects string `json:"subjects"`
	Bucket   string `json:"bucket"`
	Replicas int    `json:"replicas"`
	Created  bool   `json:"created"` // false: an existing stream was updated
}

// Init creates or updates the team's stream and KV bucket: file storage,
// no deletes or purges, the duplicate window, replicas copies.
func (c *Client) Init(ctx context.Context, replicas int) (InitResult, error) {
	if replicas <= 0 {
		replicas = 1
	}
	ctx, cancel := c.call(ctx, 4*c.timeout)
	defer cancel()
	res := InitResult{Stream: c.cfg.Stream(), Subjects: c.cfg.Subjects(), Bucket: c.cfg.Bucket(), Replicas: replicas}
	scfg := jetstream.StreamConfig{
		Name:        c.cfg.Stream(),
		Description: "sitrep team " + c.cfg.Team + ": every machine's incident events",
		Subjects:    []string{c.cfg.Subjects()},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Discard:     jetstream.DiscardNew,
		MaxMsgSize:  MaxEventBytes,
		Replicas:    replicas,
		Duplicates:  DuplicateWindow,
		DenyDelete:  true,
		DenyPurge:   true,
	}
	_, err := c.js.Stream(ctx, scfg.Name)
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound):
		res.Created = true
		_, err = c.js.CreateStream(ctx, scfg)
	case err == nil:
		_, err = c.js.UpdateStream(ctx, scfg)
	}
	if err != nil {
		return res, c.initError(err, "stream "+scfg.Name)
	}
	_, err = c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      c.cfg.Bucket(),
		Description: "sitrep team " + c.cfg.Team + ": counters (team-wide incident numbers)",
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    replicas,
	})
	if err != nil {
		return res, c.initError(err, "KV bucket "+c.cfg.Bucket())
	}
	return res, nil
}

func (c *Client) initError(err error, what string) error {
	var apiErr *jetstream.APIError
	if msg := err.Error(); strings.Contains(msg, "insufficient resources") || strings.Contains(msg, "no suitable peers") || strings.Contains(msg, "replicas > 1 not supported") {
		return &Error{fmt.Errorf("creating %s: %v", what, err), "use --replicas up to the number of servers in the cluster"}
	}
	if errors.As(err, &apiErr) && apiErr.Code < 500 && !c.permissionDenied(err) {
		return &Error{fmt.Errorf("creating %s: %v", what, err), "check the team's NATS account limits, or ask your NATS admin"}
	}
	return c.apiError(err, "")
}

// Status is the state of the team as this machine sees it.
type Status struct {
	Server     string `json:"server"` // the URL connected to, without credentials
	ServerName string `json:"server_name"`
	Version    string `json:"version"`
	Team       string `json:"team"`
	Stream     string `json:"stream"`
	Replicas   int    `json:"replicas"`
	Messages   uint64 `json:"messages"`
	LastSeq    uint64 `json:"last_seq"`
	Received   uint64 `json:"received_seq"` // the last stream sequence this store holds
	Behind     uint64 `json:"behind"`       // stream messages this store has not read yet
	Outbox     int    `json:"outbox"`       // events stored here, not yet acknowledged by the server
}

// Status reads the stream's state and this store's position in it.
func (c *Client) Status(ctx context.Context, s *incident.Store) (Status, error) {
	st := Status{
		Server: redactAll(c.nc.ConnectedUrlRedacted()), ServerName: c.nc.ConnectedServerName(),
		Version: c.nc.ConnectedServerVersion(), Team: c.cfg.Team, Stream: c.cfg.Stream(),
	}
	var err error
	if st.Received, err = s.TeamSequence(ctx); err != nil {
		return st, err
	}
	if _, st.Outbox, err = s.Outbox(ctx, 1); err != nil {
		return st, err
	}
	sctx, cancel := c.call(ctx, c.timeout)
	defer cancel()
	stream, err := c.js.Stream(sctx, c.cfg.Stream())
	if err != nil {
		return st, c.apiError(err, "")
	}
	info := stream.CachedInfo()
	st.Replicas = info.Config.Replicas
	st.Messages = info.State.Msgs
	st.LastSeq = info.State.LastSeq
	if st.LastSeq > st.Received {
		st.Behind = st.LastSeq - st.Received
	}
	return st, nil
}

// PermittedSubjects are the subjects a member of the team needs to
// publish to (it subscribes to _INBOX.> only): the team's events, and the
// JetStream API of its stream and KV bucket, nothing of another team's.
// The README's server configuration lists the same.
func PermittedSubjects(c Config) []string {
	out := []string{c.Subjects(), "$JS.API.INFO", "$KV." + c.Bucket() + ".>"}
	for _, stream := range []string{c.Stream(), "KV_" + c.Bucket()} {
		out = append(out,
			"$JS.API.*.*."+stream, "$JS.API.*.*."+stream+".>",
			"$JS.API.*.*.*."+stream, "$JS.API.*.*.*."+stream+".>")
	}
	return out
}
