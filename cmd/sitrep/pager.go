package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"charm.land/glamour/v2"
	"charm.land/lipgloss/v2"
	"golang.org/x/term"

	"github.com/sitrep-dev/sitrep/timeline"
)

// pageMarkdown shows a Markdown document to a person on a terminal:
// rendered by Glamour (styled for a dark or light background, plain with
// NO_COLOR) and shown through $PAGER (default "less", with LESS=FRX so a
// short document prints and returns). When stdout is not a terminal the
// raw Markdown is written as it is, for files and pipes.
func pageMarkdown(ctx context.Context, f *Factory, md []byte) error {
	if !f.IO.OutTTY {
		_, err := f.IO.Out.Write(md)
		return err
	}
	out, _ := f.IO.Out.(*os.File)
	width := 100
	if out != nil {
		if w, _, err := term.GetSize(int(out.Fd())); err == nil && w > 20 {
			width = min(w, 120)
		}
	}
	style := f.Getenv("GLAMOUR_STYLE")
	if style == "" {
		style = "dark"
		switch in, ok := f.IO.In.(*os.File); {
		case f.IO.NoColor:
			style = "notty"
		case ok && f.IO.InTTY && out != nil && !lipgloss.HasDarkBackground(in, out):
			style = "light"
		}
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width-2))
	if err != nil {
		return hint(fmt.Errorf("GLAMOUR_STYLE=%q: %v", style, err), "use dark, light, notty, ascii, dracula, pink or tokyo-night")
	}
	// The review holds chat and pager text: no control sequence of theirs
	// reaches the renderer, whose own styling is the only one drawn.
	rendered, err := r.RenderBytes([]byte(timeline.Sanitize(string(md))))
	if err != nil {
		return err
	}
	return page(ctx, f, rendered)
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
