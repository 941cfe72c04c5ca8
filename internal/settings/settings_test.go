package settings

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func lookup(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestStorePath(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SITREP_DB": "/x/s.db", "XDG_DATA_HOME": "/d", "HOME": "/h"}, "/x/s.db"},
		{map[string]string{"XDG_DATA_HOME": "/d", "HOME": "/h"}, "/d/sitrep/sitrep.db"},
		{map[string]string{"HOME": "/h"}, "/h/.local/share/sitrep/sitrep.db"},
		{map[string]string{}, ""},
	} {
		if got := StorePath(lookup(c.env)); got != c.want {
			t.Errorf("StorePath(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}

func TestLockTimeout(t *testing.T) {
	if d, err := LockTimeout(lookup(nil), 3*time.Second); d != 3*time.Second || err != nil {
		t.Errorf("default: %v, %v", d, err)
	}
	if d, err := LockTimeout(lookup(map[string]string{"SITREP_LOCK_TIMEOUT": "250ms"}), time.Second); d != 250*time.Millisecond || err != nil {
		t.Errorf("250ms: %v, %v", d, err)
	}
	for _, bad := range []string{"soon", "0s", "-1s"} {
		if _, err := LockTimeout(lookup(map[string]string{"SITREP_LOCK_TIMEOUT": bad}), time.Second); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAuthorOrder(t *testing.T) {
	git := func() string { return "Git Name" }
	none := func() string { return "" }
	env := lookup(map[string]string{"SITREP_AUTHOR": " Env Name ", "USER": "user"})
	for _, c := range []struct {
		getenv func(string) string
		flag   string
		git    func() string
		want   string
	}{
		{env, "Flag Name", git, "Flag Name"},
		{env, " ", git, "Env Name"},
		{lookup(map[string]string{"USER": "user"}), "", git, "Git Name"},
		{lookup(map[string]string{"USER": "user"}), "", none, "user"},
		{lookup(map[string]string{"USER": "user"}), "", nil, "user"},
		{lookup(nil), "", none, "unknown"},
	} {
		if got := Author(c.getenv, c.flag, c.git); got != c.want {
			t.Errorf("Author(flag %q) = %q, want %q", c.flag, got, c.want)
		}
	}
}

// The config file fills what the environment leaves unset, and only that.
func TestWithFile(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, "sitrep")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte("sitrep_author = \"File Name\"\nsitrep_db = \"/file.db\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv, err := WithFile(lookup(map[string]string{"XDG_CONFIG_HOME": home, "SITREP_DB": "/env.db"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := getenv("SITREP_DB"); got != "/env.db" {
		t.Errorf("SITREP_DB = %q, want the environment's", got)
	}
	if got := getenv("SITREP_AUTHOR"); got != "File Name" {
		t.Errorf("SITREP_AUTHOR = %q, want the file's", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte("not toml ["), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := WithFile(lookup(map[string]string{"XDG_CONFIG_HOME": home})); err == nil {
		t.Error("a broken file read without an error")
	}
}
