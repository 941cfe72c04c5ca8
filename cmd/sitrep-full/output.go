package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"golang.org/x/term"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// eventJSON is an event as `timeline --json` prints it and `import jsonl`
// reads it: the stored event, except that a command's argv, stored as a
// JSON string, is a JSON array.
type eventJSON struct {
	timeline.Event
	Attrs any `json:"attrs"` // map[string]string, or map[string]any with argv
}

func jsonEvent(e timeline.Event) eventJSON {
	e.At, e.Recorded = e.At.UTC(), e.Recorded.UTC()
	out := eventJSON{Event: e, Attrs: e.Attrs}
	if e.Attrs == nil {
		out.Attrs = map[string]string{}
	}
	var argv []string
	if raw, ok := e.Attrs[timeline.AttrArgv]; ok && json.Unmarshal([]byte(raw), &argv) == nil {
		attrs := make(map[string]any, len(e.Attrs))
		for k, v := range e.Attrs {
			attrs[k] = v
		}
		attrs[timeline.AttrArgv] = argv
		out.Attrs = attrs
	}
	return out
}

// decodeEventJSON reads one event as `timeline --json` prints it: argv as
// an array (stored again as the JSON string `sitrep run` stores), or as a
// string, as older versions printed it.
func decodeEventJSON(b []byte) (timeline.Event, error) {
	var e timeline.Event
	err := json.Unmarshal(b, &e)
	var typeErr *json.UnmarshalTypeError
	if err == nil || !errors.As(err, &typeErr) {
		return e, err
	}
	var raw struct {
		Attrs map[string]json.RawMessage `json:"attrs"`
	}
	if json.Unmarshal(b, &raw) != nil {
		return e, err
	}
	e.Attrs = make(map[string]string, len(raw.Attrs))
	for k, v := range raw.Attrs {
		var s string
		if json.Unmarshal(v, &s) == nil {
			e.Attrs[k] = s
			continue
		}
		var argv []string
		if k != timeline.AttrArgv || json.Unmarshal(v, &argv) != nil {
			return e, fmt.Errorf("attrs.%s: not a string", k)
		}
		enc, _ := json.Marshal(argv) // as `sitrep run` stores it
		e.Attrs[k] = string(enc)
	}
	return e, nil
}

// incidentJSON fills empty maps so the JSON shape never has nulls where
// objects are documented.
func incidentJSON(inc incident.Incident) incident.Incident {
	if inc.Roles == nil {
		inc.Roles = map[string]string{}
	}
	if inc.Milestones == nil {
		inc.Milestones = map[timeline.Milestone]time.Time{}
	}
	if inc.Links == nil {
		inc.Links = map[string]string{}
	}
	if inc.Actions == nil {
		inc.Actions = []incident.Action{}
	}
	return inc
}

// eventPrinter prints events for people on a terminal (local times, a
// date line whenever the day changes, aligned columns) or as stable
// tab-separated lines when piped. Untrusted text is always sanitised.
type eventPrinter struct {
	w       io.Writer
	tty     bool
	loc     *time.Location
	lastDay string
}

func newEventPrinter(w io.Writer, tty bool) *eventPrinter {
	return &eventPrinter{w: w, tty: tty, loc: time.Local}
}

func (p *eventPrinter) print(e timeline.Event) {
	text := timeline.SanitizeLine(timeline.Summary(e))
	actor := timeline.SanitizeLine(e.Actor)
	if !p.tty {
		fmt.Fprintf(p.w, "%s\t%s\t%s\t%s\t%s\n", e.At.UTC().Format(time.RFC3339), e.Kind, e.Source, actor, text)
		return
	}
	at := e.At.In(p.loc)
	if day := at.Format("2006-01-02"); day != p.lastDay {
		fmt.Fprintf(p.w, "── %s ──\n", at.Format("Mon 2 Jan 2006"))
		p.lastDay = day
	}
	fmt.Fprintf(p.w, "%s  %-9s  %-12s  %s\n", at.Format("15:04:05"), e.Kind, truncate(actor, 12), text)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// printIncident writes `show` for people.
func printIncident(w io.Writer, inc incident.Incident, recent []timeline.Event, tty bool, now time.Time) {
	when := func(t time.Time) string {
		if tty {
			return t.In(time.Local).Format("2006-01-02 15:04:05 MST")
		}
		return t.UTC().Format(time.RFC3339)
	}
	fmt.Fprintf(w, "%s  %s\n", inc.ID, timeline.SanitizeLine(inc.Title))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	sev := inc.Severity.String()
	if sev == "" {
		sev = "unset"
	}
	if inc.PeakSeverity != 0 && inc.PeakSeverity != inc.Severity {
		sev += " (peak " + inc.PeakSeverity.String() + ")"
	}
	fmt.Fprintf(tw, "  severity\t%s\n", sev)
	fmt.Fprintf(tw, "  status\t%s\n", inc.Status)
	fmt.Fprintf(tw, "  opened\t%s (%s ago)\n", when(inc.OpenedAt), timeline.FormatDuration(now.Sub(inc.OpenedAt)))
	if len(inc.Roles) > 0 {
		fmt.Fprintf(tw, "  roles\t%s\n", joinMap(inc.Roles, "role"))
	}
	if len(inc.Links) > 0 {
		fmt.Fprintf(tw, "  links\t%s\n", joinMap(inc.Links, "source"))
	}
	tw.Flush()
	if len(inc.Milestones) > 0 {
		fmt.Fprintln(w, "  milestones")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, m := range timeline.Milestones {
			if t, ok := inc.Milestones[m]; ok {
				fmt.Fprintf(tw, "    %s\t%s\n", m, when(t))
			}
		}
		tw.Flush()
		for _, span := range timeline.Durations(inc.Milestones) {
			fmt.Fprintf(w, "    %s: %s\n", span.Definition(), timeline.FormatDuration(span.Duration()))
		}
		for _, p := range timeline.CheckOrder(inc.Milestones) {
			fmt.Fprintf(w, "    warning: milestones out of order: %s\n", p)
		}
	}
	if open := inc.OpenActions(); len(open) > 0 {
		fmt.Fprintf(w, "  open actions\n")
		for _, a := range open {
			owner := ""
			if a.Owner != "" {
				owner = " (" + timeline.SanitizeLine(a.Owner) + ")"
			}
			fmt.Fprintf(w, "    #%d %s%s\n", a.Number, timeline.SanitizeLine(a.Text), owner)
		}
	}
	if len(recent) > 0 {
		fmt.Fprintf(w, "  last %d of %d events\n", len(recent), inc.EventCount)
		p := newEventPrinter(&indentWriter{w: w, prefix: "    "}, tty)
		for _, e := range recent {
			p.print(e)
		}
	}
}

func joinMap(m map[string]string, _ string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = timeline.SanitizeLine(k) + " " + timeline.SanitizeLine(m[k])
	}
	return strings.Join(parts, " · ")
}

