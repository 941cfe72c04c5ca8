package main

import (
	"context"
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/templates"
	"github.com/sitrep-dev/sitrep/timeline"
)

// templateDir is where user review templates live:
// $XDG_CONFIG_HOME/sitrep/templates, else ~/.config/sitrep/templates.
func templateDir(f *Factory) string {
	dir := f.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := f.Getenv("HOME")
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "sitrep", "templates")
}

type templatesOptions struct {
	f    *Factory
	json jsonFlags
}

func newTemplatesCmd(f *Factory) *cobra.Command {
	o := &templatesOptions{f: f}
	cmd := &cobra.Command{
		Use:     "templates",
		Short:   "List review templates, built-in and your own",
		GroupID: "review",
		Long: `List the review templates "sitrep review --template NAME" can use.

Built in: default (a blameless, learning-oriented review), sre (after the
classic SRE-book postmortem) and pagerduty (after PagerDuty's public
template: impact table, responders, messaging).

Your own live in $XDG_CONFIG_HOME/sitrep/templates/NAME.md.tmpl (default
~/.config/sitrep/templates); one named like a built-in replaces it. They
are Go text/template files producing Markdown; a leading {{/* comment */}}
is the description shown here. Start from a built-in: the JSON from
"sitrep review --format json" shows every field, and the shared sections
({{template "durations" .}}, "narrative", "factors", "actions",
"information-flow", "participants", "wording", "appendix", ...) are
available to every template.`,
		Example: `  sitrep templates
  mkdir -p ~/.config/sitrep/templates && $EDITOR ~/.config/sitrep/templates/brief.md.tmpl
  sitrep review --template brief`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run() },
	}
	addJSONFlags(cmd, &o.json, "a JSON array")
	return cmd
}

type templateJSON struct {
	Name        string `json:"name"`
	Origin      string `json:"origin"`
	Description string `json:"description"`
	Overrides   bool   `json:"overrides_builtin,omitempty"`
	Error       string `json:"error,omitempty"`
}

func (o *templatesOptions) run() error {
	dir := templateDir(o.f)
	all, err := templates.List(dir)
	if err != nil {
		return hint(err, "check the files in "+dir)
	}
	rows := []templateJSON{}
	for _, t := range all {
		row := templateJSON{Name: t.Name, Origin: t.Origin, Description: t.Description, Overrides: t.Overrides}
		if err := t.Check(); err != nil {
			row.Error = err.Error()
		}
		rows = append(rows, row)
	}
	if o.json.on() {
		return o.json.write(context.Background(), o.f.IO.Out, rows)
	}
	w := tabwriter.NewWriter(o.f.IO.Out, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		desc := r.Description
		if r.Overrides {
			desc += " (replaces the built-in)"
		}
		if r.Error != "" {
			desc = "BROKEN: " + r.Error
		}
		// Names come from file names on disk, errors from their contents.
		fmt.Fprintf(w, "%s\t%s\t%s\n", timeline.SanitizeLine(r.Name), timeline.SanitizeLine(r.Origin), timeline.SanitizeLine(desc))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if o.f.IO.ErrTTY && dir != "" {
		fmt.Fprintf(o.f.IO.ErrOut, "your templates: %s/NAME%s\n", timeline.SanitizeLine(dir), templates.Ext)
	}
	return nil
}
