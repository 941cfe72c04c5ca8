package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// followInterval is how often `timeline --follow` polls the store. Each
// poll is a short read-only open, so it never blocks writers for long.
const followInterval = 250 * time.Millisecond

type timelineOptions struct {
	f      *Factory
	id     string
	since  string
	follow bool
	json   jsonFlags
	last   int
}

func newTimelineCmd(f *Factory) *cobra.Command {
	o := &timelineOptions{f: f}
	cmd := &cobra.Command{
		Use:     "timeline [ID]",
		Aliases: []string{"tl"},
		Short:   "Print an incident's timeline (--follow to keep watching)",
		GroupID: "respond",
		Long: `Print an incident's timeline in time order.

On a terminal, times are local and a line marks each new day; piped, each
event is one tab-separated line with an RFC 3339 UTC time. --json prints
JSON Lines (one event per line), the shape "sitrep import jsonl" reads.

--follow keeps printing events as they are stored, by any process,
including late events dated earlier than ones already printed.`,
		Example: `  sitrep timeline --since "1h ago"
  sitrep timeline INC-7 --json > inc7.jsonl
  sitrep timeline --follow`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.id = args[0]
			}
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&o.since, "since", "", "only events at or after: "+timeFlagHelp)
	cmd.Flags().BoolVarP(&o.follow, "follow", "F", false, "keep printing new events until interrupted")
	addJSONFlags(cmd, &o.json, "JSON Lines, one event per line (--jq and --template apply to each)")
	cmd.Flags().IntVarP(&o.last, "last", "n", 0, "only the last N events")
	return cmd
}

func (o *timelineOptions) run(ctx context.Context) error {
	q := incident.Query{Last: o.last}
	if o.since != "" {
		t, err := o.f.parseTime("--since", o.since)
		if err != nil {
			return err
		}
		q.Since = t
	}
	id, err := o.f.IncidentID(o.id)
	if err != nil {
		return err
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	// Read the change counter first: anything stored after it is printed
	// by the follow loop, so nothing falls between the two reads.
	head, err := s.Head(ctx)
	if err != nil {
		return err
	}
	// Events are written as they are read, through one buffer, so a
	// million-event timeline starts at once and runs in constant memory.
	out := bufio.NewWriterSize(o.f.IO.Out, 64<<10)
	emit := o.printer(ctx, out)
	// Only a follower needs to know what it printed (to skip it when the
	// follow loop meets it again); it keeps 8-byte hashes, not IDs.
	var printed map[uint64]struct{}
	if o.follow {
		printed = map[uint64]struct{}{}
	}
	err = s.EachEvent(ctx, id, q, func(e timeline.Event) error {
		if printed != nil {
			printed[idHash(e.ID)] = struct{}{}
		}
		return emit(e)
	})
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil || !o.follow {
		return err
	}
	ticker := time.NewTicker(followInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
		changes, next, err := s.Changes(ctx, head, id, 0)
		if errors.Is(err, incident.ErrLocked) {
			continue // a long write; try again next tick
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		head = next
		for _, e := range changes {
			h := idHash(e.ID)
			if _, ok := printed[h]; ok || (!q.Since.IsZero() && e.At.Before(q.Since)) {
				continue
			}
			printed[h] = struct{}{}
			if err := emit(e); err != nil {
				return err
			}
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
}

// idHash is a 64-bit FNV-1a hash of an event ID: what a follower keeps of
// each event it printed.
func idHash(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	return h
}

func (o *timelineOptions) printer(ctx context.Context, w io.Writer) func(timeline.Event) error {
	if o.json.on() {
		if o.json.compile() == nil && o.json.code == nil && o.json.tmpl == nil {
			// Plain --json: events are appended to one reused buffer by
			// appendEventJSON, which writes what the one JSON writer would.
			var buf []byte
			return func(e timeline.Event) error {
				if _, argv := e.Attrs[timeline.AttrArgv]; argv {
					return o.json.writeLine(ctx, w, jsonEvent(e))
				}
				buf = appendEventJSON(buf[:0], e)
				_, err := w.Write(buf)
				return err
			}
		}
		return func(e timeline.Event) error { return o.json.writeLine(ctx, w, jsonEvent(e)) }
	}
	p := newEventPrinter(w, o.f.IO.OutTTY)
	return func(e timeline.Event) error { p.print(e); return nil }
}

// appendEventJSON appends e as one line of `timeline --json`, byte for byte
// what encodeJSON writes for jsonEvent(e) when e has no argv attribute
// (checked by a test), several times faster: a million-event timeline
// spends most of its time here.
func appendEventJSON(b []byte, e timeline.Event) []byte {
	b = append(b, `{"id":`...)
	b = timeline.AppendJSONString(b, e.ID)
	b = append(b, `,"incident":`...)
	b = timeline.AppendJSONString(b, e.Incident)
	b = append(b, `,"at":"`...)
	b = e.At.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","recorded":"`...)
	b = e.Recorded.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","source":`...)
	b = timeline.AppendJSONString(b, string(e.Source))
	b = append(b, `,"kind":`...)
	b = timeline.AppendJSONString(b, string(e.Kind))
	b = append(b, `,"actor":`...)
	b = timeline.AppendJSONString(b, e.Actor)
	b = append(b, `,"text":`...)
	b = timeline.AppendJSONString(b, e.Text)
	b = append(b, `,"ref":`...)
	b = timeline.AppendJSONString(b, e.Ref)
	b = append(b, `,"attrs":{`...)
	keys := make([]string, 0, len(e.Attrs))
	for k := range e.Attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = timeline.AppendJSONString(b, k)
		b = append(b, ':')
		b = timeline.AppendJSONString(b, e.Attrs[k])
	}
	return append(b, "}}\n"...)
}
