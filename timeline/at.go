package timeline

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FutureTolerance is how far ahead of the clock a typed time may be before
// it is refused: clocks on responders' machines drift by a few seconds.
const FutureTolerance = time.Minute

// ParseAt parses a user-typed moment relative to now:
//
//	2026-11-23T14:55:00Z   RFC 3339 (any offset)
//	2026-11-23 14:55       date and time, local
//	14:55 or 14:55:30      the most recent such local time (today, or
//	                       yesterday when today's would be in the future)
//	5m ago, 1h30m ago, 2d ago  a duration before now (Go's units, plus d for days)
//	now
//
// A time more than FutureTolerance ahead of now is an error. The result is UTC.
func ParseAt(s string, now time.Time) (time.Time, error) {
	t, err := parseAt(strings.TrimSpace(s), now)
	if err != nil {
		return time.Time{}, err
	}
	if t.Sub(now) > FutureTolerance {
		return time.Time{}, fmt.Errorf("time %q is %s in the future; give a past time", s,
			FormatDuration(t.Sub(now)))
	}
	return t.UTC(), nil
}

func parseAt(s string, now time.Time) (time.Time, error) {
	loc := now.Location()
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time; use RFC 3339, HH:MM or \"5m ago\"")
	}
	if strings.EqualFold(s, "now") {
		return now, nil
	}
	if rest, ok := strings.CutSuffix(s, " ago"); ok {
		d, err := parseAgo(strings.ReplaceAll(strings.TrimSpace(rest), " ", ""))
		if err != nil || d < 0 {
			return time.Time{}, fmt.Errorf("cannot read %q: say how long ago as a duration, e.g. \"5m ago\" or \"1h30m ago\"", s)
		}
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		clock, err := time.ParseInLocation(layout, s, loc)
		if err != nil {
			continue
		}
		y, m, d := now.Date()
		t := time.Date(y, m, d, clock.Hour(), clock.Minute(), clock.Second(), 0, loc)
		if t.Sub(now) > FutureTolerance {
			t = time.Date(y, m, d-1, clock.Hour(), clock.Minute(), clock.Second(), 0, loc)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("cannot read time %q; use RFC 3339 (2026-11-23T14:55:00Z), HH:MM (local) or \"5m ago\"", s)
}

// parseAgo is time.ParseDuration plus a leading whole number of days
// ("2d", "1d12h"), which incidents and stats windows need.
func parseAgo(s string) (time.Duration, error) {
	days := time.Duration(0)
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("bad days in %q", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		if s = s[i+1:]; s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	return days + d, err
}
