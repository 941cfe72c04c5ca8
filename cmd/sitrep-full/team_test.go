package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty/pagerdutytest"
	"github.com/sitrep-dev/sitrep/integrations/slack"
	"github.com/sitrep-dev/sitrep/integrations/slack/slacktest"
	"github.com/sitrep-dev/sitrep/integrations/team"
	"github.com/sitrep-dev/sitrep/timeline"
)

// natsNode is a real nats-server with JetStream in the test process, on a
// fixed address and directory so that it can be stopped and started again.
type natsNode struct {
	t      testing.TB
	addr   string
	dir    string
	conf   string
	srv    *server.Server
	stopMu sync.Mutex
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startNATS runs a node; conf is extra nats-server configuration.
func startNATS(t testing.TB, conf string) *natsNode {
	t.Helper()
	n := &natsNode{t: t, addr: freeAddr(t), dir: t.TempDir()}
	if conf != "" {
		n.conf = filepath.Join(n.dir, "server.conf")
		if err := os.WriteFile(n.conf, []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n.start()
	t.Cleanup(n.stop)
	return n
}

func (n *natsNode) start() {
	n.t.Helper()
	srv, err := team.Serve(team.ServeOptions{Addr: n.addr, Dir: filepath.Join(n.dir, "js"), ConfigFile: n.conf})
	if err != nil {
		n.t.Fatal(err)
	}
	n.stopMu.Lock()
	n.srv = srv
	n.stopMu.Unlock()
}

func (n *natsNode) stop() {
	n.stopMu.Lock()
	defer n.stopMu.Unlock()
	if n.srv != nil {
		n.srv.Shutdown()
		n.srv.WaitForShutdown()
		n.srv = nil
	}
}

func (n *natsNode) url() string { return "nats://" + n.addr }

// teamMachine is one responder's laptop: its own store, in team mode.
func teamMachine(t *testing.T, url, teamName string, extra ...string) *proc {
	p := newProc(t)
	if err := os.MkdirAll(filepath.Dir(p.db), 0o700); err != nil {
		t.Fatal(err)
	}
	p.env = append([]string{"SITREP_NATS_URL=" + url, "SITREP_TEAM=" + teamName}, extra...)
	return p
}

// follower is a running `sitrep team follow --json`: what it printed.
type follower struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	seen map[string]int // note text → times printed
	done chan struct{}
	errb strings.Builder
}

func startFollower(t *testing.T, p *proc) *follower {
	t.Helper()
	f := &follower{cmd: exec.Command(sitrepBin, "team", "follow", "--json"), seen: map[string]int{}, done: make(chan struct{})}
	f.cmd.Env = p.environ()
	stdout, err := f.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	f.cmd.Stderr = &lockedWriter{mu: &f.mu, w: &f.errb}
	if err := f.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(f.done)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 2<<20)
		for sc.Scan() {
			var e timeline.Event
			if json.Unmarshal(sc.Bytes(), &e) == nil && e.Kind == timeline.KindNote {
				f.mu.Lock()
				f.seen[e.Text]++
				f.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		f.cmd.Process.Kill()
		f.cmd.Wait()
	})
	return f
}

// stop sends SIGTERM and expects a clean exit.
func (f *follower) stop(t *testing.T) {
	t.Helper()
	f.cmd.Process.Signal(syscall.SIGTERM)
	errc := make(chan error, 1)
	go func() { <-f.done; errc <- f.cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("team follow after SIGTERM: %v\n%s", err, f.stderr())
		}
	case <-time.After(10 * time.Second):
		t.Errorf("team follow did not stop within 10 s of SIGTERM")
	}
}

func (f *follower) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.seen)
}

func (f *follower) stderr() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.errb.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *strings.Builder
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// notes counts each note text in an incident of a store.
func notes(t *testing.T, p *proc, id string) map[string]int {
	t.Helper()
	events, err := p.store().Events(context.Background(), id, incident.Query{})
	if err != nil && !incident.IsNotFound(err) {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range events {
		if e.Kind == timeline.KindNote {
			out[e.Text]++
		}
	}
	return out
}

// writeNotes runs writers processes per machine, each writing each notes,
// all at once, and returns every process's stderr; a failed one fails t.
func writeNotes(t *testing.T, id string, machines map[string]*proc, writers, each int, during func(done int)) []string {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var stderrs []string
	done := 0
	for name, p := range machines {
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					_, errs, code := p.run("", "note", "-i", id, fmt.Sprintf("%s writer %d note %d", name, w, i))
					mu.Lock()
					stderrs = append(stderrs, errs)
					done++
					if during != nil {
						during(done)
					}
					mu.Unlock()
					if code != 0 {
						t.Errorf("%s writer %d note %d: exit %d: %s", name, w, i, code, errs)
					}
				}
			}()
		}
	}
	wg.Wait()
	return stderrs
}

