#!/bin/sh
# Creating a new database: `chartq --db NEW codes list` run RUNS times per
# case (wall and CPU time, median and max), the new file's size, and the
# first and second search on it.
#
# Cases:
#   direct    CHARTQ_SEED_TEMPLATE=off: every bundled version parsed, derived
#             and stored into the new file
#   template  the file copied from the seeded template (built before the runs)
#   cold      the template built first (a new machine, or a new chartq build)
#   landed    LANDED=/path/to/older/chartq, if given: that binary's seeding
#             (e.g. the one that bundled only the April 2026 ICD-10-CM:
#             git worktree add /tmp/landed 099b2dd &&
#             cargo build --release --manifest-path /tmp/landed/Cargo.toml)
#
# usage: bench/seed.sh [RUNS]      (LANDED=... bench/seed.sh 5)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
cargo build --quiet --release --bin chartq
BIN=$PWD/target/release/chartq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG="$tmp/none.toml"
unset CHARTQ_DB

# run CASE BINARY: RUNS new databases, one line of numbers
run() {
    label=$1
    bin=$2
    : >"$tmp/times"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        rm -f "$tmp"/new.db*
        if [ "$label" = cold ]; then rm -rf "$tmp/tpl"; fi
        /usr/bin/time -f "%e %U %S" -o "$tmp/one" "$bin" --db "$tmp/new.db" codes list >/dev/null
        cat "$tmp/one" >>"$tmp/times"
        i=$((i + 1))
    done
    size=$(stat -c %s "$tmp/new.db")
    wall=$(cut -d' ' -f1 "$tmp/times" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f s (max %.2f)", v[int((NR + 1) / 2)], v[NR] }')
    cpu=$(awk '{ print $2 + $3 }' "$tmp/times" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f s", v[int((NR + 1) / 2)] }')
    printf '%-9s wall median %s, CPU median %s, file %.1f MB\n' "$label" "$wall" "$cpu" "$(echo "$size" | awk '{ print $1 / 1e6 }')"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $RUNS runs each"
if [ -n "${LANDED:-}" ]; then
    CHARTQ_SEED_TEMPLATE=off run landed "$LANDED"
fi
CHARTQ_SEED_TEMPLATE=off run direct "$BIN"
CHARTQ_SEED_TEMPLATE="$tmp/tpl" run cold "$BIN"
CHARTQ_SEED_TEMPLATE="$tmp/tpl" run template "$BIN"
echo "template file: $(stat -c %s "$tmp"/tpl/seed-*.db | awk '{ printf "%.1f MB", $1 / 1e6 }')"

# First search on a new database builds and stores the index of the
# versions it searches (here the newest CM and PCS); the second reads them.
for n in first second third; do
    /usr/bin/time -f "%e %U %S" -o "$tmp/one" "$BIN" --db "$tmp/new.db" search diabetes >/dev/null
    awk -v n="$n" '{ printf "%s search (diabetes): wall %.2f s, CPU %.2f s\n", n, $1, $2 + $3 }' "$tmp/one"
done
printf 'file after the first search: %.1f MB\n' "$(stat -c %s "$tmp/new.db" | awk '{ print $1 / 1e6 }')"
