package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// notePoster posts a note to a linked external source (PagerDuty, Slack)
// so responders on other machines see it. It returns the Ref the source's
// sync will give the same note, so the next sync does not store it twice,
// and attributes to keep (a permalink, say).
type notePoster interface {
	PostNote(ctx context.Context, inc incident.Incident, e timeline.Event) (ref string, attrs map[string]string, err error)
}

type noteOptions struct {
	f         *Factory
	text      string
	at        string
	kind      string
	author    string
	incident  string
	pagerduty bool
	slack     bool
}

func newNoteCmd(f *Factory) *cobra.Command {
	o := &noteOptions{f: f}
	cmd := &cobra.Command{
		Use:     "note TEXT...",
		Short:   `Add a note to the timeline ("-" reads it from stdin)`,
		GroupID: "respond",
		Long: `Add a note to the active incident's timeline.

The note is on disk when the command returns. If another sitrep process
holds the store longer than SITREP_LOCK_TIMEOUT, the note goes to a spool
beside the store instead, and the next sitrep command moves it in.`,
		Example: `  sitrep note rolled back api-gateway to v412
  sitrep note --at 14:55 "first 500s in the checkout dashboard"
  sitrep note --kind factor "the canary stage was skipped for config-only deploys"
  kubectl get pods | sitrep note -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text := strings.Join(args, " ")
			if text == "-" {
				b, err := io.ReadAll(io.LimitReader(o.f.IO.In, 1<<20))
				if err != nil {
					return err
				}
				text = string(b)
			}
			o.text = strings.TrimRight(text, "\n")
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&o.at, "at", "", "when it happened (default now): "+timeFlagHelp)
	cmd.Flags().StringVar(&o.kind, "kind", "note", "note, factor (a contributing factor) or question")
	cmd.Flags().StringVar(&o.author, "author", "", "who wrote it (default $SITREP_AUTHOR, git user.name, $USER)")
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	cmd.Flags().BoolVar(&o.pagerduty, "pagerduty", false, "also post it to the linked PagerDuty incident")
	cmd.Flags().BoolVar(&o.slack, "slack", false, "also post it to the linked Slack channel")
	return cmd
}

func (o *noteOptions) run(ctx context.Context) error {
	kind := timeline.Kind(o.kind)
	switch kind {
	case timeline.KindNote, timeline.KindFactor, timeline.KindQuestion:
	default:
		return usagef("--kind %q is not note, factor or question", o.kind)
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
	if o.at != "" {
		if inc, err := s.Get(ctx, id); err == nil {
			o.f.warnPlacement(inc, e)
		}
	}
	var postErrs []string
	if o.pagerduty || o.slack {
		inc, err := s.Get(ctx, id)
		if err != nil {
			return err
		}
		for _, target := range []struct {
			name string
			on   bool
		}{{"pagerduty", o.pagerduty}, {"slack", o.slack}} {
			if !target.on {
				continue
			}
			if err := o.post(ctx, target.name, inc, &e); err != nil {
				postErrs = append(postErrs, err.Error())
			}
		}
	}
	stored, spooled, err := s.AppendOrSpool(ctx, e)
	if err != nil {
		return err
	}
	if spooled {
		fmt.Fprintf(o.f.IO.ErrOut, "the store is busy: note %s spooled to %s.spool; the next sitrep command moves it in\n", stored.ID, s.Path())
	}
	if len(postErrs) > 0 {
		return hint(fmt.Errorf("note saved locally, but not posted: %s", strings.Join(postErrs, "; ")),
			"check the token and the link (`sitrep show`), then post it by hand")
	}
	return nil
}

// post sends the note to one source and records the source's Ref on it.
// A second source's Ref is kept as an alias ref, which dedups the same way.
func (o *noteOptions) post(ctx context.Context, name string, inc incident.Incident, e *timeline.Event) error {
	newPoster := o.f.NotePosters[name]
	if newPoster == nil {
		return fmt.Errorf("posting to %s is not available", name)
	}
	if inc.Links[name] == "" {
		return fmt.Errorf("%s has no %s link (`sitrep link %s ...`)", inc.ID, name, name)
	}
	poster, err := newPoster()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	ref, attrs, err := poster.PostNote(ctx, inc, *e)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if e.Ref == "" {
		e.Ref = ref
	} else if ref != "" {
		e.SetAttr(timeline.AttrAliasRefs, strings.TrimSpace(e.Attr(timeline.AttrAliasRefs)+" "+ref))
	}
	for k, v := range attrs {
		e.SetAttr(k, v)
	}
	return nil
}
