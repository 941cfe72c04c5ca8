package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"github.com/sitrep-dev/sitrep/timeline"
)

// pageMarkdown shows a Markdown document to a person on a terminal
// through $PAGER (default "less", with LESS=FRX so a short document prints
// and returns), sanitised: the review holds chat and pager text. When
// stdout is not a terminal the Markdown is written as it is, for files and
// pipes.
//
// It is not rendered: the one terminal Markdown renderer asked for
// (Glamour) costs every sitrep process 20-40 ms of package init (its
// syntax highlighter registers every lexer and style at start-up), which
// a note cannot afford.
func pageMarkdown(ctx context.Context, f *Factory, md []byte) error {
	if !f.IO.OutTTY {
		_, err := f.IO.Out.Write(md)
		return err
	}
	return page(ctx, f, []byte(timeline.Sanitize(string(md))))
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