type indentWriter struct {
	w      io.Writer
	prefix string
}

func (iw *indentWriter) Write(b []byte) (int, error) {
	lines := strings.SplitAfter(string(b), "\n")
	for _, l := range lines {
		if l == "" {
			continue
		}
		if _, err := io.WriteString(iw.w, iw.prefix+l); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// presentIn says where the events an import skipped live: "16 already
// present in INC-3", or split between incidents. homes counts them by
// incident (without what the import itself stored in id).
func presentIn(homes map[string]int, id string, dups int) string {
	if homes[id] <= 0 {
		delete(homes, id)
	}
	ids := make([]string, 0, len(homes))
	for h := range homes {
		ids = append(ids, h)
	}
	slices.SortFunc(ids, func(a, b string) int {
		na, _ := incident.ParseID(a)
		nb, _ := incident.ParseID(b)
		return cmp.Compare(na, nb)
	})
	parts := make([]string, len(ids))
	for i, h := range ids {
		where := h
		if h == id {
			where = "this incident"
		}
		parts[i] = fmt.Sprintf("%d in %s", homes[h], where)
	}
	switch len(parts) {
	case 0:
		return fmt.Sprintf("%d already present", dups)
	case 1:
		return fmt.Sprintf("%d already present %s", dups, strings.TrimPrefix(parts[0], strconv.Itoa(homes[ids[0]])+" "))
	}
	return fmt.Sprintf("%d already present (%s)", dups, strings.Join(parts, ", "))
}

// renderTable prints rows under headers as a table for people on a
// terminal (Lip Gloss's table: a rule under bold headers, no other
// borders). Cells are sanitised; piped output uses each command's stable
// plain lines instead.
func renderTable(ios *IOStreams, headers []string, rows [][]string) error {
	clean := make([][]string, len(rows))
	for i, r := range rows {
		clean[i] = make([]string, len(r))
		for j, c := range r {
			clean[i][j] = timeline.SanitizeLine(c)
		}
	}
	header := lipgloss.NewStyle().PaddingRight(2)
	if !ios.NoColor {
		header = header.Bold(true)
	}
	cell := lipgloss.NewStyle().PaddingRight(2)
	t := table.New().
		Headers(headers...).
		Rows(clean...).
		Border(lipgloss.NormalBorder()).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		BorderColumn(false).BorderHeader(true).
		StyleFunc(func(row, col int) lipgloss.Style {
			if row == table.HeaderRow {
				return header
			}
			return cell
		})
	out := t.Render()
	// Narrower than the terminal, as it comes; wider, its widest columns
	// are cut (with …) to fit, rather than every line wrapping.
	if w := terminalWidth(ios.Out); w > 0 && lipgloss.Width(out) > w {
		out = t.Width(w).Wrap(false).Render()
	}
	_, err := fmt.Fprintln(ios.Out, out)
	return err
}

// terminalWidth is the width of w when it is a terminal, else 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// printRows prints a table: renderTable on a terminal, else tab-aligned
// lines under a plain header line, stable for scripts.
func printRows(ios *IOStreams, headers []string, rows [][]string) error {
	if ios.OutTTY {
		upper := make([]string, len(headers))
		for i, h := range headers {
			upper[i] = strings.ToUpper(h)
		}
		return renderTable(ios, upper, rows)
	}
	w := tabwriter.NewWriter(ios.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, strings.Join(headers, "\t"))
	for _, r := range rows {
		clean := make([]string, len(r))
		for i, c := range r {
			clean[i] = timeline.SanitizeLine(c)
		}
		fmt.Fprintln(w, strings.Join(clean, "\t"))
	}
	return w.Flush()
}
