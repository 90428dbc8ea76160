#!/bin/sh
# Relevance of search in the configuration the held-out sets are run in at
# review (issue 14): the bundled CM/PCS, HCPCS 2019 and the FY2017 Index to
# Diseases only (`chartq codes import-index`; no FY2022 drug, neoplasm or
# external-cause tables, unlike bench/relevance_set.sh's full database),
# each query's `--system` given. recall@1, recall@10, MRR@10 by kind.
#
# usage: bench/relevance_review.sh SET.tsv [SET.tsv ...] [--misses]
# env: CHARTQ_BIN (a chartq binary to measure instead of this tree's),
#      CHARTQ_EVAL_DIR (where the database is kept, default
#      /tmp/chartq-relevance-review). The database is rebuilt whenever the
#      binary changes: lay and see terms are baked into it at import.
set -eu
cd "$(dirname "$0")/.."
DATA=${CHARTQ_SHARED_DATA:-../shared/data}
[ -d "$DATA" ] || DATA=/work/shared/data
if [ -z "${CHARTQ_BIN:-}" ]; then
    cargo build --quiet --release --bin chartq
fi
BIN=${CHARTQ_BIN:-$PWD/target/release/chartq}
WORK=${CHARTQ_EVAL_DIR:-/tmp/chartq-relevance-review}
mkdir -p "$WORK"
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=2026-11-30
stamp=$(sha256sum "$BIN" | cut -c1-16)
DB="$WORK/review-$stamp.db"
if [ ! -f "$DB.done" ]; then
    rm -f "$WORK"/review-*
    "$BIN" --db "$DB" init >/dev/null
    "$BIN" --db "$DB" codes import hcpcs "$DATA/hcpcs/HCPC2019_CONTR_ANWEB.txt.gz" >/dev/null
    "$BIN" --db "$DB" codes import-index "$DATA/icd10cm/fy2017/icd10cm_index_2017.xml.gz" >/dev/null
    touch "$DB.done"
fi
MISSES=""
for a in "$@"; do [ "$a" = --misses ] && MISSES=--misses; done
for set in "$@"; do
    [ "$set" = --misses ] && continue
    echo "== $set"
    python3 bench/relevance/eval.py "$BIN" "$DB" "$set" $MISSES
done
