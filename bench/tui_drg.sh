#!/bin/sh
# One chart's MS-DRG in the TUI: the time from a change to a chart's codes
# to the frame that shows its regrouped DRG (target: within a 16 ms
# frame). Builds the seed-1 demo (60 charts; the shift leaves drafted
# inpatient charts with codes, discharged on both sides of 2026-10-01 so
# some group with v43.1 and some get v44's lists only) with the release
# binary, then times, per inpatient chart with codes, the grouper alone,
# the refresh the TUI runs and refresh + the 80x24 frame drawn
# (examples/tui_drg.rs): median and p99.
#
# usage: bench/tui_drg.sh [RUNS]   (runs per chart, default 200)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-200}
cargo build --quiet --release --bin chartq --example tui_drg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=${CHARTQ_TODAY:-2026-11-30}
target/release/chartq --db "$tmp/demo.db" demo --charts 60 --seed 1 >/dev/null
target/release/examples/tui_drg "$tmp/demo.db" "$RUNS"
