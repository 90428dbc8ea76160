#!/bin/sh
# Keystroke search speed with every system and the Index to Diseases loaded
# (examples/search_keystrokes.rs): median/p99 per keystroke and the index's
# heap, with /proc/loadavg beside it. Uses the full database that
# bench/relevance_cm.sh builds (bundled CM/PCS, HCPCS 2019, FY2017 Index to
# Diseases and the FY2022 drug, neoplasm and external-cause tables).
#
# usage: bench/search_keystrokes.sh [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
WORK=${CHARTQ_EVAL_DIR:-/tmp/chartq-relevance-cm}
[ -f "$WORK/full.db" ] || bench/relevance_cm.sh old >/dev/null
cargo build --quiet --release --example search_keystrokes
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=2026-11-30
echo "loadavg: $(cat /proc/loadavg)"
target/release/examples/search_keystrokes "$WORK/full.db" "${1:-20}"
echo "loadavg: $(cat /proc/loadavg)"
