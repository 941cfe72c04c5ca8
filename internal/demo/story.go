package demo

import (
	"time"

	"github.com/sitrep-dev/sitrep/timeline"
)

// beat is one scripted moment, minutes after the impact began.
type beat struct {
	min  float64
	what func(g *gen, at time.Time)
}

// story writes the scripted incident and fills the gaps between its beats
// with the chat, notes and commands of people working it.
func (g *gen) story() {
	var keys []timeline.Event
	key := func(e timeline.Event) { keys = append(keys, g.add(e)) }
	msg := func(who, text string) func(*gen, time.Time) {
		return func(g *gen, at time.Time) { g.add(g.message(at, who, text, false)) }
	}
	reply := func(who, text string) func(*gen, time.Time) {
		return func(g *gen, at time.Time) { g.add(g.message(at, who, text, true)) }
	}
	note := func(who, text string) func(*gen, time.Time) {
		return func(g *gen, at time.Time) { g.add(g.note(at, who, text)) }
	}
	keyNote := func(who, text string) func(*gen, time.Time) {
		return func(g *gen, at time.Time) { key(g.note(at, who, text)) }
	}
	run := func(who, argv string, exit, ms int, out string) func(*gen, time.Time) {
		return func(g *gen, at time.Time) { g.add(g.command(at, who, argv, exit, ms, out)) }
	}
	pd := func(kind timeline.Kind, who, text string) func(*gen, time.Time) {
		return func(g *gen, at time.Time) { g.add(g.pager(at, kind, who, text)) }
	}
	change := func(who string, kind timeline.Kind, text string, attrs map[string]string) func(*gen, time.Time) {
		return func(g *gen, at time.Time) { g.add(g.change(at, who, kind, text, attrs)) }
	}
	sev := func(who, s string) func(*gen, time.Time) {
		return change(who, timeline.KindSeverity, "severity "+s, map[string]string{timeline.AttrNew: s})
	}
	status := func(who string, s timeline.Status) func(*gen, time.Time) {
		return change(who, timeline.KindStatus, "status "+string(s), map[string]string{timeline.AttrNew: string(s)})
	}
	role := func(role, who string) func(*gen, time.Time) {
		return change(commander, timeline.KindRole, who+" is "+role,
			map[string]string{timeline.AttrRole: role, timeline.AttrWho: who, timeline.AttrNew: who})
	}
	mark := func(m timeline.Milestone, backdate time.Duration) func(*gen, time.Time) {
		return func(g *gen, at time.Time) {
			e := g.change(at.Add(-backdate), commander, timeline.KindMilestone, string(m),
				map[string]string{timeline.AttrMilestone: string(m)})
			e.Recorded = at.UTC()
			g.add(e)
		}
	}
	action := func(n, owner, text string) func(*gen, time.Time) {
		return change(commander, timeline.KindAction, text,
			map[string]string{timeline.AttrAction: n, timeline.AttrOwner: owner, timeline.AttrState: "open"})
	}

	beats := []beat{
		{7, func(g *gen, at time.Time) {
			key(g.pager(at, timeline.KindPage, "", "[Triggered] checkout-api: HTTP 5xx above 5% for 5 minutes"))
		}},
		{7.1, pd(timeline.KindNotify, primary, "Notified Priya Raman via push notification")},
		{7.2, pd(timeline.KindNotify, primary, "Notified Priya Raman via SMS")},
		{10, pd(timeline.KindNotify, primary, "Notified Priya Raman via phone call")},
		{12, pd(timeline.KindEscalate, "", "Escalated to level 2 (Payments secondary) after 5 minutes unacknowledged")},
		{12.1, pd(timeline.KindNotify, commander, "Notified Marcus Chen via push notification")},
		{13, func(g *gen, at time.Time) {
			key(g.pager(at, timeline.KindAck, commander, "Acknowledged by Marcus Chen"))
		}},
		{13.5, pd(timeline.KindAssign, primary, "Assigned to Priya Raman by Marcus Chen")},
		{14, msg(commander, "Paged for checkout 5xx. Opening an incident, this channel is the war room. Primary was on the train with no signal, she's joining now.")},
		{16, role(timeline.RoleScribe, scribe)},
		{16.2, role(timeline.RoleOps, primary)},
		{17, msg(primary, "here, sorry — laptop up. Looking at checkout-api dashboards")},
		{19, run(primary, "kubectl -n checkout get pods -l app=checkout-api", 0, 412, "checkout-api-7c9f 1/1 Running 0 3d\ncheckout-api-8d1a 1/1 Running 0 3d")},
		{20, keyNote(primary, "error rate 11% on POST /orders; GET paths are fine. Looks like the write path only")},
		{22, run(primary, "kubectl -n checkout logs deploy/checkout-api --since=15m | grep -c 'pool timeout'", 0, 1830, "4127")},
		{23, msg(primary, "4k 'pool timeout' errors in 15 minutes from the orders-db client. The DB itself answers fine from a bastion")},
		{25, role(timeline.RoleComms, comms)},
		{26, msg(comms, "I'll post a status page update: 'Some customers may see errors completing checkout. We are investigating.'")},
		{27, reply(commander, "👍 go ahead, say 'investigating', no cause yet")},
		{29, sev(commander, "SEV1")},
		{29.2, msg(commander, "Raising to SEV1: payments team confirms ~30% of orders failing in EU. Pulling in Luis for orders-db.")},
		{31, pd(timeline.KindNotify, dbOwner, "Notified Luis Ortega via phone call (responder request)")},
		{36, msg(dbOwner, "on it. pgbouncer for orders-db shows cl_waiting climbing, sv_active pinned at the pool size (40)")},
		{38, run(dbOwner, "psql -h pgbouncer-orders -p 6432 pgbouncer -c 'SHOW POOLS'", 0, 220, "orders | app | cl_active 40 | cl_waiting 388 | sv_active 40 | sv_idle 0")},
		{41, keyNote(dbOwner, "pgbouncer pool for orders saturated: 40 active, ~390 waiting. Connections held open far longer than queries take")},
		{45, msg(payments, "we shipped checkout-api v2.41.0 at 22:48 — it moved the fraud-score call inside the order transaction")},
		{46, reply(primary, "that would do it: each open transaction now waits on an HTTP call to fraud-svc while holding a pool connection")},
		{47, reply(dbOwner, "fraud-svc p99 went from 80ms to 2.4s at 22:58 per their dashboard. so the pool drains")},
		{49, func(g *gen, at time.Time) {
			key(g.note(at, scribe, "hypothesis: v2.41.0 holds a DB connection across the fraud-svc call; fraud-svc slowed at 22:58 and the pool ran dry"))
		}},
		{55, msg(commander, "Options: (1) roll back checkout-api to v2.40.3, (2) raise the pool size. Doing (1); (2) risks pushing orders-db over max_connections.")},
		{57, run(payments, "kubectl -n checkout rollout undo deploy/checkout-api --to-revision=87", 0, 2950, "deployment.apps/checkout-api rolled back")},
		{58, msg(payments, "rollback started, 12 pods")},
		{60, run(payments, "kubectl -n checkout rollout status deploy/checkout-api", 1, 300000, "error: timed out waiting for the condition")},
		{61, msg(payments, "rollout stuck: new pods fail readiness because they can't get a DB connection either 🙃")},
		{63, status(commander, timeline.StatusIdentified)},
		{64, msg(commander, "Status → identified. Luis: can we shed the waiting clients so the rolled-back pods can connect?")},
		{67, run(dbOwner, "psql -h pgbouncer-orders -p 6432 pgbouncer -c 'KILL orders'", 0, 95, "KILL")},
		{68, keyNote(dbOwner, "killed the orders pool in pgbouncer to drop held connections; clients reconnect")},
		{71, run(payments, "kubectl -n checkout rollout status deploy/checkout-api", 0, 41000, "deployment \"checkout-api\" successfully rolled out")},
		{73, msg(primary, "error rate dropping: 11% → 3% → 0.4%")},
		{79, mark(timeline.Mitigated, 2*time.Minute)},
		{79.5, keyNote(commander, "mitigated: v2.40.3 everywhere, 5xx back under 0.1%. Keeping SEV1 until the order backlog drains")},
		{80, sev(commander, "SEV2")},
		{82, status(commander, timeline.StatusMonitoring)},
		{83, msg(comms, "Status page: 'A fix has been implemented and we are monitoring the results.'")},
		{90, msg(payments, "~1,900 orders failed during the window; the retry worker is replaying the idempotent ones")},
		{96, note(scribe, "fraud-svc team confirms a GC pause storm after their 22:55 deploy; they rolled back too")},
		{100, action("1", payments, "Move the fraud-score call out of the order transaction (never hold a DB connection across a network call)")},
		{101, action("2", dbOwner, "Alert on pgbouncer cl_waiting > 50 for 2 minutes, not only on 5xx")},
		{102, action("3", comms, "Page secondary after 3 minutes, not 5, for SEV1 checkout alerts")},
		{103, action("4", primary, "Rollout runbook: what to do when new pods cannot become ready because of the incident itself")},
		{104, change(commander, timeline.KindFactor, "the fraud-score call was moved inside the DB transaction in v2.41.0", nil)},
		{105, change(commander, timeline.KindFactor, "the pgbouncer pool had no alert on waiting clients; we learned of it from 5xx", nil)},
		{106, change(scribe, timeline.KindQuestion, "why did canary analysis not catch v2.41.0? it ran 10 minutes while fraud-svc was still fast", nil)},
		{112, mark(timeline.Started, 112*time.Minute)},
		{115, msg(commander, "Backlog drained. Staying in monitoring for an hour; handing commander to Dana for the morning review prep.")},
		{116, role(timeline.RoleCommander, scribe)},
		{120, func(g *gen, at time.Time) {
			for _, k := range keys {
				g.flag(at, scribe, k, timeline.FlagKey)
			}
		}},
		{128, msg(comms, "Status page: 'This incident has been resolved for customers; we continue to monitor.'")},
		{129, msg(scribe, "Review draft tomorrow 10:00. Thanks all, good teamwork tonight 🙏")},
	}

	b := 0
	var last time.Time
	for minute := 0.0; minute < storyLength.Minutes(); minute += 0.25 {
		at := g.start.Add(time.Duration(minute * float64(time.Minute)))
		for b < len(beats) && beats[b].min <= minute {
			beatAt := g.start.Add(time.Duration(beats[b].min * float64(time.Minute)))
			beats[b].what(g, beatAt)
			last = beatAt
			b++
		}
		if minute < 14 || at.Sub(last) < 20*time.Second {
			continue // the pager alone speaks first; leave room around each beat
		}
		g.filler(at, minute)
	}
}

