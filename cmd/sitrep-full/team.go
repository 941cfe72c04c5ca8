package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations/team"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Team mode lives in the store's options (teamHooks): every command that
// stores an event puts it into the outbox in the same transaction and
// publishes it after the commit, without a line of its own.
const (
	// teamPublishDeadline bounds how long a command waits for the team
	// server after its commit: a note is never held longer.
	teamPublishDeadline = 1500 * time.Millisecond
	// teamDialTimeout bounds a short command's dial.
	teamDialTimeout = time.Second
)

const teamEnvHelp = `Settings (environment or config file):
  SITREP_NATS_URL    the team's NATS server(s): nats://HOST:4222 or tls://...,
                     comma-separated; may carry user:password@ (unset: this
                     machine alone)
  SITREP_NATS_CREDS  a .creds file instead of a password
  SITREP_NATS_CA     the private CA of the server's TLS certificate
  SITREP_TEAM        the team (default "default")`

// teamState is the Factory's team-mode connection, made on first use.
type teamState struct {
	once   sync.Once
	cfg    team.Config
	on     bool
	cfgErr error

	mu     sync.Mutex
	client *team.Client
	quiet  atomic.Bool // a TUI owns the terminal: say nothing on stderr
	said   atomic.Bool // "queued" was said once by this process
	// downUntil (Unix ns): after the server was found unreachable, commits
	// until then leave their events queued without dialling again, so a
	// sync of many pages or a burst of webhooks does not wait out the
	// dial once per commit.
	downUntil atomic.Int64
}

// teamRetryAfter is how long a process leaves events queued after finding
// the team server unreachable, before it tries again.
const teamRetryAfter = 30 * time.Second

func (f *Factory) teamConfig() (team.Config, bool, error) {
	f.team.once.Do(func() {
		f.team.cfg, f.team.on, f.team.cfgErr = team.ConfigFrom(f.Getenv)
	})
	return f.team.cfg, f.team.on, f.team.cfgErr
}

// teamHooks are the store's team-mode hooks, or nil on a single machine.
func (f *Factory) teamHooks() *incident.TeamHooks {
	if _, on, _ := f.teamConfig(); !on {
		return nil
	}
	return &incident.TeamHooks{Publish: f.teamPublish, Number: f.teamNumber, Pull: f.teamPull}
}

// teamClient returns the process's connection to the team server,
// dialling it if there is none (or the last one closed). check asks the
// server whether JetStream answers, for the errors of init and status.
func (f *Factory) teamClient(ctx context.Context, check bool) (*team.Client, error) {
	cfg, on, err := f.teamConfig()
	if err != nil {
		return nil, err
	}
	if !on {
		return nil, hint(errors.New("team mode is off"), "set SITREP_NATS_URL (and SITREP_TEAM) first; see `sitrep team --help`")
	}
	f.team.mu.Lock()
	defer f.team.mu.Unlock()
	if f.team.client != nil && !f.team.client.Closed() {
		return f.team.client, nil
	}
	c, err := team.Connect(ctx, cfg, team.ConnectOptions{Timeout: teamDialTimeout, NoCheck: !check})
	if err != nil {
		return nil, err
	}
	f.team.client = c
	return c, nil
}

