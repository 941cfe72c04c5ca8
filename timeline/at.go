package timeline

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// FutureTolerance is how far ahead of the clock a typed time may be before
// it is refused: clocks on responders' machines drift by a few seconds.
const FutureTolerance = time.Minute

// The range of times sitrep stores. Anything outside is a typo or a
// corrupt input, and beyond 2262 nanoseconds since 1970 overflow int64.
var (
	MinTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// ErrTimeRange is wrapped by every out-of-range error from CheckRange.
var ErrTimeRange = errors.New("time out of range")

// CheckRange refuses a time before 1970 or from the year 2200 on, saying
// which. Every time typed by a user or read from a file passes through it.
func CheckRange(t time.Time) error {
	switch {
	case t.Before(MinTime):
		return fmt.Errorf("%w: %s is before 1970", ErrTimeRange, formatYear(t))
	case !t.Before(MaxTime):
		return fmt.Errorf("%w: %s is after 2199", ErrTimeRange, formatYear(t))
	}
	return nil
}

func formatYear(t time.Time) string {
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		return fmt.Sprintf("year %d", y)
	}
	return t.UTC().Format(time.RFC3339)
}

// TimeHelp is the time grammar in one line, for flag help and errors.
const TimeHelp = `RFC 3339, a date (2026-11-30), HH:MM (local), "5m ago" or "2d"`

// A Moment is a typed time resolved to an instant, with what the user
// should be told about how it was read (a DST gap or overlap).
type Moment struct {
	Time     time.Time // UTC
	Warnings []string
}

// ParseAt parses a user-typed moment relative to now (see ParseMoment)
// and drops the warnings.
func ParseAt(s string, now time.Time) (time.Time, error) {
	m, err := ParseMoment(s, now)
	return m.Time, err
}

// ParseMoment parses a user-typed moment relative to now; local times are
// in now's location. The one grammar of --at and --since:
//
//	2026-11-23T14:55:00Z   RFC 3339 (any offset)
//	2026-11-23             a date: its start, local
//	2026-11-23 14:55       date and time, local (also with T, and :05 seconds)
//	14:55 or 14:55:30      the most recent such local time (today, or
//	                       yesterday when today's would be in the future)
//	5m ago, 1h30m ago      a duration before now; units s, m, h, d (days),
//	2d ago, 2 days ago     w (weeks), also spelled out (min, hours, days, ...)
//	30m, 2d, 1w            the same without "ago"
//	now
//
// Local wall times that a daylight-saving change skips (02:30 on a
// spring-forward night) are moved forward by the length of the gap
// (03:30); those that happen twice (fall-back) are the earlier instant.
// Either way ParseMoment returns a warning saying so.
//
// A time more than FutureTolerance ahead of now, before 1970 or after 2199,
// or a duration too long to represent is an error saying which.
func ParseMoment(s string, now time.Time) (Moment, error) {
	m, err := ParseBound(s, now)
	if err != nil {
		return Moment{}, err
	}
	if m.Time.Sub(now) > FutureTolerance {
		return Moment{}, fmt.Errorf("time %q is %s in the future; give a past time", s,
			FormatDuration(m.Time.Sub(now)))
	}
	m.Time = m.Time.UTC()
	return m, nil
}

// ParseBound is ParseMoment for a bound of a window (--since, --until),
// which may lie in the future: it only selects nothing.
func ParseBound(s string, now time.Time) (Moment, error) {
	m, err := parseMoment(strings.TrimSpace(s), now)
	if err != nil {
		return Moment{}, err
	}
	if err := CheckRange(m.Time); err != nil {
		return Moment{}, fmt.Errorf("time %q: %w", s, err)
	}
	m.Time = m.Time.UTC()
	return m, nil
}

