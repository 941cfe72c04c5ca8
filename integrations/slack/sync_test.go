package slack

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/slack/slacktest"
	"github.com/sitrep-dev/sitrep/timeline"
)

// opened is when the test incident was declared; the fake's messages sit
// around it.
var opened = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)

type syncFixture struct {
	fake   *slacktest.Server
	store  *incident.Store
	inc    incident.Incident
	src    *Source
	runner *integrations.Runner
	mu     sync.Mutex
	waits  []time.Duration
	notes  []string
}

func ts(offset time.Duration, n int) string {
	return fmt.Sprintf("%d.%06d", opened.Add(offset).Unix(), n)
}

// setup links a new incident to channel C0INCIDENT on a fake with a
// 100-message page size, and a runner whose Slack client records its
// rate-limit waits instead of sleeping.
func setup(t *testing.T, capture string) *syncFixture {
	t.Helper()
	fx := &syncFixture{fake: slacktest.New(t)}
	fx.fake.PageSize = 100
	fx.fake.Users = map[string]string{"U1": "alice", "U2": "bob"}
	fx.fake.Channels["C0INCIDENT"] = &slacktest.Channel{ID: "C0INCIDENT", Name: "inc-checkout", Replies: map[string][]slacktest.Message{}}
	fx.store = incident.New(t.TempDir()+"/sitrep.db", incident.Options{})
	var err error
	fx.inc, err = fx.store.Create(context.Background(), incident.NewIncident{
		Title: "checkout errors", Actor: "test", At: opened, Links: map[string]string{"slack": "C0INCIDENT"}})
	if err != nil {
		t.Fatal(err)
	}
	if capture != "" {
		if _, err := fx.store.Write(context.Background(), incident.Batch{Settings: []incident.Setting{{Incident: fx.inc.ID, Name: SettingCapture, Value: capture}}}); err != nil {
			t.Fatal(err)
		}
	}
	client := NewClient(ClientOptions{
		Token: "xoxb-test", APIURL: strings.TrimSuffix(fx.fake.URL(), "/"),
		Wait: func(ctx context.Context, d time.Duration) error {
			fx.mu.Lock()
			defer fx.mu.Unlock()
			fx.waits = append(fx.waits, d)
			return nil
		},
		Notify: func(s string) { fx.notes = append(fx.notes, s) },
	})
	fx.src = NewSource(SourceOptions{API: client, Store: fx.store, Now: func() time.Time { return opened.Add(3 * time.Hour) }})
	fx.runner = &integrations.Runner{Store: fx.store, Sources: []integrations.Source{fx.src}}
	return fx
}

func (fx *syncFixture) channel() *slacktest.Channel { return fx.fake.Channels["C0INCIDENT"] }

