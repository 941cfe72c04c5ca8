package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"go install of a tag", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}},
			"sitrep v1.2.3 go1.26.8"},
		{"checkout with VCS stamp", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: "0123456789abcdef0123"},
				{Key: "vcs.time", Value: "2026-11-30T06:00:00Z"},
				{Key: "vcs.modified", Value: "true"},
			}},
			"sitrep (devel) commit 0123456789ab-dirty (2026-11-30T06:00:00Z) go1.26.8"},
	} {
		if got := buildVersion(tc.info, true); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := buildVersion(nil, false); got != "sitrep (unknown build)" {
		t.Errorf("no build info: %q", got)
	}
}

func TestVersionCommandAndFlag(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out := c.must(args...)
		if !strings.HasPrefix(out, "sitrep ") || !strings.Contains(out, "go1.") || strings.Count(out, "\n") != 1 {
			t.Errorf("sitrep %v printed %q", args, out)
		}
	}
}
