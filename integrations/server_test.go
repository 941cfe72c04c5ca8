package integrations

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func newTestServer(t *testing.T, routes ...Route) (*httptest.Server, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	srv := httptest.NewServer(newHandler(routes, slog.New(slog.NewJSONHandler(&logs, nil)), 100*time.Millisecond))
	t.Cleanup(srv.Close)
	return srv, &logs
}

func TestServerHealthzAndRoutes(t *testing.T) {
	echo := Route{Pattern: "POST /hook", Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := ReadBody(w, r)
		if !ok {
			return
		}
		AddLogAttrs(r.Context(), slog.String("event_id", "E1"))
		w.Write([]byte(strings.ToUpper(string(body))))
	})}
	srv, logs := newTestServer(t, echo)

	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "ok\n" {
		t.Errorf("healthz = %d %q", resp.StatusCode, b)
	}

	resp, err = http.Post(srv.URL+"/hook?token=SECRET", "text/plain", strings.NewReader("secret-body"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "SECRET-BODY" {
		t.Errorf("route answered %q", b)
	}
	resp, err = http.Get(srv.URL + "/hook")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET on a POST route = %d, want 405", resp.StatusCode)
	}

	log := logs.String()
	for _, want := range []string{`"path":"/hook"`, `"status":200`, `"event_id":"E1"`, `"path":"/healthz"`, `"status":405`} {
		if !strings.Contains(log, want) {
			t.Errorf("request log lacks %s:\n%s", want, log)
		}
	}
	for _, secret := range []string{"SECRET", "secret-body"} {
		if strings.Contains(log, secret) {
			t.Errorf("request log contains %q:\n%s", secret, log)
		}
	}
}

func TestServerBodyLimit(t *testing.T) {
	called := 0
	srv, _ := newTestServer(t, Route{Pattern: "POST /hook", Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := ReadBody(w, r); ok {
			called++
		}
	})})
	big := bytes.Repeat([]byte("x"), MaxBodyBytes+1)

	resp, err := http.Post(srv.URL+"/hook", "text/plain", bytes.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("declared oversize body = %d, want 413", resp.StatusCode)
	}
	// Chunked, so the length is not known up front: the reader's cap catches it.
	req, _ := http.NewRequest("POST", srv.URL+"/hook", io.MultiReader(bytes.NewReader(big)))
	req.ContentLength = -1
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked oversize body = %d, want 413", resp.StatusCode)
	}
	resp, err = http.Post(srv.URL+"/hook", "text/plain", bytes.NewReader(big[:MaxBodyBytes]))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || called != 1 {
		t.Errorf("a body of exactly 1 MiB = %d (handled %d times), want 200", resp.StatusCode, called)
	}
}

func TestServerAnswersWithinDeadline(t *testing.T) {
	release := make(chan struct{})
	srv, _ := newTestServer(t, Route{Pattern: "POST /slow", Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done(): // the deadline passed
		case <-release:
		}
	})})
	defer close(release)
	resp, err := http.Post(srv.URL+"/slow", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a handler past the deadline answered %d, want 503", resp.StatusCode)
	}
}

func TestNewServerTimeouts(t *testing.T) {
	s := NewServer("127.0.0.1:0", nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if s.ReadTimeout == 0 || s.WriteTimeout == 0 || s.ReadHeaderTimeout == 0 || s.WriteTimeout <= AnswerWithin {
		t.Errorf("timeouts read %v header %v write %v: all must be set, write longer than the answer deadline",
			s.ReadTimeout, s.ReadHeaderTimeout, s.WriteTimeout)
	}
}
