#!/bin/sh
# Relevance of ICD-10-CM and HCPCS search beyond the project's own set
# (bench/relevance/README.md): queries generated from the FY2017 Index to
# Diseases, split by whole main term into a tuning half and a held-out half,
# each answered by a database whose index lacks that half's main terms; the
# coder-style set (tests/relevance/coder_queries.tsv); and the old set
# (tests/relevance/queries.tsv). recall@1, recall@10, MRR@10 by kind.
#
# usage: bench/relevance_cm.sh [tuning|heldout|coder|old|all] [--misses]
# env: CHARTQ_EVAL_DIR (databases, default /tmp/chartq-relevance-cm),
#      CHARTQ_BIN (a chartq binary to measure instead of this tree's)
# Databases: bundled CM/PCS, HCPCS 2019, the FY2017 index via
# `chartq codes import-index` (as at review), searched with --system.
set -eu
cd "$(dirname "$0")/.."
WHICH=${1:-tuning}
MISSES=${2:-}
DATA=${CHARTQ_SHARED_DATA:-../shared/data}
[ -d "$DATA" ] || DATA=/work/shared/data
# CHARTQ_BIN: another build to measure (e.g. the base commit's), same data.
if [ -z "${CHARTQ_BIN:-}" ]; then
    cargo build --quiet --release --bin chartq
fi
BIN=${CHARTQ_BIN:-$PWD/target/release/chartq}
WORK=${CHARTQ_EVAL_DIR:-/tmp/chartq-relevance-cm}
mkdir -p "$WORK"
export CHARTQ_CONFIG=/dev/null CHARTQ_TODAY=2026-11-30
[ -f "$WORK/tuning.tsv" ] || python3 bench/relevance/index_queries.py "$WORK" >/dev/null

# db NAME INDEXFILE: a database with the bundled sets, HCPCS 2019 and INDEXFILE.
db() {
    f="$WORK/$1.db"
    if [ ! -f "$f" ]; then
        rm -f "$f-wal" "$f-shm"
        "$BIN" --db "$f" init >/dev/null
        "$BIN" --db "$f" codes import hcpcs "$DATA/hcpcs/HCPC2019_CONTR_ANWEB.txt.gz" >/dev/null
        "$BIN" --db "$f" codes import-index "$2" >/dev/null
        if [ "$1" = full ]; then
            # As `cargo test`'s relevance test: the FY2022 drug, neoplasm and
            # external-cause tables too (the old set's drug queries need them).
            for t in icd10cm_drug_2022.xml.gz icd10cm_neoplasm_2022.xml icd10cm_eindex_2022.xml.gz; do
                "$BIN" --db "$f" codes import-index "$DATA/icd10cm/fy2022/$t" >/dev/null
            done
        fi
    fi
    echo "$f"
}
run() {
    python3 bench/relevance/eval.py "$BIN" "$1" "$2" $MISSES
}
case $WHICH in tuning | all)
    run "$(db without_tuning "$WORK/index_without_tuning.xml")" "$WORK/tuning.tsv" ;;
esac
case $WHICH in heldout | all)
    run "$(db without_heldout "$WORK/index_without_heldout.xml")" "$WORK/heldout.tsv" ;;
esac
case $WHICH in coder | old | all)
    full=$(db full "$DATA/icd10cm/fy2017/icd10cm_index_2017.xml.gz")
    case $WHICH in coder | all) run "$full" tests/relevance/coder_queries.tsv ;; esac
    case $WHICH in old | all) run "$full" tests/relevance/queries.tsv ;; esac
    ;;
esac
