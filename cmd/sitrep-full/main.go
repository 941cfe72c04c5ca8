// Command sitrep-full is sitrep with every command: a terminal
// incident-response assistant keeping one timeline of notes, chat and
// pager activity per incident in a local bbolt file, and making review
// drafts from it. Users type `sitrep`: that small front (cmd/sitrep)
// records a plain note itself and runs this program for everything else.
// This package is wiring only: flags become calls into the packages
// beside it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	defer guardMain(os.Stderr)
	// Help lists commands in the order an incident uses them.
	cobra.EnableCommandSorting = false
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	endWhenInterrupted(ctx, stop, os.Stderr)
	code := run(ctx, os.Args[1:], newSystemFactory())
	stop()
	os.Exit(code)
}
