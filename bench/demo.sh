#!/usr/bin/env bash
# Times `chartq demo` end to end (generate + import + users) into a new
# database, for several chart counts; prints the median of RUNS runs.
#
#   bench/demo.sh [CHARTQ_BINARY] [RUNS]
#
# Default binary: target/release/chartq (build it first with
# `cargo build --release`).
set -euo pipefail

bin=${1:-target/release/chartq}
runs=${2:-3}
[ -x "$bin" ] || { echo "no chartq binary at $bin (cargo build --release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%8s %10s %12s %10s\n' charts median_s charts_per_s db_mb
for n in 60 1000 10000; do
  times=()
  for ((i = 0; i < runs; i++)); do
    rm -f "$work"/d.db*
    start=$(date +%s.%N)
    "$bin" --db "$work/d.db" demo --charts "$n" --json >/dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  med=$(printf '%s\n' "${times[@]}" | median)
  size=$(du -m "$work/d.db" | cut -f1)
  printf '%8d %10.3f %12.0f %10s\n' "$n" "$med" "$(echo "$n / $med" | bc -l)" "$size"
done
