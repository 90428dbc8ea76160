#!/bin/sh
# Peak RSS (KiB, /usr/bin/time -f %M) and exit status of chartq refusing
# hostile files: a 2 GiB gzip bomb, a zip declaring a 1 TiB member, a CSV
# feed with a 100 MiB cell and a JSON feed with a 60 MiB line (issue 9,
# item 4). Not a test: it needs a few seconds and ~200 MB of disk.
#
# usage: bench/bombs.sh [BIN]   (default: a release build of this tree)
set -u
cd "$(dirname "$0")/.."
if [ $# -ge 1 ]; then BIN=$1; else
    cargo build --quiet --release --bin chartq || exit 1
    BIN=$PWD/target/release/chartq
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null
python3 bench/bombs.py "$tmp" 2
db="$tmp/chartq.db"
"$BIN" --db "$db" user whoami >/dev/null 2>&1
CAP=
run() {
    label=$1; shift
    /usr/bin/time -f '%M' -o "$tmp/rss" env ${CAP:+CHARTQ_MAX_FILE_MIB=$CAP} "$BIN" --db "$db" "$@" >/dev/null 2>"$tmp/err"
    rc=$?
    printf '%-28s exit %3s  peak RSS %8s KiB  %s\n' "$label" "$rc" "$(tail -1 "$tmp/rss")" \
        "$(grep -v 'Command exited\|Command terminated' "$tmp/err" | head -1 | cut -c1-110)"
}
run "gzip bomb (2 GiB)" codes import cm "$tmp/bomb.txt.gz"
CAP=64 run "gzip bomb (2 GiB), cap 64 MiB" codes import cm "$tmp/bomb.txt.gz"
CAP=
run "zip declaring 1 TiB" codes import cm "$tmp/bomb.zip"
run "CSV cell 100 MiB" charts import "$tmp/cell.csv"
run "JSON line 60 MiB" charts import "$tmp/line.jsonl"
