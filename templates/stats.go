package templates

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// History is one incident with its events, the input of Stats and
// ReviewQueue.
type History struct {
	Incident incident.Incident
	Events   []timeline.Event
}

// WorkHours says when a page lands in working hours.
type WorkHours struct {
	Start, End time.Duration // since local midnight; End after Start
	Days       [7]bool       // by time.Weekday
	Location   *time.Location
}

// DefaultWorkHours are 09:00–17:00, Monday to Friday, in loc.
func DefaultWorkHours(loc *time.Location) WorkHours {
	w := WorkHours{Start: 9 * time.Hour, End: 17 * time.Hour, Location: loc}
	for d := time.Monday; d <= time.Friday; d++ {
		w.Days[d] = true
	}
	return w
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseWorkHours reads hours as "09:00-17:00" and days as "Mon-Fri" or
// "Mon,Tue,Thu" (either may be empty for the default).
func ParseWorkHours(hours, days string, loc *time.Location) (WorkHours, error) {
	w := DefaultWorkHours(loc)
	if strings.TrimSpace(hours) != "" {
		from, to, ok := strings.Cut(hours, "-")
		start, err1 := clockOffset(from)
		end, err2 := clockOffset(to)
		if !ok || err1 != nil || err2 != nil || end <= start {
			return w, fmt.Errorf("working hours %q are not HH:MM-HH:MM with the end after the start", hours)
		}
		w.Start, w.End = start, end
	}
	if strings.TrimSpace(days) != "" {
		w.Days = [7]bool{}
		for _, part := range strings.Split(days, ",") {
			from, to, isRange := strings.Cut(strings.TrimSpace(part), "-")
			a, ok1 := weekdays[strings.ToLower(shortDay(from))]
			b, ok2 := a, true
			if isRange {
				b, ok2 = weekdays[strings.ToLower(shortDay(to))]
			}
			if !ok1 || !ok2 {
				return w, fmt.Errorf("working days %q are not like Mon-Fri or Mon,Wed,Fri", days)
			}
			for d := a; ; d = (d + 1) % 7 {
				w.Days[d] = true
				if d == b {
					break
				}
			}
		}
	}
	return w, nil
}

func shortDay(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 3 {
		s = s[:3]
	}
	return s
}

func clockOffset(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		if strings.TrimSpace(s) == "24:00" {
			return 24 * time.Hour, nil
		}
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// InHours reports whether t falls in working hours.
func (w WorkHours) InHours(t time.Time) bool {
	loc := w.Location
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	if !w.Days[t.Weekday()] {
		return false
	}
	y, m, d := t.Date()
	since := t.Sub(time.Date(y, m, d, 0, 0, 0, 0, loc))
	return since >= w.Start && since < w.End
}

func (w WorkHours) String() string {
	var days []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		if w.Days[d] {
			days = append(days, d.String()[:3])
		}
	}
	loc := "UTC"
	if w.Location != nil {
		loc = w.Location.String()
	}
	clock := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
	return fmt.Sprintf("%s-%s %s %s", clock(w.Start), clock(w.End), strings.Join(days, ","), loc)
}

// Stats summarise incidents: how many at each severity, how long they
// took (median and 90th percentile, which a single long incident cannot
// drag the way it drags a mean), and how often people were paged, in and
// out of working hours.
type Stats struct {
	Since      *time.Time                                `json:"since,omitempty"`
	WorkHours  string                                    `json:"work_hours"`
	Incidents  int                                       `json:"incidents"`
	BySeverity []SeverityCount                           `json:"by_severity"`
	Durations  map[timeline.DurationName]DurationSummary `json:"durations"`
	Pages      PageStats                                 `json:"pages"`
	// OutOfOrder lists incidents whose milestones are out of order; their
	// negative spans are left out of the durations.
	OutOfOrder []string `json:"out_of_order"`
}

// SeverityCount is how many incidents peaked at a severity.
type SeverityCount struct {
	Severity string `json:"severity"` // "SEV1", or "unset"
	Count    int    `json:"count"`
}

// DurationSummary describes one duration across incidents.
type DurationSummary struct {
	Label         string `json:"label"`
	Definition    string `json:"definition"`
	Count         int    `json:"count"` // incidents where it could be measured
	MedianSeconds int64  `json:"median_seconds"`
	P90Seconds    int64  `json:"p90_seconds"`
}

// PageStats count pages.
type PageStats struct {
	Total       int             `json:"total"`
	OutOfHours  int             `json:"out_of_hours"`
	ByService   []PageCount     `json:"by_service"`
	ByResponder []ResponderLoad `json:"by_responder"`
}

// ResponderLoad is what the pager did to one person: the pages naming
// them, the notifications it sent them, and how many of those came
// outside their own working hours.
type ResponderLoad struct {
	Name          string `json:"name"`
	Zone          string `json:"zone"`          // where their working hours are judged: the roster's, else the team's
	Pages         int    `json:"pages"`         // triggers, assignments and escalations naming them
	Notifications int    `json:"notifications"` // push, SMS, phone and e-mail notifications to them
	// OutOfHours counts their notifications outside their working hours;
	// for incidents whose pager recorded no notifications, their pages.
	OutOfHours int `json:"out_of_hours"`
}

// Roster holds people's own working hours, by name.
type Roster map[string]WorkHours

// ParseRoster reads a roster: one person a line, "NAME ZONE [HOURS
// [DAYS]]" separated by spaces ("bob America/New_York 08:00-16:00
// Mon-Fri"); hours and days default to team's. Blank lines and lines
// starting with # are skipped.
func ParseRoster(r io.Reader, team WorkHours) (Roster, error) {
	roster := Roster{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) < 2 || len(fields) > 4 {
			return nil, fmt.Errorf("roster line %d: want NAME ZONE [HOURS [DAYS]], got %q", n, sc.Text())
		}
		loc, err := time.LoadLocation(fields[1])
		if err != nil {
			return nil, fmt.Errorf("roster line %d: unknown time zone %q", n, fields[1])
		}
		wh := team
		wh.Location = loc
		if len(fields) > 2 {
			days := ""
			if len(fields) > 3 {
				days = fields[3]
			}
			own, err := ParseWorkHours(fields[2], days, loc)
			if err != nil {
				return nil, fmt.Errorf("roster line %d: %w", n, err)
			}
			if days == "" {
				own.Days = team.Days
			}
			wh = own
		}
		roster[fields[0]] = wh
	}
	return roster, sc.Err()
}