func parseMoment(s string, now time.Time) (Moment, error) {
	loc := now.Location()
	if s == "" {
		return Moment{}, fmt.Errorf("empty time; use %s", TimeHelp)
	}
	if strings.EqualFold(s, "now") {
		return Moment{Time: now}, nil
	}
	if rest, ok := strings.CutSuffix(strings.ToLower(s), "ago"); ok {
		d, err := parseAgo(rest)
		if errors.Is(err, ErrTimeRange) {
			return Moment{}, fmt.Errorf("time %q: %w", s, err)
		}
		if err != nil {
			return Moment{}, fmt.Errorf("cannot read %q: %v; e.g. \"5m ago\", \"1h30m ago\" or \"2 days ago\"", s, err)
		}
		return Moment{Time: now.Add(-d)}, nil
	}
	if startsWithDigit(s) && !strings.ContainsAny(s, ":-") {
		d, err := parseAgo(s)
		if errors.Is(err, ErrTimeRange) {
			return Moment{}, fmt.Errorf("time %q: %w", s, err)
		}
		if err != nil {
			return Moment{}, fmt.Errorf("cannot read %q: %v; e.g. \"30m\" or \"2d\" (before now)", s, err)
		}
		return Moment{Time: now.Add(-d)}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return Moment{Time: t}, nil
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if w, err := time.Parse(layout, s); err == nil {
			return localMoment(w, loc, s), nil
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		clock, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		y, mo, d := now.Date()
		m := localMoment(time.Date(y, mo, d, clock.Hour(), clock.Minute(), clock.Second(), 0, time.UTC), loc, s)
		if m.Time.Sub(now) > FutureTolerance {
			m = localMoment(time.Date(y, mo, d-1, clock.Hour(), clock.Minute(), clock.Second(), 0, time.UTC), loc, s)
		}
		return m, nil
	}
	if y, err := strconv.Atoi(strings.SplitN(s, "-", 2)[0]); err == nil && (y < 1970 || y >= 2200) && strings.Contains(s, "-") {
		return Moment{}, fmt.Errorf("time %q: %w: year %d is outside 1970-2199", s, ErrTimeRange, y)
	}
	return Moment{}, fmt.Errorf("cannot read time %q; use %s", s, TimeHelp)
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// localMoment resolves a wall-clock time (its fields, read as if UTC) in
// loc by the DST rule of ParseMoment.
func localMoment(wall time.Time, loc *time.Location, typed string) Moment {
	var valid []time.Time
	var offsets []int
	for _, probe := range []time.Duration{-36 * time.Hour, 0, 36 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		if !containsInt(offsets, off) {
			offsets = append(offsets, off)
		}
	}
	for _, off := range offsets {
		c := wall.Add(-time.Duration(off) * time.Second)
		if _, got := c.In(loc).Zone(); got == off && !containsTime(valid, c) {
			valid = append(valid, c)
		}
	}
	day := wall.Format(time.DateOnly)
	switch {
	case len(valid) == 1:
		return Moment{Time: valid[0]}
	case len(valid) == 0:
		// A gap: read the wall time with the offset in force before it,
		// which lands as far past the gap as the time was into it.
		_, before := wall.Add(-36 * time.Hour).In(loc).Zone()
		t := wall.Add(-time.Duration(before) * time.Second)
		return Moment{Time: t, Warnings: []string{fmt.Sprintf(
			"%s does not exist in %s on %s (the clocks went forward); taken as %s, shifted forward by the gap",
			typed, loc, day, t.In(loc).Format("15:04:05 MST"))}}
	default:
		first := valid[0]
		for _, c := range valid[1:] {
			if c.Before(first) {
				first = c
			}
		}
		return Moment{Time: first, Warnings: []string{fmt.Sprintf(
			"%s happens twice in %s on %s (the clocks went back); taken as the earlier, %s (%s); give an offset (RFC 3339) for the other",
			typed, loc, day, first.In(loc).Format("15:04:05 MST"), first.UTC().Format(time.RFC3339))}}
	}
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func containsTime(s []time.Time, v time.Time) bool {
	for _, x := range s {
		if x.Equal(v) {
			return true
		}
	}
	return false
}

// durationUnits are the units a typed duration may use, longest spelling
// first within each so that "min" is not read as "m" + "in".
var durationUnits = []struct {
	names []string
	d     time.Duration
}{
	{[]string{"weeks", "week", "w"}, 7 * 24 * time.Hour},
	{[]string{"days", "day", "d"}, 24 * time.Hour},
	{[]string{"hours", "hour", "hrs", "hr", "h"}, time.Hour},
	{[]string{"minutes", "minute", "mins", "min", "m"}, time.Minute},
	{[]string{"seconds", "second", "secs", "sec", "s"}, time.Second},
}

// parseAgo reads a non-negative duration such as "5m", "1h30m", "2d",
// "1d12h", "2 days" or "1.5h", and refuses one too long to represent
// (about 292 years).
func parseAgo(s string) (time.Duration, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, errors.New("no duration")
	}
	var total float64
	for s != "" {
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("expected a number at %q", s)
		}
		n, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return 0, fmt.Errorf("bad number %q", s[:i])
		}
		s = s[i:]
		unit := time.Duration(0)
	units:
		for _, u := range durationUnits {
			for _, name := range u.names {
				if rest, ok := strings.CutPrefix(s, name); ok && (rest == "" || startsWithDigit(rest)) {
					unit, s = u.d, rest
					break units
				}
			}
		}
		if unit == 0 {
			return 0, fmt.Errorf("unknown unit at %q (use s, m, h, d or w)", s)
		}
		total += n * float64(unit)
	}
	if total >= math.MaxInt64 {
		return 0, fmt.Errorf("%w: the duration is longer than %d days", ErrTimeRange, math.MaxInt64/int64(24*time.Hour))
	}
	return time.Duration(total), nil
}
