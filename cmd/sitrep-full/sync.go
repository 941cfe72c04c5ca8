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
	"github.com/sitrep-dev/sitrep/timeline"
)

// syncSources builds every integration's sync source with the sync's
// options; the runner syncs those the incident links. A source whose
// configuration is missing still registers, so a linked incident's sync
// says what to set rather than skipping it silently.
func (f *Factory) syncSources(env integrations.Env, opts integrations.SyncOptions) []integrations.Source {
	var out []integrations.Source
	for _, p := range f.Providers {
		if p.Source == nil {
			continue
		}
		src, err := p.Source(env, opts)
		switch {
		case err != nil:
			out = append(out, integrations.Failing(p.Name, err))
		case src != nil:
			out = append(out, src)
		}
	}
	return out
}

type syncOptions struct {
	f        *Factory
	incident string
	watch    string
	since    string
	full     bool
}

func newSyncCmd(f *Factory) *cobra.Command {
	o := &syncOptions{f: f}
	cmd := &cobra.Command{
		Use:     "sync [ID]",
		Short:   "Pull pager and chat activity from every linked source",
		GroupID: "integrate",
		Long: `Pull what happened in every linked source (PagerDuty, Slack) into the
incident's timeline. Each sync starts where the last one stopped, stores
each page as it arrives, and stores nothing twice, so it is safe to run
again at any time, also after an interruption. Rate limits are waited out
as the service asks (Retry-After). Progress of long syncs goes to stderr.

PagerDuty: every log entry (trigger, notify, acknowledge, unacknowledge,
escalate, assign, delegate, snooze, urgency change, resolve, ...) and every
note, with who did it, how (channel) and whom it reached. Pager milestones
follow: detected from the first trigger, acknowledged from the first
acknowledge, resolved from the last resolve.

Slack: the first sync reads the channel from the incident's start (less
SLACK_SYNC_MARGIN) with its threads; later ones ask only for messages newer
than the newest one read, so a quiet channel costs one request (Slack allows
some apps one history request a minute). Edits, deletions, late replies to
older threads and 📌 marks on older messages arrive live through ` + "`sitrep serve`" + `;
without it, --full re-reads the whole window to pick them up, at one request
per 200 messages. --since TIME re-reads the window from TIME the same way.

--watch syncs again every INTERVAL (default 30s) until interrupted.

In team mode (SITREP_NATS_URL set) sync also sends this machine's queued
events to the team and stores what the team's machines stored; with no
incident given or active, it does only that (a machine new to the team).

` + f.providersHelp(),
		Example: `  sitrep sync
  sitrep sync INC-7 --watch
  sitrep sync --full
  sitrep sync --watch=1m`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				// "--watch 1m" parses as --watch plus an argument.
				if _, err := time.ParseDuration(args[0]); err == nil && cmd.Flags().Changed("watch") {
					o.watch = args[0]
				} else {
					o.incident = args[0]
				}
			}
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&o.watch, "watch", "", "sync again every INTERVAL until interrupted (default 30s)")
	cmd.Flags().Lookup("watch").NoOptDefVal = "30s"
	cmd.Flags().StringVar(&o.since, "since", "", "Slack: re-read history from TIME instead of the incident's start less SLACK_SYNC_MARGIN")
	cmd.Flags().BoolVar(&o.full, "full", false, "Slack: re-read the whole window for edits, deletions and late thread replies")
	return cmd
}

