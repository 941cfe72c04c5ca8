package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/integrations/pagerduty/pagerdutytest"
	"github.com/sitrep-dev/sitrep/integrations/slack/slacktest"
	"github.com/sitrep-dev/sitrep/integrations/team"
)

func (c *cli) runDoctor() (string, int) {
	c.t.Helper()
	f, out, _ := c.factory()
	f.HTTPClient = func() *http.Client { return &http.Client{Timeout: 5 * time.Second} }
	code := run(context.Background(), []string{"doctor"}, f)
	return out.String(), code
}

func doctorLine(t *testing.T, out, name string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 && (f[1] == name || strings.HasPrefix(l[5:], name)) {
			return l
		}
	}
	t.Fatalf("doctor printed no %q line:\n%s", name, out)
	return ""
}

func TestDoctorAgainstFakeAPIs(t *testing.T) {
	slack := slacktest.New(t)
	pd := pagerdutytest.New(t)
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := free.Addr().String()
	free.Close()
	nats, err := team.Serve(team.ServeOptions{Addr: addr, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	stopNATS := func() { nats.Shutdown(); nats.WaitForShutdown() }
	defer stopNATS()
	c := newCLI(t)
	c.must("open", "doctor")
	c.now = time.Now()
	c.env["SLACK_TOKEN"] = slack.Token
	c.env["SLACK_API_URL"] = slack.URL()
	c.env["PAGERDUTY_TOKEN"] = pagerdutytest.Token
	c.env["PAGERDUTY_API_URL"] = pd.URL
	c.env["SITREP_NATS_URL"] = "nats://" + addr
	c.env["XDG_CONFIG_HOME"] = t.TempDir()

	_, schema, err := c.store().Schema(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out, code := c.runDoctor()
	if code != 0 || strings.Contains(out, "FAIL") {
		t.Fatalf("all well: exit %d\n%s", code, out)
	}
	for name, want := range map[string]string{
		"config":    "no file at",
		"store":     fmt.Sprintf("mode 0600, schema %d, readable, 1 incidents", schema),
		"slack":     "token valid for Acme as sitrep",
		"pagerduty": "token valid",
		"clock":     "within 30s",
		"time":      "local",
		"team":      addr + " reachable, JetStream answers",
	} {
		if l := doctorLine(t, out, name); !strings.HasPrefix(l, "ok") || !strings.Contains(l, want) {
			t.Errorf("%s: %q, want ok and %q", name, l, want)
		}
	}

	// Bad tokens, a clock 5 minutes fast, an open store, no NATS server.
	c.env["SLACK_TOKEN"] = "xoxb-wrong"
	c.env["PAGERDUTY_TOKEN"] = "u+wrong"
	c.now = time.Now().Add(5 * time.Minute)
	stopNATS()
	if err := os.Chmod(c.db, 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = c.runDoctor()
	if code != 1 {
		t.Errorf("with failures: exit %d", code)
	}
	for name, want := range map[string]string{
		"store":     "chmod 600",
		"slack":     "invalid_auth",
		"pagerduty": "HTTP 401",
		"clock":     "ahead of the APIs",
		"team":      "unreachable",
	} {
		if l := doctorLine(t, out, name); !strings.HasPrefix(l, "FAIL") || !strings.Contains(l, want) {
			t.Errorf("%s: %q, want FAIL and %q", name, l, want)
		}
	}
	if strings.Contains(out, "xoxb-wrong") || strings.Contains(out, "u+wrong") {
		t.Errorf("doctor printed a token:\n%s", out)
	}

	// A config file others can read, holding a token; tokens unset skip.
	delete(c.env, "SLACK_TOKEN")
	delete(c.env, "PAGERDUTY_TOKEN")
	os.Chmod(c.db, 0o600)
	cfg := filepath.Join(c.env["XDG_CONFIG_HOME"], "sitrep", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("slack_token = \"xoxb-in-file\"\n"), 0o644)
	out, code = c.runDoctor()
	if l := doctorLine(t, out, "config"); code != 1 || !strings.HasPrefix(l, "FAIL") || !strings.Contains(l, "chmod 600") {
		t.Errorf("open config: exit %d, %q", code, l)
	}
	if l := doctorLine(t, out, "pagerduty"); !strings.HasPrefix(l, "--") {
		t.Errorf("no PagerDuty token: %q", l)
	}
	// Made private, the file's token is the one checked.
	os.WriteFile(cfg, []byte("slack_token = \""+slack.Token+"\"\n"), 0o600)
	os.Chmod(cfg, 0o600)
	out, _ = c.runDoctor()
	if l := doctorLine(t, out, "slack"); !strings.HasPrefix(l, "ok") {
		t.Errorf("Slack token from the config file: %q", l)
	}
}