// hours returns someone's working hours: the roster's, else the team's.
func (r Roster) hours(name string, team WorkHours) WorkHours {
	if wh, ok := r[name]; ok {
		return wh
	}
	return team
}

// PageCount is the pages of one service or one responder.
type PageCount struct {
	Name       string `json:"name"`
	Pages      int    `json:"pages"`
	OutOfHours int    `json:"out_of_hours"`
}

// ComputeStats summarises the incidents opened at or after since (zero:
// all). A page is a pager trigger, counted per service (its service
// attribute, else "unknown"), in the team's working hours wh. Per
// responder, pages (triggers, assignments and escalations naming them)
// and notifications are counted apart, and out of hours is judged in
// their own working hours when the roster has them.
func ComputeStats(hist []History, since time.Time, wh WorkHours, roster Roster) Stats {
	st := Stats{WorkHours: wh.String(), Durations: map[timeline.DurationName]DurationSummary{}, OutOfOrder: []string{}}
	if !since.IsZero() {
		s := since.UTC()
		st.Since = &s
	}
	sevs := map[timeline.Severity]int{}
	spans := map[timeline.DurationName][]time.Duration{}
	services := map[string]*PageCount{}
	responders := map[string]*ResponderLoad{}
	load := func(name string) (*ResponderLoad, WorkHours) {
		own := roster.hours(name, wh)
		r := responders[name]
		if r == nil {
			zone := "UTC"
			if own.Location != nil {
				zone = own.Location.String()
			}
			r = &ResponderLoad{Name: name, Zone: zone}
			responders[name] = r
		}
		return r, own
	}
	count := func(m map[string]*PageCount, name string, in bool) {
		c := m[name]
		if c == nil {
			c = &PageCount{Name: name}
			m[name] = c
		}
		c.Pages++
		if !in {
			c.OutOfHours++
		}
	}
	for _, h := range hist {
		inc := h.Incident
		if !since.IsZero() && inc.OpenedAt.Before(since) {
			continue
		}
		st.Incidents++
		sev := inc.PeakSeverity
		if sev == 0 {
			sev = inc.Severity
		}
		sevs[sev]++
		if len(timeline.CheckOrder(inc.Milestones)) > 0 {
			st.OutOfOrder = append(st.OutOfOrder, inc.ID)
		}
		for _, s := range timeline.Durations(inc.Milestones) {
			if s.Duration() >= 0 {
				spans[s.Name] = append(spans[s.Name], s.Duration())
			}
		}
		notified := slices.ContainsFunc(h.Events, func(e timeline.Event) bool { return e.Kind == timeline.KindNotify })
		for _, e := range h.Events {
			who := timeline.SanitizeLine(e.Attr(timeline.AttrWho))
			switch e.Kind {
			case timeline.KindPage:
				in := wh.InHours(e.At)
				st.Pages.Total++
				if !in {
					st.Pages.OutOfHours++
				}
				count(services, cmp.Or(timeline.SanitizeLine(e.Attr(timeline.AttrService)), "unknown"), in)
			}
			switch e.Kind {
			case timeline.KindPage, timeline.KindAssign, timeline.KindEscalate:
				if who != "" {
					r, own := load(who)
					r.Pages++
					if !notified && !own.InHours(e.At) {
						r.OutOfHours++
					}
				}
			case timeline.KindNotify:
				if who == "" {
					who = timeline.SanitizeLine(e.Actor)
				}
				if who != "" {
					r, own := load(who)
					r.Notifications++
					if !own.InHours(e.At) {
						r.OutOfHours++
					}
				}
			}
		}
	}
	for _, s := range slices.Sorted(maps.Keys(sevs)) {
		name := s.String()
		if s == 0 {
			continue // listed last
		}
		st.BySeverity = append(st.BySeverity, SeverityCount{Severity: name, Count: sevs[s]})
	}
	if n, ok := sevs[0]; ok {
		st.BySeverity = append(st.BySeverity, SeverityCount{Severity: "unset", Count: n})
	}
	st.BySeverity = nonNil(st.BySeverity)
	for _, d := range timeline.DurationDefs {
		v := spans[d.Name]
		if len(v) == 0 {
			continue
		}
		slices.Sort(v)
		st.Durations[d.Name] = DurationSummary{
			Label: d.Label, Definition: d.Definition(), Count: len(v),
			MedianSeconds: seconds(median(v)), P90Seconds: seconds(percentile(v, 90)),
		}
	}
	st.Pages.ByService = ranked(services)
	st.Pages.ByResponder = []ResponderLoad{}
	for _, name := range slices.Sorted(maps.Keys(responders)) {
		st.Pages.ByResponder = append(st.Pages.ByResponder, *responders[name])
	}
	slices.SortStableFunc(st.Pages.ByResponder, func(a, b ResponderLoad) int {
		return (b.Notifications + b.Pages) - (a.Notifications + a.Pages)
	})
	return st
}

func seconds(d time.Duration) int64 { return int64(d.Round(time.Second) / time.Second) }

// median of sorted values; the mean of the middle two for an even count.
func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// percentile of sorted values by the nearest-rank method: a value that
// was actually observed.
func percentile(sorted []time.Duration, p float64) time.Duration {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// ranked lists counts with the most pages first, then by name.
func ranked(m map[string]*PageCount) []PageCount {
	out := []PageCount{}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		out = append(out, *m[name])
	}
	slices.SortStableFunc(out, func(a, b PageCount) int { return b.Pages - a.Pages })
	return out
}

// DurationList returns the measured durations in display order.
func (st Stats) DurationList() []DurationSummary {
	var out []DurationSummary
	for _, d := range timeline.DurationDefs {
		if v, ok := st.Durations[d.Name]; ok {
			out = append(out, v)
		}
	}
	return out
}
