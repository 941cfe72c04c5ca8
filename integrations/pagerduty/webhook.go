package pagerduty

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/PagerDuty/go-pagerduty/webhookv3"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

// WebhookPath is where `sitrep serve` receives PagerDuty v3 webhooks.
const WebhookPath = "/webhooks/pagerduty"

// Webhook is a v3 webhook envelope.
type Webhook struct {
	Event WebhookEvent `json:"event"`
}

// WebhookEvent is a v3 webhook event. Data's shape depends on the event
// type: an incident for incident.triggered and its kin, an incident_note,
// incident_responder, incident_status_update, ... for the others.
type WebhookEvent struct {
	ID           string          `json:"id"`
	EventType    string          `json:"event_type"`
	ResourceType string          `json:"resource_type"`
	OccurredAt   string          `json:"occurred_at"`
	Agent        *reference      `json:"agent"`
	Data         json.RawMessage `json:"data"`
}

type reference struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Summary string `json:"summary"`
	HTMLURL string `json:"html_url"`
}

// EventData is the part of event.data sitrep reads, across its shapes.
type EventData struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	HTMLURL   string      `json:"html_url"`
	Title     string      `json:"title"`
	Status    string      `json:"status"`
	Urgency   string      `json:"urgency"`
	CreatedAt string      `json:"created_at"`
	Service   *reference  `json:"service"`
	Priority  *reference  `json:"priority"`
	Assignees []reference `json:"assignees"`
	Incident  *reference  `json:"incident"` // sub-resources: the incident they belong to
	User      *reference  `json:"user"`     // incident_responder
	Content   string      `json:"content"`  // incident_note
	Message   string      `json:"message"`  // incident_responder, incident_status_update, pagey
	State     string      `json:"state"`    // incident_responder
	// RoleAssignments: incident_role_assignment.
	RoleAssignments []struct {
		Role     *reference `json:"role"`
		Assignee *reference `json:"assignee"`
		Incident *reference `json:"incident"`
	} `json:"incident_role_assignments"`
}

// ParseWebhook decodes a v3 webhook body.
func ParseWebhook(body []byte) (Webhook, EventData, error) {
	var w Webhook
	if err := json.Unmarshal(body, &w); err != nil {
		return w, EventData{}, fmt.Errorf("not a PagerDuty v3 webhook: %w", err)
	}
	if w.Event.ID == "" || w.Event.EventType == "" {
		return w, EventData{}, errors.New("not a PagerDuty v3 webhook: no event id or type")
	}
	d, err := ParseEventData(w.Event.Data)
	return w, d, err
}

// ParseEventData decodes event.data; null is an empty EventData.
func ParseEventData(raw json.RawMessage) (EventData, error) {
	var d EventData
	if len(raw) == 0 || string(raw) == "null" {
		return d, nil
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return d, fmt.Errorf("event data: %w", err)
	}
	return d, nil
}

// IncidentID is the PagerDuty incident the data is about, or "".
func (d EventData) IncidentID() string {
	if d.Type == "incident" {
		return d.ID
	}
	if d.Incident != nil {
		return d.Incident.ID
	}
	for _, ra := range d.RoleAssignments {
		if ra.Incident != nil {
			return ra.Incident.ID
		}
	}
	return ""
}

// webhookActions maps incident event types to the event kind they become
// and the action name they share with log entries (see stateRefs).
var webhookActions = map[string]struct {
	kind   timeline.Kind
	action string
}{
	"incident.triggered":       {timeline.KindPage, "trigger"},
	"incident.reopened":        {timeline.KindPage, ""},
	"incident.acknowledged":    {timeline.KindAck, "acknowledge"},
	"incident.unacknowledged":  {timeline.KindNote, "unacknowledge"},
	"incident.escalated":       {timeline.KindEscalate, "escalate"},
	"incident.reassigned":      {timeline.KindAssign, "assign"},
	"incident.delegated":       {timeline.KindAssign, "delegate"},
	"incident.resolved":        {timeline.KindResolve, "resolve"},
	"incident.annotated":       {timeline.KindNote, ""},
	"incident.responder.added": {timeline.KindNotify, ""},
}

