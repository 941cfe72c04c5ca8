package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// buildVersion describes this binary from the build info Go embeds: the
// module version (a tag for `go install …@v1.2.3`, "(devel)" for a build
// from a checkout) and, when built with VCS stamping, the commit.
func buildVersion(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "sitrep (unknown build)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var commit, when string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sitrep %s", version)
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		fmt.Fprintf(&b, " commit %s", commit)
		if dirty {
			b.WriteString("-dirty")
		}
		if when != "" {
			fmt.Fprintf(&b, " (%s)", when)
		}
	}
	fmt.Fprintf(&b, " %s", info.GoVersion)
	return b.String()
}

func versionString() string { return buildVersion(debug.ReadBuildInfo()) }

func newVersionCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print sitrep's version and the commit it was built from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(f.IO.Out, versionString())
			return nil
		},
	}
}
