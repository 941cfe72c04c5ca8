package incident

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// sampleEvents is an incident's worth of state changes, several of them
// competing for the same field.
func sampleEvents() []timeline.Event {
	base := time.Date(2026, 3, 1, 14, 50, 0, 0, time.UTC)
	var evs []timeline.Event
	add := func(min int, kind timeline.Kind, text string, attrs map[string]string) {
		evs = append(evs, timeline.Event{
			ID: "E" + strconv.Itoa(100+len(evs)), Incident: "INC-1", At: base.Add(time.Duration(min) * time.Minute),
			Recorded: base.Add(time.Duration(60+len(evs)) * time.Minute), Source: timeline.SourceCLI,
			Kind: kind, Text: text, Attrs: attrs,
		})
	}
	add(5, timeline.KindPage, "triggered", nil)
	add(7, timeline.KindPage, "triggered again", nil)
	add(11, timeline.KindAck, "acked", nil)
	add(12, timeline.KindTitle, "", map[string]string{"new": "checkout 500s"})
	add(20, timeline.KindTitle, "", map[string]string{"new": "checkout 500s in eu-west"})
	add(12, timeline.KindSeverity, "", map[string]string{"new": "SEV3"})
	add(25, timeline.KindSeverity, "", map[string]string{"new": "SEV1"})
	add(40, timeline.KindSeverity, "", map[string]string{"new": "SEV2"})
	add(12, timeline.KindStatus, "", map[string]string{"new": "investigating"})
	add(46, timeline.KindStatus, "", map[string]string{"new": "monitoring"})
	add(70, timeline.KindStatus, "", map[string]string{"new": "resolved"})
	add(12, timeline.KindRole, "", map[string]string{"role": "commander", "who": "alice"})
	add(30, timeline.KindRole, "", map[string]string{"role": "commander", "who": "bob"})
	add(4, timeline.KindMilestone, "", map[string]string{"milestone": "started"})
	add(3, timeline.KindMilestone, "", map[string]string{"milestone": "started"}) // a later correction
	add(46, timeline.KindMilestone, "", map[string]string{"milestone": "mitigated"})
	add(50, timeline.KindAction, "add a queue-depth alert", map[string]string{"action": "1", "state": "open", "owner": "bob"})
	add(55, timeline.KindAction, "", map[string]string{"action": "1", "state": "done"})
	add(52, timeline.KindAction, "document the failover", map[string]string{"action": "2", "state": "open"})
	add(60, timeline.KindFlag, "", map[string]string{"target": "E102", "flag": "key"})
	add(61, timeline.KindFlag, "", map[string]string{"target": "E101", "flag": "hide"})
	add(62, timeline.KindFlag, "", map[string]string{"target": "E101", "flag": "unhide"})
	add(63, timeline.KindLink, "", map[string]string{"source": "pagerduty", "external_id": "PT4KHLK"})
	return evs
}

func TestFoldIsOrderIndependent(t *testing.T) {
	evs := sampleEvents()
	opened := evs[0].At
	want := Fold(1, opened, evs)
	if want.Title != "checkout 500s in eu-west" || want.Severity != 2 || want.PeakSeverity != 1 ||
		want.Status != timeline.StatusResolved || want.Roles["commander"] != "bob" {
		t.Fatalf("fold in order: %+v", want)
	}
	ms := want.Milestones
	at := func(min int) time.Time { return time.Date(2026, 3, 1, 14, 50+min, 0, 0, time.UTC) }
	if !ms[timeline.Started].Equal(at(3)) || !ms[timeline.Detected].Equal(at(5)) || !ms[timeline.Acknowledged].Equal(at(11)) ||
		!ms[timeline.Mitigated].Equal(at(46)) || !ms[timeline.Resolved].Equal(at(70)) {
		t.Fatalf("milestones %v", ms)
	}
	if len(want.Actions) != 2 || want.Actions[0].State != ActionDone || want.Actions[0].Owner != "bob" || want.Actions[1].State != ActionOpen {
		t.Fatalf("actions %+v", want.Actions)
	}
	if !want.IsKey("E102") || want.IsHidden("E101") || want.Links["pagerduty"] != "PT4KHLK" {
		t.Fatalf("flags/links %+v", want)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 200 {
		shuffled := append([]timeline.Event(nil), evs...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := Fold(1, opened, shuffled); !reflect.DeepEqual(got, want) {
			t.Fatalf("fold depends on order:\n got %+v\nwant %+v", got, want)
		}
	}
}

// The stored projection survives its JSON round trip unchanged.
func TestProjectionRoundTrip(t *testing.T) {
	p := newProjection(1, time.Date(2026, 3, 1, 14, 50, 0, 0, time.UTC))
	for _, e := range sampleEvents() {
		p.apply(e)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var q projection
	if err := json.Unmarshal(b, &q); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.incident(), q.incident()) {
		t.Fatal("projection changed in its round trip")
	}
}

func TestCodecRoundTrip(t *testing.T) {
	for _, e := range sampleEvents() {
		e.Actor, e.Ref = "ålice \x1b[2J", "slack/C1/1.2"
		got, err := decodeEvent(encodeEvent(e))
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Attrs) == 0 {
			e.Attrs = nil
		}
		if !reflect.DeepEqual(got, e) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, e)
		}
	}
	if _, err := decodeEvent([]byte{codecVersion, 0xff}); err == nil {
		t.Fatal("truncated record decoded")
	}
}

func TestParseID(t *testing.T) {
	for in, want := range map[string]uint64{"7": 7, "INC-7": 7, "inc-12": 12} {
		if got, err := ParseID(in); err != nil || got != want {
			t.Errorf("ParseID(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "0", "INC-", "INC-x", "-3", "seven"} {
		if _, err := ParseID(in); err == nil {
			t.Errorf("ParseID(%q) accepted", in)
		}
	}
}
