package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty"
	"github.com/sitrep-dev/sitrep/integrations/slack"
	"github.com/sitrep-dev/sitrep/timeline"
)

// providers is the one list of integrations. sync, serve, note, link,
// open, status and resolve loop over it; a new integration is one line
// here.
var providers = []integrations.Provider{
	pagerduty.Provider,
	slack.Provider,
}

// env is what the integrations build their parts from, over store s.
func (f *Factory) env(s *incident.Store) integrations.Env {
	return integrations.Env{
		Getenv: f.Getenv, HTTPClient: f.HTTPClient, Store: s, Now: f.Now,
		Notify: func(msg string) { fmt.Fprintln(f.IO.ErrOut, timeline.SanitizeLine(msg)) },
	}
}

// provider returns the integration called name.
func (f *Factory) provider(name string) (integrations.Provider, bool) {
	for _, p := range f.Providers {
		if p.Name == name {
			return p, true
		}
	}
	return integrations.Provider{}, false
}

// providersHelp is every integration's settings, for --help.
func (f *Factory) providersHelp() string {
	var parts []string
	for _, p := range f.Providers {
		if p.Help != "" {
			parts = append(parts, p.Help)
		}
	}
	return strings.Join(parts, "\n\n")
}

// routesHelp lists the webhook routes serve can mount, for --help.
func (f *Factory) routesHelp() string {
	var lines []string
	for _, p := range f.Providers {
		if p.Route != nil && p.RouteHelp != "" {
			lines = append(lines, "  "+p.RouteHelp)
		}
	}
	return strings.Join(lines, "\n")
}

// noteCount counts notes: "1 note", "2 notes".
func noteCount(n int) string {
	if n == 1 {
		return "1 note"
	}
	return fmt.Sprintf("%d notes", n)
}

// providerError turns an integration's error into the command's: usage
// mistakes exit 2, hinted errors keep their hint.
func providerError(err error) error {
	var usage *integrations.UsageError
	if errors.As(err, &usage) {
		return &usageError{usage.Err}
	}
	return err
}
