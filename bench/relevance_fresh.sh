#!/bin/sh
# Relevance of ICD-10-CM and HCPCS search on the fresh held-out set
# (tests/relevance/fresh_queries.tsv, written and committed before this
# branch's ranking changes): recall@1, recall@10, MRR@10 by kind, on the
# full database bench/relevance_cm.sh builds (bundled CM/PCS, HCPCS 2019,
# the FY2017 Index to Diseases and the FY2022 tables), `--system` given.
#
# usage: bench/relevance_fresh.sh [--misses]
# env: CHARTQ_EVAL_DIR, CHARTQ_BIN (as bench/relevance_cm.sh)
set -eu
cd "$(dirname "$0")/.."
WORK=${CHARTQ_EVAL_DIR:-/tmp/chartq-relevance-cm}
if [ -z "${CHARTQ_BIN:-}" ]; then
    cargo build --quiet --release --bin chartq
fi
BIN=${CHARTQ_BIN:-$PWD/target/release/chartq}
[ -f "$WORK/full.db" ] || CHARTQ_BIN=$BIN bench/relevance_cm.sh old >/dev/null
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=2026-11-30
python3 bench/relevance/eval.py "$BIN" "$WORK/full.db" tests/relevance/fresh_queries.tsv ${1:-}
