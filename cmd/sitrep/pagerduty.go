package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty"
	"github.com/sitrep-dev/sitrep/timeline"
)

// PagerDuty wiring: configuration from the environment, the client, the
// note poster, and what the errors mean for the person at the terminal.

const pagerDutyEnvHelp = `PagerDuty:
  PAGERDUTY_TOKEN           a REST API key (read access to sync; write access
                            to post notes, acknowledge and resolve)
  PAGERDUTY_FROM            your PagerDuty login e-mail; PagerDuty requires it
                            on notes, acknowledgements and resolves
  PAGERDUTY_API_URL         https://api.eu.pagerduty.com for EU accounts
  PAGERDUTY_WEBHOOK_SECRET  the v3 webhook subscription's secret (sitrep serve)

Severity from PagerDuty: priority P1…P5 → SEV1…SEV5; without a priority,
urgency high → SEV2 and low → SEV4.`

// pagerDuty returns a client configured from the environment, over an
// HTTP client that waits out 429s as Retry-After asks, saying so on stderr.
func (f *Factory) pagerDuty() (*pagerduty.Client, error) {
	cfg := pagerduty.ConfigFromEnv(f.Getenv)
	httpClient := integrations.RetryClient(f.HTTPClient(), func(req *http.Request, wait time.Duration, attempt int) {
		fmt.Fprintf(f.IO.ErrOut, "PagerDuty is rate-limiting: waiting %s as it asked (retry %d)\n", wait.Round(time.Second), attempt)
	})
	c, err := pagerduty.New(cfg, httpClient)
	return c, pagerDutyError(err)
}

// pagerDutyError adds what to do to the errors people can fix.
func pagerDutyError(err error) error {
	var hinted *hintedError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &hinted):
		return err
	case errors.Is(err, pagerduty.ErrNoToken):
		return hint(err, "create a REST API key in PagerDuty (Integrations → API Access Keys) and export PAGERDUTY_TOKEN")
	case errors.Is(err, pagerduty.ErrTokenRejected):
		return hint(fmt.Errorf("PagerDuty token rejected (HTTP 401)"), "check PAGERDUTY_TOKEN is a REST API key, not an Events integration key; EU accounts also set PAGERDUTY_API_URL=https://api.eu.pagerduty.com")
	case errors.Is(err, pagerduty.ErrNoIncident):
		return hint(err, "use the ID at the end of the incident's URL (…/incidents/Q2CKYRLH85UNN4), not its number")
	case errors.Is(err, pagerduty.ErrNoFrom):
		return hint(err, "export PAGERDUTY_FROM=you@example.com, the e-mail you log in to PagerDuty with")
	case errors.Is(err, pagerduty.ErrForbidden):
		return hint(err, "a read-only key can sync but not write: use a key with write access")
	case errors.Is(err, pagerduty.ErrRateLimited):
		return hint(err, "wait a minute and run it again; the sync resumes where it stopped")
	}
	return err
}

// linkedPagerDuty returns an incident's PagerDuty ID, or says how to link one.
func linkedPagerDuty(inc incident.Incident) (string, error) {
	id := inc.Links[pagerduty.Name]
	if id == "" {
		return "", hint(fmt.Errorf("%s is not linked to a PagerDuty incident", inc.ID), "run `sitrep link pagerduty ID` first")
	}
	return id, nil
}

// fetchPagerDuty pulls a PagerDuty incident for `open --pagerduty` and
// `link pagerduty`, and says what it found on stderr.
func (f *Factory) fetchPagerDuty(ctx context.Context, pdID, actor string) (pagerduty.Linked, error) {
	c, err := f.pagerDuty()
	if err != nil {
		return pagerduty.Linked{}, err
	}
	l, err := c.Link(ctx, strings.TrimSpace(pdID), actor)
	if err != nil {
		return pagerduty.Linked{}, pagerDutyError(err)
	}
	sev := l.Severity.String()
	if sev == "" {
		sev = "no severity"
	}
	fmt.Fprintf(f.IO.ErrOut, "PagerDuty %s: %s (%s, %s, %s)\n", l.ID, timeline.SanitizeLine(l.Title),
		timeline.SanitizeLine(l.Service), l.Status, sev)
	return l, nil
}

