package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sitrep-dev/sitrep/incident"
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

// printError writes err as one line starting "sitrep: ", with a hint for
// the errors the store reports, and returns the exit status.
func printError(w io.Writer, err error) int {
	var exit *exitStatusError
	if errors.As(err, &exit) {
		return exit.code
	}
	var hinted *hintedError
	if !errors.As(err, &hinted) {
		switch {
		case errors.Is(err, incident.ErrLocked):
			err = hint(err, "try again, or raise SITREP_LOCK_TIMEOUT")
		case errors.Is(err, incident.ErrNotAStore):
			err = hint(err, "point --db or SITREP_DB at a sitrep store, or at a new path")
		}
	}
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", " ")
	fmt.Fprintf(w, "sitrep: %s\n", msg)
	var usage *usageError
	if errors.As(err, &usage) {
		return 2
	}
	return 1
}
