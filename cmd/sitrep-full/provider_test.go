package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/timeline"
)

// relay is a made-up third integration, defined only in this test: a chat
// service with rooms, reached over HTTP (relayService below). It offers a
// sync source, a link, a note poster and a webhook route, and nothing in
// cmd knows it beyond the one line that registers it.
func relayProvider() integrations.Provider {
	base := func(env integrations.Env) (string, error) {
		u := env.Getenv("RELAY_URL")
		if u == "" {
			return "", integrations.Hint(errors.New("RELAY_URL is not set"), "export RELAY_URL")
		}
		return u, nil
	}
	return integrations.Provider{
		Name: "relay", Title: "Relay", Help: "Relay:\n  RELAY_URL  the service",
		Source: func(env integrations.Env, opts integrations.SyncOptions) (integrations.Source, error) {
			u, err := base(env)
			if err != nil {
				return nil, err
			}
			return relaySource{url: u, client: env.Client()}, nil
		},
		Link: func(ctx context.Context, env integrations.Env, inc incident.Incident, arg string, opts integrations.LinkOptions) (integrations.Linked, error) {
			room := strings.TrimPrefix(arg, "@")
			if room == "" {
				return integrations.Linked{}, integrations.Usage(errors.New("give a room"))
			}
			e := timeline.Event{Source: timeline.SourceCLI, Kind: timeline.KindLink, Actor: opts.Actor, Text: "linked relay " + room,
				Attrs: map[string]string{timeline.AttrSource: "relay", timeline.AttrExternalID: room}}
			return integrations.Linked{Events: []timeline.Event{e}, Done: inc.ID + " is linked to relay " + room}, nil
		},
		LinkHelp: integrations.LinkHelp{Arg: "ROOM", Short: "Link a relay room", OpenUsage: "link a relay room"},
		Poster: func(env integrations.Env) (integrations.NotePoster, error) {
			u, err := base(env)
			if err != nil {
				return nil, err
			}
			return relaySource{url: u, client: env.Client()}, nil
		},
		Route: func(env integrations.Env, _ integrations.ServeOptions) (integrations.Route, error) {
			return integrations.Route{Pattern: "POST /webhooks/relay", Handler: relayWebhook{store: env.Store}}, nil
		},
	}
}

type relayMessage struct {
	ID   int    `json:"id"`
	Room string `json:"room"`
	User string `json:"user"`
	Text string `json:"text"`
}

func relayRef(m relayMessage) string { return "relay/" + m.Room + "/" + strconv.Itoa(m.ID) }

func (m relayMessage) event(incidentID string) timeline.Event {
	return timeline.Event{Incident: incidentID, Source: "relay", Kind: timeline.KindMessage, Actor: m.User, Text: m.Text, Ref: relayRef(m)}
}

type relaySource struct {
	url    string
	client *http.Client
}

func (relaySource) Name() string { return "relay" }

// Sync reads the room's messages after the cursor (the last id read).
func (r relaySource) Sync(ctx context.Context, inc incident.Incident, cursor []byte, emit func(integrations.Page) error) error {
	after, _ := strconv.Atoi(string(cursor))
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/rooms/%s?after=%d", r.url, inc.Links["relay"], after), nil)
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var msgs []relayMessage
	if err := json.NewDecoder(resp.Body).Decode(&msgs); err != nil {
		return err
	}
	page := integrations.Page{Cursor: []byte(strconv.Itoa(after))}
	for _, m := range msgs {
		page.Events = append(page.Events, m.event(inc.ID))
		page.Cursor = []byte(strconv.Itoa(m.ID))
	}
	return emit(page)
}

// PostNote posts the note to the room and returns the Ref its sync gives it.
func (r relaySource) PostNote(ctx context.Context, inc incident.Incident, e timeline.Event) (string, map[string]string, error) {
	body, _ := json.Marshal(relayMessage{User: e.Actor, Text: e.Text})
	req, _ := http.NewRequestWithContext(ctx, "POST", r.url+"/rooms/"+inc.Links["relay"], bytes.NewReader(body))
	resp, err := r.client.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	var m relayMessage
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return "", nil, err
	}
	return relayRef(m), nil, nil
}

type relayWebhook struct{ store *incident.Store }

