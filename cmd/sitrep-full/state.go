package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

// changeOptions are shared by the commands that append one state change.
type changeOptions struct {
	f        *Factory
	author   string
	incident string
	at       string
}

func (o *changeOptions) flags(cmd *cobra.Command, withAt bool) {
	cmd.Flags().StringVar(&o.author, "author", "", "who made the change (default $SITREP_AUTHOR, git user.name, $USER)")
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	if withAt {
		cmd.Flags().StringVar(&o.at, "at", "", "when (default now): "+timeFlagHelp)
	}
}

// appendChange stores one change event, shaped by one of timeline's
// constructors, and prints what changed.
func (o *changeOptions) appendChange(ctx context.Context, change timeline.Event) (timeline.Event, error) {
	now := o.f.Now()
	at := now
	if o.at != "" {
		var err error
		if at, err = o.f.parseTime("--at", o.at); err != nil {
			return timeline.Event{}, err
		}
	}
	id, err := o.f.IncidentID(o.incident)
	if err != nil {
		return timeline.Event{}, err
	}
	s, err := o.f.Store()
	if err != nil {
		return timeline.Event{}, err
	}
	change.Incident, change.At, change.Source, change.Actor = id, at.UTC(), timeline.SourceCLI, o.f.Author(o.author)
	if o.at != "" {
		if inc, err := s.Get(ctx, id); err == nil {
			o.f.warnPlacement(inc, change)
		}
	}
	res, err := s.Append(ctx, change)
	if err != nil {
		return timeline.Event{}, err
	}
	e := res.Stored[0]
	if old := e.Attr(timeline.AttrOld); old != "" && old != e.Attr(timeline.AttrNew) {
		fmt.Fprintf(o.f.IO.ErrOut, "%s: %s %s → %s\n", id, e.Kind, timeline.SanitizeLine(old), timeline.SanitizeLine(e.Attr(timeline.AttrNew)))
	} else {
		fmt.Fprintf(o.f.IO.ErrOut, "%s: %s\n", id, timeline.SanitizeLine(timeline.Summary(e)))
	}
	return e, nil
}

// statusFlags adds `--NAME` for every integration that can acknowledge or
// resolve its linked external incident.
func statusFlags(f *Factory, cmd *cobra.Command, usage string) map[string]*bool {
	on := map[string]*bool{}
	for _, p := range f.Providers {
		if p.Status != nil {
			on[p.Name] = cmd.Flags().Bool(p.Name, false, fmt.Sprintf(usage, p.Linkee()))
		}
	}
	return on
}

// externalTargets are the integrations whose flag was given, in list order.
func (o *changeOptions) externalTargets(on map[string]*bool) []integrations.Provider {
	var out []integrations.Provider
	for _, p := range o.f.Providers {
		if v := on[p.Name]; v != nil && *v {
			out = append(out, p)
		}
	}
	return out
}

// setExternalStatus acknowledges or resolves the linked external incident
// of each target, then syncs it back.
func (o *changeOptions) setExternalStatus(ctx context.Context, targets []integrations.Provider, status string) error {
	if len(targets) == 0 {
		return nil
	}
	s, inc, err := o.f.Incident(ctx, o.incident)
	if err != nil {
		return err
	}
	env := o.f.env(s)
	for _, p := range targets {
		if err := p.SetStatus(ctx, env, inc, status); err != nil {
			return err
		}
	}
	return nil
}

// externalStatus is `status STATUS --NAME`: acknowledged acts on the
// external incident only (sitrep has no such status; the ack arrives as a
// pager event), resolved sets the status here and resolves it there too.
func (o *changeOptions) externalStatus(ctx context.Context, targets []integrations.Provider, arg string) error {
	a := strings.ToLower(strings.TrimSpace(arg))
	if len(a) >= 3 && strings.HasPrefix(integrations.StatusAcknowledged, a) {
		return o.setExternalStatus(ctx, targets, integrations.StatusAcknowledged)
	}
	st, err := timeline.ParseStatus(arg)
	if err != nil || st != timeline.StatusResolved {
		return usagef("with --%s, the status is acknowledged or resolved: %s has no %q", targets[0].Name, targets[0].Title, arg)
	}
	if _, err := o.appendChange(ctx, timeline.StatusChange(st)); err != nil {
		return err
	}
	return o.setExternalStatus(ctx, targets, integrations.StatusResolved)
}

