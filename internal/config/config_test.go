package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPath(t *testing.T) {
	env := map[string]string{"HOME": "/home/a"}
	get := func(k string) string { return env[k] }
	if p := Path(get); p != "/home/a/.config/sitrep/config.toml" {
		t.Errorf("Path = %q", p)
	}
	env["XDG_CONFIG_HOME"] = "/x"
	if p := Path(get); p != "/x/sitrep/config.toml" {
		t.Errorf("Path = %q", p)
	}
	if p := Path(func(string) string { return "" }); p != "" {
		t.Errorf("Path without HOME = %q", p)
	}
}

func TestSetLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sitrep", FileName)
	f, err := Load(path)
	if err != nil || len(f.Values) != 0 {
		t.Fatalf("missing file: %v %v", f, err)
	}
	if err := f.Set("SLACK_TOKEN", `xoxb-"quoted"\n`); err != nil {
		t.Fatal(err)
	}
	if err := f.Set("sitrep_author", "Sam Whitfield"); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v, %v", info.Mode(), err)
	}
	if dir, _ := os.Stat(filepath.Dir(path)); dir.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v", dir.Mode())
	}
	g, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if g.Get("slack_token") != `xoxb-"quoted"\n` || g.Get("SITREP_AUTHOR") != "Sam Whitfield" {
		t.Errorf("values %v", g.Values)
	}
	if err := g.Set("sitrep_author", ""); err != nil {
		t.Fatal(err)
	}
	if h, _ := Load(path); h.Get("sitrep_author") != "" || h.Get("slack_token") == "" {
		t.Errorf("after unset: %v", h.Values)
	}
	if err := g.Set("bad key", "x"); err == nil {
		t.Error("a key with a space was accepted")
	}
}

func TestOpenFileWithSecretRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	os.WriteFile(path, []byte("sitrep_author = \"alice\"\n"), 0o644)
	if _, err := Load(path); err != nil {
		t.Errorf("an open file without secrets: %v", err)
	}
	os.WriteFile(path, []byte("sitrep_author = \"alice\"\npagerduty_token = \"u+abc\"\n"), 0o644)
	os.Chmod(path, 0o640)
	_, err := Load(path)
	if !errors.Is(err, ErrTooOpen) || !strings.Contains(err.Error(), "chmod 600 "+path) || !strings.Contains(err.Error(), "pagerduty_token") || strings.Contains(err.Error(), "u+abc") {
		t.Errorf("group-readable with a token: %v", err)
	}
	os.Chmod(path, 0o600)
	if f, err := Load(path); err != nil || f.Get("pagerduty_token") != "u+abc" {
		t.Errorf("0600: %v %v", f, err)
	}
	link := filepath.Join(dir, "link.toml")
	os.Symlink(path, link)
	if _, err := Load(link); err == nil {
		t.Error("a symlinked config file was followed")
	}
	os.WriteFile(path, []byte("nested = { a = 1 }\n"), 0o600)
	if _, err := Load(path); err == nil {
		t.Error("a table value was accepted")
	}
	os.WriteFile(path, []byte("not toml ==="), 0o600)
	if _, err := Load(path); err == nil {
		t.Error("bad TOML was accepted")
	}
}

func TestMask(t *testing.T) {
	if Mask("xoxb-1234567890") != "****7890" || Mask("short") != "****" {
		t.Errorf("Mask: %q %q", Mask("xoxb-1234567890"), Mask("short"))
	}
}
