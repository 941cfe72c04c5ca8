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

// bin holds the programs the tests run: alone/sitrep is the front without
// sitrep-full (built -trimpath, so it knows no checkout to build it from);
// both/ holds sitrep and sitrep-full side by side, as installed.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sitrep-front-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, b := range [][]string{
		{"build", "-trimpath", "-o", filepath.Join(dir, "alone", "sitrep"), "."},
		{"build", "-trimpath", "-o", filepath.Join(dir, "both") + string(filepath.Separator), ".", "../sitrep-full"},
	} {
		build := exec.Command("go", b...)
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building:", err)
			os.Exit(1)
		}
	}
	bin = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// env is a clean environment for a sitrep process: its own home (with a
// git config naming the user), no config file, the store at db.
func env(t *testing.T, db string, extra ...string) []string {
	t.Helper()
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tname = Ada Lovelace\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return append([]string{"HOME=" + home, "PATH=/usr/bin:/bin", "SITREP_DB=" + db, "USER=ada", "GIT_CONFIG_NOSYSTEM=1"}, extra...)
}

// store makes a store with one incident, INC-1, active.
func store(t *testing.T) (*incident.Store, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "sitrep.db")
	s := incident.New(db, incident.Options{})
	if _, err := s.Create(context.Background(), incident.NewIncident{Title: "checkout 500s", Actor: "sam", Source: timeline.SourceCLI}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetActive("INC-1"); err != nil {
		t.Fatal(err)
	}
	return s, db
}

func sitrep(t *testing.T, program string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, program), args...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func notes(t *testing.T, s *incident.Store) []timeline.Event {
	t.Helper()
	evs, err := s.Events(context.Background(), "INC-1", incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var out []timeline.Event
	for _, e := range evs {
		if e.Kind == timeline.KindNote {
			out = append(out, e)
		}
	}
	return out
}

// The front alone stores a plain note, on disk when it exits 0, with no
// sitrep-full to run.
func TestQuickNoteAlone(t *testing.T) {
	s, db := store(t)
	out, errs, code := sitrep(t, "alone/sitrep", env(t, db), "note", "rolled", "back", "api-gateway")
	if code != 0 || out != "" || errs != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	got := notes(t, s)
	if len(got) != 1 {
		t.Fatalf("%d notes stored, want 1", len(got))
	}
	e := got[0]
	if e.Text != "rolled back api-gateway" || e.Actor != "Ada Lovelace" || e.Source != timeline.SourceCLI || e.Incident != "INC-1" {
		t.Errorf("stored %+v", e)
	}
	if time.Since(e.At) > time.Minute || e.At.Location() != time.UTC {
		t.Errorf("At = %v", e.At)
	}
}

// A quick note and sitrep-full's note of the same text store the same
// event but for its ID and times.
func TestQuickNoteMatchesFull(t *testing.T) {
	s, db := store(t)
	e := env(t, db, "SITREP_AUTHOR=  Grace Hopper ")
	if _, errs, code := sitrep(t, "both/sitrep", e, "note", "first 500s"); code != 0 {
		t.Fatalf("sitrep: exit %d: %s", code, errs)
	}
	if _, errs, code := sitrep(t, "both/sitrep-full", e, "note", "first 500s"); code != 0 {
		t.Fatalf("sitrep-full: exit %d: %s", code, errs)
	}
	got := notes(t, s)
	if len(got) != 2 {
		t.Fatalf("%d notes, want 2", len(got))
	}
	a, b := got[0], got[1]
	if a.ID == b.ID {
		t.Fatalf("same ID %s twice", a.ID)
	}
	a.ID, a.At, a.Recorded = b.ID, b.At, b.Recorded
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
		t.Errorf("quick note  %+v\nsitrep-full %+v", got[0], got[1])
	}
}

// What the front does not handle, it leaves to sitrep-full, having stored
// nothing: here sitrep-full is missing, so each says so and exits 1.
func TestLeftToFull(t *testing.T) {
	s, db := store(t)
	for name, c := range map[string]struct {
		env  []string
		args []string
	}{
		"another command":     {nil, []string{"timeline"}},
		"a flag":              {nil, []string{"note", "--kind", "factor", "a skipped canary"}},
		"stdin":               {nil, []string{"note", "-"}},
		"an incident ID":      {nil, []string{"note", "INC-1", "text"}},
		"no such incident":    {[]string{"SITREP_INCIDENT=INC-9"}, []string{"note", "text"}},
		"team mode":           {[]string{"SITREP_NATS_URL=nats://127.0.0.1:1"}, []string{"note", "text"}},
		"a bad lock timeout":  {[]string{"SITREP_LOCK_TIMEOUT=soon"}, []string{"note", "text"}},
		"an empty note":       {nil, []string{"note", " "}},
		"no text":             {nil, []string{"note"}},
		"no arguments at all": {nil, nil},
	} {
		t.Run(name, func(t *testing.T) {
			_, errs, code := sitrep(t, "alone/sitrep", env(t, db, c.env...), c.args...)
			if code != 1 || !strings.HasPrefix(errs, "sitrep: sitrep-full is not installed beside sitrep") ||
				!strings.Contains(errs, "go install github.com/sitrep-dev/sitrep/cmd/...@latest") || strings.Count(errs, "\n") != 1 {
				t.Errorf("exit %d, stderr %q", code, errs)
			}
		})
	}
	if n := len(notes(t, s)); n != 0 {
		t.Errorf("%d notes stored", n)
	}
	// Without a store there is nothing to add to: sitrep-full explains.
	_, errs, code := sitrep(t, "alone/sitrep", env(t, filepath.Join(t.TempDir(), "none.db")), "note", "text")
	if code != 1 || !strings.Contains(errs, "sitrep-full is not installed") {
		t.Errorf("no store: exit %d, stderr %q", code, errs)
	}
}

