package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations/slack/slacktest"
	"github.com/sitrep-dev/sitrep/timeline"
)

const signingDir = "../../../shared/fixtures/slack/signing"

type vector struct {
	Name      string `json:"name"`
	Secret    string `json:"signing_secret"`
	Timestamp string `json:"X-Slack-Request-Timestamp"`
	Signature string `json:"X-Slack-Signature"`
	BodyFile  string `json:"body_file"`
	body      []byte
}

func vectors(t *testing.T) []vector {
	t.Helper()
	needFixture(t, signingDir)
	b, err := os.ReadFile(filepath.Join(signingDir, "signature-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	for i := range vs {
		if vs[i].body, err = os.ReadFile(filepath.Join(signingDir, vs[i].BodyFile)); err != nil {
			t.Fatal(err)
		}
	}
	return vs
}

func (v vector) header() http.Header {
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", v.Timestamp)
	h.Set("X-Slack-Signature", v.Signature)
	return h
}

func (v vector) at(offset time.Duration) time.Time {
	secs, _ := strconv.ParseInt(v.Timestamp, 10, 64)
	return time.Unix(secs, 0).Add(offset)
}

func TestVerifySigningVectors(t *testing.T) {
	for _, v := range vectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			if err := Verify(v.header(), v.body, v.Secret, v.at(time.Minute)); err != nil {
				t.Fatalf("documented vector refused: %v", err)
			}
			if err := Verify(v.header(), v.body, v.Secret, v.at(-4*time.Minute)); err != nil {
				t.Errorf("a clock 4 minutes behind should still accept: %v", err)
			}
			if err := Verify(v.header(), v.body, v.Secret, v.at(5*time.Minute+time.Second)); !errors.Is(err, ErrStale) {
				t.Errorf("5m01s old: %v, want ErrStale", err)
			}
			changed := bytes.Clone(v.body)
			changed[len(changed)/2] ^= 1
			if err := Verify(v.header(), changed, v.Secret, v.at(0)); !errors.Is(err, ErrBadSig) {
				t.Errorf("one changed byte: %v, want ErrBadSig", err)
			}
			if err := Verify(v.header(), v.body, v.Secret+"x", v.at(0)); !errors.Is(err, ErrBadSig) {
				t.Errorf("wrong secret: %v, want ErrBadSig", err)
			}
		})
	}
}