func (o *syncOptions) run(ctx context.Context) error {
	var interval time.Duration
	if o.watch != "" {
		var err error
		if interval, err = time.ParseDuration(o.watch); err != nil || interval < time.Second {
			return usagef("--watch %q is not an interval of a second or more; use e.g. 30s or 2m", o.watch)
		}
	}
	opts := integrations.SyncOptions{Full: o.full}
	if o.since != "" {
		t, err := o.f.parseTime("--since", o.since)
		if err != nil {
			return err
		}
		opts.Since = t
	}
	id, err := o.f.IncidentID(o.incident)
	if _, team, _ := o.f.teamConfig(); team && err != nil && o.incident == "" && interval == 0 {
		// A machine new to the team has no incident yet: catch up all.
		s, serr := o.f.Store()
		if serr != nil {
			return serr
		}
		if !o.f.teamSync(ctx, s) {
			return &exitStatusError{code: 1}
		}
		return nil
	}
	if err != nil {
		return err
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	env := o.f.env(s)
	r := &integrations.Runner{Store: s, Sources: o.f.syncSources(env, opts), Progress: o.f.IO.ErrOut, Now: o.f.Now,
		// Notes whose post failed go first, so the syncs that follow
		// recognise them by the Ref each post got.
		Before: func(ctx context.Context, inc incident.Incident) []integrations.Result {
			return integrations.PostQueued(ctx, env, o.f.Providers, inc)
		}}
	if interval > 0 {
		fmt.Fprintf(o.f.IO.ErrOut, "syncing %s every %s; Ctrl-C stops\n", id, interval)
		err := r.Watch(ctx, id, interval, func(res []integrations.Result) { o.report(id, res) })
		return o.f.syncError("", err)
	}
	teamOK := o.f.teamSync(ctx, s)
	res, err := r.Sync(ctx, id)
	if _, team, _ := o.f.teamConfig(); team && errors.Is(err, integrations.ErrNoSources) {
		err = nil // in team mode, the team is a source of its own
	}
	failed := o.report(id, res) // queued posts are reported even when no source is linked
	if err != nil {
		return o.f.syncError("", err)
	}
	if failed > 0 || !teamOK {
		return &exitStatusError{code: 1}
	}
	return nil
}

// report prints one line per source and returns how many failed.
func (o *syncOptions) report(id string, res []integrations.Result) int {
	failed := 0
	now := o.f.Now().Format("15:04:05")
	for _, r := range res {
		if r.Post {
			if r.Err != nil {
				failed++
				msg := errorLine(o.f.syncError(r.Source, r.Err).Error())
				fmt.Fprintf(o.f.IO.ErrOut, "sitrep: %s %s: %s posted from the queue, %s still queued: %s\n", id, r.Source, noteCount(r.Posted), noteCount(r.Queued), timeline.SanitizeLine(msg))
			} else {
				fmt.Fprintf(o.f.IO.ErrOut, "%s %s %s: %s posted from the queue\n", now, id, r.Source, noteCount(r.Posted))
			}
			continue
		}
		if r.Err != nil {
			failed++
			msg := errorLine(o.f.syncError(r.Source, r.Err).Error())
			fmt.Fprintf(o.f.IO.ErrOut, "sitrep: %s %s: %d new events before it failed: %s\n", id, r.Source, r.Stored, timeline.SanitizeLine(msg))
			continue
		}
		fmt.Fprintf(o.f.IO.ErrOut, "%s %s %s: %d new events", now, id, r.Source, r.Stored)
		if r.Updated > 0 {
			fmt.Fprintf(o.f.IO.ErrOut, ", %d edited", r.Updated)
		}
		if r.Duplicates > 0 {
			fmt.Fprintf(o.f.IO.ErrOut, " (%d already stored)", r.Duplicates)
		}
		fmt.Fprintln(o.f.IO.ErrOut)
	}
	return failed
}

// syncError adds what to do to a sync's error; source names the
// integration whose sync failed, or "" for the sync as a whole.
func (f *Factory) syncError(source string, err error) error {
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return nil
	case errors.Is(err, integrations.ErrNoSources):
		var ways []string
		for _, p := range f.Providers {
			if p.Link != nil {
				ways = append(ways, "`sitrep link "+p.Name+" "+p.LinkHelp.Arg+"`")
			}
		}
		if len(ways) == 0 {
			return err
		}
		return hint(err, "link one with "+strings.Join(ways, " or "))
	case incident.IsNotFound(err):
		return err
	}
	p, _ := f.provider(source)
	return p.Explained(err)
}
