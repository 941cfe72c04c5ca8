package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/tui"
)

// runDefault is `sitrep` with no arguments: the TUI on the active incident
// (SITREP_INCIDENT, else the one `sitrep use` chose), or on the incident
// list when there is none.
func runDefault(ctx context.Context, f *Factory) error {
	if err := needTerminal(f, "sitrep"); err != nil {
		return err
	}
	if err := checkStoreDir(f, nil); err != nil {
		return err
	}
	id, err := f.tuiIncident("")
	if err != nil {
		return err
	}
	return runTUI(ctx, f, id)
}

type tuiOptions struct {
	f  *Factory
	id string
}

func newTUICmd(f *Factory) *cobra.Command {
	o := &tuiOptions{f: f}
	return &cobra.Command{
		Use:     "tui [ID]",
		Short:   "Open the live incident view (what `sitrep` alone does)",
		GroupID: "respond",
		Long: `Open the live incident view on an incident: a header with severity, status,
the elapsed clock and the health of linked integrations; the timeline, which
follows new events from every source as they are stored; roles, milestones,
durations and open actions beside it; and an input line for notes.

Without an ID it opens the active incident (SITREP_INCIDENT, else the one
` + "`sitrep use`" + ` chose), or the incident list when there is none. Press ? inside
for every key.`,
		Example: `  sitrep tui INC-7
  SITREP_INCIDENT=7 sitrep tui`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.id = args[0]
			}
			return o.run(cmd.Context())
		},
	}
}

func (o *tuiOptions) run(ctx context.Context) error {
	if err := needTerminal(o.f, "sitrep tui"); err != nil {
		return err
	}
	if err := checkStoreDir(o.f, nil); err != nil {
		return err
	}
	id, err := o.f.tuiIncident(o.id)
	if err != nil {
		return err
	}
	if id != "" {
		s, err := o.f.Store()
		if err != nil {
			return err
		}
		if _, err := s.Get(ctx, id); err != nil {
			return err
		}
	}
	return runTUI(ctx, o.f, id)
}

// needTerminal refuses to draw a full-screen view into a pipe or a file.
func needTerminal(f *Factory, what string) error {
	if f.IO.InTTY && f.IO.OutTTY {
		return nil
	}
	return hint(fmt.Errorf("`%s` draws a live view and needs a terminal", what),
		"for plain output use `sitrep list`, `sitrep show` or `sitrep timeline --follow`")
}

// tuiIncident is the incident the TUI opens: the one given, else
// SITREP_INCIDENT, else the active one; "" (the list) when none is.
func (f *Factory) tuiIncident(given string) (string, error) {
	if given == "" && f.Getenv("SITREP_INCIDENT") == "" {
		s, err := f.Store()
		if err != nil {
			return "", err
		}
		active, err := s.Active()
		if err != nil || active == "" {
			return "", err
		}
	}
	return f.IncidentID(given)
}

// runTUI runs the TUI on the terminal until the user quits.
func runTUI(ctx context.Context, f *Factory, id string) error {
	s, err := f.Store()
	if err != nil {
		return err
	}
	return runProgram(ctx, f, s, id)
}

func runProgram(ctx context.Context, f *Factory, s *incident.Store, id string) error {
	defer f.followTeamWhile(ctx, s)()
	m := tui.New(tui.Options{Store: s, Incident: id, Author: f.Author(""), Now: f.Now, NoColor: f.IO.NoColor})
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(f.IO.In), tea.WithOutput(f.IO.Out)}
	if f.IO.Out == os.Stdout {
		// Lip Gloss detected stdout's colour profile when it was loaded;
		// detecting it again runs `tmux info` inside tmux, before the first frame.
		opts = append(opts, tea.WithColorProfile(lipgloss.Writer.Profile))
	}
	p := tea.NewProgram(m, opts...)
	_, err := p.Run()
	if errors.Is(err, tea.ErrInterrupted) || (errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil) {
		return nil // ctrl+c or a signal: a normal way out
	}
	return err
}