// sign signs body as Slack does at time now.
func sign(secret string, now time.Time, body []byte) http.Header {
	stamp := strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", stamp)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}

// Our Verify and slack-go's SecretsVerifier agree on a fresh request.
func TestVerifyAgreesWithSlackGo(t *testing.T) {
	body := []byte(`{"type":"event_callback","event_id":"Ev1"}`)
	now := time.Now()
	h := sign("s3cret", now, body)
	sv, err := slackgo.NewSecretsVerifier(h, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	sv.Write(body)
	if sv.Ensure() != nil || Verify(h, body, "s3cret", now) != nil {
		t.Fatalf("disagree on a valid request: slack-go %v, ours %v", sv.Ensure(), Verify(h, body, "s3cret", now))
	}
}

type eventsFixture struct {
	store *incident.Store
	inc   incident.Incident
	srv   *httptest.Server
	now   time.Time
	fake  *slacktest.Server
}

const secret = "8f742231b10e8888abcd99yyyzzz85a5"

func newEventsFixture(t *testing.T, capture string) *eventsFixture {
	t.Helper()
	fx := &eventsFixture{now: opened.Add(time.Hour), fake: slacktest.New(t)}
	fx.fake.Users = map[string]string{"U1": "alice"}
	fx.fake.Channels["C0INCIDENT"] = &slacktest.Channel{ID: "C0INCIDENT", Name: "inc", Replies: map[string][]slacktest.Message{}}
	fx.store = incident.New(t.TempDir()+"/sitrep.db", incident.Options{})
	var err error
	fx.inc, err = fx.store.Create(context.Background(), incident.NewIncident{Title: "t", Actor: "t", At: opened,
		Links: map[string]string{"slack": "C0INCIDENT"}})
	if err != nil {
		t.Fatal(err)
	}
	if capture != "" {
		if _, err := fx.store.Write(context.Background(), incident.Batch{Settings: []incident.Setting{{Incident: fx.inc.ID, Name: SettingCapture, Value: capture}}}); err != nil {
			t.Fatal(err)
		}
	}
	api := NewClient(ClientOptions{Token: "xoxb-test", APIURL: fx.fake.URL()})
	h := NewHandler(HandlerOptions{Secret: secret, Store: fx.store, API: api, Now: func() time.Time { return fx.now }})
	fx.srv = httptest.NewServer(h)
	t.Cleanup(fx.srv.Close)
	return fx
}

func (fx *eventsFixture) post(t *testing.T, h http.Header, body []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, fx.srv.URL, bytes.NewReader(body))
	req.Header = h
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

func (fx *eventsFixture) send(t *testing.T, eventID string, event map[string]any) int {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": eventID, "event": event})
	code, _ := fx.post(t, sign(secret, fx.now, body), body)
	return code
}

func (fx *eventsFixture) head(t *testing.T) uint64 {
	h, err := fx.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHandlerRefusesBadRequestsAndChangesNothing(t *testing.T) {
	fx := newEventsFixture(t, "")
	for _, v := range vectors(t) {
		fx.now = v.at(30 * time.Second)
		h := NewHandler(HandlerOptions{Secret: v.Secret, Store: fx.store, Now: func() time.Time { return fx.now }})
		srv := httptest.NewServer(h)
		defer srv.Close()
		try := func(h http.Header, body []byte) int {
			req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
			req.Header = h
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		before := fx.head(t)
		if code := try(v.header(), v.body); code == http.StatusUnauthorized {
			t.Errorf("%s: valid vector refused", v.Name)
		}
		changed := bytes.Clone(v.body)
		changed[10] ^= 1
		fx.now = v.at(30 * time.Second)
		if code := try(v.header(), changed); code != http.StatusUnauthorized {
			t.Errorf("%s: changed byte answered %d", v.Name, code)
		}
		fx.now = v.at(6 * time.Minute)
		if code := try(v.header(), v.body); code != http.StatusUnauthorized {
			t.Errorf("%s: stale timestamp answered %d", v.Name, code)
		}
		if fx.head(t) != before {
			t.Errorf("%s: a refused request changed the store", v.Name)
		}
	}
	fx.now = opened.Add(time.Hour)
	big := bytes.Repeat([]byte("x"), 1<<20+1)
	if code, _ := fx.post(t, sign(secret, fx.now, big), big); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over 1 MiB answered %d", code)
	}
}

func TestHandlerURLVerification(t *testing.T) {
	fx := newEventsFixture(t, "")
	body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	code, resp := fx.post(t, sign(secret, fx.now, body), body)
	if code != http.StatusOK || !strings.Contains(resp, `"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"`) {
		t.Fatalf("%d %s", code, resp)
	}
}

func TestHandlerMessagesEditsDeletionsAndRetries(t *testing.T) {
	fx := newEventsFixture(t, "")
	msgTS := ts(50*time.Minute, 1)
	msg := map[string]any{"type": "message", "channel": "C0INCIDENT", "user": "U1", "text": "db failover started", "ts": msgTS}
	for range 2 { // Slack's retry of the same delivery
		if code := fx.send(t, "Ev01", msg); code != http.StatusOK {
			t.Fatalf("message answered %d", code)
		}
	}
	// Redelivered under a new event_id (after a restart, say): the Ref dedups.
	fx.send(t, "Ev01b", msg)
	fx.send(t, "Ev02", map[string]any{"type": "message", "channel": "C0OTHER", "user": "U1", "text": "elsewhere", "ts": msgTS})
	events, _ := fx.store.Events(context.Background(), fx.inc.ID, incident.Query{})
	var msgs []timeline.Event
	for _, e := range events {
		if e.Kind == timeline.KindMessage {
			msgs = append(msgs, e)
		}
	}
	if len(msgs) != 1 || msgs[0].Actor != "alice" || msgs[0].Text != "db failover started" || msgs[0].Ref != timeline.SlackRef("C0INCIDENT", msgTS) {
		t.Fatalf("messages = %+v", msgs)
	}
	fx.send(t, "Ev03", map[string]any{"type": "message", "subtype": "message_changed", "channel": "C0INCIDENT", "ts": ts(55*time.Minute, 0),
		"message": map[string]any{"type": "message", "user": "U1", "text": "db failover finished", "ts": msgTS, "edited": map[string]any{"user": "U1", "ts": ts(55*time.Minute, 0)}}})
	e, err := fx.store.Event(context.Background(), MessageID("C0INCIDENT", msgTS))
	if err != nil || e.Text != "db failover finished" || e.Attr(AttrOriginal) != "db failover started" {
		t.Fatalf("after edit: %+v %v", e, err)
	}
	fx.send(t, "Ev04", map[string]any{"type": "message", "subtype": "message_deleted", "channel": "C0INCIDENT", "deleted_ts": msgTS, "ts": ts(56*time.Minute, 0)})
	inc, _ := fx.store.Get(context.Background(), fx.inc.ID)
	if !inc.IsHidden(e.ID) {
		t.Errorf("deleted message not hidden: %v", inc.Hidden)
	}
}

func TestHandlerReactionCapture(t *testing.T) {
	fx := newEventsFixture(t, "reaction")
	msgTS := ts(40*time.Minute, 7)
	fx.fake.Channels["C0INCIDENT"].Messages = []slacktest.Message{{Type: "message", User: "U1", TS: msgTS, Text: "root cause: expired cert",
		Reactions: []slacktest.Reaction{{Name: "pushpin", Users: []string{"U1"}, Count: 1}}}}
	fx.send(t, "Ev10", map[string]any{"type": "message", "channel": "C0INCIDENT", "user": "U1", "text": "root cause: expired cert", "ts": msgTS})
	if _, err := fx.store.Event(context.Background(), MessageID("C0INCIDENT", msgTS)); err == nil {
		t.Fatal("an unmarked message was captured in reaction mode")
	}
	reaction := func(typ, id string) {
		fx.send(t, id, map[string]any{"type": typ, "user": "U1", "reaction": "pushpin", "event_ts": ts(45*time.Minute, 0),
			"item": map[string]any{"type": "message", "channel": "C0INCIDENT", "ts": msgTS}})
	}
	reaction("reaction_added", "Ev11")
	e, err := fx.store.Event(context.Background(), MessageID("C0INCIDENT", msgTS))
	if err != nil || e.Text != "root cause: expired cert" {
		t.Fatalf("marked message not captured: %v", err)
	}
	fx.fake.Channels["C0INCIDENT"].Messages[0].Reactions = nil
	reaction("reaction_removed", "Ev12")
	inc, _ := fx.store.Get(context.Background(), fx.inc.ID)
	if !inc.IsHidden(e.ID) {
		t.Errorf("unmarked message not hidden")
	}
}
