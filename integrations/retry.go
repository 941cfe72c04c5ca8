package integrations

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryTransport is an http.RoundTripper that honours rate limits: on a
// 429 (or a 503 carrying Retry-After) it waits as long as the response's
// Retry-After says — delta-seconds or an HTTP date — and sends the request
// again. Neither go-pagerduty nor every slack-go call exposes Retry-After,
// so it is read here, below the SDKs. Waits are bounded (MaxWait each,
// MaxRetries in all) and end early when the request's context is done;
// when a bound is hit, the last rate-limited response is returned as is,
// for the SDK to turn into its usual error.
type RetryTransport struct {
	Base       http.RoundTripper // default http.DefaultTransport
	MaxRetries int               // default 4
	// MaxWait bounds one wait; a longer Retry-After is not waited for.
	// Default 2 minutes.
	MaxWait time.Duration
	// Now and Sleep are the clock; tests replace them. Sleep returns
	// ctx.Err() when ctx ends first.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// OnWait, when set, hears about each wait (to show progress on stderr).
	OnWait func(req *http.Request, wait time.Duration, attempt int)

	attemptTimeout time.Duration // set by RetryClient
}

// NewRetryTransport returns a RetryTransport over base with the defaults.
func NewRetryTransport(base http.RoundTripper) *RetryTransport {
	return &RetryTransport{Base: base}
}

// RetryClient returns a copy of c whose transport honours Retry-After.
func RetryClient(c *http.Client, onWait func(req *http.Request, wait time.Duration, attempt int)) *http.Client {
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	out := *c
	rt := NewRetryTransport(c.Transport)
	rt.OnWait = onWait
	out.Transport = rt
	// The client's Timeout would cut a long Retry-After short; the request
	// context and MaxWait bound each attempt instead.
	if out.Timeout > 0 {
		rt.attemptTimeout = out.Timeout
		out.Timeout = 0
	}
	return &out
}

const (
	defaultMaxRetries = 4
	defaultMaxWait    = 2 * time.Minute
	// fallbackWait is the first wait when a 429 carries no Retry-After;
	// it doubles with each attempt.
	fallbackWait = time.Second
)

// RoundTrip implements http.RoundTripper.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	maxRetries := t.MaxRetries
	if maxRetries <= 0 {
		maxRetries = defaultMaxRetries
	}
	for attempt := 0; ; attempt++ {
		resp, err := t.send(req)
		if err != nil {
			return nil, err
		}
		wait, limited := t.retryAfter(resp, attempt)
		if !limited || attempt >= maxRetries || !replayable(req) || wait > t.maxWait() {
			return resp, nil
		}
		// Drain so the connection is reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if t.OnWait != nil {
			t.OnWait(req, wait, attempt+1)
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		if req.Body != nil && req.Body != http.NoBody {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
	}
}

// send makes one attempt, bounded by attemptTimeout when RetryClient
// moved the client's Timeout here.
func (t *RetryTransport) send(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if t.attemptTimeout <= 0 {
		return base.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.attemptTimeout)
	resp, err := base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// retryAfter says whether resp asks to be retried, and after how long.
func (t *RetryTransport) retryAfter(resp *http.Response, attempt int) (time.Duration, bool) {
	header := resp.Header.Get("Retry-After")
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
	case resp.StatusCode == http.StatusServiceUnavailable && header != "":
	default:
		return 0, false
	}
	if d, ok := ParseRetryAfter(header, t.now()); ok {
		return d, true
	}
	return fallbackWait << attempt, true
}

// ParseRetryAfter reads a Retry-After value: delta-seconds or an HTTP
// date (RFC 9110 §10.2.3). A date in the past means no wait.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}

// replayable reports whether req can be sent again: no body, or a body
// that can be produced anew.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

func (t *RetryTransport) maxWait() time.Duration {
	if t.MaxWait > 0 {
		return t.MaxWait
	}
	return defaultMaxWait
}

func (t *RetryTransport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *RetryTransport) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	return SleepContext(ctx, d)
}

// SleepContext waits for d or until ctx is done, whichever comes first.
func SleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
