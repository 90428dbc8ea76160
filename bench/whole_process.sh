#!/bin/sh
# Whole-process time of `chartq search diabetes` on a freshly seeded
# database (bundled ICD-10-CM): process start, opening SQLite, loading and
# indexing the code set, searching, printing. Uses hyperfine when present
# (apt-get install -y hyperfine), else a plain timing loop.
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/chartq"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/chartq.db"
"$bin" --db "$db" codes list >/dev/null # creates and seeds the database
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 3 --runs 30 -N "$bin --db $db search diabetes"
else
    runs=30
    start=$(date +%s%N)
    i=0
    while [ $i -lt $runs ]; do
        "$bin" --db "$db" search diabetes >/dev/null
        i=$((i + 1))
    done
    end=$(date +%s%N)
    echo "mean $(( (end - start) / runs / 1000000 )) ms over $runs runs"
fi
