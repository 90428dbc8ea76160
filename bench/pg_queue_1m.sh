#!/bin/sh
# Queue list first page and one claim on a 1,000,000-chart PostgreSQL
# database (issue 13), in-process (examples/pg_queue_list.rs, through the
# Backend trait), median and p99, as the admin and as a coder over peer
# authentication (row-level security on, audit chain on). The charts are
# generated in SQL by the superuser (bench data, not an import: the import
# is measured by bench/pg_claims.sh).
#
# usage: CHARTQ_BENCH_PG=postgresql:///postgres?host=/tmp/pgsock bench/pg_queue_1m.sh
# Run as root with the OS user cq_ana present for the coder line. CHARTS
# (default 1000000). NAME (default cqbench) names the database (NAME_1m)
# and the role prefix (NAME1m_). CHARTQ_BIN and PG_QUEUE_LIST (both set)
# skip the build: a frozen build to compare against. KEEP=1 keeps the
# database for a second run (SKIP_GEN=1 reuses it).
set -eu
cd "$(dirname "$0")/.."
CHARTS=${CHARTS:-1000000}
PG=${CHARTQ_BENCH_PG:?set CHARTQ_BENCH_PG to a superuser libpq URL}
# PROFILE=debug measures with the debug build (the server's work dominates).
PROFILE=${PROFILE:-release}
NAME=${NAME:-cqbench}
if [ -n "${CHARTQ_BIN:-}" ] && [ -n "${PG_QUEUE_LIST:-}" ]; then
    :
elif [ "$PROFILE" = release ]; then
    cargo build --quiet --release --bin chartq --example pg_queue_list
else
    cargo build --quiet --bin chartq --example pg_queue_list
fi
BIN=${CHARTQ_BIN:-$PWD/target/$PROFILE/chartq}
LIST=${PG_QUEUE_LIST:-$PWD/target/$PROFILE/examples/pg_queue_list}
export CHARTQ_CONFIG=/dev/null
URL=$(python3 -c 'import sys,re; print(re.sub(r"^(\w+://[^/]*/)[^?]*", lambda m: m.group(1)+sys.argv[2]+"_1m", sys.argv[1]))' "$PG" "$NAME")
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    psql_ "$PG" -c "DROP DATABASE IF EXISTS ${NAME}_1m WITH (FORCE)" || true
    for r in coder auditor supervisor admin; do psql_ "$PG" -c "DROP ROLE IF EXISTS ${NAME}1m_$r" || true; done
}
[ "${KEEP:-0}" = 1 ] || trap cleanup EXIT
echo "load average at start: $(uptime | sed 's/.*load average: //')"
if [ "${SKIP_GEN:-0}" = 1 ]; then
    "$BIN" db init-postgres "$URL" --prefix ${NAME}1m_ >/dev/null
else
cleanup
psql_ "$PG" -c "CREATE DATABASE ${NAME}_1m"
"$BIN" db init-postgres "$URL" --prefix ${NAME}1m_ >/dev/null
start=$(date +%s.%N)
psql_ "$URL" -c "
INSERT INTO chartq.chart (account, mrn, patient_name, patient_dob, patient_sex, encounter_type,
    discharge_date, admit_date, date_of_service, queue, priority, due_date, source_hash,
    imported_at, updated_at)
SELECT 'B' || lpad(i::text, 8, '0'), 'MRN' || i, 'Benchperson, Pat' || i, '1950-01-01', 'U',
    'inpatient', d, '2026-01-01', d, (ARRAY['inpatient', 'ed', 'outpatient'])[1 + i % 3],
    1 + i % 5, CASE WHEN i % 4 = 0 THEN '2026-12-01' END, 'bench', '2026-11-30T00:00:00Z',
    '2026-11-30T00:00:00Z'
FROM (SELECT i, to_char(date '2026-04-01' + (i % 180), 'YYYY-MM-DD') AS d
      FROM generate_series(1, $CHARTS) i) s;
ANALYZE chartq.chart;"
echo "generated $CHARTS charts in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
"$LIST" "$URL" 200
if [ "$(id -u)" = 0 ] && id cq_ana >/dev/null 2>&1; then
    "$BIN" --db "$URL" user add cq_ana >/dev/null 2>&1 || true
    "$BIN" --db "$URL" user join ed --user cq_ana >/dev/null 2>&1
    (cd /tmp && runuser -u cq_ana -- "$LIST" "$URL" 200)
else
    echo "skipped: the coder line (needs root and the OS user cq_ana)"
fi
