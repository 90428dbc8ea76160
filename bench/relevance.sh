#!/bin/sh
# Relevance of code search on the real code sets (../shared/data): recall@1,
# recall@10 and MRR@10 per system for chartq (system chosen, and all
# systems) and for the `fzf --filter` baseline over the same corpus
# ("CODE title" lines of the same system). The queries and expected codes
# are tests/relevance/queries.tsv; `cargo test` runs the same evaluation
# without fzf and asserts a floor.
set -eu
cd "$(dirname "$0")/.."
if ! command -v fzf >/dev/null 2>&1; then
    echo "fzf not found (apt-get install -y fzf); printing chartq only" >&2
fi
CHARTQ_EVAL_FZF=1 cargo test --release --test it search_relevance -- --nocapture 2>&1 |
    grep -E '^(queries|chartq|fzf|  (rank|miss))|test result|panicked'
