// Command latency times whole processes, interleaved: each round runs
// every command once, in turn, so load from elsewhere on the machine falls
// on all of them alike. It prints p50 and p99 per command and the ratios
// of the first command to each of the others.
//
//	latency [-n rounds] [-warmup n] LABEL CMD ARGS... [:: LABEL CMD ARGS...]...
//
// Every process gets /dev/null as stdin and stdout; a failure prints the
// command's stderr and stops.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

type command struct {
	label string
	argv  []string
	lat   []time.Duration
}

func main() {
	rounds := flag.Int("n", 200, "rounds")
	warmup := flag.Int("warmup", 5, "rounds run first and not counted")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: latency [-n rounds] [-warmup n] LABEL CMD ARGS... [:: LABEL CMD ARGS...]...")
		flag.PrintDefaults()
	}
	flag.Parse()
	var cmds []*command
	var cur []string
	flush := func() {
		if len(cur) < 2 {
			flag.Usage()
			os.Exit(2)
		}
		cmds = append(cmds, &command{label: cur[0], argv: cur[1:]})
		cur = nil
	}
	for _, a := range flag.Args() {
		if a == "::" {
			flush()
			continue
		}
		cur = append(cur, a)
	}
	flush()
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		fail(err)
	}
	errFile, err := os.CreateTemp("", "latency-stderr-")
	if err != nil {
		fail(err)
	}
	defer os.Remove(errFile.Name())
	for r := -*warmup; r < *rounds; r++ {
		for _, c := range cmds {
			d := run(c, null, errFile)
			if r >= 0 {
				c.lat = append(c.lat, d)
			}
		}
	}
	pct := func(lat []time.Duration, p float64) time.Duration {
		s := slices.Clone(lat)
		slices.Sort(s)
		return s[int(p*float64(len(s)-1)+0.5)]
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }
	fmt.Printf("%-12s %8s %8s   (%d rounds, interleaved)\n", "", "p50 ms", "p99 ms", *rounds)
	for _, c := range cmds {
		fmt.Printf("%-12s %8s %8s\n", c.label, ms(pct(c.lat, 0.5)), ms(pct(c.lat, 0.99)))
	}
	first := cmds[0]
	for _, c := range cmds[1:] {
		fmt.Printf("%s/%s: p50 %.2f, p99 %.2f\n", first.label, c.label,
			float64(pct(first.lat, 0.5))/float64(pct(c.lat, 0.5)), float64(pct(first.lat, 0.99))/float64(pct(c.lat, 0.99)))
	}
}

// run starts c and waits for it: the time from fork to exit.
func run(c *command, null, errFile *os.File) time.Duration {
	errFile.Truncate(0)
	errFile.Seek(0, 0)
	start := time.Now()
	p, err := os.StartProcess(c.argv[0], c.argv, &os.ProcAttr{Files: []*os.File{null, null, errFile}})
	if err != nil {
		fail(fmt.Errorf("%s: %w", c.label, err))
	}
	st, err := p.Wait()
	d := time.Since(start)
	if err != nil {
		fail(err)
	}
	if !st.Success() {
		msg, _ := os.ReadFile(errFile.Name())
		fail(fmt.Errorf("%s (%s): %v: %s", c.label, strings.Join(c.argv, " "), st, msg))
	}
	return d
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "latency:", err)
	os.Exit(1)
}
