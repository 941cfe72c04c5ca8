// Package slacktest is an httptest fake of the part of Slack's Web API that
// sitrep uses (auth.test, conversations.list/history/replies, users.info,
// chat.postMessage). It behaves like Slack where sitrep depends on it:
// newest-first history bounded by oldest/latest, cursor pagination,
// threads, 429 with Retry-After, invalid_auth, channel_not_found, and, on
// request, a cursor that never advances. It can also serve the Web API
// spec's own examples verbatim. Any request it does not expect fails the
// test.
package slacktest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Message is a message as the fake stores and serves it.
type Message struct {
	Type        string     `json:"type"`
	Subtype     string     `json:"subtype,omitempty"`
	TS          string     `json:"ts"`
	ThreadTS    string     `json:"thread_ts,omitempty"`
	User        string     `json:"user,omitempty"`
	BotID       string     `json:"bot_id,omitempty"`
	Username    string     `json:"username,omitempty"`
	Text        string     `json:"text"`
	ReplyCount  int        `json:"reply_count,omitempty"`
	LatestReply string     `json:"latest_reply,omitempty"`
	PinnedTo    []string   `json:"pinned_to,omitempty"`
	Edited      *Edited    `json:"edited,omitempty"`
	Reactions   []Reaction `json:"reactions,omitempty"`
}

// Edited marks an edited message.
type Edited struct {
	User string `json:"user"`
	TS   string `json:"ts"`
}

// Reaction is one emoji reaction on a message.
type Reaction struct {
	Name  string   `json:"name"`
	Users []string `json:"users"`
	Count int      `json:"count"`
}

// Channel is a conversation with its top-level messages and its threads'
// replies (keyed by the parent's ts).
type Channel struct {
	ID, Name string
	Messages []Message
	Replies  map[string][]Message
}

// Server is the fake. Configure it before the code under test runs, or
// under Lock/Unlock while it does.
type Server struct {
	*httptest.Server
	t  testing.TB
	mu sync.Mutex

	Token    string // the accepted token; any other gets invalid_auth
	TeamURL  string
	Channels map[string]*Channel // by ID
	Users    map[string]string   // user ID → display name
	PageSize int                 // the most messages per page, whatever limit asks (default 100)

	// RateLimit makes the next N calls of a method ("conversations.history")
	// answer 429 with Retry-After: RetryAfter seconds.
	RateLimit  map[string]int
	RetryAfter int
	// StuckCursor makes history answer has_more with the same cursor
	// forever, as the spec's static example does.
	StuckCursor bool
	// EndlessCursor makes history and replies answer has_more with a new
	// cursor every time, and the same messages, as a broken proxy might.
	EndlessCursor bool

	// NextTS is the seconds part of the next posted message's ts.
	NextTS int64

	calls map[string]int
	// Posted lists chat.postMessage calls, in order.
	Posted []Message
}

