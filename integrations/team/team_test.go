package team

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

func connect(t *testing.T, url, team string) *Client {
	t.Helper()
	c, err := Connect(context.Background(), Config{URL: url, Team: team}, ConnectOptions{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// teamStore is a store in team mode whose hooks publish through c.
func teamStore(t *testing.T, c *Client, name string) *incident.Store {
	t.Helper()
	var s *incident.Store
	s = incident.New(t.TempDir()+"/"+name+".db", incident.Options{LockTimeout: 5 * time.Second, Team: &incident.TeamHooks{
		Publish: func(ctx context.Context) {
			if _, err := c.Publish(ctx, s, 2*time.Second); err != nil {
				t.Errorf("publish from %s: %v", name, err)
			}
		},
		Number: c.NextIncidentNumber,
		Pull: func(ctx context.Context, id string) error {
			_, err := c.Pull(ctx, s, id)
			return err
		},
	}})
	return s
}

func TestTwoMachinesShareOneTimeline(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t, "")
	admin := connect(t, srv.ClientURL(), "ops")
	res, err := admin.Init(ctx, 1)
	if err != nil || !res.Created || res.Stream != "SITREP_OPS" {
		t.Fatalf("init: %+v %v", res, err)
	}
	if res, err = admin.Init(ctx, 1); err != nil || res.Created {
		t.Fatalf("second init must update: %+v %v", res, err)
	}
	a := teamStore(t, connect(t, srv.ClientURL(), "ops"), "a")
	cb := connect(t, srv.ClientURL(), "ops")
	b := teamStore(t, cb, "b")

	inc, err := a.Create(ctx, incident.NewIncident{Title: "checkout 500s", Severity: 2, Actor: "alice"})
	if err != nil || inc.ID != "INC-1" {
		t.Fatalf("open: %+v %v", inc, err)
	}
	slack := timeline.Event{Incident: inc.ID, Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: "carol", Text: "is checkout down?", Ref: "slack/C1/1700000000.000100"}
	if _, err := a.Append(ctx, note(inc.ID, "rolled back"), slack); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := a.Outbox(ctx, 0); n != 0 {
		t.Fatalf("outbox after acknowledged publish: %d", n)
	}
	// B has not seen INC-1: naming it pulls it.
	got, err := b.Get(ctx, inc.ID)
	if err != nil || got.Title != "checkout 500s" || got.Severity != 2 || got.EventCount != 5 {
		t.Fatalf("pulled incident %+v %v", got, err)
	}
	// The same Slack message synced on B too: stored once on each.
	dup := slack
	if res, err := b.Append(ctx, dup); err != nil || res.Duplicates != 1 {
		t.Fatalf("B's own copy of the Slack message: %+v %v", res, err)
	}
	if _, err := b.Append(ctx, note(inc.ID, "from B")); err != nil {
		t.Fatal(err)
	}
	fa, err := connect(t, srv.ClientURL(), "ops").CatchUp(ctx, a, FollowOptions{})
	if err != nil || fa.Stored != 1 {
		t.Fatalf("A catch-up: %+v %v", fa, err)
	}
	// A new machine gets the whole history.
	c := newStore(t, "c")
	fc, err := cb.CatchUp(ctx, c, FollowOptions{})
	if err != nil || fc.Stored != 6 || fc.Seq == 0 {
		t.Fatalf("late joiner: %+v %v", fc, err)
	}
	for _, s := range []*incident.Store{a, b, c} {
		evs, err := s.Events(ctx, inc.ID, incident.Query{})
		if err != nil || len(evs) != 6 {
			t.Fatalf("%s: %d events %v", s.Path(), len(evs), err)
		}
		slackCopies := 0
		for _, e := range evs {
			if e.Ref == slack.Ref {
				slackCopies++
			}
		}
		if slackCopies != 1 {
			t.Fatalf("%s holds the Slack message %d times", s.Path(), slackCopies)
		}
	}
	st, err := cb.Status(ctx, c)
	if err != nil || st.Behind != 0 || st.Outbox != 0 || st.LastSeq != fc.Seq {
		t.Fatalf("status %+v %v", st, err)
	}
}

func note(id, text string) timeline.Event {
	return timeline.Event{Incident: id, Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "alice", Text: text}
}

func TestIncidentNumbersAreTeamWide(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t, "")
	if _, err := connect(t, srv.ClientURL(), "ops").Init(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clients := []*Client{connect(t, srv.ClientURL(), "ops"), connect(t, srv.ClientURL(), "ops")}
	var mu sync.Mutex
	seen := map[uint64]bool{}
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(c *Client) {
			defer wg.Done()
			n, err := c.NextIncidentNumber(ctx, 0)
			mu.Lock()
			defer mu.Unlock()
			if err != nil || seen[n] {
				t.Errorf("number %d err %v (seen before: %v)", n, err, seen[n])
			}
			seen[n] = true
		}(clients[i%2])
	}
	wg.Wait()
	if len(seen) != 16 || !seen[1] || !seen[16] {
		t.Fatalf("numbers %v", seen)
	}
	// A machine whose store already used 40 never gets a number at or below it.
	if n, err := clients[0].NextIncidentNumber(ctx, 40); err != nil || n != 41 {
		t.Fatalf("after local 40: %d %v", n, err)
	}
}

func TestMalformedAndOversizedMessagesAreSkipped(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t, "max_payload: 4MB")
	c := connect(t, srv.ClientURL(), "ops")
	// A stream made by hand, without sitrep's size limit.
	if _, err := c.js.CreateStream(ctx, jetstream.StreamConfig{Name: "SITREP_OPS", Subjects: []string{"sitrep.ops.>"}}); err != nil {
		t.Fatal(err)
	}
	good := func(text string) []byte {
		b, _ := json.Marshal(timeline.Event{ID: "01J" + strings.ToUpper(text), Incident: "INC-3", At: time.Now().UTC(), Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "x", Text: text})
		return b
	}
	for _, m := range []struct {
		subject string
		data    []byte
	}{
		{"sitrep.ops.INC-3", good("first")},
		{"sitrep.ops.INC-3", []byte("\x1b[31mnot json")},
		{"sitrep.ops.INC-3", []byte(`{"id":"X","incident":"INC-3","kind":"bogus","source":"cli","at":"2026-01-01T00:00:00Z"}`)},
		{"sitrep.ops.INC-9", good("wrongsubject")},
		{"sitrep.ops.INC-3", append(good("big"), make([]byte, 2<<20)...)},
		{"sitrep.ops.INC-3", good("last")},
	} {
		if _, err := c.js.PublishMsg(ctx, &nats.Msg{Subject: m.subject, Data: m.data}); err != nil {
			t.Fatal(err)
		}
	}
	s := newStore(t, "x")
	var warnings []string
	res, err := c.CatchUp(ctx, s, FollowOptions{Warn: func(w string) { warnings = append(warnings, w) }})
	if err != nil || res.Stored != 2 || res.Skipped != 4 || res.Seq != 6 {
		t.Fatalf("catch-up %+v %v", res, err)
	}
	for _, w := range warnings {
		if strings.ContainsRune(w, 0x1b) {
			t.Fatalf("warning carries a control sequence: %q", w)
		}
	}
	if len(warnings) != 4 || !strings.Contains(warnings[3], "over the 1048576-byte limit") {
		t.Fatalf("warnings %q", warnings)
	}
	if seq, _ := s.TeamSequence(ctx); seq != 6 {
		t.Fatalf("stored sequence %d", seq)
	}
}

