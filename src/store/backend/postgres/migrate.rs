//! Setting a PostgreSQL database up for chartq (`chartq db init-postgres`):
//! the schema's numbered migrations, the group roles, the definer
//! functions and the row-level-security policies. Idempotent: a second run
//! applies only what is missing and re-creates the functions.

use postgres::{Client, Transaction};

use super::{Postgres, pg_error};
use crate::store::WorkError;

/// The login of the session and the database's role prefix, or a refusal
/// naming `chartq db init-postgres` when the database is not set up.
pub(super) fn installed(client: &mut Client, target: &str) -> Result<(String, String), WorkError> {
    // A login no chartq role was granted to may not even look into the
    // schema (`to_regclass` would fail): say so as SQLite does for a login
    // missing from its users.
    let row = client
        .query_one(
            "SELECT session_user::text,
                    EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'chartq'),
                    COALESCE((SELECT has_schema_privilege(oid, 'USAGE')
                                FROM pg_namespace WHERE nspname = 'chartq'), false)",
            &[],
        )
        .map_err(pg_error)?;
    let login: String = row.get(0);
    if row.get::<_, bool>(1) && !row.get::<_, bool>(2) {
        return Err(WorkError::NotAUser { login });
    }
    let row = client
        .query_one("SELECT to_regclass('chartq.install') IS NOT NULL", &[])
        .map_err(pg_error)?;
    if !row.get::<_, bool>(0) {
        return Err(WorkError::Invalid(format!(
            "{target}: not a chartq database yet; an admin sets it up with `chartq db init-postgres URL`"
        )));
    }
    let prefix: String = client
        .query_one("SELECT prefix FROM chartq.install", &[])
        .map_err(pg_error)?
        .get(0);
    Ok((login, prefix))
}

/// The core's migrations, `(number, sql)`: the numbers of the SQLite
/// migrations whose tables they hold, in PostgreSQL's dialect.
const CORE_MIGRATIONS: &[(i64, &str)] = &[
    (2, include_str!("sql/0002_people.sql")),
    (3, include_str!("sql/0003_charts.sql")),
    (5, include_str!("sql/0005_audit.sql")),
    (9, include_str!("sql/0009_audit_chain.sql")),
    (11, include_str!("sql/0011_discharge_status.sql")),
];

/// PostgreSQL-only schema steps, `(name, sql)`, applied in order after the
/// numbered migrations (named, not numbered, so they never take a number
/// SQLite's migrations will use) and recorded in `chartq.pg_step`.
const PG_STEPS: &[(&str, &str)] = &[
    (
        "pg_0001_chain_seal",
        include_str!("sql/pg_0001_chain_seal.sql"),
    ),
    (
        "pg_0002_queue_order",
        include_str!("sql/pg_0002_queue_order.sql"),
    ),
    (
        "pg_0004_claim_and_import",
        include_str!("sql/pg_0004_claim_and_import.sql"),
    ),
    (
        "pg_0005_claim_pick",
        include_str!("sql/pg_0005_claim_pick.sql"),
    ),
];

/// The core's functions, re-created by every init (code, not data).
const CORE_FUNCTIONS: &[&str] = &[
    include_str!("sql/core_functions.sql"),
    include_str!("sql/people_functions.sql"),
    include_str!("sql/queue_functions.sql"),
    include_str!("sql/charts_functions.sql"),
];

/// The core's tables every chartq role may SELECT (row-level security
/// decides which rows).
const CORE_READ_TABLES: &[&str] = &[
    "chartq.install",
    "chartq.schema_version",
    "chartq.app_user",
    "chartq.queue_member",
    "chartq.chart",
    "chartq.document",
    "chartq.audit_event",
    "chartq.audit_seal",
    "chartq.audit_pending",
];