func (fx *syncFixture) sync(t *testing.T) integrations.Result {
	t.Helper()
	res, err := fx.runner.Sync(context.Background(), fx.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return res[0]
}

// syncFull runs one full sync (`sitrep sync --full`) with the same client
// and store.
func (fx *syncFixture) syncFull(t *testing.T) integrations.Result {
	t.Helper()
	src := *fx.src
	src.opts.Full = true
	r := *fx.runner
	r.Sources = []integrations.Source{&src}
	res, err := r.Sync(context.Background(), fx.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return res[0]
}

// requests runs step and returns the requests it made, per method.
func (fx *syncFixture) requests(step func()) map[string]int {
	before := fx.fake.CallCounts()
	step()
	made := map[string]int{}
	for method, n := range fx.fake.CallCounts() {
		if n > before[method] {
			made[method] = n - before[method]
		}
	}
	return made
}

// historyOnly is what a sync of an unchanged channel may ask: one page of
// history and nothing else.
var historyOnly = map[string]int{"conversations.history": 1}

func (fx *syncFixture) messages(t *testing.T) map[string]timeline.Event {
	t.Helper()
	events, err := fx.store.Events(context.Background(), fx.inc.ID, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]timeline.Event{}
	for _, e := range events {
		if e.Kind == timeline.KindMessage {
			out[e.Attr(AttrTS)] = e
		}
	}
	return out
}

func (fx *syncFixture) addMessages(n int, offset time.Duration) {
	ch := fx.channel()
	for i := range n {
		ch.Messages = append(ch.Messages, slacktest.Message{Type: "message", User: []string{"U1", "U2"}[i%2],
			TS: ts(offset+time.Duration(i)*time.Second, 100), Text: fmt.Sprintf("message %d &amp; <@U2>", i)})
	}
}

func TestSyncPaginatesThreadsAndResyncsCheaply(t *testing.T) {
	fx := setup(t, "")
	fx.addMessages(250, 10*time.Minute)
	parent := ts(10*time.Minute, 100)
	fx.channel().Messages[0].ReplyCount = 2
	fx.channel().Messages[0].LatestReply = ts(20*time.Minute, 2)
	fx.channel().Replies[parent] = []slacktest.Message{
		{Type: "message", User: "U2", TS: ts(20*time.Minute, 1), ThreadTS: parent, Text: "on it"},
		{Type: "message", User: "U2", TS: ts(20*time.Minute, 2), ThreadTS: parent, Text: "rolled back"},
	}
	// Outside the window (more than the 30-minute margin before opening):
	fx.channel().Messages = append(fx.channel().Messages, slacktest.Message{Type: "message", User: "U1", TS: ts(-2*time.Hour, 1), Text: "old chatter"})

	var res integrations.Result
	calls := fx.requests(func() { res = fx.sync(t) })
	if res.Err != nil || res.Stored != 252 {
		t.Fatalf("first sync: %+v; want 250 messages and 2 replies", res)
	}
	// 3 pages of 100, one thread, each user once, the workspace URL once.
	if want := map[string]int{"conversations.history": 3, "conversations.replies": 1, "users.info": 2, "auth.test": 1}; !maps.Equal(calls, want) {
		t.Errorf("first sync made %v, want %v", calls, want)
	}
	msgs := fx.messages(t)
	first := msgs[parent]
	if first.Actor != "alice" || first.Text != "message 0 & @bob" || !first.At.Equal(opened.Add(10*time.Minute).Add(100*time.Microsecond)) {
		t.Errorf("mapped message: actor %q text %q at %s", first.Actor, first.Text, first.At)
	}
	if first.Ref != timeline.SlackRef("C0INCIDENT", parent) || first.Attr(timeline.AttrPermalink) != "https://acme.slack.com/archives/C0INCIDENT/p"+strings.Replace(parent, ".", "", 1) {
		t.Errorf("ref %q permalink %q", first.Ref, first.Attr(timeline.AttrPermalink))
	}
	if r := msgs[ts(20*time.Minute, 2)]; r.Attr(timeline.AttrThread) != parent || r.Actor != "bob" {
		t.Errorf("reply: %+v", r)
	}
	if _, ok := msgs[ts(-2*time.Hour, 1)]; ok {
		t.Errorf("a message from before the window was stored")
	}
	names, _ := fx.store.Cached(context.Background(), "slack/user/")
	if names[UserKey("U2")] != "bob" {
		t.Errorf("names not cached: %v", names)
	}

	// An unchanged channel: one history request for what is newer than
	// the newest message read, which (oldest being exclusive) is nothing.
	head, _ := fx.store.Head(context.Background())
	for range 2 {
		calls = fx.requests(func() { res = fx.sync(t) })
		if res.Err != nil || res.Stored != 0 || res.Duplicates != 0 || res.Updated != 0 {
			t.Fatalf("re-sync: %+v; want nothing read again", res)
		}
		if !maps.Equal(calls, historyOnly) {
			t.Errorf("re-sync of an unchanged channel made %v, want %v", calls, historyOnly)
		}
	}

	// --full re-reads the window: Slack now sends up to the 200 asked for,
	// so 250 messages are 2 pages, and nothing else needs asking.
	fx.fake.PageSize = 1000
	calls = fx.requests(func() { res = fx.syncFull(t) })
	if res.Err != nil || res.Stored != 0 || res.Updated != 0 {
		t.Fatalf("full re-sync: %+v", res)
	}
	if want := map[string]int{"conversations.history": 2}; !maps.Equal(calls, want) {
		t.Errorf("full re-sync of an unchanged channel made %v, want %v", calls, want)
	}
	if again, _ := fx.store.Head(context.Background()); again != head {
		t.Errorf("unchanged re-syncs changed the store: head %d → %d", head, again)
	}
}

func TestSyncReadsOnlyWhatIsNew(t *testing.T) {
	fx := setup(t, "")
	fx.fake.Users["U3"] = "carol"
	fx.addMessages(150, 10*time.Minute)
	if res := fx.sync(t); res.Err != nil || res.Stored != 150 {
		t.Fatalf("first sync: %+v", res)
	}
	ch := fx.channel()
	// A thread on the newest message already read gains a reply: the
	// parent is not read again, so neither is its thread.
	ch.Messages[149].ReplyCount, ch.Messages[149].LatestReply = 1, ts(time.Hour, 9)
	ch.Replies[ch.Messages[149].TS] = []slacktest.Message{{Type: "message", User: "U2", TS: ts(time.Hour, 9), ThreadTS: ch.Messages[149].TS, Text: "late"}}
	parent := ts(2*time.Hour, 1)
	ch.Messages = append(ch.Messages,
		slacktest.Message{Type: "message", User: "U1", TS: ts(2*time.Hour, 2), Text: "new message"},
		slacktest.Message{Type: "message", User: "U2", TS: parent, Text: "new thread", ReplyCount: 1, LatestReply: ts(2*time.Hour, 3)})
	ch.Replies[parent] = []slacktest.Message{{Type: "message", User: "U3", TS: ts(2*time.Hour, 3), ThreadTS: parent, Text: "reply from <@U1>"}}

	var res integrations.Result
	calls := fx.requests(func() { res = fx.sync(t) })
	if res.Err != nil || res.Stored != 3 || res.Duplicates != 0 {
		t.Fatalf("%+v; want the 2 new messages and the new thread's reply, nothing read twice", res)
	}
	// One history page, the new thread, the one user not yet known.
	if want := map[string]int{"conversations.history": 1, "conversations.replies": 1, "users.info": 1}; !maps.Equal(calls, want) {
		t.Errorf("sync of 2 new messages and a new thread made %v, want %v", calls, want)
	}
	msgs := fx.messages(t)
	if r := msgs[ts(2*time.Hour, 3)]; r.Attr(timeline.AttrThread) != parent || r.Actor != "carol" || r.Text != "reply from @alice" {
		t.Errorf("reply in the new thread: %+v", r)
	}
	if _, ok := msgs[ts(time.Hour, 9)]; ok {
		t.Errorf("a late reply to an older thread was read without --full")
	}
	if calls = fx.requests(func() { res = fx.sync(t) }); res.Err != nil || res.Stored != 0 || !maps.Equal(calls, historyOnly) {
		t.Errorf("re-sync: %+v, %v; want nothing stored and %v", res, calls, historyOnly)
	}

	// The window reaching back (an earlier milestone, from PagerDuty say)
	// makes the next sync full by itself.
	ch.Messages = append(ch.Messages, slacktest.Message{Type: "message", User: "U1", TS: ts(-50*time.Minute, 1), Text: "deploy 412 is out"})
	if _, err := fx.store.Append(context.Background(), timeline.Event{Incident: fx.inc.ID, At: opened.Add(-40 * time.Minute),
		Source: timeline.SourceCLI, Kind: timeline.KindMilestone, Attrs: map[string]string{timeline.AttrMilestone: string(timeline.Started)}}); err != nil {
		t.Fatal(err)
	}
	calls = fx.requests(func() { res = fx.sync(t) })
	if res.Err != nil || res.Stored != 2 {
		t.Fatalf("%+v; want the message now in the window and the late reply, read by a full pass", res)
	}
	// 154 messages are 2 pages of 100; the older thread's change shows.
	if want := map[string]int{"conversations.history": 2, "conversations.replies": 1}; !maps.Equal(calls, want) {
		t.Errorf("sync of a wider window made %v, want %v", calls, want)
	}
	if calls = fx.requests(func() { res = fx.sync(t) }); res.Err != nil || res.Stored != 0 || !maps.Equal(calls, historyOnly) {
		t.Errorf("re-sync: %+v, %v; want nothing stored and %v", res, calls, historyOnly)
	}
}

func TestSyncWaitsOutRateLimit(t *testing.T) {
	fx := setup(t, "")
	fx.addMessages(3, time.Minute)
	fx.fake.RateLimit["conversations.history"] = 1
	fx.fake.RetryAfter = 7
	res := fx.sync(t)
	if res.Err != nil || res.Stored != 3 {
		t.Fatalf("%+v", res)
	}
	if len(fx.waits) != 1 || fx.waits[0] != 7*time.Second {
		t.Errorf("waits = %v, want one of 7s (Retry-After)", fx.waits)
	}
	if len(fx.notes) != 1 || !strings.Contains(fx.notes[0], "Retry-After") {
		t.Errorf("progress = %q", fx.notes)
	}
}

func TestSyncResumesWhereRateLimitStoppedIt(t *testing.T) {
	fx := setup(t, "")
	fx.addMessages(150, time.Minute)
	// The first page succeeds; the second is refused more often than the
	// client waits.
	limited := false
	fx.runner.Sources[0] = hookedSource{Source: fx.src, afterEmit: func() {
		if limited {
			return
		}
		limited = true
		fx.fake.Lock()
		fx.fake.RateLimit["conversations.history"] = 10
		fx.fake.Unlock()
	}}
	res := fx.sync(t)
	if res.Err == nil || res.Stored != 100 || !strings.Contains(res.Err.Error(), "rate limited") {
		t.Fatalf("first sync: %+v; want page 1 stored, then a rate-limit error", res)
	}
	fx.fake.RateLimit["conversations.history"] = 0
	calls := fx.requests(func() { res = fx.sync(t) })
	if res.Err != nil || res.Stored != 50 {
		t.Fatalf("resumed sync: %+v; want the remaining 50", res)
	}
	if !maps.Equal(calls, historyOnly) {
		t.Errorf("resume made %v, want %v (page 2 only)", calls, historyOnly)
	}
	// The backfill finished: from now on only what is new is asked for.
	if calls = fx.requests(func() { res = fx.sync(t) }); res.Err != nil || res.Stored != 0 || res.Duplicates != 0 || !maps.Equal(calls, historyOnly) {
		t.Errorf("re-sync after the resumed backfill: %+v, %v; want nothing read again and %v", res, calls, historyOnly)
	}
}

// hookedSource runs afterEmit after each page the runner stores.
type hookedSource struct {
	*Source
	afterEmit func()
}

func (h hookedSource) Sync(ctx context.Context, inc incident.Incident, c []byte, emit func(integrations.Page) error) error {
	return h.Source.Sync(ctx, inc, c, func(p integrations.Page) error {
		err := emit(p)
		h.afterEmit()
		return err
	})
}

func TestSyncErrorsSayWhatToDo(t *testing.T) {
	t.Run("invalid_auth", func(t *testing.T) {
		fx := setup(t, "")
		fx.fake.Token = "xoxb-other"
		res := fx.sync(t)
		var apiErr *Error
		if !errors.As(res.Err, &apiErr) || !apiErr.IsAuth() || !strings.Contains(res.Err.Error(), "SLACK_TOKEN") {
			t.Fatalf("err = %v", res.Err)
		}
	})
	t.Run("channel_not_found", func(t *testing.T) {
		fx := setup(t, "")
		delete(fx.fake.Channels, "C0INCIDENT")
		res := fx.sync(t)
		if res.Err == nil || !strings.Contains(res.Err.Error(), "channel_not_found") || !strings.Contains(res.Err.Error(), "/invite") {
			t.Fatalf("err = %v", res.Err)
		}
		if n := len(fx.messages(t)); n != 0 {
			t.Errorf("stored %d messages", n)
		}
	})
	t.Run("new cursors forever, nothing new", func(t *testing.T) {
		fx := setup(t, "")
		fx.addMessages(5, time.Minute)
		ch := fx.channel()
		ch.Messages[1].ReplyCount, ch.Messages[1].LatestReply = 1, ts(5*time.Minute, 1)
		ch.Replies = map[string][]slacktest.Message{ch.Messages[1].TS: {{TS: ts(5*time.Minute, 1), User: "U1", Text: "a reply", ThreadTS: ch.Messages[1].TS}}}
		fx.fake.EndlessCursor = true
		res := fx.sync(t)
		if !errors.Is(res.Err, ErrStuckCursor) || res.Stored != 6 {
			t.Fatalf("%+v", res)
		}
		if got := fx.fake.Calls("conversations.history"); got != 2 {
			t.Errorf("history calls = %d, want 2 (the second brought nothing new)", got)
		}
		if got := fx.fake.Calls("conversations.replies"); got > 2 {
			t.Errorf("replies calls = %d, want at most 2", got)
		}
	})
	t.Run("cursor that never advances", func(t *testing.T) {
		fx := setup(t, "")
		fx.addMessages(5, time.Minute)
		fx.fake.StuckCursor = true
		res := fx.sync(t)
		if !errors.Is(res.Err, ErrStuckCursor) || res.Stored != 5 {
			t.Fatalf("%+v", res)
		}
		if got := fx.fake.Calls("conversations.history"); got != 2 {
			t.Errorf("history calls = %d, want 2 (then stop)", got)
		}
		cursor, _ := fx.store.Cursor(context.Background(), incident.CursorKey{Incident: fx.inc.ID, Source: "slack"})
		if strings.Contains(string(cursor), `"pass"`) {
			t.Errorf("the stuck pass was kept, so the next sync would loop on it: %s", cursor)
		}
	})
}

func TestSyncFullPicksUpEditsDeletionsAndLateReplies(t *testing.T) {
	fx := setup(t, "")
	fx.addMessages(4, time.Minute)
	ch := fx.channel()
	parent := ch.Messages[1].TS
	ch.Messages[1].ReplyCount, ch.Messages[1].LatestReply = 1, ts(5*time.Minute, 1)
	ch.Replies[parent] = []slacktest.Message{{Type: "message", User: "U2", TS: ts(5*time.Minute, 1), ThreadTS: parent, Text: "first reply"}}
	if res := fx.sync(t); res.Err != nil || res.Stored != 5 {
		t.Fatalf("%+v", res)
	}
	edited, deleted := ch.Messages[0].TS, ch.Messages[2].TS
	ch.Messages[0].Text = "rolled back to v412"
	ch.Messages[0].Edited = &slacktest.Edited{User: "U1", TS: ts(2*time.Hour, 1)}
	ch.Messages = append(ch.Messages[:2], ch.Messages[3:]...)
	ch.Messages[1].ReplyCount, ch.Messages[1].LatestReply = 2, ts(90*time.Minute, 1)
	ch.Replies[parent] = append(ch.Replies[parent], slacktest.Message{Type: "message", User: "U1", TS: ts(90*time.Minute, 1), ThreadTS: parent, Text: "late reply"})

	// A default sync asks only for newer messages: none of this shows.
	var res integrations.Result
	calls := fx.requests(func() { res = fx.sync(t) })
	if res.Err != nil || res.Stored != 0 || res.Updated != 0 || !maps.Equal(calls, historyOnly) {
		t.Fatalf("default sync: %+v, %v; want nothing changed and %v", res, calls, historyOnly)
	}

	calls = fx.requests(func() { res = fx.syncFull(t) })
	if res.Err != nil || res.Stored != 2 || res.Updated != 1 {
		t.Fatalf("%+v; want the late reply and one hide flag stored, one edit applied", res)
	}
	if want := map[string]int{"conversations.history": 1, "conversations.replies": 1}; !maps.Equal(calls, want) {
		t.Errorf("full sync made %v, want %v", calls, want)
	}
	msgs := fx.messages(t)
	if e := msgs[edited]; e.Text != "rolled back to v412" || e.Attr(AttrOriginal) != "message 0 & @bob" || e.Attr(AttrEdited) == "" ||
		e.Actor != "alice" || e.Attr(timeline.AttrPermalink) == "" {
		t.Errorf("edit: actor %q text %q attrs %v", e.Actor, e.Text, e.Attrs)
	}
	if _, ok := msgs[ts(90*time.Minute, 1)]; !ok {
		t.Errorf("late reply in an old thread not stored")
	}
	inc, _ := fx.store.Get(context.Background(), fx.inc.ID)
	if !inc.IsHidden(MessageID("C0INCIDENT", deleted)) || len(inc.Hidden) != 1 {
		t.Errorf("hidden = %v, want only the deleted message %s", inc.Hidden, MessageID("C0INCIDENT", deleted))
	}
	calls = fx.requests(func() { res = fx.sync(t) })
	if res.Err != nil || res.Stored != 0 {
		t.Errorf("third sync: %+v", res)
	}
	head, _ := fx.store.Head(context.Background())
	if !maps.Equal(calls, historyOnly) {
		t.Errorf("third sync made %v, want %v", calls, historyOnly)
	}
	calls = fx.requests(func() { res = fx.syncFull(t) })
	if res.Err != nil || res.Stored != 0 || res.Updated != 0 || !maps.Equal(calls, historyOnly) {
		t.Errorf("unchanged full sync: %+v, %v; want nothing changed and %v", res, calls, historyOnly)
	}
	if again, _ := fx.store.Head(context.Background()); again != head {
		t.Errorf("an unchanged sync rewrote events: head %d → %d", head, again)
	}
}

// An edit comes back as a Page.Update with the edit's record in the
// cursor, both in the page's one write: Sync itself writes nothing.
func TestSyncSendsEditsAsPageUpdates(t *testing.T) {
	fx := setup(t, "")
	fx.addMessages(2, time.Minute)
	if res := fx.sync(t); res.Err != nil || res.Stored != 2 {
		t.Fatalf("%+v", res)
	}
	fx.channel().Messages[1].Text = "edited"
	fx.channel().Messages[1].Edited = &slacktest.Edited{User: "U2", TS: ts(time.Hour, 1)}
	src := *fx.src
	src.opts.Full = true
	cursor, err := fx.store.Cursor(context.Background(), incident.CursorKey{Incident: fx.inc.ID, Source: "slack"})
	if err != nil {
		t.Fatal(err)
	}
	head, _ := fx.store.Head(context.Background())
	var pages []integrations.Page
	err = src.Sync(context.Background(), fx.inc, cursor, func(p integrations.Page) error {
		pages = append(pages, p)
		return nil
	})
	if err != nil || len(pages) != 1 {
		t.Fatalf("%d pages, %v", len(pages), err)
	}
	u := pages[0].Updates
	if len(u) != 1 || u[0].ID != MessageID("C0INCIDENT", fx.channel().Messages[1].TS) || u[0].Text != "edited" ||
		u[0].Attr(AttrOriginal) != "message 1 & @bob" || u[0].Attr(AttrEdited) != ts(time.Hour, 1) || u[0].Actor != "bob" {
		t.Errorf("updates = %+v", u)
	}
	if !strings.Contains(string(pages[0].Cursor), ts(time.Hour, 1)) {
		t.Errorf("the cursor does not record the edit: %s", pages[0].Cursor)
	}
	if again, _ := fx.store.Head(context.Background()); again != head {
		t.Errorf("Sync wrote to the store itself: head %d → %d", head, again)
	}
}

func TestSyncCaptureByReaction(t *testing.T) {
	fx := setup(t, "reaction:pushpin")
	fx.addMessages(3, time.Minute)
	fx.channel().Messages[1].Reactions = []slacktest.Reaction{{Name: "pushpin", Users: []string{"U2"}, Count: 1}}
	if res := fx.sync(t); res.Err != nil || res.Stored != 1 {
		t.Fatalf("%+v; want only the 📌 message", res)
	}
	fx.channel().Messages[2].Reactions = []slacktest.Reaction{{Name: "pushpin::skin-tone-2", Users: []string{"U1"}, Count: 1}}
	if res := fx.sync(t); res.Err != nil || res.Stored != 0 {
		t.Fatalf("%+v; a default sync reads only newer messages", res)
	}
	if res := fx.syncFull(t); res.Err != nil || res.Stored != 1 {
		t.Fatalf("%+v; a message marked later is captured by the next full sync", res)
	}
	// Another capture mode makes the next sync full by itself.
	if _, err := fx.store.Write(context.Background(), incident.Batch{Settings: []incident.Setting{{Incident: fx.inc.ID, Name: SettingCapture, Value: "all"}}}); err != nil {
		t.Fatal(err)
	}
	var res integrations.Result
	if calls := fx.requests(func() { res = fx.sync(t) }); res.Err != nil || res.Stored != 1 || !maps.Equal(calls, historyOnly) {
		t.Fatalf("%+v, %v; want the unmarked message stored after the switch to all, with %v", res, calls, historyOnly)
	}
}

func TestSyncResolvesChannelName(t *testing.T) {
	fx := setup(t, "")
	fx.addMessages(2, time.Minute)
	inc, err := fx.store.Create(context.Background(), incident.NewIncident{Title: "by name", Actor: "t", At: opened,
		Links: map[string]string{"slack": "#inc-checkout"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := fx.runner.Sync(context.Background(), inc.ID)
	if err != nil || res[0].Err != nil || res[0].Stored != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	inc, _ = fx.store.Get(context.Background(), inc.ID)
	if inc.Links["slack"] != "C0INCIDENT" {
		t.Errorf("link = %q, want the resolved ID", inc.Links["slack"])
	}
	if _, err := fx.runner.Sync(context.Background(), inc.ID); err != nil || fx.fake.Calls("conversations.list") != 1 {
		t.Errorf("the name was resolved again: %d conversations.list calls (%v)", fx.fake.Calls("conversations.list"), err)
	}
}
