package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

var eventJSONTexts = []string{
	"", "plain", "quotes \" and \\ backslash", "<b>&amp;</b>", "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1b[31m\x1f",
	"del \x7f", "c1 \u0085 \u009b", "bidi \u202e evil \u2066", "zero\u200bwidth\ufeff", "\u2028\u2029", "é 日本 😀",
	"invalid \xff\xfe utf8 \xc3", "\u061c \u2060", "ünïcödé \U0001F600",
}

func checkEventJSON(t *testing.T, e timeline.Event) {
	t.Helper()
	var want bytes.Buffer
	if err := encodeJSON(&want, jsonEvent(e), false); err != nil {
		t.Fatal(err)
	}
	if got := appendEventJSON(nil, e); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("appendEventJSON differs from the JSON writer:\n got %s\nwant %s", got, want.Bytes())
	}
}

// appendEventJSON writes what the one JSON writer writes, byte for byte.
func TestAppendEventJSONMatchesTheJSONWriter(t *testing.T) {
	at := time.Date(2026, 11, 22, 20, 0, 0, 100_000_000, time.UTC)
	for _, s := range eventJSONTexts {
		checkEventJSON(t, timeline.Event{ID: s, Incident: "INC-1", At: at, Recorded: at.Add(time.Nanosecond), Source: timeline.Source(s),
			Kind: timeline.KindNote, Actor: s, Text: s, Ref: s, Attrs: map[string]string{s: s, "permalink": "https://x/y?a=1&b=<2>"}})
	}
	checkEventJSON(t, timeline.Event{ID: "x", At: at.In(time.FixedZone("x", 3600)), Recorded: at})
	checkEventJSON(t, timeline.Event{})
}

func FuzzAppendEventJSON(f *testing.F) {
	for _, s := range eventJSONTexts {
		f.Add(s, s, int64(1795377600123456789))
	}
	f.Fuzz(func(t *testing.T, text, key string, ns int64) {
		at := time.Unix(0, ns%(1<<62)).UTC()
		if at.Year() < 0 || at.Year() > 9999 {
			return
		}
		checkEventJSON(t, timeline.Event{ID: key, Incident: text, At: at, Recorded: at, Kind: timeline.KindMessage, Actor: key,
			Text: text, Attrs: map[string]string{key: text, text: key}})
	})
}