// converge waits until every store and follower holds every note exactly once.
func converge(t *testing.T, within time.Duration, id string, want int, machines []*proc, followers []*follower) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok := true
		for _, p := range machines {
			if len(notes(t, p, id)) != want {
				ok = false
			}
		}
		for _, f := range followers {
			if f.count() != want {
				ok = false
			}
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			for _, p := range machines {
				t.Errorf("%s: %d of %d notes", p.db, len(notes(t, p, id)), want)
			}
			for i, f := range followers {
				t.Errorf("follower %d saw %d of %d notes\n%s", i, f.count(), want, f.stderr())
			}
			t.FailNow()
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, p := range machines {
		for text, n := range notes(t, p, id) {
			if n != 1 {
				t.Errorf("%s: %q stored %d times", p.db, text, n)
			}
		}
	}
}

// Two machines, a follower on each, four writer processes per machine
// writing 100 notes each at once: both stores end with the same 800 notes,
// none twice, and each follower saw all 800.
func TestTeamTwoMachinesWriteAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 800 processes")
	}
	srv := startNATS(t, "")
	a := teamMachine(t, srv.url(), "ops")
	b := teamMachine(t, srv.url(), "ops")
	a.must("team", "init")
	id := strings.TrimSpace(a.must("open", "checkout 500s"))
	fa, fb := startFollower(t, a), startFollower(t, b)
	stderrs := writeNotes(t, id, map[string]*proc{"a": a, "b": b}, 4, 100, nil)
	queued := 0
	for _, e := range stderrs {
		if strings.Contains(e, "queued") {
			queued++ // no PubAck within the deadline on a loaded machine: sent later
		}
	}
	t.Logf("%d of 800 notes waited for a later send", queued)
	converge(t, 30*time.Second, id, 800, []*proc{a, b}, []*follower{fa, fb})
	fa.stop(t)
	fb.stop(t)
	out := b.must("team", "status", "--json")
	var st team.Status
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Outbox != 0 || st.Behind != 0 {
		t.Errorf("B's status after the run: %s %v", out, err)
	}
}

// The server stops in the middle of a run: notes keep exiting 0 and say
// they are queued; when it is back, the outboxes drain and every store has
// every note exactly once.
func TestTeamServerStoppedMidRun(t *testing.T) {
	srv := startNATS(t, "")
	a := teamMachine(t, srv.url(), "ops")
	b := teamMachine(t, srv.url(), "ops")
	a.must("team", "init")
	id := strings.TrimSpace(a.must("open", "db failover"))
	b.must("show", id) // B pulls the incident while the server runs
	fa, fb := startFollower(t, a), startFollower(t, b)
	const writers, each = 2, 30
	stopped := make(chan struct{})
	stderrs := writeNotes(t, id, map[string]*proc{"a": a, "b": b}, writers, each, func(done int) {
		if done == writers*each/2 {
			srv.stop()
			close(stopped)
		}
	})
	<-stopped
	queued := 0
	for i, e := range stderrs {
		if strings.Contains(e, "saved; queued for the team (server unreachable)") {
			if queued == 0 {
				t.Logf("first queued: note %d: %s", i, e)
			}
			queued++
		}
	}
	if queued == 0 {
		t.Fatalf("no note said it was queued while the server was down")
	}
	own := 0
	for text := range notes(t, a, id) {
		if strings.HasPrefix(text, "a ") {
			own++
		}
	}
	if own != writers*each {
		t.Fatalf("A holds %d of its own %d notes while offline", own, writers*each)
	}
	t.Logf("%d of %d notes queued while the server was down", queued, len(stderrs))
	srv.start()
	converge(t, 30*time.Second, id, 2*writers*each, []*proc{a, b}, []*follower{fa, fb})
	for _, p := range []*proc{a, b} {
		waitFor(t, 10*time.Second, "the outbox to drain", func() bool {
			_, n, err := p.store().Outbox(context.Background(), 1)
			return err == nil && n == 0
		})
	}
	fa.stop(t)
	fb.stop(t)
}

