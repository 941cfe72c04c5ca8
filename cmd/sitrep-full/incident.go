package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

type openOptions struct {
	f         *Factory
	title     string
	sev       string
	commander string
	author    string
	links     map[string]*string // integration → `--NAME ARG`
	noUse     bool
}

func newOpenCmd(f *Factory) *cobra.Command {
	o := &openOptions{f: f, links: map[string]*string{}}
	cmd := &cobra.Command{
		Use:     "open TITLE...",
		Short:   "Open a new incident and make it the active one",
		GroupID: "respond",
		Example: `  sitrep open "checkout returns 500s" --sev 2 --commander alice
  sitrep open --pagerduty Q2CKYRLH85UNN4   # title and severity from PagerDuty`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.title = strings.Join(args, " ")
			return o.run(cmd)
		},
	}
	cmd.Flags().StringVar(&o.sev, "sev", "", "severity, 1 (worst) to 5, or SEV1…SEV5")
	cmd.Flags().StringVar(&o.commander, "commander", "", "incident commander (default: you)")
	cmd.Flags().StringVar(&o.author, "author", "", "who is opening it (default $SITREP_AUTHOR, git user.name, $USER)")
	for _, p := range f.Providers {
		if p.Link != nil && p.LinkHelp.OpenUsage != "" {
			o.links[p.Name] = cmd.Flags().String(p.Name, "", p.LinkHelp.OpenUsage)
		}
	}
	cmd.Flags().BoolVar(&o.noUse, "no-use", false, "do not make it the active incident")
	return cmd
}

func (o *openOptions) run(cmd *cobra.Command) error {
	var sev timeline.Severity
	if o.sev != "" {
		var err error
		if sev, err = timeline.ParseSeverity(o.sev); err != nil {
			return usagef("%v", err)
		}
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	actor := o.f.Author(o.author)
	commander := o.commander
	if commander == "" {
		commander = actor
	}
	var events []timeline.Event
	var settings map[string]string
	for _, p := range o.f.Providers {
		arg := o.links[p.Name]
		if arg == nil || *arg == "" {
			continue
		}
		// The incident about to be opened: what the command was given.
		next := incident.Incident{Title: strings.TrimSpace(o.title), Severity: sev}
		l, err := p.Link(cmd.Context(), o.f.env(s), next, *arg, integrations.LinkOptions{Actor: actor})
		if err != nil {
			return providerError(p.Explained(err))
		}
		o.f.say(l.Message)
		if strings.TrimSpace(o.title) == "" {
			o.title = l.Title
		}
		if sev == 0 {
			sev = l.Severity
		}
		events = append(events, l.Events...) // the link, the page, runbook links
		for k, v := range l.Settings {
			if settings == nil {
				settings = map[string]string{}
			}
			settings[k] = v
		}
	}
	if strings.TrimSpace(o.title) == "" {
		return usagef("give the incident a title, or --pagerduty ID to take PagerDuty's")
	}
	inc, err := s.Create(cmd.Context(), incident.NewIncident{
		Title: o.title, Severity: sev, Commander: commander, Actor: actor, Events: events, Settings: settings,
	})
	if err != nil {
		return err
	}
	if !o.noUse {
		if err := s.SetActive(inc.ID); err != nil {
			return err
		}
	}
	fmt.Fprintln(o.f.IO.Out, inc.ID)
	if o.f.IO.ErrTTY && !o.noUse {
		fmt.Fprintf(o.f.IO.ErrOut, "%s is now the active incident; `sitrep note TEXT` adds to it\n", inc.ID)
	}
	return nil
}

type listOptions struct {
	f           *Factory
	all         bool
	json        jsonFlags
	needsReview bool
	minSev      string
}

func newListCmd(f *Factory) *cobra.Command {
	o := &listOptions{f: f}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List open incidents (--all for every one)",
		GroupID: "respond",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return o.run(cmd) },
	}
	cmd.Flags().BoolVarP(&o.all, "all", "a", false, "include resolved and closed incidents")
	addJSONFlags(cmd, &o.json, "a JSON array")
	cmd.Flags().BoolVar(&o.needsReview, "needs-review", false, "the review queue, as `sitrep queue` prints it")
	cmd.Flags().StringVar(&o.minSev, "min-sev", "", "with --needs-review: only this severity or worse (e.g. 2 or SEV2)")
	return cmd
}

