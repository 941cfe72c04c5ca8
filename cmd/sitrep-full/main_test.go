package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// sitrepBin is the real program, built once for the process tests: the
// quick front (cmd/sitrep), with this package's program, sitrep-full,
// beside it, as `go install ./cmd/...` installs them. Every process test
// runs through the front: its quick note, and its exec of sitrep-full.
var sitrepBin string

// The test binary doubles as small helper processes, chosen by
// SITREP_TEST_ROLE, so the multi-process rules are tested with real
// processes: one that holds the store's lock, one that appends in a loop.
func TestMain(m *testing.M) {
	switch os.Getenv("SITREP_TEST_ROLE") {
	case "holdlock":
		holdLock(os.Getenv("SITREP_DB") + ".lock")
		return
	case "appendloop":
		appendLoop(os.Getenv("SITREP_DB"), os.Getenv("SITREP_INCIDENT"))
		return
	case "peakrss":
		peakRSS(os.Args[1:])
		return
	}
	dir, err := os.MkdirTemp("", "sitrep-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sitrepBin = filepath.Join(dir, "sitrep")
	// -trimpath, as releases are built: the front then knows no source
	// checkout to build sitrep-full from, so it must find it beside itself.
	build := exec.Command("go", "build", "-trimpath", "-o", dir+string(filepath.Separator), ".", "../sitrep")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building sitrep:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// holdLock takes the store's lock, says so on stdout, and keeps it until
// stdin closes.
func holdLock(path string) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err == nil {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	var buf [1]byte
	os.Stdin.Read(buf[:])
}

// appendLoop appends a note every few milliseconds until killed: the
// "sync that writes" in the note benchmark.
func appendLoop(path, id string) {
	s := incident.New(path, incident.Options{})
	for i := 0; ; i++ {
		_, err := s.Append(context.Background(), timeline.Event{
			Incident: id, Source: timeline.SourcePagerDuty, Kind: timeline.KindNotify,
			Actor: "sync", Text: fmt.Sprintf("background %d", i), Ref: fmt.Sprintf("bench/%d/%d", os.Getpid(), i),
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// proc runs the real binary against a store.
type proc struct {
	t   testing.TB
	db  string
	env []string
}

func newProc(t testing.TB) *proc {
	t.Helper()
	return &proc{t: t, db: filepath.Join(t.TempDir(), "store", "sitrep.db")}
}

func (p *proc) environ(extra ...string) []string {
	env := append(os.Environ(), "SITREP_DB="+p.db, "SITREP_AUTHOR=tester", "NO_COLOR=1")
	env = append(env, p.env...)
	return append(env, extra...)
}

// run runs sitrep and returns stdout, stderr and the exit status.
func (p *proc) run(stdin string, args ...string) (string, string, int) {
	p.t.Helper()
	cmd := exec.Command(sitrepBin, args...)
	cmd.Env = p.environ()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		exit, ok := err.(*exec.ExitError)
		if !ok {
			p.t.Fatalf("running sitrep %v: %v", args, err)
		}
		code = exit.ExitCode()
	}
	return out.String(), errb.String(), code
}

// must runs sitrep and fails the test unless it exits 0.
func (p *proc) must(args ...string) string {
	p.t.Helper()
	out, errs, code := p.run("", args...)
	if code != 0 {
		p.t.Fatalf("sitrep %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

func (p *proc) store() *incident.Store {
	return incident.New(p.db, incident.Options{LockTimeout: 5 * time.Second})
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
