package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/timeline"
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
  NO_COLOR             disable colour

Every setting can also live in $XDG_CONFIG_HOME/sitrep/config.toml (see
"sitrep config"); the environment overrides it, flags override both.`

// newRootCmd builds the command tree. Every verb group lives in its own file.
func newRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:           "sitrep",
		Short:         "Incident timeline and review drafts, from the terminal",
		Long:          rootLong,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          noSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDefault(cmd.Context(), f)
		},
		Version: versionString(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.PersistentFlags().StringVar(&f.DBPath, "db", "", "store file (default $SITREP_DB, else $XDG_DATA_HOME/sitrep/sitrep.db)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if top := topCommand(cmd).Name(); top != "config" && top != "doctor" { // they report a bad file themselves
			if err := useConfigFile(f); err != nil {
				return err
			}
		}
		return checkStoreDir(f, cmd)
	}
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
		newLinkCmd(f), newSyncCmd(f), newServeCmd(f), newTeamCmd(f),
		newReviewCmd(f), newLintCmd(f), newTemplatesCmd(f), newStatsCmd(f), newQueueCmd(f), newFlagCmd(f),
		newConfigCmd(f), newDoctorCmd(f), newVersionCmd(f), newStoreCmd(f),
	} {
		root.AddCommand(c)
	}
	addIncidentArgs(f, root)
	addCompletions(f, root)
	walkTree(root, func(c *cobra.Command) {
		// A group of commands (`action`, `import`) given an unknown one is
		// a usage error with suggestions, not its help and exit status 0.
		if c.HasSubCommands() && !c.Runnable() {
			c.Args = noSubcommand
			c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
		}
	})
	return root
}

func walkTree(c *cobra.Command, visit func(*cobra.Command)) {
	visit(c)
	for _, sub := range c.Commands() {
		walkTree(sub, visit)
	}
}

// noSubcommand refuses arguments to a command that only groups others,
// suggesting the nearest subcommands by name.
func noSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	err := fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
		for i, n := range near {
			near[i] = "`" + cmd.CommandPath() + " " + n + "`"
		}
		return &usageError{hint(err, "did you mean "+strings.Join(near, " or ")+"?")}
	}
	return &usageError{hint(err, "see `"+cmd.CommandPath()+" --help`")}
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
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "requires at most", "received ", "invalid argument", "if any flags in the group", "at least one of the flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// storeCreators may make the store, and its directory, where --db says;
// the others do not touch a store, or only read one that exists.
var storeCreators = map[string]bool{
	"open": true, "import": true, "demo": true, "team": true,
	"version": true, "help": true, "completion": true, "config": true, "doctor": true,
	"lint": true, "templates": true, "sitrep": true, "tui": true, // after their terminal check
	cobra.ShellCompRequestCmd: true, cobra.ShellCompNoDescRequestCmd: true,
}

// checkStoreDir refuses a store path, given by --db or SITREP_DB, whose
// directory does not exist, for commands that would only read it: a typo
// should not look like an empty store ("no incidents yet"). cmd nil
// checks regardless of the command.
func checkStoreDir(f *Factory, cmd *cobra.Command) error {
	path, from := f.DBPath, "--db"
	if path == "" {
		path, from = f.Getenv("SITREP_DB"), "SITREP_DB"
	}
	if path == "" {
		return nil
	}
	if cmd != nil && storeCreators[topCommand(cmd).Name()] {
		return nil
	}
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return hint(fmt.Errorf("%s %s: directory %s does not exist", from, timeline.SanitizeLine(path), timeline.SanitizeLine(dir)),
			"check the path; `sitrep open` creates a new store there")
	}
	return nil
}

// topCommand is the verb a command belongs to: `action` for `action list`.
func topCommand(cmd *cobra.Command) *cobra.Command {
	for cmd.HasParent() && cmd.Parent().HasParent() {
		cmd = cmd.Parent()
	}
	return cmd
}