func newStatusCmd(f *Factory) *cobra.Command {
	o := &changeOptions{f: f}
	var external map[string]*bool
	cmd := &cobra.Command{
		Use:     "status [STATUS]",
		Short:   "Print or set the status: investigating, identified, monitoring, resolved, closed",
		GroupID: "respond",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if targets := o.externalTargets(external); len(targets) > 0 {
				return o.externalStatus(cmd.Context(), targets, args[0])
			}
			st, err := timeline.ParseStatus(args[0])
			if err != nil {
				return usagef("%v", err)
			}
			_, err = o.appendChange(cmd.Context(), timeline.StatusChange(st))
			return err
		},
	}
	o.flags(cmd, true)
	external = statusFlags(f, cmd, "also act on the linked %s: with acknowledged, acknowledge it; with resolved, resolve it")
	return cmd
}

func newSevCmd(f *Factory) *cobra.Command {
	o := &changeOptions{f: f}
	cmd := &cobra.Command{
		Use:     "sev [N|SEVN]",
		Short:   "Print or set the severity, 1 (worst) to 5",
		GroupID: "respond",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sev, err := timeline.ParseSeverity(args[0])
			if err != nil {
				return usagef("%v", err)
			}
			_, err = o.appendChange(cmd.Context(), timeline.SeverityChange(sev))
			return err
		},
	}
	o.flags(cmd, true)
	return cmd
}

func newRoleCmd(f *Factory) *cobra.Command {
	o := &changeOptions{f: f}
	cmd := &cobra.Command{
		Use:     "role ROLE WHO...",
		Short:   "Give a role (commander, comms, scribe, ops, or any name) to someone",
		GroupID: "respond",
		Example: `  sitrep role commander alice
  sitrep role comms Sam Whitfield
  sitrep role "db expert" carol`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			change, err := timeline.ParseRole(args[0], strings.Join(args[1:], " "))
			if err != nil {
				return usagef("%v", err)
			}
			_, err = o.appendChange(cmd.Context(), change)
			return err
		},
	}
	o.flags(cmd, true)
	return cmd
}

func newMarkCmd(f *Factory) *cobra.Command {
	o := &changeOptions{f: f}
	cmd := &cobra.Command{
		Use:     "mark MILESTONE",
		Short:   "Mark a milestone: started, detected, acknowledged, mitigated, resolved",
		GroupID: "respond",
		Long: `Mark when a milestone was reached. An explicit mark overrides the one
derived from pager events; marking again corrects it.

  started       impact began
  detected      we knew (default: the first page, else when the incident was opened)
  acknowledged  a responder took it (default: the first pager ack)
  mitigated     impact stopped growing, or a workaround is in place
  resolved      impact ended (default: the last resolve)`,
		Example: `  sitrep mark started --at 14:54
  sitrep mark mitigated`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := timeline.ParseMilestone(args[0])
			if err != nil {
				return usagef("%v", err)
			}
			_, err = o.appendChange(cmd.Context(), timeline.MilestoneMark(m))
			return err
		},
	}
	o.flags(cmd, true)
	return cmd
}

func newResolveCmd(f *Factory) *cobra.Command {
	o := &changeOptions{f: f}
	var external map[string]*bool
	cmd := &cobra.Command{
		Use:     "resolve",
		Short:   "Set the status to resolved (impact has ended)",
		GroupID: "respond",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := o.appendChange(cmd.Context(), timeline.StatusChange(timeline.StatusResolved))
			if err == nil {
				err = o.setExternalStatus(cmd.Context(), o.externalTargets(external), integrations.StatusResolved)
			}
			return err
		},
	}
	o.flags(cmd, true)
	external = statusFlags(f, cmd, "also resolve the linked %s")
	return cmd
}

func newCloseCmd(f *Factory) *cobra.Command {
	o := &changeOptions{f: f}
	cmd := &cobra.Command{
		Use:     "close",
		Short:   "Set the status to closed (the response has stood down)",
		GroupID: "respond",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := o.appendChange(cmd.Context(), timeline.StatusChange(timeline.StatusClosed))
			return err
		},
	}
	o.flags(cmd, true)
	return cmd
}
