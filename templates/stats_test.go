package templates

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
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
	st := ComputeStats(hist, time.Time{}, DefaultWorkHours(time.UTC))
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
	if fmt.Sprint(st.Pages.ByResponder) != "[{bob 3 2} {carol 2 1}]" {
		t.Errorf("by responder = %v", st.Pages.ByResponder)
	}

	// --since keeps only incidents opened at or after it.
	since := ComputeStats(hist, mon.Add(5*24*time.Hour), DefaultWorkHours(time.UTC))
	if since.Incidents != 1 || since.Pages.Total != 1 {
		t.Errorf("since Saturday: %d incidents, %d pages", since.Incidents, since.Pages.Total)
	}

	// Another zone moves the working day: 03:00 UTC is 12:00 in Tokyo.
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no tz database:", err)
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

func TestReviewQueue(t *testing.T) {
	mon := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	factor := func(text string) timeline.Event {
		return timeline.Event{ID: "F-" + text, At: mon.Add(11 * time.Hour), Source: timeline.SourceCLI, Kind: timeline.KindFactor, Text: text}
	}
	open := synthetic(6, 1, mon, time.Minute, "checkout", "bob")
	open.Incident.Status = timeline.StatusInvestigating
	hist := []History{
		synthetic(1, 2, mon.Add(1*time.Hour), time.Minute, "checkout", "bob"),
		synthetic(2, 1, mon.Add(2*time.Hour), time.Minute, "search", "bob", factor("Pool size left at the default.")),
		synthetic(3, 3, mon.Add(3*time.Hour), time.Minute, "billing", "bob", factor("pool size left at  the default")),
		synthetic(4, 2, mon.Add(4*time.Hour), time.Minute, "checkout", "bob"),
		synthetic(5, 4, mon.Add(5*time.Hour), time.Minute, "email", "bob"),
		open,
		synthetic(7, 1, mon.Add(6*time.Hour), time.Minute, "dns", "bob"),
	}
	reviewed := map[string]bool{"INC-7": true}
	groups := ReviewQueue(hist, reviewed, 3)
	var got []string
	for _, g := range groups {
		var ids []string
		for _, it := range g.Incidents {
			ids = append(ids, it.ID)
		}
		got = append(got, fmt.Sprint(ids, g.Shared))
	}
	// INC-5 is SEV4 (below the threshold), INC-6 still open, INC-7 reviewed.
	want := "[INC-2 INC-3] [factor Pool size left at the default.]\n" +
		"[INC-1 INC-4] [service checkout]"
	if strings.Join(got, "\n") != want {
		t.Errorf("queue:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if all := ReviewQueue(hist, nil, 0); len(all) != 4 {
		t.Errorf("no threshold: %d groups, want 4 (INC-5 and INC-7 on their own)", len(all))
	}
}