// Two machines open incidents at once: distinct team-wide numbers, the
// same incident under the same number on both.
func TestTeamIncidentNumbers(t *testing.T) {
	srv := startNATS(t, "")
	a := teamMachine(t, srv.url(), "ops")
	b := teamMachine(t, srv.url(), "ops")
	a.must("team", "init")
	var wg sync.WaitGroup
	ids := make([][]string, 2)
	for i, p := range []*proc{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				ids[i] = append(ids[i], strings.TrimSpace(p.must("open", fmt.Sprintf("machine %d incident %d", i, j), "--no-use")))
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, l := range ids {
		for _, id := range l {
			if seen[id] {
				t.Fatalf("%s given twice: %v", id, ids)
			}
			seen[id] = true
		}
	}
	for i, l := range ids {
		for j, id := range l {
			for _, p := range []*proc{a, b} {
				var inc incident.Incident
				if err := json.Unmarshal([]byte(p.must("show", id, "--json")), &inc); err != nil || inc.Title != fmt.Sprintf("machine %d incident %d", i, j) {
					t.Errorf("%s on %s: %+v %v", id, p.db, inc.Title, err)
				}
			}
		}
	}
	srv.stop()
	_, errs, code := a.run("", "open", "while offline")
	assertOneErrorLine(t, errs, code)
	if !strings.Contains(errs, "cannot open a team incident") || !strings.Contains(errs, "notes to open incidents work offline") ||
		!strings.Contains(errs, "SITREP_NATS_URL=") {
		t.Errorf("open without the server: %s", errs)
	}
	// The way out the hint names: an incident on this machine alone.
	local := &proc{t: t, db: a.db, env: append(append([]string{}, a.env...), "SITREP_NATS_URL=")}
	if out := local.must("open", "while offline", "--no-use"); !strings.HasPrefix(out, "INC-") {
		t.Errorf("open with SITREP_NATS_URL= printed %q", out)
	}
}

// A 3-node cluster with a replicas-3 stream: one node is killed while both
// machines write. No command fails, nothing is lost, nothing duplicated.
func TestTeamClusterNodeKilled(t *testing.T) {
	nodes := make([]*natsNode, 3)
	routes := make([]string, 3)
	clientAddrs := make([]string, 3)
	for i := range nodes {
		routes[i] = "nats://" + freeAddr(t)
		clientAddrs[i] = freeAddr(t)
	}
	var wg sync.WaitGroup
	for i := range nodes {
		n := &natsNode{t: t, addr: clientAddrs[i], dir: t.TempDir()}
		n.conf = filepath.Join(n.dir, "server.conf")
		conf := fmt.Sprintf("server_name: n%d\ncluster { name: sitrep, listen: %q, routes: [%s] }\n",
			i+1, strings.TrimPrefix(routes[i], "nats://"), `"`+strings.Join(routes, `", "`)+`"`)
		if err := os.WriteFile(n.conf, []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
		nodes[i] = n
		wg.Add(1)
		go func() { defer wg.Done(); n.start() }()
		t.Cleanup(n.stop)
	}
	wg.Wait()
	var urls []string
	for _, n := range nodes {
		urls = append(urls, n.url())
	}
	url := strings.Join(urls, ",")
	a := teamMachine(t, url, "ops")
	b := teamMachine(t, url, "ops")
	waitFor(t, 20*time.Second, "the cluster to take a replicas-3 stream", func() bool {
		_, _, code := a.run("", "team", "init", "--replicas", "3")
		return code == 0
	})
	id := strings.TrimSpace(a.must("open", "region failover"))
	b.must("show", id)
	fa, fb := startFollower(t, a), startFollower(t, b)
	const writers, each = 2, 40
	writeNotes(t, id, map[string]*proc{"a": a, "b": b}, writers, each, func(done int) {
		if done == writers*each/2 {
			go nodes[1].stop() // writers keep going while it goes down
		}
	})
	converge(t, 45*time.Second, id, 2*writers*each, []*proc{a, b}, []*follower{fa, fb})
	fa.stop(t)
	fb.stop(t)
	var st team.Status
	if err := json.Unmarshal([]byte(a.must("team", "status", "--json")), &st); err != nil || st.Replicas != 3 || st.Outbox != 0 {
		t.Errorf("status after the run: %+v %v", st, err)
	}
}

// Two teams on one server, each user allowed only its team's subjects:
// team b's credentials can neither read nor write team a's incidents.
func TestTeamPermissionsKeepTeamsApart(t *testing.T) {
	var users []string
	for _, name := range []string{"a", "b"} {
		allowed := team.PermittedSubjects(team.Config{Team: name})
		users = append(users, fmt.Sprintf(`{ user: %s, password: %s-secret, permissions: { publish: { allow: ["%s"] }, subscribe: { allow: ["_INBOX.>"] } } }`,
			name, name, strings.Join(allowed, `", "`)))
	}
	srv := startNATS(t, "authorization { users = [\n"+strings.Join(users, ",\n")+"\n] }\n")
	url := func(user string) string { return fmt.Sprintf("nats://%s:%s-secret@%s", user, user, srv.addr) }
	a := teamMachine(t, url("a"), "a")
	a.must("team", "init")
	teamMachine(t, url("b"), "b").must("team", "init")
	id := strings.TrimSpace(a.must("open", "team a only"))
	a.must("note", "-i", id, "secret plan")

	intruder := teamMachine(t, url("b"), "a") // team b's credentials, team a's name
	_, errs, code := intruder.run("", "team", "status")
	assertOneErrorLine(t, errs, code)
	if !strings.Contains(errs, `does not allow these credentials to use team "a"`) || strings.Contains(errs, "b-secret") {
		t.Errorf("status of team a with team b's credentials: %s", errs)
	}
	_, errs, code = intruder.run("", "show", id)
	assertOneErrorLine(t, errs, code)
	if !strings.Contains(errs, "INC-1 is not on this machine, and asking the team failed: the team server does not allow") {
		t.Errorf("team b reading team a's incident: %s", errs)
	}
	intruder.must("team", "follow", "--help")
	_, errs, code = intruder.run("", "open", "forged")
	assertOneErrorLine(t, errs, code)
	if !strings.Contains(errs, "does not allow") {
		t.Errorf("open in team a with team b's credentials: %s", errs)
	}
	if got := notes(t, a, id); len(got) != 1 {
		t.Errorf("team a's incident changed: %v", got)
	}
	for _, p := range []*proc{a, intruder} {
		if b, err := os.ReadFile(p.db); err == nil && strings.Contains(string(b), "-secret") {
			t.Errorf("a password reached the store %s", p.db)
		}
	}
}

// The same PagerDuty log entries and Slack messages, synced on both
// machines at once: each store holds each of them once.
func TestTeamSameSyncOnTwoMachinesStoredOnce(t *testing.T) {
	pd := pagerdutytest.New(t)
	pd.AddLogEntry(pagerdutytest.IncidentID, pagerdutytest.LogEntry{Type: "acknowledge", At: time.Date(2015, 11, 10, 0, 32, 52, 0, time.UTC), Agent: "Earline Greenholt", Channel: "sms"})
	sl := slacktest.New(t)
	sl.Users = map[string]string{"U1": "alice"}
	now := time.Now()
	sl.Channels["C0INCIDENT"] = &slacktest.Channel{ID: "C0INCIDENT", Name: "inc-relay", Messages: []slacktest.Message{
		{Type: "message", User: "U1", TS: slack.FormatTS(now.Add(time.Second)), Text: "relay queue growing"},
		{Type: "message", User: "U1", TS: slack.FormatTS(now.Add(2 * time.Second)), Text: "failing over"},
	}}
	srv := startNATS(t, "")
	env := []string{"PAGERDUTY_TOKEN=" + pagerdutytest.Token, "PAGERDUTY_API_URL=" + pd.URL, "SLACK_TOKEN=xoxb-test", "SLACK_API_URL=" + sl.URL()}
	a := teamMachine(t, srv.url(), "ops", env...)
	b := teamMachine(t, srv.url(), "ops", env...)
	a.must("team", "init")
	id := strings.TrimSpace(a.must("open", "--pagerduty", pagerdutytest.IncidentID))
	a.must("link", "slack", "C0INCIDENT")
	b.must("show", id)
	var wg sync.WaitGroup
	for _, p := range []*proc{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); p.must("sync", id) }()
	}
	wg.Wait()
	for _, p := range []*proc{a, b} {
		p.must("sync", id) // the team's part: what the other stored
	}
	refsOf := func(p *proc) map[string]int {
		events, err := p.store().Events(context.Background(), id, incident.Query{})
		if err != nil {
			t.Fatal(err)
		}
		refs := map[string]int{}
		for _, e := range events {
			for _, r := range e.Refs() {
				refs[r]++
			}
		}
		return refs
	}
	ra, rb := refsOf(a), refsOf(b)
	external := 0
	for ref, n := range ra {
		if strings.HasPrefix(ref, "slack/") || strings.HasPrefix(ref, "pagerduty/") {
			external++
		}
		if n != 1 || rb[ref] != 1 {
			t.Errorf("%s: %d on A, %d on B", ref, n, rb[ref])
		}
	}
	if external < 4 || len(ra) != len(rb) {
		t.Errorf("refs on A %v, on B %v", ra, rb)
	}
}

