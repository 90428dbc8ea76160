#!/usr/bin/env bash
# Agreement of `chartq check --batch` with the reference MCE's expected
# edits (tests/data/mce/expected.jsonl): builds the release binary and runs
# bench/mce/agreement.py. Arguments go to agreement.py (e.g. --min 0.99,
# --max-list 50). Needs only cargo and python3 (not the reference's venv).
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build --release --quiet
python3 bench/mce/agreement.py "$@"
