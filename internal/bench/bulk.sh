#!/usr/bin/env bash
# bulk.sh: the million-event budgets of DESIGN.md §8, on a synthetic
# incident with a typical mix (internal/bench/genjsonl: 70% Slack messages
# with a Ref and a permalink, 15% notes, 7% shell commands, 5% PagerDuty
# activity, 3% status changes):
#
#   import jsonl of N events       events/s, peak RSS (budget >= 100,000/s, <= 500 MB)
#   timeline --json of N events    first line, events/s, peak RSS (<= 100 ms, >= 300,000/s, <= 100 MB)
#   store size                     bytes per event (<= 400), and how each bucket's pages are used;
#                                  then for the mix of `sitrep demo --events` too
#
# Usage: internal/bench/bulk.sh [N]   (default 1000000; from the repository)
set -euo pipefail
n=${1:-1000000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-bulk-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
bin=$work/bin
mkdir -p "$bin"
(cd "$repo" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$bin/" \
	./cmd/sitrep ./cmd/sitrep-full ./internal/bench/genjsonl ./internal/bench/stream ./internal/bench/storestats)
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
"$bin/genjsonl" -n "$n" > "$work/events.jsonl"
echo "input: $n events, $(du -h "$work/events.jsonl" | cut -f1) of JSON Lines"
export SITREP_DB=$work/sitrep.db
unset SITREP_AUTHOR SITREP_INCIDENT

echo
echo "== import jsonl"
/usr/bin/time -f "wall %e s, CPU %U s user + %S s system, peak RSS %M KB" "$bin/sitrep" import jsonl "$work/events.jsonl" --create 2> "$work/import.err" || { cat "$work/import.err"; exit 1; }
cat "$work/import.err"
wall=$(sed -n 's/^wall \([0-9.]*\) s.*/\1/p' "$work/import.err")
awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.0f events/s\n", n / w }'

echo
echo "== timeline --json (twice)"
"$bin/stream" "$bin/sitrep" timeline INC-1 --json
"$bin/stream" "$bin/sitrep" timeline INC-1 --json

echo
echo "== store size"
"$bin/storestats" "$SITREP_DB"

echo
echo "== store size, the mix of \`sitrep demo --events\` (internal/demo)"
rm "$work/events.jsonl"
"$bin/genjsonl" -n "$n" -mix demo > "$work/demo.jsonl"
SITREP_DB=$work/demo.db "$bin/sitrep" import jsonl "$work/demo.jsonl" --create 2>/dev/null
"$bin/storestats" "$work/demo.db" | tail -1
