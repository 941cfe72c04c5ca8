package main

import (
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"
)

const rootLong = `sitrep keeps one timeline per incident — notes, commands, chat and pager
activity — in a local file, and turns it into a blameless review draft.

It works offline: when Slack or PagerDuty are down, notes still land, and a
later sync catches up.

Environment:
  SITREP_DB            store file (default $XDG_DATA_HOME/sitrep/sitrep.db)
  SITREP_INCIDENT      incident that commands act on when none is given
  SITREP_AUTHOR        your name on notes (default git user.name, then $USER)
  SITREP_LOCK_TIMEOUT  how long to wait for the store's lock (default 5s)
  NO_COLOR             disable colour`

// newRootCmd builds the command tree. Every verb group lives in its own file.
func newRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:           "sitrep",
		Short:         "Incident timeline and review drafts, from the terminal",
		Long:          rootLong,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDefault(cmd.Context(), f)
		},
		Version: versionString(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.PersistentFlags().StringVar(&f.DBPath, "db", "", "store file (default $SITREP_DB, else $XDG_DATA_HOME/sitrep/sitrep.db)")
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{hint(err, "see `"+cmd.CommandPath()+" --help`")}
	})
	root.AddGroup(
		&cobra.Group{ID: "respond", Title: "During an incident:"},
		&cobra.Group{ID: "integrate", Title: "Chat and pager:"},
		&cobra.Group{ID: "review", Title: "After an incident:"},
	)
	for _, c := range []*cobra.Command{
		newOpenCmd(f), newListCmd(f), newShowCmd(f), newUseCmd(f),
		newNoteCmd(f), newRunCmd(f),
		newStatusCmd(f), newSevCmd(f), newRoleCmd(f), newMarkCmd(f), newResolveCmd(f), newCloseCmd(f),
		newActionCmd(f), newTimelineCmd(f), newImportCmd(f),
		newTUICmd(f), newDemoCmd(f),
		newLinkCmd(f), newSyncCmd(f), newServeCmd(f),
		newReviewCmd(f), newLintCmd(f), newTemplatesCmd(f), newStatsCmd(f), newQueueCmd(f), newFlagCmd(f),
		newVersionCmd(f),
	} {
		root.AddCommand(c)
	}
	return root
}

// run executes the command line and returns the exit status; the only
// place exit statuses are decided.
func run(ctx context.Context, args []string, f *Factory) int {
	root := newRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	if isCobraUsageError(err) {
		err = &usageError{hint(err, "see `sitrep --help`")}
	}
	return printError(f.IO.ErrOut, err)
}

// isCobraUsageError recognises cobra's own argument errors, which it does
// not type.
func isCobraUsageError(err error) bool {
	var u *usageError
	if errors.As(err, &u) {
		return false
	}
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "requires at most", "received ", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