// New starts a fake on a random port, closed by t.Cleanup.
func New(t testing.TB) *Server {
	s := &Server{
		t: t, Token: "xoxb-test", TeamURL: "https://acme.slack.com/",
		Channels: map[string]*Channel{}, Users: map[string]string{},
		RateLimit: map[string]int{}, RetryAfter: 30, calls: map[string]int{},
		NextTS: 1700000000,
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// URL is the API base to give the client (with the trailing "/"
// slack-go needs).
func (s *Server) URL() string { return s.Server.URL + "/api/" }

// Lock and Unlock guard changes made while the code under test runs.
func (s *Server) Lock()   { s.mu.Lock() }
func (s *Server) Unlock() { s.mu.Unlock() }

// Calls returns how many times a method was called (429s included).
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// CallCounts returns how many times each method was called (429s
// included), for asserting every endpoint a step used at once.
func (s *Server) CallCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

// TotalCalls returns the number of API calls made.
func (s *Server) TotalCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		n += c
	}
	return n
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok || r.Method != http.MethodPost {
		s.t.Errorf("slacktest: unexpected request %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.t.Errorf("slacktest: %s: bad form: %v", method, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.calls[method]++
	if n := s.RateLimit[method]; n > 0 {
		s.RateLimit[method] = n - 1
		w.Header().Set("Retry-After", strconv.Itoa(s.RetryAfter))
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = r.Form.Get("token")
	}
	if token != s.Token {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	switch method {
	case "auth.test":
		reply(w, map[string]any{"ok": true, "url": s.TeamURL, "team": "Acme", "user": "sitrep", "team_id": "T1", "user_id": "U0BOT"})
	case "conversations.list":
		s.list(w)
	case "conversations.history":
		s.history(w, r)
	case "conversations.replies":
		s.replies(w, r)
	case "users.info":
		name, ok := s.Users[r.Form.Get("user")]
		if !ok {
			reply(w, map[string]any{"ok": false, "error": "user_not_found"})
			return
		}
		reply(w, map[string]any{"ok": true, "user": map[string]any{
			"id": r.Form.Get("user"), "name": strings.ToLower(name), "real_name": name,
			"profile": map[string]any{"display_name": name, "real_name": name},
		}})
	case "chat.postMessage":
		s.post(w, r)
	default:
		s.t.Errorf("slacktest: unexpected method %s", method)
		reply(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) list(w http.ResponseWriter) {
	var out []map[string]any
	for _, ch := range s.Channels {
		out = append(out, map[string]any{"id": ch.ID, "name": ch.Name, "name_normalized": ch.Name, "is_channel": true})
	}
	reply(w, map[string]any{"ok": true, "channels": out, "response_metadata": map[string]any{"next_cursor": ""}})
}

func (s *Server) channel(w http.ResponseWriter, r *http.Request) *Channel {
	ch := s.Channels[r.Form.Get("channel")]
	if ch == nil {
		reply(w, map[string]any{"ok": false, "error": "channel_not_found"})
	}
	return ch
}

// window keeps the messages Slack would return for oldest/latest
// (oldest exclusive, latest exclusive unless inclusive=1), newest first
// for history and oldest first for replies.
func window(msgs []Message, r *http.Request, newestFirst bool) []Message {
	oldest, latest := r.Form.Get("oldest"), r.Form.Get("latest")
	inclusive := r.Form.Get("inclusive") == "1"
	var out []Message
	for _, m := range msgs {
		switch {
		case oldest != "" && (tsLess(m.TS, oldest) || (m.TS == oldest && !inclusive)):
			continue
		case latest != "" && (tsLess(latest, m.TS) || (m.TS == latest && !inclusive)):
			continue
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if newestFirst {
			return tsLess(out[j].TS, out[i].TS)
		}
		return tsLess(out[i].TS, out[j].TS)
	})
	return out
}

func tsLess(a, b string) bool {
	fa, _ := strconv.ParseFloat(a, 64)
	fb, _ := strconv.ParseFloat(b, 64)
	return fa < fb
}

// page cuts one page out of msgs at the request's cursor.
func (s *Server) page(msgs []Message, r *http.Request) ([]Message, bool, string) {
	offset := 0
	if c := r.Form.Get("cursor"); c != "" {
		b, err := base64.StdEncoding.DecodeString(c)
		if err == nil {
			offset, _ = strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
		}
	}
	size := s.PageSize
	if size <= 0 {
		size = 100
	}
	if l, _ := strconv.Atoi(r.Form.Get("limit")); l > 0 && l < size {
		size = l
	}
	if offset > len(msgs) {
		offset = len(msgs)
	}
	end := min(offset+size, len(msgs))
	if end == len(msgs) {
		return msgs[offset:end], false, ""
	}
	return msgs[offset:end], true, base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end)))
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	ch := s.channel(w, r)
	if ch == nil {
		return
	}
	msgs, more, next := s.page(window(ch.Messages, r, true), r)
	if s.StuckCursor {
		more, next = true, "bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz"
	}
	if s.EndlessCursor {
		msgs, more, next = s.endless(msgs, r)
	}
	reply(w, map[string]any{"ok": true, "messages": nonNil(msgs), "has_more": more,
		"response_metadata": map[string]any{"next_cursor": next}})
}

func (s *Server) replies(w http.ResponseWriter, r *http.Request) {
	ch := s.channel(w, r)
	if ch == nil {
		return
	}
	ts := r.Form.Get("ts")
	var parent *Message
	for i := range ch.Messages {
		if ch.Messages[i].TS == ts {
			parent = &ch.Messages[i]
		}
	}
	var thread []Message
	if parent != nil {
		thread = append(thread, *parent)
	}
	thread = append(thread, ch.Replies[ts]...)
	if parent == nil {
		// ts may name a reply: Slack then returns that reply.
		for _, replies := range ch.Replies {
			for _, m := range replies {
				if m.TS == ts {
					thread = append(thread, m)
				}
			}
		}
	}
	if len(thread) == 0 {
		reply(w, map[string]any{"ok": false, "error": "thread_not_found"})
		return
	}
	msgs, more, next := s.page(window(thread, r, false), r)
	if s.EndlessCursor {
		msgs, more, next = s.endless(thread, r)
	}
	reply(w, map[string]any{"ok": true, "messages": nonNil(msgs), "has_more": more,
		"response_metadata": map[string]any{"next_cursor": next}})
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	ch := s.channel(w, r)
	if ch == nil {
		return
	}
	m := Message{Type: "message", TS: fmt.Sprintf("%d.000100", s.NextTS), Text: r.Form.Get("text"), BotID: "B0SITREP", Username: "sitrep"}
	ch.Messages = append(ch.Messages, m)
	s.Posted = append(s.Posted, m)
	s.NextTS++
	reply(w, map[string]any{"ok": true, "channel": ch.ID, "ts": m.TS, "message": m})
}

func nonNil(m []Message) []Message {
	if m == nil {
		return []Message{}
	}
	return m
}

// Examples serves the Web API spec's example responses from dir
// (api-examples: METHOD.200.json answers; METHOD.default.json is the
// documented error, served when the request names the channel, thread or
// user "ERROR"). Unknown methods fail the test.
func Examples(t testing.TB, dir string) *httptest.Server {
	calls := sync.Map{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method, ok := strings.CutPrefix(r.URL.Path, "/api/")
		if err := r.ParseForm(); !ok || err != nil {
			t.Errorf("slacktest: unexpected request %s %s", r.Method, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		n, _ := calls.LoadOrStore(method, new(int))
		*n.(*int)++
		file := method + ".200.json"
		for _, k := range []string{"channel", "ts", "user"} {
			if r.Form.Get(k) == "ERROR" {
				file = method + ".default.json"
			}
		}
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Errorf("slacktest: no example for %s: %v", method, err)
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// endless answers the first page of msgs again with a cursor never seen.
func (s *Server) endless(msgs []Message, r *http.Request) ([]Message, bool, string) {
	first, _, _ := s.page(msgs, &http.Request{Form: map[string][]string{"limit": r.Form["limit"]}})
	return first, true, base64.StdEncoding.EncodeToString([]byte("endless:" + r.Form.Get("cursor")))
}