/// The core's functions every chartq role may EXECUTE: the definer
/// functions (each checks the caller) and the helpers the policies call.
/// Not `audit_append`, `audit`, `audit_seal`, `grant_role`: those only run
/// inside the definer functions.
const CORE_API_FUNCTIONS: &[&str] = &[
    "chartq.rank",
    "chartq.my_id",
    "chartq.my_rank",
    "chartq.asked_on",
    "chartq.can_see",
    "chartq.open_queries",
    "chartq.stamp",
    "chartq.epoch",
    "chartq.expire_leases",
    "chartq.claim",
    "chartq.renew",
    "chartq.release",
    "chartq.hold",
    "chartq.assign_to",
    "chartq.mark_audited",
    "chartq.chart_viewed",
    "chartq.user_add",
    "chartq.user_set_role",
    "chartq.user_membership",
    "chartq.import_begin",
    "chartq.import_batch",
    "chartq.import_seal",
    "chartq.charts_imported",
    "chartq.audit_seal_now",
    "chartq.my_queues",
    "chartq.my_asked_charts",
];

/// The row-level-security policies (the access matrix of
/// `src/store/access.rs` for reads). `(SELECT chartq.my_id())` is an
/// init-plan: evaluated once per statement, not per row; so are the
/// session's queues and the charts it asked queries on (`my_queues`,
/// `my_asked_charts`, sql/queue_functions.sql), no function per row.
const POLICIES: &str = r#"
ALTER TABLE chartq.chart ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.document ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.audit_event ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chart_read ON chartq.chart;
CREATE POLICY chart_read ON chartq.chart FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2
    OR queue = ANY ((SELECT chartq.my_queues())::text[])
    OR coder_id = (SELECT chartq.my_id()) OR coded_by = (SELECT chartq.my_id())
    OR assigned_to = (SELECT chartq.my_id()) OR lease_holder = (SELECT chartq.my_id())
    OR id = ANY ((SELECT chartq.my_asked_charts())::bigint[]));
DROP POLICY IF EXISTS document_read ON chartq.document;
CREATE POLICY document_read ON chartq.document FOR SELECT USING (
    EXISTS (SELECT 1 FROM chartq.chart c WHERE c.id = chart_id));
DROP POLICY IF EXISTS audit_read ON chartq.audit_event;
CREATE POLICY audit_read ON chartq.audit_event FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2
    OR (chart_id IS NOT NULL AND EXISTS (SELECT 1 FROM chartq.chart c WHERE c.id = chart_id)));
ALTER TABLE chartq.audit_seal ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.audit_pending ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_seal_read ON chartq.audit_seal;
CREATE POLICY audit_seal_read ON chartq.audit_seal FOR SELECT USING ((SELECT chartq.my_rank()) >= 2);
DROP POLICY IF EXISTS audit_pending_read ON chartq.audit_pending;
CREATE POLICY audit_pending_read ON chartq.audit_pending FOR SELECT
    USING ((SELECT chartq.my_rank()) >= 2);
"#;

/// The four chartq roles, lowest first.
pub const ROLES: [&str; 4] = ["coder", "auditor", "supervisor", "admin"];

/// Every migration, core and coding, lowest number first.
pub fn migrations() -> Vec<(i64, &'static str)> {
    let mut all: Vec<(i64, &'static str)> = CORE_MIGRATIONS
        .iter()
        .chain(super::coding::MIGRATIONS)
        .chain(super::review::MIGRATIONS)
        .chain(super::reports::MIGRATIONS)
        .copied()
        .collect();
    all.sort_by_key(|(number, _)| *number);
    all
}

/// What `init-postgres` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InitReport {
    /// The database, as shown.
    pub database: String,
    /// The group roles' prefix.
    pub prefix: String,
    /// The migrations applied now (none on a second run).
    pub applied: Vec<i64>,
    /// The runner, now an admin.
    pub admin: String,
}

