// Package incident owns incidents and their storage. An Incident is a
// projection folded from its events (timeline.Event); the Store keeps those
// events in a bbolt file and follows the rules every sitrep process relies on:
//
//   - No process holds the file between operations. Each operation takes
//     the lock file beside the store (shared for reads, exclusive for
//     writes, waiting up to the lock timeout), opens the bbolt file, runs one
//     transaction and closes it, so a TUI never blocks `sitrep note`.
//   - No network I/O happens inside a transaction: callers fetch first and
//     then write one Batch.
//   - Appends are idempotent on Ref and on event ID.
//   - Every stored event gets the next value of a global change counter, so
//     followers read only what is new (Changes), late older-dated events
//     included.
//   - A successful Append is on disk (bbolt fsyncs on commit). When the lock
//     cannot be had in time, AppendOrSpool writes the event to a spool
//     directory beside the store instead; the next writer moves it in, once.
//   - The file carries a schema version; migrations run in order, and a file
//     from a newer sitrep is refused.
//
// The bucket tree (names declared once, in buckets.go):
//
//	meta/
//	    schema               → uint64, big-endian
//	incidents/               (NextSequence numbers incidents)
//	    <number u64>         → projection (JSON)
//	events/
//	    <number u64>/        one bucket per incident
//	        <at u64><seq u64> → event (binary, codec.go); at in Unix ns
//	changes/                 (NextSequence is the change counter)
//	    <seq u64>            → <number uvarint><at u64>[<seq uvarint>]
//	                           (the event's seq only when not the key: an edit)
//	ids/
//	    <event id key>       → <number uvarint><at u64><seq uvarint>
//	refs/
//	    <ref>                → <event id key>
//	cursors/
//	    <incident>/<source>  → opaque sync cursor
//	cache/
//	    <key>                → value that can be fetched again (chat user names)
//	settings/
//	    <incident>/<name>    → an integration's setting ("INC-7/slack/capture")
//	reviews/
//	    <incident>           → when its review was held (RFC 3339)
//	health/
//	    <incident>/<source>  → last sync and last error (JSON)
//	posts/
//	    <incident>/<event id>/<integration> → why posting the note failed
//	                         (queued for the next sync)
//	outbox/                  (team mode: written with each event, outbox.go)
//	    <change seq u64>     → 'e' or 'u' (new or edited), event (binary),
//	                           until the team server acknowledges it
//	team/                    (team mode)
//	    stream_seq           → u64: the last stream sequence received
//	    incident/<number u64> → 1: a team incident (others stay local)
//
// All integers in keys are fixed-width big-endian, so keys sort by time
// and then by sequence. An <event id key> is a ULID's 16 bytes, else the ID
// itself when shorter than 16 bytes, else a zero byte and the ID (idKey in
// buckets.go); index values are packed, since there are one or two per
// event (schema 5; pack.go migrates older files).
package incident
