package incident

import (
	"encoding/binary"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// encodeEventV1 is the version 1 encoder, kept to check that stores
// written before version 2 still read.
func encodeEventV1(e timeline.Event) []byte {
	b := []byte{1}
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	str(e.ID)
	str(e.Incident)
	b = binary.AppendVarint(b, e.At.UnixNano())
	b = binary.AppendVarint(b, e.Recorded.UnixNano())
	str(string(e.Source))
	str(string(e.Kind))
	str(e.Actor)
	str(e.Text)
	str(e.Ref)
	keys := make([]string, 0, len(e.Attrs))
	for k := range e.Attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		str(k)
		str(e.Attrs[k])
	}
	return b
}

func TestCodecRoundTrips(t *testing.T) {
	at := time.Date(2026, 11, 22, 20, 0, 0, 123456789, time.UTC)
	events := []timeline.Event{
		{ID: "01JDQ7W8X9Y0Z1A2B3C4D5E6F7", Incident: "INC-1", At: at, Recorded: at.Add(1500 * time.Millisecond), Source: timeline.SourceSlack,
			Kind: timeline.KindMessage, Actor: "alice", Text: "rolled back", Ref: "slack/C1/1.2",
			Attrs: map[string]string{timeline.AttrPermalink: "https://x", "custom-key": "v", timeline.AttrAliasRefs: "a b"}},
		{ID: "01jdq7w8x9y0z1a2b3c4d5e6f7", Incident: "INC-07", At: at, Recorded: at.Add(-time.Hour), Source: "elsewhere", Kind: "future-kind"},
		{ID: "not-a-ulid", Incident: "weird", At: at},
		{ID: "", Incident: "INC-18446744073709551615", Recorded: at},
		{ID: "01JDQ7W8X9Y0Z1A2B3C4D5E6F7", Incident: "INC-2", At: at, Attrs: map[string]string{}},
		{},
	}
	for _, e := range events {
		got, err := decodeEvent(encodeEvent(e))
		if err != nil {
			t.Fatalf("%+v: %v", e, err)
		}
		want := e
		if len(want.Attrs) == 0 {
			want.Attrs = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip\n got %+v\nwant %+v", got, want)
		}
		if !e.At.IsZero() && !e.Recorded.IsZero() {
			v1, err := decodeEvent(encodeEventV1(e))
			if err != nil || !reflect.DeepEqual(v1, want) {
				t.Fatalf("version 1 record: %+v, %v", v1, err)
			}
		}
	}
	// Version 2 is smaller than version 1 for a typical chat message.
	if v1, v2 := len(encodeEventV1(events[0])), len(encodeEvent(events[0])); v2 >= v1-30 {
		t.Fatalf("version 2 record %d bytes, version 1 %d", v2, v1)
	}
	for _, bad := range [][]byte{nil, {2}, {2, flagULID, 1, 2}, {2, 0, 1, 'x', 0, 0, 200}, {9, 0}} {
		if _, err := decodeEvent(bad); err == nil {
			t.Fatalf("%x decoded", bad)
		}
	}
}
