package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// This file tries sitrep as an attacker or an unlucky disk would: damaged
// stores, odd files where sitrep keeps its own, hostile spools and
// untrusted text with escape sequences. Every case runs the real binary
// and asserts one clean line on stderr, the exit status, no Go stack
// trace, and files left byte for byte as they were.

// snapshot is every file under dir with a hash of its bytes (or what it
// is, for non-regular files).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || path == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case info.Mode().IsRegular():
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out[rel] = fmt.Sprintf("%x %v", sha256.Sum256(b), info.Mode().Perm())
		case info.Mode()&os.ModeSymlink != 0:
			target, _ := os.Readlink(path)
			out[rel] = "link to " + target
		default:
			out[rel] = info.Mode().Type().String()
		}
		return nil
	})
	return out
}

func sameFiles(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	var diffs []string
	for k, v := range before {
		if after[k] != v {
			diffs = append(diffs, fmt.Sprintf("%s: %q → %q", k, v, after[k]))
		}
	}
	for k, v := range after {
		if _, ok := before[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: new (%s)", k, v))
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s changed files:\n%s", what, strings.Join(diffs, "\n"))
	}
}

// cleanError asserts a failure printed as one line "sitrep: ..." holding
// want, with the status wanted, and nothing a terminal would act on.
func cleanError(t *testing.T, what, stderr string, code, wantCode int, want string) {
	t.Helper()
	noStack(t, what, stderr)
	if code != wantCode {
		t.Errorf("%s: exit %d, want %d; stderr %q", what, code, wantCode, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "sitrep: ") || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("%s: error is not one \"sitrep: \" line: %q", what, stderr)
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "sitrep: warning: ") {
			t.Errorf("%s: more than one line on stderr: %q", what, stderr)
		}
	}
	if want != "" && !strings.Contains(last, want) {
		t.Errorf("%s: error %q does not say %q", what, last, want)
	}
}

func noStack(t *testing.T, what, s string) {
	t.Helper()
	for _, sign := range []string{"goroutine ", "panic:", "runtime.", "fatal error", "SIGBUS", "SIGSEGV", ".go:"} {
		if strings.Contains(s, sign) {
			t.Fatalf("%s: Go crash output (%q):\n%s", what, sign, s)
		}
	}
}

// boltLayout is what the tests need of a bbolt file: its page size, its
// pages' kinds, and the meta's root and freelist pages.
type boltLayout struct {
	pageSize int
	pages    int
	pgid     int // the high-water mark: pages in use or free
	root     uint64
	freelist uint64
	leaves   []uint64 // leaf pages holding events (16-byte keys)
	branches []uint64
}

func readLayout(t *testing.T, b []byte) boltLayout {
	t.Helper()
	le := binary.LittleEndian
	ps := int(le.Uint32(b[16+8:]))
	l := boltLayout{pageSize: ps, pages: len(b) / ps}
	// Take the meta with the higher txid, as bbolt does.
	m := b[16:]
	if le.Uint64(b[ps+16+48:]) > le.Uint64(m[48:]) {
		m = b[ps+16:]
	}
	l.root, l.freelist, l.pgid = le.Uint64(m[16:]), le.Uint64(m[32:]), int(le.Uint64(m[40:]))
	for id := 2; id < l.pages; id++ {
		p := b[id*ps:]
		if le.Uint64(p) != uint64(id) {
			continue
		}
		switch le.Uint16(p[8:]) {
		case 0x02:
			// An events leaf: its first key is 16 bytes (the ids
			// bucket's ULIDs are too) and starts with a time in
			// nanoseconds in the seed's November 2026 (a ULID starts
			// with milliseconds).
			if le.Uint16(p[10:]) > 10 && le.Uint32(p[16+8:]) == 16 {
				key := p[16+int(le.Uint32(p[16+4:])):]
				at := time.Unix(0, int64(binary.BigEndian.Uint64(key)))
				if at.Year() == 2026 && at.Month() == time.November {
					l.leaves = append(l.leaves, uint64(id))
				}
			}
		}
	}
	// The live branch pages: the roots of the incidents' event buckets
	// (root → "events" → one bucket per incident).
	leafValues := func(id uint64) map[string][]byte {
		p := b[int(id)*ps:]
		out := map[string][]byte{}
		for i := range int(le.Uint16(p[10:])) {
			e := p[16+i*16:]
			pos, ks, vs := int(le.Uint32(e[4:])), int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
			out[string(e[pos:pos+ks])] = e[pos+ks : pos+ks+vs]
		}
		return out
	}
	events := leafValues(l.root)["events"]
	if root := le.Uint64(events); root != 0 {
		for _, v := range leafValues(root) {
			if r := le.Uint64(v); r != 0 && le.Uint16(b[int(r)*ps+8:]) == 0x01 {
				l.branches = append(l.branches, r)
			}
		}
	}
	slices.Sort(l.branches)
	return l
}