// filler adds what happens between beats: busy in the first two hours,
// quieter once the incident is being monitored.
func (g *gen) filler(at time.Time, minute float64) {
	p := g.rnd.Float64()
	busy := minute < 120
	switch {
	case busy && p < 0.62:
		who := g.pick(responders)
		g.add(g.message(at, who, g.pick(chatter), g.rnd.IntN(3) == 0))
	case busy && p < 0.74:
		g.add(g.note(at, g.pick(responders), g.pick(notes)))
	case busy && p < 0.85:
		c := commands[g.rnd.IntN(len(commands))]
		g.add(g.command(at, g.pick([]string{primary, dbOwner, payments}), c.argv, c.exit, c.ms, c.output))
	case !busy && p < 0.12 && g.quietN < len(quiet):
		g.add(g.message(at, g.pick(responders), quiet[g.quietN], false))
		g.quietN++
	}
}

// What people say while they work.
var chatter = []string{
	"anyone else seeing slow logins to the bastion?",
	"dashboard link for the pool metrics: grafana → orders-db → pgbouncer",
	"EU traffic is about 2x US right now, evening peak there",
	"not seeing anything odd on the load balancers, 502s come from the app",
	"checking whether the retry worker is amplifying this",
	"retry worker is paused, fwiw — it was adding ~15% load",
	"fraud-svc team is aware, they're in #inc-fraud-latency",
	"latest deploy diff for v2.41.0 is small, 3 files",
	"confirming: mobile clients retry POST /orders twice with backoff",
	"customer support has 40 tickets so far, mostly 'payment failed'",
	"can someone confirm nobody is running migrations on orders-db?",
	"no migrations scheduled tonight, checked the calendar",
	"replica lag is fine, < 100ms",
	"I can take the status page updates every 30 min",
	"payments provider reports no issues on their side",
	"p99 for GET /cart unchanged, it's really only the order write",
	"how many pods do we run at peak? 12 or 16?",
	"12, HPA max is 16 but we never hit it",
	"pool size 40 was set in 2022 when we had 6 pods",
	"ok I'm going to stop guessing and read the v2.41.0 PR",
	"PR link: github.example.com/shop/checkout-api/pull/2291",
	"the fraud-svc client has a 5s timeout, not great",
	"orders-db CPU is 18%, it's bored",
	"heads-up: I'm on a flaky connection, will be slow to answer",
	"👀",
	"ack",
	"+1",
	"thanks, that matches what I see",
	"looking",
	"will report back in 5",
	"can we get a graph of held connection time?",
	"held time per connection p50 1.9s vs 30ms yesterday",
	"do we need to tell finance about the failed orders?",
	"comms: next update due at :30",
	"tracing shows the span 'fraud.score' inside 'db.tx.order_create'",
	"that's the smoking gun, or at least a very warm gun",
}

