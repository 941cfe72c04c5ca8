package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/slack"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Slack wiring: configuration from the environment, `link slack`,
// `import slack-export`, the sync source, the note poster and the Events
// API route.

const slackEnvHelp = `Slack:
  SLACK_TOKEN           the app's bot token (xoxb-…): scopes channels:history,
                        groups:history, channels:read, groups:read, users:read,
                        chat:write (for note --slack)
  SLACK_API_URL         Web API base (default https://slack.com/api/)
  SLACK_SIGNING_SECRET  the app's signing secret (sitrep serve)
  SLACK_SYNC_MARGIN     how long before the incident's start sync reads (default 30m)`

// slackConfig is the Slack configuration from the environment.
type slackConfig struct {
	token, apiURL, secret string
	margin                time.Duration
}

func (f *Factory) slackConfig() (slackConfig, error) {
	c := slackConfig{
		token:  strings.TrimSpace(f.Getenv("SLACK_TOKEN")),
		apiURL: strings.TrimSpace(f.Getenv("SLACK_API_URL")),
		secret: strings.TrimSpace(f.Getenv("SLACK_SIGNING_SECRET")),
	}
	if v := f.Getenv("SLACK_SYNC_MARGIN"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return c, hint(fmt.Errorf("SLACK_SYNC_MARGIN=%q is not a duration", v), `use a value such as "30m" or "2h"`)
		}
		c.margin = d
	}
	return c, nil
}

var errNoSlackToken = errors.New("SLACK_TOKEN is not set")

// slackClient returns a Web API client. The client itself waits out 429s
// as Retry-After asks (slack-go's RateLimitedError), saying so on stderr;
// the HTTP client is not wrapped in integrations.RetryClient as well, which
// would wait out each limit twice over.
func (f *Factory) slackClient() (*slack.Client, error) {
	cfg, err := f.slackConfig()
	if err != nil {
		return nil, err
	}
	if cfg.token == "" {
		return nil, hint(errNoSlackToken, "create a Slack app (api.slack.com/apps), install it, and export SLACK_TOKEN=xoxb-… (its bot token)")
	}
	notify := func(msg string) { fmt.Fprintln(f.IO.ErrOut, timeline.SanitizeLine(msg)) }
	return slack.NewClient(slack.ClientOptions{Token: cfg.token, APIURL: cfg.apiURL, HTTPClient: f.HTTPClient(), Notify: notify}), nil
}

// slackSource is the sync source for linked Slack channels; without a
// token it still registers, so a linked incident's sync says what to set.
func (f *Factory) slackSource() integrations.Source {
	c, err := f.slackClient()
	if err != nil {
		return unconfiguredSource{name: "slack", err: err}
	}
	s, err := f.Store()
	if err != nil {
		return unconfiguredSource{name: "slack", err: err}
	}
	cfg, _ := f.slackConfig() // already checked by slackClient
	return slack.NewSource(slack.SourceOptions{API: c, Store: s, Margin: cfg.margin, Since: f.SyncSince, Full: f.SyncFull, Now: f.Now})
}

// slackNotePoster is the poster behind `note --slack`.
func (f *Factory) slackNotePoster() (notePoster, error) {
	c, err := f.slackClient()
	if err != nil {
		return nil, err
	}
	s, err := f.Store()
	if err != nil {
		return nil, err
	}
	cached, err := s.Cached(context.Background(), slack.TeamURLKey)
	if err != nil {
		return nil, err
	}
	return &slack.Poster{API: c, TeamURL: cached[slack.TeamURLKey]}, nil
}

// slackReceiver is the Events API route of `sitrep serve`.
func (o *serveOptions) slackReceiver(s *incident.Store) receiver {
	route := integrations.Route{Pattern: "POST /webhooks/slack"}
	cfg, err := o.f.slackConfig()
	if err != nil {
		return receiver{route: route, off: err.Error()}
	}
	if cfg.secret == "" {
		return receiver{route: route, off: "SLACK_SIGNING_SECRET is not set"}
	}
	opts := slack.HandlerOptions{Secret: cfg.secret, Store: s, Now: o.f.Now}
	if c, err := o.f.slackClient(); err == nil {
		opts.API = c // names users and fetches 📌-marked messages; optional
	}
	route.Handler = slack.NewHandler(opts)
	return receiver{route: route}
}

type linkSlackOptions struct {
	f        *Factory
	channel  string
	capture  string
	incident string
	author   string
}

