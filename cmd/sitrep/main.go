// Command sitrep is a terminal incident-response assistant: one timeline
// of notes, chat and pager activity per incident, kept in a local bbolt
// file, and review drafts made from it. This package is wiring only: flags
// become calls into the packages beside it.
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
