package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// pageMarkdown shows a Markdown document to a person on a terminal
// through $PAGER (default "less", with LESS=FRX so a short document prints
// and returns), sanitised: the review holds chat and pager text. When
// stdout is not a terminal the Markdown is written as it is, for files and
// pipes.
//
// On a terminal it is rendered by the companion program sitrep-render
// when that is installed beside sitrep or on PATH; otherwise the raw
// Markdown is paged and a line on stderr says how to get it. The renderer
// (Glamour) is not linked into sitrep: its syntax highlighter registers
// every lexer and style at package init, 10-30 ms that every sitrep
// process, a note included, would pay (TestSitrepDoesNotLinkTheRenderer).
func pageMarkdown(ctx context.Context, f *Factory, md []byte) error {
	if !f.IO.OutTTY {
		_, err := f.IO.Out.Write(md)
		return err
	}
	md = []byte(timeline.Sanitize(string(md)))
	renderer := findRenderer(f)
	if renderer == "" {
		fmt.Fprintln(f.IO.ErrOut, "sitrep: showing the review as raw Markdown; for a rendered one, install sitrep-render beside sitrep: go install github.com/sitrep-dev/sitrep/cmd/...@latest")
		return page(ctx, f, md)
	}
	rendered, err := renderMarkdown(ctx, f, renderer, md)
	if err != nil {
		fmt.Fprintf(f.IO.ErrOut, "sitrep: %s failed (%s); showing the review as raw Markdown\n", timeline.SanitizeLine(renderer), timeline.SanitizeLine(err.Error()))
		return page(ctx, f, md)
	}
	return page(ctx, f, rendered)
}

// rendererName is the companion program that renders Markdown.
const rendererName = "sitrep-render"

// findRenderer returns the path of sitrep-render beside sitrep's own
// executable, else on PATH, else "".
func findRenderer(f *Factory) string {
	if exe, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(exe), rendererName); isExecutable(p) {
			return p
		}
	}
	for _, dir := range filepath.SplitList(f.Getenv("PATH")) {
		if !filepath.IsAbs(dir) {
			continue // as exec.LookPath: never run a program from the current directory
		}
		if p := filepath.Join(dir, rendererName); isExecutable(p) {
			return p
		}
	}
	return ""
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// renderMarkdown runs the renderer on sanitised Markdown, at the
// terminal's width and, with NO_COLOR, without colours. What it prints is
// sanitised again keeping only colour (SGR) sequences: whatever program
// answers to the name, nothing but colour reaches the terminal.
func renderMarkdown(ctx context.Context, f *Factory, renderer string, md []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	args := []string{"--width", strconv.Itoa(renderWidth(f))}
	if f.IO.NoColor {
		args = append(args, "--style", "nocolor")
	}
	cmd := exec.CommandContext(ctx, renderer, args...)
	cmd.Stdin = bytes.NewReader(md)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errb.String()); msg != "" {
			return nil, fmt.Errorf("%v: %s", err, msg)
		}
		return nil, err
	}
	return []byte(timeline.SanitizeStyled(out.String())), nil
}

// renderWidth is stdout's width, else $COLUMNS, else 80.
func renderWidth(f *Factory) int {
	if w := terminalWidth(f.IO.Out); w > 0 {
		return w
	}
	if w, err := strconv.Atoi(f.Getenv("COLUMNS")); err == nil && w > 0 {
		return w
	}
	return 80
}

// page writes text through $PAGER; without a pager (PAGER unset and no
// less, or PAGER=cat) it writes it directly.
func page(ctx context.Context, f *Factory, text []byte) error {
	pager := strings.TrimSpace(f.Getenv("PAGER"))
	if pager == "" {
		if _, err := exec.LookPath("less"); err != nil {
			_, err := f.IO.Out.Write(text)
			return err
		}
		pager = "less"
	}
	if pager == "cat" {
		_, err := f.IO.Out.Write(text)
		return err
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", pager)
	cmd.Stdin = strings.NewReader(string(text))
	cmd.Stdout, cmd.Stderr = f.IO.Out, f.IO.ErrOut
	cmd.Env = os.Environ()
	if f.Getenv("LESS") == "" {
		cmd.Env = append(cmd.Env, "LESS=FRX")
	}
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGPIPE {
			return nil // the pager quit before reading everything
		}
	}
	if err != nil {
		return hint(fmt.Errorf("pager %q: %v", pager, err), "set PAGER to a working pager, or pipe the output")
	}
	return nil
}
