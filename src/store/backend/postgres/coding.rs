//! Coding on PostgreSQL: assign, edit, unassign, sequence, the principal,
//! finalize (with the chart's MS-DRG), each a definer function (pg-coding
//! fills these in). Also the hooks `charts::show` reads a chart's codes
//! and DRG through.

use super::*;

/// `Backend::assign` on PostgreSQL.
pub fn assign(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _new: &NewAssignment,
) -> Result<Assignment, WorkError> {
    Err(not_yet("assign"))
}

/// `Backend::edit` on PostgreSQL.
pub fn edit(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _code: &str,
    _change: &AssignmentEdit,
) -> Result<Assignment, WorkError> {
    Err(not_yet("edit"))
}

/// `Backend::unassign` on PostgreSQL.
pub fn unassign(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _code: &str,
) -> Result<Vec<Assignment>, WorkError> {
    Err(not_yet("unassign"))
}

/// `Backend::sequence` on PostgreSQL.
pub fn sequence(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _code: &str,
    _position: i64,
) -> Result<Vec<Assignment>, WorkError> {
    Err(not_yet("sequence"))
}

/// `Backend::make_principal` on PostgreSQL.
pub fn make_principal(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _code: &str,
) -> Result<Vec<Assignment>, WorkError> {
    Err(not_yet("make_principal"))
}

/// `Backend::finalize_problems` on PostgreSQL.
pub fn finalize_problems(
    _pg: &Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
) -> Result<Vec<String>, WorkError> {
    Err(not_yet("finalize_problems"))
}

/// `Backend::finalize` on PostgreSQL.
pub fn finalize(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _verdict: &EditVerdict,
    _drg: Option<&FinalDrg>,
) -> Result<Chart, WorkError> {
    Err(not_yet("finalize"))
}

/// pg-coding's PostgreSQL migrations (assignments, chart DRG, ...), as
/// `(number, sql)`: the numbers of the SQLite migrations whose tables they
/// hold (`src/store/migrations/`), in PostgreSQL's dialect. `migrate`
/// applies every number not yet recorded, lowest first, with the core's.
pub const MIGRATIONS: &[(i64, &str)] = &[];

/// A chart's codes in sequence order, for `charts::show` and `reload`
/// (empty until the coding tables exist).
pub fn chart_assignments(
    _tx: &mut Transaction<'_>,
    _chart_id: i64,
) -> Result<Vec<Assignment>, WorkError> {
    Ok(Vec::new())
}

/// The MS-DRG a chart was finalized with, for `charts::show` and `reload`.
pub fn chart_drg(_tx: &mut Transaction<'_>, _chart_id: i64) -> Result<Option<ChartDrg>, WorkError> {
    Ok(None)
}

/// pg-coding's function files (`CREATE OR REPLACE`), run by every init
/// after the core's.
pub const FUNCTIONS: &[&str] = &[];

/// pg-coding's tables every chartq role may SELECT (row-level security
/// decides which rows), e.g. `chartq.assignment`.
pub const READ_TABLES: &[&str] = &[];

/// pg-coding's definer functions every chartq role may EXECUTE (each checks
/// the access matrix itself), e.g. `chartq.assign`.
pub const API_FUNCTIONS: &[&str] = &[];
