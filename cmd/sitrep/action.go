package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

func newActionCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "action",
		Short:   "Follow-up items: add, done, list",
		GroupID: "respond",
	}
	cmd.AddCommand(newActionAddCmd(f), newActionDoneCmd(f), newActionListCmd(f))
	return cmd
}

func newActionAddCmd(f *Factory) *cobra.Command {
	o := &changeOptions{f: f}
	var owner string
	cmd := &cobra.Command{
		Use:     "add TEXT...",
		Short:   "Add a follow-up item",
		Example: `  sitrep action add "alert on queue depth, not only on errors" --owner bob`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text := strings.TrimSpace(strings.Join(args, " "))
			if text == "" {
				return usagef("the action is empty")
			}
			e, err := o.appendChange(cmd.Context(), timeline.ActionAdd(text, owner))
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, e.Attr(timeline.AttrAction))
			return nil
		},
	}
	o.flags(cmd, false)
	cmd.Flags().StringVar(&owner, "owner", "", "who will do it")
	return cmd
}

func newActionDoneCmd(f *Factory) *cobra.Command {
	o := &changeOptions{f: f}
	cmd := &cobra.Command{
		Use:   "done N",
		Short: "Mark follow-up item N as done",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(strings.TrimPrefix(args[0], "#"))
			if err != nil || n <= 0 {
				return usagef("%q is not an action number; `sitrep action list` shows them", args[0])
			}
			_, inc, err := f.Incident(cmd.Context(), o.incident)
			if err != nil {
				return err
			}
			if !hasAction(inc, n) {
				return hint(fmt.Errorf("%s has no action #%d", inc.ID, n), "`sitrep action list` shows them")
			}
			o.incident = inc.ID
			_, err = o.appendChange(cmd.Context(), timeline.ActionDoneMark(n))
			return err
		},
	}
	o.flags(cmd, false)
	return cmd
}

func hasAction(inc incident.Incident, n int) bool {
	for _, a := range inc.Actions {
		if a.Number == n {
			return true
		}
	}
	return false
}

func newActionListCmd(f *Factory) *cobra.Command {
	var id string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List follow-up items",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, inc, err := f.Incident(cmd.Context(), id)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(f.IO.Out, incidentJSON(inc).Actions)
			}
			if len(inc.Actions) == 0 {
				fmt.Fprintf(f.IO.ErrOut, "%s has no actions; `sitrep action add TEXT` adds one\n", inc.ID)
			}
			for _, a := range inc.Actions {
				box := "[ ]"
				if a.State == incident.ActionDone {
					box = "[x]"
				}
				owner := ""
				if a.Owner != "" {
					owner = "  (" + timeline.SanitizeLine(a.Owner) + ")"
				}
				fmt.Fprintf(f.IO.Out, "#%d %s %s%s\n", a.Number, box, timeline.SanitizeLine(a.Text), owner)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&id, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}
