#!/usr/bin/env bash
# In-process speed of the MS-DRG grouper (app::grouping::group): the
# committed agreement corpus (tests/data/msdrg/claims.jsonl, 3,952 claims)
# grouped ROUNDS times after the tables are loaded once.
#
#   bench/msdrg/engine_speed.sh            # 20 rounds
#   ROUNDS=50 bench/msdrg/engine_speed.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-20}
cargo run --release --quiet --example drg_speed -- tests/data/msdrg/claims.jsonl "$ROUNDS"
