#!/bin/sh
# ICD-10-PCS search relevance (search-pcs): recall@1, recall@10, MRR@10 by
# kind on bench/relevance_pcs/tuning.tsv, tuning2.tsv, tuning3.tsv, heldout.tsv, fresh.tsv, fresh3.tsv, fresh4.tsv, fresh5.tsv, fresh6.tsv, fresh7.tsv, fresh8.tsv, fresh9.tsv, fresh10.tsv, fresh11.tsv and the PCS rows of
# tests/relevance/queries.tsv, for this build and, when BASE_CHARTQ names
# another chartq binary (e.g. main's), for it in the same run on the same
# database (the bundled code sets, `--system pcs`). Then keystroke speed
# (examples/search_pcs_speed.rs) with the load average.
#
# usage: [BASE_CHARTQ=/path/to/chartq] bench/relevance_pcs.sh [--open [-v]]
# (--open: every set but the held-out fresh5, fresh6, fresh7, fresh8, fresh9, fresh10 and fresh11; -v prints misses and
# needs --open, so their misses are never printed)
set -eu
cd "$(dirname "$0")/.."
cargo build --quiet --release --bin chartq --example search_pcs_speed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=${CHARTQ_TODAY:-2026-11-30}
target/release/chartq --db "$tmp/c.db" codes list >/dev/null
if [ -n "${BASE_CHARTQ:-}" ]; then
    python3 bench/relevance_pcs/eval.py "$tmp/c.db" "main=$BASE_CHARTQ" "this=target/release/chartq" "$@"
else
    python3 bench/relevance_pcs/eval.py "$tmp/c.db" "this=target/release/chartq" "$@"
fi
echo "load average: $(cat /proc/loadavg)"
target/release/examples/search_pcs_speed "$tmp/c.db"
