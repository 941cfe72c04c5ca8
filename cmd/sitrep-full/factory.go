package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/internal/settings"
)

// IOStreams are a command's standard streams and what is known about them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // data
	ErrOut io.Writer // status, progress, errors

	InTTY, OutTTY, ErrTTY bool
	NoColor               bool // NO_COLOR is set, or Out is not a terminal
}

// Factory hands commands their dependencies lazily, so tests swap any of
// them (after cli/cli's cmdutil.Factory).
type Factory struct {
	IO     *IOStreams
	Now    func() time.Time
	Getenv func(string) string

	// DBPath is set from --db before a command runs; "" means the default.
	DBPath string

	HTTPClient func() *http.Client
	// GitUserName returns git's user.name, or "".
	GitUserName func() string

	// Providers are the integrations (see providers.go); commands loop
	// over them.
	Providers []integrations.Provider

	storeOnce sync.Once
	store     *incident.Store
	team      teamState // team mode (team.go)
}

func newSystemFactory() *Factory {
	noColor := os.Getenv("NO_COLOR") != ""
	outTTY := term.IsTerminal(int(os.Stdout.Fd()))
	f := &Factory{
		IO: &IOStreams{
			In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
			InTTY:   term.IsTerminal(int(os.Stdin.Fd())),
			OutTTY:  outTTY,
			ErrTTY:  term.IsTerminal(int(os.Stderr.Fd())),
			NoColor: noColor || !outTTY,
		},
		Now:         time.Now,
		Providers:   providers,
		Getenv:      os.Getenv,
		HTTPClient:  func() *http.Client { return &http.Client{Timeout: 30 * time.Second} },
		GitUserName: settings.GitUserName,
	}
	return f
}

// Store returns the incident store: --db, else SITREP_DB, else
// $XDG_DATA_HOME/sitrep/sitrep.db (~/.local/share when unset).
func (f *Factory) Store() (*incident.Store, error) {
	var err error
	f.storeOnce.Do(func() {
		var path string
		path, err = f.storePath()
		if err != nil {
			return
		}
		var timeout time.Duration
		timeout, err = f.lockTimeout(incident.DefaultLockTimeout)
		if err != nil {
			return
		}
		f.store = incident.New(path, incident.Options{LockTimeout: timeout, Now: f.Now, Team: f.teamHooks(), Warn: warner(f.IO.ErrOut)})
	})
	if err != nil {
		return nil, err
	}
	return f.store, nil
}

// StoreWaiting returns a store that waits for the lock up to wait unless
// SITREP_LOCK_TIMEOUT says otherwise (serve waits less than a webhook
// sender waits for its answer).
func (f *Factory) StoreWaiting(wait time.Duration) (*incident.Store, error) {
	path, err := f.storePath()
	if err != nil {
		return nil, err
	}
	timeout, err := f.lockTimeout(wait)
	if err != nil {
		return nil, err
	}
	return incident.New(path, incident.Options{LockTimeout: timeout, Now: f.Now, Team: f.teamHooks()}), nil
}

func (f *Factory) storePath() (string, error) {
	if f.DBPath != "" {
		return f.DBPath, nil
	}
	if p := settings.StorePath(f.Getenv); p != "" {
		return p, nil
	}
	return "", hint(fmt.Errorf("cannot tell where to keep the store"), "set SITREP_DB or pass --db FILE")
}

func (f *Factory) lockTimeout(def time.Duration) (time.Duration, error) {
	d, err := settings.LockTimeout(f.Getenv, def)
	if err != nil {
		return 0, hint(err, `use a value such as "5s" or "500ms"`)
	}
	return d, nil
}

// Author is who the user is: the flag, else SITREP_AUTHOR, else git's
// user.name, else $USER.
func (f *Factory) Author(flag string) string {
	return settings.Author(f.Getenv, flag, f.GitUserName)
}

// Incident reads the incident a command acts on (resolved as IncidentID
// does) and returns the store with it, which most commands use next.
func (f *Factory) Incident(ctx context.Context, given string) (*incident.Store, incident.Incident, error) {
	id, err := f.IncidentID(given)
	if err != nil {
		return nil, incident.Incident{}, err
	}
	s, err := f.Store()
	if err != nil {
		return nil, incident.Incident{}, err
	}
	inc, err := s.Get(ctx, id)
	return s, inc, err
}

// IncidentID resolves which incident a command acts on: the flag or
// argument, else SITREP_INCIDENT, else the active incident.
func (f *Factory) IncidentID(given string) (string, error) {
	if given == "" {
		given = f.Getenv("SITREP_INCIDENT")
	}
	if given == "" {
		s, err := f.Store()
		if err != nil {
			return "", err
		}
		given, err = s.Active()
		if err != nil {
			return "", err
		}
	}
	if given == "" {
		return "", hint(fmt.Errorf("no incident given and none is active"),
			"pass an ID (INC-7 or 7), run `sitrep use ID`, or set SITREP_INCIDENT")
	}
	n, err := incident.ParseID(given)
	if err != nil {
		return "", err
	}
	return incident.FormatID(n), nil
}
