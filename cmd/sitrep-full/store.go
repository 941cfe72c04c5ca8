package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
)

func newStoreCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "store",
		Short: "Check a store, or recover what can be read from a damaged one",
		Long: `Check the store file, or copy what can be read from a damaged one into a
new store.

A damaged store (a truncated file, a bad page after a disk or file-system
fault) makes every command fail with "the store is damaged"; no command
crashes on it or writes to it.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newStoreCheckCmd(f), newStoreRecoverCmd(f))
	return cmd
}

func newStoreCheckCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the store file for damage",
		Long: `Check the store file: bbolt's consistency check (every page reached once,
keys in order), then sitrep's own (every event decodes and sits under its
incident; the ids, refs and changes indexes agree with the events).

Prints what it checked, or each problem on a line of its own, and exits 1
if there is any. It only reads the file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.Store()
			if err != nil {
				return err
			}
			r, err := s.Inspect(cmd.Context())
			if err != nil {
				return err
			}
			for _, p := range r.Problems {
				fmt.Fprintln(f.IO.Out, errorLine(p))
			}
			if len(r.Problems) > 0 {
				n := fmt.Sprintf("%d problems", len(r.Problems))
				if len(r.Problems) == 1 {
					n = "1 problem"
				}
				return hint(fmt.Errorf("%s: %w: %s", s.Path(), incident.ErrDamaged, n),
					"`sitrep store recover -o NEW.db` copies what can be read into a new store")
			}
			fmt.Fprintf(f.IO.Out, "%s: %d incidents, %d events, no problems\n", errorLine(s.Path()), r.Incidents, r.Events)
			return nil
		},
	}
}

type storeRecoverOptions struct {
	f      *Factory
	output string
}

func newStoreRecoverCmd(f *Factory) *cobra.Command {
	o := &storeRecoverOptions{f: f}
	cmd := &cobra.Command{
		Use:   "recover -o NEW.db",
		Short: "Copy every readable event of a damaged store into a new store",
		Long: `Copy every event that can still be read from the store into a new store at
NEW.db (which must not exist), and say what could not be read.

Events are found through the store's index tree and, where a page of the
tree is lost, by reading every page of the file directly. Incidents keep
their numbers and are rebuilt from their events. The damaged store is only
read; once the new one looks right, use it with --db or SITREP_DB, or move
it into place.`,
		Example: `  sitrep store recover -o ~/sitrep-recovered.db
  sitrep --db ~/sitrep-recovered.db list --all`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(o.output) == "" {
				return usagef("give the new store's path with -o NEW.db")
			}
			s, err := f.Store()
			if err != nil {
				return err
			}
			r, err := s.Recover(cmd.Context(), o.output)
			if err != nil {
				return err
			}
			for _, u := range r.Unreadable {
				fmt.Fprintf(f.IO.ErrOut, "could not read: %s\n", errorLine(u))
			}
			fmt.Fprintf(f.IO.Out, "recovered %d incidents, %d events (%d found outside the index), %d settings, review, queued-post and cache entries into %s\n",
				r.Incidents, r.Events, r.FromPages, r.Kept, errorLine(o.output))
			return nil
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "the new store to write (must not exist)")
	return cmd
}