// What people write down while they work.
var notes = []string{
	"checked CDN: no errors at the edge",
	"error budget for checkout is gone for the month",
	"EU customers most affected; US traffic lower at this hour",
	"status page updated",
	"confirmed fraud-svc latency with their on-call",
	"support macro for 'payment failed' shared with the CS lead",
	"pool metrics exported for the review",
	"retry worker paused to reduce load",
	"no data loss so far: failed orders never committed",
	"will need a list of affected order IDs for finance",
	"canary config for checkout-api lives in deploy/canary.yaml",
	"fraud-svc rolled back to 7.3.1",
}

// What people say once the fire is out.
var quiet = []string{
	"graphs still flat, good",
	"going to get some water, back in 10",
	"retry worker resumed at half rate",
	"fraud-svc p99 back to 85ms",
	"status page update posted",
	"nothing new, still monitoring",
}

type cmd struct {
	argv   string
	exit   int
	ms     int
	output string
}

// Commands responders ran through `sitrep run`.
var commands = []cmd{
	{"kubectl -n checkout top pods", 0, 640, "checkout-api-7c9f 310m 512Mi"},
	{"kubectl -n checkout get hpa checkout-api", 0, 380, "checkout-api 12/16 72%"},
	{"curl -s -o /dev/null -w '%{http_code}' https://checkout.example.com/healthz", 0, 140, "200"},
	{"psql -h pgbouncer-orders -p 6432 pgbouncer -c 'SHOW POOLS'", 0, 210, "orders | cl_active 40 | cl_waiting 212"},
	{"kubectl -n fraud get pods", 0, 350, ""},
	{"dig +short checkout.example.com", 0, 60, "203.0.113.10"},
	{"kubectl -n checkout describe deploy checkout-api", 0, 520, ""},
	{"kubectl -n checkout logs deploy/checkout-api --since=5m | tail -n 20", 0, 900, ""},
	{"./scripts/failed-orders --since 23:00", 2, 1200, "error: --since needs a date, e.g. 2024-06-28T23:00"},
}
