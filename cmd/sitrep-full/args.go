package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// timeFlagHelp ends the help of every time flag, so they all describe the
// one grammar of timeline.ParseMoment.
const timeFlagHelp = timeline.TimeHelp

// parseTime reads the value of a time flag (--at, --since, --until) by
// timeline's one grammar, relative to now in the local zone, and tells the
// user on stderr how a DST gap or overlap was read.
func (f *Factory) parseTime(flag, value string) (time.Time, error) {
	return f.parseTimeIn(flag, value, time.Local)
}

// parseTimeIn is parseTime with local wall times read in loc.
func (f *Factory) parseTimeIn(flag, value string, loc *time.Location) (time.Time, error) {
	parse := timeline.ParseMoment // an event's time: not in the future
	if flag != "--at" {
		parse = timeline.ParseBound // a window's bound: the future selects nothing
	}
	m, err := parse(value, f.Now().In(loc))
	if errors.Is(err, timeline.ErrTimeRange) {
		return time.Time{}, usagef("%s: %v; give a time from 1970 to 2199 as %s", flag, err, timeline.TimeHelp)
	}
	if err != nil {
		return time.Time{}, usagef("%s: %v", flag, err)
	}
	for _, w := range m.Warnings {
		fmt.Fprintf(f.IO.ErrOut, "sitrep: warning: %s %s\n", flag, timeline.SanitizeLine(w))
	}
	return m.Time, nil
}

// warnPlacement tells the user on stderr when a change given an explicit
// time lands before the incident was opened, or puts its milestones out of
// order. The change is stored as given: the warning is for a typo.
func (f *Factory) warnPlacement(inc incident.Incident, e timeline.Event) {
	when := func(t time.Time) string { return t.In(time.Local).Format("2006-01-02 15:04:05 MST") }
	if e.Kind == timeline.KindMilestone {
		m := timeline.Milestone(e.Attr(timeline.AttrMilestone))
		ms := make(map[timeline.Milestone]time.Time, len(inc.Milestones)+1)
		for k, v := range inc.Milestones {
			ms[k] = v
		}
		ms[m] = e.At
		for _, p := range timeline.CheckOrder(ms) {
			if p.Earlier == m || p.Later == m {
				fmt.Fprintf(f.IO.ErrOut, "sitrep: warning: %s: milestones out of order: %s\n", inc.ID, p)
			}
		}
		return // impact starts, and is detected, before anyone opens an incident
	}
	if !inc.OpenedAt.IsZero() && e.At.Before(inc.OpenedAt) {
		fmt.Fprintf(f.IO.ErrOut, "sitrep: warning: %s: %s is %s before the incident was opened (%s); stored as given\n",
			inc.ID, when(e.At), timeline.FormatDuration(inc.OpenedAt.Sub(e.At)), when(inc.OpenedAt))
	}
}

// incidentArg says how a command takes its incident as an optional first
// argument (`sitrep resolve 7`, like `gh issue close 12`).
type incidentArg struct {
	min, max int  // how many other arguments it takes; max -1: any number
	bare     bool // a bare number ("7") may be the ID when arguments are left over; otherwise only INC-7
	// numbersAreIDs: the command's own arguments are never numbers, so a
	// bare number is always the ID (`sitrep status 7`).
	numbersAreIDs bool
	// beforeDash: the ID is the only argument before "--" (`sitrep run 7
	// -- make deploy`); what follows is the command's.
	beforeDash bool
	// current prints the value a setter would change, when given no
	// other argument (`sitrep status`).
	current func(incident.Incident) string
}

// incidentArgs lists, by command path, the commands acting on one incident
// that take it as an optional first argument as well as -i/--incident.
// Commands whose own first argument is already the ID (show, timeline,
// sync, review, tui) get -i/--incident from the same helper.
var incidentArgs = map[string]incidentArg{
	"note":           {min: 1, max: -1},
	"status":         {min: 1, max: 1, bare: true, numbersAreIDs: true, current: func(inc incident.Incident) string { return string(inc.Status) }},
	"sev":            {min: 1, max: 1, bare: true, current: severityName},
	"role":           {min: 2, max: -1, bare: true},
	"mark":           {min: 1, max: 1, bare: true, numbersAreIDs: true},
	"resolve":        {min: 0, max: 0, bare: true},
	"close":          {min: 0, max: 0, bare: true},
	"action add":     {min: 1, max: -1},
	"action done":    {min: 1, max: 1, bare: true},
	"action list":    {min: 0, max: 0, bare: true},
	"run":            {beforeDash: true},
	"flag":           {min: 1, max: 1, bare: true},
	"link slack":     {min: 1, max: 1, bare: true},
	"link pagerduty": {min: 1, max: 1, bare: true},
}

