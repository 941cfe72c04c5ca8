package timeline

import (
	"testing"
	"time"
)

// Every constructor's event is valid once who, when and where are filled
// in, and its Summary reads as people expect.
func TestChangeShapes(t *testing.T) {
	tests := []struct {
		e    Event
		want string
	}{
		{StatusChange(StatusMonitoring), "status monitoring"},
		{SeverityChange(1), "severity SEV1"},
		{RoleChange("comms", "carol"), "carol is comms"},
		{MilestoneMark(Mitigated), "mitigated"},
		{ActionAdd("alert on queue depth", "bob"), "action # alert on queue depth"},
		{ActionDoneMark(3), "action #3 [done]"},
	}
	for _, tt := range tests {
		e := tt.e
		e.Incident, e.At, e.Source, e.Actor = "INC-1", time.Now(), SourceCLI, "alice"
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", e.Kind, err)
		}
		if got := Summary(e); got != tt.want {
			t.Errorf("Summary(%s) = %q, want %q", e.Kind, got, tt.want)
		}
	}
	if e := ActionAdd("x", ""); e.Attrs != nil {
		t.Errorf("no owner should set no owner attribute: %v", e.Attrs)
	}
}

func TestSummaryOfCommand(t *testing.T) {
	e := Event{Kind: KindCommand, Text: "kubectl rollout undo deploy/api", Attrs: map[string]string{AttrExitCode: "1", AttrDuration: "65000"}}
	if got, want := Summary(e), "$ kubectl rollout undo deploy/api → exit 1 in 1m05s"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if got := Summary(Event{Kind: KindTitle, Attrs: map[string]string{AttrNew: "db down"}}); got != "db down" {
		t.Errorf("falls back to the new value: %q", got)
	}
}
