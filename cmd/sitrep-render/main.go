// Command sitrep-render renders Markdown on stdin for a terminal, on
// stdout: `sitrep review` runs it, when it is installed beside sitrep or on
// PATH, before the pager. It is a separate program so that sitrep never
// links the renderer (see internal/render).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/render"
)

func main() {
	fs := flag.NewFlagSet("sitrep-render", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: sitrep-render [--style %s] [--width N] < review.md\n", strings.Join(render.Styles, "|"))
		fmt.Fprintln(os.Stderr, "Renders Markdown on stdin for a terminal. Default style: notty with NO_COLOR, else from the terminal's background.")
		fs.PrintDefaults()
	}
	style := fs.String("style", "", "glamour style: "+strings.Join(render.Styles, ", ")+" (default: chosen like the TUI's theme)")
	width := fs.Int("width", 80, "column to wrap at")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "sitrep-render: takes no arguments; give the Markdown on stdin")
		os.Exit(2)
	}
	if *style == "" {
		*style = render.TerminalStyle(os.Getenv)
	}
	md, err := io.ReadAll(os.Stdin)
	if err == nil {
		md, err = render.Render(md, render.Options{Style: *style, Width: *width})
	}
	if err == nil {
		_, err = os.Stdout.Write(md)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "sitrep-render: %v\n", err)
		os.Exit(1)
	}
}
