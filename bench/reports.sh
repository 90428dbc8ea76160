#!/bin/sh
# The department's reports on a simulated year (issue 15's Measure):
# builds `chartq demo --year --charts N` (default 100,000; the year includes
# weekly reviews, so `report accuracy` is timed too) once into
# $TMPDIR/chartq-bench-reports/ (kept: it takes minutes), then times each
# report as a whole process with hyperfine (median; target <= 200 ms) for the default week,
# a month and the whole year, facility time zone America/Chicago, today
# 2026-09-30 (the year's end); then the TUI's reports screen opening
# (examples/tui_reports.rs; target <= 100 ms).
#
# usage: bench/reports.sh [CHARTS]
set -eu
cd "$(dirname "$0")/.."
CHARTS=${1:-100000}
cargo build --quiet --release --bin chartq --example tui_reports
out=${CHARTQ_BENCH_OUT:-${TMPDIR:-/tmp}/chartq-bench-reports}
mkdir -p "$out"
db=$out/year-$CHARTS.db
cfg=$out/reports-config.toml
printf 'facility_time_zone = "America/Chicago"\n' > "$cfg"
export CHARTQ_CONFIG="$cfg" CHARTQ_TODAY=2026-09-30
if [ ! -f "$db" ]; then
    /usr/bin/time -f "demo --year --charts $CHARTS: %e s wall, %M KB" \
        target/release/chartq --db "$db" demo --year --charts "$CHARTS" --json > "$out/year-$CHARTS.json"
fi
q=target/release/chartq
for report in productivity backlog queries accuracy; do
    for period in "" "--from 2026-09-01 --to 2026-09-30" "--from 2025-10-01 --to 2026-09-30"; do
        hyperfine --warmup 2 --runs 15 --style none --export-json "$out/h.json" \
            "$q --db $db report $report $period" > /dev/null
        python3 -c "import json; r=json.load(open('$out/h.json'))['results'][0]; print('%-12s %-36s median %6.1f ms' % ('$report', '${period:-(default week)}', r['median']*1000))"
    done
done
target/release/examples/tui_reports "$db" 20
