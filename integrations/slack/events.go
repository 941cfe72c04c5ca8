package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

// EventsStore is what the Events API receiver needs of the store.
// *incident.Store implements it.
type EventsStore interface {
	List(ctx context.Context) ([]incident.Incident, error)
	Cached(ctx context.Context, prefix string) (map[string]string, error)
	Setting(ctx context.Context, incidentID, name string) (string, error)
	Write(ctx context.Context, b incident.Batch) (incident.AppendResult, error)
	Event(ctx context.Context, id string) (timeline.Event, error)
	UpdateEvent(ctx context.Context, id string, change func(*timeline.Event)) (timeline.Event, error)
}

// SignatureWindow is how far a request's timestamp may be from now.
const SignatureWindow = 5 * time.Minute

// HandlerOptions configure the Events API receiver.
type HandlerOptions struct {
	Secret string // the app's signing secret
	Store  EventsStore
	// API, when set, names unknown users and fetches a message someone
	// marked with the capture reaction; without it those wait for a sync.
	API API
	Now func() time.Time // default time.Now; tests inject one
}

// Handler is the Slack Events API receiver (POST /webhooks/slack). It
// verifies the v0 signature with the injected clock, answers
// url_verification, and records message, message_changed,
// message_deleted, reaction_added and reaction_removed events from linked
// channels. Slack retries what is not answered in 3 s; retries are
// recognised by event_id (in memory) and by Ref (in the store, across
// restarts).
type Handler struct {
	opts HandlerOptions
	mu   sync.Mutex
	seen map[string]time.Time // event_id → when handled
}

// NewHandler returns the receiver.
func NewHandler(opts HandlerOptions) *Handler {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Handler{opts: opts, seen: map[string]time.Time{}}
}

// Verification failures.
var (
	ErrNoSignature = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	ErrStale       = errors.New("request timestamp outside the 5-minute window")
	ErrBadSig      = errors.New("signature does not match")
)

// Verify checks a request's v0 signature: HMAC-SHA256 of
// "v0:TIMESTAMP:BODY" under the signing secret, compared in constant time,
// with the timestamp within SignatureWindow of now. It is slack-go's
// SecretsVerifier algorithm; slack-go reads the wall clock for the window,
// which would make the documented (2018) vectors untestable, so the clock
// is a parameter here.
func Verify(header http.Header, body []byte, secret string, now time.Time) error {
	sig, stamp := header.Get("X-Slack-Signature"), header.Get("X-Slack-Request-Timestamp")
	if sig == "" || stamp == "" || secret == "" {
		return ErrNoSignature
	}
	secs, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return ErrStale
	}
	if d := now.Sub(time.Unix(secs, 0)); d > SignatureWindow || d < -SignatureWindow {
		return ErrStale
	}
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	got, err := hex.DecodeString(hexSig)
	if !ok || err != nil {
		return ErrBadSig
	}
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", stamp)
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), got) {
		return ErrBadSig
	}
	return nil
}