func (o *listOptions) run(cmd *cobra.Command) error {
	if o.needsReview || o.minSev != "" {
		return runReviewQueue(cmd.Context(), o.f, o.minSev, &o.json)
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	all, err := s.List(cmd.Context())
	if err != nil {
		return err
	}
	var shown []incident.Incident
	for _, inc := range all {
		if o.all || inc.Open() {
			shown = append(shown, incidentJSON(inc))
		}
	}
	if o.json.on() {
		if shown == nil {
			shown = []incident.Incident{}
		}
		return o.json.write(cmd.Context(), o.f.IO.Out, shown)
	}
	if len(shown) == 0 {
		if len(all) > 0 {
			fmt.Fprintf(o.f.IO.ErrOut, "no open incidents (%d resolved or closed; --all lists them)\n", len(all))
		} else {
			fmt.Fprintln(o.f.IO.ErrOut, "no incidents yet; `sitrep open TITLE` opens one")
		}
		return nil
	}
	active, _ := s.Active()
	now := o.f.Now()
	if o.f.IO.OutTTY {
		rows := make([][]string, len(shown))
		for i, inc := range shown {
			mark, sev := "  ", inc.Severity.String()
			if inc.ID == active {
				mark = "* "
			}
			if sev == "" {
				sev = "-"
			}
			rows[i] = []string{mark + inc.ID, sev, string(inc.Status), timeline.FormatDuration(now.Sub(inc.OpenedAt)), inc.Title}
		}
		return renderTable(o.f.IO, []string{"  ID", "SEV", "STATUS", "OPEN FOR", "TITLE"}, rows)
	}
	for _, inc := range shown {
		sev := inc.Severity.String()
		if sev == "" {
			sev = "-"
		}
		fmt.Fprintf(o.f.IO.Out, "%s\t%s\t%s\t%s\t%s\n", inc.ID, sev, inc.Status,
			inc.OpenedAt.UTC().Format("2006-01-02T15:04:05Z07:00"), timeline.SanitizeLine(inc.Title))
	}
	return nil
}

type showOptions struct {
	f    *Factory
	id   string
	json jsonFlags
	last int
}

func newShowCmd(f *Factory) *cobra.Command {
	o := &showOptions{f: f}
	cmd := &cobra.Command{
		Use:     "show [ID]",
		Short:   "Show an incident: state, roles, milestones, durations, recent events",
		GroupID: "respond",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.id = args[0]
			}
			return o.run(cmd)
		},
	}
	addJSONFlags(cmd, &o.json, "a JSON object")
	cmd.Flags().IntVar(&o.last, "last", 10, "how many recent events to show")
	return cmd
}

func (o *showOptions) run(cmd *cobra.Command) error {
	s, inc, err := o.f.Incident(cmd.Context(), o.id)
	if err != nil {
		return err
	}
	id := inc.ID
	if o.json.on() {
		return o.json.write(cmd.Context(), o.f.IO.Out, incidentJSON(inc))
	}
	var recent []timeline.Event
	if o.last > 0 {
		if recent, err = s.Events(cmd.Context(), id, incident.Query{Last: o.last}); err != nil {
			return err
		}
	}
	printIncident(o.f.IO.Out, inc, recent, o.f.IO.OutTTY, o.f.Now())
	if queued, err := s.PendingPosts(cmd.Context(), id); err == nil && len(queued) > 0 {
		per := map[string]int{}
		var targets []string
		for _, q := range queued {
			if per[q.Target] == 0 {
				targets = append(targets, q.Target)
			}
			per[q.Target]++
		}
		for _, t := range targets {
			them := map[bool]string{true: "it", false: "them"}[per[t] == 1]
			fmt.Fprintf(o.f.IO.ErrOut, "%s waiting to be posted to %s; the next `sitrep sync` posts %s\n", noteCount(per[t]), t, them)
		}
	}
	return nil
}

func newUseCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "use ID",
		Short:   "Make an incident the active one, for commands given no ID",
		GroupID: "respond",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.Store()
			if err != nil {
				return err
			}
			inc, err := s.Get(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := s.SetActive(inc.ID); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "%s is now the active incident: %s\n", inc.ID, timeline.SanitizeLine(inc.Title))
			return nil
		},
	}
}

func sortStrings(s []string) { slices.Sort(s) }
