package main

import (
	"fmt"
	"time"

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