// pagerDutyNotePoster is the poster behind `note --pagerduty`.
func (f *Factory) pagerDutyNotePoster() (notePoster, error) {
	c, err := f.pagerDuty()
	if err != nil {
		return nil, err
	}
	return pagerDutyPoster{c}, nil
}

type pagerDutyPoster struct{ c *pagerduty.Client }

// PostNote posts the note, signed with its author (PagerDuty shows the
// token's user or PAGERDUTY_FROM as the writer), and returns the note's
// Ref, which the next sync and the incident.annotated webhook share.
func (p pagerDutyPoster) PostNote(ctx context.Context, inc incident.Incident, e timeline.Event) (string, map[string]string, error) {
	pdID, err := linkedPagerDuty(inc)
	if err != nil {
		return "", nil, err
	}
	content := e.Text
	if e.Actor != "" {
		content += "\n— " + e.Actor + " (via sitrep)"
	}
	ref, err := p.c.PostNote(ctx, pdID, content)
	return ref, nil, pagerDutyError(err)
}

// setPagerDutyStatus acknowledges or resolves the linked PagerDuty
// incident, then syncs it so the resulting log entry lands in the
// timeline with its own Ref (and is not stored again later).
func (f *Factory) setPagerDutyStatus(ctx context.Context, incidentFlag, status string) error {
	s, inc, err := f.Incident(ctx, incidentFlag)
	if err != nil {
		return err
	}
	id := inc.ID
	pdID, err := linkedPagerDuty(inc)
	if err != nil {
		return err
	}
	c, err := f.pagerDuty()
	if err != nil {
		return err
	}
	if err := c.SetStatus(ctx, pdID, status); err != nil {
		return pagerDutyError(err)
	}
	fmt.Fprintf(f.IO.ErrOut, "PagerDuty %s %s\n", pdID, status)
	r := &integrations.Runner{Store: s, Sources: []integrations.Source{c.Source()}, Now: f.Now}
	res, err := r.Sync(ctx, id)
	if err == nil && len(res) == 1 {
		err = res[0].Err
	}
	if err != nil {
		return hint(fmt.Errorf("PagerDuty %s is %s, but syncing it back failed: %w", pdID, status, pagerDutyError(err)), "run `sitrep sync` later")
	}
	return nil
}

// pagerDutySource is the sync source for linked PagerDuty incidents. When
// the token is missing it still registers, so a linked incident's sync
// says what to set rather than skipping PagerDuty silently.
func (f *Factory) pagerDutySource() integrations.Source {
	c, err := f.pagerDuty()
	if err != nil {
		return unconfiguredSource{name: pagerduty.Name, err: err}
	}
	return c.Source()
}

// unconfiguredSource stands in for a source whose configuration is
// missing: every sync fails with what to set.
type unconfiguredSource struct {
	name string
	err  error
}

func (u unconfiguredSource) Name() string { return u.name }

func (u unconfiguredSource) Sync(context.Context, incident.Incident, []byte, func(integrations.Page) error) error {
	return u.err
}

// pagerDutyStatus is `status STATUS --pagerduty`: acknowledged acts on
// PagerDuty only (sitrep has no such status; the ack arrives as a pager
// event), resolved sets the status here and resolves the PagerDuty
// incident too.
func (o *changeOptions) pagerDutyStatus(ctx context.Context, arg string) error {
	a := strings.ToLower(strings.TrimSpace(arg))
	if len(a) >= 3 && strings.HasPrefix("acknowledged", a) {
		return o.f.setPagerDutyStatus(ctx, o.incident, "acknowledged")
	}
	st, err := timeline.ParseStatus(arg)
	if err != nil || st != timeline.StatusResolved {
		return usagef("with --pagerduty, the status is acknowledged or resolved: PagerDuty has no %q", arg)
	}
	if _, err := o.appendChange(ctx, timeline.StatusChange(st)); err != nil {
		return err
	}
	return o.f.setPagerDutyStatus(ctx, o.incident, "resolved")
}
