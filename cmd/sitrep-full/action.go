package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

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
	var owner, kind, due, ticket string
	cmd := &cobra.Command{
		Use:   "add TEXT...",
		Short: "Add a follow-up item",
		Example: `  sitrep action add "alert on queue depth, not only on errors" --owner bob
  sitrep action add "cap retries in the client" --type prevent --due 2026-12-15 --ticket https://jira.example.com/browse/OPS-12`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text := strings.TrimSpace(strings.Join(args, " "))
			if text == "" {
				return usagef("the action is empty")
			}
			add := timeline.ActionAdd(text, owner)
			if due != "" {
				if _, err := time.Parse(time.DateOnly, due); err != nil {
					return usagef("--due %q is not a date like 2026-12-15", due)
				}
				add.SetAttr(timeline.AttrDue, due)
			}
			if kind != "" {
				add.SetAttr(timeline.AttrActionType, kind)
			}
			if ticket != "" {
				add.SetAttr(timeline.AttrTicket, ticket)
			}
			e, err := o.appendChange(cmd.Context(), add)
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, e.Attr(timeline.AttrAction))
			return nil
		},
	}
	o.flags(cmd, false)
	cmd.Flags().StringVar(&owner, "owner", "", "who will do it")
	cmd.Flags().StringVar(&kind, "type", "", "what it is for: mitigate, prevent, detect, respond, process, ...")
	cmd.Flags().StringVar(&due, "due", "", "due date, YYYY-MM-DD")
	cmd.Flags().StringVar(&ticket, "ticket", "", "the ticket that tracks it: a URL or a key such as OPS-123")
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
			if _, ok := inc.Action(n); !ok {
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

type actionListOptions struct {
	f    *Factory
	id   string
	json jsonFlags
}

func newActionListCmd(f *Factory) *cobra.Command {
	o := &actionListOptions{f: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List follow-up items",
		Example: `  sitrep action list
  sitrep action list --jq '.[] | select(.state == "open") | .text'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().StringVarP(&o.id, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	addJSONFlags(cmd, &o.json, "a JSON array")
	return cmd
}

func (o *actionListOptions) run(ctx context.Context) error {
	_, inc, err := o.f.Incident(ctx, o.id)
	if err != nil {
		return err
	}
	if o.json.on() {
		return o.json.write(ctx, o.f.IO.Out, incidentJSON(inc).Actions)
	}
	if len(inc.Actions) == 0 {
		fmt.Fprintf(o.f.IO.ErrOut, "%s has no actions; `sitrep action add TEXT` adds one\n", inc.ID)
		return nil
	}
	if o.f.IO.OutTTY {
		rows := make([][]string, len(inc.Actions))
		for i, a := range inc.Actions {
			rows[i] = []string{"#" + strconv.Itoa(a.Number), string(a.State), a.Text, a.Owner}
		}
		return renderTable(o.f.IO, []string{"#", "STATE", "ACTION", "OWNER"}, rows)
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
		fmt.Fprintf(o.f.IO.Out, "#%d %s %s%s\n", a.Number, box, timeline.SanitizeLine(a.Text), owner)
	}
	return nil
}
