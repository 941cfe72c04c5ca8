package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/internal/config"
	"github.com/sitrep-dev/sitrep/internal/settings"
	"github.com/sitrep-dev/sitrep/timeline"
)

// configError adds what to do to a config file that cannot be used,
// unless the error says it already (a file others can read names its
// chmod).
func configError(err error) error {
	var hinted *hintedError
	if errors.Is(err, config.ErrTooOpen) || errors.As(err, &hinted) {
		return err
	}
	return hint(err, "fix or remove the file; `sitrep doctor` checks it")
}

// useConfigFile makes f.Getenv consult the config file after the
// environment, so every setting read through it (tokens, URLs, the store,
// the author, team mode, ...) can live in the file. Flags are read before
// Getenv, so they override both. A file that others can read and that
// holds a secret fails the command.
func useConfigFile(f *Factory) error {
	getenv, err := settings.WithFile(f.Getenv)
	if err != nil {
		return configError(err)
	}
	f.Getenv = getenv
	return nil
}

type configOptions struct {
	f     *Factory
	env   func(string) string // the environment alone, without the file
	key   string
	value string
}

func newConfigCmd(f *Factory) *cobra.Command {
	// config and doctor run without the file folded into Getenv, so env
	// is the environment alone.
	o := &configOptions{f: f, env: func(k string) string { return f.Getenv(k) }}
	cmd := &cobra.Command{
		Use:   "config",
		Short: "List, get and set settings in the config file",
		Long: `sitrep reads every setting from the environment, else from its config file,
$XDG_CONFIG_HOME/sitrep/config.toml (default ~/.config/sitrep/config.toml);
flags override both. In the file each setting is its environment variable's
name in lower case:

  sitrep_author = "Sam Whitfield"
  slack_token = "xoxb-…"
  pagerduty_api_url = "https://api.eu.pagerduty.com"

The file is written 0600. One that group or others can read is refused
while it holds a secret (a key containing token, secret, password, creds or
nkey). "sitrep config" lists the file, secrets masked.`,
		Example: `  sitrep config
  sitrep config set slack_token -      # paste the token: it stays out of shell history
  sitrep config set sitrep_author "Sam Whitfield"
  sitrep config get SITREP_AUTHOR`,
		Args: noSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error { return o.list() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "get KEY",
		Short: "Print a setting's value: the environment's, else the file's",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.key = args[0]
			return o.get()
		},
	}, &cobra.Command{
		Use:   "set KEY [VALUE|-]",
		Short: `Set a setting in the file ("-" reads VALUE from stdin; none removes it)`,
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.key = args[0]
			if len(args) == 2 {
				o.value = args[1]
			}
			return o.set()
		},
	})
	return cmd
}

func (o *configOptions) load() (*config.File, error) {
	path := config.Path(o.f.Getenv)
	if path == "" {
		return nil, hint(fmt.Errorf("no place for a config file"), "set HOME or XDG_CONFIG_HOME")
	}
	return config.Load(path)
}

func (o *configOptions) list() error {
	file, err := o.load()
	if err != nil {
		return configError(err)
	}
	if len(file.Values) == 0 {
		fmt.Fprintf(o.f.IO.ErrOut, "%s holds no settings; `sitrep config set KEY VALUE` adds one\n", file.Path)
		return nil
	}
	fmt.Fprintf(o.f.IO.ErrOut, "%s (mode %04o)\n", file.Path, file.Mode)
	for _, k := range file.Keys() {
		v := file.Values[k]
		if config.IsSecret(k) {
			v = config.Mask(v)
		}
		line := fmt.Sprintf("%s = %s", k, timeline.SanitizeLine(v))
		if o.env(config.EnvName(k)) != "" {
			line += fmt.Sprintf("  (overridden by $%s)", config.EnvName(k))
		}
		fmt.Fprintln(o.f.IO.Out, line)
	}
	return nil
}

func (o *configOptions) get() error {
	key := config.Key(o.key)
	if !config.ValidKey(key) {
		return usagef("%q is not a setting name; e.g. slack_token or SLACK_TOKEN", o.key)
	}
	if v := o.env(config.EnvName(key)); v != "" {
		fmt.Fprintln(o.f.IO.Out, timeline.SanitizeLine(v))
		return nil
	}
	file, err := o.load()
	if err != nil {
		return configError(err)
	}
	v := file.Get(key)
	if v == "" {
		return &exitStatusError{code: 1} // unset, as `git config` says it: no output, status 1
	}
	fmt.Fprintln(o.f.IO.Out, timeline.SanitizeLine(v))
	return nil
}

func (o *configOptions) set() error {
	key := config.Key(o.key)
	if !config.ValidKey(key) {
		return usagef("%q is not a setting name; e.g. slack_token or SLACK_TOKEN", o.key)
	}
	if o.value == "-" {
		line, err := bufio.NewReader(io.LimitReader(o.f.IO.In, 64<<10)).ReadString('\n')
		if err != nil && err != io.EOF {
			return err
		}
		if o.value = strings.TrimSpace(line); o.value == "" {
			return usagef("no value on stdin; to remove %s, give no value", key)
		}
	}
	file, err := o.load()
	if errors.Is(err, config.ErrTooOpen) { // rewriting it 0600 is the fix
		file, err = loadIgnoringMode(config.Path(o.f.Getenv))
	}
	if err != nil {
		return err
	}
	if err := file.Set(key, o.value); err != nil {
		return hint(err, "check "+file.Path)
	}
	if o.env(config.EnvName(key)) != "" {
		fmt.Fprintf(o.f.IO.ErrOut, "sitrep: warning: $%s is set and overrides the file\n", config.EnvName(key))
	}
	return nil
}

// loadIgnoringMode reads a file that Load refused for its mode, by making
// it private first: `config set` writes it 0600 anyway.
func loadIgnoringMode(path string) (*config.File, error) {
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, err
	}
	return config.Load(path)
}
