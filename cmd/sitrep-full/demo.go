package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/demo"
)

type demoOptions struct {
	f      *Factory
	keep   bool
	events int
}

func newDemoCmd(f *Factory) *cobra.Command {
	o := &demoOptions{f: f}
	cmd := &cobra.Command{
		Use:     "demo",
		Short:   "Open a realistic sample incident in the TUI (in a temporary store)",
		GroupID: "respond",
		Long: `Write a realistic sample incident to a temporary store and open it in the
live view: a checkout outage worked through the night, with pager triggers,
notifications, an escalation and an acknowledgement, chat threads, notes,
recorded commands, severity and status changes, roles, milestones and
follow-up actions.

Nothing touches your own store. Press ? for the keys, q to quit; the store
is deleted on exit unless --keep is given, which prints its path so you
can come back with ` + "`sitrep --db PATH`" + `.`,
		Example: `  sitrep demo
  sitrep demo --keep`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().BoolVar(&o.keep, "keep", false, "keep the store and print its path on exit")
	cmd.Flags().IntVar(&o.events, "events", 0, "add this many more events (for trying sitrep at scale)")
	return cmd
}

func (o *demoOptions) run(ctx context.Context) error {
	f := o.f
	if err := needTerminal(f, "sitrep demo"); err != nil {
		return err
	}
	if o.events < 0 {
		return usagef("--events must be 0 or more")
	}
	dir, err := os.MkdirTemp("", "sitrep-demo-")
	if err != nil {
		return hint(fmt.Errorf("creating the demo store: %w", err), "check that $TMPDIR is writable")
	}
	path := filepath.Join(dir, "sitrep.db")
	// Closing the terminal sends SIGHUP, whose default ends the process at
	// once; caught, it ends the TUI like q, so the store is still removed.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	defer func() {
		if o.keep {
			fmt.Fprintln(f.IO.Out, path)
			fmt.Fprintf(f.IO.ErrOut, "kept the demo store; open it again with: sitrep --db %s\n", path)
			return
		}
		os.RemoveAll(dir)
	}()
	s := incident.New(path, incident.Options{Now: f.Now})
	inc, err := s.Create(ctx, demo.Incident(demo.Start(f.Now(), time.Local)))
	if err != nil {
		return err
	}
	if err := s.SetActive(inc.ID); err != nil {
		return err
	}
	if o.events > 0 {
		if err := o.addBulk(ctx, s, inc); err != nil {
			return err
		}
	}
	return runProgram(ctx, f, s, inc.ID)
}

// addBulk appends more events in batches, with progress on stderr.
func (o *demoOptions) addBulk(ctx context.Context, s *incident.Store, inc incident.Incident) error {
	err := demo.AddBulk(ctx, s, inc, o.events, demo.BulkOptions{Batch: 10000, Progress: func(stored int) {
		fmt.Fprintf(o.f.IO.ErrOut, "\rwriting events: %d/%d", stored, o.events)
	}})
	fmt.Fprintln(o.f.IO.ErrOut)
	return err
}
