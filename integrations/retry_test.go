package integrations

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// recordingSleep replaces the clock's waits: it records each and returns
// at once, or fails as a cancelled context would.
type recordingSleep struct{ waits []time.Duration }

func (s *recordingSleep) sleep(ctx context.Context, d time.Duration) error {
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func TestRetryTransportHonoursRetryAfterSeconds(t *testing.T) {
	var calls atomic.Int32
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", "7")
			http.Error(w, `{"error":{"message":"Rate Limit Exceeded"}}`, http.StatusTooManyRequests)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	sl := &recordingSleep{}
	var heard []int
	rt := &RetryTransport{Sleep: sl.sleep, OnWait: func(_ *http.Request, _ time.Duration, attempt int) { heard = append(heard, attempt) }}
	client := &http.Client{Transport: rt}
	resp, err := client.Post(srv.URL, "application/json", strings.NewReader(`{"note":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(got) != "ok" {
		t.Fatalf("got %d %q, want 200 ok", resp.StatusCode, got)
	}
	if len(sl.waits) != 2 || sl.waits[0] != 7*time.Second || sl.waits[1] != 7*time.Second {
		t.Errorf("waits = %v, want [7s 7s]", sl.waits)
	}
	if len(heard) != 2 || heard[1] != 2 {
		t.Errorf("OnWait attempts = %v, want [1 2]", heard)
	}
	for i, b := range bodies {
		if b != `{"note":"x"}` {
			t.Errorf("attempt %d sent body %q: the body must be replayed", i+1, b)
		}
	}
}

func TestRetryTransportHTTPDate(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	sl := &recordingSleep{}
	client := &http.Client{Transport: &RetryTransport{Sleep: sl.sleep, Now: func() time.Time { return now }}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || len(sl.waits) != 1 || sl.waits[0] != 90*time.Second {
		t.Fatalf("status %d, waits %v; want 204 after one 90s wait", resp.StatusCode, sl.waits)
	}
}

func TestRetryTransportBounds(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", r.URL.Query().Get("after"))
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()

	t.Run("a wait over MaxWait is not taken", func(t *testing.T) {
		sl := &recordingSleep{}
		client := &http.Client{Transport: &RetryTransport{Sleep: sl.sleep, MaxWait: time.Minute}}
		resp, err := client.Get(srv.URL + "?after=3600")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 429 || len(sl.waits) != 0 {
			t.Fatalf("status %d after waits %v; want the 429 at once", resp.StatusCode, sl.waits)
		}
	})
	t.Run("retries stop at MaxRetries", func(t *testing.T) {
		sl := &recordingSleep{}
		client := &http.Client{Transport: &RetryTransport{Sleep: sl.sleep, MaxRetries: 3}}
		resp, err := client.Get(srv.URL + "?after=1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 429 || len(sl.waits) != 3 {
			t.Fatalf("status %d after %d waits; want 429 after 3", resp.StatusCode, len(sl.waits))
		}
	})
	t.Run("no Retry-After backs off exponentially", func(t *testing.T) {
		sl := &recordingSleep{}
		client := &http.Client{Transport: &RetryTransport{Sleep: sl.sleep, MaxRetries: 3}}
		resp, err := client.Get(srv.URL + "?after=")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}
		if len(sl.waits) != 3 || sl.waits[0] != want[0] || sl.waits[2] != want[2] {
			t.Fatalf("waits %v, want %v", sl.waits, want)
		}
	})
	t.Run("a cancelled context ends the wait", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		client := &http.Client{Transport: &RetryTransport{Sleep: func(ctx context.Context, d time.Duration) error {
			cancel()
			return SleepContext(ctx, d)
		}}}
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"?after=30", nil)
		_, err := client.Do(req)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{" 120 ", 2 * time.Minute, true},
		{"Wed, 01 May 2024 12:00:30 GMT", 30 * time.Second, true},
		{"Wed, 01 May 2024 11:00:00 GMT", 0, true}, // past: no wait
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	} {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRetryClientMovesTimeoutToEachAttempt(t *testing.T) {
	c := RetryClient(&http.Client{Timeout: 3 * time.Second}, nil)
	rt, ok := c.Transport.(*RetryTransport)
	if !ok || c.Timeout != 0 || rt.attemptTimeout != 3*time.Second {
		t.Fatalf("client timeout %v, attempt timeout %v: a Retry-After wait must not count against the client's timeout", c.Timeout, rt.attemptTimeout)
	}
}
