#!/bin/sh
# The Alphabetic Index browser: keystroke-to-frame (target: p99 within a
# 16 ms frame), the tree's load time and the memory it adds. Makes a new
# database with the release binary, imports the FY2017 Index to Diseases
# (the newest obtainable here) onto the newest ICD-10-CM version, then runs
# examples/tui_index.rs: a key script (type, walk, open/close, follow
# "see" and back) with each key's update and a 120x40 frame timed.
#
# usage: bench/tui_index.sh [RUNS] [INDEX_XML]   (rounds, default 200)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-200}
INDEX=${2:-/work/shared/data/icd10cm/fy2017/icd10cm_index_2017.xml.gz}
cargo build --quiet --release --bin chartq --example tui_index
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=${CHARTQ_TODAY:-2026-11-30}
target/release/chartq --db "$tmp/c.db" codes list >/dev/null
target/release/chartq --db "$tmp/c.db" init >/dev/null
target/release/chartq --db "$tmp/c.db" codes import-index "$INDEX"
target/release/examples/tui_index "$tmp/c.db" "$RUNS"
