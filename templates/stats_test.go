package templates

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/fixture"
	"github.com/sitrep-dev/sitrep/timeline"
)

// synthetic builds an incident whose time to acknowledge is ack after a
// page at pagedAt, resolved an hour later.
func synthetic(n int, sev timeline.Severity, pagedAt time.Time, ack time.Duration, service, who string, extra ...timeline.Event) History {
	id := incident.FormatID(uint64(n))
	mk := func(k timeline.Kind, at time.Time, attrs ...string) timeline.Event {
		e := timeline.Event{ID: fmt.Sprintf("%s-%s-%d", id, k, at.Unix()), Incident: id, At: at, Source: timeline.SourcePagerDuty, Kind: k, Text: string(k)}
		for i := 0; i+1 < len(attrs); i += 2 {
			e.SetAttr(attrs[i], attrs[i+1])
		}
		return e
	}
	events := []timeline.Event{
		mk(timeline.KindTitle, pagedAt, timeline.AttrNew, "incident "+id),
		mk(timeline.KindSeverity, pagedAt, timeline.AttrNew, sev.String()),
		mk(timeline.KindPage, pagedAt, timeline.AttrService, service),
		mk(timeline.KindNotify, pagedAt, timeline.AttrWho, who),
		mk(timeline.KindAck, pagedAt.Add(ack), timeline.AttrWho, who),
		mk(timeline.KindResolve, pagedAt.Add(time.Hour)),
		mk(timeline.KindStatus, pagedAt.Add(time.Hour), timeline.AttrNew, "resolved"),
	}
	for _, e := range extra {
		e.Incident = id
		events = append(events, e)
	}
	return History{Incident: incident.Fold(uint64(n), pagedAt, events), Events: events}
}

func TestStats(t *testing.T) {
	mon := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC) // a Monday
	hist := []History{
		synthetic(1, 1, mon.Add(10*time.Hour), 1*time.Minute, "checkout", "bob"),                  // Mon 10:00: in hours
		synthetic(2, 2, mon.Add(3*time.Hour), 2*time.Minute, "checkout", "bob"),                   // Mon 03:00: out
		synthetic(3, 2, mon.Add(5*24*time.Hour+12*time.Hour), 3*time.Minute, "search", "carol"),   // Sat 12:00: out
		synthetic(4, 3, mon.Add(16*time.Hour+59*time.Minute), 4*time.Minute, "checkout", "carol"), // Mon 16:59: in
		synthetic(5, 3, mon.Add(17*time.Hour), 20*time.Minute, "checkout", "bob"),                 // Mon 17:00: out
	}
	st := ComputeStats(hist, time.Time{}, DefaultWorkHours(time.UTC), nil)
	if st.Incidents != 5 {
		t.Fatalf("incidents = %d", st.Incidents)
	}
	if fmt.Sprint(st.BySeverity) != "[{SEV1 1} {SEV2 2} {SEV3 2}]" {
		t.Errorf("by severity = %v", st.BySeverity)
	}
	// Acks 1, 2, 3, 4, 20 minutes: median 3m (a mean would say 6m), p90 20m.
	tta := st.Durations[timeline.TimeToAcknowledge]
	if tta.Count != 5 || tta.MedianSeconds != 180 || tta.P90Seconds != 1200 {
		t.Errorf("time to acknowledge = %+v, want median 180 s, p90 1200 s", tta)
	}
	if st.Pages.Total != 5 || st.Pages.OutOfHours != 3 {
		t.Errorf("pages = %d, out of hours %d; want 5 and 3", st.Pages.Total, st.Pages.OutOfHours)
	}
	if fmt.Sprint(st.Pages.ByService) != "[{checkout 4 2} {search 1 1}]" {
		t.Errorf("by service = %v", st.Pages.ByService)
	}
	// The pager notified bob three times and carol twice; its triggers
	// named nobody, so nobody was paged by name.
	if fmt.Sprint(st.Pages.ByResponder) != "[{bob UTC 0 3 2} {carol UTC 0 2 1}]" {
		t.Errorf("by responder = %v", st.Pages.ByResponder)
	}
	// bob works from New York, 09:00-17:00 there (EDT since 8 March): his
	// 10:00 UTC notification (06:00 there) and his 03:00 UTC one (23:00
	// on Sunday) are out of his hours, his 17:00 UTC one (13:00) in them.
	roster, err := ParseRoster(strings.NewReader("# name zone hours days\nbob America/New_York\n\ncarol Europe/Berlin 10:00-18:00 Mon-Sat\n"), DefaultWorkHours(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	own := ComputeStats(hist, time.Time{}, DefaultWorkHours(time.UTC), roster)
	// carol: Sat 12:00 UTC is 13:00 in Berlin, a working Saturday for her;
	// Mon 16:59 UTC is 17:59 there, still in her hours.
	if fmt.Sprint(own.Pages.ByResponder) != "[{bob America/New_York 0 3 2} {carol Europe/Berlin 0 2 0}]" {
		t.Errorf("by responder, own hours = %v", own.Pages.ByResponder)
	}
	if own.Pages.OutOfHours != st.Pages.OutOfHours {
		t.Errorf("the team's out-of-hours pages changed with the roster: %d, want %d", own.Pages.OutOfHours, st.Pages.OutOfHours)
	}
	for _, bad := range []string{"bob", "bob Mars/Base", "bob UTC 9-5", "bob UTC 09:00-17:00 Mon-Fri extra"} {
		if _, err := ParseRoster(strings.NewReader(bad), DefaultWorkHours(time.UTC)); err == nil {
			t.Errorf("ParseRoster(%q) accepted", bad)
		}
	}

	// --since keeps only incidents opened at or after it.
	since := ComputeStats(hist, mon.Add(5*24*time.Hour), DefaultWorkHours(time.UTC), nil)
	if since.Incidents != 1 || since.Pages.Total != 1 {
		t.Errorf("since Saturday: %d incidents, %d pages", since.Incidents, since.Pages.Total)
	}

	// Another zone moves the working day: 03:00 UTC is 12:00 in Tokyo.
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		fixture.Missing(t, "no tz database: "+err.Error())
	}
	wh, err := ParseWorkHours("09:00-18:00", "Mon-Fri", tokyo)
	if err != nil {
		t.Fatal(err)
	}
	if !wh.InHours(mon.Add(3*time.Hour)) || wh.InHours(mon.Add(10*time.Hour)) {
		t.Error("Tokyo working hours misplaced")
	}
}

