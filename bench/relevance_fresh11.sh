#!/bin/sh
# Relevance of ICD-10-CM and HCPCS search on the round-11 held-out set
# (tests/relevance/fresh11_queries.tsv, written by the held11 helper and committed
# before any round-11 ranking change was measured): recall@1, recall@10, MRR@10
# by kind, on the full database bench/relevance_cm.sh builds, `--system` given.
#
# usage: bench/relevance_fresh11.sh [--misses]
# env: CHARTQ_EVAL_DIR, CHARTQ_BIN (as bench/relevance_cm.sh)
exec "$(dirname "$0")/relevance_set.sh" tests/relevance/fresh11_queries.tsv "$@"
