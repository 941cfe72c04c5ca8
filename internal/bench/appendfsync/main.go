// Command appendfsync is the floor for `sitrep note`: the least a process
// can do to make a note durable. It appends its arguments as one line to
// the file named by its first argument and fsyncs it.
package main

import (
	"os"
	"strings"
)

func main() {
	if len(os.Args) < 3 {
		os.Stderr.WriteString("usage: appendfsync FILE TEXT...\n")
		os.Exit(2)
	}
	f, err := os.OpenFile(os.Args[1], os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err == nil {
		_, err = f.WriteString(strings.Join(os.Args[2:], " ") + "\n")
	}
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		os.Stderr.WriteString("appendfsync: " + err.Error() + "\n")
		os.Exit(1)
	}
}
