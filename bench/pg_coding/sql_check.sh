#!/usr/bin/env bash
# Applies the coding migrations and definer functions (twice: the functions
# must re-apply) to a fresh database on top of a STUB of the core's objects
# (core_stub.sql: app_user, chart, queue_member, chartq.caller,
# chartq.audit_append), then runs coder_session.sql as the OS user cq_ana
# (peer authentication): the allowed calls succeed, the forbidden writes
# are refused. A development check of the SQL alone, before the core's real
# schema exists; the Rust tests (tests/it/pg_coding*.rs) run on the real one.
# Usage: bench/pg_coding/sql_check.sh 'postgresql:///postgres?host=/tmp/sock&port=5434'
set -euo pipefail
url=${1:?usage: sql_check.sh ADMIN_URL}
here=$(cd "$(dirname "$0")" && pwd)
sql=$here/../../src/store/backend/postgres/sql
db=chartq_sqlcheck
psql -X -q -d "$url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
dburl=${url/\/postgres?/\/$db?}
cat "$here/core_stub.sql" "$sql"/0*.sql "$sql/coding_functions.sql" "$sql/coding_functions.sql" "$here/admin_setup.sql" |
    psql -X -q -v ON_ERROR_STOP=1 -d "$dburl" >/dev/null
runuser -u cq_ana -- psql -X -q -d "$dburl" -f "$here/coder_session.sql"
