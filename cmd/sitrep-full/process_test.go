package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Eight processes append 100 notes each at once while a ninth follows the
// timeline: all 800 stored once, the follower sees all 800, the file checks
// clean.
func TestConcurrentWritersWithFollower(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 800 processes")
	}
	p := newProc(t)
	id := strings.TrimSpace(p.must("open", "concurrency drill"))

	follow := exec.Command(sitrepBin, "timeline", id, "--follow", "--json")
	follow.Env = p.environ()
	stdout, err := follow.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := follow.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { follow.Process.Kill(); follow.Wait() })
	var mu sync.Mutex
	seen := map[string]int{}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var e timeline.Event
			if json.Unmarshal(sc.Bytes(), &e) == nil && e.Kind == timeline.KindNote {
				mu.Lock()
				seen[e.Text]++
				mu.Unlock()
			}
		}
	}()

	const writers, each = 8, 100
	var wg sync.WaitGroup
	errs := make(chan string, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				cmd := exec.Command(sitrepBin, "note", "-i", id, fmt.Sprintf("writer %d note %d", w, i))
				cmd.Env = p.environ()
				if out, err := cmd.CombinedOutput(); err != nil {
					errs <- fmt.Sprintf("writer %d note %d: %v: %s", w, i, err, out)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}

	events, err := p.store().Events(context.Background(), id, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	for _, e := range events {
		if e.Kind == timeline.KindNote {
			stored[e.Text]++
		}
	}
	if len(stored) != writers*each {
		t.Errorf("stored %d distinct notes, want %d", len(stored), writers*each)
	}
	for text, n := range stored {
		if n != 1 {
			t.Errorf("%q stored %d times", text, n)
		}
	}
	waitFor(t, 10*time.Second, "the follower to see all 800 notes", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) == writers*each
	})
	mu.Lock()
	for text, n := range seen {
		if n != 1 {
			t.Errorf("follower printed %q %d times", text, n)
		}
	}
	mu.Unlock()
	if err := p.store().Check(context.Background()); err != nil {
		t.Errorf("consistency check: %v", err)
	}
}

// Writers killed with SIGKILL at random moments lose nothing they
// acknowledged, and leave a file that opens and checks clean.
func TestKilledWritersLoseNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns hundreds of processes")
	}
	p := newProc(t)
	id := strings.TrimSpace(p.must("open", "kill drill"))
	rng := rand.New(rand.NewPCG(1, 2))
	var acked []string
	killed := 0
	const writers, rounds = 4, 40
	for round := range rounds {
		type running struct {
			cmd  *exec.Cmd
			text string
		}
		var batch []running
		for w := range writers {
			text := fmt.Sprintf("round %d writer %d", round, w)
			cmd := exec.Command(sitrepBin, "note", "-i", id, text)
			cmd.Env = p.environ()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			batch = append(batch, running{cmd, text})
		}
		// Kill one of them somewhere in its life: before it opens the
		// store, mid-transaction, or after it committed.
		victim := batch[rng.IntN(len(batch))]
		time.AfterFunc(time.Duration(rng.IntN(8000))*time.Microsecond, func() {
			victim.cmd.Process.Signal(syscall.SIGKILL)
		})
		for _, r := range batch {
			err := r.cmd.Wait()
			if err == nil {
				acked = append(acked, r.text)
				continue
			}
			if ws, ok := r.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				killed++
				continue
			}
			t.Errorf("%q failed: %v", r.text, err)
		}
	}
	if killed == 0 {
		t.Fatal("no writer was killed; the test proved nothing")
	}
	s := p.store()
	if err := s.Check(context.Background()); err != nil {
		t.Fatalf("consistency check after kills: %v", err)
	}
	events, err := s.Events(context.Background(), id, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range events {
		count[e.Text]++
	}
	for _, text := range acked {
		if count[text] != 1 {
			t.Errorf("acknowledged note %q stored %d times", text, count[text])
		}
	}
	t.Logf("%d notes acknowledged, %d writers killed", len(acked), killed)
}

// With the lock held past the timeout, note exits 0 and says it spooled;
// the next command of any kind moves the note in, exactly once.
func TestNoteSpoolsWhenLockHeld(t *testing.T) {
	p := newProc(t)
	id := strings.TrimSpace(p.must("open", "lock drill"))
	holder := exec.Command(os.Args[0])
	holder.Env = p.environ("SITREP_TEST_ROLE=holdlock")
	stdin, _ := holder.StdinPipe()
	stdout, _ := holder.StdoutPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		t.Fatalf("lock holder said %q, %v", line, err)
	}
	p.env = append(p.env, "SITREP_LOCK_TIMEOUT=300ms")
	_, errs, code := p.run("", "note", "-i", id, "written while locked")
	if code != 0 || !strings.Contains(errs, "spooled") {
		t.Fatalf("note under lock: exit %d, stderr %q", code, errs)
	}
	stdin.Close()
	holder.Wait()

	out := p.must("timeline", id, "--json")
	if n := strings.Count(out, "written while locked"); n != 1 {
		t.Fatalf("spooled note appears %d times after the next command", n)
	}
	p.must("note", "-i", id, "another")
	out = p.must("timeline", id, "--json")
	if n := strings.Count(out, "written while locked"); n != 1 {
		t.Fatalf("spooled note appears %d times after more commands", n)
	}
	if n, _ := p.store().Spooled(); n != 0 {
		t.Fatalf("%d notes left in the spool", n)
	}
}

