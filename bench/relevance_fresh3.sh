#!/bin/sh
# Relevance of ICD-10-CM and HCPCS search on the round-3 held-out set
# (tests/relevance/fresh3_queries.tsv, written and committed before the
# search-cm3 branch's ranking changes): recall@1, recall@10, MRR@10 by kind,
# on the full database bench/relevance_cm.sh builds, `--system` given.
#
# usage: bench/relevance_fresh3.sh [--misses]
# env: CHARTQ_EVAL_DIR, CHARTQ_BIN (as bench/relevance_cm.sh)
exec "$(dirname "$0")/relevance_set.sh" tests/relevance/fresh3_queries.tsv "$@"
