package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations/slack"
	"github.com/sitrep-dev/sitrep/timeline"
)

// `import slack-export`: the Slack integration's offline path, which needs
// no token.

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
	opts.TeamURL, _ = slack.CachedTeamURL(ctx, s) // "" leaves permalinks out
	// Read and store batch by batch, so memory stays bounded whatever the
	// export holds.
	var stored, dups, batches int
	homes := map[string]int{}
	res, err := slack.StreamExport(o.file, opts, slack.ImportBatch, func(b slack.ExportResult) error {
		out, err := s.Write(ctx, incident.Batch{Events: b.Events, Cache: b.Names})
		if err != nil {
			return err
		}
		stored += len(out.Stored)
		dups += out.Duplicates
		if out.Duplicates > 0 {
			var refs []string
			for _, e := range b.Events {
				refs = append(refs, e.Refs()...)
			}
			if h, err := s.RefHomes(ctx, refs); err == nil {
				for k, v := range h {
					homes[k] += v
				}
				homes[id] -= len(out.Stored)
			}
		}
		if batches++; batches > 1 || len(b.Events) == slack.ImportBatch {
			fmt.Fprintf(o.f.IO.ErrOut, "stored %d events so far\n", stored+dups)
		}
		return nil
	})
	if err != nil && stored+dups > 0 {
		return hint(fmt.Errorf("%w (%d events stored before it)", err, stored), "run the same import again: it skips what is stored")
	}
	if errors.Is(err, slack.ErrExportTooLarge) {
		return hint(err, "nothing was stored")
	}
	if err != nil {
		return hint(err, "give the export's zip or folder (it holds users.json and channels.json) and a channel in it")
	}
	present := fmt.Sprintf("%d already present", dups)
	if dups > 0 {
		present = presentIn(homes, id, dups)
	}
	fmt.Fprintf(o.f.IO.ErrOut, "imported %d events from #%s (%s) into %s; %s, %d of %d messages outside the window or empty\n",
		stored, timeline.SanitizeLine(strings.TrimPrefix(o.channel, "#")), timeline.SanitizeLine(res.ChannelID), id, present, res.Skipped, res.Messages)
	return nil
}
