// Command sitrep is the terminal incident-response assistant. This program
// is its quick front: it records a plain note (`sitrep note TEXT...`)
// itself, in a process that links only the store, so a note costs about
// what an sqlite3 insert does; for every other command, and any note it is
// not sure of, it runs sitrep-full, the program with every command, in its
// place (exec: same process, terminal and exit status).
//
// sitrep-full is found beside this program, else on PATH; `go install
// github.com/sitrep-dev/sitrep/cmd/...` installs both. Run from a source
// checkout (`go run ./cmd/sitrep`), it builds sitrep-full from that
// checkout when neither is found.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/sitrep-dev/sitrep/timeline"
)

func main() {
	defer func() { // one line, never a Go stack trace
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "sitrep: internal error: %s; please report it with the command that caused it\n",
				strings.TrimSpace(timeline.SanitizeLine(fmt.Sprint(r))))
			os.Exit(1)
		}
	}()
	if quickNote(os.Args[1:]) {
		os.Exit(0)
	}
	if err := execFull(os.Args); err != nil {
		fmt.Fprintf(os.Stderr, "sitrep: %v\n", err)
		os.Exit(1)
	}
}
