#!/bin/sh
# `chartq search diabetes` as a whole process against a PostgreSQL team
# database (issue 13): the first run of a host (the search snapshots
# downloaded from the server, then cached) and warm runs (read from the
# per-host cache, verified by SHA-256), median via hyperfine; the SQLite
# file beside it for reference. The code sets are the bundled releases a
# fresh SQLite database is seeded with, copied into PostgreSQL through the
# seam (examples/pg_copy_codes.rs: the admin-only import function, the
# snapshot stored in the import's transaction).
#
# usage: CHARTQ_BENCH_PG=postgresql:///postgres?host=/tmp/pgsock bench/pg_search.sh [RUNS]
# (a server where this login is a superuser; the bench makes and drops the
# database cqsearch_bench and roles cqsearch_*).
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-20}
PG=${CHARTQ_BENCH_PG:?set CHARTQ_BENCH_PG to a superuser libpq URL}
cargo build --quiet --release --bin chartq --example pg_copy_codes
BIN=$PWD/target/release/chartq
COPY=$PWD/target/release/examples/pg_copy_codes
tmp=$(mktemp -d)
export CHARTQ_CONFIG=/dev/null CHARTQ_SYSTEM_CONFIG= NO_COLOR=1

url_of() { python3 -c 'import sys,re; u=sys.argv[1]; print(re.sub(r"^(\w+://[^/]*/)[^?]*", lambda m: m.group(1)+sys.argv[2], u))' "$PG" "$1"; }
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$PG" "$@"; }
cleanup() {
    psql_ -c "DROP DATABASE IF EXISTS cqsearch_bench WITH (FORCE)" 2>/dev/null || true
    psql_ -At -c "SELECT rolname FROM pg_roles WHERE rolname LIKE 'cqsearch\_%'" 2>/dev/null |
        while read -r r; do psql_ -c "DROP ROLE IF EXISTS \"$r\"" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
cleanup; tmp=$(mktemp -d)

# A seeded SQLite database (the bundled code sets) and the same code sets
# in PostgreSQL.
"$BIN" --db "$tmp/seeded.db" init >/dev/null
psql_ -c "CREATE DATABASE cqsearch_bench"
DB=$(url_of cqsearch_bench)
"$BIN" db init-postgres "$DB" --prefix cqsearch_ >/dev/null
echo "copying the code sets into PostgreSQL:"
"$COPY" "$tmp/seeded.db" "$DB"
psql -X -At "$DB" -c "SELECT 'snapshots in PostgreSQL: ' || count(*) || ', ' || pg_size_pretty(sum(length(data))::bigint) FROM chartq.search_snapshot"

cache="$tmp/cache"
echo "first run of a host (snapshot download, then cached) vs warm (per-host cache):"
hyperfine --style basic -N --warmup 1 --runs "$RUNS" \
    --export-json "$tmp/search.json" \
    --prepare "rm -rf $cache" \
    -n "postgresql first run" "env CHARTQ_SNAPSHOT_CACHE=$cache $BIN --db $DB search diabetes" \
    2>&1 | grep -E "Time|Range" || true
mkdir -p "$cache"
CHARTQ_SNAPSHOT_CACHE=$cache "$BIN" --db "$DB" search diabetes >/dev/null
hyperfine --style basic -N --warmup 2 --runs "$RUNS" \
    -n "postgresql warm (cache)" "env CHARTQ_SNAPSHOT_CACHE=$cache $BIN --db $DB search diabetes" \
    -n "postgresql no cache" "env CHARTQ_SNAPSHOT_CACHE= $BIN --db $DB search diabetes" \
    -n "sqlite" "$BIN --db $tmp/seeded.db search diabetes" \
    2>&1 | grep -E "^Benchmark|Time|Range" || true
echo "cache directory: $(du -sh "$cache" | cut -f1) in $(ls "$cache" | wc -l) files"
