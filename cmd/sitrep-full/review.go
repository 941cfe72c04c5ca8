package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/templates"
	"github.com/sitrep-dev/sitrep/timeline"
)

type reviewOptions struct {
	f        *Factory
	id       string
	template string
	format   string
	output   string
	tz       string
	owner    string
	meeting  string
}

func newReviewCmd(f *Factory) *cobra.Command {
	o := &reviewOptions{f: f}
	cmd := &cobra.Command{
		Use:     "review [ID]",
		Short:   "Draft a blameless review of an incident (Markdown, HTML or JSON)",
		GroupID: "review",
		Long: `Draft a blameless review from an incident's timeline: milestones and
durations with their definitions, severity over time, responders and how
information reached them, the narrative of key events, contributing
factors, open questions, follow-ups, the full timeline as an appendix, and
a "wording to reconsider" section from the blameless-language lint.

Sections that need people's judgement carry a short prompt. The output is
deterministic: the same store gives the same bytes, so reviews can live in
git. Times are UTC unless --tz says otherwise; dates appear whenever the
incident spans days.

Formats: md (default), html (one self-contained printable page, all text
escaped), json (the raw facts; "durations" holds time_to_detect,
time_to_acknowledge, time_to_mitigate, time_to_resolve and impact, each
with integer seconds and the milestones it runs from and to).

Templates: default, sre and pagerduty are built in; "sitrep templates"
lists them and your own from $XDG_CONFIG_HOME/sitrep/templates/NAME.md.tmpl.
--template also takes a file path.

On a terminal the Markdown draft is shown through $PAGER, rendered by
sitrep-render when it is installed beside sitrep or on PATH (go install
github.com/sitrep-dev/sitrep/cmd/...@latest); piped or with -o, it is the
raw Markdown.

Drafting a review does not take the incident off the review queue:
"sitrep queue done ID" does, once the review was held.`,
		Example: `  sitrep review > INC-7-review.md
  sitrep review INC-7 --format html -o INC-7.html
  sitrep review 7 --template sre --tz Europe/Berlin
  sitrep review 7 --template ./our-review.md.tmpl
  sitrep review 7 --format json | jq .durations`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.id = args[0]
			}
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVarP(&o.template, "template", "t", "default", "template NAME (sitrep templates lists them) or FILE")
	cmd.Flags().StringVarP(&o.format, "format", "f", "md", "output format: md, html or json")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write to FILE instead of stdout")
	cmd.Flags().StringVar(&o.owner, "owner", "", "who runs the review, for the front matter (default: the commander)")
	cmd.Flags().StringVar(&o.meeting, "meeting", "", "the review meeting's date, YYYY-MM-DD, for the front matter")
	cmd.Flags().StringVar(&o.tz, "tz", "", `time zone for times shown, e.g. Europe/Berlin or "local" (default UTC, or $SITREP_TZ)`)
	return cmd
}

func (o *reviewOptions) run(ctx context.Context) error {
	format, err := templates.ParseFormat(o.format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	loc, err := loadZone(o.f.Getenv, o.tz)
	if err != nil {
		return err
	}
	if o.meeting != "" {
		if _, err := time.Parse(time.DateOnly, o.meeting); err != nil {
			return usagef("--meeting %q is not a date like 2026-12-15", o.meeting)
		}
	}
	tmpl, err := templates.Find(o.template, templateDir(o.f))
	if err != nil {
		if errors.Is(err, templates.ErrNoTemplate) {
			return hint(err, "`sitrep templates` lists them; --template also takes a file path")
		}
		return hint(err, "fix the template, or pick another with --template")
	}
	s, inc, err := o.f.Incident(ctx, o.id)
	if err != nil {
		return err
	}
	each := func(fn func(*timeline.Event) error) error {
		return s.EachEvent(ctx, inc.ID, incident.Query{}, func(e timeline.Event) error { return fn(&e) })
	}
	facts, err := templates.AssembleFrom(inc, each, templates.Options{Location: loc, Owner: o.owner, Meeting: o.meeting})
	if err != nil {
		return err
	}
	defer facts.Close()
	if tmpl.UsesTimeline() {
		if err := facts.LoadTimeline(); err != nil {
			return err
		}
	}
	render := func(w io.Writer) error { return tmpl.Render(w, facts, format) }
	if o.output == "" && format == templates.Markdown && o.f.IO.OutTTY {
		// On a terminal, the draft is read through a pager.
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return hint(err, "fix the template, or pick another with --template")
		}
		return pageMarkdown(ctx, o.f, buf.Bytes())
	}
	if err := o.write(render); err != nil {
		return err
	}
	if o.output != "" {
		fmt.Fprintf(o.f.IO.ErrOut, "wrote %s (%s, %s template, %d events)\n", timeline.SanitizeLine(o.output), format, timeline.SanitizeLine(tmpl.Name), facts.Entries())
	}
	if n := len(facts.Wording); n > 0 && o.f.IO.ErrTTY {
		fmt.Fprintf(o.f.IO.ErrOut, "%d phrases in the notes may read as blame; see \"Wording to reconsider\"\n", n)
	}
	return nil
}

// write streams the draft to stdout, or to -o through a temporary file
// beside it, renamed into place only when the whole draft was written: a
// failed review leaves no half-written file, and no earlier draft is lost.
func (o *reviewOptions) write(render func(io.Writer) error) error {
	if o.output == "" {
		w := bufio.NewWriterSize(o.f.IO.Out, 64<<10)
		if err := render(w); err != nil {
			return hint(err, "fix the template, or pick another with --template")
		}
		return w.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(o.output), "."+filepath.Base(o.output)+".*")
	if err != nil {
		return hint(err, "check the -o path")
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 64<<10)
	if err := render(w); err != nil {
		tmp.Close()
		return hint(err, "fix the template, or pick another with --template")
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return hint(err, "check the -o path")
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return hint(err, "check the -o path")
	}
	if err := os.Rename(tmp.Name(), o.output); err != nil {
		return hint(err, "check the -o path")
	}
	return nil
}

// loadZone reads --tz, else $SITREP_TZ, else UTC.
func loadZone(getenv func(string) string, flag string) (*time.Location, error) {
	name := flag
	if name == "" {
		name = getenv("SITREP_TZ")
	}
	switch strings.ToLower(name) {
	case "", "utc", "z":
		return time.UTC, nil
	case "local":
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, &usageError{hint(fmt.Errorf("unknown time zone %q", name), `use an IANA name such as Europe/Berlin, "UTC" or "local"`)}
	}
	return loc, nil
}

// histories reads every incident that keep accepts, opened at or after
// since, with its events.
func histories(ctx context.Context, s *incident.Store, since time.Time, keep func(incident.Incident) bool) ([]templates.History, error) {
	all, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []templates.History
	for _, inc := range all {
		if (!since.IsZero() && inc.OpenedAt.Before(since)) || (keep != nil && !keep(inc)) {
			continue
		}
		events, err := s.Events(ctx, inc.ID, incident.Query{})
		if err != nil {
			return nil, err
		}
		out = append(out, templates.History{Incident: inc, Events: events})
	}
	return out, nil
}