// Machine A's TUI shows a note written on machine B within a second, and
// a note typed into A's TUI reaches B's store.
func TestTeamTUISeesAnotherMachinesNote(t *testing.T) {
	srv := startNATS(t, "")
	a := teamMachine(t, srv.url(), "ops")
	b := teamMachine(t, srv.url(), "ops")
	a.must("team", "init")
	id := strings.TrimSpace(a.must("open", "payments latency"))
	b.must("note", "-i", id, "B is looking at the database")
	env := append([]string{"SITREP_DB=" + a.db, "SITREP_AUTHOR=tess", "TERM=xterm-256color", "HOME=" + t.TempDir()}, a.env...)
	term := newTerminal(t, env, 100, 30, "tui", id)
	term.waitFor(10*time.Second, "B is looking at the database")
	term.waitFor(5*time.Second, "n note")

	b.must("note", "-i", id, "written on machine B")
	written := time.Now()
	term.waitFor(time.Second, "written on machine B")
	t.Logf("machine B's note on A's screen %v after B's note returned", time.Since(written).Round(time.Millisecond))

	term.keys("n")
	term.waitFor(2*time.Second, "note:")
	term.typeText("typed on machine A")
	term.keys("Enter")
	waitFor(t, 5*time.Second, "A's TUI note on B", func() bool {
		b.must("sync", id) // in team mode, sync reads the team's stream
		return notes(t, b, id)["typed on machine A"] == 1
	})
	if screen := term.screen(); strings.Contains(screen, "queued") {
		t.Errorf("the TUI printed over its screen:\n%s", screen)
	}
	term.keys("q")
	term.waitFor(3*time.Second, "sitrep exited 0")
}

