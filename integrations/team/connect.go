package team

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ErrUnreachable means the team's server could not be reached; a command
// that stored something locally keeps it queued in the outbox.
var ErrUnreachable = errors.New("the team server is unreachable")

// ConnectOptions tune a connection.
type ConnectOptions struct {
	// Timeout bounds the dial and each server request (default 2 s).
	Timeout time.Duration
	// Reconnect keeps a long-lived connection (team follow, the TUI)
	// reconnecting forever; short commands give up at once.
	Reconnect bool
	// Warn receives connection events of a long-lived connection
	// (disconnected, reconnected, permission errors), one line each.
	Warn func(string)
	// NoCheck skips asking whether JetStream answers (a round trip): the
	// write path of a note, whose publish finds out anyway.
	NoCheck bool
}

// Client is a connection to the team's server.
type Client struct {
	cfg     Config
	timeout time.Duration
	nc      *nats.Conn
	js      jetstream.JetStream

	mu      sync.Mutex
	lastErr error         // the last asynchronous error (a permission violation, say)
	denied  chan struct{} // closed and replaced on each permission violation
}

// Connect dials the team's server and checks that JetStream answers. Its
// errors are one line with a hint: bad URL, unreachable, missing
// credentials file, refused credentials, TLS mismatch, no JetStream.
func Connect(ctx context.Context, cfg Config, o ConnectOptions) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	c := &Client{cfg: cfg, timeout: o.Timeout, denied: make(chan struct{})}
	warn := func(format string, args ...any) {
		if o.Warn != nil {
			o.Warn(fmt.Sprintf(format, args...))
		}
	}
	opts := []nats.Option{
		nats.Name("sitrep"),
		nats.Timeout(o.Timeout),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			c.mu.Lock()
			c.lastErr = err
			if errors.Is(err, nats.ErrPermissionViolation) {
				close(c.denied)
				c.denied = make(chan struct{})
			}
			c.mu.Unlock()
			warn("team server: %v", err)
		}),
	}
	if cfg.Creds != "" {
		opts = append(opts, nats.UserCredentials(cfg.Creds))
	}
	if cfg.CA != "" {
		opts = append(opts, nats.RootCAs(cfg.CA))
	}
	if o.Reconnect {
		opts = append(opts,
			nats.MaxReconnects(-1),
			nats.ReconnectWait(250*time.Millisecond),
			nats.ReconnectJitter(100*time.Millisecond, time.Second),
			nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
				if err != nil {
					warn("disconnected from the team server (%v); reconnecting", err)
				} else {
					warn("disconnected from the team server; reconnecting")
				}
			}),
			nats.ReconnectHandler(func(nc *nats.Conn) {
				warn("reconnected to the team server at %s", redactAll(nc.ConnectedUrlRedacted()))
			}),
		)
	} else {
		opts = append(opts, nats.NoReconnect())
	}
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return nil, c.connectError(err)
	}
	c.nc = nc
	c.js, err = jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		nc.Close()
		return nil, err
	}
	if o.NoCheck {
		return c, nil
	}
	actx, cancel := c.call(ctx, o.Timeout)
	defer cancel()
	if _, err := c.js.AccountInfo(actx); err != nil {
		nc.Close()
		return nil, c.apiError(err, "")
	}
	return c, nil
}

