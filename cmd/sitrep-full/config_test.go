package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/incident"
)

func lastActor(t *testing.T, c *cli) string {
	t.Helper()
	events, err := incident.New(c.db, incident.Options{}).Events(t.Context(), "INC-1", incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return events[len(events)-1].Actor
}

// Environment overrides the file, flags override both; the file reaches
// every setting read through Factory.Getenv (here the store and author).
func TestConfigFilePrecedence(t *testing.T) {
	c := newCLI(t)
	cfgHome := t.TempDir()
	c.env = map[string]string{"XDG_CONFIG_HOME": cfgHome}
	c.must("config", "set", "sitrep_db", c.db)
	c.must("config", "set", "SITREP_AUTHOR", "from file")
	info, err := os.Stat(filepath.Join(cfgHome, "sitrep", "config.toml"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("config file: %v %v", info, err)
	}
	c.must("open", "precedence") // the store from the file
	c.must("note", "one")
	if a := lastActor(t, c); a != "from file" {
		t.Errorf("actor from the file: %q", a)
	}
	c.env["SITREP_AUTHOR"] = "from env"
	c.must("note", "two")
	if a := lastActor(t, c); a != "from env" {
		t.Errorf("environment over file: %q", a)
	}
	c.must("note", "--author", "from flag", "three")
	if a := lastActor(t, c); a != "from flag" {
		t.Errorf("flag over both: %q", a)
	}
	if out := c.must("config", "get", "sitrep_author"); out != "from env\n" {
		t.Errorf("config get with the env set: %q", out)
	}
	delete(c.env, "SITREP_AUTHOR")
	if out := c.must("config", "get", "SITREP_AUTHOR"); out != "from file\n" {
		t.Errorf("config get: %q", out)
	}
	if _, _, code := c.run("config", "get", "slack_token"); code != 1 {
		t.Errorf("config get of an unset key: exit %d", code)
	}
	c.in = "xoxb-123456789012\n"
	c.must("config", "set", "slack_token", "-")
	c.in = ""
	c.env["SITREP_AUTHOR"] = "x"
	out := c.must("config")
	if !strings.Contains(out, "slack_token = ****9012") || strings.Contains(out, "123456789012") ||
		!strings.Contains(out, "sitrep_author = from file  (overridden by $SITREP_AUTHOR)") {
		t.Errorf("config list:\n%s", out)
	}
	c.must("config", "set", "sitrep_author")
	if _, _, code := c.run("config", "get", "sitrep_author"); code != 0 {
		// the environment still has it
		t.Errorf("get after unsetting the file's value, env set: exit %d", code)
	}
	if _, errs, code := c.run("config", "set", "bad key", "v"); code != 2 {
		t.Errorf("bad key: exit %d %s", code, errs)
	}
}

func TestConfigFileOpenToOthersWithSecretRefused(t *testing.T) {
	c := newCLI(t)
	cfgHome := t.TempDir()
	c.env["XDG_CONFIG_HOME"] = cfgHome
	path := filepath.Join(cfgHome, "sitrep", "config.toml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte("sitrep_author = \"bob\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.must("open", "no secret: an open file is fine")
	if err := os.WriteFile(path, []byte("sitrep_author = \"bob\"\npagerduty_token = \"u+secret\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, c.db)
	for _, args := range [][]string{{"list"}, {"note", "x"}, {"version"}} {
		_, errs, code := c.run(args...)
		if code != 1 || !strings.Contains(errs, "chmod 600 "+path) || strings.Contains(errs, "u+secret") || strings.Count(errs, "\n") != 1 {
			t.Errorf("sitrep %v with a 0644 file holding a token: exit %d, %q", args, code, errs)
		}
	}
	if fileHash(t, c.db) != before {
		t.Error("a refused config changed the store")
	}
	if _, errs, code := c.run("config"); code != 1 || !strings.Contains(errs, "chmod 600") {
		t.Errorf("config list of an open file: exit %d %q", code, errs)
	}
	// config set rewrites it private, which is the fix.
	c.must("config", "set", "sitrep_author", "carol")
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode after set: %v", info.Mode())
	}
	c.must("list")
}