// idFirstCommands already take [ID] as their first argument.
var idFirstCommands = []string{"show", "timeline", "sync", "review", "tui"}

func severityName(inc incident.Incident) string {
	if s := inc.Severity.String(); s != "" {
		return s
	}
	return "unset"
}

// isIncidentID reports whether s is written as an incident ID, INC-7
// (any case), as opposed to a bare number.
func isIncidentID(s string) bool {
	return len(s) > 4 && strings.EqualFold(s[:4], "inc-") && isDigits(s[4:])
}

// split takes the incident ID off the front of args when it is one.
func (a incidentArg) split(cmd *cobra.Command, args []string) (id string, rest []string) {
	if len(args) == 0 {
		return "", args
	}
	first := args[0]
	if a.beforeDash {
		if cmd.ArgsLenAtDash() == 1 && (isIncidentID(first) || isDigits(first)) {
			return first, args[1:]
		}
		return "", args
	}
	switch {
	case a.numbersAreIDs && isDigits(first):
		return first, args[1:]
	case len(args)-1 < a.min && (a.current == nil || len(args) > 1):
		return "", args
	case isIncidentID(first):
		return first, args[1:]
	case a.bare && isDigits(first) && (a.max < 0 && len(args) > a.min || a.max >= 0 && len(args) > a.max):
		return first, args[1:]
	}
	return "", args
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// addIncidentArgs wires every command of incidentArgs and idFirstCommands
// in the tree under root: one helper, so every command reads [ID] alike.
func addIncidentArgs(f *Factory, root *cobra.Command) {
	walkTree(root, func(c *cobra.Command) {
		path := strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
		if spec, ok := incidentArgs[path]; ok && c.Flags().Lookup("incident") != nil {
			wrapIncidentArg(f, c, spec)
		}
		if slices.Contains(idFirstCommands, path) && c.Flags().Lookup("incident") == nil {
			wrapIncidentFlag(c)
		}
	})
}

func wrapIncidentArg(f *Factory, c *cobra.Command, spec incidentArg) {
	validate, run := c.Args, c.RunE
	name, rest, _ := strings.Cut(c.Use, " ")
	c.Use = strings.TrimSpace(name + " [ID] " + rest)
	c.Args = func(cmd *cobra.Command, args []string) error {
		_, rest := spec.split(cmd, args)
		if len(rest) == 0 && spec.current != nil {
			return nil
		}
		if validate == nil {
			return nil
		}
		return validate(cmd, rest)
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		id, rest := spec.split(cmd, args)
		if id != "" {
			flag := cmd.Flags().Lookup("incident")
			if flag.Changed && !sameIncident(flag.Value.String(), id) {
				return usagef("the incident is given twice: %s and -i %s", id, flag.Value.String())
			}
			if err := flag.Value.Set(id); err != nil {
				return err
			}
		}
		if len(rest) == 0 && spec.current != nil {
			_, inc, err := f.Incident(cmd.Context(), cmd.Flags().Lookup("incident").Value.String())
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, timeline.SanitizeLine(spec.current(inc)))
			return nil
		}
		return run(cmd, rest)
	}
}

// wrapIncidentFlag gives a command whose first argument is the ID the
// -i/--incident flag as well.
func wrapIncidentFlag(c *cobra.Command) {
	var given string
	c.Flags().StringVarP(&given, "incident", "i", "", "incident ID, as the first argument (default $SITREP_INCIDENT, else the active one)")
	run := c.RunE
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if given != "" {
			if len(args) > 0 && !sameIncident(args[0], given) {
				return usagef("the incident is given twice: %s and -i %s", args[0], given)
			}
			if len(args) == 0 {
				args = []string{given}
			}
		}
		return run(cmd, args)
	}
}

func sameIncident(a, b string) bool {
	na, errA := incident.ParseID(a)
	nb, errB := incident.ParseID(b)
	return errA == nil && errB == nil && na == nb
}