// WebhookEvents converts an incident webhook into events (Incident left
// empty). Events of other resources (pagey.ping, service.*) give none.
func WebhookEvents(w Webhook, d EventData) []timeline.Event {
	ev := w.Event
	pdID := d.IncidentID()
	if ev.ResourceType != "incident" || pdID == "" {
		return nil
	}
	at, ok := parseTime(ev.OccurredAt)
	if !ok {
		return nil
	}
	actor := "PagerDuty"
	if ev.Agent != nil && ev.Agent.Summary != "" {
		actor = ev.Agent.Summary
	}
	m, known := webhookActions[ev.EventType]
	if !known {
		m.kind = timeline.KindNote
	}
	e := timeline.Event{At: at, Source: timeline.SourcePagerDuty, Kind: m.kind, Actor: actor, Ref: WebhookRef(ev.ID)}
	e.SetAttr(AttrType, ev.EventType)
	if d.Type == "incident" && d.HTMLURL != "" {
		e.SetAttr(timeline.AttrURL, d.HTMLURL)
	} else if d.Incident != nil && d.Incident.HTMLURL != "" {
		e.SetAttr(timeline.AttrURL, d.Incident.HTMLURL)
	}
	title := d.Title
	if title == "" && d.Incident != nil {
		title = d.Incident.Summary
	}
	verb := strings.ReplaceAll(strings.TrimPrefix(ev.EventType, "incident."), "_", " ")
	e.Text = verb + ": " + title
	var extra string
	switch ev.EventType {
	case "incident.annotated":
		// The note's own id: the notes sync and `note --pagerduty` give
		// it the same Ref.
		e.Ref = NoteRef(d.ID)
		e.SetAttr(timeline.AttrAliasRefs, WebhookRef(ev.ID))
		e.Text = d.Content
	case "incident.acknowledged", "incident.resolved":
		e.SetAttr(timeline.AttrWho, actor)
	case "incident.reassigned", "incident.delegated":
		var names, ids []string
		for _, a := range d.Assignees {
			names = append(names, a.Summary)
			ids = append(ids, a.ID)
		}
		slices.Sort(ids)
		extra = strings.Join(ids, ",")
		if len(names) > 0 {
			e.SetAttr(timeline.AttrWho, strings.Join(names, ", "))
			e.Text = verb + " to " + strings.Join(names, ", ")
		}
	case "incident.responder.added", "incident.responder.replied":
		if d.User != nil {
			e.SetAttr(timeline.AttrWho, d.User.Summary)
			e.Text = "responder " + strings.TrimPrefix(verb, "responder.") + ": " + d.User.Summary
		}
		if d.Message != "" {
			e.Text += " — " + d.Message
		}
	case "incident.status_update_published":
		e.Text = "status update: " + d.Message
	case "incident.priority_updated":
		if d.Priority != nil {
			if sev := Severity(d.Priority.Summary, ""); sev != 0 {
				e.Kind = timeline.KindSeverity
				e.SetAttr(timeline.AttrNew, sev.String())
				e.Text = "PagerDuty priority " + d.Priority.Summary + " → " + sev.String()
			} else {
				e.Text = "priority updated: " + d.Priority.Summary
			}
		}
	}
	var roles []string
	for _, ra := range d.RoleAssignments {
		if ra.Role != nil && ra.Assignee != nil {
			roles = append(roles, ra.Assignee.Summary+" is "+ra.Role.Summary)
		}
	}
	if len(roles) > 0 {
		e.Text = "PagerDuty role: " + strings.Join(roles, ", ")
	}
	if strings.TrimSpace(e.Text) == "" {
		e.Text = ev.EventType
	}
	if refs := stateRefs(pdID, m.action, at, false, extra); refs != "" {
		e.SetAttr(timeline.AttrAliasRefs, refs)
	}
	return []timeline.Event{e}
}

// WebhookHandler receives PagerDuty v3 webhooks: it checks the
// X-PagerDuty-Signature over the raw body, and stores incident events on
// every sitrep incident linked to the PagerDuty incident. Replays and
// retries are stored once (the event id is the Ref). With AutoOpen, an
// incident.triggered for an unlinked incident opens a new sitrep incident.
type WebhookHandler struct {
	Store    *incident.Store
	Secret   string
	AutoOpen bool

	openMu sync.Mutex // one auto-open at a time: PagerDuty retries must not open twice
}

