package team

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

func TestConfigFrom(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if _, ok, err := ConfigFrom(getenv); ok || err != nil {
		t.Fatalf("no URL: ok %v err %v, want single-machine mode", ok, err)
	}
	env[EnvURL] = "nats://alice:s3cret@127.0.0.1:4222"
	cfg, ok, err := ConfigFrom(getenv)
	if !ok || err != nil || cfg.Team != "default" || cfg.Stream() != "SITREP_DEFAULT" || cfg.Subject("INC-7") != "sitrep.default.INC-7" {
		t.Fatalf("config %+v ok %v err %v", cfg, ok, err)
	}
	if strings.Contains(cfg.Server(), "s3cret") || strings.Contains(cfg.Server(), "alice") {
		t.Fatalf("Server() shows credentials: %s", cfg.Server())
	}
	env[EnvTeam] = "Pay ments"
	if _, _, err := ConfigFrom(getenv); err == nil || !strings.Contains(err.Error(), "not a team name") {
		t.Fatalf("bad team name: %v", err)
	}
}

func TestConnectErrorsAreOneLineWithAHint(t *testing.T) {
	ctx := context.Background()
	ca, cert, key := tlsFiles(t)
	plain := startServer(t, "")
	authed := startServer(t, `authorization { users = [ { user: alice, password: "right-horse" } ] }`)
	secure := startServer(t, fmt.Sprintf("tls { cert_file: %q, key_file: %q }", cert, key))
	noJS, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	noJS.Start()
	if !noJS.ReadyForConnections(5 * time.Second) {
		t.Fatal("server without JetStream did not start")
	}
	t.Cleanup(noJS.Shutdown)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := l.Addr().String()
	l.Close()

	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"bad URL", Config{URL: "http://" + hostPort(plain)}, "is not a NATS server URL; use nats://HOST:4222"},
		{"unreachable", Config{URL: "nats://" + closedAddr}, "the team server is unreachable at nats://" + closedAddr},
		{"missing creds file", Config{URL: plain.ClientURL(), Creds: filepath.Join(t.TempDir(), "alice.creds")}, "alice.creds: no such file; point it at"},
		{"wrong password", Config{URL: "nats://alice:wrong-horse@" + hostPort(authed)}, "refused these credentials; check the user and password"},
		{"TLS server without the CA", Config{URL: "tls://" + hostPort(secure)}, "does not trust; set SITREP_NATS_CA"},
		{"tls:// to a plain server", Config{URL: "tls://" + hostPort(plain)}, "does not speak TLS"},
		{"no JetStream", Config{URL: noJS.ClientURL()}, "has no JetStream; run `sitrep team serve`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.cfg.Team == "" {
				tc.cfg.Team = "default"
			}
			c, err := Connect(ctx, tc.cfg, ConnectOptions{Timeout: time.Second})
			if err == nil {
				c.Close()
				t.Fatal("connected")
			}
			msg := err.Error()
			var te *Error
			if !errors.As(err, &te) || !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") || strings.Contains(msg, "horse") {
				t.Fatalf("error %q, want one line with %q and no password", msg, tc.want)
			}
			t.Log(msg)
		})
	}
	// The same servers with the right settings connect.
	for _, cfg := range []Config{
		{URL: "nats://alice:right-horse@" + hostPort(authed), Team: "default"},
		{URL: "tls://" + hostPort(secure), CA: ca, Team: "default"},
		{URL: "nats://" + hostPort(secure), CA: ca, Team: "default"}, // the server asks for TLS; nats.go upgrades
	} {
		c, err := Connect(ctx, cfg, ConnectOptions{Timeout: time.Second})
		if err != nil {
			t.Fatalf("%s: %v", cfg.Server(), err)
		}
		c.Close()
	}
	if _, err := os.Stat(ca); err != nil {
		t.Fatal(err)
	}
}

func TestServeErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	bad := filepath.Join(t.TempDir(), "bad.conf")
	if err := os.WriteFile(bad, []byte("authorization { users = [ { user: "), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		o    ServeOptions
		want string
	}{
		{ServeOptions{Addr: l.Addr().String(), Dir: t.TempDir()}, "did not start on " + l.Addr().String()},
		{ServeOptions{Addr: "nowhere", Dir: t.TempDir()}, `--addr "nowhere" is not HOST:PORT`},
		{ServeOptions{ConfigFile: bad, Dir: t.TempDir()}, "the server configuration " + bad},
		{ServeOptions{Addr: "127.0.0.1:-1"}, "needs a directory"},
	} {
		s, err := Serve(tc.o)
		if err == nil {
			s.Shutdown()
			t.Fatalf("%+v: started", tc.o)
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%+v: %q, want one line with %q", tc.o, err, tc.want)
		}
	}
}
