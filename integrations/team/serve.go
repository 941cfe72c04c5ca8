package team

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// ServeOptions configure the embedded server of `sitrep team serve`.
type ServeOptions struct {
	// Addr is host:port to listen on; "" keeps the config file's listen
	// address, else 127.0.0.1:4222.
	Addr string
	// Dir is where JetStream keeps its files; "" keeps the config file's
	// store_dir, else DefaultDir.
	Dir, DefaultDir string
	// ConfigFile is a nats-server configuration file (TLS, users and
	// their permissions, cluster); optional.
	ConfigFile string
	// ServerName names the server (default: from the config file, else
	// generated); a cluster needs distinct names.
	ServerName string
	// Log receives the server's warnings and errors, one line each.
	Log func(string)
}

// Serve starts a nats-server with JetStream in this process and returns
// it once it accepts connections. Stop it with Shutdown and
// WaitForShutdown.
func Serve(o ServeOptions) (*server.Server, error) {
	opts := &server.Options{Host: "127.0.0.1", Port: 4222}
	if o.ConfigFile != "" {
		var err error
		if opts, err = server.ProcessConfigFile(o.ConfigFile); err != nil {
			return nil, &Error{fmt.Errorf("the server configuration %s: %v", o.ConfigFile, err),
				"see the Team section of the README for a minimal one"}
		}
		if opts.Host == "" {
			opts.Host = "127.0.0.1"
		}
	}
	if o.Addr != "" {
		host, port, err := net.SplitHostPort(o.Addr)
		p, perr := strconv.Atoi(port)
		if err != nil || perr != nil || p < -1 || p > 65535 { // -1: any free port
			return nil, &Error{fmt.Errorf("--addr %q is not HOST:PORT", o.Addr), "use e.g. 127.0.0.1:4222, or 0.0.0.0:4222 for the whole network (with TLS)"}
		}
		opts.Host, opts.Port = host, p
	}
	if o.Dir != "" {
		opts.StoreDir = o.Dir
	}
	if opts.StoreDir == "" {
		opts.StoreDir = o.DefaultDir
	}
	if opts.StoreDir == "" {
		return nil, &Error{errors.New("the server needs a directory for its JetStream files"), "pass --dir DIR"}
	}
	if o.ServerName != "" {
		opts.ServerName = o.ServerName
	}
	opts.JetStream = true
	opts.NoSigs = true
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, &Error{fmt.Errorf("starting the team server: %v", err), "check the configuration file"}
	}
	l := &serverLog{out: o.Log}
	s.SetLogger(l, false, false)
	s.Start()
	ready := false
	for deadline := time.Now().Add(10 * time.Second); !ready && l.fatal() == "" && time.Now().Before(deadline); {
		ready = s.ReadyForConnections(100 * time.Millisecond)
	}
	if !ready {
		s.Shutdown()
		why := l.fatal()
		if why == "" {
			why = "it did not accept connections within 10 s"
		}
		return nil, &Error{fmt.Errorf("the team server did not start on %s:%d: %s", opts.Host, opts.Port, why),
			"is another server using the port? pick another with --addr"}
	}
	return s, nil
}

// serverLog passes the server's warnings and errors on, and keeps the
// last fatal one to explain a failed start.
type serverLog struct {
	out  func(string)
	mu   sync.Mutex
	last string
}

func (l *serverLog) emit(prefix, format string, v ...any) {
	if l.out != nil {
		l.out(prefix + fmt.Sprintf(format, v...))
	}
}

func (l *serverLog) fatal() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

func (l *serverLog) Noticef(string, ...any) {}
func (l *serverLog) Debugf(string, ...any)  {}
func (l *serverLog) Tracef(string, ...any)  {}
func (l *serverLog) Warnf(format string, v ...any) {
	l.emit("warning: ", format, v...)
}
func (l *serverLog) Errorf(format string, v ...any) {
	l.emit("error: ", format, v...)
}
func (l *serverLog) Fatalf(format string, v ...any) {
	l.mu.Lock()
	l.last = fmt.Sprintf(format, v...)
	l.mu.Unlock()
	l.emit("fatal: ", format, v...)
}