func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, ok := integrations.ReadBody(w, r)
	if !ok {
		return
	}
	if err := verify(r, body, h.Secret); err != nil {
		integrations.AddLogAttrs(r.Context(), slog.String("refused", err.Error()))
		status := http.StatusBadRequest
		if errors.Is(err, webhookv3.ErrNoValidSignatures) {
			status = http.StatusForbidden
		}
		http.Error(w, err.Error(), status)
		return
	}
	hook, data, err := ParseWebhook(body)
	if err != nil {
		integrations.AddLogAttrs(r.Context(), slog.String("refused", "invalid JSON"))
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	integrations.AddLogAttrs(r.Context(),
		slog.String("event_id", hook.Event.ID), slog.String("event_type", hook.Event.EventType),
		slog.String("pagerduty_incident", data.IncidentID()))
	outcome, err := h.store(r.Context(), hook, data)
	if incident.IsUnstorable(err) {
		// No retry can store it: say so in the log and answer 200, or
		// PagerDuty retries it for two days.
		outcome, err = "dropped: it can never be stored: "+err.Error(), nil
	}
	if err != nil {
		// PagerDuty retries; what was stored dedups on the retry.
		integrations.AddLogAttrs(r.Context(), slog.String("error", err.Error()))
		http.Error(w, "could not store the event; retry later", http.StatusServiceUnavailable)
		return
	}
	integrations.AddLogAttrs(r.Context(), slog.String("outcome", outcome))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, outcome+"\n")
}

// verify checks the signature with webhookv3, after removing the spaces
// some senders and proxies put after the commas between signatures
// ("v1=bad, v1=good"), which webhookv3 would otherwise reject.
func verify(r *http.Request, body []byte, secret string) error {
	if secret == "" {
		return errors.New("no webhook secret configured")
	}
	header := r.Header.Get("X-PagerDuty-Signature")
	parts := strings.Split(header, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	check := r.Clone(r.Context())
	check.Header = r.Header.Clone()
	check.Header.Set("X-PagerDuty-Signature", strings.Join(parts, ","))
	check.Body = io.NopCloser(bytes.NewReader(body))
	return webhookv3.VerifySignature(check, secret)
}

// store files the webhook's events and says what it did.
func (h *WebhookHandler) store(ctx context.Context, hook Webhook, data EventData) (string, error) {
	events := WebhookEvents(hook, data)
	if len(events) == 0 {
		return "ignored", nil
	}
	pdID := data.IncidentID()
	targets, err := h.linked(ctx, pdID)
	if err != nil {
		return "", err
	}
	if len(targets) == 0 {
		if !h.AutoOpen || hook.Event.EventType != "incident.triggered" {
			return "ignored: no sitrep incident is linked to " + pdID, nil
		}
		return h.open(ctx, hook, data, events)
	}
	var batch []timeline.Event
	for _, id := range targets {
		for _, e := range events {
			e.Incident = id
			batch = append(batch, e)
		}
	}
	res, err := h.Store.Append(ctx, batch...)
	if err != nil {
		return "", err
	}
	if len(res.Stored) == 0 {
		return "duplicate", nil
	}
	return "stored on " + strings.Join(targets, ", "), nil
}

// linked returns the sitrep incidents linked to a PagerDuty incident.
func (h *WebhookHandler) linked(ctx context.Context, pdID string) ([]string, error) {
	all, err := h.Store.List(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, inc := range all {
		if inc.Links[Name] == pdID {
			ids = append(ids, inc.ID)
		}
	}
	return ids, nil
}

func (h *WebhookHandler) open(ctx context.Context, hook Webhook, data EventData, events []timeline.Event) (string, error) {
	h.openMu.Lock()
	defer h.openMu.Unlock()
	// Another delivery may have opened it while this one waited.
	if targets, err := h.linked(ctx, data.IncidentID()); err != nil || len(targets) > 0 {
		if err != nil {
			return "", err
		}
		return "duplicate", nil
	}
	title := data.Title
	if title == "" {
		title = "PagerDuty incident " + data.ID
	}
	var sev timeline.Severity
	if data.Priority != nil {
		sev = Severity(data.Priority.Summary, data.Urgency)
	} else {
		sev = Severity("", data.Urgency)
	}
	at, _ := parseTime(data.CreatedAt)
	if at.IsZero() {
		at = events[0].At
	}
	link := timeline.Event{
		At: at, Source: timeline.SourcePagerDuty, Kind: timeline.KindLink, Actor: "PagerDuty",
		Text: "linked PagerDuty incident " + data.ID,
		Attrs: map[string]string{
			timeline.AttrSource: Name, timeline.AttrExternalID: data.ID, timeline.AttrURL: data.HTMLURL,
		},
	}
	if data.Service != nil {
		link.Attrs[timeline.AttrService] = data.Service.Summary
	}
	inc, err := h.Store.Create(ctx, incident.NewIncident{
		Title: title, Severity: sev, Actor: "PagerDuty", Source: timeline.SourcePagerDuty, At: at,
		Events: append([]timeline.Event{link}, events...),
	})
	if err != nil {
		return "", err
	}
	return "opened " + inc.ID, nil
}
