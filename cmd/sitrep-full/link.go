package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
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
	for _, p := range f.Providers {
		if p.Link != nil {
			cmd.AddCommand(newLinkProviderCmd(f, p))
		}
	}
	return cmd
}

type linkOptions struct {
	f        *Factory
	p        integrations.Provider
	arg      string
	incident string
	author   string
	flags    map[string]*string
}

// newLinkProviderCmd is `link NAME ARG` for one integration.
func newLinkProviderCmd(f *Factory, p integrations.Provider) *cobra.Command {
	o := &linkOptions{f: f, p: p, flags: map[string]*string{}}
	h := p.LinkHelp
	cmd := &cobra.Command{
		Use:     p.Name + " " + h.Arg,
		Short:   h.Short,
		Long:    h.Long,
		Example: h.Example,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.arg = args[0]
			return o.run(cmd.Context())
		},
	}
	for _, fl := range h.Flags {
		o.flags[fl.Name] = cmd.Flags().String(fl.Name, fl.Default, fl.Usage)
	}
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	cmd.Flags().StringVar(&o.author, "author", "", "who links it (default $SITREP_AUTHOR, git user.name, $USER)")
	return cmd
}

func (o *linkOptions) run(ctx context.Context) error {
	flags := map[string]string{}
	for name, v := range o.flags {
		flags[name] = *v
	}
	s, inc, err := o.f.Incident(ctx, o.incident)
	if err != nil {
		return err
	}
	l, err := o.p.Link(ctx, o.f.env(s), inc, o.arg, integrations.LinkOptions{Actor: o.f.Author(o.author), Flags: flags})
	if err != nil {
		return providerError(o.p.Explained(err))
	}
	o.f.say(l.Message)
	b := incident.Batch{Events: l.Events}
	for i := range b.Events {
		b.Events[i].Incident = inc.ID
	}
	for name, v := range l.Settings {
		b.Settings = append(b.Settings, incident.Setting{Incident: inc.ID, Name: name, Value: v})
	}
	if _, err := s.Write(ctx, b); err != nil {
		return err
	}
	o.f.say(l.Done)
	return nil
}

// say prints lines an integration composed (already sanitised) on stderr.
func (f *Factory) say(lines string) {
	if lines = strings.TrimSpace(lines); lines != "" {
		fmt.Fprintln(f.IO.ErrOut, lines)
	}
}
