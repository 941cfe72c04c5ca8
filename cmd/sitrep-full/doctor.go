package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/integrations/team"
	"github.com/sitrep-dev/sitrep/internal/config"
	"github.com/sitrep-dev/sitrep/timeline"
)

// maxClockSkew is how far this machine's clock may be from the APIs'
// before doctor says so: times on the timeline would be off by as much.
const maxClockSkew = 30 * time.Second

type doctorOptions struct{ f *Factory }

func newDoctorCmd(f *Factory) *cobra.Command {
	o := &doctorOptions{f: f}
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the config file, store, tokens, clock, time zone and team server",
		Long: `Check what sitrep depends on, one line per check: the config file, the
store (path, permissions, readable), the Slack and PagerDuty tokens against
their APIs (auth.test, /abilities, at the configured base URLs), this
machine's clock against those APIs' Date headers, the time zone, and the
team server when SITREP_NATS_URL is set. Exit status 1 when a check fails.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
}

type check struct {
	name, detail string
	ok           bool
	skipped      bool
}

func (o *doctorOptions) run(ctx context.Context) error {
	var checks []check
	add := func(c check) { checks = append(checks, c) }
	add(o.configCheck())
	add(o.storeCheck(ctx))
	var dates []time.Time
	env := o.f.env(nil)
	for _, p := range o.f.Providers {
		if p.Check == nil {
			continue
		}
		c := p.Check(ctx, env)
		add(check{name: p.Name, ok: c.OK, skipped: c.Skipped, detail: c.Detail})
		if !c.Date.IsZero() {
			dates = append(dates, c.Date)
		}
	}
	add(o.clockCheck(dates))
	add(o.zoneCheck())
	add(o.natsCheck(ctx))
	failed := 0
	for _, c := range checks {
		mark := "ok  "
		switch {
		case c.skipped:
			mark = "--  "
		case !c.ok:
			mark = "FAIL"
			failed++
		}
		fmt.Fprintf(o.f.IO.Out, "%s %-10s %s\n", mark, c.name, timeline.SanitizeLine(c.detail))
	}
	if failed > 0 {
		return &exitStatusError{code: 1}
	}
	return nil
}

func (o *doctorOptions) configCheck() check {
	path := config.Path(o.f.Getenv)
	file, err := config.Load(path)
	switch {
	case err != nil:
		return check{name: "config", detail: err.Error()}
	case file.Mode == 0:
		return check{name: "config", ok: true, detail: "no file at " + path + " (settings from the environment)"}
	}
	return check{name: "config", ok: true, detail: fmt.Sprintf("%s, mode %04o, %d settings", path, file.Mode, len(file.Values))}
}

func (o *doctorOptions) storeCheck(ctx context.Context) check {
	if err := useConfigFile(o.f); err != nil {
		return check{name: "store", detail: "not checked: the config file is refused"}
	}
	path, err := o.f.storePath()
	if err != nil {
		return check{name: "store", detail: err.Error()}
	}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return check{name: "store", ok: true, detail: path + " does not exist yet; `sitrep open` creates it"}
	}
	if err != nil {
		return check{name: "store", detail: err.Error()}
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return check{name: "store", detail: fmt.Sprintf("%s is mode %04o: others can read incidents; run `chmod 600 %s`", path, perm, path)}
	}
	s, err := o.f.Store()
	if err != nil {
		return check{name: "store", detail: err.Error()}
	}
	all, err := s.List(ctx)
	if err != nil {
		return check{name: "store", detail: fmt.Sprintf("%s: %v; `sitrep store check` says more", path, err)}
	}
	schema := "schema unknown"
	if file, current, err := s.Schema(ctx); err != nil {
		return check{name: "store", detail: fmt.Sprintf("%s: %v", path, err)}
	} else if file == current {
		schema = fmt.Sprintf("schema %d", file)
	} else {
		schema = fmt.Sprintf("schema %d (the next write migrates it to %d)", file, current)
	}
	return check{name: "store", ok: true, detail: fmt.Sprintf("%s, mode %04o, %s, readable, %d incidents", path, info.Mode().Perm(), schema, len(all))}
}

func (o *doctorOptions) clockCheck(dates []time.Time) check {
	if len(dates) == 0 {
		return check{name: "clock", skipped: true, detail: "no API answered with a date to compare"}
	}
	now := o.f.Now()
	worst := time.Duration(0)
	for _, d := range dates {
		if skew := now.Sub(d); skew.Abs() > worst.Abs() {
			worst = skew
		}
	}
	// Date headers have whole seconds: a second of skew is noise.
	if worst.Abs() > maxClockSkew {
		dir := "ahead of"
		if worst < 0 {
			dir = "behind"
		}
		return check{name: "clock", detail: fmt.Sprintf("this clock is about %s %s the APIs'; times on the timeline will be off; sync it (NTP)", timeline.FormatDuration(worst.Abs().Round(time.Second)), dir)}
	}
	return check{name: "clock", ok: true, detail: fmt.Sprintf("within %s of the APIs' clocks", maxClockSkew)}
}

func (o *doctorOptions) zoneCheck() check {
	detail := "local time " + o.f.Now().In(time.Local).Format("MST (UTC-07:00)")
	if tz := os.Getenv("TZ"); tz != "" {
		detail += " from TZ=" + tz
	}
	if tz := o.f.Getenv("SITREP_TZ"); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			return check{name: "time zone", detail: fmt.Sprintf("SITREP_TZ=%q: %v", tz, err)}
		}
		detail += "; reviews and stats in " + tz
	}
	return check{name: "time zone", ok: true, detail: detail}
}

func (o *doctorOptions) natsCheck(ctx context.Context) check {
	cfg, on, err := team.ConfigFrom(o.f.Getenv)
	switch {
	case !on:
		return check{name: "team", skipped: true, detail: team.EnvURL + " not set (team mode off)"}
	case err != nil:
		return check{name: "team", detail: err.Error()}
	}
	c, err := team.Connect(ctx, cfg, team.ConnectOptions{Timeout: 3 * time.Second})
	if err != nil {
		return check{name: "team", detail: err.Error()}
	}
	c.Close()
	return check{name: "team", ok: true, detail: fmt.Sprintf("%s reachable, JetStream answers (team %s)", cfg.Server(), cfg.Team)}
}