// seededStore is a store with three incidents of 300 notes each: enough
// for branch pages, many leaves and a freelist.
func seededStore(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.db")
	s := incident.New(path, incident.Options{})
	ctx := context.Background()
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		inc, err := s.Create(ctx, incident.NewIncident{Title: fmt.Sprintf("incident %d", i+1), Actor: "alice", At: base})
		if err != nil {
			t.Fatal(err)
		}
		for chunk := range 3 {
			var evs []timeline.Event
			for j := range 100 {
				evs = append(evs, timeline.Event{Incident: inc.ID, At: base.Add(time.Duration(chunk*100+j) * time.Second),
					Source: timeline.SourceCLI, Kind: timeline.KindNote, Actor: "alice",
					Text: fmt.Sprintf("note %d of %s: checking the dashboards again", chunk*100+j, inc.ID)})
			}
			if _, err := s.Append(ctx, evs...); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Damaged stores over every command: a clean error or a correct answer,
// never a crash; a failed command changes no file, a read changes none.
func TestCorruptedStores(t *testing.T) {
	seed := seededStore(t)
	lay := readLayout(t, seed)
	if len(lay.leaves) < 3 || len(lay.branches) == 0 || lay.freelist == 0 {
		t.Fatalf("seed store too small for the cases: %+v", lay)
	}
	ps := lay.pageSize
	page := func(b []byte, id uint64) []byte { return b[int(id)*ps : int(id+1)*ps] }
	zero := func(id uint64) func([]byte) []byte {
		return func(b []byte) []byte { clear(page(b, id)); return b }
	}
	scramble := func(id uint64, seed uint64) func([]byte) []byte {
		return func(b []byte) []byte {
			rng := rand.New(rand.NewPCG(seed, id))
			p := page(b, id)
			for i := range p {
				p[i] = byte(rng.Uint32())
			}
			return b
		}
	}
	// keepHeader scrambles a page's body but keeps its header, so bbolt
	// trusts it and follows what is inside.
	scrambleBody := func(id uint64, seed uint64) func([]byte) []byte {
		return func(b []byte) []byte {
			rng := rand.New(rand.NewPCG(seed, id))
			p := page(b, id)[16:]
			for i := range p {
				p[i] = byte(rng.Uint32())
			}
			return b
		}
	}
	freelistOut := func(b []byte) []byte {
		// The freelist's first entry points far past the end of the file.
		p := page(b, lay.freelist)
		binary.LittleEndian.PutUint16(p[10:], 1)
		binary.LittleEndian.PutUint64(p[16:], 1<<40)
		return b
	}
	cases := []struct {
		name    string
		damage  func([]byte) []byte
		allFail bool   // every command fails
		want    string // what the errors say; "" when no command may fail
	}{
		// bbolt keeps two meta pages for this: it reads the other one.
		{"meta page 0 zeroed", func(b []byte) []byte { clear(b[:ps]); return b }, false, ""},
		{"truncated to 8 KiB", func(b []byte) []byte { return b[:8192] }, true, "truncated"},
		{"truncated to half", func(b []byte) []byte { return b[:len(b)/2/ps*ps] }, true, "truncated"},
		{"truncated inside the last page in use", func(b []byte) []byte { return b[:(lay.pgid-1)*ps+ps/2] }, true, "truncated"},
		{"both meta pages zeroed", func(b []byte) []byte { clear(b[:2*ps]); return b }, true, "not a sitrep store"},
		{"both meta pages scrambled", func(b []byte) []byte { return scramble(1, 7)(scramble(0, 7)(b)) }, true, "not a sitrep store"},
		{"root page zeroed", zero(lay.root), true, "damaged"},
		{"root page body scrambled", scrambleBody(lay.root, 3), true, "damaged"},
		{"a branch page zeroed", zero(lay.branches[0]), false, "damaged"},
		{"a branch page body scrambled", scrambleBody(lay.branches[0], 5), false, "damaged"},
		{"a data page zeroed", zero(lay.leaves[len(lay.leaves)/2]), false, "damaged"},
		{"a data page scrambled", scramble(lay.leaves[1], 11), false, "damaged"},
		{"a data page body scrambled", scrambleBody(lay.leaves[len(lay.leaves)-1], 13), false, "damaged"},
		{"freelist page zeroed", zero(lay.freelist), false, "damaged"},
		{"freelist lists a page outside the file", freelistOut, false, "damaged"},
	}
	commands := []struct {
		args  []string
		stdin string
		write bool
	}{
		{args: []string{"list", "--all"}},
		{args: []string{"show", "INC-2"}},
		{args: []string{"timeline", "INC-1"}},
		{args: []string{"timeline", "INC-3"}},
		{args: []string{"review", "INC-2"}, write: true}, // stamps the review queue
		{args: []string{"stats"}},
		{args: []string{"note", "-i", "INC-2", "still looking"}, write: true},
		{args: []string{"note", "-i", "INC-1", "-"}, stdin: "from stdin\n", write: true},
		{args: []string{"status", "-i", "INC-3", "identified"}, write: true},
		{args: []string{"open", "another one"}, write: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			damaged := tc.damage(bytes.Clone(seed))
			failed := 0
			for _, c := range commands {
				p := newProc(t)
				os.MkdirAll(filepath.Dir(p.db), 0o700)
				if err := os.WriteFile(p.db, damaged, 0o600); err != nil {
					t.Fatal(err)
				}
				os.WriteFile(p.db+".lock", nil, 0o600)
				before := snapshot(t, filepath.Dir(p.db))
				what := strings.Join(c.args, " ")
				out, errs, code := p.run(c.stdin, c.args...)
				noStack(t, what, out+errs)
				if code == 0 {
					if tc.allFail {
						t.Errorf("%s: succeeded on a store that cannot be read; stdout %.200q", what, out)
					}
					if !c.write {
						sameFiles(t, what, before, snapshot(t, filepath.Dir(p.db)))
					}
					continue
				}
				failed++
				if tc.want == "" {
					t.Errorf("%s: failed on a store bbolt can read: %q", what, errs)
				}
				cleanError(t, what, errs, code, 1, tc.want)
				if !strings.Contains(errs, "sitrep store") && strings.Contains(errs, "damaged") {
					t.Errorf("%s: the error does not name `sitrep store check/recover`: %q", what, errs)
				}
				sameFiles(t, what, before, snapshot(t, filepath.Dir(p.db)))
			}
			if failed == 0 && tc.want != "" {
				t.Errorf("no command noticed the damage")
			}
			t.Logf("%d of %d commands refused the damaged store", failed, len(commands))
			// store check reports it; recover copies what it can.
			p := newProc(t)
			os.MkdirAll(filepath.Dir(p.db), 0o700)
			os.WriteFile(p.db, damaged, 0o600)
			os.WriteFile(p.db+".lock", nil, 0o600)
			before := snapshot(t, filepath.Dir(p.db))
			out, errs, code := p.run("", "store", "check")
			noStack(t, "store check", out+errs)
			if tc.want == "not a sitrep store" {
				cleanError(t, "store check", errs, code, 1, "not a sitrep store")
			} else if tc.want == "" {
				// It may say the meta page is bad, which it is.
				if code != 0 && (code != 1 || out == "") {
					t.Errorf("store check: exit %d: %s %s", code, out, errs)
				}
			} else if code != 1 || out == "" {
				t.Errorf("store check: exit %d, stdout %q, stderr %q; want the problems and exit 1", code, out, errs)
			}
			dst := filepath.Join(t.TempDir(), "recovered.db")
			out, errs, code = p.run("", "store", "recover", "-o", dst)
			noStack(t, "store recover", out+errs)
			sameFiles(t, "check and recover", before, snapshot(t, filepath.Dir(p.db)))
			if code == 0 {
				q := &proc{t: t, db: dst}
				out, errs, code := q.run("", "list", "--all")
				if code != 0 {
					t.Errorf("list on the recovered store: exit %d: %s", code, errs)
				}
				noStack(t, "list on the recovered store", out+errs)
			}
		})
	}
}

// runWithin runs sitrep and fails the test if it has not ended in time:
// the cases below are ones that used to hang.
func (p *proc) runWithin(within time.Duration, stdin string, args ...string) (string, string, int) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	cmd := exec.CommandContext(ctx, sitrepBin, args...)
	cmd.Env = p.environ()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		p.t.Fatalf("sitrep %s did not end within %v (it hangs)", strings.Join(args, " "), within)
	}
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

