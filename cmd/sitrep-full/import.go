package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"

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
importing the same file twice stores nothing the second time.

Up to 50,000 events are stored in one transaction. A larger import is
written into a copy of the store, in batches, which then replaces the
store in one rename: memory stays bounded, and an import that fails or is
interrupted leaves the store as it was. Other sitrep commands wait for it
(a note that waits longer than SITREP_LOCK_TIMEOUT is spooled).`,
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
	read, stop := jsonlReader(r, o.file)
	defer stop()
	next := read
	if o.f.IO.ErrTTY {
		// A large import reads for seconds before it stores anything.
		n := 0
		next = func() (timeline.Event, error) {
			e, err := read()
			if n++; err == nil && n%100_000 == 0 {
				fmt.Fprintf(o.f.IO.ErrOut, "read %d events…\n", n)
			}
			return e, err
		}
	}
	res, err := s.ImportFrom(cmd.Context(), next, incident.ImportOptions{Into: o.into, Create: o.create})
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
// line anywhere imports nothing. Lines are decoded ahead, in chunks, on
// two goroutines (decoding is most of the reading), and handed back in
// order. stop ends the goroutines early.
func jsonlReader(r io.Reader, name string) (next func() (timeline.Event, error), stop func()) {
	type result struct {
		events []timeline.Event
		err    error
	}
	type job struct {
		first int // line number of lines[0]
		lines [][]byte
		out   chan result
	}
	done := make(chan struct{})
	jobs := make(chan job)
	ordered := make(chan chan result, 8)
	decode := func(j job) result {
		events := make([]timeline.Event, 0, len(j.lines))
		for i, b := range j.lines {
			line := j.first + i
			if len(b) == 0 {
				continue
			}
			var e timeline.Event
			if !timeline.DecodeLine(b, &e) {
				var err error
				if e, err = decodeEventJSON(b); err != nil {
					return result{err: hint(fmt.Errorf("%s:%d: %v", name, line, err), "each line must be one event as `sitrep timeline --json` prints; nothing was imported")}
				}
			}
			if e.Incident == "" {
				e.Incident = "INC-0" // checked against --incident by the store
			}
			check := e
			check.Incident = "INC-1"
			if err := check.Validate(); err != nil {
				return result{err: hint(fmt.Errorf("%s:%d: %v", name, line, err), "nothing was imported")}
			}
			events = append(events, e)
		}
		return result{events: events}
	}
	for range 2 {
		go func() {
			for j := range jobs {
				j.out <- decode(j) // buffered: never blocks
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(jobs)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		line := 0
		for {
			j := job{first: line + 1, out: make(chan result, 1)}
			for len(j.lines) < 2048 && sc.Scan() {
				line++
				j.lines = append(j.lines, bytes.Clone(sc.Bytes()))
			}
			if len(j.lines) > 0 {
				select {
				case ordered <- j.out:
				case <-done:
					return
				}
				select {
				case jobs <- j:
				case <-done:
					return
				}
			}
			if len(j.lines) < 2048 {
				if err := sc.Err(); err != nil {
					out := make(chan result, 1)
					out <- result{err: hint(fmt.Errorf("%s:%d: %w", name, line+1, err), "each line must be one event, as `sitrep timeline --json` prints it, under 16 MiB; nothing was imported")}
					select {
					case ordered <- out:
					case <-done:
					}
				}
				return
			}
		}
	}()
	var pending []timeline.Event
	var failed error
	next = func() (timeline.Event, error) {
		for len(pending) == 0 {
			if failed != nil {
				return timeline.Event{}, failed
			}
			out, ok := <-ordered
			if !ok {
				return timeline.Event{}, io.EOF
			}
			res := <-out
			pending, failed = res.events, res.err
		}
		e := pending[0]
		pending = pending[1:]
		return e, nil
	}
	var once sync.Once
	return next, func() { once.Do(func() { close(done) }) }
}
