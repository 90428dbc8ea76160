#!/bin/sh
# Claims/second with long-lived sessions at 1, 16 and 64 clients, SQLite
# and PostgreSQL side by side in one run (issue 13), each run draining a
# fresh CHARTS-chart queue; every run checks each chart was claimed exactly
# once. Also: chart import of IMPORT charts into PostgreSQL (charts/s).
#
#   SQLite      examples/claim_worker.rs   (store::queue::claim, one process
#               per coder, the TUI's shape)
#   PostgreSQL  examples/pg_claim_worker.rs (one connection per coder, as the
#               coder's own session: SET SESSION AUTHORIZATION, so grants,
#               row-level security and the definer function's access checks
#               apply; the audit chain on; default synchronous_commit)
#
# usage: CHARTQ_BENCH_PG=postgresql:///postgres?host=/tmp/pgsock bench/pg_claims.sh [RUNS]
# (a server where this login is a superuser; the bench makes and drops its
# own databases and roles, prefix cqbench_). CHARTS (default 5000), IMPORT
# (default 100000), CLIENTS (default "1 16 64"). NAME (default cqbench) names
# the databases and the role prefix (NAME_), so two benches on one cluster
# do not collide. CHARTQ_BIN and PG_CLAIM_WORKER (both set) skip the build:
# a frozen build to compare against. BACKENDS (default "sqlite pg"): which
# sides to run. A side that fails a run (SQLite's 10 s busy timeout on a
# machine loaded far past its cores) prints "-" for that line.
# PG_TEMPLATE_SQL (a file): SQL run as the superuser in the PostgreSQL
# template after the import, before the drains (a schema variant to A/B
# against the same build: an index dropped, a function replaced).
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-3}
CHARTS=${CHARTS:-5000}
IMPORT=${IMPORT:-100000}
CLIENTS=${CLIENTS:-"1 16 64"}
BACKENDS=${BACKENDS:-"sqlite pg"}
PG=${CHARTQ_BENCH_PG:?set CHARTQ_BENCH_PG to a superuser libpq URL}
NAME=${NAME:-cqbench}
if [ -z "${CHARTQ_BIN:-}" ] || [ -z "${PG_CLAIM_WORKER:-}" ]; then
    cargo build --quiet --release --bin chartq --example claim_worker --example pg_claim_worker
fi
# CHARTQ_BIN: another chartq build for the setup and the SQLite side.
BIN=${CHARTQ_BIN:-$PWD/target/release/chartq}
WORKER=${CLAIM_WORKER:-$PWD/target/release/examples/claim_worker}
PGWORKER=${PG_CLAIM_WORKER:-$PWD/target/release/examples/pg_claim_worker}
tmp=$(mktemp -d)
export CHARTQ_CONFIG=/dev/null
MAXC=64
for c in $CLIENTS; do [ "$c" -gt "$MAXC" ] && MAXC=$c; done

