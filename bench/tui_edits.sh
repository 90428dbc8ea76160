#!/bin/sh
# One chart's coding edits in the TUI: the time the edits pane needs after
# an assign, remove, resequence or POA change (target: within a 16 ms
# frame). Builds the seed-1 demo (60 charts; the shift leaves drafted
# inpatient charts with edits and open ones with codes) with the release
# binary, then times, per chart with codes, the edits alone and the whole
# refresh the TUI runs (examples/tui_edits.rs): median and p99.
#
# usage: bench/tui_edits.sh [RUNS]   (runs per chart, default 500)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-500}
cargo build --quiet --release --bin chartq --example tui_edits
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=${CHARTQ_TODAY:-2026-11-30}
target/release/chartq --db "$tmp/demo.db" demo --charts 60 --seed 1 >/dev/null
target/release/examples/tui_edits "$tmp/demo.db" "$RUNS"