// Bad input: one line on stderr starting "sitrep: ", a non-zero exit, and
// no change to the store.
func TestBadInputChangesNothing(t *testing.T) {
	p := newProc(t)
	id := strings.TrimSpace(p.must("open", "bad input drill", "--sev", "3"))
	p.must("note", "-i", id, "a good note")
	cases := []struct {
		name string
		args []string
	}{
		{"unknown incident", []string{"note", "-i", "INC-99", "hello"}},
		{"unknown incident show", []string{"show", "42"}},
		{"not an incident id", []string{"note", "-i", "banana", "hello"}},
		{"severity 0", []string{"sev", "0", "-i", id}},
		{"severity 9", []string{"sev", "9", "-i", id}},
		{"unknown status", []string{"status", "fixed", "-i", id}},
		{"unparseable --at", []string{"note", "-i", id, "--at", "teatime", "x"}},
		{"--at in the future", []string{"note", "-i", id, "--at", time.Now().Add(10 * time.Minute).UTC().Format(time.RFC3339), "x"}},
		{"empty note", []string{"note", "-i", id, "   "}},
		{"unknown kind", []string{"note", "-i", id, "--kind", "gossip", "x"}},
		{"unknown milestone", []string{"mark", "finished", "-i", id}},
		{"unknown action", []string{"action", "done", "7", "-i", id}},
	}
	before := fileHash(t, p.db)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, code := p.run("", tc.args...)
			assertOneErrorLine(t, errs, code)
		})
	}
	if after := fileHash(t, p.db); after != before {
		t.Error("the store changed")
	}

	t.Run("empty note from stdin", func(t *testing.T) {
		_, errs, code := p.run("\n", "note", "-i", id, "-")
		assertOneErrorLine(t, errs, code)
	})

	t.Run("not a bbolt file", func(t *testing.T) {
		q := newProc(t)
		os.MkdirAll(strings.TrimSuffix(q.db, "/sitrep.db"), 0o700)
		content := []byte("# my notes\nnot a database\n" + strings.Repeat("x", 9000))
		os.WriteFile(q.db, content, 0o600)
		for _, args := range [][]string{{"list"}, {"open", "x"}, {"note", "-i", "1", "x"}} {
			_, errs, code := q.run("", args...)
			assertOneErrorLine(t, errs, code)
			if !strings.Contains(errs, "not a sitrep store") {
				t.Errorf("%v: %q does not say what is wrong", args, errs)
			}
		}
		if got, _ := os.ReadFile(q.db); string(got) != string(content) {
			t.Error("the file was changed")
		}
	})

	t.Run("newer schema", func(t *testing.T) {
		q := newProc(t)
		q.must("open", "from the future")
		writeSchema(t, q.db, 99)
		before := fileHash(t, q.db)
		for _, args := range [][]string{{"list"}, {"note", "-i", "1", "x"}} {
			_, errs, code := q.run("", args...)
			assertOneErrorLine(t, errs, code)
			if !strings.Contains(errs, "newer sitrep") {
				t.Errorf("%v: %q does not say a newer sitrep wrote it", args, errs)
			}
		}
		if fileHash(t, q.db) != before {
			t.Error("the file was changed")
		}
	})
}

func assertOneErrorLine(t *testing.T, stderr string, code int) {
	t.Helper()
	if code == 0 {
		t.Fatalf("exit 0; stderr %q", stderr)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "sitrep: ") {
		t.Fatalf("stderr is not one line starting \"sitrep: \": %q", stderr)
	}
	if len(lines[0]) < 30 {
		t.Errorf("error too terse to act on: %q", lines[0])
	}
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// A note with escape sequences is stored as given, printed inert, and
// escaped in JSON.
func TestEscapeSequencesStoredAsGivenPrintedInert(t *testing.T) {
	p := newProc(t)
	id := strings.TrimSpace(p.must("open", "escape drill"))
	evil := "deploy \x1b]0;owned\x07done \x1b[2Jcleared"
	p.must("note", "-i", id, evil)

	events, err := p.store().Events(context.Background(), id, incident.Query{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range events {
		found = found || e.Text == evil
	}
	if !found {
		t.Fatal("the note was not stored as given")
	}
	for _, args := range [][]string{{"show", id}, {"timeline", id}} {
		out := p.must(args...)
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%v printed a control character: %q", args, out)
		}
		if !strings.Contains(out, "deploy done cleared") {
			t.Errorf("%v lost the visible text: %q", args, out)
		}
	}
	out := p.must("timeline", id, "--json")
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `\u001b]0;owned\u0007`) {
		t.Errorf("--json does not escape the sequences: %q", out)
	}
}
