package pagerduty

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

// EnvHelp lists PagerDuty's settings, for --help.
const EnvHelp = `PagerDuty:
  PAGERDUTY_TOKEN           a REST API key (read access to sync; write access
                            to post notes, acknowledge and resolve)
  PAGERDUTY_FROM            your PagerDuty login e-mail; PagerDuty requires it
                            on notes, acknowledgements and resolves
  PAGERDUTY_API_URL         https://api.eu.pagerduty.com for EU accounts
  PAGERDUTY_WEBHOOK_SECRET  the v3 webhook subscription's secret (sitrep serve)

Severity from PagerDuty: priority P1…P5 → SEV1…SEV5; without a priority,
urgency high → SEV2 and low → SEV4.`

// Provider is PagerDuty as an integration: sync of log entries and notes,
// linking, `note --pagerduty`, acknowledge and resolve, and the v3
// webhook receiver.
var Provider = integrations.Provider{
	Name:  Name,
	Title: "PagerDuty",
	Help:  EnvHelp,
	Source: func(env integrations.Env, _ integrations.SyncOptions) (integrations.Source, error) {
		c, err := clientFor(env)
		if err != nil {
			return nil, err
		}
		return c.Source(), nil
	},
	Link: link,
	LinkHelp: integrations.LinkHelp{
		Arg:   "ID",
		Noun:  "PagerDuty incident",
		Short: "Link a PagerDuty incident and pull its details",
		Long: `Link a PagerDuty incident (the ID at the end of its URL) to the active
incident. sitrep pulls the incident: its service and web page, its
created_at as the page that detected it, and links found in it and its
alerts (runbooks, dashboards, the conference bridge). When the incident
has no severity yet, PagerDuty's sets it. Then ` + "`sitrep sync`" + ` pulls its log.

` + EnvHelp,
		Example: `  sitrep link pagerduty Q2CKYRLH85UNN4
  sitrep link pagerduty PT4KHLK --incident INC-7 && sitrep sync`,
		OpenUsage: "link a PagerDuty incident ID; its title and severity (P1…P5 → SEV1…SEV5, else urgency high → SEV2, low → SEV4) are the defaults",
	},
	Poster: func(env integrations.Env) (integrations.NotePoster, error) {
		c, err := clientFor(env)
		if err != nil {
			return nil, err
		}
		return notePoster{c}, nil
	},
	Status: func(env integrations.Env) (integrations.StatusWriter, error) {
		c, err := clientFor(env)
		if err != nil {
			return nil, err
		}
		return statusWriter{c}, nil
	},
	Route: func(env integrations.Env, opts integrations.ServeOptions) (integrations.Route, error) {
		route := integrations.Route{Pattern: "POST " + WebhookPath}
		secret := ConfigFromEnv(env.Getenv).WebhookSecret
		if secret == "" {
			return route, integrations.Hint(errors.New("PAGERDUTY_WEBHOOK_SECRET is not set"),
				"set PAGERDUTY_WEBHOOK_SECRET to the secret of your PagerDuty v3 webhook subscription")
		}
		route.Handler = &WebhookHandler{Store: env.Store, Secret: secret, AutoOpen: opts.AutoOpen}
		return route, nil
	},
	RouteHelp: "POST " + WebhookPath + "  PagerDuty v3 webhooks (needs PAGERDUTY_WEBHOOK_SECRET)",
	Explain:   Explain,
	Check: func(ctx context.Context, env integrations.Env) integrations.Checked {
		return integrations.CheckToken(ctx, env, integrations.TokenCheck{
			TokenVar: "PAGERDUTY_TOKEN", URLVar: "PAGERDUTY_API_URL", DefaultURL: "https://api.pagerduty.com",
			Method: http.MethodGet, Path: "abilities",
			Auth: func(r *http.Request, token string) {
				r.Header.Set("Authorization", "Token token="+token)
				r.Header.Set("Accept", "application/vnd.pagerduty+json;version=2")
			},
		})
	},
}

// clientFor returns a client configured from env's settings, over an HTTP
// client that waits out 429s as Retry-After asks, saying so.
func clientFor(env integrations.Env) (*Client, error) {
	cfg := ConfigFromEnv(env.Getenv)
	httpClient := integrations.RetryClient(env.Client(), func(req *http.Request, wait time.Duration, attempt int) {
		env.Say(fmt.Sprintf("PagerDuty is rate-limiting: waiting %s as it asked (retry %d)", wait.Round(time.Second), attempt))
	})
	return New(cfg, httpClient)
}

