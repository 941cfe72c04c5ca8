package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

func newImportCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "import",
		Short:   "Import events from a file (jsonl, slack-export)",
		GroupID: "integrate",
	}
	cmd.AddCommand(newImportJSONLCmd(f), newImportSlackExportCmd(f))
	return cmd
}

type importJSONLOptions struct {
	f      *Factory
	file   string
	into   string
	create bool
}

func newImportJSONLCmd(f *Factory) *cobra.Command {
	o := &importJSONLOptions{f: f}
	cmd := &cobra.Command{
		Use:   "jsonl FILE|-",
		Short: "Import events in the shape `sitrep timeline --json` prints",
		Long: `Import JSON Lines events, one per line, as "sitrep timeline --json" prints
them: to copy an incident between stores, or to migrate from another tool.

The whole file is checked before anything is stored; a bad line is
reported with its number and nothing changes. Events keep their IDs, so
importing the same file twice stores nothing the second time.`,
		Example: `  sitrep timeline INC-7 --json | sitrep --db other.db import jsonl - --create
  sitrep import jsonl old-tool.jsonl --incident INC-3`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return o.run(cmd)
		},
	}
	cmd.Flags().StringVarP(&o.into, "incident", "i", "", "put every event into this incident")
	cmd.Flags().BoolVar(&o.create, "create", false, "open incidents this store does not have yet")
	return cmd
}

func (o *importJSONLOptions) run(cmd *cobra.Command) error {
	var r io.Reader = o.f.IO.In
	if o.file != "-" {
		fh, err := os.Open(o.file)
		if err != nil {
			return hint(err, "give a JSON Lines file, or - for stdin")
		}
		defer fh.Close()
		r = fh
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	// An import allocates much and keeps little: collect garbage less
	// often than the default, within a memory limit that keeps a
	// million-event import well under 500 MB.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(320 << 20)
	res, err := s.ImportFrom(cmd.Context(), jsonlReader(r, o.file), incident.ImportOptions{Into: o.into, Create: o.create})
	if err != nil {
		return err
	}
	for from, to := range res.Created {
		fmt.Fprintf(o.f.IO.ErrOut, "opened %s for %s\n", to, timeline.SanitizeLine(from)) // from the file
	}
	fmt.Fprintf(o.f.IO.ErrOut, "imported %d events (%d already present)\n", res.Stored, res.Duplicates)
	return nil
}

// jsonlReader returns the events of a JSON Lines stream one at a time,
// each checked; the store reads them all before it stores any, so a bad
// line anywhere imports nothing.
func jsonlReader(r io.Reader, name string) func() (timeline.Event, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	return func() (timeline.Event, error) {
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if len(b) == 0 {
				continue
			}
			var e timeline.Event
			if !timeline.DecodeLine(b, &e) {
				var err error
				if e, err = decodeEventJSON(b); err != nil {
					return e, hint(fmt.Errorf("%s:%d: %v", name, line, err), "each line must be one event as `sitrep timeline --json` prints; nothing was imported")
				}
			}
			if e.Incident == "" {
				e.Incident = "INC-0" // checked against --incident by the store
			}
			check := e
			check.Incident = "INC-1"
			if err := check.Validate(); err != nil {
				return e, hint(fmt.Errorf("%s:%d: %v", name, line, err), "nothing was imported")
			}
			return e, nil
		}
		if err := sc.Err(); err != nil {
			return timeline.Event{}, fmt.Errorf("%s:%d: %w", name, line+1, err)
		}
		return timeline.Event{}, io.EOF
	}
}
