package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/templates"
	"github.com/sitrep-dev/sitrep/timeline"
)

type statsOptions struct {
	f     *Factory
	since string
	json  jsonFlags
}

func newStatsCmd(f *Factory) *cobra.Command {
	o := &statsOptions{f: f}
	cmd := &cobra.Command{
		Use:     "stats",
		Short:   "Durations, pages and out-of-hours pages across incidents",
		GroupID: "review",
		Long: `Summarise incidents so a team can see whether on-call is wearing people
down: incidents by peak severity; time to detect, acknowledge, mitigate and
resolve and impact as median and 90th percentile (not means, which one long
incident distorts); pages per service and per responder, and how many came
outside working hours.

A page is a pager trigger, counted per service in the team's working
hours. Per responder, pages (triggers, assignments and escalations naming
them) and notifications (push, SMS, phone, e-mail) are counted apart, and
"out of hours" counts their notifications outside their own working hours
when a roster gives them (else the team's). Incidents whose milestones are
out of order are named, and their negative spans left out.

Environment (or the config file):
  SITREP_WORK_HOURS  working hours, default 09:00-17:00
  SITREP_WORK_DAYS   working days, default Mon-Fri (also Sun-Thu, Mon,Wed,Fri)
  SITREP_TZ          the zone of those hours, default UTC (e.g. Europe/Berlin)
  SITREP_ROSTER      a file of people's own zones and hours, one a line:
                     NAME ZONE [HOURS [DAYS]], e.g.
                     bob America/New_York 08:00-16:00 Mon-Fri`,
		Example: `  sitrep stats --since 30d
  sitrep stats --since 2026-01-01 --json
  SITREP_TZ=America/New_York SITREP_WORK_HOURS=08:00-18:00 sitrep stats`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().StringVar(&o.since, "since", "", "only incidents opened at or after: "+timeFlagHelp)
	addJSONFlags(cmd, &o.json, "a JSON object")
	return cmd
}

func (o *statsOptions) run(ctx context.Context) error {
	loc, err := loadZone(o.f.Getenv, "")
	if err != nil {
		return err
	}
	wh, err := templates.ParseWorkHours(o.f.Getenv("SITREP_WORK_HOURS"), o.f.Getenv("SITREP_WORK_DAYS"), loc)
	if err != nil {
		return hint(err, "set SITREP_WORK_HOURS like 09:00-17:00 and SITREP_WORK_DAYS like Mon-Fri")
	}
	var roster templates.Roster
	if path := o.f.Getenv("SITREP_ROSTER"); path != "" {
		file, err := os.Open(path)
		if err != nil {
			return hint(err, "SITREP_ROSTER names the roster file: NAME ZONE [HOURS [DAYS]] a line")
		}
		roster, err = templates.ParseRoster(file, wh)
		file.Close()
		if err != nil {
			return hint(fmt.Errorf("%s: %w", timeline.SanitizeLine(path), err), "fix the roster: NAME ZONE [HOURS [DAYS]] a line, e.g. bob America/New_York 08:00-16:00 Mon-Fri")
		}
	}
	var since time.Time
	if o.since != "" {
		if since, err = o.f.parseTimeIn("--since", o.since, loc); err != nil {
			return err
		}
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	hist, err := histories(ctx, s, since, nil)
	if err != nil {
		return err
	}
	st := templates.ComputeStats(hist, since, wh, roster)
	if o.json.on() {
		return o.json.write(ctx, o.f.IO.Out, st)
	}
	out := o.f.IO.Out
	scope := "all time"
	if st.Since != nil {
		scope = "since " + st.Since.In(loc).Format("2006-01-02 15:04 MST")
	}
	noun := "incidents"
	if st.Incidents == 1 {
		noun = "incident"
	}
	fmt.Fprintf(out, "%d %s, %s\n", st.Incidents, noun, scope)
	if st.Incidents == 0 {
		return nil
	}
	var sevs []string
	for _, c := range st.BySeverity {
		sevs = append(sevs, fmt.Sprintf("%s %d", c.Severity, c.Count))
	}
	fmt.Fprintf(out, "by peak severity: %s\n\n", strings.Join(sevs, " · "))
	var rows [][]string
	for _, d := range st.DurationList() {
		rows = append(rows, []string{d.Label, timeline.FormatDuration(time.Duration(d.MedianSeconds) * time.Second),
			timeline.FormatDuration(time.Duration(d.P90Seconds) * time.Second), strconv.Itoa(d.Count), d.Definition})
	}
	if err := printRows(o.f.IO, []string{"duration", "median", "p90", "incidents", "definition"}, rows); err != nil {
		return err
	}
	fmt.Fprintf(out, "\npages: %d, %d outside working hours (%s)\n", st.Pages.Total, st.Pages.OutOfHours, st.WorkHours)
	if len(st.Pages.ByService) > 0 {
		fmt.Fprintln(out)
		rows = rows[:0]
		for _, r := range st.Pages.ByService {
			rows = append(rows, []string{r.Name, strconv.Itoa(r.Pages), strconv.Itoa(r.OutOfHours)})
		}
		if err := printRows(o.f.IO, []string{"service", "pages", "out of hours"}, rows); err != nil {
			return err
		}
	}
	if len(st.Pages.ByResponder) > 0 {
		fmt.Fprintln(out)
		rows = rows[:0]
		for _, r := range st.Pages.ByResponder {
			rows = append(rows, []string{r.Name, strconv.Itoa(r.Pages), strconv.Itoa(r.Notifications), strconv.Itoa(r.OutOfHours), r.Zone})
		}
		if err := printRows(o.f.IO, []string{"responder", "pages", "notifications", "out of their hours", "their zone"}, rows); err != nil {
			return err
		}
	}
	if len(st.OutOfOrder) > 0 {
		fmt.Fprintf(out, "\nmilestones out of order (negative spans left out): %s\n", strings.Join(st.OutOfOrder, ", "))
	}
	return nil
}
