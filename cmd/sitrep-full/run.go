package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/timeline"
)

// outputTailLines is how many of a command's last output lines are kept.
const outputTailLines = 20

type runOptions struct {
	f        *Factory
	argv     []string
	author   string
	incident string
}

func newRunCmd(f *Factory) *cobra.Command {
	o := &runOptions{f: f}
	cmd := &cobra.Command{
		Use:     "run [flags] -- CMD [ARGS...]",
		Short:   "Run a command and record it: argv, exit status, duration, last output lines",
		GroupID: "respond",
		Long: `Run a command with your terminal attached, then record it on the timeline:
its argv, exit status, duration and its last 20 lines of output. sitrep
exits with the command's own exit status.`,
		Example: `  sitrep run -- kubectl rollout undo deploy/api-gateway
  sitrep run -i INC-7 -- ./scripts/failover.sh eu-west-1`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.argv = args
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&o.author, "author", "", "who ran it (default $SITREP_AUTHOR, git user.name, $USER)")
	cmd.Flags().StringVarP(&o.incident, "incident", "i", "", "incident ID (default $SITREP_INCIDENT, else the active one)")
	return cmd
}

func (o *runOptions) run(ctx context.Context) error {
	// Check the incident before running anything, so a typo does not run
	// a command that then cannot be recorded.
	s, inc, err := o.f.Incident(ctx, o.incident)
	if err != nil {
		return err
	}
	id := inc.ID
	tail := &tailBuffer{max: outputTailLines}
	c := exec.Command(o.argv[0], o.argv[1:]...)
	c.Stdin = o.f.IO.In
	c.Stdout = io.MultiWriter(o.f.IO.Out, tail)
	c.Stderr = io.MultiWriter(o.f.IO.ErrOut, tail)
	// The terminal sends Ctrl-C to the command as well; sitrep stays to
	// record how it ended.
	signal.Ignore(os.Interrupt, syscall.SIGQUIT)
	defer signal.Reset(os.Interrupt, syscall.SIGQUIT)
	start := o.f.Now()
	runErr := c.Run()
	elapsed := o.f.Now().Sub(start)
	code := 0
	if runErr != nil {
		var exit *exec.ExitError
		if !errors.As(runErr, &exit) {
			return o.notStarted(runErr)
		}
		code = exit.ExitCode()
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = 128 + int(ws.Signal())
		}
	}
	argv, _ := json.Marshal(o.argv)
	cwd, _ := os.Getwd()
	e := timeline.Event{
		Incident: id, At: start.UTC(), Source: timeline.SourceShell, Kind: timeline.KindCommand,
		Actor: o.f.Author(o.author), Text: shellJoin(o.argv),
		Attrs: map[string]string{
			timeline.AttrArgv:     string(argv),
			timeline.AttrExitCode: strconv.Itoa(code),
			timeline.AttrDuration: strconv.FormatInt(elapsed.Milliseconds(), 10),
			timeline.AttrOutput:   tail.String(),
			timeline.AttrCwd:      cwd,
		},
	}
	_, spooled, err := s.AppendOrSpool(context.WithoutCancel(ctx), e)
	if err != nil {
		return err
	}
	if spooled {
		fmt.Fprintf(o.f.IO.ErrOut, "sitrep: the store is busy: the command's record was spooled; the next sitrep command moves it in\n")
	}
	if code != 0 {
		return &exitStatusError{code: code}
	}
	return nil
}

// notStarted reports a command that could not be started, with a shell's
// exit status: 127 when it was not found, 126 when it could not be
// executed. Nothing is recorded: the command never ran.
func (o *runOptions) notStarted(err error) error {
	name := timeline.SanitizeLine(o.argv[0])
	code, msg, what := 126, fmt.Sprintf("cannot run %s: %v", name, timeline.SanitizeLine(err.Error())), "check the file and its permissions"
	switch {
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist):
		code, msg, what = 127, fmt.Sprintf("%s: command not found", name), "check the command name and PATH"
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.ENOEXEC):
		msg = fmt.Sprintf("%s: not executable", name)
		what = "check its permissions (chmod +x) or run it through its interpreter"
	}
	fmt.Fprintf(o.f.IO.ErrOut, "sitrep: %s; %s\n", msg, what)
	return &exitStatusError{code: code}
}

// shellJoin quotes argv so it reads as the command that was typed.
func shellJoin(argv []string) string {
	parts := make([]string, len(argv))
	for i, a := range argv {
		if a != "" && !strings.ContainsAny(a, " \t\n'\"\\$`!*?[](){}<>|&;#~") {
			parts[i] = a
			continue
		}
		parts[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(parts, " ")
}

// tailBuffer keeps the last max lines written to it.
type tailBuffer struct {
	mu    sync.Mutex
	max   int
	lines [][]byte
	part  []byte
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			t.part = append(t.part, b...)
			break
		}
		line := append(t.part, b[:i]...)
		t.part = nil
		t.lines = append(t.lines, line)
		if len(t.lines) > t.max {
			t.lines = t.lines[1:]
		}
		b = b[i+1:]
	}
	if len(t.part) > 64<<10 { // a line without end: keep its start
		t.part = t.part[:64<<10]
	}
	return n, nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := t.lines
	if len(t.part) > 0 {
		lines = append(append([][]byte(nil), lines...), t.part)
		if len(lines) > t.max {
			lines = lines[1:]
		}
	}
	return string(bytes.Join(lines, []byte("\n")))
}
