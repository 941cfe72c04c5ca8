package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/settings"
	"github.com/sitrep-dev/sitrep/timeline"
)

// quickNote records `note TEXT...` — text only, on the active incident or
// SITREP_INCIDENT, no flags, no team mode — exactly as sitrep-full's note
// does, and reports whether it did. Anything else, and anything that goes
// wrong before the note is stored, it leaves to sitrep-full (false), which
// does it again from the start and says what is wrong: nothing is stored
// by a quick note that returns false.
func quickNote(args []string) (done bool) {
	if len(args) < 2 || args[0] != "note" {
		return false
	}
	words := args[1:]
	for _, w := range words {
		if strings.HasPrefix(w, "-") { // a flag, "-" (stdin) or "--"
			return false
		}
	}
	if len(words) > 1 && isIncidentArg(words[0]) {
		return false // `note INC-7 TEXT`: sitrep-full reads the ID
	}
	text := strings.TrimRight(strings.Join(words, " "), "\n")
	if strings.TrimSpace(text) == "" || len(text) > timeline.MaxNoteBytes {
		return false
	}
	getenv, err := settings.WithFile(os.Getenv)
	if err != nil || getenv("SITREP_NATS_URL") != "" {
		return false // a bad config file, or team mode
	}
	path := settings.StorePath(getenv)
	if st, err := os.Stat(path); path == "" || err != nil || !st.Mode().IsRegular() {
		return false
	}
	timeout, err := settings.LockTimeout(getenv, settings.DefaultLockTimeout)
	if err != nil {
		return false
	}
	s := incident.New(path, incident.Options{LockTimeout: timeout, Warn: warn})
	id := getenv("SITREP_INCIDENT")
	if id == "" {
		if id, err = s.Active(); err != nil {
			return false
		}
	}
	n, err := incident.ParseID(id)
	if err != nil {
		return false
	}
	e := timeline.Event{
		Incident: incident.FormatID(n), At: time.Now().UTC(), Source: timeline.SourceCLI, Kind: timeline.KindNote,
		Actor: settings.Author(getenv, "", settings.GitUserName), Text: text,
	}
	// An error here means nothing was stored (the incident does not
	// exist, the file is not a store, ...): sitrep-full explains it.
	stored, spooled, err := s.AppendOrSpool(context.Background(), e)
	if err != nil {
		return false
	}
	if spooled {
		fmt.Fprintln(os.Stderr, s.SpooledNotice(stored))
	}
	return true
}

// warn prints what the store did on its own, one sanitised line.
func warn(msg string) {
	fmt.Fprintf(os.Stderr, "sitrep: warning: %s\n", strings.TrimSpace(timeline.SanitizeLine(strings.TrimSpace(msg))))
}

// isIncidentArg reports whether a note's first word names an incident:
// INC-7 (any case) or a bare number.
func isIncidentArg(s string) bool {
	if len(s) > 4 && strings.EqualFold(s[:4], "inc-") {
		s = s[4:]
	}
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
