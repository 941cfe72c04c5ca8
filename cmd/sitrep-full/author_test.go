package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/incident"
)

// Without SITREP_AUTHOR a note is signed with git's user.name, read from
// git's files: with no git on PATH it still is, so no git process ran.
func TestNoteAuthorFromGitConfigWithoutRunningGit(t *testing.T) {
	p := newProc(t)
	id := strings.TrimSpace(p.must("open", "author drill"))
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tname = Ada Gitconfig\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	emptyPath := t.TempDir()
	note := func(env ...string) {
		t.Helper()
		cmd := exec.Command(sitrepBin, "note", "-i", id, "who wrote this")
		cmd.Dir = t.TempDir() // not inside a repository
		cmd.Env = append([]string{"SITREP_DB=" + p.db, "PATH=" + emptyPath, "USER=fallback-user", "GIT_CONFIG_NOSYSTEM=1"}, env...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("note: %v: %s", err, errb.String())
		}
	}
	note("HOME=" + home)
	note("HOME=" + t.TempDir()) // no git identity: $USER
	evs, err := incident.New(p.db, incident.Options{}).Events(context.Background(), id, incident.Query{Last: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Actor != "Ada Gitconfig" || evs[1].Actor != "fallback-user" {
		t.Fatalf("authors: %+v", evs)
	}
}