// teamPublish sends the outbox after a commit, within teamPublishDeadline.
// What does not go out stays queued, and the command says so.
func (f *Factory) teamPublish(ctx context.Context) {
	s, err := f.Store()
	if err != nil {
		return
	}
	if time.Now().UnixNano() < f.team.downUntil.Load() {
		return // said already; the events stay queued
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), teamPublishDeadline)
	defer cancel()
	c, err := f.teamClient(ctx, false)
	var res team.PublishResult
	if err == nil {
		res, err = c.Publish(ctx, s, teamPublishDeadline)
	}
	if errors.Is(err, team.ErrUnreachable) {
		f.team.downUntil.Store(time.Now().Add(teamRetryAfter).UnixNano())
	}
	if res.Oversized > 0 && !f.team.quiet.Load() {
		fmt.Fprintf(f.IO.ErrOut, "saved here, but %d event(s) too large for the team's stream (over %d bytes) are not shared\n", res.Oversized, team.MaxEventBytes)
	}
	if err != nil && !f.team.quiet.Load() && !f.team.said.Swap(true) {
		reason := "server unreachable"
		if !errors.Is(err, team.ErrUnreachable) {
			reason = err.Error()
		}
		fmt.Fprintf(f.IO.ErrOut, "saved; queued for the team (%s); it goes out with the next command that stores an event, `sitrep sync` or `sitrep team follow`\n",
			timeline.SanitizeLine(reason))
	}
}

// teamNumber takes `open`'s team-wide number. Without the server there is
// none to take: open fails and says so, while notes to open incidents
// keep working offline.
func (f *Factory) teamNumber(ctx context.Context, local uint64) (uint64, error) {
	c, err := f.teamClient(ctx, true)
	if err == nil {
		var n uint64
		if n, err = c.NextIncidentNumber(ctx, local); err == nil {
			return n, nil
		}
	}
	var te *team.Error
	if errors.As(err, &te) {
		return 0, hint(fmt.Errorf("cannot open a team incident: %w", te.Err),
			"incident numbers are team-wide and come from the server: "+te.Hint+"; notes to open incidents work offline; to record an incident on this machine alone until the server is back, run the command with SITREP_NATS_URL= (copy it to the team later with timeline --json | import jsonl --create)")
	}
	return 0, err
}

// teamPull fetches an incident this machine has not seen.
func (f *Factory) teamPull(ctx context.Context, id string) error {
	s, err := f.Store()
	if err != nil {
		return err
	}
	c, err := f.teamClient(ctx, true)
	if err != nil {
		return err
	}
	_, err = c.Pull(ctx, s, id)
	return err
}

// teamSync is `sync`'s part in team mode: send the outbox, then store what
// the team's stream holds beyond this machine's position. It reports one
// line, like each source of a sync, and whether it worked.
func (f *Factory) teamSync(ctx context.Context, s *incident.Store) bool {
	cfg, on, _ := f.teamConfig()
	if !on {
		return true
	}
	c, err := f.teamClient(ctx, true)
	var res team.FollowResult
	if err == nil {
		res, err = c.Sync(ctx, s, team.FollowOptions{Warn: f.warn})
	}
	if err != nil {
		fmt.Fprintf(f.IO.ErrOut, "sitrep: team %s: %s\n", cfg.Team, timeline.SanitizeLine(err.Error()))
		return false
	}
	fmt.Fprintf(f.IO.ErrOut, "%s team %s: %d new events", f.Now().Format("15:04:05"), cfg.Team, res.Stored)
	if res.Duplicates > 0 {
		fmt.Fprintf(f.IO.ErrOut, " (%d already stored)", res.Duplicates)
	}
	fmt.Fprintln(f.IO.ErrOut)
	return true
}

// followTeamWhile keeps the store in step with the team while a TUI is
// open (the TUI shows what lands in the store); the returned func stops it.
func (f *Factory) followTeamWhile(ctx context.Context, s *incident.Store) (stop func()) {
	cfg, on, err := f.teamConfig()
	if !on || err != nil {
		return func() {}
	}
	f.team.quiet.Store(true)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = team.Keep(ctx, cfg, s, team.FollowOptions{})
	}()
	return func() { cancel(); <-done }
}

func (f *Factory) warn(msg string) {
	fmt.Fprintf(f.IO.ErrOut, "sitrep: %s\n", timeline.SanitizeLine(msg))
}

func newTeamCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "team",
		Short:   "Share incidents with the team's machines through NATS JetStream",
		GroupID: "integrate",
		Long: `Team mode makes one incident one timeline on every responder's machine.
Each machine keeps its own store; what it stores also goes, through an
outbox written with the event, to the team's NATS JetStream stream, and what
the others store comes back from it.

One host runs ` + "`sitrep team serve`" + ` (or the team uses its own NATS), every
machine sets SITREP_NATS_URL (and SITREP_TEAM), and someone runs
` + "`sitrep team init`" + ` once. Then ` + "`sitrep team follow`" + ` keeps a machine in step; the
TUI and ` + "`sitrep sync`" + ` do too while they run.

Without the server every command works locally: a note says it is saved
and queued, and goes out with the next command that stores an event, sync
or team follow once the server is back.
Only ` + "`sitrep open`" + ` needs the server, for the team-wide incident number.

` + teamEnvHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newTeamServeCmd(f), newTeamInitCmd(f), newTeamStatusCmd(f), newTeamFollowCmd(f))
	return cmd
}

type teamServeOptions struct {
	f          *Factory
	addr, dir  string
	configFile string
}

func newTeamServeCmd(f *Factory) *cobra.Command {
	o := &teamServeOptions{f: f}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the team's NATS server (JetStream, file storage) in this process",
		Long: `Run a nats-server with JetStream in this process: the engine of a small
team. Its files go to --dir (default: "nats" beside the store). TLS, users
and their permissions come from a nats-server configuration file (--config);
the README's Team section has a minimal one. It runs until interrupted
(Ctrl-C or SIGTERM). Larger teams point SITREP_NATS_URL at their own cluster.`,
		Example: `  sitrep team serve
  sitrep team serve --addr 0.0.0.0:4222 --config /etc/sitrep/nats.conf --dir /var/lib/sitrep-nats`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("addr") {
				o.addr = ""
			}
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:4222", "listen on HOST:PORT (default the config file's, else 127.0.0.1:4222)")
	cmd.Flags().StringVar(&o.dir, "dir", "", `JetStream's directory (default the config file's store_dir, else "nats" beside the store)`)
	cmd.Flags().StringVar(&o.configFile, "config", "", "nats-server configuration file: TLS, users, permissions, cluster")
	return cmd
}

func (o *teamServeOptions) run(ctx context.Context) error {
	path, err := o.f.storePath()
	if err != nil {
		return err
	}
	srv, err := team.Serve(team.ServeOptions{Addr: o.addr, Dir: o.dir, DefaultDir: filepath.Join(filepath.Dir(path), "nats"),
		ConfigFile: o.configFile, Log: o.f.warn})
	if err != nil {
		return err
	}
	fmt.Fprintf(o.f.IO.ErrOut, "team server on %s (JetStream in %s); Ctrl-C stops\n", srv.ClientURL(), timeline.SanitizeLine(srv.JetStreamConfig().StoreDir))
	<-ctx.Done()
	srv.Shutdown()
	srv.WaitForShutdown()
	fmt.Fprintln(o.f.IO.ErrOut, "team server stopped")
	return nil
}

type teamInitOptions struct {
	f        *Factory
	replicas int
	json     bool
}

func newTeamInitCmd(f *Factory) *cobra.Command {
	o := &teamInitOptions{f: f}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create or update the team's stream and KV bucket (once per team)",
		Long: `Create the team's stream SITREP_<TEAM> on subjects sitrep.<team>.> (file
storage, no deletes or purges, a two-hour duplicate window, messages up to
1 MiB) and its KV bucket of counters (team-wide incident numbers). Running it
again updates them; it never removes anything. A cluster of three or more
servers should use --replicas 3.`,
		Example: `  SITREP_NATS_URL=nats://incident-host:4222 SITREP_TEAM=payments sitrep team init
  sitrep team init --replicas 3`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().IntVar(&o.replicas, "replicas", 1, "copies of the stream in a cluster (1, 3 or 5)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print what was done as JSON")
	return cmd
}

func (o *teamInitOptions) run(ctx context.Context) error {
	if o.replicas < 1 || o.replicas > 5 {
		return usagef("--replicas %d: use 1 to 5 (3 for a cluster)", o.replicas)
	}
	c, err := o.f.teamClient(ctx, true)
	if err != nil {
		return err
	}
	res, err := c.Init(ctx, o.replicas)
	if err != nil {
		return err
	}
	if o.json {
		return writeJSON(o.f.IO.Out, res)
	}
	verb := "updated"
	if res.Created {
		verb = "created"
	}
	fmt.Fprintf(o.f.IO.Out, "%s stream %s (%s) and KV bucket %s, %d replica(s), on %s\n", verb, res.Stream, res.Subjects, res.Bucket, res.Replicas, c.Config().Server())
	return nil
}

type teamStatusOptions struct {
	f    *Factory
	json bool
}

func newTeamStatusCmd(f *Factory) *cobra.Command {
	o := &teamStatusOptions{f: f}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "The team server, the stream, and how far this machine is behind",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print it as JSON")
	return cmd
}

func (o *teamStatusOptions) run(ctx context.Context) error {
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	c, err := o.f.teamClient(ctx, true)
	if err != nil {
		if _, queued, oerr := s.Outbox(ctx, 1); oerr == nil && queued > 0 {
			fmt.Fprintf(o.f.IO.ErrOut, "%d events wait here for the team server\n", queued)
		}
		return err
	}
	st, err := c.Status(ctx, s)
	if err != nil {
		return err
	}
	if o.json {
		return writeJSON(o.f.IO.Out, st)
	}
	fmt.Fprintf(o.f.IO.Out, "server:    %s (%s, nats-server %s)\n", st.Server, timeline.SanitizeLine(st.ServerName), timeline.SanitizeLine(st.Version))
	fmt.Fprintf(o.f.IO.Out, "team:      %s, stream %s, %d replica(s), %d events\n", st.Team, st.Stream, st.Replicas, st.Messages)
	fmt.Fprintf(o.f.IO.Out, "this store: read up to %d of %d (%d behind), %d waiting in the outbox\n", st.Received, st.LastSeq, st.Behind, st.Outbox)
	return nil
}

type teamFollowOptions struct {
	f    *Factory
	json bool
}

func newTeamFollowCmd(f *Factory) *cobra.Command {
	o := &teamFollowOptions{f: f}
	cmd := &cobra.Command{
		Use:   "follow",
		Short: "Keep this machine's store in step with the team (runs until stopped)",
		Long: `Read the team's stream from where this store stopped, store every event
that is new here (idempotently: nothing twice), and send this machine's
queued events whenever the server is reachable. An unreachable server is
waited for. A message that is not a sitrep event, or is too large, is skipped
with a warning. SIGTERM or Ctrl-C stops it cleanly.

--json prints every event read from the stream, as ` + "`timeline --json`" + ` does.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print each event read from the stream as a JSON line")
	return cmd
}

func (o *teamFollowOptions) run(ctx context.Context) error {
	cfg, on, err := o.f.teamConfig()
	if err != nil {
		return err
	}
	if !on {
		return hint(errors.New("team mode is off"), "set SITREP_NATS_URL (and SITREP_TEAM) first; see `sitrep team --help`")
	}
	s, err := o.f.Store()
	if err != nil {
		return err
	}
	var stored atomic.Int64
	opts := team.FollowOptions{Warn: o.f.warn, Consumed: func(e timeline.Event, duplicate bool) {
		if !duplicate {
			stored.Add(1)
		}
		if o.json {
			_ = encodeJSON(o.f.IO.Out, jsonEvent(e), false)
		}
	}}
	fmt.Fprintf(o.f.IO.ErrOut, "following team %s on %s; Ctrl-C stops\n", cfg.Team, cfg.Server())
	err = team.Keep(ctx, cfg, s, opts)
	fmt.Fprintf(o.f.IO.ErrOut, "stopped; %d new events stored\n", stored.Load())
	return err
}
