package slack

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/fixture"
	"github.com/sitrep-dev/sitrep/timeline"
)

const (
	export2016    = "../../../shared/fixtures/slack/export-2016"
	exportThreads = "../../../shared/fixtures/slack/export-threads/source_export_dir"
)

func needFixture(t testing.TB, dir string) {
	t.Helper()
	fixture.Check(t, dir)
}

// fixtureCounts counts a channel's messages straight from the files, with
// a generic decoder rather than the importer's types: messages that should
// become events, tombstones, and messages with nothing to show.
type fixtureCounts struct{ total, tombstones, empty int }

func countFixture(t *testing.T, dir, channel string) fixtureCounts {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, channel, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no day files for %s in %s: %v", channel, dir, err)
	}
	var c fixtureCounts
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var msgs []map[string]any
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, m := range msgs {
			c.total++
			_, hasFile := m["file"]
			_, hasFiles := m["files"]
			text, _ := m["text"].(string)
			switch {
			case m["subtype"] == "tombstone":
				c.tombstones++
			case strings.TrimSpace(text) == "" && !hasFile && !hasFiles:
				c.empty++
			}
		}
	}
	return c
}

func newStore(t testing.TB) (*incident.Store, incident.Incident) {
	t.Helper()
	s := incident.New(filepath.Join(t.TempDir(), "sitrep.db"), incident.Options{})
	inc, err := s.Create(context.Background(), incident.NewIncident{Title: "checkout errors", Actor: "test",
		At: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return s, inc
}

func kinds(events []timeline.Event) map[timeline.Kind]int {
	out := map[timeline.Kind]int{}
	for _, e := range events {
		out[e.Kind]++
	}
	return out
}

func TestReadExport2016(t *testing.T) {
	needFixture(t, export2016)
	var channels []exportChannel
	b, err := os.ReadFile(filepath.Join(export2016, "channels.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &channels); err != nil {
		t.Fatal(err)
	}
	for _, ch := range channels {
		t.Run(ch.Name, func(t *testing.T) {
			want := countFixture(t, export2016, ch.Name)
			res, err := ReadExport(export2016, ExportOptions{Channel: "#" + ch.Name, Incident: "INC-1"})
			if err != nil {
				t.Fatal(err)
			}
			if res.ChannelID != ch.ID {
				t.Errorf("channel ID = %s, want %s", res.ChannelID, ch.ID)
			}
			got := kinds(res.Events)
			if got[timeline.KindMessage] != want.total-want.tombstones-want.empty || got[timeline.KindFlag] != want.tombstones {
				t.Errorf("events %v; the files hold %d messages, %d tombstones, %d empty", got, want.total, want.tombstones, want.empty)
			}
			for _, e := range res.Events {
				if !strings.HasPrefix(e.Ref, "slack/"+ch.ID+"/") || e.At.IsZero() {
					t.Fatalf("event %+v: want Ref slack/%s/<ts> and a time", e, ch.ID)
				}
			}
		})
	}
}

func TestReadExport2016Subtypes(t *testing.T) {
	needFixture(t, export2016)
	res, err := ReadExport(export2016, ExportOptions{Channel: "general", Incident: "INC-1"})
	if err != nil {
		t.Fatal(err)
	}
	byTS := map[string]timeline.Event{}
	for _, e := range res.Events {
		byTS[e.Attr(AttrTS)] = e
	}
	// Cases picked from general/2015-10-17.json and 2016-01-15.json.
	bot := byTS["1445146852.000033"]
	if bot.Attr(AttrSubtype) != "bot_add" || bot.Attr(AttrBot) != "" || strings.Contains(bot.Actor, "(bot)") {
		t.Errorf("bot_add is a person adding an integration: %+v", bot)
	}
	if !strings.Contains(bot.Text, "added an integration to this channel: github (https://houstondatavis.slack.com/services/B0CM0SCDR)") {
		t.Errorf("link markup not turned into text: %q", bot.Text)
	}
	topic := byTS["1452892116.000022"]
	if topic.Attr(AttrSubtype) != "channel_topic" || !strings.HasPrefix(topic.Text, "@") || strings.Contains(topic.Text, "<@") {
		t.Errorf("topic change: %+v", topic)
	}
	var joins, shares int
	for _, e := range res.Events {
		switch e.Attr(AttrSubtype) {
		case "channel_join":
			joins++
			if strings.HasPrefix(e.Actor, "U0") {
				t.Errorf("join by an unresolved user: %+v", e)
			}
		case "file_share":
			shares++
			if e.Attr(AttrFiles) == "" || strings.Contains(e.Text, `\/`) {
				t.Errorf("file share without its file, or with escaped slashes: %+v", e)
			}
		}
	}
	if joins != 71 || shares != 10 {
		t.Errorf("general has 71 joins and 10 file shares; got %d and %d", joins, shares)
	}
	if res.Names[UserKey("U061A5N1G")] == "" {
		t.Errorf("users.json names not returned for the cache")
	}
}

func TestReadExportThreads(t *testing.T) {
	needFixture(t, exportThreads)
	want := countFixture(t, exportThreads, "B75B4C7")
	res, err := ReadExport(exportThreads, ExportOptions{Channel: "B75B4C7", Incident: "INC-1", TeamURL: "https://acme.slack.com/"})
	if err != nil {
		t.Fatal(err)
	}
	got := kinds(res.Events)
	if got[timeline.KindMessage] != want.total-want.tombstones-want.empty || got[timeline.KindFlag] != want.tombstones || want.tombstones != 1 {
		t.Fatalf("events %v; the files hold %+v", got, want)
	}
	byTS := map[string]timeline.Event{}
	for _, e := range res.Events {
		byTS[e.Attr(AttrTS)] = e
	}
	reply := byTS["1736554746.482349"]
	if reply.Attr(timeline.AttrThread) != "1736478630.905399" || reply.Actor != "YTX35tuC1zyFhKZL" {
		t.Errorf("reply: thread %q actor %q", reply.Attr(timeline.AttrThread), reply.Actor)
	}
	if reply.Attr(timeline.AttrPermalink) != "https://acme.slack.com/archives/CO69735E8A/p1736554746482349?thread_ts=1736478630.905399&cid=CO69735E8A" {
		t.Errorf("reply permalink = %q", reply.Attr(timeline.AttrPermalink))
	}
	if parent := byTS["1736478630.905399"]; parent.Attr(AttrReplies) != "2" || parent.Attr(timeline.AttrThread) != "" {
		t.Errorf("thread parent: %+v", parent.Attrs)
	}
	if bot := byTS["1737160363.583369"]; bot.Actor != "2NR0w (bot)" || bot.Attr(AttrBot) != "true" || bot.Attr(AttrEdited) == "" {
		t.Errorf("bot message: actor %q attrs %v", bot.Actor, bot.Attrs)
	}
	if fileOnly := byTS["1736582524.607359"]; !strings.HasPrefix(fileOnly.Text, "shared ") {
		t.Errorf("a file shared without text: %q", fileOnly.Text)
	}
	for _, e := range res.Events {
		if e.Kind == timeline.KindFlag && (e.Attr(timeline.AttrTarget) != MessageID("CO69735E8A", "1736554828.343759") || e.Attr(timeline.AttrFlag) != timeline.FlagHide) {
			t.Errorf("tombstone should hide the deleted parent: %+v", e)
		}
	}
}

func TestImportExportTwiceStoresNothingNew(t *testing.T) {
	needFixture(t, export2016)
	s, inc := newStore(t)
	ctx := context.Background()
	zipped := zipDir(t, export2016)
	var stored []int
	for _, src := range []string{export2016, zipped} {
		res, err := ReadExport(src, ExportOptions{Channel: "datajam", Incident: inc.ID})
		if err != nil {
			t.Fatal(err)
		}
		n, _, err := res.Store(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, n)
	}
	want := countFixture(t, export2016, "datajam")
	if stored[0] != want.total-want.empty || stored[1] != 0 {
		t.Fatalf("stored %v: want %d from the directory, then nothing from the same export zipped", stored, want.total-want.empty)
	}
	names, err := s.Cached(ctx, "slack/user/")
	if err != nil || len(names) == 0 {
		t.Fatalf("user names not cached: %v %v", names, err)
	}
}

func TestReadExportWindowAndErrors(t *testing.T) {
	needFixture(t, export2016)
	since := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC)
	res, err := ReadExport(export2016, ExportOptions{Channel: "datajam", Incident: "INC-1", Since: since, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) == 0 || res.Skipped == 0 {
		t.Fatalf("window kept %d, skipped %d", len(res.Events), res.Skipped)
	}
	for _, e := range res.Events {
		if e.At.Before(since) || !e.At.Before(until) {
			t.Errorf("%s is outside the window", e.At)
		}
	}
	if _, err := ReadExport(export2016, ExportOptions{Channel: "nope"}); err == nil || !strings.Contains(err.Error(), "datajam") {
		t.Errorf("unknown channel: %v (should list the channels there are)", err)
	}
	if _, err := ReadExport(t.TempDir(), ExportOptions{Channel: "x"}); err == nil || !strings.Contains(err.Error(), "not a Slack workspace export") {
		t.Errorf("empty directory: %v", err)
	}
}

// zipDir zips dir into a file in a temporary directory, as Slack ships it.
func zipDir(t testing.TB, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "export.zip")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = io.Copy(w, in)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}