func newLinkSlackCmd(f *Factory) *cobra.Command {
	o := &linkSlackOptions{f: f}
	cmd := &cobra.Command{
		Use:   "slack CHANNEL",
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

` + slackEnvHelp,
		Example: `  sitrep link slack C07QH2JLS5K
  sitrep link slack '#inc-checkout' --capture reaction
  sitrep link slack C07QH2JLS5K --capture reaction:white_check_mark && sitrep sync`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.channel = args[0]
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&o.capture, "capture", "all", "all, reaction[:NAME] or pinned")
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	cmd.Flags().StringVar(&o.author, "author", "", "who links it (default $SITREP_AUTHOR, git user.name, $USER)")
	return cmd
}

func (o *linkSlackOptions) run(ctx context.Context) error {
	capture, err := slack.ParseCapture(o.capture)
	if err != nil {
		return usagef("--capture: %v", err)
	}
	channel := strings.TrimSpace(o.channel)
	name := strings.TrimPrefix(channel, "#")
	if name == "" {
		return usagef("give the channel's ID (C0123ABCD) or #name")
	}
	s, inc, err := o.f.Incident(ctx, o.incident)
	if err != nil {
		return err
	}
	id := inc.ID
	resolved := ""
	if slack.IsChannelID(name) {
		resolved = name
	} else if c, err := o.f.slackClient(); err == nil {
		if resolved, err = c.ChannelID(ctx, name); err != nil {
			return err
		}
	} else if !errors.Is(err, errNoSlackToken) {
		return err
	}
	external := resolved
	if external == "" {
		external = "#" + name // resolved by the first sync
	}
	attrs := map[string]string{timeline.AttrSource: "slack", timeline.AttrExternalID: external, "capture": capture.String()}
	if !slack.IsChannelID(name) {
		attrs["channel_name"] = name
	}
	e := timeline.Event{
		Incident: id, Source: timeline.SourceCLI, Kind: timeline.KindLink, Actor: o.f.Author(o.author),
		Text: fmt.Sprintf("linked slack %s (capture %s)", external, capture), Attrs: attrs,
	}
	if _, err := s.Write(ctx, incident.Batch{Events: []timeline.Event{e}, Cache: map[string]string{slack.CaptureKey(id): capture.String()}}); err != nil {
		return err
	}
	fmt.Fprintf(o.f.IO.ErrOut, "%s is linked to Slack %s, capturing %s; `sitrep sync` pulls its history\n", id, timeline.SanitizeLine(external), capture)
	if resolved == "" {
		fmt.Fprintln(o.f.IO.ErrOut, "SLACK_TOKEN is not set: the channel name is resolved to its ID at the first sync")
	}
	return nil
}

type importSlackExportOptions struct {
	f            *Factory
	file         string
	channel      string
	incident     string
	since, until string
}

func newImportSlackExportCmd(f *Factory) *cobra.Command {
	o := &importSlackExportOptions{f: f}
	cmd := &cobra.Command{
		Use:   "slack-export FILE.zip|DIR --channel NAME",
		Short: "Import a channel from a Slack workspace export, offline",
		Long: `Import one channel's messages from a Slack workspace export (the zip
from Workspace settings → Import/Export Data, or the folder it unpacks to).
No token is needed. Both export shapes are read: the older one without
threads, and the current one with thread replies.

User names come from the export's users.json; joins, topic changes, file
shares and bot messages are kept and labelled. Messages get the same
identity as a live sync's (slack/<channel ID>/<ts>), so importing and
syncing the same channel, or importing twice, stores nothing twice.
--since and --until bound the messages (RFC 3339, HH:MM or "2h ago").`,
		Example: `  sitrep import slack-export ~/Downloads/acme-export.zip --channel inc-checkout
  sitrep import slack-export ./export --channel '#inc-checkout' --incident INC-7 --since 2026-03-02T13:00:00Z`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&o.channel, "channel", "", "the channel's name or ID in the export (required)")
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	cmd.Flags().StringVar(&o.since, "since", "", "only messages at or after this time")
	cmd.Flags().StringVar(&o.until, "until", "", "only messages before this time")
	return cmd
}

func (o *importSlackExportOptions) run(ctx context.Context) error {
	if strings.TrimPrefix(strings.TrimSpace(o.channel), "#") == "" {
		return usagef("--channel NAME is required: the export holds every channel")
	}
	opts := slack.ExportOptions{Channel: o.channel}
	for _, b := range []struct {
		flag, value string
		into        *time.Time
	}{{"--since", o.since, &opts.Since}, {"--until", o.until, &opts.Until}} {
		if b.value == "" {
			continue
		}
		t, err := o.f.parseTime(b.flag, b.value)
		if err != nil {
			return err
		}
		*b.into = t
	}
	s, inc, err := o.f.Incident(ctx, o.incident)
	if err != nil {
		return err
	}
	id := inc.ID
	opts.Incident = id
	if cached, err := s.Cached(ctx, slack.TeamURLKey); err == nil {
		opts.TeamURL = cached[slack.TeamURLKey]
	}
	res, err := slack.ReadExport(o.file, opts)
	if err != nil {
		return hint(err, "give the export's zip or folder (it holds users.json and channels.json) and a channel in it")
	}
	var progress func(done, total int)
	if len(res.Events) > slack.ImportBatch {
		progress = func(done, total int) { fmt.Fprintf(o.f.IO.ErrOut, "stored %d of %d events\n", done, total) }
	}
	stored, dups, err := res.Store(ctx, s, progress)
	if err != nil {
		return hint(fmt.Errorf("%w (%d events stored before it)", err, stored), "run the same import again: it skips what is stored")
	}
	fmt.Fprintf(o.f.IO.ErrOut, "imported %d events from #%s (%s) into %s; %d already present, %d of %d messages outside the window or empty\n",
		stored, timeline.SanitizeLine(strings.TrimPrefix(o.channel, "#")), res.ChannelID, id, dups, res.Skipped, res.Messages)
	return nil
}
