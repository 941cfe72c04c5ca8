package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

type noteOptions struct {
	f        *Factory
	text     string
	at       string
	kind     string
	author   string
	incident string
	post     map[string]*bool // integration → --NAME given
}

func newNoteCmd(f *Factory) *cobra.Command {
	o := &noteOptions{f: f, post: map[string]*bool{}}
	cmd := &cobra.Command{
		Use:     "note TEXT...",
		Short:   `Add a note to the timeline ("-" reads it from stdin)`,
		GroupID: "respond",
		Long: `Add a note to the active incident's timeline.

The note is on disk when the command returns. If another sitrep process
holds the store longer than SITREP_LOCK_TIMEOUT, the note goes to a spool
beside the store instead, and the next sitrep command moves it in.

With --pagerduty or --slack the note is also posted to the linked incident
or channel. When the post fails (the service is down, a token is missing),
the note is still saved: sitrep warns, exits 0, and the next ` + "`sitrep sync`" + `
posts it, once.`,
		Example: `  sitrep note rolled back api-gateway to v412
  sitrep note --at 14:55 "first 500s in the checkout dashboard"
  sitrep note --kind factor "the canary stage was skipped for config-only deploys"
  kubectl get pods | sitrep note -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text := strings.Join(args, " ")
			if text == "-" {
				b, err := io.ReadAll(io.LimitReader(o.f.IO.In, timeline.MaxNoteBytes+1))
				if err != nil {
					return err
				}
				text = string(b)
			}
			if len(text) > timeline.MaxNoteBytes {
				// Never stored cut short: refuse, and store nothing.
				return hint(fmt.Errorf("the note is over the 1 MiB limit, so nothing was stored"),
					"save long output to a file and note its path, or trim it (`| tail -n 200 | sitrep note -`)")
			}
			o.text = strings.TrimRight(text, "\n")
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&o.at, "at", "", "when it happened (default now): "+timeFlagHelp)
	cmd.Flags().StringVar(&o.kind, "kind", "note", "note, factor (a contributing factor), question, or summary (the review's summary)")
	cmd.Flags().StringVar(&o.author, "author", "", "who wrote it (default $SITREP_AUTHOR, git user.name, $USER)")
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	for _, p := range f.Providers {
		if p.Poster != nil {
			o.post[p.Name] = cmd.Flags().Bool(p.Name, false, "also post it to the linked "+p.Linkee())
		}
	}
	return cmd
}

func (o *noteOptions) run(ctx context.Context) error {
	kind := timeline.Kind(o.kind)
	summary := o.kind == "summary" // a note the review's summary quotes
	switch {
	case summary:
		kind = timeline.KindNote
	case kind == timeline.KindNote, kind == timeline.KindFactor, kind == timeline.KindQuestion:
	default:
		return usagef("--kind %q is not note, factor, question or summary", o.kind)
	}
	if strings.TrimSpace(o.text) == "" {
		return usagef("the note is empty; give its text as arguments, or - to read stdin")
	}
	now := o.f.Now()
	at := now
	if o.at != "" {
		var err error
		if at, err = o.f.parseTime("--at", o.at); err != nil {
			return err
		}
	}
	id, err := o.f.IncidentID(o.incident)
	if err != nil {
		return err
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	e := timeline.Event{
		Incident: id, At: at.UTC(), Source: timeline.SourceCLI, Kind: kind,
		Actor: o.f.Author(o.author), Text: o.text,
	}
	if summary {
		e.SetAttr(timeline.AttrNoteKind, "summary")
	}
	if o.at != "" {
		if inc, err := s.Get(ctx, id); err == nil {
			o.f.warnPlacement(inc, e)
		}
	}
	var targets []integrations.Provider
	for _, p := range o.f.Providers {
		if on := o.post[p.Name]; on != nil && *on {
			targets = append(targets, p)
		}
	}
	if len(targets) == 0 {
		return o.store(ctx, s, e)
	}
	inc, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	for _, p := range targets {
		if _, err := p.LinkedID(inc); err != nil {
			return err // nothing stored: link it, then run the same command again
		}
	}
	// Post first, so the note is stored with the Ref each post got and the
	// integrations' syncs recognise it. A post that fails is queued with
	// the note, in the same transaction, and the next sync posts it.
	env := o.f.env(s)
	failed := map[string]string{}
	var names []string
	for _, p := range targets {
		if err := p.PostNote(ctx, env, inc, &e); err != nil {
			failed[p.Name] = err.Error()
			names = append(names, p.Name+": "+err.Error())
		}
	}
	if len(failed) == 0 {
		return o.store(ctx, s, e)
	}
	if _, err := s.AppendPending(ctx, e, failed); errors.Is(err, incident.ErrLocked) {
		// The store is busy: keep the note (spooled), not the queue entry.
		stored, _, err := s.AppendOrSpool(ctx, e)
		if err != nil {
			return err
		}
		o.spooled(stored, s)
		fmt.Fprintf(o.f.IO.ErrOut, "sitrep: warning: note saved, but not posted (%s); the store was busy, so it is not queued either: post it by hand\n",
			timeline.SanitizeLine(strings.Join(names, "; ")))
		return nil
	} else if err != nil {
		return err
	}
	fmt.Fprintf(o.f.IO.ErrOut, "sitrep: warning: note saved, but not posted (%s); queued: the next `sitrep sync` posts it\n",
		timeline.SanitizeLine(strings.Join(names, "; ")))
	return nil
}

// store appends e, or spools it when the store is busy, and says so.
func (o *noteOptions) store(ctx context.Context, s *incident.Store, e timeline.Event) error {
	stored, spooled, err := s.AppendOrSpool(ctx, e)
	if err != nil {
		return err
	}
	if spooled {
		o.spooled(stored, s)
	}
	return nil
}

func (o *noteOptions) spooled(e timeline.Event, s *incident.Store) {
	fmt.Fprintln(o.f.IO.ErrOut, s.SpooledNotice(e))
}