// The README's minimal server configuration works as it says: with its
// users (a plain password here instead of the bcrypt hash, no TLS files),
// team payments can init and write; its members cannot touch another team.
func TestTeamReadmeServerConfig(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "A minimal `nats.conf`")
	if !ok {
		t.Fatal("README has no minimal nats.conf")
	}
	_, rest, _ = strings.Cut(rest, "```conf\n")
	conf, _, _ := strings.Cut(rest, "```")
	var kept []string
	for _, line := range strings.Split(conf, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "tls {") {
			continue
		}
		kept = append(kept, strings.ReplaceAll(line, `"$2a$11$…bcrypt…"`, `"alice-pw"`))
	}
	srv := startNATS(t, strings.Join(kept, "\n"))
	alice := teamMachine(t, "nats://alice:alice-pw@"+srv.addr, "payments")
	alice.must("team", "init")
	id := strings.TrimSpace(alice.must("open", "card declines"))
	if _, errs, code := alice.run("", "note", "-i", id, "retries exhausted"); code != 0 || strings.Contains(errs, "does not allow") {
		t.Fatalf("note: exit %d %s", code, errs)
	}
	other := teamMachine(t, "nats://alice:alice-pw@"+srv.addr, "search")
	_, errs, code := other.run("", "team", "init")
	assertOneErrorLine(t, errs, code)
	if !strings.Contains(errs, `does not allow these credentials to use team "search"`) {
		t.Errorf("init of another team: %s", errs)
	}
}

