#!/bin/sh
# Aggregate claims/second with 1, 4 and 16 concurrent processes, each run
# draining a fresh 2,000-chart queue (CHARTS to change), in two modes:
#   session  one long-lived process per coder claiming in a loop (the TUI's
#            shape; examples/claim_worker.rs calls store::queue::claim)
#   cli      one `chartq queue claim` process per claim (a coder's script)
# Every run also checks that each chart was claimed exactly once.
#
# usage: bench/claims.sh [RUNS]   (median of RUNS, default 3)
# CHARTQ_BIN and CLAIM_WORKER run other builds (e.g. a saved copy of an
# older commit's target/release/{chartq,examples/claim_worker}) to compare;
# MODES="session" runs one mode only.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-3}
CHARTS=${CHARTS:-2000}
cargo build --quiet --release --bin chartq --example claim_worker
BIN=${CHARTQ_BIN:-$PWD/target/release/chartq}
WORKER=${CLAIM_WORKER:-$PWD/target/release/examples/claim_worker}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null

# A template: this login as admin, coder1..16 in the three queues, the feed.
tpl="$tmp/template.db"
"$BIN" --db "$tpl" user whoami >/dev/null
i=1
while [ $i -le 16 ]; do
    "$BIN" --db "$tpl" user add "coder$i" >/dev/null
    for q in inpatient ed outpatient; do
        "$BIN" --db "$tpl" user join "$q" --user "coder$i" >/dev/null
    done
    i=$((i + 1))
done
python3 bench/feed.py "$CHARTS" 256 >"$tmp/feed.jsonl"
"$BIN" --db "$tpl" charts import "$tmp/feed.jsonl" >/dev/null

now() { date +%s.%N; }

# run MODE PROCS -> prints seconds for one drain of the queue
run() {
    db="$tmp/run.db"
    rm -f "$db" "$db-wal" "$db-shm"
    cp "$tpl" "$db"
    # chartq leaves the WAL in place (no checkpoint on close): copy it too.
    if [ -f "$tpl-wal" ]; then cp "$tpl-wal" "$db-wal"; fi
    start=$(now)
    p=1
    while [ "$p" -le "$2" ]; do
        if [ "$1" = session ]; then
            "$WORKER" "$db" "coder$p" >/dev/null &
        else
            (while "$BIN" --db "$db" --as "coder$p" queue claim >/dev/null 2>"$tmp/err$p"; do :; done
             grep -v '^nothing to claim$' "$tmp/err$p" >&2 || true) &
        fi
        p=$((p + 1))
    done
    wait
    end=$(now)
    got=$("$BIN" --db "$db" queue list --status in_progress --limit 100000 --json | grep -c '"account"')
    claims=$("$BIN" --db "$db" audit --limit 0 --json | grep -c '"action": "chart_claimed"')
    if [ "$got" -ne "$CHARTS" ] || [ "$claims" -ne "$CHARTS" ]; then
        echo "FAIL: $got charts in progress, $claims claims, expected $CHARTS" >&2
        exit 1
    fi
    echo "$end - $start" | bc -l
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-8s %6s %10s %12s\n' mode procs seconds claims/s
for mode in ${MODES:-session cli}; do
    for procs in 1 4 16; do
        r=1
        : >"$tmp/times"
        while [ $r -le "$RUNS" ]; do
            run "$mode" "$procs" >>"$tmp/times"
            r=$((r + 1))
        done
        secs=$(median <"$tmp/times")
        printf '%-8s %6d %10.3f %12.0f\n' "$mode" "$procs" "$secs" "$(echo "$CHARTS / $secs" | bc -l)"
    done
done
