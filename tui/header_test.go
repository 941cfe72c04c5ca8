package tui

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/slack"
)

// TestHeaderShowsFailedSync: a Slack sync that never succeeded, against a
// port nothing listens on, shows its error in the header rather than "not
// synced yet". The sync is the real one: the Slack integration's source
// (slack-go) run by the sync runner, which records the health.
func TestHeaderShowsFailedSync(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String() + "/api/"
	ln.Close()

	s := newStore(t)
	ctx := context.Background()
	inc, err := s.Create(ctx, incident.NewIncident{Title: "api down", Actor: "a", At: testStart,
		Links: map[string]string{"slack": "C0INCIDENT"}})
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{"SLACK_TOKEN": "xoxb-test", "SLACK_API_URL": refused}
	env := integrations.Env{Getenv: func(k string) string { return settings[k] }, Store: s,
		HTTPClient: func() *http.Client { return &http.Client{Timeout: 5 * time.Second} }}
	src, err := slack.Provider.Source(env, integrations.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := &integrations.Runner{Store: s, Sources: []integrations.Source{src}}
	res, err := r.Sync(ctx, inc.ID)
	if err != nil || len(res) != 1 || res[0].Err == nil {
		t.Fatalf("sync against a closed port: %+v %v; want it to fail", res, err)
	}

	h := start(t, s, inc.ID, 200, 30)
	v := h.view()
	if !strings.Contains(v, "✗ slack: ") || !strings.Contains(v, "connection refused") {
		t.Errorf("the header does not show the failed sync:\n%s", v)
	}
	if strings.Contains(v, "not synced yet") {
		t.Errorf("a failed sync reads as never synced:\n%s", v)
	}
}
