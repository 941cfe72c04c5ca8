package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/templates"
	"github.com/sitrep-dev/sitrep/timeline"
)

type lintOptions struct {
	f     *Factory
	files []string
	json  jsonFlags
	warn  bool
}

func newLintCmd(f *Factory) *cobra.Command {
	o := &lintOptions{f: f}
	cmd := &cobra.Command{
		Use:     "lint FILE...|-",
		Short:   "Check a review for blame and hindsight wording",
		GroupID: "review",
		Long: `Check a review (Markdown) for wording that blames people or judges them
with hindsight, and suggest a reframing. It judges wording about people,
not about systems: "the service failed to start" and "the health check
failed to connect" are fine, "the on-call failed to escalate" is not; it
looks at who the subject is (a person, a role, a name, or a program), at a
passive's "by" agent, and at the verb that follows. Categories:

  counterfactual      "should have", "failed to", "none of this would have
                      happened", "if the engineer had", "in hindsight"
  person-as-cause     "human error", "forgot", "ignored the alert", "pushed
                      it without testing", "rookie move", "tired admin",
                      "mistakenly", "caused by an engineer"
  minimiser           "just", "simply", "obviously" (not "simply put")
  question-at-person  "why didn't you", "why did the engineer", "who broke"
  single-root-cause   "the root cause" (not "root cause analysis", not
                      "several root causes")
  normative           "unacceptable", "poor judgement", "poorly written",
                      "didn't follow the runbook", "violated the policy"
  be-more-careful     follow-ups such as "be more careful", "remember to",
                      "retrain"

Only the author's prose is read: front matter, code, block quotes, quoted
speech (sitrep's drafts quote what people wrote during the incident),
HTML comments and URLs are skipped. Each finding prints as
FILE:LINE:COL: CATEGORY: "PHRASE": SUGGESTION, so editors can jump to it.
The exit status is 1 when something was found (0 with --warn).`,
		Example: `  sitrep lint INC-7-review.md
  sitrep review 7 | sitrep lint -
  sitrep lint --warn --json docs/postmortems/*.md`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.files = args
			return o.run()
		},
	}
	addJSONFlags(cmd, &o.json, "findings as a JSON array")
	cmd.Flags().BoolVar(&o.warn, "warn", false, "exit 0 even when something was found")
	return cmd
}

func (o *lintOptions) run() error {
	findings := []templates.Finding{}
	for _, name := range o.files {
		var doc []byte
		var err error
		if name == "-" {
			doc, err = io.ReadAll(o.f.IO.In)
			name = "<stdin>"
		} else {
			doc, err = os.ReadFile(name)
		}
		if err != nil {
			return hint(err, "pass a Markdown file, or - to read stdin")
		}
		for _, fd := range templates.Lint(doc) {
			fd.File = name
			findings = append(findings, fd)
		}
	}
	if o.json.on() {
		if err := o.json.write(context.Background(), o.f.IO.Out, findings); err != nil {
			return err
		}
	} else {
		for _, fd := range findings {
			fmt.Fprintln(o.f.IO.Out, timeline.SanitizeLine(fd.String())) // file names and lines are untrusted
		}
	}
	if len(findings) == 0 || o.warn {
		return nil
	}
	if o.f.IO.ErrTTY {
		fmt.Fprintf(o.f.IO.ErrOut, "%d phrases to reconsider\n", len(findings))
	}
	return &exitStatusError{code: 1}
}