// With the store's lock held past SITREP_LOCK_TIMEOUT, a quick note is
// spooled beside the store, says so, and the next write moves it in.
func TestQuickNoteSpools(t *testing.T) {
	s, db := store(t)
	f, err := os.OpenFile(db+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	_, errs, code := sitrep(t, "alone/sitrep", env(t, db, "SITREP_LOCK_TIMEOUT=100ms"), "note", "spooled while busy")
	f.Close()
	if code != 0 || !strings.HasPrefix(errs, "the store is busy: note ") || !strings.Contains(errs, db+".spool;") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if _, errs, code := sitrep(t, "alone/sitrep", env(t, db), "note", "next"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got := notes(t, s)
	if len(got) != 2 || got[0].Text != "spooled while busy" || got[1].Text != "next" {
		t.Errorf("notes %+v", got)
	}
}

// Every other command runs sitrep-full in the front's place: its output,
// and its exit status.
func TestExecFull(t *testing.T) {
	s, db := store(t)
	e := env(t, db)
	out, errs, code := sitrep(t, "both/sitrep", e, "note", "--kind", "factor", "a skipped canary")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if got := notes(t, s); len(got) != 0 {
		t.Errorf("a factor stored as a note: %+v", got)
	}
	out, _, code = sitrep(t, "both/sitrep", e, "timeline")
	if code != 0 || !strings.Contains(out, "a skipped canary") {
		t.Errorf("timeline: exit %d: %q", code, out)
	}
	_, errs, code = sitrep(t, "both/sitrep", e, "note", "--kind", "nonsense", "x")
	if code != 2 || !strings.HasPrefix(errs, "sitrep: --kind") {
		t.Errorf("usage error: exit %d, stderr %q", code, errs)
	}
}

// Built from a checkout that is still there (`go run ./cmd/sitrep`), the
// front builds sitrep-full from it when it is installed nowhere.
func TestBuildsFullFromCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("links sitrep-full")
	}
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "sitrep"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	_, db := store(t)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	e := append(env(t, db, "XDG_CACHE_HOME="+cache, "PATH="+filepath.Dir(goBin)+":/usr/bin:/bin"),
		"GOCACHE="+goEnv(t, "GOCACHE"), "GOPATH="+goEnv(t, "GOPATH"), "GOENV="+goEnv(t, "GOENV"))
	for i, wantNotice := range []bool{true, false} {
		cmd := exec.Command(filepath.Join(dir, "sitrep"), "version")
		cmd.Env = e
		var out, errs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errs
		if err := cmd.Run(); err != nil {
			t.Fatalf("run %d: %v: %s", i, err, errs.String())
		}
		if !strings.HasPrefix(out.String(), "sitrep ") {
			t.Errorf("run %d: stdout %q", i, out.String())
		}
		if got := strings.Contains(errs.String(), "building sitrep-full from"); got != wantNotice {
			t.Errorf("run %d: stderr %q", i, errs.String())
		}
	}
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// The front links only what a note needs: every package linked runs its
// init on every note. A new import here is a new cost on the budget
// (README, performance): put the feature in sitrep-full instead.
func TestFrontLinksOnlyTheStore(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	allowed := []string{
		"github.com/sitrep-dev/sitrep/cmd/sitrep", "github.com/sitrep-dev/sitrep/incident",
		"github.com/sitrep-dev/sitrep/timeline", "github.com/sitrep-dev/sitrep/internal/config",
		"github.com/sitrep-dev/sitrep/internal/gitconfig", "github.com/sitrep-dev/sitrep/internal/settings",
		"go.etcd.io/bbolt", "github.com/oklog/ulid/v2", "github.com/BurntSushi/toml", "golang.org/x/sys/unix",
	}
	for _, pkg := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(pkg, "/")
		if !strings.Contains(first, ".") || strings.HasPrefix(pkg, "vendor/") {
			continue // the standard library
		}
		ok := false
		for _, a := range allowed {
			ok = ok || pkg == a || strings.HasPrefix(pkg, a+"/")
		}
		if !ok {
			t.Errorf("the front links %s", pkg)
		}
	}
}

// A sitrep-full that is the front itself (a link made by hand) is refused,
// not run in a loop.
func TestFullIsNotTheFront(t *testing.T) {
	dir := t.TempDir()
	front := filepath.Join(dir, "sitrep")
	b, err := os.ReadFile(filepath.Join(bin, "alone", "sitrep"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(front, b, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sitrep", filepath.Join(dir, "sitrep-full")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(front, "version")
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(errb.String(), "is this program, not sitrep-full") {
		t.Errorf("err %v, stderr %q", err, errb.String())
	}
}