/// Sets `url`'s database up for chartq with role prefix `prefix`: the
/// migrations not yet applied, the group roles, the functions and the
/// policies; the runner becomes the first admin when there is none.
/// Idempotent (a second run re-creates functions and policies only) and
/// audited (`database_initialized`, with what it applied). Concurrent runs
/// wait for each other (an advisory lock).
pub fn init(url: &str, prefix: &str) -> Result<InitReport, WorkError> {
    if !valid_prefix(prefix) {
        return Err(WorkError::Invalid(format!(
            "--prefix {prefix:?}: a role prefix is lowercase letters, digits and _ (at most 40), starting with a letter or _"
        )));
    }
    let pg = Postgres::connect_uninstalled(url)?;
    let login = pg.login.clone();
    let target = pg.target.clone();
    let applied = pg.transact(|tx| {
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(7243013);
             SET LOCAL client_min_messages = warning;
             CREATE SCHEMA IF NOT EXISTS chartq;
             CREATE TABLE IF NOT EXISTS chartq.install (
                 one bool PRIMARY KEY DEFAULT true CHECK (one),
                 prefix text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
                 created_by text NOT NULL DEFAULT session_user);
             CREATE TABLE IF NOT EXISTS chartq.schema_version (
                 number integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(),
                 applied_by text NOT NULL DEFAULT session_user);",
        )
        .map_err(pg_error)?;
        check_prefix(tx, prefix, &target)?;
        create_roles(tx, prefix)?;
        let applied = apply_migrations(tx)?;
        let steps = apply_pg_steps(tx)?;
        for sql in CORE_FUNCTIONS
            .iter()
            .chain(super::coding::FUNCTIONS)
            .chain(super::code_sets::FUNCTIONS)
            .chain(super::review::FUNCTIONS)
            .chain(super::reports::FUNCTIONS)
        {
            tx.batch_execute(sql).map_err(pg_error)?;
        }
        tx.batch_execute(POLICIES).map_err(pg_error)?;
        grant(tx, prefix)?;
        first_admin(tx, &login)?;
        let mut details = serde_json::json!({ "prefix": prefix, "applied": applied });
        if !steps.is_empty() {
            details["pg_steps"] = serde_json::json!(steps);
        }
        tx.execute(
            "SELECT chartq.audit_append(session_user::text, NULL, 'database_initialized', NULL, $1)",
            &[&details],
        )
        .map_err(pg_error)?;
        Ok(applied)
    })?;
    Ok(InitReport {
        database: target,
        prefix: prefix.to_string(),
        applied,
        admin: login,
    })
}

