// Package team is sitrep's team mode on NATS JetStream: one incident, one
// timeline on every responder's machine. It owns the team's configuration
// and the connection to its server (with one-line errors that say what to
// fix), the stream and KV bucket (`team init`), publishing a store's
// outbox (the write path), consuming the team's stream into a store (the
// read path: `team follow`, sync, the TUI, late joiners, unseen
// incidents), team-wide incident numbers by compare-and-set, and the
// embedded nats-server of `sitrep team serve`.
//
// The local store stays each machine's source of truth; the stream is how
// its events reach the others. Events travel as the JSON of
// timeline.Event on subject sitrep.<team>.<incident ID>, with Nats-Msg-Id
// set to the event's Ref, else its ID, so the server drops a second copy
// (a Slack message synced on two laptops) and every store appends
// idempotently anyway. A chat edit travels as its own message (header
// Sitrep-Edit) and is applied by ID, else by Ref.
package team

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
)

// Settings read by ConfigFrom.
const (
	EnvURL   = "SITREP_NATS_URL"
	EnvCreds = "SITREP_NATS_CREDS"
	EnvCA    = "SITREP_NATS_CA"
	EnvTeam  = "SITREP_TEAM"
)

// DefaultTeam is the team of a machine that names none.
const DefaultTeam = "default"

// Config is where the team's server is and who this machine is there.
type Config struct {
	URL   string // comma-separated nats:// or tls:// URLs; may carry user:password@
	Creds string // a .creds file (JWT and NKey seed), optional
	CA    string // a PEM file of the private CA that signed the server's certificate, optional
	Team  string // lower-case letters, digits, - and _
}

var teamName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// ConfigFrom reads the configuration through getenv (the environment, then
// the config file). ok is false when SITREP_NATS_URL is unset: single
// machine mode.
func ConfigFrom(getenv func(string) string) (cfg Config, ok bool, err error) {
	cfg = Config{
		URL:   strings.TrimSpace(getenv(EnvURL)),
		Creds: strings.TrimSpace(getenv(EnvCreds)),
		CA:    strings.TrimSpace(getenv(EnvCA)),
		Team:  strings.TrimSpace(getenv(EnvTeam)),
	}
	if cfg.URL == "" {
		return cfg, false, nil
	}
	if cfg.Team == "" {
		cfg.Team = DefaultTeam
	}
	return cfg, true, cfg.Validate()
}

// Validate checks the configuration without touching the network.
func (c Config) Validate() error {
	if !teamName.MatchString(c.Team) {
		return &Error{fmt.Errorf("%s=%q is not a team name", EnvTeam, c.Team),
			"use lower-case letters, digits, - and _ (up to 32), such as payments"}
	}
	for _, raw := range strings.Split(c.URL, ",") {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" || (u.Scheme != "nats" && u.Scheme != "tls") {
			return &Error{fmt.Errorf("%s=%q is not a NATS server URL", EnvURL, redactAll(c.URL)),
				"use nats://HOST:4222 or tls://HOST:4222, comma-separated for a cluster"}
		}
	}
	for _, f := range []struct{ env, path string }{{EnvCreds, c.Creds}, {EnvCA, c.CA}} {
		if f.path == "" {
			continue
		}
		if _, err := os.Stat(f.path); err != nil {
			var what string
			switch {
			case errors.Is(err, os.ErrNotExist):
				what = "no such file"
			case errors.Is(err, os.ErrPermission):
				what = "not readable"
			default:
				what = err.Error()
			}
			return &Error{fmt.Errorf("%s=%s: %s", f.env, f.path, what),
				"point it at the file your team's NATS admin gave you, or unset it"}
		}
	}
	return nil
}

// Stream is the team's stream: SITREP_<TEAM>.
func (c Config) Stream() string {
	return "SITREP_" + strings.ToUpper(strings.ReplaceAll(c.Team, "-", "_"))
}

// Subjects is the filter of every subject of the team: sitrep.<team>.>.
func (c Config) Subjects() string { return "sitrep." + c.Team + ".>" }

// Subject is where one incident's events go: sitrep.<team>.INC-7.
func (c Config) Subject(incident string) string { return "sitrep." + c.Team + "." + incident }

// Bucket is the team's KV bucket of counters.
func (c Config) Bucket() string { return "sitrep_" + strings.ReplaceAll(c.Team, "-", "_") }

// Server is the URL to show: passwords and user names removed.
func (c Config) Server() string { return redactAll(c.URL) }

// redactAll removes user information from each URL of a list, so no
// password reaches a terminal, a log or a file.
func redactAll(list string) string {
	parts := strings.Split(list, ",")
	for i, raw := range parts {
		raw = strings.TrimSpace(raw)
		if u, err := url.Parse(raw); err == nil && u.User != nil {
			u.User = nil
			raw = u.String()
		} else if at := strings.LastIndex(raw, "@"); at >= 0 {
			if scheme := strings.Index(raw, "://"); scheme >= 0 && scheme < at {
				raw = raw[:scheme+3] + raw[at+1:]
			} else {
				raw = raw[at+1:]
			}
		}
		parts[i] = raw
	}
	return strings.Join(parts, ",")
}

// Error is a team-mode failure with what to do about it; it prints on one
// line as "WHAT; HINT".
type Error struct {
	Err  error
	Hint string
}

func (e *Error) Error() string { return e.Err.Error() + "; " + e.Hint }
func (e *Error) Unwrap() error { return e.Err }