// foreignBolt writes a bbolt file as another application would.
func foreignBolt(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("sessions"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Odd files where sitrep keeps its own: a clear one-line error (or, where
// documented, the right thing), never a hang, nothing changed.
func TestOddFiles(t *testing.T) {
	fifo := func(path string) func(*testing.T, *proc) {
		return func(t *testing.T, p *proc) {
			os.Remove(path)
			if err := unix.Mkfifo(path, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	type tcase struct {
		name     string
		setup    func(t *testing.T, p *proc)
		args     []string
		stdin    string
		wantCode int
		want     string // on stderr's last line (exit ≠ 0) or stdout (exit 0)
		changes  bool   // the command may change files (exit 0 only)
		check    func(t *testing.T, p *proc, stdout, stderr string)
	}
	cases := []tcase{
		{name: "FIFO at the store path, read", setup: func(t *testing.T, p *proc) { fifo(p.db)(t, p) },
			args: []string{"list"}, wantCode: 1, want: "named pipe"},
		{name: "FIFO at the store path, write", setup: func(t *testing.T, p *proc) { fifo(p.db)(t, p) },
			args: []string{"open", "x"}, wantCode: 1, want: "named pipe"},
		{name: "directory at the store path", setup: func(t *testing.T, p *proc) { os.Remove(p.db); os.Mkdir(p.db, 0o700) },
			args: []string{"list"}, wantCode: 1, want: "directory"},
		{name: "FIFO as .active", setup: func(t *testing.T, p *proc) { fifo(p.db+".active")(t, p) },
			args: []string{"note", "hello"}, wantCode: 1, want: "named pipe"},
		{name: "FIFO as .lock", setup: func(t *testing.T, p *proc) { fifo(p.db+".lock")(t, p) },
			args: []string{"list"}, wantCode: 1, want: "named pipe"},
		{name: "dangling .lock symlink", setup: func(t *testing.T, p *proc) {
			os.Remove(p.db + ".lock")
			os.Symlink(filepath.Join(filepath.Dir(p.db), "elsewhere", "target"), p.db+".lock")
		}, args: []string{"note", "-i", "INC-1", "hello"}, wantCode: 1, want: "symbolic link",
			check: func(t *testing.T, p *proc, _, _ string) {
				if _, err := os.Lstat(filepath.Join(filepath.Dir(p.db), "elsewhere")); err == nil {
					t.Error("the link's target was created")
				}
			}},
		{name: "empty store file reads as empty", setup: func(t *testing.T, p *proc) {
			os.Remove(p.db)
			os.WriteFile(p.db, nil, 0o600)
		}, args: []string{"list", "--all"}, wantCode: 0},
		{name: "another application's bbolt file, read", setup: func(t *testing.T, p *proc) {
			os.Remove(p.db)
			foreignBolt(t, p.db)
		}, args: []string{"list"}, wantCode: 1, want: "not a sitrep store"},
		{name: "another application's bbolt file, write", setup: func(t *testing.T, p *proc) {
			os.Remove(p.db)
			foreignBolt(t, p.db)
		}, args: []string{"open", "x"}, wantCode: 1, want: "not a sitrep store"},
		{name: "a text file at the store path", setup: func(t *testing.T, p *proc) {
			os.WriteFile(p.db, bytes.Repeat([]byte("not a database\n"), 1000), 0o600)
		}, args: []string{"show", "INC-1"}, wantCode: 1, want: "not a sitrep store"},
		{name: "store readable by others is made private", setup: func(t *testing.T, p *proc) {
			os.Chmod(p.db, 0o644)
		}, args: []string{"list"}, wantCode: 0, want: "INC-1", changes: true,
			check: func(t *testing.T, p *proc, _, stderr string) {
				if st, _ := os.Stat(p.db); st.Mode().Perm() != 0o600 {
					t.Errorf("mode %v after the warning, want 0600", st.Mode().Perm())
				}
				if !strings.HasPrefix(stderr, "sitrep: warning: ") || !strings.Contains(stderr, "0644") || strings.Count(stderr, "\n") != 1 {
					t.Errorf("want one warning naming the old mode, got %q", stderr)
				}
			}},
		{name: "read-only store can be read", setup: func(t *testing.T, p *proc) {
			os.Chmod(p.db+".lock", 0o400)
			os.Chmod(p.db, 0o400)
			os.Chmod(filepath.Dir(p.db), 0o500)
			t.Cleanup(func() { os.Chmod(filepath.Dir(p.db), 0o700) })
		}, args: []string{"timeline", "INC-1"}, wantCode: 0, want: "opened: first"},
		{name: "note over 1 MiB on stdin", args: []string{"note", "-i", "INC-1", "-"},
			stdin: strings.Repeat("0123456789abcdef\n", 10<<20/17), wantCode: 1, want: "1 MiB"},
		{name: "note just under 1 MiB on stdin", args: []string{"note", "-i", "INC-1", "-"},
			stdin: strings.Repeat("x", 1<<20-1), wantCode: 0, changes: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProc(t)
			p.must("open", "first")
			if tc.setup != nil {
				tc.setup(t, p)
			}
			dir := filepath.Dir(p.db)
			before := snapshot(t, dir)
			out, errs, code := p.runWithin(10*time.Second, tc.stdin, tc.args...)
			what := strings.Join(tc.args, " ")
			noStack(t, what, out+errs)
			if tc.wantCode != 0 {
				cleanError(t, what, errs, code, tc.wantCode, tc.want)
			} else if code != 0 {
				t.Fatalf("%s: exit %d: %s", what, code, errs)
			} else if !strings.Contains(out, tc.want) {
				t.Errorf("%s: stdout %.200q does not hold %q", what, out, tc.want)
			}
			if !tc.changes {
				sameFiles(t, what, before, snapshot(t, dir))
			}
			if tc.check != nil {
				tc.check(t, p, out, errs)
			}
		})
	}
}

// A hostile spool: entries that are links to devices, FIFOs or huge files
// are set aside, never read without bound or waited on; a spool that is a
// file or a link to another directory is left alone with a warning, and
// spooling into it fails with a hint; a killed note's stale temporary
// files are removed.
func TestHostileSpool(t *testing.T) {
	type tcase struct {
		name  string
		setup func(t *testing.T, spool string)
		// after a successful note: what must hold
		check func(t *testing.T, spool, stderr string)
	}
	rejected := func(name string) func(t *testing.T, spool, stderr string) {
		return func(t *testing.T, spool, stderr string) {
			if _, err := os.Lstat(filepath.Join(spool, "rejected", name)); err != nil {
				t.Errorf("%s not set aside in rejected/: %v", name, err)
			}
			if !strings.Contains(stderr, "sitrep: warning: spooled note "+name+" set aside") {
				t.Errorf("no warning about %s: %q", name, stderr)
			}
		}
	}
	cases := []tcase{
		{"entry links to /dev/zero", func(t *testing.T, spool string) {
			os.Symlink("/dev/zero", filepath.Join(spool, "01ZERO.json"))
		}, rejected("01ZERO.json")},
		{"entry is a FIFO", func(t *testing.T, spool string) {
			unix.Mkfifo(filepath.Join(spool, "01FIFO.json"), 0o600)
		}, rejected("01FIFO.json")},
		{"entry is 9 MiB", func(t *testing.T, spool string) {
			os.WriteFile(filepath.Join(spool, "01HUGE.json"), bytes.Repeat([]byte(" "), 9<<20), 0o600)
		}, rejected("01HUGE.json")},
		{"entry is not JSON", func(t *testing.T, spool string) {
			os.WriteFile(filepath.Join(spool, "01JUNK.json"), []byte("\x1b[2J{"), 0o600)
		}, rejected("01JUNK.json")},
		{"stale and fresh temporary files", func(t *testing.T, spool string) {
			old := filepath.Join(spool, ".tmp-01OLD.json-123")
			os.WriteFile(old, []byte("{"), 0o600)
			stale := time.Now().Add(-time.Hour)
			os.Chtimes(old, stale, stale)
			os.WriteFile(filepath.Join(spool, ".tmp-01NEW.json-456"), []byte("{"), 0o600)
		}, func(t *testing.T, spool, stderr string) {
			if _, err := os.Lstat(filepath.Join(spool, ".tmp-01OLD.json-123")); err == nil {
				t.Error("a stale temporary file was kept")
			}
			if _, err := os.Lstat(filepath.Join(spool, ".tmp-01NEW.json-456")); err != nil {
				t.Error("a fresh temporary file (a note being spooled) was removed")
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProc(t)
			p.must("open", "x")
			spool := p.db + ".spool"
			os.Mkdir(spool, 0o700)
			tc.setup(t, spool)
			out, errs, code := p.runWithin(10*time.Second, "", "note", "-i", "INC-1", "still here")
			noStack(t, "note", out+errs)
			if code != 0 {
				t.Fatalf("note: exit %d: %s", code, errs)
			}
			tc.check(t, spool, errs)
			if !strings.Contains(p.must("timeline", "INC-1"), "still here") {
				t.Error("the note was not stored")
			}
		})
	}

	// The spool's own path is odd: writes go on (with a warning), nothing
	// in another directory moves, and a note that must be spooled fails
	// with a hint.
	odd := []struct {
		name  string
		setup func(t *testing.T, p *proc) string // returns a dir that must not change
		want  string
	}{
		{"spool is a regular file", func(t *testing.T, p *proc) string {
			os.WriteFile(p.db+".spool", []byte("x"), 0o600)
			return ""
		}, "is a regular file"},
		{"spool links to another directory", func(t *testing.T, p *proc) string {
			other := t.TempDir()
			os.WriteFile(filepath.Join(other, "01OTHER.json"), []byte(`{"id":"01OTHER","incident":"INC-9"}`), 0o600)
			os.Symlink(other, p.db+".spool")
			return other
		}, "symbolic link"},
	}
	for _, tc := range odd {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProc(t)
			p.must("open", "x")
			other := tc.setup(t, p)
			var otherBefore map[string]string
			if other != "" {
				otherBefore = snapshot(t, other)
			}
			out, errs, code := p.runWithin(10*time.Second, "", "note", "-i", "INC-1", "goes in")
			noStack(t, "note", out+errs)
			if code != 0 || !strings.Contains(errs, "sitrep: warning: ") || !strings.Contains(errs, tc.want) {
				t.Errorf("note with an odd spool: exit %d, stderr %q; want success and a warning saying %q", code, errs, tc.want)
			}
			if other != "" {
				sameFiles(t, "note", otherBefore, snapshot(t, other))
			}
			// Hold the lock so the note must be spooled.
			holder := exec.Command(os.Args[0])
			holder.Env = append(p.environ(), "SITREP_TEST_ROLE=holdlock")
			stdin, _ := holder.StdinPipe()
			stdout, _ := holder.StdoutPipe()
			if err := holder.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { stdin.Close(); holder.Wait() }()
			buf := make([]byte, 7)
			if _, err := io.ReadFull(stdout, buf); err != nil || string(buf) != "locked\n" {
				t.Fatalf("lock holder: %q %v", buf, err)
			}
			p.env = append(p.env, "SITREP_LOCK_TIMEOUT=100ms")
			before := snapshot(t, filepath.Dir(p.db))
			_, errs, code = p.runWithin(10*time.Second, "", "note", "-i", "INC-1", "must spool")
			cleanError(t, "note while locked", errs, code, 1, tc.want)
			sameFiles(t, "note while locked", before, snapshot(t, filepath.Dir(p.db)))
			if other != "" {
				sameFiles(t, "note while locked", otherBefore, snapshot(t, other))
			}
		})
	}
}

// Ctrl-C and SIGTERM end a command that waits for the store's lock at once:
// exit 130, one line, nothing stored or spooled.
func TestSignalsEndBlockedCommands(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		args []string
	}{
		{syscall.SIGINT, []string{"list"}},
		{syscall.SIGTERM, []string{"note", "-i", "INC-1", "blocked"}},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			p := newProc(t)
			p.must("open", "x")
			holder := exec.Command(os.Args[0])
			holder.Env = append(p.environ(), "SITREP_TEST_ROLE=holdlock")
			stdin, _ := holder.StdinPipe()
			stdout, _ := holder.StdoutPipe()
			if err := holder.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { stdin.Close(); holder.Wait() }()
			buf := make([]byte, 7)
			if _, err := io.ReadFull(stdout, buf); err != nil || string(buf) != "locked\n" {
				t.Fatalf("lock holder: %q %v", buf, err)
			}
			before := snapshot(t, filepath.Dir(p.db))
			cmd := exec.Command(sitrepBin, tc.args...)
			cmd.Env = append(p.environ(), "SITREP_LOCK_TIMEOUT=1m")
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until it is blocked on the lock: it has the lock file open.
			waitFor(t, 10*time.Second, "sitrep to wait for the lock", func() bool {
				fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", cmd.Process.Pid))
				for _, fd := range fds {
					if target, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", cmd.Process.Pid, fd.Name())); target == p.db+".lock" {
						return true
					}
				}
				return false
			})
			start := time.Now()
			cmd.Process.Signal(tc.sig)
			err := cmd.Wait()
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v to end after %v", took, tc.sig)
			}
			code := 0
			if exit, ok := err.(*exec.ExitError); ok {
				code = exit.ExitCode()
			}
			cleanError(t, strings.Join(tc.args, " "), errb.String(), code, 130, "interrupted")
			sameFiles(t, "the interrupted command", before, snapshot(t, filepath.Dir(p.db)))
		})
	}
}

