package timeline

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

var jsonlSeeds = []string{
	`{"id":"01J","incident":"INC-1","at":"2026-11-22T20:00:00Z","recorded":"2026-11-22T20:00:00.306Z","source":"cli","kind":"title","actor":"a","text":"opened","ref":"","attrs":{"new":"x"}}`,
	`{"id":"01J","incident":"INC-1","at":"2026-11-22T20:00:00.123456789+02:00","recorded":"2026-11-22T20:00:00Z","source":"slack","kind":"message","actor":"b","text":"<b>&amp;</b> \u003cscript\u003e \"q\" \\ \/ \b\f\n\r\t é 日本 \ud83d\ude00","ref":"slack/C1/1.2","attrs":{}}`,
	`{"attrs":null,"text":"x"}`,
	`{"attrs":{"a":"1"},"attrs":{"b":"2"}}`,
	`{"attrs":{"a":"1"},"attrs":null}`,
	`{}`,
	`  { "id" : "x" , "text" : "y" }  `,
	`{"ID":"upper case key"}`,
	`{"id":"x","extra":1}`,
	`{"id":"x","extra":"string"}`,
	`{"at":"2026-11-22T20:00:00"}`,
	`{"at":"2026-11-22T20:00:00\u005a"}`,
	`{"at":null}`,
	`{"text":"lone surrogate \ud83d here"}`,
	`{"text":"bad escape \x"}`,
	"{\"text\":\"invalid utf8 \xff\xfe\"}",
	"{\"text\":\"control \x01 char\"}",
	`{"text":"unterminated}`,
	`{"text":"x"} trailing`,
	`{"text":"x",}`,
	`[1,2]`,
	`{"attrs":{"a":1}}`,
	`{"id":"x"`,
	``,
	`{"text":"\u0000 nul"}`,
	`{"kind":"note","kind":"factor"}`,
}

// DecodeLine must agree with encoding/json on every line it takes, and
// take no line encoding/json rejects.
func TestDecodeLineAgreesWithEncodingJSON(t *testing.T) {
	lines := append([]string(nil), jsonlSeeds...)
	// Lines as `timeline --json` writes them, from awkward events.
	for _, text := range []string{"plain", "tabs\tand\nnewlines", "<html> & \"quotes\"", "\u2028\u2029 separators", "\x1b[31mred\x1b[0m", "😀 emoji", "\\backslash\\"} {
		b, err := json.Marshal(Event{ID: "01", Incident: "INC-2", At: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Source: SourceSlack,
			Kind: KindMessage, Actor: text, Text: text, Ref: "r/" + text, Attrs: map[string]string{text: text, "permalink": "https://x/y?a=1&b=2"}})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	for _, line := range lines {
		checkLine(t, line)
	}
}

func FuzzDecodeLine(f *testing.F) {
	for _, s := range jsonlSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) { checkLine(t, line) })
}

func checkLine(t *testing.T, line string) {
	t.Helper()
	var want Event
	wantErr := json.Unmarshal([]byte(line), &want)
	var got Event
	if !DecodeLine([]byte(line), &got) {
		return // encoding/json's to decode
	}
	if wantErr != nil {
		t.Fatalf("%q: DecodeLine took a line encoding/json rejects (%v)", line, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %+v\nwant %+v", line, got, want)
	}
	if strings.Contains(line, "attrs") && (got.Attrs == nil) != (want.Attrs == nil) {
		t.Fatalf("%q: attrs nil-ness differs", line)
	}
}

// Lines as `timeline --json` prints them take the direct path.
func TestDecodeLineTakesTimelineLines(t *testing.T) {
	for _, line := range jsonlSeeds[:2] {
		var e Event
		if !DecodeLine([]byte(line), &e) {
			t.Fatalf("%q went to encoding/json", line)
		}
	}
}
