package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnknownSubcommandsAreUsageErrors(t *testing.T) {
	c := newCLI(t)
	for _, tc := range []struct {
		args    []string
		suggest string
	}{
		{[]string{"action", "ls"}, "did you mean `sitrep action list`?"},
		{[]string{"acton"}, "did you mean `sitrep action`?"},
		{[]string{"import", "jsnl"}, "did you mean `sitrep import jsonl`?"},
		{[]string{"frobnicate"}, "see `sitrep --help`"},
	} {
		out, errs, code := c.run(tc.args...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, "sitrep: unknown command") ||
			!strings.Contains(errs, tc.suggest) || strings.Count(errs, "\n") != 1 {
			t.Errorf("sitrep %v: exit %d, stdout %q, stderr %q", tc.args, code, out, errs)
		}
	}
	// A group alone still shows its help.
	if out, _, code := c.run("action"); code != 0 || !strings.Contains(out, "Available Commands") {
		t.Errorf("sitrep action: exit %d, %q", code, out)
	}
}

// `sitrep run` exits as a shell would when the command cannot start, and
// records nothing.
func TestRunCommandNotStarted(t *testing.T) {
	p := newProc(t)
	p.must("open", "run")
	dir := t.TempDir()
	script := filepath.Join(dir, "script.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, p.db)
	for _, tc := range []struct {
		argv []string
		code int
		says string
	}{
		{[]string{"sitrep-no-such-command"}, 127, "command not found"},
		{[]string{filepath.Join(dir, "missing")}, 127, "command not found"},
		{[]string{script}, 126, "not executable"},
		{[]string{dir}, 126, "not executable"},
	} {
		_, errs, code := p.run("", append([]string{"run", "--"}, tc.argv...)...)
		if code != tc.code || !strings.HasPrefix(errs, "sitrep: ") || !strings.Contains(errs, tc.says) || strings.Count(errs, "\n") != 1 {
			t.Errorf("run %v: exit %d (want %d), stderr %q", tc.argv, code, tc.code, errs)
		}
	}
	if fileHash(t, p.db) != before {
		t.Error("a command that never started was recorded")
	}
}

func TestDBInMissingDirectory(t *testing.T) {
	c := newCLI(t)
	missing := filepath.Join(t.TempDir(), "typo", "sitrep.db")
	for _, args := range [][]string{{"--db", missing, "list"}, {"--db", missing, "timeline"}, {"show", "--db", missing}} {
		out, errs, code := c.run(args...)
		if code != 1 || out != "" || !strings.Contains(errs, "directory "+filepath.Dir(missing)+" does not exist") || strings.Contains(errs, "no incidents") {
			t.Errorf("sitrep %v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	c.env["SITREP_DB"] = missing
	if _, errs, code := c.run("list"); code != 1 || !strings.Contains(errs, "SITREP_DB") {
		t.Errorf("SITREP_DB in a missing directory: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Error("a read command created the directory")
	}
	// open creates it, as before.
	c.must("open", "first")
	if _, errs, code := c.run("list"); code != 0 {
		t.Errorf("list after open: exit %d, %s", code, errs)
	}
}
