// Command stream runs a command that prints lines and reports when its
// first line came, how long it ran, how many lines it printed, the lines
// per second, its CPU time and its peak RSS, for the streaming budgets
// (`timeline --json` of a million events).
//
//	stream CMD ARGS...
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: stream CMD ARGS...")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fail(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	r := bufio.NewReaderSize(out, 1<<20)
	var first time.Duration
	lines := 0
	buf := make([]byte, 1<<20)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c := bytes.Count(buf[:n], []byte{'\n'})
			if lines == 0 && c > 0 {
				first = time.Since(start)
			}
			lines += c
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err)
		}
	}
	if err := cmd.Wait(); err != nil {
		fail(err)
	}
	total := time.Since(start)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Printf("first line %.1f ms, %d lines in %.2f s: %.0f lines/s; CPU %.2f s; peak RSS %d MB\n",
		float64(first.Microseconds())/1000, lines, total.Seconds(), float64(lines)/total.Seconds(), cpu.Seconds(), ru.Maxrss/1024)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "stream:", err)
	os.Exit(1)
}
