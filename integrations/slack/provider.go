package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Name is the integration's name: the key of Incident.Links.
const Name = "slack"

// EnvHelp lists Slack's settings, for --help.
const EnvHelp = `Slack:
  SLACK_TOKEN           the app's bot token (xoxb-…): scopes channels:history,
                        groups:history, channels:read, groups:read, users:read,
                        chat:write (for note --slack)
  SLACK_API_URL         Web API base (default https://slack.com/api/)
  SLACK_SIGNING_SECRET  the app's signing secret (sitrep serve)
  SLACK_SYNC_MARGIN     how long before the incident's start sync reads (default 30m)`

// SettingCapture is the per-incident setting holding the capture mode
// (Capture.String); `link slack --capture` writes it.
const SettingCapture = "slack/capture"

// Config is how sitrep reaches Slack, from the settings SLACK_TOKEN,
// SLACK_API_URL, SLACK_SIGNING_SECRET and SLACK_SYNC_MARGIN.
type Config struct {
	Token, APIURL, Secret string
	Margin                time.Duration
}

// ConfigFromEnv reads the configuration through getenv.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Token:  strings.TrimSpace(getenv("SLACK_TOKEN")),
		APIURL: strings.TrimSpace(getenv("SLACK_API_URL")),
		Secret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
	}
	if v := getenv("SLACK_SYNC_MARGIN"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return c, integrations.Hint(fmt.Errorf("SLACK_SYNC_MARGIN=%q is not a duration", v), `use a value such as "30m" or "2h"`)
		}
		c.Margin = d
	}
	return c, nil
}

// ErrNoToken means SLACK_TOKEN is not set.
var ErrNoToken = errors.New("SLACK_TOKEN is not set")

// Provider is Slack as an integration: channel sync, `link slack`,
// `note --slack` and the Events API receiver.
var Provider = integrations.Provider{
	Name:  Name,
	Title: "Slack",
	Help:  EnvHelp,
	Source: func(env integrations.Env, opts integrations.SyncOptions) (integrations.Source, error) {
		cfg, c, err := clientFor(env)
		if err != nil {
			return nil, err
		}
		return NewSource(SourceOptions{API: c, Store: env.Store, Margin: cfg.Margin, Since: opts.Since, Full: opts.Full, Now: env.Now}), nil
	},
	Link: link,
	LinkHelp: integrations.LinkHelp{
		Arg:   "CHANNEL",
		Noun:  "Slack channel",
		Short: "Link a Slack channel (ID or #name) and choose what to capture",
		Long: `Link the incident's Slack channel. ` + "`sitrep sync`" + ` then pulls its history from
the incident's start (less SLACK_SYNC_MARGIN) with thread replies, and
` + "`sitrep serve`" + ` receives its messages live through the Events API.

CHANNEL is an ID (C0123ABCD, from the channel's "About" tab) or #name. A
name is resolved to its ID now when SLACK_TOKEN is set, else at the first
sync; the ID is what is stored, so renaming the channel breaks nothing.

--capture says which messages become timeline events:
  all               every message, joins and topic changes too (the default)
  reaction[:NAME]   only messages someone marked with :NAME: (default 📌
                    :pushpin:); marking an older one later captures it
                    then through ` + "`sitrep serve`" + `, else at ` + "`sitrep sync --full`" + `
  pinned            only messages pinned to the channel
The mode is kept per incident; link again to change it.

` + EnvHelp,
		Example: `  sitrep link slack C07QH2JLS5K
  sitrep link slack '#inc-checkout' --capture reaction
  sitrep link slack C07QH2JLS5K --capture reaction:white_check_mark && sitrep sync`,
		OpenUsage: "link a Slack channel (ID or #name)",
		Flags:     []integrations.Flag{{Name: "capture", Default: CaptureAll, Usage: "all, reaction[:NAME] or pinned"}},
	},
	Poster: func(env integrations.Env) (integrations.NotePoster, error) {
		_, c, err := clientFor(env)
		if err != nil {
			return nil, err
		}
		teamURL, err := CachedTeamURL(context.Background(), env.Store)
		if err != nil {
			return nil, err
		}
		return &Poster{API: c, TeamURL: teamURL}, nil
	},
	Route: func(env integrations.Env, _ integrations.ServeOptions) (integrations.Route, error) {
		route := integrations.Route{Pattern: "POST /webhooks/slack"}
		cfg, err := ConfigFromEnv(env.Getenv)
		if err != nil {
			return route, err
		}
		if cfg.Secret == "" {
			return route, integrations.Hint(errors.New("SLACK_SIGNING_SECRET is not set"),
				"set SLACK_SIGNING_SECRET to your Slack app's signing secret")
		}
		opts := HandlerOptions{Secret: cfg.Secret, Store: env.Store, Now: env.Now}
		if _, c, err := clientFor(env); err == nil {
			opts.API = c // names users and fetches 📌-marked messages; optional
		}
		route.Handler = NewHandler(opts)
		return route, nil
	},
	RouteHelp: "POST /webhooks/slack      Slack Events API (needs SLACK_SIGNING_SECRET)",
	Check: func(ctx context.Context, env integrations.Env) integrations.Checked {
		return integrations.CheckToken(ctx, env, integrations.TokenCheck{
			TokenVar: "SLACK_TOKEN", URLVar: "SLACK_API_URL", DefaultURL: DefaultAPIURL,
			Method: http.MethodPost, Path: "auth.test", // as Slack's clients call every method
			Auth: func(r *http.Request, token string) { r.Header.Set("Authorization", "Bearer "+token) },
			Judge: func(body []byte) (string, bool) {
				var a struct {
					OK    bool   `json:"ok"`
					Error string `json:"error"`
					Team  string `json:"team"`
					User  string `json:"user"`
				}
				if err := json.Unmarshal(body, &a); err != nil || !a.OK {
					return a.Error, false
				}
				return fmt.Sprintf("token valid for %s as %s", a.Team, a.User), true
			},
		})
	},
}