# url_of DB -> the server URL with its database replaced
url_of() { python3 -c 'import sys,re; u=sys.argv[1]; print(re.sub(r"^(\w+://[^/]*/)[^?]*", lambda m: m.group(1)+sys.argv[2], u))' "$PG" "$1"; }
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$PG" "$@"; }
cleanup() {
    psql_ -c "DROP DATABASE IF EXISTS ${NAME}_run WITH (FORCE)" 2>/dev/null || true
    psql_ -c "DROP DATABASE IF EXISTS ${NAME}_tpl WITH (FORCE)" 2>/dev/null || true
    psql_ -c "DROP DATABASE IF EXISTS ${NAME}_import WITH (FORCE)" 2>/dev/null || true
    psql_ -At -c "SELECT rolname FROM pg_roles WHERE rolname LIKE '${NAME}\_%'" 2>/dev/null |
        while read -r r; do psql_ -c "DROP ROLE IF EXISTS \"$r\"" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
cleanup; tmp=$(mktemp -d)

now() { date +%s.%N; }
python3 bench/feed.py "$CHARTS" 256 >"$tmp/feed.jsonl"

# SQLite template: this login admin, coders in the three queues, the feed.
tpl="$tmp/template.db"
"$BIN" --db "$tpl" init >/dev/null
# PostgreSQL template database, the same people and feed.
psql_ -c "CREATE DATABASE ${NAME}_tpl"
TPL=$(url_of ${NAME}_tpl)
"$BIN" db init-postgres "$TPL" --prefix ${NAME}_ >/dev/null
i=1
while [ $i -le "$MAXC" ]; do
    for db in "$tpl" "$TPL"; do
        login=coder$i
        [ "$db" = "$TPL" ] && login=${NAME}_coder$i
        "$BIN" --db "$db" user add "$login" >/dev/null
        for q in inpatient ed outpatient; do
            "$BIN" --db "$db" user join "$q" --user "$login" >/dev/null 2>&1
        done
    done
    i=$((i + 1))
done
"$BIN" --db "$tpl" charts import "$tmp/feed.jsonl" >/dev/null
"$BIN" --db "$TPL" charts import "$tmp/feed.jsonl" >/dev/null
if [ -n "${PG_TEMPLATE_SQL:-}" ]; then
    psql -X -q -v ON_ERROR_STOP=1 "$TPL" -f "$PG_TEMPLATE_SQL"
fi

# run BACKEND PROCS -> seconds for one drain; checks exactly-once
run() {
    if [ "$1" = sqlite ]; then
        db="$tmp/run.db"
        rm -f "$db" "$db-wal" "$db-shm"
        cp "$tpl" "$db"
        if [ -f "$tpl-wal" ]; then cp "$tpl-wal" "$db-wal"; fi
    else
        psql_ -c "DROP DATABASE IF EXISTS ${NAME}_run WITH (FORCE)" -c "CREATE DATABASE ${NAME}_run TEMPLATE ${NAME}_tpl"
        db=$(url_of ${NAME}_run)
    fi
    start=$(now)
    p=1
    while [ "$p" -le "$2" ]; do
        if [ "$1" = sqlite ]; then
            "$WORKER" "$db" "coder$p" >"$tmp/out$p" &
        else
            "$PGWORKER" "$db" "${NAME}_coder$p" >"$tmp/out$p" &
        fi
        p=$((p + 1))
    done
    wait
    end=$(now)
    got=$(cat "$tmp"/out* | awk '{s+=$1} END {print s}')
    # PostgreSQL: the coders' server processes' CPU per claim, in us.
    if [ "$1" = pg ]; then
        cat "$tmp"/out* | awk -v n="$got" '$2 == "-" {bad=1} {s+=$2} END {if (!bad && n > 0) printf "%d\n", s*1000/n}' >>"$tmp/cpu$2"
    fi
    rm -f "$tmp"/out*
    # Each run's figures on stderr (the table shows medians).
    printf '  run: %s %s clients: %.0f claims/s, %s us/claim\n' "$1" "$2" \
        "$(echo "$CHARTS / ($end - $start)" | bc -l)" \
        "$( [ "$1" = pg ] && tail -n 1 "$tmp/cpu$2" || echo -)" >&2
    if [ "$1" = sqlite ]; then
        distinct=$("$BIN" --db "$db" queue list --status in_progress --limit 0 --json | grep -c '"account"')
    else
        distinct=$(psql -X -At "$db" -c "SELECT count(*) FROM chartq.chart WHERE status = 'in_progress'")
    fi
    if [ "$got" != "$CHARTS" ] || [ "$distinct" != "$CHARTS" ]; then
        echo "FAILED: $1 $2 clients: $got claims, $distinct charts in progress, of $CHARTS" >&2
        return 1
    fi
    echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "load average at start: $(uptime | sed 's/.*load average: //')"
echo "claims/s, long-lived sessions, $CHARTS charts, median of $RUNS (0 duplicates checked each run)"
echo "(PG us/claim: CPU of the coders' PostgreSQL server processes per claim, median;"
echo " steadier than claims/s on a loaded machine, '-' for a server on another host)"
printf '%-8s %12s %12s %14s\n' clients SQLite PostgreSQL "PG us/claim"
for c in $CLIENTS; do
    line=$(printf '%-8s' "$c")
    for backend in sqlite pg; do
        if ! echo "$BACKENDS" | grep -qw "$backend"; then
            line="$line $(printf '%12s' -)"
            continue
        fi
        secs=$(for r in $(seq "$RUNS"); do run $backend "$c" || echo FAILED; done)
        if echo "$secs" | grep -q FAILED; then
            line="$line $(printf '%12s' -)"
        else
            secs=$(echo "$secs" | median)
            line="$line $(printf '%12.0f' "$(echo "$CHARTS / $secs" | bc -l)")"
        fi
    done
    cpu=-
    if [ -s "$tmp/cpu$c" ]; then cpu=$(median <"$tmp/cpu$c"); fi
    echo "$line $(printf '%14s' "$cpu")"
done

echo "load average after the claims: $(uptime | sed 's/.*load average: //')"
# Chart import into PostgreSQL (as the admin, one transaction); IMPORT=0 skips it.
[ "$IMPORT" -gt 0 ] || exit 0
python3 bench/feed.py "$IMPORT" 256 >"$tmp/import.jsonl"
times=""
for r in $(seq "$RUNS"); do
    psql_ -c "DROP DATABASE IF EXISTS ${NAME}_import WITH (FORCE)" -c "CREATE DATABASE ${NAME}_import"
    IMP=$(url_of ${NAME}_import)
    "$BIN" db init-postgres "$IMP" --prefix ${NAME}_ >/dev/null
    start=$(now)
    "$BIN" --db "$IMP" charts import "$tmp/import.jsonl" >/dev/null
    end=$(now)
    times="$times $(echo "$end - $start" | bc)"
done
secs=$(echo $times | tr ' ' '\n' | median)
printf 'PostgreSQL chart import: %d charts in %.1f s (median of %d): %.0f charts/s\n' \
    "$IMPORT" "$secs" "$RUNS" "$(echo "$IMPORT / $secs" | bc -l)"
