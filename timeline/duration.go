package timeline

import (
	"fmt"
	"strings"
	"time"
)

// DurationName names an incident metric.
type DurationName string

// The incident durations, keyed as review JSON names them.
const (
	TimeToDetect      DurationName = "time_to_detect"
	TimeToAcknowledge DurationName = "time_to_acknowledge"
	TimeToMitigate    DurationName = "time_to_mitigate"
	TimeToResolve     DurationName = "time_to_resolve"
	Impact            DurationName = "impact"
)

// DurationDef defines a duration as the span between two milestones.
type DurationDef struct {
	Name     DurationName
	Label    string // "time to acknowledge"
	From, To Milestone
}

// Definition reads "time to acknowledge = acknowledged − detected".
func (d DurationDef) Definition() string {
	return fmt.Sprintf("%s = %s − %s", d.Label, d.To, d.From)
}

// DurationDefs lists every duration sitrep reports, in display order.
// TTM and TTR count from detection (when responders could act); impact
// counts from when it began to when it ended.
var DurationDefs = []DurationDef{
	{TimeToDetect, "time to detect", Started, Detected},
	{TimeToAcknowledge, "time to acknowledge", Detected, Acknowledged},
	{TimeToMitigate, "time to mitigate", Detected, Mitigated},
	{TimeToResolve, "time to resolve", Detected, Resolved},
	{Impact, "impact", Started, Resolved},
}

// Span is one measured duration.
type Span struct {
	DurationDef
	FromAt, ToAt time.Time
}

// Duration is To − From; negative when the milestones are out of order.
func (s Span) Duration() time.Duration { return s.ToAt.Sub(s.FromAt) }

// Durations measures every duration whose two milestones are present.
func Durations(ms map[Milestone]time.Time) []Span {
	var spans []Span
	for _, d := range DurationDefs {
		from, ok1 := ms[d.From]
		to, ok2 := ms[d.To]
		if ok1 && ok2 {
			spans = append(spans, Span{DurationDef: d, FromAt: from, ToAt: to})
		}
	}
	return spans
}

// FormatDuration prints a duration for people: "42s", "6m", "1h05m",
// "2d03h". Seconds are dropped above an hour; a negative value gets a
// leading minus.
func FormatDuration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	h := (d % (24 * time.Hour)) / time.Hour
	m := (d % time.Hour) / time.Minute
	s := (d % time.Minute) / time.Second
	var b strings.Builder
	b.WriteString(sign)
	switch {
	case days > 0:
		fmt.Fprintf(&b, "%dd%02dh%02dm", days, h, m)
	case h > 0:
		fmt.Fprintf(&b, "%dh%02dm", h, m)
	case m > 0 && s == 0:
		fmt.Fprintf(&b, "%dm", m)
	case m > 0:
		fmt.Fprintf(&b, "%dm%02ds", m, s)
	default:
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}