// innerEvent is the "event" of an event_callback: a message (its fields
// inline), an edit or deletion (subtype and message/deleted_ts), or a
// reaction.
type innerEvent struct {
	message
	Channel   string   `json:"channel"`
	Message   *message `json:"message"`
	DeletedTS string   `json:"deleted_ts"`
	Reaction  string   `json:"reaction"`
	Item      struct {
		Type    string `json:"type"`
		Channel string `json:"channel"`
		TS      string `json:"ts"`
	} `json:"item"`
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, integrations.MaxBodyBytes)
	body, ok := integrations.ReadBody(w, r)
	if !ok {
		return
	}
	if err := Verify(r.Header, body, h.opts.Secret, h.opts.Now()); err != nil {
		integrations.AddLogAttrs(r.Context(), slog.String("refused", err.Error()))
		http.Error(w, "signature refused", http.StatusUnauthorized)
		return
	}
	var outer slackevents.EventsAPICallbackEvent
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "not an Events API request", http.StatusBadRequest)
		return
	}
	switch outer.Type {
	case slackevents.URLVerification:
		var v slackevents.EventsAPIURLVerificationEvent
		if err := json.Unmarshal(body, &v); err != nil || v.Challenge == "" {
			http.Error(w, "url_verification without a challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": v.Challenge})
		return
	case slackevents.CallbackEvent:
	default:
		integrations.AddLogAttrs(r.Context(), slog.String("ignored", outer.Type))
		w.WriteHeader(http.StatusOK)
		return
	}
	integrations.AddLogAttrs(r.Context(), slog.String("event_id", outer.EventID))
	if h.handled(outer.EventID) {
		integrations.AddLogAttrs(r.Context(), slog.Bool("duplicate", true))
		w.WriteHeader(http.StatusOK)
		return
	}
	var ev innerEvent
	if outer.InnerEvent == nil || json.Unmarshal(*outer.InnerEvent, &ev) != nil {
		http.Error(w, "event_callback without a readable event", http.StatusBadRequest)
		return
	}
	stored, err := h.record(r.Context(), outer.EventID, ev)
	if incident.IsUnstorable(err) {
		// No retry can store it: log why and answer 200, or Slack retries.
		integrations.AddLogAttrs(r.Context(), slog.String("outcome", "dropped: it can never be stored: "+err.Error()))
		stored, err = 0, nil
	}
	if err != nil {
		// Slack retries a failed delivery; the retry finds nothing stored
		// twice, by Ref.
		integrations.AddLogAttrs(r.Context(), slog.String("error", err.Error()))
		http.Error(w, "could not record the event; retry", http.StatusServiceUnavailable)
		return
	}
	h.markHandled(outer.EventID)
	integrations.AddLogAttrs(r.Context(), slog.String("type", ev.Type), slog.Int("stored", stored))
	w.WriteHeader(http.StatusOK)
}

// handled reports whether event_id was already recorded.
func (h *Handler) handled(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, ok := h.seen[id]
	return ok && id != ""
}

// markHandled remembers event_id for an hour, longer than Slack's
// retries (immediately, after 1 and after 5 minutes).
func (h *Handler) markHandled(id string) {
	if id == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.opts.Now()
	if len(h.seen) > 10000 {
		for k, at := range h.seen {
			if now.Sub(at) > time.Hour {
				delete(h.seen, k)
			}
		}
	}
	h.seen[id] = now
}

// record applies one event to every open incident linked to its channel
// and returns the number of events stored or changed.
func (h *Handler) record(ctx context.Context, eventID string, ev innerEvent) (int, error) {
	channel := ev.Channel
	if channel == "" {
		channel = ev.Item.Channel
	}
	if channel == "" {
		return 0, nil
	}
	incs, err := h.opts.Store.List(ctx)
	if err != nil {
		return 0, err
	}
	cached, err := h.opts.Store.Cached(ctx, "slack/")
	if err != nil {
		return 0, err
	}
	names := map[string]string{}
	for k, v := range cached {
		if id, ok := strings.CutPrefix(k, userPrefix); ok {
			names[id] = v
		}
	}
	n := 0
	for _, inc := range incs {
		if inc.Links["slack"] != channel || !inc.Open() {
			continue
		}
		capture, err := captureOf(ctx, h.opts.Store, inc.ID)
		if err != nil {
			return n, err
		}
		mp := &mapper{incident: inc.ID, channel: channel, teamURL: cached[TeamURLKey], names: names}
		c, err := h.apply(ctx, inc, mp, capture, eventID, ev)
		if err != nil {
			return n, err
		}
		n += c
	}
	return n, nil
}

