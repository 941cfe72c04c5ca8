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
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/render"
)

func main() {
	fs := flag.NewFlagSet("sitrep-render", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: sitrep-render [--style %s] [--width N] < review.md\n", strings.Join(render.Styles, "|"))
		fmt.Fprintln(w, "Renders Markdown on stdin for a terminal, on stdout. Default style: nocolor with NO_COLOR, else dark or light from the terminal's background.")
		fs.PrintDefaults()
	}
	for _, a := range os.Args[1:] {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(os.Stdout)
		}
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
	} else if !slices.Contains(render.Styles, *style) {
		fmt.Fprintf(os.Stderr, "sitrep-render: unknown style %q; one of %s\n", *style, strings.Join(render.Styles, ", "))
		os.Exit(2)
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
