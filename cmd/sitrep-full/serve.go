package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/integrations"
)

type serveOptions struct {
	f        *Factory
	addr     string
	autoOpen bool
}

func newServeCmd(f *Factory) *cobra.Command {
	o := &serveOptions{f: f}
	cmd := &cobra.Command{
		Use:     "serve",
		Short:   "Receive PagerDuty and Slack webhooks into linked incidents",
		GroupID: "integrate",
		Long: `Run an HTTP server that receives webhooks, the real-time path beside
` + "`sitrep sync`" + `. It binds 127.0.0.1 by default: put a TLS-terminating proxy
or tunnel in front of it to reach it from PagerDuty or Slack.

` + f.routesHelp() + `
  GET  /healthz             200 "ok" while the server runs

Every request's signature is checked over the raw body; bodies over 1 MiB,
bad signatures and invalid JSON get a 4xx and change nothing. Events land on
every incident linked to their PagerDuty incident, each once: PagerDuty's
retries and replays are recognised by the event id. With --auto-open, an
incident.triggered for an unlinked PagerDuty incident opens a new incident.
Each request is logged on stderr, without bodies or secrets.

In PagerDuty: Integrations → Generic Webhooks (v3) → New Webhook, URL
https://YOUR-HOST/webhooks/pagerduty, scope an account, service or team, the
incident events; copy the signing secret into PAGERDUTY_WEBHOOK_SECRET.`,
		Example: `  PAGERDUTY_WEBHOOK_SECRET=... sitrep serve
  sitrep serve --addr 0.0.0.0:8787 --auto-open`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8787", "address to listen on")
	cmd.Flags().BoolVar(&o.autoOpen, "auto-open", false, "open an incident for each newly triggered, unlinked PagerDuty incident")
	return cmd
}

func (o *serveOptions) run(ctx context.Context) error {
	// Wait for the store less long than a sender waits for the answer, so
	// a busy store gets a clean 503 (and a retry) rather than a write that
	// may finish after the sender gave up.
	s, err := o.f.StoreWaiting(integrations.AnswerWithin * 4 / 5)
	if err != nil {
		return err
	}
	env := o.f.env(s)
	var routes []integrations.Route
	var off []string
	var firstOff error
	for _, p := range o.f.Providers {
		if p.Route == nil {
			continue
		}
		r, err := p.Route(env, integrations.ServeOptions{AutoOpen: o.autoOpen})
		if err != nil {
			var hinted *integrations.Hinted
			msg := err.Error()
			if errors.As(err, &hinted) {
				msg = hinted.Err.Error()
			}
			off = append(off, r.Pattern+" is off: "+msg)
			if firstOff == nil {
				firstOff = err
			}
			continue
		}
		routes = append(routes, r)
	}
	if len(routes) == 0 {
		err := errors.New("no webhook receiver is configured: " + strings.Join(off, "; "))
		var hinted *integrations.Hinted
		if errors.As(firstOff, &hinted) {
			return hint(err, hinted.Hint)
		}
		return err
	}
	logger := slog.New(slog.NewTextHandler(o.f.IO.ErrOut, nil))
	srv := integrations.NewServer(o.addr, routes, logger)
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return hint(fmt.Errorf("cannot listen on %s: %w", o.addr, err), "pick another address with --addr")
	}
	fmt.Fprintf(o.f.IO.ErrOut, "listening on http://%s\n", ln.Addr())
	for _, r := range routes {
		fmt.Fprintf(o.f.IO.ErrOut, "  %s\n", r.Pattern)
	}
	for _, msg := range off {
		fmt.Fprintf(o.f.IO.ErrOut, "  %s\n", msg)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Let requests in flight finish; PagerDuty retries whatever did not.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
