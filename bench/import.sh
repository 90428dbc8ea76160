#!/bin/sh
# Import of 100,000 charts with a 2 KB document each (target <= 30 s), then
# the first page of `chartq queue list` on that database (target <= 50 ms,
# the whole process as a coder runs it: median and p99 of 50 runs).
#
# usage: bench/import.sh [CHARTS]
set -eu
cd "$(dirname "$0")/.."
CHARTS=${1:-100000}
cargo build --quiet --release --bin chartq
BIN=$PWD/target/release/chartq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG="$tmp/none.toml"
db="$tmp/chartq.db"
python3 bench/feed.py "$CHARTS" 2048 >"$tmp/feed.jsonl"
echo "feed: $CHARTS charts, $(du -m "$tmp/feed.jsonl" | cut -f1) MiB"
"$BIN" --db "$db" user whoami >/dev/null

now() { date +%s.%N; }
start=$(now)
"$BIN" --db "$db" charts import "$tmp/feed.jsonl"
end=$(now)
secs=$(echo "$end - $start" | bc -l)
printf 'import: %.2f s (%.0f charts/s)\n' "$secs" "$(echo "$CHARTS / $secs" | bc -l)"

start=$(now)
"$BIN" --db "$db" charts import "$tmp/feed.jsonl" >/dev/null
end=$(now)
printf 're-import (unchanged): %.2f s\n' "$(echo "$end - $start" | bc -l)"

# time_list LABEL ARGS...: 50 runs of `chartq queue list ARGS`, median and p99
time_list() {
    label=$1
    shift
    : >"$tmp/list"
    i=0
    while [ $i -lt 50 ]; do
        start=$(now)
        "$BIN" --db "$db" queue list "$@" >/dev/null
        end=$(now)
        echo "($end - $start) * 1000" | bc -l >>"$tmp/list"
        i=$((i + 1))
    done
    sort -n "$tmp/list" | awk -v label="$label" '{ v[NR] = $1 } END {
        printf "%s: median %.1f ms, p99 %.1f ms\n", label, v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.5)] }'
}
time_list "queue list, first page (50 rows), whole process"
time_list "queue list --status new --queue ed --offset 20000" --status new --queue ed --offset 20000
