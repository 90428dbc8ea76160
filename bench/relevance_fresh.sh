#!/bin/sh
# Relevance of ICD-10-CM and HCPCS search on the fresh held-out set
# (tests/relevance/fresh_queries.tsv, written and committed before this
# branch's ranking changes): recall@1, recall@10, MRR@10 by kind, on the
# full database bench/relevance_cm.sh builds (bundled CM/PCS, HCPCS 2019,
# the FY2017 Index to Diseases and the FY2022 tables), `--system` given.
#
# usage: bench/relevance_fresh.sh [--misses]
# env: CHARTQ_EVAL_DIR, CHARTQ_BIN (as bench/relevance_cm.sh)
exec "$(dirname "$0")/relevance_set.sh" tests/relevance/fresh_queries.tsv "$@"
