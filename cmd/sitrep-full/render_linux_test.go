package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The renderer lives in its own program so that sitrep never links
// Glamour, whose syntax highlighter (Chroma) registers every lexer and
// style at package init: tens of milliseconds on every sitrep process.
func TestSitrepDoesNotLinkTheRenderer(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "glamour") || strings.Contains(pkg, "chroma") || strings.HasSuffix(pkg, "/internal/render") {
			t.Errorf("sitrep links %s", pkg)
		}
	}
}

var (
	renderOnce sync.Once
	renderDir  string // sitrep (a hard link) with sitrep-render beside it
	renderErr  error
)

// withRenderer builds sitrep-render once, into a directory holding a hard
// link to the sitrep programs: that sitrep finds the renderer beside itself.
func withRenderer(t *testing.T) string {
	t.Helper()
	renderOnce.Do(func() {
		renderDir = filepath.Join(filepath.Dir(sitrepBin), "with-render")
		if renderErr = os.MkdirAll(renderDir, 0o755); renderErr != nil {
			return
		}
		build := exec.Command("go", "build", "-o", filepath.Join(renderDir, "sitrep-render"), "../sitrep-render")
		if out, err := build.CombinedOutput(); err != nil {
			renderErr = fmt.Errorf("building sitrep-render: %v\n%s", err, out)
			return
		}
		for _, name := range []string{"sitrep", "sitrep-full"} {
			if renderErr = os.Link(filepath.Join(filepath.Dir(sitrepBin), name), filepath.Join(renderDir, name)); renderErr != nil {
				return
			}
		}
	})
	if renderErr != nil {
		t.Fatal(renderErr)
	}
	return renderDir
}

