package timeline

import (
	"strings"
	"testing"
	"time"
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