// call bounds one request to the server: timeout, and a permission
// violation reported meanwhile ends it at once instead of by timeout (the
// server answers a forbidden request with an error on the connection, not
// a reply).
func (c *Client) call(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	c.mu.Lock()
	denied := c.denied
	c.mu.Unlock()
	go func() {
		select {
		case <-denied:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// Close closes the connection.
func (c *Client) Close() {
	if c != nil && c.nc != nil {
		c.nc.Close()
	}
}

// Config is the configuration the client was made with.
func (c *Client) Config() Config { return c.cfg }

func (c *Client) connectError(err error) error {
	server := c.cfg.Server()
	msg := err.Error()
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	switch {
	case errors.Is(err, nats.ErrAuthorization), errors.Is(err, nats.ErrAuthExpired), errors.Is(err, nats.ErrAuthRevoked),
		strings.Contains(strings.ToLower(msg), "authorization violation"):
		return &Error{fmt.Errorf("the team server at %s refused these credentials", server),
			"check the user and password in " + EnvURL + " or the file in " + EnvCreds}
	case errors.As(err, &unknownCA), strings.Contains(msg, "certificate signed by unknown authority"):
		return &Error{fmt.Errorf("the team server at %s has a TLS certificate this machine does not trust", server),
			"set " + EnvCA + " to the CA file that signed it"}
	case errors.As(err, &hostErr), strings.Contains(msg, "certificate is valid for"):
		return &Error{fmt.Errorf("the team server's TLS certificate is not for the host in %s (%s)", EnvURL, server),
			"use the host name the certificate names"}
	case errors.Is(err, nats.ErrSecureConnWanted):
		return &Error{fmt.Errorf("the team server at %s does not speak TLS, but %s asks for it", server, EnvURL),
			"use nats:// instead of tls://, or enable TLS on the server"}
	case errors.Is(err, nats.ErrSecureConnRequired):
		return &Error{fmt.Errorf("the team server at %s requires TLS", server),
			"use tls:// in " + EnvURL + " and set " + EnvCA + " if its CA is private"}
	case strings.Contains(msg, "tls:") || strings.Contains(msg, "x509:") || strings.Contains(msg, "first record does not look like a TLS handshake"):
		return &Error{fmt.Errorf("TLS with the team server at %s failed: %v", server, err),
			"check tls:// versus nats:// in " + EnvURL + ", and " + EnvCA}
	case strings.Contains(msg, "nkey") || strings.Contains(msg, "creds") || strings.Contains(msg, "jwt"):
		return &Error{fmt.Errorf("%s=%s is not a usable credentials file: %v", EnvCreds, c.cfg.Creds, err),
			"use the .creds file your team's NATS admin gave you"}
	}
	return &Error{fmt.Errorf("%w at %s (%v)", ErrUnreachable, server, err),
		"start `sitrep team serve` there, or check " + EnvURL + " and the network"}
}

// apiError explains a JetStream API failure.
func (c *Client) apiError(err error, subject string) error {
	server := c.cfg.Server()
	switch {
	case errors.Is(err, jetstream.ErrJetStreamNotEnabled), errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount):
		return &Error{fmt.Errorf("the team server at %s has no JetStream", server),
			"run `sitrep team serve`, or start nats-server with -js (JetStream enabled for this account)"}
	case errors.Is(err, jetstream.ErrStreamNotFound):
		return &Error{fmt.Errorf("team %q has no stream %s on %s", c.cfg.Team, c.cfg.Stream(), server),
			"run `sitrep team init` once for the team (or check " + EnvTeam + ")"}
	case errors.Is(err, jetstream.ErrBucketNotFound):
		return &Error{fmt.Errorf("team %q has no KV bucket %s on %s", c.cfg.Team, c.cfg.Bucket(), server),
			"run `sitrep team init` once for the team"}
	case c.permissionDenied(err):
		return c.permissionError(subject)
	case errors.Is(err, nats.ErrConnectionClosed), errors.Is(err, nats.ErrNoResponders), errors.Is(err, nats.ErrTimeout),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, jetstream.ErrNoHeartbeat):
		return &Error{fmt.Errorf("%w at %s (%v)", ErrUnreachable, server, err),
			"check that the server runs with JetStream and that " + EnvTeam + " is your team"}
	}
	return &Error{fmt.Errorf("team server at %s: %v", server, err), "see `sitrep team status`"}
}

func (c *Client) permissionDenied(err error) bool {
	if errors.Is(err, nats.ErrPermissionViolation) {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastErr != nil && errors.Is(c.lastErr, nats.ErrPermissionViolation)
}

func (c *Client) permissionError(subject string) error {
	if subject == "" {
		subject = c.cfg.Subjects()
	}
	return &Error{fmt.Errorf("the team server does not allow these credentials to use team %q (%s)", c.cfg.Team, subject),
		"check " + EnvTeam + ", or ask your NATS admin for credentials of that team"}
}

// Closed reports whether the connection is closed for good.
func (c *Client) Closed() bool { return c.nc == nil || c.nc.IsClosed() }
