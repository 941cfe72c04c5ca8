package integrations

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// The limits every webhook receiver shares.
const (
	// MaxBodyBytes is the largest request body accepted (1 MiB); larger
	// ones get 413 before they are read further.
	MaxBodyBytes = 1 << 20
	// AnswerWithin bounds a receiver's work on one request. PagerDuty
	// expects an answer within 5 s and Slack within 3 s, else they retry;
	// a request that runs out of time gets 503, changes nothing that is
	// not idempotent, and the sender's retry is deduplicated.
	AnswerWithin = 2500 * time.Millisecond
)

// Route is one webhook endpoint: a net/http ServeMux pattern with its
// method ("POST /webhooks/pagerduty") and its handler.
type Route struct {
	Pattern string
	Handler http.Handler
}

// NewServer returns an http.Server for the routes, with GET /healthz, the
// body limit, the answer deadline, read/write timeouts and request logs.
// The caller listens and shuts it down.
func NewServer(addr string, routes []Route, logger *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           NewHandler(routes, logger),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// NewHandler is the server's handler: the routes and GET /healthz behind
// the request log, the body limit and the answer deadline. Tests serve it
// with httptest.
func NewHandler(routes []Route, logger *slog.Logger) http.Handler {
	return newHandler(routes, logger, AnswerWithin)
}

func newHandler(routes []Route, logger *slog.Logger, answerWithin time.Duration) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	for _, rt := range routes {
		mux.Handle(rt.Pattern, rt.Handler)
	}
	var h http.Handler = mux
	h = limitBody(h)
	h = http.TimeoutHandler(h, answerWithin, "timed out; retry later\n")
	return logRequests(h, logger)
}

// limitBody refuses declared-too-large bodies at once and caps the rest, so
// ReadBody sees *http.MaxBytesError.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBodyBytes {
			http.Error(w, "request body over 1 MiB", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// ReadBody reads a request body within the limit. When it cannot, it has
// already answered (413 for too large, 400 otherwise) and returns false.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(r.Body)
	if err == nil {
		return body, true
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		http.Error(w, "request body over 1 MiB", http.StatusRequestEntityTooLarge)
	} else {
		http.Error(w, "could not read the request body", http.StatusBadRequest)
	}
	return nil, false
}

type logAttrsKey struct{}

type logAttrs struct {
	mu    sync.Mutex
	attrs []slog.Attr
}

// AddLogAttrs adds attributes to the request's log line: the event id and
// type, what was done with it. Never pass a secret, a signature or a body.
func AddLogAttrs(ctx context.Context, attrs ...slog.Attr) {
	if la, ok := ctx.Value(logAttrsKey{}).(*logAttrs); ok {
		la.mu.Lock()
		la.attrs = append(la.attrs, attrs...)
		la.mu.Unlock()
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// logRequests writes one structured line per request: method, path (no
// query string, which could carry a token), status, size, duration, and
// what the handler added with AddLogAttrs. Headers and bodies are never
// logged: they carry signatures and untrusted text.
func logRequests(next http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		la := &logAttrs{}
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), logAttrsKey{}, la)))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Int64("duration_ms", time.Since(start).Milliseconds()),
			slog.String("remote", r.RemoteAddr),
		}
		la.mu.Lock()
		attrs = append(attrs, la.attrs...)
		la.mu.Unlock()
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelWarn
		}
		logger.LogAttrs(r.Context(), level, "request", attrs...)
	})
}