func (h *Handler) apply(ctx context.Context, inc incident.Incident, mp *mapper, capture Capture, eventID string, ev innerEvent) (int, error) {
	now := h.opts.Now().UTC()
	switch {
	case ev.Type == "message" && ev.Subtype == "message_changed" && ev.Message != nil:
		m := *ev.Message
		want, ok := mp.event(m)
		if !ok {
			return 0, nil
		}
		stored, err := h.opts.Store.Event(ctx, want.ID)
		if errors.Is(err, incident.ErrNoEvent) {
			return 0, nil // never captured: nothing to edit
		}
		if err != nil {
			return 0, err // the store is busy: a 5xx makes Slack retry
		}
		if stored.Text == want.Text {
			return 0, nil
		}
		editTS := ev.TS
		if m.Edited != nil {
			editTS = m.Edited.TS
		}
		_, err = h.opts.Store.UpdateEvent(ctx, want.ID, func(e *timeline.Event) { applyEdit(e, want.Text, editTS) })
		return 1, err
	case ev.Type == "message" && ev.Subtype == "message_deleted":
		id := MessageID(mp.channel, ev.DeletedTS)
		if _, err := h.opts.Store.Event(ctx, id); errors.Is(err, incident.ErrNoEvent) {
			return 0, nil // never captured: nothing to hide
		} else if err != nil {
			return 0, err
		}
		return h.write(ctx, nil, mp.deleted(ev.DeletedTS, id, now))
	case ev.Type == "message":
		if ev.Subtype == "tombstone" || ev.Hidden || !capture.keeps(ev.message) {
			return 0, nil
		}
		cache := h.names(ctx, mp, ev.message)
		e, ok := mp.event(ev.message)
		if !ok {
			return 0, nil
		}
		return h.write(ctx, cache, e)
	case ev.Type == "reaction_added" || ev.Type == "reaction_removed":
		base, _, _ := strings.Cut(ev.Reaction, "::")
		if capture.Mode != CaptureReaction || base != capture.Reaction || ev.Item.Type != "message" {
			return 0, nil
		}
		return h.reaction(ctx, mp, capture, eventID, ev.Type == "reaction_added", ev.Item.TS, now)
	}
	return 0, nil
}

// reaction captures a message marked with the capture reaction, or hides
// it again when the mark is taken off (and no one else's remains).
func (h *Handler) reaction(ctx context.Context, mp *mapper, capture Capture, eventID string, added bool, ts string, now time.Time) (int, error) {
	id := MessageID(mp.channel, ts)
	_, storedErr := h.opts.Store.Event(ctx, id)
	if storedErr != nil && !errors.Is(storedErr, incident.ErrNoEvent) {
		return 0, storedErr
	}
	flag := func(value, why string) timeline.Event {
		return timeline.Event{
			Incident: mp.incident, At: now, Source: timeline.SourceSlack, Kind: timeline.KindFlag, Text: why,
			Ref:   timeline.SlackRef(mp.channel, ts) + "/" + value + "/" + eventID,
			Attrs: map[string]string{timeline.AttrTarget: id, timeline.AttrFlag: value, AttrChannel: mp.channel, AttrTS: ts},
		}
	}
	var m message
	found := false
	if h.opts.API != nil {
		var err error
		if m, found, err = h.opts.API.Message(ctx, mp.channel, ts); err != nil {
			return 0, err
		}
	}
	switch {
	case added && storedErr == nil:
		return h.write(ctx, nil, flag(timeline.FlagUnhide, "marked again in Slack"))
	case added && found:
		cache := h.names(ctx, mp, m)
		e, ok := mp.event(m)
		if !ok {
			return 0, nil
		}
		return h.write(ctx, cache, e)
	case !added && storedErr == nil && !(found && m.hasReaction(capture.Reaction)):
		return h.write(ctx, nil, flag(timeline.FlagHide, "mark removed in Slack"))
	}
	return 0, nil
}

// names resolves the message's user when the API is at hand; a failure
// leaves the ID as the name (a sync fixes it later).
func (h *Handler) names(ctx context.Context, mp *mapper, m message) map[string]string {
	if h.opts.API == nil || m.User == "" || m.isBot() || mp.names[m.User] != "" {
		return nil
	}
	name, err := h.opts.API.UserName(ctx, m.User)
	if err != nil {
		return nil
	}
	mp.names[m.User] = name
	return map[string]string{UserKey(m.User): name}
}

func (h *Handler) write(ctx context.Context, cache map[string]string, e timeline.Event) (int, error) {
	res, err := h.opts.Store.Write(ctx, incident.Batch{Events: []timeline.Event{e}, Cache: cache})
	return len(res.Stored), err
}
