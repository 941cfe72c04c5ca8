// Package settings resolves the settings every sitrep process reads alike,
// so that sitrep (the quick front) and sitrep-full agree on them: the
// environment over the config file, where the store is, how long to wait
// for its lock, and who the author of a note is.
package settings

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/internal/config"
	"github.com/sitrep-dev/sitrep/internal/gitconfig"
)

// WithFile returns a lookup that reads getenv (the environment), then the
// config file (internal/config) for what the environment leaves unset.
// On an error reading the file it returns getenv alone and the error.
func WithFile(getenv func(string) string) (func(string) string, error) {
	file, err := config.Load(config.Path(getenv))
	if err != nil {
		return getenv, err
	}
	if len(file.Values) == 0 {
		return getenv, nil
	}
	return func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return file.Get(config.Key(name))
	}, nil
}

// StorePath is the store file: SITREP_DB, else
// $XDG_DATA_HOME/sitrep/sitrep.db (~/.local/share when unset); "" when
// neither is set and HOME is not either.
func StorePath(getenv func(string) string) string {
	if p := getenv("SITREP_DB"); p != "" {
		return p
	}
	data := getenv("XDG_DATA_HOME")
	if data == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "sitrep", "sitrep.db")
}

// LockTimeout is SITREP_LOCK_TIMEOUT, else def. A value that is not a
// positive duration is an error.
func LockTimeout(getenv func(string) string, def time.Duration) (time.Duration, error) {
	v := getenv("SITREP_LOCK_TIMEOUT")
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("SITREP_LOCK_TIMEOUT=%q is not a duration", v)
	}
	return d, nil
}

// DefaultLockTimeout is the lock wait of a command that sets none.
const DefaultLockTimeout = incident.DefaultLockTimeout

// Author is who wrote a note: flag, else SITREP_AUTHOR, else git's
// user.name, else $USER, else "unknown". gitUserName may be nil.
func Author(getenv func(string) string, flag string, gitUserName func() string) string {
	for _, v := range []string{flag, getenv("SITREP_AUTHOR")} {
		if v := strings.TrimSpace(v); v != "" {
			return v
		}
	}
	if gitUserName != nil {
		if name := gitUserName(); name != "" {
			return name
		}
	}
	if u := getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// GitUserName is git's user.name as seen from the working directory, read
// from git's config files: running git would cost a note more than storing
// it.
func GitUserName() string {
	wd, _ := os.Getwd()
	name, _ := gitconfig.Get(os.Getenv, wd, "user.name")
	return strings.TrimSpace(name)
}
