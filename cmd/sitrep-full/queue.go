package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/templates"
	"github.com/sitrep-dev/sitrep/timeline"
)

type queueOptions struct {
	f      *Factory
	minSev string
	json   jsonFlags
}

func newQueueCmd(f *Factory) *cobra.Command {
	o := &queueOptions{f: f}
	cmd := &cobra.Command{
		Use:     "queue",
		Short:   "The review queue: resolved incidents awaiting a review meeting",
		GroupID: "review",
		Long: `List resolved incidents whose review was not held yet, as a review
meeting works through them: only those at the severity line or worse
(SEV3 by default; --min-sev or $SITREP_QUEUE_MIN_SEV moves it, and
--min-sev 0 lists every severity), related incidents batched, the rest on
their own, each with how long it has waited, and a plan of sessions: one
batch, or at most two incidents, per session.

A batch shares one thing among all its incidents: a contributing factor
worded alike, or a service. Incidents are never chained into one batch
because each resembles a third.

An incident leaves the queue only when "sitrep queue done ID" says its
review was held; "sitrep queue add ID" puts it back. Drafting a review
does not take it off.`,
		Example: `  sitrep queue
  sitrep queue --min-sev 2 --json
  sitrep queue done INC-7
  sitrep queue add 7`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReviewQueue(cmd.Context(), o.f, o.minSev, &o.json)
		},
	}
	cmd.Flags().StringVar(&o.minSev, "min-sev", "", "the severity line: list this severity or worse (e.g. 2 or SEV2; 0 lists all)")
	addJSONFlags(cmd, &o.json, "a JSON object")
	cmd.AddCommand(newQueueMarkCmd(f, "done", "Record that an incident's review was held: it leaves the queue"),
		newQueueMarkCmd(f, "add", "Put an incident back on the review queue"))
	return cmd
}

func newQueueMarkCmd(f *Factory, verb, short string) *cobra.Command {
	return &cobra.Command{
		Use:   verb + " ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQueueMark(cmd.Context(), f, args[0], verb == "done")
		},
	}
}

func runQueueMark(ctx context.Context, f *Factory, given string, done bool) error {
	s, inc, err := f.Incident(ctx, given)
	if err != nil {
		return err
	}
	var held time.Time // zero: back on the queue
	if done {
		held = f.Now()
	}
	if err := s.SetReviewHeld(ctx, inc.ID, held); err != nil {
		return err
	}
	switch {
	case done:
		fmt.Fprintf(f.IO.ErrOut, "%s: review held; off the queue\n", inc.ID)
	case inc.Open():
		fmt.Fprintf(f.IO.ErrOut, "%s: back on the queue once it is resolved\n", inc.ID)
	default:
		fmt.Fprintf(f.IO.ErrOut, "%s: back on the review queue\n", inc.ID)
	}
	return nil
}

// runReviewQueue prints the review queue (`sitrep queue`, and the older
// `sitrep list --needs-review`).
func runReviewQueue(ctx context.Context, f *Factory, minSev string, out *jsonFlags) error {
	line := templates.DefaultQueueLine
	if minSev == "" {
		minSev = f.Getenv("SITREP_QUEUE_MIN_SEV")
	}
	if strings.TrimSpace(minSev) == "0" {
		line = 0
	} else if minSev != "" {
		var err error
		if line, err = timeline.ParseSeverity(minSev); err != nil {
			return usagef("--min-sev: %v", err)
		}
	}
	s, err := f.Store()
	if err != nil {
		return err
	}
	hist, err := histories(ctx, s, time.Time{}, func(inc incident.Incident) bool { return !inc.Open() })
	if err != nil {
		return err
	}
	held, err := s.ReviewsHeld(ctx)
	if err != nil {
		return err
	}
	reviewed := map[string]bool{}
	for id := range held {
		reviewed[id] = true
	}
	q := templates.BuildQueue(hist, reviewed, line, f.Now())
	if out.on() {
		return out.write(ctx, f.IO.Out, q)
	}
	printQueue(f.IO.Out, q)
	return nil
}

func printQueue(out io.Writer, q templates.Queue) {
	scope := "every severity"
	if q.Line != 0 {
		scope = q.Line.String() + " or worse"
	}
	fmt.Fprintf(out, "Review queue: %d resolved incidents at %s await a review\n", q.Len(), scope)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	row := func(it templates.QueueItem) {
		sev := it.Severity.String()
		if it.Severity == 0 {
			sev = "-"
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\twaited %s\t%s\n", it.ID, sev, it.Status,
			waited(time.Duration(it.WaitingSeconds)*time.Second), timeline.SanitizeLine(it.Title))
	}
	for i, b := range q.Batches {
		fmt.Fprintf(w, "\nBatch %d: %d incidents share %s\n", i+1, len(b.Incidents), timeline.SanitizeLine(b.Shared))
		for _, it := range b.Incidents {
			row(it)
		}
	}
	if len(q.Ungrouped) > 0 {
		fmt.Fprintln(w, "\nNot related to another queued incident")
		for _, it := range q.Ungrouped {
			row(it)
		}
	}
	w.Flush()
	if len(q.Sessions) > 0 {
		fmt.Fprintln(out, "\nSessions (one batch, or at most two incidents, each):")
		for i, s := range q.Sessions {
			what := ""
			if s.Batch > 0 {
				what = fmt.Sprintf(" (batch %d)", s.Batch)
			}
			fmt.Fprintf(out, "  %d. %s%s\n", i+1, strings.Join(s.Incidents, ", "), what)
		}
	}
	if q.BelowLine > 0 {
		fmt.Fprintf(out, "\nBelow the line: %d more resolved incidents under %s or with no severity (--min-sev 0 lists them)\n", q.BelowLine, q.Line)
	}
	if q.Len() > 0 {
		fmt.Fprintln(out, "\n`sitrep queue done ID` takes an incident off once its review was held.")
	}
}

// waited is a wait in days and hours, or hours and minutes under a day.
func waited(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		days := int(d / (24 * time.Hour))
		return fmt.Sprintf("%dd%dh", days, int((d-time.Duration(days)*24*time.Hour)/time.Hour))
	case d >= time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%dm", int(d/time.Minute))
}
