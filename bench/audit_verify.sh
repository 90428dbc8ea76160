#!/bin/sh
# `chartq audit verify` on an audit log of N events (default 1,000,000;
# target <= 5 s): examples/audit_fill.rs builds the database once (events
# shaped like a busy department's, chained as chartq chains them), then the
# whole `chartq audit verify` process is timed RUNS times (default 5) and
# the median printed. Release build. Also times `audit head` and, with a
# key, `audit verify` checking every MAC.
#
# usage: bench/audit_verify.sh [RUNS] [N]
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
N=${2:-1000000}
cargo build --quiet --release --bin chartq --example audit_fill
BIN=$PWD/target/release/chartq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null
unset CHARTQ_AUDIT_KEY_FILE

db="$tmp/audit.db"
start=$(date +%s.%N)
target/release/examples/audit_fill "$db" "$N" >/dev/null
end=$(date +%s.%N)
printf 'built %s events in %.1f s (%s MB)\n' "$N" "$(echo "$end - $start" | bc -l)" \
    "$(($(stat -c %s "$db") / 1048576))"

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# time_runs LABEL ARGS... -> median seconds of RUNS whole-process runs
time_runs() {
    label=$1
    shift
    : >"$tmp/times"
    r=1
    while [ $r -le "$RUNS" ]; do
        s=$(now)
        "$BIN" --db "$db" "$@" >"$tmp/out" || { cat "$tmp/out"; exit 1; }
        e=$(now)
        echo "$e - $s" | bc -l >>"$tmp/times"
        r=$((r + 1))
    done
    printf '%-40s median %.3f s  (runs: %s)\n' "$label" "$(median <"$tmp/times")" \
        "$(sort -n "$tmp/times" | awk '{ printf "%.3f ", $1 }')"
}

"$BIN" --db "$db" audit verify >/dev/null   # warm the page cache once
time_runs "audit verify ($N events)" audit verify
head -1 "$tmp/out"
time_runs "audit head" audit head
head=$(cat "$tmp/out")
time_runs "audit verify --from-head" audit verify --from-head "$head"

# The same log signed with a key: every MAC checked as well.
head -c 32 /dev/urandom >"$tmp/key"
chmod 600 "$tmp/key"
rm -f "$db" "$db-wal" "$db-shm"
CHARTQ_AUDIT_KEY_FILE="$tmp/key" target/release/examples/audit_fill "$db" "$N" >/dev/null
export CHARTQ_AUDIT_KEY_FILE="$tmp/key"
"$BIN" --db "$db" audit verify >/dev/null
time_runs "audit verify, keyed ($N MACs)" audit verify
sed -n 2p "$tmp/out"
