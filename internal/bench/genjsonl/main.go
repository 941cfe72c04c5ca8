// Command genjsonl writes a synthetic incident as JSON Lines, in the shape
// `sitrep timeline --json` prints and `sitrep import jsonl` reads, for the
// benchmarks in internal/bench. The mix is a typical busy incident's: most
// events are Slack messages (a Ref and a permalink each), then responders'
// notes, recorded shell commands, PagerDuty activity and state changes.
//
//	genjsonl -n 1000000 > inc.jsonl
//	genjsonl -n 1000000 -mix demo > inc.jsonl   the `sitrep demo --events` mix
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/sitrep-dev/sitrep/internal/demo"
	"github.com/sitrep-dev/sitrep/timeline"
)

var words = []string{"rolling", "back", "api-gateway", "to", "v412", "error", "rate", "is", "dropping", "in",
	"eu-west-1", "watching", "p99", "latency", "checkout", "pods", "restarting", "the", "canary", "stage",
	"was", "skipped", "for", "config-only", "deploys", "paging", "database", "on-call", "replica", "lag",
	"looks", "fine", "now", "cache", "hit", "ratio", "fell", "after", "deploy", "dashboard", "shows", "500s"}

func main() {
	n := flag.Int("n", 100_000, "events to write")
	id := flag.String("incident", "INC-1", "incident ID to give the events")
	seed := flag.Uint64("seed", 1, "random seed")
	mix := flag.String("mix", "typical", "typical, or demo (internal/demo's bulk events)")
	flag.Parse()
	if *mix == "demo" {
		w := bufio.NewWriterSize(os.Stdout, 1<<20)
		enc := json.NewEncoder(w)
		err := demo.BulkChunks(*id, time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC), *n, 10_000, func(chunk []timeline.Event) error {
			for _, e := range chunk {
				if err := enc.Encode(e); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			err = w.Flush()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "genjsonl:", err)
			os.Exit(1)
		}
		return
	}
	rng := rand.New(rand.NewPCG(*seed, 42))
	entropy := ulid.Monotonic(rand.NewChaCha8([32]byte{byte(*seed)}), 0)
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(w)
	base := time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)
	text := func(min, max int) string {
		k := min + rng.IntN(max-min+1)
		b := make([]byte, 0, k*8)
		for len(b) < k {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, words[rng.IntN(len(words))]...)
		}
		return string(b)
	}
	users := make([]string, 40)
	for i := range users {
		users[i] = fmt.Sprintf("responder-%02d", i)
	}
	channels := []string{"C024BE91L", "C07QX2M3B", "C0A1B2C3D"}
	for i := range *n {
		at := base.Add(time.Duration(i) * 100 * time.Millisecond)
		e := timeline.Event{
			ID: ulid.MustNew(ulid.Timestamp(at), entropy).String(), Incident: *id, At: at,
			Recorded: at.Add(time.Duration(200+rng.IntN(2000)) * time.Millisecond),
			Actor:    users[rng.IntN(len(users))],
		}
		switch r := rng.IntN(100); {
		case i == 0:
			e.Source, e.Kind, e.Text = timeline.SourceCLI, timeline.KindTitle, "opened: checkout 500s in eu-west-1"
			e.Attrs = map[string]string{timeline.AttrNew: "checkout 500s in eu-west-1"}
		case r < 70:
			ch := channels[rng.IntN(len(channels))]
			ts := fmt.Sprintf("%d.%06d", at.Unix(), at.Nanosecond()/1000+rng.IntN(1000))
			e.Source, e.Kind, e.Text = timeline.SourceSlack, timeline.KindMessage, text(30, 160)
			e.Ref = "slack/" + ch + "/" + ts
			e.Attrs = map[string]string{timeline.AttrPermalink: "https://example.slack.com/archives/" + ch + "/p" + strconv.FormatInt(at.UnixMicro(), 10)}
		case r < 85:
			e.Source, e.Kind, e.Text = timeline.SourceCLI, timeline.KindNote, text(20, 120)
		case r < 92:
			e.Source, e.Kind, e.Text = timeline.SourceShell, timeline.KindCommand, "kubectl rollout status deploy/api-gateway -n checkout"
			e.Attrs = map[string]string{timeline.AttrExitCode: strconv.Itoa(rng.IntN(2)), timeline.AttrDuration: strconv.Itoa(rng.IntN(30000)), timeline.AttrCwd: "/home/ops/infra"}
		case r < 97:
			kinds := []timeline.Kind{timeline.KindNotify, timeline.KindAck, timeline.KindEscalate, timeline.KindAssign}
			e.Source, e.Kind, e.Text = timeline.SourcePagerDuty, kinds[rng.IntN(len(kinds))], "Checkout API error rate above 5%"
			e.Ref = fmt.Sprintf("pagerduty/Q1R2S3T4/log/R%08d", i)
		default:
			e.Source, e.Kind, e.Text = timeline.SourceCLI, timeline.KindStatus, "status monitoring"
			e.Attrs = map[string]string{timeline.AttrNew: string(timeline.StatusMonitoring)}
		}
		if e.Attrs == nil {
			e.Attrs = map[string]string{}
		}
		if err := enc.Encode(e); err != nil {
			fmt.Fprintln(os.Stderr, "genjsonl:", err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "genjsonl:", err)
		os.Exit(1)
	}
}
