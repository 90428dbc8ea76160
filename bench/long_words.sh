#!/bin/sh
# Search speed with pathological CPT descriptors, before and after search
# cut its words (64 bytes) and queries (512 bytes) and made typo variants
# linear (issue 9, item 6), measured in one run on the same machine.
#
# Builds chartq at BASE (default b4547ae, the commit before the fix) and at
# the work tree, both release. Generates an invented CPT licensee file
# (11,000 invented codes and descriptors, tab-separated) with one 64 KiB
# word, and a second one that also has a 1 MiB one-word descriptor. The
# fixed chartq refuses such files (`FILE:LINE: field descriptor`), so the
# old binary imports them, into a database that also holds the bundled
# ICD-10-CM; each binary then searches its own copy. Each query is one
# `chartq search` process, as a script or a coder's shell runs it: the
# median of RUNS runs (after one warm-up that writes the binary's own
# snapshot), before and after alternating. A run over TIMEOUT seconds is
# stopped and shown as ">TIMEOUT".
#
# usage: bench/long_words.sh [BASE] [RUNS] [TIMEOUT]
set -eu
cd "$(dirname "$0")/.."
BASE=${1:-b4547ae}
RUNS=${2:-5}
TIMEOUT=${3:-60}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=2026-06-15
unset CHARTQ_DB

# Before: the base revision's source, built in a target directory of its
# own (kept for the next run: cargo would take a shared one's artifacts for
# fresh, as the extracted files keep the commit's old times), then the work
# tree's.
src="$PWD/target/bench-base-src"
rm -rf "$src" && mkdir -p "$src"
git archive "$BASE" | tar -x -C "$src"
cargo build --quiet --release --bin chartq --manifest-path "$src/Cargo.toml" \
    --target-dir "$PWD/target/bench-base"
cp target/bench-base/release/chartq "$tmp/before"
rm -rf "$src"
cargo build --quiet --release --bin chartq
cp target/release/chartq "$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
    echo "before and after are the same binary" >&2
    exit 1
fi

python3 - "$tmp" <<'EOF'
import random, sys
tmp = sys.argv[1]
random.seed(7)
words = ("invented procedure approach device graft repair revision removal "
         "insertion catheter lesion tissue imaging guidance bilateral unilateral "
         "each additional first segment level anesthesia report sample test").split()
lines = ["Invented CPT data file for benchmarks", "Code\tDescriptor"]
for i in range(11000):
    d = " ".join(random.choice(words) for _ in range(random.randint(4, 14)))
    lines.append(f"{80000 + i}\tInvented {d}")
lines.append("91000\tInvented " + "z" * 65536 + " procedure")
with open(f"{tmp}/cpt_64k_word_2026.txt", "w") as f:
    f.write("\n".join(lines) + "\n")
lines.append("91001\t" + "y" * (1 << 20))
with open(f"{tmp}/cpt_1mib_word_2026.txt", "w") as f:
    f.write("\n".join(lines) + "\n")
EOF

for set in 64k_word 1mib_word; do
    file="$tmp/cpt_${set}_2026.txt"
    printf 'after, importing %s: ' "$set"
    "$tmp/after" --db "$tmp/refused.db" codes import cpt "$file" 2>&1 | tail -1 || true
    "$tmp/before" --db "$tmp/$set.db" codes import cpt "$file" >/dev/null
    cp "$tmp/$set.db" "$tmp/$set.before.db"
    cp "$tmp/$set.db" "$tmp/$set.after.db"
done

now() { date +%s%N; }

# run BIN DB QUERY: prints milliseconds, or -1 when stopped at TIMEOUT
run() {
    start=$(now)
    if timeout "$TIMEOUT" "$1" --db "$2" search "$3" >/dev/null 2>&1 || [ $? -eq 1 ]; then
        echo $(( ($(now) - start) / 1000000 ))
    else
        echo -1
    fi
}

median() {
    sort -n | awk '{v[NR] = $1} END {
        m = v[int((NR + 1) / 2)]
        if (v[1] < 0) print ">" T "000"; else print m }' T="$TIMEOUT"
}

QUERIES="type 2 diabetes with
chf acute on chronic
copd w acute exacerb
pressure ulcr sacrum
diabe
invented cathetr repair"

for set in 64k_word 1mib_word; do
    echo
    echo "== CPT with a $set descriptor (+ bundled ICD-10-CM), median of $RUNS one-shot searches, ms"
    printf '%-26s %12s %10s %8s\n' query before after ratio
    for bin in before after; do run "$tmp/$bin" "$tmp/$set.$bin.db" "warm up" >/dev/null; done
    echo "$QUERIES" | while IFS= read -r q; do
        : >"$tmp/b"
        : >"$tmp/a"
        i=0
        while [ $i -lt "$RUNS" ]; do
            b=$(run "$tmp/before" "$tmp/$set.before.db" "$q")
            echo "$b" >>"$tmp/b"
            run "$tmp/after" "$tmp/$set.after.db" "$q" >>"$tmp/a"
            i=$((i + 1))
            # A search that hangs once hangs every time: do not wait again.
            if [ "$b" -lt 0 ]; then break; fi
        done
        mb=$(median <"$tmp/b")
        ma=$(median <"$tmp/a")
        ratio=$(echo "$mb $ma" | awk '{ b = $1; sub(">", "", b); printf "%s%.0fx", ($1 ~ />/ ? ">" : ""), b / ($2 > 0 ? $2 : 1) }')
        printf '%-26s %12s %10s %8s\n' "$q" "$mb" "$ma" "$ratio"
    done
done
