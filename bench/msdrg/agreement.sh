#!/usr/bin/env bash
# Agreement of `chartq group --batch` with the reference grouper's expected
# DRGs (tests/data/msdrg/expected.jsonl): builds the release binary and runs
# bench/msdrg/agreement.py. Arguments go to agreement.py (e.g. --min 0.99,
# --max-list 50, --chartq PATH). Needs only cargo and python3 (not the
# reference's venv).
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build --release --quiet
python3 bench/msdrg/agreement.py "$@"
