#!/bin/sh
# The ICD-10-PCS table builder in the TUI: keystroke to frame (target:
# p99 within a 16 ms frame) and the memory the tables add. Builds the
# seed-1 demo (60 charts) with the release binary, then opens its first
# new inpatient chart in the real App over the real store, opens the
# builder and types, moves through and steps back out of a sample of the
# version's valid codes, timing every key from update to the frame drawn
# (examples/tui_pcs_builder.rs): median, p99, max; and the one-off costs
# (tables parsed, a version's valid codes read) with the resident memory
# each adds.
#
# usage: bench/tui_pcs_builder.sh [SAMPLE_EVERY] [WxH]   (default 97, 80x24)
set -eu
cd "$(dirname "$0")/.."
EVERY=${1:-97}
SIZE=${2:-80x24}
cargo build --quiet --release --bin chartq --example tui_pcs_builder
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=${CHARTQ_TODAY:-2026-11-30}
target/release/chartq --db "$tmp/demo.db" demo --charts 60 --seed 1 >/dev/null
target/release/examples/tui_pcs_builder "$tmp/demo.db" "$EVERY" "$SIZE"
