package timeline

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the DST tests need zones on machines without /usr/share/zoneinfo
)

func TestParseAt(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	now := time.Date(2026, 11, 23, 0, 10, 0, 0, loc) // ten past midnight, local
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-11-22T14:55:00Z", time.Date(2026, 11, 22, 14, 55, 0, 0, time.UTC)},
		{"2026-11-22T15:55:00+01:00", time.Date(2026, 11, 22, 14, 55, 0, 0, time.UTC)},
		{"5m ago", now.Add(-5 * time.Minute)},
		{"1h30m ago", now.Add(-90 * time.Minute)},
		{"2d ago", now.Add(-48 * time.Hour)},
		{"1d12h ago", now.Add(-36 * time.Hour)},
		{"00:05", time.Date(2026, 11, 23, 0, 5, 0, 0, loc)},
		{"00:10:30", time.Date(2026, 11, 23, 0, 10, 30, 0, loc)}, // 30 s ahead: within tolerance
		{"23:50", time.Date(2026, 11, 22, 23, 50, 0, 0, loc)},    // yesterday: today's is hours ahead
		{"2026-11-22 23:50", time.Date(2026, 11, 22, 23, 50, 0, 0, loc)},
		{"now", now},
	}
	for _, tt := range tests {
		got, err := ParseAt(tt.in, now)
		if err != nil {
			t.Errorf("ParseAt(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseAt(%q) = %v, want %v in UTC", tt.in, got, tt.want.UTC())
		}
	}
}

func TestParseAtRejects(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, in := range []string{"", "yesterday", "25:00", "5 parsecs ago", "-5m ago", "xd ago", "2d3 ago", "2026-11-23T12:05:00Z", "2030-01-01T00:00:00Z"} {
		if _, err := ParseAt(in, now); err == nil {
			t.Errorf("ParseAt(%q) succeeded, want error", in)
		}
	}
	_, err := ParseAt("2026-11-23T12:05:00Z", now)
	if err == nil || !strings.Contains(err.Error(), "future") {
		t.Errorf("future time: got %v, want an error saying it is in the future", err)
	}
}

func TestParseAtGrammar(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, loc)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"30m", now.Add(-30 * time.Minute)},
		{"2d", now.Add(-48 * time.Hour)},
		{"1w", now.Add(-7 * 24 * time.Hour)},
		{"2w ago", now.Add(-14 * 24 * time.Hour)},
		{"90s ago", now.Add(-90 * time.Second)},
		{"1.5h ago", now.Add(-90 * time.Minute)},
		{"2 days ago", now.Add(-48 * time.Hour)},
		{"1 hour ago", now.Add(-time.Hour)},
		{"5 min ago", now.Add(-5 * time.Minute)},
		{"5 mins ago", now.Add(-5 * time.Minute)},
		{"1 day 2 hours ago", now.Add(-26 * time.Hour)},
		{"5M AGO", now.Add(-5 * time.Minute)},
		{"2026-11-30", time.Date(2026, 11, 30, 0, 0, 0, 0, loc)},
		{"2026-11-29T08:15", time.Date(2026, 11, 29, 8, 15, 0, 0, loc)},
		{"2026-11-30T11:59:59.5+01:00", time.Date(2026, 11, 30, 10, 59, 59, 5e8, time.UTC)},
		{"  11:00  ", time.Date(2026, 11, 30, 11, 0, 0, 0, loc)},
		{"1970-01-01T00:00:00Z", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := ParseAt(tt.in, now)
		if err != nil {
			t.Errorf("ParseAt(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("ParseAt(%q) = %v, want %v", tt.in, got, tt.want.UTC())
		}
	}
}

// Times outside 1970-2199 and durations that overflow are refused with a
// message saying which, instead of wrapping around to a wrong time.
func TestParseAtRange(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ in, says string }{
		{"1600-01-01T00:00:00Z", "before 1970"},
		{"0001-01-01T00:00:00Z", "before 1970"},
		{"1969-12-31T23:59:59Z", "before 1970"},
		{"9999-12-31T23:59:59Z", "after 2199"},
		{"2200-01-01T00:00:00Z", "after 2199"},
		{"213504d ago", "longer than"},
		{"9999999999999w", "longer than"},
		{"106751d ago", "before 1970"}, // representable, but before 1970
		{"0001-01-01", "before 1970"},
		{"1600-01-01 10:00", "before 1970"},
		{"10000-01-01T00:00:00Z", "outside 1970-2199"},
	} {
		_, err := ParseAt(tc.in, now)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("ParseAt(%q): %v, want an error saying %q", tc.in, err, tc.says)
		}
		if err != nil && !errors.Is(err, ErrTimeRange) {
			t.Errorf("ParseAt(%q): %v does not wrap ErrTimeRange", tc.in, err)
		}
	}
	for _, ok := range []time.Time{MinTime, MaxTime.Add(-time.Nanosecond), now} {
		if err := CheckRange(ok); err != nil {
			t.Errorf("CheckRange(%v): %v", ok, err)
		}
	}
}

// The DST rule: a skipped wall time moves forward by the gap, a repeated
// one is the earlier instant, and both say so.
func TestParseMomentDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   string
		now  time.Time
		want time.Time
		warn string
	}{
		{"spring-forward gap", "2026-03-29 02:30", time.Date(2026, 3, 29, 12, 0, 0, 0, berlin),
			time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), "does not exist"},
		{"gap by clock alone", "02:30", time.Date(2026, 3, 29, 12, 0, 0, 0, berlin),
			time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), "shifted forward"},
		{"fall-back overlap", "2026-10-25 02:30", time.Date(2026, 10, 25, 12, 0, 0, 0, berlin),
			time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "happens twice"},
		{"overlap in New York", "01:30", time.Date(2026, 11, 1, 12, 0, 0, 0, newYork),
			time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), "earlier"},
		{"gap in New York", "2026-03-08 02:15", time.Date(2026, 3, 9, 12, 0, 0, 0, newYork),
			time.Date(2026, 3, 8, 7, 15, 0, 0, time.UTC), "does not exist"},
		{"ordinary local time", "2026-10-25 04:30", time.Date(2026, 10, 25, 12, 0, 0, 0, berlin),
			time.Date(2026, 10, 25, 3, 30, 0, 0, time.UTC), ""},
		{"offset given: no guess", "2026-10-25T02:30:00+01:00", time.Date(2026, 10, 25, 12, 0, 0, 0, berlin),
			time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), ""},
	} {
		m, err := ParseMoment(tc.in, tc.now)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !m.Time.Equal(tc.want) {
			t.Errorf("%s: %q = %v, want %v", tc.name, tc.in, m.Time, tc.want)
		}
		warned := strings.Join(m.Warnings, "\n")
		if tc.warn == "" && warned != "" || !strings.Contains(warned, tc.warn) {
			t.Errorf("%s: warnings %q, want one containing %q", tc.name, warned, tc.warn)
		}
	}
}