// hostile is text an attacker controls: an OSC that retitles the terminal,
// a screen clear, 8-bit CSI, a bidi override and zero-width characters.
const hostile = "\x1b]0;owned\x07\x1b[2J\u009b31m\u202egnp.exe\u200b\ufeff\u2060"

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// controlFree fails if s holds anything a terminal would act on or that
// hides text.
func controlFree(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		bad := (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200b || r == 0xfeff || r == 0x2060
		if bad {
			t.Errorf("%s: %U reaches the terminal: %q", what, r, s)
			return
		}
	}
}

// Escape sequences from every untrusted source, asserted on stdout and
// stderr: Slack export channel names and IDs, PagerDuty API errors,
// Slack's HTTP reason phrase, file names echoed by lint, templates,
// review -o and import, and text stored with zero-width characters.
func TestEscapesFromUntrustedSources(t *testing.T) {
	pdFake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":%s,"code":2001,"errors":[%s]}}`, jsonString("Invalid "+hostile), jsonString("id "+hostile))
	}))
	t.Cleanup(pdFake.Close) // after the parallel subtests
	// A Slack that answers with a hostile HTTP reason phrase, which
	// net/http cannot send: a raw listener.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				http.ReadRequest(bufio.NewReader(c))
				fmt.Fprintf(c, "HTTP/1.1 418 %s teapot\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", hostile)
			}()
		}
	}()

	writeExport := func(t *testing.T, dir string) {
		t.Helper()
		os.MkdirAll(filepath.Join(dir, "inc-1"), 0o700)
		os.WriteFile(filepath.Join(dir, "users.json"), []byte(`[{"id":"U1","name":"alice"}]`), 0o600)
		chans := fmt.Sprintf(`[{"id":%s,"name":"inc-1"},{"id":"C2","name":%s}]`, jsonString("C1"+hostile), jsonString("evil"+hostile))
		os.WriteFile(filepath.Join(dir, "channels.json"), []byte(chans), 0o600)
		os.WriteFile(filepath.Join(dir, "inc-1", "2026-11-01.json"),
			[]byte(`[{"type":"message","user":"U1","text":"hello","ts":"1793523600.000100"}]`), 0o600)
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, p *proc, dir string) []string // returns the command line
		want  int                                              // exit status
	}{
		{"Slack export channel ID in the summary", func(t *testing.T, p *proc, dir string) []string {
			writeExport(t, filepath.Join(dir, "export"))
			return []string{"import", "slack-export", filepath.Join(dir, "export"), "--channel", "inc-1", "-i", "INC-1"}
		}, 0},
		{"Slack export channel names in no-such-channel", func(t *testing.T, p *proc, dir string) []string {
			writeExport(t, filepath.Join(dir, "export"))
			return []string{"import", "slack-export", filepath.Join(dir, "export"), "--channel", "nope" + hostile, "-i", "INC-1"}
		}, 1},
		{"PagerDuty API error message and errors[]", func(t *testing.T, p *proc, dir string) []string {
			p.env = append(p.env, "PAGERDUTY_TOKEN=t", "PAGERDUTY_API_URL="+pdFake.URL)
			return []string{"link", "pagerduty", "-i", "INC-1", "PABC123"}
		}, 1},
		{"Slack HTTP reason phrase", func(t *testing.T, p *proc, dir string) []string {
			p.env = append(p.env, "SLACK_TOKEN=xoxb-test", "SLACK_API_URL=http://"+ln.Addr().String()+"/api/")
			return []string{"link", "slack", "-i", "INC-1", "#inc-1"}
		}, 1},
		{"file name echoed by lint", func(t *testing.T, p *proc, dir string) []string {
			name := filepath.Join(dir, "review"+hostile+".md")
			os.WriteFile(name, []byte("# Review\n\nThe operator should have known better; human error.\n"), 0o600)
			return []string{"lint", name}
		}, 1},
		{"missing file name echoed by lint", func(t *testing.T, p *proc, dir string) []string {
			return []string{"lint", filepath.Join(dir, "gone"+hostile+".md")}
		}, 1},
		{"template file name listed by templates", func(t *testing.T, p *proc, dir string) []string {
			tdir := filepath.Join(dir, "config", "sitrep", "templates")
			os.MkdirAll(tdir, 0o700)
			os.WriteFile(filepath.Join(tdir, "mine"+hostile+".md.tmpl"), []byte("{{ .Broken "), 0o600)
			p.env = append(p.env, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
			return []string{"templates"}
		}, 0},
		{"review -o file name", func(t *testing.T, p *proc, dir string) []string {
			return []string{"review", "INC-1", "-o", filepath.Join(dir, "out"+hostile+".md")}
		}, 0},
		{"review -o into a missing directory", func(t *testing.T, p *proc, dir string) []string {
			return []string{"review", "INC-1", "-o", filepath.Join(dir, "no"+hostile, "out.md")}
		}, 1},
		{"import file name and content", func(t *testing.T, p *proc, dir string) []string {
			name := filepath.Join(dir, "events"+hostile+".jsonl")
			os.WriteFile(name, []byte(`{"id":`+jsonString(hostile)+",\n"), 0o600)
			return []string{"import", "jsonl", name}
		}, 1},
		{"stored text with zero-width characters", func(t *testing.T, p *proc, dir string) []string {
			p.must("note", "-i", "INC-1", "ad\u200bmin\ufeff said "+hostile)
			return []string{"timeline", "INC-1"}
		}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProc(t)
			p.must("open", "escapes")
			dir := t.TempDir()
			args := tc.setup(t, p, dir)
			out, errs, code := p.runWithin(30*time.Second, "", args...)
			noStack(t, tc.name, out+errs)
			if code != tc.want {
				t.Errorf("exit %d, want %d; stdout %.300q stderr %.300q", code, tc.want, out, errs)
			}
			if tc.want != 0 && !strings.HasPrefix(tc.name, "file name echoed by lint") { // lint's findings: stdout, exit 1
				cleanError(t, tc.name, errs, code, tc.want, "")
			}
			if out+errs == "" {
				t.Error("nothing printed: the case does not reach the terminal")
			}
			controlFree(t, "stdout", out)
			controlFree(t, "stderr", errs)
			t.Logf("stdout %.200q\nstderr %.300q", out, errs)
		})
	}
}

