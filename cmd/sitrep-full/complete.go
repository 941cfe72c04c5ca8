package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/templates"
	"github.com/sitrep-dev/sitrep/timeline"
)

type completer func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// addCompletions registers dynamic shell completion (`sitrep completion
// bash|zsh|fish`): incident IDs, and each command's own values.
func addCompletions(f *Factory, root *cobra.Command) {
	fixed := func(values ...string) completer {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		}
	}
	var statuses, sevs, milestones []string
	for _, s := range timeline.Statuses {
		statuses = append(statuses, string(s))
	}
	for i := 1; i <= 5; i++ {
		sevs = append(sevs, fmt.Sprintf("SEV%d", i))
	}
	for _, m := range timeline.Milestones {
		milestones = append(milestones, string(m))
	}
	// first completes the command's own first value, after an optional ID.
	first := func(values []string) completer {
		return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			switch {
			case len(args) == 0:
				return append(slices.Clip(values), f.incidentIDs(cmd)...), cobra.ShellCompDirectiveNoFileComp
			case len(args) == 1 && (isIncidentID(args[0]) || isDigits(args[0])):
				return values, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
	}
	onlyID := func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f.incidentIDs(cmd), cobra.ShellCompDirectiveNoFileComp
	}
	args := map[string]completer{
		"status": first(statuses), "sev": first(sevs), "mark": first(milestones), "role": first(timeline.Roles),
		"show": onlyID, "timeline": onlyID, "sync": onlyID, "review": onlyID, "tui": onlyID, "use": onlyID,
		"resolve": onlyID, "close": onlyID, "action list": onlyID,
	}
	for _, p := range f.Providers {
		if p.Link != nil {
			args["link "+p.Name] = func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
				return f.linkedTo(cmd, p.Name), cobra.ShellCompDirectiveNoFileComp
			}
		}
	}
	flags := map[string]completer{
		"incident": func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
			return f.incidentIDs(cmd), cobra.ShellCompDirectiveNoFileComp
		},
		"kind":   fixed(string(timeline.KindNote), string(timeline.KindFactor), string(timeline.KindQuestion), "summary"),
		"format": fixed("md", "html", "json"),
		"sev":    fixed(sevs...),
		"channel": func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
			return f.linkedTo(cmd, "slack"), cobra.ShellCompDirectiveNoFileComp
		},
	}
	walkTree(root, func(c *cobra.Command) {
		path := strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
		if fn, ok := args[path]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = fn
		}
		for name, fn := range flags {
			if c.Flags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		if path == "review" && c.Flags().Lookup("template") != nil {
			_ = c.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return f.templateNames(), cobra.ShellCompDirectiveDefault // or a FILE
			})
		}
	})
}

// incidentIDs are the completions for an incident: open ones first, each
// with its title as the description.
func (f *Factory) incidentIDs(cmd *cobra.Command) []string {
	s, err := f.Store()
	if err != nil {
		return nil
	}
	all, err := s.List(cmd.Context())
	if err != nil {
		return nil
	}
	var open, done []string
	for _, inc := range all {
		c := inc.ID + "\t" + timeline.SanitizeLine(inc.Title)
		if inc.Open() {
			open = append(open, c)
		} else {
			done = append(done, c)
		}
	}
	return append(open, done...)
}

// linkedTo lists what incidents are linked to in the integration called
// name: Slack channels, PagerDuty incidents.
func (f *Factory) linkedTo(cmd *cobra.Command, name string) []string {
	s, err := f.Store()
	if err != nil {
		return nil
	}
	all, err := s.List(cmd.Context())
	if err != nil {
		return nil
	}
	var out []string
	for _, inc := range all {
		if ch := inc.Links[name]; ch != "" && !slices.Contains(out, timeline.SanitizeLine(ch)) {
			out = append(out, timeline.SanitizeLine(ch))
		}
	}
	slices.Sort(out)
	return out
}

func (f *Factory) templateNames() []string {
	all, err := templates.List(templateDir(f))
	if err != nil {
		return nil
	}
	var names []string
	for _, t := range all {
		names = append(names, t.Name+"\t"+timeline.SanitizeLine(t.Description))
	}
	return names
}
