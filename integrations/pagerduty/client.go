// Package pagerduty connects sitrep to PagerDuty: it pulls an incident
// (title, service, priority/urgency → severity, created_at, runbook and
// dashboard links), syncs its log entries and notes into timeline events,
// posts notes and acknowledges or resolves incidents, and receives v3
// webhooks. It wraps github.com/PagerDuty/go-pagerduty behind the small
// API interface below; tests run the real SDK against pagerdutytest.
package pagerduty

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	pd "github.com/PagerDuty/go-pagerduty"
)

// API is the part of PagerDuty's REST API sitrep uses. *pd.Client
// satisfies it through sdkAPI; it is an interface so callers and tests
// can put something else behind Client.
type API interface {
	GetIncident(ctx context.Context, id string) (*pd.Incident, error)
	ListIncidentAlerts(ctx context.Context, id string, o pd.ListIncidentAlertsOptions) (*pd.ListAlertsResponse, error)
	ListIncidentLogEntries(ctx context.Context, id string, o pd.ListIncidentLogEntriesOptions) (*pd.ListIncidentLogEntriesResponse, error)
	ListIncidentNotes(ctx context.Context, id string) ([]pd.IncidentNote, error)
	CreateIncidentNote(ctx context.Context, id string, note pd.IncidentNote) (*pd.IncidentNote, error)
	ManageIncidents(ctx context.Context, from string, opts []pd.ManageIncidentsOptions) (*pd.ListIncidentsResponse, error)
}

type sdkAPI struct{ c *pd.Client }

func (s sdkAPI) GetIncident(ctx context.Context, id string) (*pd.Incident, error) {
	return s.c.GetIncidentWithContext(ctx, id)
}

func (s sdkAPI) ListIncidentAlerts(ctx context.Context, id string, o pd.ListIncidentAlertsOptions) (*pd.ListAlertsResponse, error) {
	return s.c.ListIncidentAlertsWithContext(ctx, id, o)
}

func (s sdkAPI) ListIncidentLogEntries(ctx context.Context, id string, o pd.ListIncidentLogEntriesOptions) (*pd.ListIncidentLogEntriesResponse, error) {
	return s.c.ListIncidentLogEntriesWithContext(ctx, id, o)
}

func (s sdkAPI) ListIncidentNotes(ctx context.Context, id string) ([]pd.IncidentNote, error) {
	return s.c.ListIncidentNotesWithContext(ctx, id)
}

func (s sdkAPI) CreateIncidentNote(ctx context.Context, id string, note pd.IncidentNote) (*pd.IncidentNote, error) {
	return s.c.CreateIncidentNoteWithContext(ctx, id, note)
}

func (s sdkAPI) ManageIncidents(ctx context.Context, from string, opts []pd.ManageIncidentsOptions) (*pd.ListIncidentsResponse, error) {
	return s.c.ManageIncidentsWithContext(ctx, from, opts)
}

// Config is how sitrep reaches PagerDuty. It comes from the environment:
// PAGERDUTY_TOKEN, PAGERDUTY_API_URL, PAGERDUTY_FROM,
// PAGERDUTY_WEBHOOK_SECRET.
type Config struct {
	Token         string // a REST API key; never stored or logged
	APIURL        string // default https://api.pagerduty.com; EU: https://api.eu.pagerduty.com
	From          string // the e-mail of a PagerDuty user, sent as From on writes
	WebhookSecret string // the v3 subscription's signing secret
}

// ConfigFromEnv reads the configuration through getenv.
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		Token:         strings.TrimSpace(getenv("PAGERDUTY_TOKEN")),
		APIURL:        strings.TrimSpace(getenv("PAGERDUTY_API_URL")),
		From:          strings.TrimSpace(getenv("PAGERDUTY_FROM")),
		WebhookSecret: strings.TrimSpace(getenv("PAGERDUTY_WEBHOOK_SECRET")),
	}
}

// Errors a caller can act on.
var (
	ErrNoToken       = errors.New("PAGERDUTY_TOKEN is not set")
	ErrNoFrom        = errors.New("PAGERDUTY_FROM is not set: PagerDuty needs a user's e-mail to post notes or change incidents")
	ErrTokenRejected = errors.New("PagerDuty rejected the token (HTTP 401)")
	ErrForbidden     = errors.New("the PagerDuty token may not do this (HTTP 403)")
	ErrNoIncident    = errors.New("no such PagerDuty incident")
	ErrRateLimited   = errors.New("PagerDuty is rate-limiting sitrep (HTTP 429) beyond the retries allowed")
)

// Client is sitrep's PagerDuty client.
type Client struct {
	api  API
	from string
}

// New returns a client for cfg over httpClient (which should honour
// Retry-After: see integrations.RetryClient).
func New(cfg Config, httpClient *http.Client) (*Client, error) {
	if cfg.Token == "" {
		return nil, ErrNoToken
	}
	opts := []pd.ClientOptions{}
	if cfg.APIURL != "" {
		opts = append(opts, pd.WithAPIEndpoint(strings.TrimRight(cfg.APIURL, "/")))
	}
	c := pd.NewClient(cfg.Token, opts...)
	if httpClient != nil {
		c.HTTPClient = httpClient
	}
	return &Client{api: sdkAPI{c}, from: cfg.From}, nil
}

// NewWithAPI returns a client over any API implementation.
func NewWithAPI(api API, from string) *Client { return &Client{api: api, from: from} }

// apiError turns the SDK's errors into ones that say what happened; what
// to do about them is for the command to say.
func apiError(err error, pdID string) error {
	if err == nil {
		return nil
	}
	var ae pd.APIError
	if !errors.As(err, &ae) {
		return fmt.Errorf("PagerDuty: %w", err)
	}
	switch ae.StatusCode {
	case http.StatusUnauthorized:
		return ErrTokenRejected
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return fmt.Errorf("%w %s", ErrNoIncident, pdID)
	case http.StatusTooManyRequests:
		return ErrRateLimited
	}
	return fmt.Errorf("PagerDuty: %w", err)
}

// PostNote adds a note to the PagerDuty incident pdID and returns the Ref
// the next sync (or webhook) will give it, so it is stored once.
func (c *Client) PostNote(ctx context.Context, pdID, content string) (ref string, err error) {
	if c.from == "" {
		return "", ErrNoFrom
	}
	// go-pagerduty takes the From header from the note's user summary.
	note, err := c.api.CreateIncidentNote(ctx, pdID, pd.IncidentNote{Content: content, User: pd.APIObject{Summary: c.from}})
	if err != nil {
		return "", apiError(err, pdID)
	}
	return NoteRef(note.ID), nil
}

// SetStatus acknowledges or resolves the PagerDuty incident pdID.
func (c *Client) SetStatus(ctx context.Context, pdID, status string) error {
	switch status {
	case "acknowledged", "resolved":
	default:
		return fmt.Errorf("PagerDuty incidents can be acknowledged or resolved, not %q", status)
	}
	if c.from == "" {
		return ErrNoFrom
	}
	_, err := c.api.ManageIncidents(ctx, c.from, []pd.ManageIncidentsOptions{{ID: pdID, Status: status}})
	return apiError(err, pdID)
}