// clientFor returns a Web API client configured from env's settings. The
// client itself waits out 429s as Retry-After asks (slack-go's
// RateLimitedError), saying so; the HTTP client is not wrapped in
// integrations.RetryClient as well, which would wait out each limit twice.
func clientFor(env integrations.Env) (Config, *Client, error) {
	cfg, err := ConfigFromEnv(env.Getenv)
	if err != nil {
		return cfg, nil, err
	}
	if cfg.Token == "" {
		return cfg, nil, integrations.Hint(ErrNoToken, "create a Slack app (api.slack.com/apps), install it, and export SLACK_TOKEN=xoxb-… (its bot token)")
	}
	notify := func(msg string) { env.Say(msg) }
	return cfg, NewClient(ClientOptions{Token: cfg.Token, APIURL: cfg.APIURL, HTTPClient: env.Client(), Notify: notify}), nil
}

// link links a channel, by ID or #name. A name is resolved to its ID when
// SLACK_TOKEN is set, else at the first sync. The capture mode (the
// "capture" flag) is stored as the incident's SettingCapture.
func link(ctx context.Context, env integrations.Env, inc incident.Incident, arg string, opts integrations.LinkOptions) (integrations.Linked, error) {
	capture, err := ParseCapture(opts.Flags["capture"])
	if err != nil {
		return integrations.Linked{}, integrations.Usage(fmt.Errorf("--capture: %w", err))
	}
	name := strings.TrimPrefix(strings.TrimSpace(arg), "#")
	if name == "" {
		return integrations.Linked{}, integrations.Usage(errors.New("give the channel's ID (C0123ABCD) or #name"))
	}
	resolved := ""
	if IsChannelID(name) {
		resolved = name
	} else if _, c, err := clientFor(env); err == nil {
		if resolved, err = c.ChannelID(ctx, name); err != nil {
			return integrations.Linked{}, err
		}
	} else if !errors.Is(err, ErrNoToken) {
		return integrations.Linked{}, err
	}
	external := resolved
	if external == "" {
		external = "#" + name // resolved by the first sync
	}
	attrs := map[string]string{timeline.AttrSource: Name, timeline.AttrExternalID: external, "capture": capture.String()}
	if !IsChannelID(name) {
		attrs["channel_name"] = name
	}
	e := timeline.Event{
		Source: timeline.SourceCLI, Kind: timeline.KindLink, Actor: opts.Actor,
		Text: fmt.Sprintf("linked slack %s (capture %s)", external, capture), Attrs: attrs,
	}
	out := integrations.Linked{Events: []timeline.Event{e}, Settings: map[string]string{SettingCapture: capture.String()}}
	if inc.ID != "" {
		out.Done = fmt.Sprintf("%s is linked to Slack %s, capturing %s; `sitrep sync` pulls its history", inc.ID, timeline.SanitizeLine(external), capture)
	}
	if resolved == "" {
		out.Done = strings.TrimPrefix(out.Done+"\nSLACK_TOKEN is not set: the channel name is resolved to its ID at the first sync", "\n")
	}
	return out, nil
}
