#!/bin/sh
# Relevance of ICD-10-CM search on lay words, Z-code phrasing and injuries in
# lay anatomy (tests/relevance/lay_queries.tsv, written before the lay-term
# lexicon codesets/lay_terms.tsv): recall@1, recall@10, MRR@10 by kind, on the
# same full database bench/relevance_cm.sh builds (bundled CM/PCS, HCPCS 2019,
# the FY2017 Index to Diseases and the FY2022 tables), `--system cm`.
#
# usage: bench/relevance_lay.sh [--misses]
# env: CHARTQ_EVAL_DIR, CHARTQ_BIN (as bench/relevance_cm.sh)
exec "$(dirname "$0")/relevance_set.sh" tests/relevance/lay_queries.tsv "$@"
