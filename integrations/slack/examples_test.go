package slack

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/slack/slacktest"
	"github.com/sitrep-dev/sitrep/timeline"
)

const apiExamples = "../../../shared/fixtures/slack/api-examples"

// The Web API spec's own examples, served verbatim: the history example
// says has_more with a fixed cursor, so a sync must stop on it.
func TestSyncAgainstSpecExamples(t *testing.T) {
	needFixture(t, apiExamples)
	srv := slacktest.Examples(t, apiExamples)
	client := NewClient(ClientOptions{Token: "xoxb-test", APIURL: srv.URL + "/api"})
	ctx := context.Background()

	s := incident.New(t.TempDir()+"/sitrep.db", incident.Options{})
	inc, err := s.Create(ctx, incident.NewIncident{Title: "spec", Actor: "t",
		At: time.Date(2017, 12, 1, 0, 0, 0, 0, time.UTC), Links: map[string]string{"slack": "C012AB3CD"}})
	if err != nil {
		t.Fatal(err)
	}
	// auth.test has no example: the workspace URL is already cached.
	if _, err := s.Write(ctx, incident.Batch{Cache: map[string]string{TeamURLKey: "https://example.slack.com/"}}); err != nil {
		t.Fatal(err)
	}
	src := NewSource(SourceOptions{API: client, Store: s, Since: time.Date(2017, 11, 1, 0, 0, 0, 0, time.UTC)})
	runner := &integrations.Runner{Store: s, Sources: []integrations.Source{src}}
	res, err := runner.Sync(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res[0].Err, ErrStuckCursor) || res[0].Stored != 2 {
		t.Fatalf("%+v; want the 2 example messages, then a stop on the repeated cursor", res[0])
	}
	events, _ := s.Events(ctx, inc.ID, incident.Query{})
	var got []timeline.Event
	for _, e := range events {
		if e.Kind == timeline.KindMessage {
			got = append(got, e)
		}
	}
	if len(got) != 2 || got[0].Text != "I find you punny and would like to smell your nose letter" || got[0].Actor != "spengler" ||
		got[1].Attr(timeline.AttrPermalink) != "https://example.slack.com/archives/C012AB3CD/p1512104434000490" {
		t.Errorf("events = %+v", got)
	}

	page, err := client.Replies(ctx, "C012AB3CD", "1482960137.003543", "")
	if err != nil || len(page.Messages) != 4 || page.Messages[0].ReplyCount != 3 || !page.Messages[1].isReply() || page.Next == "" {
		t.Errorf("replies example: %+v %v", page, err)
	}
	for _, call := range []struct {
		name string
		do   func() error
		code string
	}{
		{"history", func() error { _, err := client.History(ctx, HistoryRequest{Channel: "ERROR"}); return err }, "channel_not_found"},
		{"info", func() error { _, err := client.UserName(ctx, "ERROR"); return err }, "user_not_found"},
		{"replies", func() error { _, err := client.Replies(ctx, "C012AB3CD", "ERROR", ""); return err }, "thread_not_found"},
	} {
		var apiErr *Error
		if err := call.do(); !errors.As(err, &apiErr) || apiErr.Code != call.code {
			t.Errorf("%s error example: %v, want %s", call.name, err, call.code)
		}
	}
}

func TestPosterNoteIsNotCapturedTwice(t *testing.T) {
	fx := setup(t, "")
	fx.addMessages(1, time.Minute)
	fx.fake.NextTS = opened.Add(2 * time.Hour).Unix()
	poster := &Poster{API: NewClient(ClientOptions{Token: "xoxb-test", APIURL: fx.fake.URL()}), TeamURL: "https://acme.slack.com/"}
	note := timeline.Event{Incident: fx.inc.ID, At: opened.Add(2 * time.Hour), Source: timeline.SourceCLI, Kind: timeline.KindNote,
		Actor: "carol", Text: "rolled back"}
	ref, attrs, err := poster.PostNote(context.Background(), fx.inc, note)
	if err != nil {
		t.Fatal(err)
	}
	if len(fx.fake.Posted) != 1 || fx.fake.Posted[0].Text != "[INC-1] note from carol: rolled back" || ref != timeline.SlackRef("C0INCIDENT", fx.fake.Posted[0].TS) || attrs[timeline.AttrPermalink] == "" {
		t.Fatalf("posted %+v as %q %v", fx.fake.Posted, ref, attrs)
	}
	note.Ref = ref
	if _, err := fx.store.Append(context.Background(), note); err != nil {
		t.Fatal(err)
	}
	if res := fx.sync(t); res.Err != nil || res.Stored != 1 || res.Duplicates != 1 {
		t.Fatalf("%+v; want the channel's one message stored and the posted note skipped", res)
	}
}
