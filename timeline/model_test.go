package timeline

import (
	"testing"
	"time"
)

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"1": 1, "SEV2": 2, "sev3": 3, "S4": 4, " 5 ": 5} {
		got, err := ParseSeverity(in)
		if err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "9", "SEV0", "SEV6", "high", ""} {
		if _, err := ParseSeverity(in); err == nil {
			t.Errorf("ParseSeverity(%q) succeeded", in)
		}
	}
}

func TestParseStatus(t *testing.T) {
	if s, err := ParseStatus("mon"); err != nil || s != StatusMonitoring {
		t.Errorf("prefix: %v %v", s, err)
	}
	if _, err := ParseStatus("fixed"); err == nil {
		t.Error("unknown status accepted")
	}
	if _, err := ParseStatus(""); err == nil {
		t.Error("empty status accepted")
	}
}

func TestDurationsAndOrder(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 3, 1, h, m, 0, 0, time.UTC) }
	ms := map[Milestone]time.Time{
		Started: at(14, 54), Detected: at(14, 55), Acknowledged: at(15, 1),
		Mitigated: at(15, 36), Resolved: at(16, 0),
	}
	want := map[DurationName]time.Duration{
		TimeToDetect: time.Minute, TimeToAcknowledge: 6 * time.Minute,
		TimeToMitigate: 41 * time.Minute, TimeToResolve: 65 * time.Minute, Impact: 66 * time.Minute,
	}
	spans := Durations(ms)
	if len(spans) != len(want) {
		t.Fatalf("got %d spans, want %d", len(spans), len(want))
	}
	for _, s := range spans {
		if s.Duration() != want[s.Name] {
			t.Errorf("%s = %v, want %v", s.Name, s.Duration(), want[s.Name])
		}
	}
	if p := CheckOrder(ms); len(p) != 0 {
		t.Errorf("ordered set reported: %v", p)
	}
	ms[Acknowledged] = at(14, 50)
	p := CheckOrder(ms)
	if len(p) != 2 || p[0].Earlier != Started || p[1].Earlier != Detected {
		t.Errorf("CheckOrder = %v, want started and detected after acknowledged", p)
	}
	delete(ms, Started)
	if got := len(Durations(ms)); got != 3 {
		t.Errorf("with started missing: %d spans, want 3", got)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		42 * time.Second: "42s", 6 * time.Minute: "6m", 6*time.Minute + 5*time.Second: "6m05s",
		65 * time.Minute: "1h05m", 51 * time.Hour: "2d03h00m", -90 * time.Second: "-1m30s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := Event{Incident: "INC-1", At: time.Now(), Source: SourceCLI, Kind: KindNote, Text: "x"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []Event{
		{At: time.Now(), Source: SourceCLI, Kind: KindNote, Text: "x"},
		{Incident: "INC-1", Source: SourceCLI, Kind: KindNote, Text: "x"},
		{Incident: "INC-1", At: time.Now(), Source: SourceCLI, Kind: "gossip", Text: "x"},
		{Incident: "INC-1", At: time.Now(), Source: SourceCLI, Kind: KindNote, Text: "  "},
		{Incident: "INC-1", At: time.Now(), Source: SourceCLI, Kind: KindSeverity, Attrs: map[string]string{AttrNew: "SEV9"}},
		{Incident: "INC-1", At: time.Now(), Source: SourceCLI, Kind: KindStatus, Attrs: map[string]string{AttrNew: "fixed"}},
		{Incident: "INC-1", At: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), Source: SourceCLI, Kind: KindNote, Text: "x"},
		{Incident: "INC-1", At: time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), Source: SourceCLI, Kind: KindNote, Text: "x"},
		{Incident: "INC-1", At: time.Now(), Recorded: time.Date(2262, 5, 1, 0, 0, 0, 0, time.UTC), Source: SourceCLI, Kind: KindNote, Text: "x"},
	}
	for i, e := range bad {
		if err := e.Validate(); err == nil {
			t.Errorf("bad[%d] validated", i)
		}
	}
}