/// Role prefixes are used unquoted in messages and quoted in SQL; keep
/// them plain.
fn valid_prefix(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && prefix.len() <= 40
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Records the prefix on a new database; refuses another one on an
/// initialized database (its users hold the old group roles).
fn check_prefix(tx: &mut Transaction<'_>, prefix: &str, target: &str) -> Result<(), WorkError> {
    let existing: Option<String> = tx
        .query_opt("SELECT prefix FROM chartq.install", &[])
        .map_err(pg_error)?
        .map(|r| r.get(0));
    match existing {
        Some(old) if old != prefix => Err(WorkError::Conflict(format!(
            "{target}: set up with role prefix {old:?}, not {prefix:?}; run init-postgres with --prefix {old}"
        ))),
        Some(_) => Ok(()),
        None => {
            tx.execute(
                "INSERT INTO chartq.install (prefix) VALUES ($1)",
                &[&prefix],
            )
            .map_err(pg_error)?;
            Ok(())
        }
    }
}

/// The group roles `<prefix>coder` … `<prefix>admin` (NOLOGIN), when missing.
fn create_roles(tx: &mut Transaction<'_>, prefix: &str) -> Result<(), WorkError> {
    for role in ROLES {
        let name = format!("{prefix}{role}");
        let exists = tx
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
            .map_err(pg_error)?
            .is_some();
        if !exists {
            tx.batch_execute(&format!("CREATE ROLE {} NOLOGIN", ident(&name)))
                .map_err(pg_error)?;
        }
    }
    Ok(())
}

/// Applies the migrations not yet recorded, lowest number first.
fn apply_migrations(tx: &mut Transaction<'_>) -> Result<Vec<i64>, WorkError> {
    let done: Vec<i64> = tx
        .query("SELECT number::bigint FROM chartq.schema_version", &[])
        .map_err(pg_error)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut applied = Vec::new();
    for (number, sql) in migrations() {
        if done.contains(&number) {
            continue;
        }
        tx.batch_execute(sql).map_err(|e| {
            let err = pg_error(e);
            WorkError::Invalid(format!("migration {number:04}: {err}"))
        })?;
        let n = i32::try_from(number).unwrap_or(i32::MAX);
        tx.execute(
            "INSERT INTO chartq.schema_version (number) VALUES ($1)",
            &[&n],
        )
        .map_err(pg_error)?;
        applied.push(number);
    }
    Ok(applied)
}

/// Applies the PostgreSQL-only steps not yet recorded, in order.
fn apply_pg_steps(tx: &mut Transaction<'_>) -> Result<Vec<&'static str>, WorkError> {
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS chartq.pg_step (
             name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(),
             applied_by text NOT NULL DEFAULT session_user)",
    )
    .map_err(pg_error)?;
    let mut applied = Vec::new();
    for (name, sql) in PG_STEPS {
        let done = tx
            .query_opt("SELECT 1 FROM chartq.pg_step WHERE name = $1", &[name])
            .map_err(pg_error)?
            .is_some();
        if done {
            continue;
        }
        tx.batch_execute(sql).map_err(|e| {
            let err = pg_error(e);
            WorkError::Invalid(format!("step {name}: {err}"))
        })?;
        tx.execute("INSERT INTO chartq.pg_step (name) VALUES ($1)", &[name])
            .map_err(pg_error)?;
        applied.push(*name);
    }
    Ok(applied)
}

/// What the chartq roles may do directly: use the schema, SELECT the
/// tables (rows by policy), EXECUTE the API functions. Nothing else: no
/// INSERT, UPDATE or DELETE anywhere.
fn grant(tx: &mut Transaction<'_>, prefix: &str) -> Result<(), WorkError> {
    let roles: Vec<String> = ROLES
        .iter()
        .map(|r| ident(&format!("{prefix}{r}")))
        .collect();
    let roles = roles.join(", ");
    let tables: Vec<&str> = CORE_READ_TABLES
        .iter()
        .chain(super::coding::READ_TABLES)
        .chain(super::review::READ_TABLES)
        .chain(super::reports::READ_TABLES)
        .copied()
        .collect();
    let functions: Vec<&str> = CORE_API_FUNCTIONS
        .iter()
        .chain(super::coding::API_FUNCTIONS)
        .chain(super::code_sets::API_FUNCTIONS)
        .chain(super::review::API_FUNCTIONS)
        .chain(super::reports::API_FUNCTIONS)
        .copied()
        .collect();
    tx.batch_execute(&format!(
        "REVOKE ALL ON SCHEMA chartq FROM PUBLIC;
         GRANT USAGE ON SCHEMA chartq TO {roles};
         REVOKE ALL ON ALL TABLES IN SCHEMA chartq FROM PUBLIC, {roles};
         REVOKE ALL ON ALL SEQUENCES IN SCHEMA chartq FROM PUBLIC, {roles};
         REVOKE ALL ON ALL FUNCTIONS IN SCHEMA chartq FROM PUBLIC, {roles};
         GRANT SELECT ON {} TO {roles};
         GRANT EXECUTE ON FUNCTION {} TO {roles};",
        tables.join(", "),
        functions.join(", ")
    ))
    .map_err(pg_error)
}

/// The runner becomes the first admin of a database without users.
fn first_admin(tx: &mut Transaction<'_>, login: &str) -> Result<(), WorkError> {
    let users: i64 = tx
        .query_one("SELECT count(*) FROM chartq.app_user", &[])
        .map_err(pg_error)?
        .get(0);
    if users > 0 {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO chartq.app_user (login, role, created_at)
         VALUES ($1, 'admin', chartq.stamp(now()))",
        &[&login],
    )
    .map_err(pg_error)?;
    tx.execute("SELECT chartq.grant_role($1, 'admin')", &[&login])
        .map_err(pg_error)?;
    let details = serde_json::json!({ "login": login, "role": "admin", "init": true });
    tx.execute(
        "SELECT chartq.audit_append($1, NULL, 'user_added', NULL, $2)",
        &[&login, &details],
    )
    .map_err(pg_error)?;
    Ok(())
}

/// A quoted SQL identifier.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
