package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

type flagOptions struct {
	f        *Factory
	event    string
	incident string
	key      bool
	hide     bool
	clear    bool
	summary  bool
	author   string
}

func newFlagCmd(f *Factory) *cobra.Command {
	o := &flagOptions{f: f}
	cmd := &cobra.Command{
		Use:     "flag EVENT [--key | --hide | --summary | --clear]",
		Short:   "Mark an event key for the review, hide it, or make it the summary",
		GroupID: "review",
		Long: `Mark an event as key (the review's narrative carries it), hide it from
the review (noise, a mistaken paste), make its text the review's Summary,
or clear every mark.

The Summary stays a prompt until someone writes one: "note --kind summary
TEXT" or "flag EVENT --summary", whichever came later. Flagging another
event as the summary replaces the earlier one.

EVENT is an event ID as "sitrep timeline --json" prints it, or its last
characters when they name one event of the incident. The default is --key.`,
		Example: `  sitrep timeline --json | jq -r 'select(.kind=="note") | .id + " " + .text'
  sitrep flag 01JD3K2M7Q8W9X0Y1Z2A3B4C5D
  sitrep flag B4C5D --hide
  sitrep flag B4C5D --summary
  sitrep flag B4C5D --clear -i 7`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.event = args[0]
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().BoolVar(&o.key, "key", false, "mark the event as key for the review (the default)")
	cmd.Flags().BoolVar(&o.hide, "hide", false, "hide the event from the review")
	cmd.Flags().BoolVar(&o.summary, "summary", false, "make the event's text the review's summary")
	cmd.Flags().BoolVar(&o.clear, "clear", false, "remove every mark (key, hidden, summary)")
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "the incident whose events a short EVENT is matched against (default: the active one)")
	cmd.Flags().StringVar(&o.author, "author", "", "who flags it (default $SITREP_AUTHOR, git user.name, $USER)")
	return cmd
}

func (o *flagOptions) run(ctx context.Context) error {
	if n := btoi(o.key) + btoi(o.hide) + btoi(o.clear) + btoi(o.summary); n > 1 {
		return usagef("--key, --hide, --summary and --clear: give one of them")
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	target, err := s.Event(ctx, o.event)
	if errors.Is(err, incident.ErrNoEvent) {
		target, err = o.bySuffix(ctx)
	}
	if err != nil {
		return err
	}
	if target.Kind == timeline.KindFlag {
		return hint(fmt.Errorf("event %s is itself a flag", target.ID), "flag the event it marks instead")
	}
	inc, err := s.Get(ctx, target.Incident)
	if err != nil {
		return err
	}
	type mark struct{ target, flag string }
	var marks []mark
	switch {
	case o.hide:
		marks = []mark{{target.ID, timeline.FlagHide}}
	case o.summary:
		// One summary at a time: the earlier one is taken back.
		if prev := inc.SummaryEvent; prev != "" && prev != target.ID {
			marks = append(marks, mark{prev, timeline.FlagUnsummary})
		}
		marks = append(marks, mark{target.ID, timeline.FlagSummary})
	case o.clear:
		if inc.IsKey(target.ID) {
			marks = append(marks, mark{target.ID, timeline.FlagUnkey})
		}
		if inc.IsHidden(target.ID) {
			marks = append(marks, mark{target.ID, timeline.FlagUnhide})
		}
		if inc.SummaryEvent == target.ID {
			marks = append(marks, mark{target.ID, timeline.FlagUnsummary})
		}
	default:
		marks = []mark{{target.ID, timeline.FlagKey}}
	}
	author := o.f.Author(o.author)
	var events []timeline.Event
	for _, m := range marks {
		e := timeline.FlagMark(m.target, m.flag)
		e.Incident, e.At, e.Source, e.Actor = inc.ID, o.f.Now().UTC(), timeline.SourceCLI, author
		events = append(events, e)
	}
	if len(events) > 0 {
		if _, err := s.Append(ctx, events...); err != nil {
			return err
		}
	}
	what := map[bool]string{true: "key for the review", false: "no longer key, hidden or the summary"}[!o.clear]
	switch {
	case o.hide:
		what = "hidden from the review"
	case o.summary:
		what = "the review's summary"
	}
	fmt.Fprintf(o.f.IO.ErrOut, "%s %s: %s\n", inc.ID, target.ID, what)
	return nil
}

// bySuffix finds the one event of the incident whose ID ends in o.event.
func (o *flagOptions) bySuffix(ctx context.Context) (timeline.Event, error) {
	notFound := hint(fmt.Errorf("no event %q", o.event), "`sitrep timeline --json` prints event IDs")
	if len(o.event) < 4 {
		return timeline.Event{}, notFound
	}
	s, inc, err := o.f.Incident(ctx, o.incident)
	if err != nil {
		return timeline.Event{}, err
	}
	events, err := s.Events(ctx, inc.ID, incident.Query{})
	if err != nil {
		return timeline.Event{}, err
	}
	var found []timeline.Event
	for _, e := range events {
		if strings.HasSuffix(strings.ToLower(e.ID), strings.ToLower(o.event)) {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		return timeline.Event{}, notFound
	case 1:
		return found[0], nil
	}
	return timeline.Event{}, hint(fmt.Errorf("%d events of %s end in %q", len(found), inc.ID, o.event), "give more of the ID")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
