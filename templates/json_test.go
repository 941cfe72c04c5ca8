package templates

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// filledEntry sets every exported field of an Entry, so that a field added
// to Entry and not to appendEntryJSON fails the comparison below.
func filledEntry(t *testing.T) Entry {
	t.Helper()
	var e Entry
	v := reflect.ValueOf(&e).Elem()
	for i := range v.NumField() {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch fv := v.Field(i); {
		case fv.Kind() == reflect.String:
			fv.SetString(v.Type().Field(i).Name + ` <&> "é" ` + "\u2028\n")
		case fv.Kind() == reflect.Bool:
			fv.SetBool(true)
		case fv.Type() == reflect.TypeFor[time.Time]():
			fv.Set(reflect.ValueOf(time.Date(2026, 3, 10, 14, 54, 0, 123456789, time.UTC)))
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
			fv.Set(reflect.MakeSlice(fv.Type(), 2, 2))
			fv.Index(0).SetString("started")
			fv.Index(1).SetString("detected")
		default:
			t.Fatalf("filledEntry cannot fill Entry.%s (%s): teach it, and appendEntryJSON", v.Type().Field(i).Name, fv.Type())
		}
	}
	return e
}

func TestJSONIsEncodingJSONs(t *testing.T) {
	_, inc, events := storeWith(t, awkwardIncident())
	assembled := Assemble(inc, events, Options{})
	withEverything := *assembled
	withEverything.Timeline = append([]Entry{filledEntry(t), {At: day, Kind: timeline.KindNote}}, assembled.Timeline...)
	for name, f := range map[string]*Facts{
		"assembled":       assembled,
		"every field":     &withEverything,
		"empty timeline":  {Timeline: []Entry{}},
		"no timeline":     {},
		"only a timeline": {Timeline: []Entry{filledEntry(t)}},
	} {
		want, err := timeline.MarshalJSON(f, "  ")
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeJSON(&got, f); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), append(want, '\n')) {
			t.Errorf("%s: writeJSON differs from timeline.MarshalJSON:\n%s\nwant:\n%s", name, got.Bytes(), want)
		}
	}
}
