package integrations

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Checked is what an integration's Check found (`sitrep doctor`).
type Checked struct {
	Skipped bool   // not configured here: nothing to check
	OK      bool   // the settings work
	Detail  string // one line: what was checked, or what is wrong
	// Date is the server's clock (its Date header), for the clock-skew
	// check; zero when unknown.
	Date time.Time
}

// TokenCheck describes one cheap authenticated read of an API.
type TokenCheck struct {
	TokenVar, URLVar, DefaultURL string // settings, and the base URL when URLVar is unset
	Method, Path                 string // the request, relative to the base URL
	Auth                         func(r *http.Request, token string)
	// Judge reads a 200 answer's body: what to say, and whether the token
	// works (an API that answers 200 with an error, as Slack does). Nil
	// takes any 200 as success.
	Judge func(body []byte) (detail string, ok bool)
}

// CheckToken makes the read tc describes with the token from env's
// settings, and says whether the API accepted it.
func CheckToken(ctx context.Context, env Env, tc TokenCheck) Checked {
	token := strings.TrimSpace(env.Getenv(tc.TokenVar))
	if token == "" {
		return Checked{Skipped: true, Detail: tc.TokenVar + " not set"}
	}
	base := strings.TrimSpace(env.Getenv(tc.URLVar))
	if base == "" {
		base = tc.DefaultURL
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, tc.Method, strings.TrimSuffix(base, "/")+"/"+tc.Path, nil)
	if err != nil {
		return Checked{Detail: fmt.Sprintf("%s=%q: %v", tc.URLVar, base, err)}
	}
	if tc.Auth != nil {
		tc.Auth(req, token)
	}
	resp, err := env.Client().Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return Checked{Detail: fmt.Sprintf("cannot reach %s: %v", base, err)}
	}
	defer resp.Body.Close()
	date, _ := http.ParseTime(resp.Header.Get("Date"))
	if resp.StatusCode != http.StatusOK {
		return Checked{Detail: fmt.Sprintf("%s rejected by %s (HTTP %d)", tc.TokenVar, base, resp.StatusCode), Date: date}
	}
	if tc.Judge == nil {
		return Checked{OK: true, Detail: "token valid (" + base + ")", Date: date}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Checked{Detail: fmt.Sprintf("reading %s's answer: %v", base, err), Date: date}
	}
	detail, ok := tc.Judge(body)
	if !ok {
		return Checked{Detail: fmt.Sprintf("%s rejected by %s: %s", tc.TokenVar, base, detail), Date: date}
	}
	return Checked{OK: true, Detail: fmt.Sprintf("%s (%s)", detail, base), Date: date}
}