func (h relayWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, ok := integrations.ReadBody(w, r)
	if !ok {
		return
	}
	var m relayMessage
	if json.Unmarshal(body, &m) != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	incs, err := h.store.List(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	for _, inc := range incs {
		if inc.Links["relay"] == m.Room {
			if _, err := h.store.Append(r.Context(), m.event(inc.ID)); err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
	}
}

// relayService is the external service: rooms of messages, in memory.
type relayService struct {
	mu    sync.Mutex
	msgs  []relayMessage
	posts int
}

func (s *relayService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	room := strings.TrimPrefix(r.URL.Path, "/rooms/")
	switch r.Method {
	case "GET":
		after, _ := strconv.Atoi(r.URL.Query().Get("after"))
		out := []relayMessage{}
		for _, m := range s.msgs {
			if m.Room == room && m.ID > after {
				out = append(out, m)
			}
		}
		json.NewEncoder(w).Encode(out)
	case "POST":
		var m relayMessage
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &m)
		s.posts++
		json.NewEncoder(w).Encode(s.add(room, m.User, m.Text))
	}
}

func (s *relayService) add(room, user, text string) relayMessage {
	m := relayMessage{ID: len(s.msgs) + 1, Room: room, User: user, Text: text}
	s.msgs = append(s.msgs, m)
	return m
}

// TestThirdProvider: an integration cmd has never heard of, registered by
// one line, is linked, opened with, synced, posted to and served.
func TestThirdProvider(t *testing.T) {
	svc := &relayService{}
	svc.add("war-room", "dana", "db failover started")
	api := httptest.NewServer(svc)
	defer api.Close()

	c := newCLI(t)
	c.env["RELAY_URL"] = api.URL
	withRelay := func() *Factory {
		f, _, _ := c.factory()
		f.Providers = append(slices.Clone(f.Providers), relayProvider()) // the one line
		return f
	}
	runRelay := func(args ...string) string {
		t.Helper()
		f := withRelay()
		var errb bytes.Buffer
		f.IO.ErrOut = &errb
		if code := run(context.Background(), args, f); code != 0 {
			t.Fatalf("sitrep %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
		}
		return errb.String()
	}

	runRelay("open", "replication lag", "--relay", "war-room")
	if inc, _ := c.store().Get(context.Background(), "1"); inc.Links["relay"] != "war-room" {
		t.Fatalf("open --relay: links %v", inc.Links)
	}
	if errs := runRelay("sync"); !strings.Contains(errs, "relay: 1 new events") {
		t.Errorf("sync: %q", errs)
	}
	runRelay("note", "--relay", "promoting the replica")
	if errs := runRelay("sync"); !strings.Contains(errs, "relay: 0 new events (1 already stored)") {
		t.Errorf("the posted note came back from sync as new: %q", errs)
	}

	// serve mounts its route beside the others.
	f := withRelay()
	logs := newLineWriter()
	f.IO.ErrOut = logs
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, f) }()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d", code)
		}
	}()
	var addr string
	deadline := time.After(10 * time.Second)
	for addr == "" {
		select {
		case line := <-logs.lines:
			addr, _ = strings.CutPrefix(line, "listening on ")
		case <-deadline:
			t.Fatal("serve did not start")
		}
	}
	body, _ := json.Marshal(relayMessage{ID: 99, Room: "war-room", User: "lee", Text: "replica is primary"})
	resp, err := http.Post(addr+"/webhooks/relay", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("webhook: %d", resp.StatusCode)
	}

	events, err := c.store().Events(context.Background(), "INC-1", incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		if e.Kind == timeline.KindMessage || e.Kind == timeline.KindNote {
			got = append(got, string(e.Source)+" "+e.Actor+": "+e.Text)
		}
	}
	want := []string{"relay dana: db failover started", "cli alice: promoting the replica", "relay lee: replica is primary"}
	if !slices.Equal(got, want) {
		t.Errorf("timeline:\n got %q\nwant %q", got, want)
	}
	if svc.posts != 1 {
		t.Errorf("the note was posted %d times, want once", svc.posts)
	}
}

// feedSource syncs every incident, linked or not: a bulletin feed.
type feedSource struct{}

func (feedSource) Name() string        { return "feed" }
func (feedSource) SyncsUnlinked() bool { return true }

func (feedSource) Sync(ctx context.Context, inc incident.Incident, cursor []byte, emit func(integrations.Page) error) error {
	return emit(integrations.Page{Events: []timeline.Event{{Incident: inc.ID, Source: "feed", Kind: timeline.KindMessage,
		Actor: "status page", Text: "degraded performance", Ref: "feed/" + inc.ID + "/1"}}, Cursor: []byte("1")})
}

// TestSourceOnlyProvider: an integration with nothing but a sync source
// adds no flags or subcommands, and syncs incidents that link nothing.
func TestSourceOnlyProvider(t *testing.T) {
	c := newCLI(t)
	feed := integrations.Provider{Name: "feed", Source: func(integrations.Env, integrations.SyncOptions) (integrations.Source, error) {
		return feedSource{}, nil
	}}
	runFeed := func(args ...string) (string, string, int) {
		f, out, errb := c.factory()
		f.Providers = append(slices.Clone(f.Providers), feed)
		code := run(context.Background(), args, f)
		return out.String(), errb.String(), code
	}
	if _, _, code := runFeed("open", "status page degraded"); code != 0 {
		t.Fatal("open failed")
	}
	for _, args := range [][]string{{"note", "--help"}, {"link", "--help"}, {"status", "--help"}, {"open", "--help"}} {
		if out, _, _ := runFeed(args...); strings.Contains(out, "feed") {
			t.Errorf("%v offers the source-only integration:\n%s", args, out)
		}
	}
	for range 2 {
		if _, errs, code := runFeed("sync"); code != 0 || !strings.Contains(errs, "feed: ") {
			t.Fatalf("sync: exit %d %q", code, errs)
		}
	}
	events, err := c.store().Events(context.Background(), "INC-1", incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Source == "feed" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d feed events after two syncs, want 1", n)
	}
}