// writeZip writes a Slack export zip whose #inc-1 day files are made by
// days (name → writes the file's content).
func writeZip(t *testing.T, path string, days map[string]func(w io.Writer)) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	put := func(name, content string) {
		w, _ := zw.Create(name)
		io.WriteString(w, content)
	}
	put("users.json", `[{"id":"U1","name":"alice"}]`)
	put("channels.json", `[{"id":"C1","name":"inc-1"}]`)
	names := slices.Sorted(maps.Keys(days))
	for _, name := range names {
		w, err := zw.Create("inc-1/" + name)
		if err != nil {
			t.Fatal(err)
		}
		days[name](w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// messages writes a day file of n small messages: identical ones (JSON
// that compresses about 300:1, a bomb) or each with its own time.
func messages(n int, vary bool) func(w io.Writer) {
	return func(w io.Writer) {
		bw := bufio.NewWriterSize(w, 1<<16)
		bw.WriteString("[")
		for i := range n {
			if i > 0 {
				bw.WriteString(",")
			}
			ts := 0
			if vary {
				ts = i
			}
			fmt.Fprintf(bw, `{"type":"message","user":"U1","text":"all good","ts":"%d.%06d"}`, 1793523600+ts/1000000, ts%1000000)
		}
		bw.WriteString("]")
		bw.Flush()
	}
}

// Zip bombs and enormous entries are refused before anything is stored,
// within a small memory budget (the real binary's peak RSS, measured);
// an ordinary export still imports.
func TestSlackExportBombs(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name   string
		make   func(t *testing.T) string
		want   string
		stored bool
	}{
		{"one file inflating to 200 MB", func(t *testing.T) string {
			p := filepath.Join(dir, "bomb.zip")
			writeZip(t, p, map[string]func(io.Writer){"2026-11-01.json": messages(200<<20/75, false)})
			return p
		}, "zip bomb", false},
		{"forty files of 5 MB each", func(t *testing.T) string {
			p := filepath.Join(dir, "spread.zip")
			days := map[string]func(io.Writer){}
			for d := range 40 {
				days[fmt.Sprintf("2026-10-%02d.json", d%28+1)+strings.Repeat("x", d/28)] = messages(5<<20/75, false)
			}
			writeZip(t, p, days)
			return p
		}, "zip bomb", false},
		{"one 12 MB message", func(t *testing.T) string {
			p := filepath.Join(dir, "big")
			os.MkdirAll(filepath.Join(p, "inc-1"), 0o700)
			os.WriteFile(filepath.Join(p, "users.json"), []byte(`[]`), 0o600)
			os.WriteFile(filepath.Join(p, "channels.json"), []byte(`[{"id":"C1","name":"inc-1"}]`), 0o600)
			big := `[{"type":"message","user":"U1","text":"` + strings.Repeat("a", 12<<20) + `","ts":"1793523600.000100"}]`
			os.WriteFile(filepath.Join(p, "inc-1", "2026-11-01.json"), []byte(big), 0o600)
			return p
		}, "over 8 MiB", false},
		{"an ordinary export of 60,000 messages, streamed", func(t *testing.T) string {
			p := filepath.Join(dir, "ok.zip")
			writeZip(t, p, map[string]func(io.Writer){"2026-11-01.json": messages(60000, true)})
			return p
		}, "imported 60000 events", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.make(t)
			p := newProc(t)
			p.must("open", "bombs")
			before := snapshot(t, filepath.Dir(p.db))
			// A small helper process runs sitrep and reports its peak
			// RSS: measured from this test process, the child would
			// start with this process's pages counted.
			cmd := exec.Command(os.Args[0], sitrepBin, "import", "slack-export", src, "--channel", "inc-1", "-i", "INC-1")
			cmd.Env = append(p.environ(), "SITREP_TEST_ROLE=peakrss")
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			code := 0
			if exit, ok := err.(*exec.ExitError); ok {
				code = exit.ExitCode()
			}
			var rss int64
			if i := strings.LastIndex(errb.String(), "peak-rss "); i >= 0 {
				fmt.Sscanf(errb.String()[i:], "peak-rss %d", &rss)
				errb.Truncate(i)
			} else {
				t.Fatalf("no peak RSS reported: %q", errb.String())
			}
			t.Logf("peak RSS %d MiB; stderr %.300q", rss>>20, errb.String())
			const budget = 80 << 20
			if rss > budget {
				t.Errorf("peak RSS %d MiB, over the %d MiB budget", rss>>20, budget>>20)
			}
			noStack(t, tc.name, out.String()+errb.String())
			if tc.stored {
				if code != 0 || !strings.Contains(errb.String(), tc.want) {
					t.Fatalf("exit %d, stderr %.300q; want %q", code, errb.String(), tc.want)
				}
				return
			}
			cleanError(t, tc.name, errb.String(), code, 1, tc.want)
			sameFiles(t, tc.name, before, snapshot(t, filepath.Dir(p.db)))
		})
	}
}

