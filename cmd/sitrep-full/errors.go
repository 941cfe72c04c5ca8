package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// hintedError carries what to do about an error. It prints on one line:
// "MESSAGE; HINT".
type hintedError struct {
	err  error
	hint string
}

func (e *hintedError) Error() string { return e.err.Error() + "; " + e.hint }
func (e *hintedError) Unwrap() error { return e.err }

func hint(err error, h string) error { return &hintedError{err: err, hint: h} }

// usageError is a mistake in how a command was called: exit status 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitStatusError passes a status through without printing anything, as
// `sitrep run` does with its command's exit status, or `lint` with 1.
type exitStatusError struct{ code int }

func (e *exitStatusError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// exitInterrupted is the status of a command ended by Ctrl-C or SIGTERM.
const exitInterrupted = 130

// damagedHint is what to do about a damaged store.
const damagedHint = "run `sitrep store check` to see what is wrong, and `sitrep store recover -o NEW.db` to copy what can be read into a new store"

// printError writes err as one line starting "sitrep: ", with a hint for
// the errors the store reports, and returns the exit status. Errors carry
// untrusted text (API messages, file and channel names), so the line is
// sanitised: no control sequence reaches the terminal.
func printError(w io.Writer, err error) int {
	var exit *exitStatusError
	if errors.As(err, &exit) {
		return exit.code
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w, "sitrep: interrupted")
		return exitInterrupted
	}
	var hinted *hintedError
	if !errors.As(err, &hinted) {
		switch {
		case errors.Is(err, incident.ErrLocked):
			err = hint(err, "try again, or raise SITREP_LOCK_TIMEOUT")
		case errors.Is(err, incident.ErrDamaged):
			err = hint(err, damagedHint)
		case errors.Is(err, incident.ErrNotAStore):
			err = hint(err, "point --db or SITREP_DB at a sitrep store, or at a new path")
		}
	}
	fmt.Fprintf(w, "sitrep: %s\n", errorLine(err.Error()))
	var usage *usageError
	if errors.As(err, &usage) {
		return 2
	}
	return 1
}

// errorLine makes a message one safe line.
func errorLine(msg string) string {
	return strings.TrimSpace(timeline.SanitizeLine(strings.TrimSpace(msg)))
}

// warner prints what the store did on its own, one sanitised line each.
func warner(w io.Writer) func(string) {
	return func(msg string) { fmt.Fprintf(w, "sitrep: warning: %s\n", errorLine(msg)) }
}

// guardMain is deferred by main: a panic anywhere on the main goroutine
// ends the process with one line and exit status 1, never a Go stack
// trace.
func guardMain(w io.Writer) {
	if r := recover(); r != nil {
		fmt.Fprintf(w, "sitrep: internal error: %s; please report it with the command that caused it\n", errorLine(fmt.Sprint(r)))
		os.Exit(1)
	}
}

// interruptGrace is how long a command has to end on its own after Ctrl-C
// or SIGTERM before it is ended anyway: longer than `serve` gives
// requests in flight.
const interruptGrace = 6 * time.Second

// endWhenInterrupted makes Ctrl-C and SIGTERM always end the process: once
// ctx is done (the first signal), the command has interruptGrace to return
// before the process exits with exitInterrupted; stop restores the default
// handling, so a second signal ends it at once.
func endWhenInterrupted(ctx context.Context, stop func(), w io.Writer) {
	go func() {
		<-ctx.Done()
		stop()
		time.Sleep(interruptGrace)
		fmt.Fprintln(w, "sitrep: interrupted")
		os.Exit(exitInterrupted)
	}()
}