func TestParseWorkHours(t *testing.T) {
	w, err := ParseWorkHours("08:30-18:00", "Sun-Thu", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if w.String() != "08:30-18:00 Sun,Mon,Tue,Wed,Thu UTC" {
		t.Errorf("got %s", w)
	}
	w, err = ParseWorkHours("", "Fri-Mon", time.UTC)
	if err != nil || w.String() != "09:00-17:00 Sun,Mon,Fri,Sat UTC" {
		t.Errorf("wrapping range: %s, %v", w, err)
	}
	for _, bad := range [][2]string{{"17:00-09:00", ""}, {"9-5", ""}, {"", "Funday"}} {
		if _, err := ParseWorkHours(bad[0], bad[1], time.UTC); err == nil {
			t.Errorf("ParseWorkHours(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

func queueShape(q Queue) string {
	var got []string
	for _, g := range q.Batches {
		var ids []string
		for _, it := range g.Incidents {
			ids = append(ids, it.ID)
		}
		got = append(got, fmt.Sprint(ids, " ", g.Shared))
	}
	var loose []string
	for _, it := range q.Ungrouped {
		loose = append(loose, it.ID)
	}
	got = append(got, fmt.Sprint("ungrouped ", loose))
	for _, s := range q.Sessions {
		got = append(got, fmt.Sprint("session ", s.Incidents, " batch ", s.Batch))
	}
	return strings.Join(got, "\n")
}

func TestReviewQueueBatchesBySimilarFactorsAndServices(t *testing.T) {
	mon := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	factor := func(text string) timeline.Event {
		return timeline.Event{ID: "F-" + text, At: mon.Add(11 * time.Hour), Source: timeline.SourceCLI, Kind: timeline.KindFactor, Text: text}
	}
	open := synthetic(6, 1, mon, time.Minute, "checkout", "bob")
	open.Incident.Status = timeline.StatusInvestigating
	hist := []History{
		synthetic(1, 2, mon.Add(1*time.Hour), time.Minute, "checkout", "bob"),
		// Worded differently, the same condition: one batch.
		synthetic(2, 1, mon.Add(2*time.Hour), time.Minute, "search", "bob", factor("Connection pool size left at the library default.")),
		synthetic(3, 3, mon.Add(3*time.Hour), time.Minute, "billing", "bob", factor("the default connection pool was too small for the retries")),
		synthetic(4, 2, mon.Add(4*time.Hour), time.Minute, "checkout", "bob"),
		synthetic(5, 4, mon.Add(5*time.Hour), time.Minute, "email", "bob"),
		open,
		synthetic(7, 1, mon.Add(6*time.Hour), time.Minute, "dns", "bob"),
		synthetic(8, 3, mon.Add(7*time.Hour), time.Minute, "ledger", "bob", factor("a default timeout in the client")),
		synthetic(9, 2, mon.Add(8*time.Hour), time.Minute, "cdn", "bob"),
	}
	now := mon.Add(10 * 24 * time.Hour)
	q := BuildQueue(hist, map[string]bool{"INC-7": true}, 3, now)
	// INC-5 is SEV4 (below the line), INC-6 still open, INC-7 reviewed.
	// INC-8's factor shares one word ("default") with the pool factors:
	// not enough to call them alike.
	want := "[INC-2 INC-3] factor \"Connection pool size left at the library default.\"\n" +
		"[INC-1 INC-4] service checkout\n" +
		"ungrouped [INC-9 INC-8]\n" +
		"session [INC-2 INC-3] batch 1\n" +
		"session [INC-1 INC-4] batch 2\n" +
		"session [INC-9 INC-8] batch 0"
	if got := queueShape(q); got != want {
		t.Errorf("queue:\n%s\nwant:\n%s", got, want)
	}
	if q.BelowLine != 1 || q.Len() != 6 {
		t.Errorf("below the line %d, queued %d; want 1 and 6", q.BelowLine, q.Len())
	}
	if w := q.Batches[0].Incidents[0].WaitingSeconds; w != int64((10*24*time.Hour-3*time.Hour)/time.Second) {
		t.Errorf("INC-2 waited %d s since its resolution at 03:00", w)
	}
	if all := BuildQueue(hist, nil, 0, now); all.Len() != 8 || all.BelowLine != 0 {
		t.Errorf("no line: %d queued, %d below; want 8 and 0", all.Len(), all.BelowLine)
	}
}

// TestReviewQueueDoesNotChain: A and B share a service, B and C share
// another; A and C have nothing in common and must not be discussed as
// one batch.
func TestReviewQueueDoesNotChain(t *testing.T) {
	mon := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	svc := func(name string) timeline.Event {
		return timeline.Event{ID: "P-" + name, At: mon.Add(12 * time.Hour), Source: timeline.SourcePagerDuty, Kind: timeline.KindPage,
			Attrs: map[string]string{timeline.AttrService: name}}
	}
	hist := []History{
		synthetic(1, 2, mon.Add(1*time.Hour), time.Minute, "alpha", "bob"),
		synthetic(2, 2, mon.Add(2*time.Hour), time.Minute, "alpha", "bob", svc("beta")),
		synthetic(3, 2, mon.Add(3*time.Hour), time.Minute, "beta", "bob", svc("gamma")),
		synthetic(4, 2, mon.Add(4*time.Hour), time.Minute, "gamma", "bob"),
	}
	q := BuildQueue(hist, nil, 3, mon.Add(48*time.Hour))
	want := "[INC-1 INC-2] service alpha\n" +
		"[INC-3 INC-4] service gamma\n" +
		"ungrouped []\n" +
		"session [INC-1 INC-2] batch 1\n" +
		"session [INC-3 INC-4] batch 2"
	if got := queueShape(q); got != want {
		t.Errorf("queue:\n%s\nwant:\n%s", got, want)
	}
	for _, b := range q.Batches {
		label := strings.TrimPrefix(b.Shared, "service ")
		for _, it := range b.Incidents {
			if !slices.Contains(it.Services, label) {
				t.Errorf("%s in the batch of %q without that service: %v", it.ID, b.Shared, it.Services)
			}
		}
	}
}
