#!/bin/sh
# Whole-process time of `chartq search diabetes`: process start, opening
# SQLite, loading each code-set version's stored search snapshot (or
# building the index when there is none), searching, printing.
#
# 1. a freshly seeded database (bundled ICD-10-CM only);
# 2. the same with ICD-10-PCS and HCPCS from ../shared/data imported (when
#    present): three systems searched;
# 3. the seeded database with its snapshot deleted before every run (what
#    a search costs without the cache: reading the codes and building).
# Uses hyperfine (apt-get install -y hyperfine), else a plain timing loop.
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/chartq"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

time_it() { # NAME PREPARE COMMAND
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine --warmup 3 --runs 30 -N --command-name "$1" ${2:+--prepare "$2"} "$3"
    else
        runs=30 i=0 total=0
        while [ $i -lt $runs ]; do
            [ -n "$2" ] && sh -c "$2"
            start=$(date +%s%N)
            $3 >/dev/null
            end=$(date +%s%N)
            total=$((total + end - start))
            i=$((i + 1))
        done
        echo "$1: mean $((total / runs / 1000000)) ms over $runs runs"
    fi
}

db="$tmp/cm.db"
"$bin" --db "$db" codes list >/dev/null # creates and seeds the database
time_it "seeded (ICD-10-CM)" "" "$bin --db $db search diabetes"

shared="$PWD/../shared/data"
pcs="$shared/icd10pcs/icd10pcs_order_2026.txt.gz"
hcpcs="$shared/hcpcs/HCPC2019_CONTR_ANWEB.txt.gz"
if [ -f "$pcs" ] && [ -f "$hcpcs" ]; then
    db3="$tmp/three.db"
    "$bin" --db "$db3" codes import pcs "$pcs" >/dev/null
    "$bin" --db "$db3" codes import hcpcs "$hcpcs" >/dev/null
    time_it "CM + PCS + HCPCS" "" "$bin --db $db3 search diabetes"
else
    echo "skipped CM + PCS + HCPCS: $pcs or $hcpcs not found"
fi

drop="python3 -c \"import sqlite3; c = sqlite3.connect('$db'); c.execute('DELETE FROM search_snapshot'); c.commit()\""
time_it "seeded, no snapshot (build every run)" "$drop" "$bin --db $db search diabetes"