// peakRSS runs argv and exits with its status, after writing its peak RSS
// in bytes as a last stderr line "peak-rss N".
func peakRSS(argv []string) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "peak-rss %d\n", cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss<<10)
	os.Exit(cmd.ProcessState.ExitCode())
}

// A deterministic sample of damage anywhere in the file (zeroed,
// scrambled, or a few bytes flipped, in any page): whatever is hit, every
// command ends with a correct answer or one clean line, never a crash or a
// hang, and a failed or read-only command changes no file.
func TestCorruptedStoresSampled(t *testing.T) {
	seed := seededStore(t)
	lay := readLayout(t, seed)
	ps := lay.pageSize
	var seed1 uint64 = 12
	if n, err := strconv.ParseUint(os.Getenv("SITREP_TEST_SEED"), 10, 64); err == nil {
		seed1 = n
	}
	rng := rand.New(rand.NewPCG(seed1, 34))
	commands := [][]string{{"timeline", "INC-1"}, {"timeline", "INC-3"}, {"stats"}, {"note", "-i", "INC-2", "sampled"}}
	samples := 24
	if n, err := strconv.Atoi(os.Getenv("SITREP_TEST_SAMPLES")); err == nil {
		samples = n // a longer sweep, by hand
	}
	for range samples {
		id := 2 + rng.IntN(lay.pgid-2)
		kind := rng.IntN(3)
		damaged := bytes.Clone(seed)
		p := damaged[id*ps : (id+1)*ps]
		switch kind {
		case 0:
			clear(p)
		case 1:
			for j := range p {
				p[j] = byte(rng.Uint32())
			}
		case 2:
			for range 8 {
				p[rng.IntN(len(p))] ^= byte(1 + rng.IntN(255))
			}
		}
		name := fmt.Sprintf("page %d %s", id, []string{"zeroed", "scrambled", "8 bytes flipped"}[kind])
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, args := range commands {
				pr := newProc(t)
				os.MkdirAll(filepath.Dir(pr.db), 0o700)
				os.WriteFile(pr.db, damaged, 0o600)
				os.WriteFile(pr.db+".lock", nil, 0o600)
				before := snapshot(t, filepath.Dir(pr.db))
				out, errs, code := pr.runWithin(20*time.Second, "", args...)
				what := strings.Join(args, " ")
				noStack(t, what, out+errs)
				if code != 0 {
					cleanError(t, what, errs, code, 1, "")
				}
				if code != 0 || args[0] != "note" {
					sameFiles(t, what, before, snapshot(t, filepath.Dir(pr.db)))
				}
			}
		})
	}
}