// runOnTTY runs bin with stdout on a pseudo-terminal (100 columns) in a
// new session (so nothing can reach the terminal the tests run in), stdin
// empty and stderr collected, and returns stderr and the exit status.
func runOnTTY(t *testing.T, p *proc, bin string, env []string, args ...string) (string, int) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	defer master.Close()
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlocking the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("pseudo-terminal number: %v", err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening the pseudo-terminal's end: %v", err)
	}
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: 100}); err != nil {
		t.Fatalf("sizing the pseudo-terminal: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = p.environ(env...)
	cmd.Stdout = tty
	var errb bytes.Buffer
	cmd.Stderr = &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	drained := make(chan struct{})
	go func() { io.Copy(io.Discard, master); close(drained) }()
	err = cmd.Start()
	tty.Close()
	if err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	err = cmd.Wait()
	master.Close()
	<-drained
	if ctx.Err() != nil {
		t.Fatalf("%s %v did not finish within 60s", bin, args)
	}
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return errb.String(), code
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// reviewOnTTY runs `review` on a terminal with PAGER=tee FILE and returns
// what the pager was given and stderr.
func reviewOnTTY(t *testing.T, p *proc, bin string, env ...string) (paged, errs string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "paged")
	errs, code := runOnTTY(t, p, bin, append([]string{"PAGER=tee " + file}, env...), "review")
	if code != 0 {
		t.Fatalf("review on a terminal: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the pager did not run: %v", err)
	}
	return string(b), errs
}

// On a terminal, review is rendered by sitrep-render (beside sitrep or on
// PATH) and paged; no escape sequence from the incident's text survives,
// only the renderer's colours. Without the renderer, the raw Markdown is
// paged and stderr says how to get it.
func TestReviewRenderedOnTerminal(t *testing.T) {
	dir := withRenderer(t)
	p := newProc(t)
	p.must("open", "checkout returns 500s \x1b]0;owned\x07\x1b[2J", "--sev", "2")
	// A character reference to ESC: the template escapes the &, but
	// Glamour does not honour that escape and would decode it.
	p.must("note", "restarted **api** &#27;[31mred &#x9b;2J")
	const path = "PATH=/usr/bin:/bin"

	checkRendered := func(what, out string) {
		t.Helper()
		plain := sgr.ReplaceAllString(out, "")
		if strings.ContainsAny(plain, "\x1b\x07\u009b") {
			i := strings.IndexAny(plain, "\x1b\x07\u009b")
			t.Errorf("%s: an escape sequence other than colour: %q", what, plain[max(0, i-40):min(len(plain), i+40)])
		}
		if strings.Contains(out, "\x1b[31m") || strings.Contains(out, "\x1b[2J") {
			t.Errorf("%s: the incident's text injected a sequence", what)
		}
		for _, raw := range []string{"|---|", "**SEV2**", "\n## ", "incident_status:", "\n---\n"} {
			if strings.Contains(plain, raw) {
				t.Errorf("%s: raw Markdown %q is left:\n%s", what, raw, plain)
			}
		}
		// Glamour's table borders, the front matter as a header line,
		// the text itself.
		for _, want := range []string{"│", "─┼─", "review status draft", "Peak severity: SEV2", "checkout returns 500s", "restarted **api** &#27;[31mred"} {
			if !strings.Contains(plain, want) {
				t.Errorf("%s: no %q in:\n%s", what, want, plain)
			}
		}
	}

	// Beside sitrep, NO_COLOR: bold and italics, no colour.
	out, errs := reviewOnTTY(t, p, filepath.Join(dir, "sitrep"), path)
	checkRendered("beside, NO_COLOR", out)
	if !strings.Contains(out, "\x1b[1m") || strings.Contains(out, "38;5;") {
		t.Errorf("NO_COLOR: want bold without colour")
	}
	if errs != "" {
		t.Errorf("stderr: %q", errs)
	}
	// On PATH, with colour.
	out, _ = reviewOnTTY(t, p, sitrepBin, "PATH="+dir+":/usr/bin:/bin", "NO_COLOR=")
	checkRendered("on PATH, colour", out)
	if !strings.Contains(out, "38;5;") {
		t.Errorf("colour: no colour in the rendered review")
	}

	// Without the renderer: the sanitised raw Markdown, and a hint.
	out, errs = reviewOnTTY(t, p, sitrepBin, path)
	if !strings.Contains(out, "|---|") || !strings.Contains(out, "**SEV2**") || strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("fallback: not the sanitised raw Markdown:\n%q", out)
	}
	if !strings.Contains(errs, "go install github.com/sitrep-dev/sitrep/cmd/...@latest") || strings.Count(errs, "\n") != 1 {
		t.Errorf("fallback: stderr should say once how to get rendering: %q", errs)
	}
}

// Whatever answers to the name sitrep-render on PATH, only colour reaches
// the terminal from it; when it fails, the raw Markdown is paged.
func TestReviewRendererOutputSanitised(t *testing.T) {
	p := newProc(t)
	p.must("open", "checkout", "--sev", "2")
	bin := t.TempDir()
	script := filepath.Join(bin, "sitrep-render")
	write := func(body string) {
		if err := os.WriteFile(script, []byte("#!/bin/sh\ncat >/dev/null\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(`printf '\033]0;owned\007\033[1mbold\033[0m \033]52;c;eA==\007\033[2Jdone\n'`)
	out, _ := reviewOnTTY(t, p, sitrepBin, "PATH="+bin+":/usr/bin:/bin")
	if out != "\x1b[1mbold\x1b[0m done\n" {
		t.Errorf("renderer output not reduced to text and colour: %q", out)
	}
	write(`echo broken >&2; exit 3`)
	out, errs := reviewOnTTY(t, p, sitrepBin, "PATH="+bin+":/usr/bin:/bin")
	if !strings.Contains(out, "**SEV2**") || !strings.Contains(errs, "broken") || !strings.Contains(errs, "raw Markdown") {
		t.Errorf("a failing renderer: paged %q, stderr %q", out[:min(len(out), 80)], errs)
	}
}
