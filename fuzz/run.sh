#!/usr/bin/env bash
# Fuzzes every chartq importer, one target at a time, for a fixed budget
# each, and writes a results table (executions, exec/s, crashes, coverage).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 600 s, all)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Not part of CI's default run: the fuzz crate is its own workspace, so a
# top-level `cargo test` never builds it.
#
# Environment:
#   FUZZ_RSS_MB   libFuzzer -rss_limit_mb (default 2048)
#   FUZZ_MAX_LEN  libFuzzer -max_len in bytes (default 65536)
#   FUZZ_TIMEOUT  seconds one input may take before it counts as a hang (10)
#   FUZZ_RESULTS  where the table goes (default fuzz/RESULTS.md)
#
# Working corpora grow in fuzz/corpus/<target> (git-ignored; the committed
# seeds in fuzz/seeds/<target> are read, never written); crashing inputs land
# in fuzz/artifacts/<target>; full libFuzzer logs in fuzz/logs/<target>.log.
#
# The parsers are safe Rust (no `unsafe` on any parse path), so targets are
# built without a sanitizer (more executions per second) but with debug
# assertions and overflow checks on: an arithmetic overflow is a crash.

set -euo pipefail

budget=${1:-600}
shift || true
all_targets=(feed_jsonl feed_csv icd10cm_tabular order_file codes_file hcpcs cpt cm_index addenda)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

rss=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-65536}
timeout=${FUZZ_TIMEOUT:-10}

here=$(cd "$(dirname "$0")" && pwd)
results=${FUZZ_RESULTS:-$here/RESULTS.md}
# A relative FUZZ_RESULTS is relative to where the script was started.
case $results in /*) ;; *) results=$PWD/$results ;; esac
cd "$here"
mkdir -p corpus artifacts logs

build_flags=(--sanitizer none --debug-assertions --release)
echo "building ${#targets[@]} targets (nightly, cargo fuzz build ${build_flags[*]})" >&2
for t in "${targets[@]}"; do
    cargo +nightly fuzz build "${build_flags[@]}" "$t" >&2
done

commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$here" status --porcelain -- .. 2>/dev/null | grep -q . && echo "+dirty" || true)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cores=$(nproc)
rows=()
total_crashes=0

# The value of `stat::NAME:` in libFuzzer's final stats.
stat() { grep -a "^stat::$1:" "$2" | tail -1 | awk '{print $2}'; }

for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    dict=()
    case $t in icd10cm_tabular | cm_index) dict=(-dict="$here/xml.dict") ;; esac
    before=$(find "artifacts/$t" -type f | wc -l)
    log=logs/$t.log
    echo "== $t: ${budget}s" >&2
    set +e
    cargo +nightly fuzz run "${build_flags[@]}" "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$budget" -rss_limit_mb="$rss" -malloc_limit_mb="$rss" \
        -max_len="$max_len" -timeout="$timeout" -print_final_stats=1 \
        -artifact_prefix="$here/artifacts/$t/" "${dict[@]}" >"$log" 2>&1
    rc=$?
    set -e
    after=$(find "artifacts/$t" -type f | wc -l)
    crashes=$((after - before))
    # A non-zero exit with no artifact (e.g. a build failure) still counts.
    if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
    total_crashes=$((total_crashes + crashes))
    execs=$(stat number_of_executed_units "$log")
    rate=$(stat average_exec_per_sec "$log")
    rss_peak=$(stat peak_rss_mb "$log")
    last=$(grep -aE '^#[0-9]+' "$log" | tail -1)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
    printf '%-16s execs=%-10s exec/s=%-7s crashes=%s cov=%s ft=%s corpus=%s peak_rss=%sMB exit=%s\n' \
        "$t" "${execs:-?}" "${rate:-?}" "$crashes" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss_peak:-?}" "$rc"
    rows+=("| \`$t\` | $budget | ${execs:-?} | ${rate:-?} | $crashes | ${cov:-?} | ${ft:-?} | ${corp:-?} | ${rss_peak:-?} |")
done

{
    echo "# Fuzzing results"
    echo
    echo "- started: $started, commit \`$commit$dirty\`"
    echo "- machine: $cores cores (shared with other builds), one target at a time"
    echo "- budget: ${budget} s per target; -max_len=$max_len, -rss_limit_mb=$rss, -timeout=${timeout}s"
    echo "- build: \`cargo +nightly fuzz build ${build_flags[*]}\`"
    echo
    echo "| target | seconds | executions | exec/s | crashes | cov (edges) | ft (features) | corpus | peak RSS MB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Total crashes: $total_crashes"
} >"$results"
echo "wrote $results (total crashes: $total_crashes)" >&2
[ "$total_crashes" -eq 0 ]
