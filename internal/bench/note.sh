#!/usr/bin/env bash
# note.sh: `sitrep note` as a whole process against its floors, interleaved
# in one run, on stores of 100, 100,000 and 1,000,000 events (DESIGN.md §8):
#
#   sitrep    sitrep note TEXT (the quick front, cmd/sitrep, with
#             sitrep-full beside it), default environment (no SITREP_AUTHOR: the
#             author comes from git's config files, else $USER); the store
#             is chosen with SITREP_DB, the incident is the active one
#   flagged   sitrep note --kind note TEXT: a note with a flag, which the
#             front leaves to sitrep-full (for reference; not budgeted)
#   append    internal/bench/appendfsync: append a line to a file, fsync
#   bolt      internal/bench/boltput: open a bbolt file, put one key, close
#   sqlite3   the sqlite3 CLI inserting a row, journal_mode=WAL, synchronous=FULL
#
# Each floor works on a file of the same size as the sitrep store. Then a
# fourth run times sitrep note on the 100,000-event store while a follower
# (`timeline --follow`) polls and another process appends in a loop.
#
# Usage: internal/bench/note.sh [ROUNDS]   (default 300; from the repository)
# Needs: go; installs sqlite3 with apt-get if it is missing.
set -euo pipefail
rounds=${1:-300}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-note-bench.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

if ! command -v sqlite3 >/dev/null; then
	echo "installing sqlite3…" >&2
	if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null
	else sudo apt-get update -qq && sudo apt-get install -y -qq sqlite3 >/dev/null; fi
fi
sqlite=$(command -v sqlite3)

# Static binaries, built as the README says sitrep is built.
bin=$work/bin
mkdir -p "$bin"
(cd "$repo" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$bin/" \
	./cmd/sitrep ./cmd/sitrep-full ./internal/bench/appendfsync ./internal/bench/boltput ./internal/bench/genjsonl ./internal/bench/latency)

echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "sitrep: $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown), $(file -b "$bin/sitrep" | cut -d, -f1-2,5)"
unset SITREP_AUTHOR SITREP_INCIDENT
for size in 100 100000 1000000; do
	d=$work/$size
	mkdir -p "$d"
	"$bin/genjsonl" -n "$size" > "$d/events.jsonl"
	SITREP_DB=$d/sitrep.db "$bin/sitrep" import jsonl "$d/events.jsonl" --create 2>/dev/null
	SITREP_DB=$d/sitrep.db "$bin/sitrep" use 1 >/dev/null 2>&1
	rm "$d/events.jsonl"
	awk -v n="$size" 'BEGIN { for (i = 0; i < n; i++) print "a line as long as a typical note, give or take a few words here" }' > "$d/append.log"
	"$bin/boltput" -prefill "$size" "$d/bolt.db"
	"$sqlite" "$d/sqlite.db" "PRAGMA journal_mode=WAL; CREATE TABLE events(id INTEGER PRIMARY KEY, at INTEGER, text TEXT);
		WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < $size)
		INSERT INTO events(at, text) SELECT x, 'a line as long as a typical note, give or take a few words here' FROM c;" >/dev/null
	sync # the files just written are on disk before timing fsyncs
	echo
	echo "== store of $size events ($(du -h "$d/sitrep.db" | cut -f1) sitrep, $(du -h "$d/bolt.db" | cut -f1) bbolt, $(du -h "$d/sqlite.db" | cut -f1) sqlite)"
	SITREP_DB=$d/sitrep.db "$bin/latency" -n "$rounds" \
		sitrep "$bin/sitrep" note "rolled back api-gateway to v412" :: \
		flagged "$bin/sitrep" note --kind note "rolled back api-gateway to v412" :: \
		append "$bin/appendfsync" "$d/append.log" "rolled back api-gateway to v412" :: \
		bolt "$bin/boltput" "$d/bolt.db" "rolled back api-gateway to v412" :: \
		sqlite3 "$sqlite" "$d/sqlite.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; INSERT INTO events(at, text) VALUES (unixepoch(), 'rolled back api-gateway to v412');"
done

d=$work/100000
echo
echo "== store of 100000 events, while timeline --follow polls and another process appends in a loop (budget p99 <= 15 ms)"
SITREP_DB=$d/sitrep.db "$bin/sitrep" timeline --follow --json >/dev/null &
(while :; do SITREP_DB=$d/sitrep.db "$bin/sitrep" note --author sync "synced message" >/dev/null; done) &
SITREP_DB=$d/sitrep.db "$bin/latency" -n "$rounds" sitrep "$bin/sitrep" note "rolled back api-gateway to v412" :: \
	bolt "$bin/boltput" "$d/bolt.db" "rolled back api-gateway to v412"
