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

/// pg-coding's PostgreSQL migrations (code sets, assignments, provider
/// queries, snapshots, index terms and tree, POA lists, chart DRG), as
/// `(number, sql)`: the numbers of the SQLite migrations whose tables they
/// hold (`src/store/migrations/`), in PostgreSQL's dialect. `migrate`
/// applies every number not yet recorded, lowest first, with the core's.
/// They reference the core's `chartq.chart` and `chartq.app_user`, so the
/// core's 0002/0003 run first (the numbers order them).
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("sql/0001_code_sets.sql")),
    (4, include_str!("sql/0004_coding.sql")),
    (6, include_str!("sql/0006_search_snapshots.sql")),
    (7, include_str!("sql/0007_index_terms.sql")),
    (8, include_str!("sql/0008_borrowed_notes.sql")),
    (10, include_str!("sql/0010_provider_answer_attribution.sql")),
    (12, include_str!("sql/0012_poa_exempt.sql")),
    (13, include_str!("sql/0013_chart_drg.sql")),
    (14, include_str!("sql/0014_index_tree.sql")),
];

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
pub const FUNCTIONS: &[&str] = &[include_str!("sql/coding_functions.sql")];

/// pg-coding's tables every chartq role may SELECT (row-level security
/// decides which rows), e.g. `chartq.assignment`.
pub const READ_TABLES: &[&str] = &[
    "chartq.code_set_version",
    "chartq.code",
    "chartq.code_note",
    "chartq.search_snapshot",
    "chartq.index_term",
    "chartq.poa_exempt_list",
    "chartq.poa_exempt_code",
    "chartq.index_node",
    "chartq.index_tree",
    "chartq.assignment",
    "chartq.provider_query",
    "chartq.chart_drg",
];

/// pg-coding's definer functions every chartq role may EXECUTE (each checks
/// the access matrix itself), e.g. `chartq.assign`.
pub const API_FUNCTIONS: &[&str] = &[
    "chartq.assign_code",
    "chartq.unassign_code",
    "chartq.sequence_code",
    "chartq.finalize_chart",
    "chartq.ask_query",
    "chartq.answer_query",
    "chartq.close_query",
    "chartq.import_code_set",
    "chartq.import_poa_exempt_list",
    "chartq.put_snapshot",
];