func TestTeamsCannotReadOrWriteEachOther(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t, teamUsersConf("a", "b"))
	url := func(user string) string { return fmt.Sprintf("nats://%s:%s-pw@%s", user, user, hostPort(srv)) }
	for _, team := range []string{"a", "b"} {
		if _, err := connect(t, url(team), team).Init(ctx, 1); err != nil {
			t.Fatalf("init %s: %v", team, err)
		}
	}
	a := teamStore(t, connect(t, url("a"), "a"), "a")
	inc, err := a.Create(ctx, incident.NewIncident{Title: "team a only", Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	// Team b's credentials pointed at team a.
	intruder, err := Connect(ctx, Config{URL: url("b"), Team: "a"}, ConnectOptions{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer intruder.Close()
	var published error
	var s *incident.Store
	s = incident.New(t.TempDir()+"/b.db", incident.Options{LockTimeout: 5 * time.Second, Team: &incident.TeamHooks{
		Publish: func(ctx context.Context) { _, published = intruder.Publish(ctx, s, time.Second) },
	}})
	if _, err := intruder.CatchUp(ctx, s, FollowOptions{}); err == nil || !strings.Contains(err.Error(), `does not allow these credentials to use team "a"`) {
		t.Fatalf("reading team a with b's credentials: %v", err)
	}
	if _, err := intruder.Pull(ctx, s, inc.ID); err == nil || !strings.Contains(err.Error(), "does not allow") {
		t.Fatalf("pulling team a's incident with b's credentials: %v", err)
	}
	if _, err := s.Receive(ctx, []timeline.Event{{ID: "01JFAKE", Incident: inc.ID, At: time.Now(), Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "mallory", Text: "forged"}}, nil, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, note(inc.ID, "forged too")); err != nil {
		t.Fatal(err)
	}
	if published == nil || !strings.Contains(published.Error(), "does not allow") {
		t.Fatalf("writing into team a with b's credentials: %v", published)
	}
	if _, n, _ := s.Outbox(ctx, 0); n != 1 {
		t.Fatalf("the refused note left the outbox: %d", n)
	}
	if evs, _ := a.Events(ctx, inc.ID, incident.Query{}); len(evs) != 2 {
		t.Fatalf("team a's incident changed: %d events", len(evs))
	}
	if n, err := intruder.NextIncidentNumber(ctx, 0); err == nil {
		t.Fatalf("team b took team a's number %d", n)
	}
}

// teamUsersConf is a server configuration with one user per team, each
// allowed only its team's subjects, stream and KV bucket.
func teamUsersConf(teams ...string) string {
	var users []string
	for _, team := range teams {
		cfg := Config{Team: team}
		users = append(users, fmt.Sprintf(`{ user: %s, password: %s-pw, permissions: { publish: { allow: %s }, subscribe: { allow: ["_INBOX.>"] } } }`,
			team, team, quoteList(PermittedSubjects(cfg))))
	}
	return "authorization { users = [\n" + strings.Join(users, ",\n") + "\n] }\n"
}

func quoteList(l []string) string {
	return `["` + strings.Join(l, `", "`) + `"]`
}

// A chat edit applied on one machine reaches the others: by ID where they
// hold the team's copy, by Ref where they synced the message themselves.
func TestEditsReachOtherMachines(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t, "")
	if _, err := connect(t, srv.ClientURL(), "ops").Init(ctx, 1); err != nil {
		t.Fatal(err)
	}
	ca, cb := connect(t, srv.ClientURL(), "ops"), connect(t, srv.ClientURL(), "ops")
	a, b := teamStore(t, ca, "a"), teamStore(t, cb, "b")
	inc, err := a.Create(ctx, incident.NewIncident{Title: "relay", Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(ctx, inc.ID); err != nil { // pulls the incident
		t.Fatal(err)
	}
	msg := timeline.Event{Incident: inc.ID, Source: timeline.SourceSlack, Kind: timeline.KindMessage, Actor: "carol", Text: "relay is donw", Ref: "slack/C1/1.000200"}
	res, err := a.Append(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	own, err := b.Append(ctx, msg) // B syncs the same message: its own ID
	if err != nil || len(own.Stored) != 1 || own.Stored[0].ID == res.Stored[0].ID {
		t.Fatalf("B's own copy: %+v %v", own, err)
	}
	c := newStore(t, "c") // holds the team's copy, A's ID
	if _, err := cb.CatchUp(ctx, c, FollowOptions{}); err != nil {
		t.Fatal(err)
	}
	edit := res.Stored[0]
	edit.Text = "relay is down"
	if _, err := a.Write(ctx, incident.Batch{Updates: []timeline.Event{edit}}); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := a.Outbox(ctx, 0); n != 0 {
		t.Fatalf("the edit is still queued: %d", n)
	}
	for s, id := range map[*incident.Store]string{b: own.Stored[0].ID, c: edit.ID} {
		got, err := cb.CatchUp(ctx, s, FollowOptions{})
		if err != nil || got.Edited != 1 {
			t.Fatalf("%s: catch-up %+v %v", s.Path(), got, err)
		}
		e, err := s.Event(ctx, id)
		if err != nil || e.Text != "relay is down" {
			t.Fatalf("%s: %+v %v", s.Path(), e, err)
		}
		if _, n, _ := s.Outbox(ctx, 0); n != 0 {
			t.Fatalf("%s: a received edit went into the outbox", s.Path())
		}
	}
	// Publishing the same edit again is one stream message, not two.
	if _, err := a.Write(ctx, incident.Batch{Updates: []timeline.Event{edit}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := cb.CatchUp(ctx, c, FollowOptions{}); got.Edited != 0 || got.Stored != 0 {
		t.Fatalf("an unchanged edit arrived again: %+v", got)
	}
}