// A machine new to the team, with no incident of its own, catches up
// every incident with one `sitrep sync`.
func TestTeamSyncOnANewMachine(t *testing.T) {
	srv := startNATS(t, "")
	a := teamMachine(t, srv.url(), "ops")
	a.must("team", "init")
	for _, title := range []string{"first", "second"} {
		id := strings.TrimSpace(a.must("open", title))
		a.must("note", "-i", id, "note on "+title)
	}
	fresh := teamMachine(t, srv.url(), "ops")
	_, errs, code := fresh.run("", "sync")
	if code != 0 || !strings.Contains(errs, "team ops: 8 new events") {
		t.Fatalf("sync on a new machine: exit %d %s", code, errs)
	}
	list := fresh.must("list")
	if !strings.Contains(list, "first") || !strings.Contains(list, "second") {
		t.Fatalf("list after sync:\n%s", list)
	}
	srv.stop()
	_, errs, code = teamMachine(t, srv.url(), "ops").run("", "sync")
	assertOneErrorLine(t, errs, code)
	if !strings.Contains(errs, "the team server is unreachable") {
		t.Errorf("sync without the server: %s", errs)
	}
}

// `team follow` before `team init`: it says what is missing once, keeps
// trying, and follows as soon as the stream exists.
func TestTeamFollowWaitsForInit(t *testing.T) {
	srv := startNATS(t, "")
	a := teamMachine(t, srv.url(), "ops")
	b := teamMachine(t, srv.url(), "ops")
	f := startFollower(t, b)
	waitFor(t, 10*time.Second, "follow to say the stream is missing", func() bool {
		return strings.Contains(f.stderr(), "has no stream SITREP_OPS")
	})
	a.must("team", "init")
	id := strings.TrimSpace(a.must("open", "late stream"))
	a.must("note", "-i", id, "after init")
	waitFor(t, 10*time.Second, "the follower to store the note", func() bool { return f.count() == 1 })
	f.stop(t)
	if n := strings.Count(f.stderr(), "has no stream"); n != 1 {
		t.Errorf("said %d times that the stream is missing:\n%s", n, f.stderr())
	}
}

// A PagerDuty webhook received by `sitrep serve` in team mode reaches the
// other machines like any event stored there.
func TestTeamWebhookThroughServeReachesOtherMachines(t *testing.T) {
	srv := startNATS(t, "")
	c, _ := pdCLI(t)
	c.env["SITREP_NATS_URL"], c.env["SITREP_TEAM"] = srv.url(), "ops"
	mustPD(c, "team", "init")
	id := strings.TrimSpace(mustPD(c, "open", "--pagerduty", pagerdutytest.IncidentID))
	base := serveForTest(t, c)
	at := time.Date(2015, 11, 10, 0, 42, 52, 0, time.UTC)
	esc, sig := webhook(t, "aldaviva.incident.triggered.body.json", "EVTEAM1", at, "incident.triggered", "incident.escalated")
	postWebhook(t, base, esc, sig)

	b := teamMachine(t, srv.url(), "ops")
	waitFor(t, 10*time.Second, "the webhook's event on machine B", func() bool {
		// B has no PagerDuty token: its sync fails for PagerDuty, not for the team.
		if _, errs, _ := b.run("", "sync", id); !strings.Contains(errs, "team ops: ") || strings.Contains(errs, "sitrep: team") {
			t.Fatalf("B's sync: %s", errs)
		}
		events, err := b.store().Events(context.Background(), id, incident.Query{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Kind == timeline.KindEscalate {
				return true
			}
		}
		return false
	})
}

// A note too large for the stream is kept here and said not to be shared;
// it does not stay in the outbox for ever.
func TestTeamOversizedNoteStaysLocal(t *testing.T) {
	srv := startNATS(t, "")
	a := teamMachine(t, srv.url(), "ops")
	a.must("team", "init")
	id := strings.TrimSpace(a.must("open", "big paste"))
	big := strings.Repeat("x", team.MaxEventBytes-100)
	_, errs, code := a.run(big, "note", "-i", id, "-")
	if code != 0 || !strings.Contains(errs, "too large for the team's stream") {
		t.Fatalf("a 1 MiB note: exit %d %s", code, errs)
	}
	if _, n, _ := a.store().Outbox(context.Background(), 0); n != 0 {
		t.Errorf("%d events left in the outbox", n)
	}
}
