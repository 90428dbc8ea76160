#!/bin/sh
# Two coders, two terminals, one PostgreSQL queue (issue 13's "done
# when"), to watch: a tmux window split in two panes, chartq's TUI running
# as the OS user cq_ana on the left and cq_ben on the right (`runuser`; no
# `--as`: the database knows each by peer authentication over the local
# socket). Each presses `n` to claim the next chart (they get different
# ones), `/` to search, Enter to assign, Ctrl-G then `F` and Enter to
# finalize. When both quit (or you detach: Ctrl-B d), the admin's audit log
# of the database is printed (who did what: each chart by its own login)
# and `chartq audit verify` (the chain and the database's own guards).
#
# usage: CHARTQ_BENCH_PG='postgresql:///postgres?host=/tmp/pgsock' \
#            bench/team_two_terminals.sh [--script]
#   --script  drive both panes with tmux send-keys instead of a person
#             (claim, search "chest pain" / "j18.9", assign, finalize,
#             quit), then print both final screens and the audit log.
# Needs root (runuser), tmux, the OS users cq_ana and cq_ben, and a server
# where this login is a superuser that lets local OS users in by peer
# authentication. Makes and drops the database cqteam_demo and roles
# cqteam_* (and the logins cq_ana, cq_ben are left: roles are cluster-wide
# and other databases may use them). CHARTQ_BIN picks the binary (default:
# a release build).
set -eu
cd "$(dirname "$0")/.."
PG=${CHARTQ_BENCH_PG:?set CHARTQ_BENCH_PG to a superuser libpq URL (Unix socket)}
MODE=${1:-}
if [ -z "${CHARTQ_BIN:-}" ]; then
    cargo build --quiet --release --bin chartq
    CHARTQ_BIN=$PWD/target/release/chartq
fi
BIN=$CHARTQ_BIN
for user in cq_ana cq_ben; do
    id "$user" >/dev/null 2>&1 || { echo "no OS user $user (useradd -m $user)" >&2; exit 2; }
done
export CHARTQ_CONFIG=/dev/null CHARTQ_SYSTEM_CONFIG= NO_COLOR=1
tmp=$(mktemp -d)
chmod 1777 "$tmp"

url_of() { python3 -c 'import sys,re; u=sys.argv[1]; print(re.sub(r"^(\w+://[^/]*/)[^?]*", lambda m: m.group(1)+sys.argv[2], u))' "$PG" "$1"; }
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$PG" "$@"; }
cleanup() {
    tmux kill-session -t cqteam 2>/dev/null || true
    psql_ -c "DROP DATABASE IF EXISTS cqteam_demo WITH (FORCE)" 2>/dev/null || true
    psql_ -At -c "SELECT rolname FROM pg_roles WHERE rolname LIKE 'cqteam\_%'" 2>/dev/null |
        while read -r r; do psql_ -c "DROP ROLE IF EXISTS \"$r\"" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
cleanup; tmp=$(mktemp -d); chmod 1777 "$tmp"

# The team database: schema, roles and functions; the bundled code sets
# (`chartq init`, as an admin seeds one); two coders in queue `ed`; four
# ED charts.
psql_ -c "CREATE DATABASE cqteam_demo"
DB=$(url_of cqteam_demo)
"$BIN" db init-postgres "$DB" --prefix cqteam_ >/dev/null
echo "seeding the bundled code sets (a minute in a debug build)..."
"$BIN" --db "$DB" init >/dev/null
python3 - "$tmp/feed.jsonl" <<'EOF'
import json, sys
notes = ["Chest pain at rest, ECG normal.", "Cough and fever; chest X-ray shows pneumonia.",
         "Fall from standing, wrist pain.", "Headache for two days."]
with open(sys.argv[1], "w") as out:
    for i, note in enumerate(notes, 1):
        out.write(json.dumps({
            "account": f"TEAM-{i}", "mrn": f"MRN-T{i}",
            "patient": {"name": f"Teamperson, Pat{i}", "dob": "1960-01-01", "sex": "U"},
            "encounter_type": "ed", "service_date": "2026-11-20", "queue": "ed",
            "priority": i, "attending": "Dr. Invented", "payer": "Medicare",
            "documents": [{"type": "ed_note", "author": "Dr. Invented", "text": note}],
        }) + "\n")
EOF
"$BIN" --db "$DB" charts import "$tmp/feed.jsonl" >/dev/null
for user in cq_ana cq_ben; do
    "$BIN" --db "$DB" user add "$user" --role coder >/dev/null
    "$BIN" --db "$DB" user join ed --user "$user" >/dev/null
done

# Two panes, one OS user each (HOME and the snapshot cache in $tmp).
run_as() {
    echo "runuser -u $1 -- env HOME=$tmp TMPDIR=$tmp CHARTQ_CONFIG=/dev/null TERM=xterm-256color $BIN --db '$DB'; echo '$1: chartq exited'; sleep 600"
}
tmux new-session -d -s cqteam -x 200 -y 40 "$(run_as cq_ana)"
tmux split-window -h -t cqteam "$(run_as cq_ben)"

wait_for() { # PANE TEXT: until the pane shows TEXT (60 s at most)
    i=0
    until tmux capture-pane -p -t "cqteam.$1" | grep -qF -- "$2"; do
        i=$((i + 1)); [ "$i" -lt 600 ] || { echo "pane $1: no '$2'" >&2; tmux capture-pane -p -t "cqteam.$1" >&2; return 1; }
        sleep 0.1
    done
}
code_in() { # PANE QUERY CODE
    tmux send-keys -t "cqteam.$1" n; wait_for "$1" claimed
    tmux send-keys -t "cqteam.$1" / ; tmux send-keys -t "cqteam.$1" -l "$2"
    wait_for "$1" "● $3"; tmux send-keys -t "cqteam.$1" Enter; wait_for "$1" "assigned $3"
    tmux send-keys -t "cqteam.$1" C-g F; wait_for "$1" "Enter finalizes"
    tmux send-keys -t "cqteam.$1" Enter; wait_for "$1" "is coded"
}

if [ "$MODE" = "--script" ]; then
    wait_for 0 "Queue ·"; wait_for 1 "Queue ·"
    code_in 0 "chest pain" R07.9
    code_in 1 "j18.9" J18.9
    for pane in 0 1; do echo "--- pane $pane:"; tmux capture-pane -p -t "cqteam.$pane" | head -8; done
    for pane in 0 1; do tmux send-keys -t "cqteam.$pane" Enter q; wait_for "$pane" "chartq exited"; done
else
    echo "attaching: code in both panes (Ctrl-B o switches, Ctrl-B d detaches when done)"
    tmux attach -t cqteam || true
fi

echo "--- the admin's audit log (chart events):"
"$BIN" --db "$DB" audit --limit 0 | grep -E "TEAM-|USER" || true
echo "--- audit verify:"
"$BIN" --db "$DB" audit verify || true
