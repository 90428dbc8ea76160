#!/bin/sh
# Relevance of search on one query set (a TSV of tests/relevance/):
# recall@1, recall@10, MRR@10 by kind, on the full database
# bench/relevance_cm.sh builds (bundled CM/PCS, HCPCS 2019, the FY2017
# Index to Diseases and the FY2022 tables), each query's `--system` given.
# bench/relevance_lay.sh and bench/relevance_fresh.sh name their set and
# run this.
#
# usage: bench/relevance_set.sh SET.tsv [--misses]
# env: CHARTQ_EVAL_DIR, CHARTQ_BIN (as bench/relevance_cm.sh)
set -eu
cd "$(dirname "$0")/.."
SET=$1
shift
WORK=${CHARTQ_EVAL_DIR:-/tmp/chartq-relevance-cm}
if [ -z "${CHARTQ_BIN:-}" ]; then
    cargo build --quiet --release --bin chartq
fi
BIN=${CHARTQ_BIN:-$PWD/target/release/chartq}
[ -f "$WORK/full.db" ] || CHARTQ_BIN=$BIN bench/relevance_cm.sh old >/dev/null
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=2026-11-30
python3 bench/relevance/eval.py "$BIN" "$WORK/full.db" "$SET" "$@"