// link pulls the PagerDuty incident arg. Linking an incident that has no
// severity yet sets PagerDuty's; `open` takes it as its default instead.
func link(ctx context.Context, env integrations.Env, inc incident.Incident, arg string, opts integrations.LinkOptions) (integrations.Linked, error) {
	c, err := clientFor(env)
	if err != nil {
		return integrations.Linked{}, err
	}
	l, err := c.Link(ctx, strings.TrimSpace(arg), opts.Actor)
	if err != nil {
		return integrations.Linked{}, err
	}
	sev := l.Severity.String()
	if sev == "" {
		sev = "no severity"
	}
	out := integrations.Linked{
		Events: l.Events, Title: l.Title, Severity: l.Severity,
		Message: fmt.Sprintf("PagerDuty %s: %s (%s, %s, %s)", timeline.SanitizeLine(l.ID), timeline.SanitizeLine(l.Title),
			timeline.SanitizeLine(l.Service), timeline.SanitizeLine(l.Status), sev),
	}
	if inc.ID != "" {
		if inc.Severity == 0 && l.Severity != 0 {
			e := timeline.SeverityChange(l.Severity)
			e.Source, e.Actor, e.Text = timeline.SourcePagerDuty, opts.Actor, e.Text+" from PagerDuty"
			out.Events = append(out.Events, e)
		}
		out.Done = fmt.Sprintf("%s is linked to PagerDuty %s; `sitrep sync` pulls its log entries and notes", inc.ID, l.ID)
	}
	return out, nil
}

type notePoster struct{ c *Client }

// PostNote posts the note, signed with its author (PagerDuty shows the
// token's user or PAGERDUTY_FROM as the writer), and returns the note's
// Ref, which the next sync and the incident.annotated webhook share.
func (p notePoster) PostNote(ctx context.Context, inc incident.Incident, e timeline.Event) (string, map[string]string, error) {
	pdID, err := Provider.LinkedID(inc)
	if err != nil {
		return "", nil, err
	}
	ref, err := p.c.PostNote(ctx, pdID, NoteContent(e))
	return ref, nil, err
}

// NoteContent is a note as posted to PagerDuty: its text signed with its
// author, since PagerDuty shows the token's user as the writer.
func NoteContent(e timeline.Event) string {
	if e.Actor == "" {
		return e.Text
	}
	return e.Text + "\n— " + e.Actor + " (via sitrep)"
}

type statusWriter struct{ c *Client }

func (w statusWriter) SetStatus(ctx context.Context, inc incident.Incident, status string) error {
	pdID, err := Provider.LinkedID(inc)
	if err != nil {
		return err
	}
	return w.c.SetStatus(ctx, pdID, status)
}

// Explain adds what to do to the errors people can fix.
func Explain(err error) error {
	var hinted *integrations.Hinted
	switch {
	case err == nil:
		return nil
	case errors.As(err, &hinted):
		return err
	case errors.Is(err, ErrNoToken):
		return integrations.Hint(err, "create a REST API key in PagerDuty (Integrations → API Access Keys) and export PAGERDUTY_TOKEN")
	case errors.Is(err, ErrTokenRejected):
		return integrations.Hint(fmt.Errorf("PagerDuty token rejected (HTTP 401)"), "check PAGERDUTY_TOKEN is a REST API key, not an Events integration key; EU accounts also set PAGERDUTY_API_URL=https://api.eu.pagerduty.com")
	case errors.Is(err, ErrNoIncident):
		return integrations.Hint(err, "use the ID at the end of the incident's URL (…/incidents/Q2CKYRLH85UNN4), not its number")
	case errors.Is(err, ErrNoFrom):
		return integrations.Hint(err, "export PAGERDUTY_FROM=you@example.com, the e-mail you log in to PagerDuty with")
	case errors.Is(err, ErrForbidden):
		return integrations.Hint(err, "a read-only key can sync but not write: use a key with write access")
	case errors.Is(err, ErrRateLimited):
		return integrations.Hint(err, "wait a minute and run it again; the sync resumes where it stopped")
	}
	return err
}
