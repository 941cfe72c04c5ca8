package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/timeline"
)

func newLinkCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "link",
		Short:   "Link the incident to a PagerDuty incident or a Slack channel",
		GroupID: "integrate",
		Long: `Link the incident to an external source. Linked sources are what
` + "`sitrep sync`" + ` pulls from and where ` + "`note --pagerduty`/`--slack`" + ` post.`,
		Args: cobra.NoArgs,
	}
	for _, sub := range []*cobra.Command{
		newLinkPagerDutyCmd(f),
		newLinkSlackCmd(f),
	} {
		cmd.AddCommand(sub)
	}
	return cmd
}

type linkPagerDutyOptions struct {
	f        *Factory
	pdID     string
	incident string
	author   string
}

func newLinkPagerDutyCmd(f *Factory) *cobra.Command {
	o := &linkPagerDutyOptions{f: f}
	cmd := &cobra.Command{
		Use:   "pagerduty ID",
		Short: "Link a PagerDuty incident and pull its details",
		Long: `Link a PagerDuty incident (the ID at the end of its URL) to the active
incident. sitrep pulls the incident: its service and web page, its
created_at as the page that detected it, and links found in it and its
alerts (runbooks, dashboards, the conference bridge). When the incident
has no severity yet, PagerDuty's sets it. Then ` + "`sitrep sync`" + ` pulls its log.

` + pagerDutyEnvHelp,
		Example: `  sitrep link pagerduty Q2CKYRLH85UNN4
  sitrep link pagerduty PT4KHLK --incident INC-7 && sitrep sync`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.pdID = args[0]
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	cmd.Flags().StringVar(&o.author, "author", "", "who links it (default $SITREP_AUTHOR, git user.name, $USER)")
	return cmd
}

func (o *linkPagerDutyOptions) run(ctx context.Context) error {
	s, inc, err := o.f.Incident(ctx, o.incident)
	if err != nil {
		return err
	}
	id := inc.ID
	actor := o.f.Author(o.author)
	l, err := o.f.fetchPagerDuty(ctx, o.pdID, actor)
	if err != nil {
		return err
	}
	events := l.Events
	if inc.Severity == 0 && l.Severity != 0 {
		events = append(events, timeline.Event{
			Source: timeline.SourcePagerDuty, Kind: timeline.KindSeverity, Actor: actor,
			Text:  "severity " + l.Severity.String() + " from PagerDuty",
			Attrs: map[string]string{timeline.AttrNew: l.Severity.String()},
		})
	}
	for i := range events {
		events[i].Incident = id
	}
	if _, err := s.Append(ctx, events...); err != nil {
		return err
	}
	fmt.Fprintf(o.f.IO.ErrOut, "%s is linked to PagerDuty %s; `sitrep sync` pulls its log entries and notes\n", id, l.ID)
	return nil
}
