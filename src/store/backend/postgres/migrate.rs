//! Setting a PostgreSQL database up for chartq (`chartq db init-postgres`):
//! the schema's numbered migrations, the group roles, the definer
//! functions and the row-level-security policies. Idempotent: a second run
//! applies only what is missing and re-creates the functions.

use postgres::Client;

use super::pg_error;
use crate::store::WorkError;

/// The login of the session and the database's role prefix, or a refusal
/// naming `chartq db init-postgres` when the database is not set up.
pub(super) fn installed(client: &mut Client, target: &str) -> Result<(String, String), WorkError> {
    let row = client
        .query_one(
            "SELECT session_user::text, to_regclass('chartq.install') IS NOT NULL",
            &[],
        )
        .map_err(pg_error)?;
    let login: String = row.get(0);
    if !row.get::<_, bool>(1) {
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
const CORE_MIGRATIONS: &[(i64, &str)] = &[];

/// Every migration, core and coding, lowest number first.
pub fn migrations() -> Vec<(i64, &'static str)> {
    let mut all: Vec<(i64, &'static str)> = CORE_MIGRATIONS
        .iter()
        .chain(super::coding::MIGRATIONS)
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
/// policies; the runner becomes an admin. Idempotent; audited.
pub fn init(url: &str, prefix: &str) -> Result<InitReport, WorkError> {
    let _ = (url, prefix);
    Err(super::not_yet("init-postgres"))
}
