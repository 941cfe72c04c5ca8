// Package config owns sitrep's configuration file: where it lives
// ($XDG_CONFIG_HOME/sitrep/config.toml), its format (TOML, one string per
// setting, keyed by the setting's environment variable name in lower case:
// slack_token = "…" for SLACK_TOKEN), its permissions (0600; refused when
// group- or world-readable while holding a secret), and reading and
// writing it. It knows nothing of what the settings mean.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/sys/unix"
)

// FileName is the file's name inside $XDG_CONFIG_HOME/sitrep.
const FileName = "config.toml"

// maxSize bounds what is read: a config file is a few lines.
const maxSize = 1 << 20

// ErrTooOpen is wrapped by the error for a file others can read that
// holds a secret.
var ErrTooOpen = errors.New("config file readable by others holds a secret")

// Path is where the file lives, from the environment getenv reads:
// $XDG_CONFIG_HOME/sitrep/config.toml, else ~/.config/sitrep/config.toml;
// "" when neither HOME nor XDG_CONFIG_HOME is set.
func Path(getenv func(string) string) string {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "sitrep", FileName)
}

// Key turns an environment variable's name, or a key, into the file's key:
// SLACK_TOKEN and slack_token are both slack_token.
func Key(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// EnvName is the environment variable a key stands for.
func EnvName(key string) string { return strings.ToUpper(key) }

// ValidKey reports whether key can name a setting: a lower-case letter,
// then letters, digits and underscores.
func ValidKey(key string) bool {
	for i, r := range key {
		switch {
		case r >= 'a' && r <= 'z':
		case i > 0 && (r >= '0' && r <= '9' || r == '_'):
		default:
			return false
		}
	}
	return key != ""
}

// IsSecret reports whether a key holds a secret (tokens, signing secrets,
// passwords; sitrep_nats_url may carry user:password@): those are masked
// when listed, and make an open file refused.
func IsSecret(key string) bool {
	for _, s := range []string{"token", "secret", "password", "creds", "nkey", "nats_url"} {
		if strings.Contains(key, s) {
			return true
		}
	}
	return false
}

// File is the configuration as read from disk.
type File struct {
	Path   string
	Values map[string]string
	Mode   fs.FileMode // permission bits; 0 when the file does not exist
}

// Load reads the file at path. A missing file is an empty File. A file
// that group or others can read and that holds a secret is refused with
// ErrTooOpen, naming the fix; so is anything but a regular file.
func Load(path string) (*File, error) {
	f := &File{Path: path, Values: map[string]string{}}
	if path == "" {
		return f, nil
	}
	fh, err := os.OpenFile(path, os.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0) // no symlink, no FIFO hang
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("config file %s is not a regular file", path)
	}
	f.Mode = info.Mode().Perm()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(fh, maxSize+1)); err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	if buf.Len() > maxSize {
		return nil, fmt.Errorf("config file %s is larger than %d bytes", path, maxSize)
	}
	var raw map[string]any
	if _, err := toml.NewDecoder(&buf).Decode(&raw); err != nil {
		return nil, fmt.Errorf("config file %s: %v", path, err)
	}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			f.Values[Key(k)] = v
		case int64, float64, bool:
			f.Values[Key(k)] = fmt.Sprint(v)
		default:
			return nil, fmt.Errorf("config file %s: %s is not a string, number or boolean", path, k)
		}
	}
	if secret := f.secretKey(); secret != "" && f.Mode&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s is mode %04o and holds %s; run `chmod 600 %s`", ErrTooOpen, path, f.Mode, secret, path)
	}
	return f, nil
}

func (f *File) secretKey() string {
	for _, k := range f.Keys() {
		if IsSecret(k) && f.Values[k] != "" {
			return k
		}
	}
	return ""
}

// Keys returns the file's keys in order.
func (f *File) Keys() []string {
	keys := make([]string, 0, len(f.Values))
	for k := range f.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Get returns the value of key ("" when absent).
func (f *File) Get(key string) string { return f.Values[Key(key)] }

// Set changes key to value (removes it when value is empty) and writes the
// file: 0600, in a 0700 directory, replaced atomically.
func (f *File) Set(key, value string) error {
	key = Key(key)
	if !ValidKey(key) {
		return fmt.Errorf("%q is not a setting name (letters, digits and _, e.g. slack_token)", key)
	}
	if value == "" {
		delete(f.Values, key)
	} else {
		f.Values[key] = value
	}
	return f.save()
}

func (f *File) save() error {
	if f.Path == "" {
		return errors.New("no place for a config file: neither XDG_CONFIG_HOME nor HOME is set")
	}
	if err := os.MkdirAll(filepath.Dir(f.Path), 0o700); err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("# sitrep settings: each key is an environment variable's name in lower case.\n# The environment overrides this file; flags override both.\n")
	if err := toml.NewEncoder(&buf).Encode(f.Values); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.Path), ".config-*.toml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return err
	}
	f.Mode = 0o600
	return nil
}

// Mask shows a secret's last four characters only.
func Mask(value string) string {
	if len(value) <= 8 {
		return "****"
	}
	return "****" + value[len(value)-4:]
}
