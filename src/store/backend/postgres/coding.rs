//! Coding on PostgreSQL: assign, edit, unassign, sequence, the principal,
//! finalize (with the chart's MS-DRG). chartq checks *what* here, as the
//! SQLite store does (the code exists in the version valid on the date of
//! service, role/POA/modifiers fit the chart); the definer functions
//! (`sql/coding_functions.sql`) decide *who* (the lease holder, the access
//! matrix) and write the change with its audit event. Also the hooks
//! `charts::show` reads a chart's codes and DRG through.

use super::*;
use crate::domain::codes::lookup_key;
use crate::domain::coding::CodeRole;
use crate::store::assignments::checks::check_attributes_on;

pub(super) mod reads;

/// Runs `change` in one transaction on the chart `chart` names, as the
/// session sees it (`chart KEY not found` otherwise; read first through
/// the seam's `reload`, the definer functions lock and re-check it).
fn on_chart<T>(
    pg: &Postgres,
    actor: &Actor,
    chart: &ChartRef,
    change: impl FnOnce(&mut Transaction<'_>, Chart) -> Result<T, WorkError>,
) -> Result<T, WorkError> {
    let loaded = pg.reload(actor, chart)?.chart;
    pg.transact(|tx| change(tx, loaded))
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// [`assign`] inside the caller's transaction.
fn assign_in(
    tx: &mut Transaction<'_>,
    actor: &Actor,
    chart: &Chart,
    new: &NewAssignment,
) -> Result<Assignment, WorkError> {
    let (system, found) = reads::find_valid_code(tx, chart, &new.code, new.system)?;
    let current = reads::assignments(tx, chart.id)?;
    let existing = current
        .iter()
        .find(|a| a.system == system && a.code == found.code.code);
    let has_principal = current.iter().any(|a| a.role == CodeRole::Principal);
    let diagnoses = current
        .iter()
        .filter(|a| a.system == CodeSystem::Icd10Cm)
        .count() as i64;
    let role = check_attributes_on(
        chart,
        system,
        new.role.or(existing.map(|a| a.role)),
        new,
        has_principal,
        diagnoses,
    )?;
    let modifiers: Vec<String> = new
        .modifiers
        .iter()
        .map(|m| m.to_ascii_uppercase())
        .collect();
    let (id, account): (Option<i64>, Option<String>) = (Some(chart.id), None);
    tx.execute(
        "SELECT chartq.assign_code($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        &[
            &acting_as(actor),
            &id,
            &account,
            &system.as_str(),
            &found.code.code,
            &found.version_id,
            &found.code.billable,
            &found.code.long_title,
            &role.as_str(),
            &new.poa.map(|p| p.as_str()),
            &json(&modifiers),
            &new.units.map(|u| u as i32),
            &json(&new.pointers),
        ],
    )
    .map_err(pg_error)?;
    reads::assignments(tx, chart.id)?
        .into_iter()
        .find(|a| a.system == system && a.code == found.code.code)
        .ok_or_else(|| WorkError::Invalid(format!("{} was not stored", found.code.code)))
}

/// The chart's assignment matching `code` (any case, dot optional).
fn find_on_chart(
    tx: &mut Transaction<'_>,
    chart_id: i64,
    code: &str,
) -> Result<Assignment, WorkError> {
    let key = lookup_key(code);
    reads::assignments(tx, chart_id)?
        .into_iter()
        .find(|a| lookup_key(&a.code) == key)
        .ok_or_else(|| {
            WorkError::Invalid(format!(
                "{} is not on the chart",
                crate::domain::text::single_line(code)
            ))
        })
}

/// `Backend::assign` on PostgreSQL.
pub fn assign(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    new: &NewAssignment,
) -> Result<Assignment, WorkError> {
    on_chart(pg, actor, chart, |tx, c| assign_in(tx, actor, &c, new))
}

/// `Backend::edit` on PostgreSQL: the code as it stands, one thing changed,
/// assigned again (its position kept).
pub fn edit(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
    change: &AssignmentEdit,
) -> Result<Assignment, WorkError> {
    on_chart(pg, actor, chart, |tx, c| {
        let current = find_on_chart(tx, c.id, code)?;
        let mut new = NewAssignment::from(&current);
        match change {
            AssignmentEdit::Role(role) => new.role = Some(*role),
            AssignmentEdit::Poa(poa) => new.poa = *poa,
            AssignmentEdit::Modifiers(modifiers) => new.modifiers = modifiers.clone(),
            AssignmentEdit::Units(units) => new.units = *units,
        }
        assign_in(tx, actor, &c, &new)
    })
}

/// `Backend::unassign` on PostgreSQL.
pub fn unassign(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
) -> Result<Vec<Assignment>, WorkError> {
    on_chart(pg, actor, chart, |tx, c| {
        let current = find_on_chart(tx, c.id, code)?;
        tx.execute(
            "SELECT count(*) FROM chartq.unassign_code($1, $2, NULL, $3)",
            &[&acting_as(actor), &c.id, &current.code],
        )
        .map_err(pg_error)?;
        reads::assignments(tx, c.id)
    })
}

fn sequence_in(
    tx: &mut Transaction<'_>,
    actor: &Actor,
    chart_id: i64,
    code: &str,
    position: i64,
) -> Result<Vec<Assignment>, WorkError> {
    let current = find_on_chart(tx, chart_id, code)?;
    let position = i32::try_from(position.max(1)).unwrap_or(i32::MAX);
    tx.execute(
        "SELECT count(*) FROM chartq.sequence_code($1, $2, NULL, $3, $4)",
        &[&acting_as(actor), &chart_id, &current.code, &position],
    )
    .map_err(pg_error)?;
    reads::assignments(tx, chart_id)
}

/// `Backend::sequence` on PostgreSQL.
pub fn sequence(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
    position: i64,
) -> Result<Vec<Assignment>, WorkError> {
    on_chart(pg, actor, chart, |tx, c| {
        sequence_in(tx, actor, c.id, code, position)
    })
}

/// `Backend::make_principal` on PostgreSQL: the old principal becomes a
/// secondary diagnosis, the chosen one the principal, sequenced first.
pub fn make_principal(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
) -> Result<Vec<Assignment>, WorkError> {
    on_chart(pg, actor, chart, |tx, c| {
        let chosen = find_on_chart(tx, c.id, code)?;
        if !chosen.system.is_diagnosis() {
            return Err(WorkError::Invalid(format!(
                "{} is a {} code: only a diagnosis can be the principal",
                chosen.code, chosen.system
            )));
        }
        for old in reads::assignments(tx, c.id)?
            .iter()
            .filter(|a| a.role == CodeRole::Principal && a.code != chosen.code)
        {
            let mut demoted = NewAssignment::from(old);
            demoted.role = Some(CodeRole::Secondary);
            assign_in(tx, actor, &c, &demoted)?;
        }
        let mut principal = NewAssignment::from(&chosen);
        principal.role = Some(CodeRole::Principal);
        assign_in(tx, actor, &c, &principal)?;
        sequence_in(tx, actor, c.id, &chosen.code, 1)
    })
}

/// The finalize rules over the chart as stored now.
fn problems(tx: &mut Transaction<'_>, chart: &Chart) -> Result<Vec<String>, WorkError> {
    let codes = reads::assignments(tx, chart.id)?;
    let stale = reads::stale_codes(tx, chart, &codes)?;
    let open: i64 = tx
        .query_one("SELECT chartq.open_queries($1)", &[&chart.id])
        .map_err(pg_error)?
        .get(0);
    Ok(crate::domain::finalize::problems(
        chart, &codes, &stale, open,
    ))
}

/// `Backend::finalize_problems` on PostgreSQL.
pub fn finalize_problems(
    pg: &Postgres,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<Vec<String>, WorkError> {
    on_chart(pg, actor, chart, |tx, c| problems(tx, &c))
}

/// The lease comes first, as SQLite's `require_holder` words it: a chart
/// not in progress, or someone else's, is refused for that before any
/// edit is listed. Only the wording: `chartq.finalize_chart` decides.
fn held_by(actor: &Actor, c: &Chart) -> Result<(), WorkError> {
    use crate::domain::chart::Status;
    match c.status {
        Status::InProgress => {}
        Status::New | Status::OnHold => {
            return Err(WorkError::Conflict(format!(
                "chart {} is {}; claim it first (`chartq queue claim {}`)",
                c.account, c.status, c.account
            )));
        }
        Status::Coded | Status::Audited => {
            return Err(WorkError::Conflict(format!(
                "chart {} is already {}; its coding is final",
                c.account, c.status
            )));
        }
    }
    match &c.lease_holder {
        Some(holder) if *holder != actor.user.login => Err(WorkError::Forbidden(format!(
            "only the lease holder changes chart {} (held by {holder} until {})",
            c.account,
            c.lease_until.as_deref().unwrap_or("")
        ))),
        _ => Ok(()),
    }
}

/// `Backend::finalize` on PostgreSQL: refused with every reason at once
/// (the store's problems and the verdict's blocking sentences, or the codes
/// changed since the verdict); the definer function re-checks the codes
/// under its lock and stores the DRG with the first one kept as original.
pub fn finalize(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    verdict: &EditVerdict,
    drg: Option<&FinalDrg>,
) -> Result<Chart, WorkError> {
    let id = on_chart(pg, actor, chart, |tx, c| {
        held_by(actor, &c)?;
        let current = reads::assignments(tx, c.id)?;
        let reasons = verdict.refusals(&current, problems(tx, &c)?);
        if !reasons.is_empty() {
            return Err(WorkError::Refused {
                chart: c.account,
                reasons,
            });
        }
        let codes: Vec<String> = current.into_iter().map(|a| a.code).collect();
        let details = json(&crate::domain::audit::AuditDetail::chart_finalized(
            codes.clone(),
            verdict,
            drg.copied(),
        ));
        let (d, mdc, version) = match drg {
            Some(d) => (
                Some(d.drg.to_string()),
                Some(d.mdc.to_string()),
                Some(d.version.as_str().to_string()),
            ),
            None => (None, None, None),
        };
        let weight = drg.and_then(|d| d.weight).map(|w| w.to_string());
        tx.execute(
            "SELECT chartq.finalize_chart($1, $2, NULL, $3, $4, $5, $6, $7, $8)",
            &[
                &acting_as(actor),
                &c.id,
                &codes,
                &details,
                &d,
                &mdc,
                &version,
                &weight,
            ],
        )
        .map_err(pg_error)?;
        Ok(c.id)
    })?;
    Ok(pg
        .reload(actor, &ChartRef::Id(crate::domain::chart::ChartId(id)))?
        .chart)
}

/// `Backend::record_working_drg` on PostgreSQL: `chartq.record_working_drg`
/// checks the caller, compares, writes and audits in one transaction.
pub fn record_working_drg(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    drg: Option<&FinalDrg>,
) -> Result<bool, WorkError> {
    let (id, account) = match chart {
        ChartRef::Id(id) => (Some(id.0), None),
        ChartRef::Account(a) => (None, Some(a.trim().to_string())),
    };
    let details =
        json(&crate::domain::audit::AuditDetail::WorkingDrgRecorded { drg: drg.copied() });
    let cells = drg.map(|d| {
        (
            d.drg.to_string(),
            d.mdc.to_string(),
            d.version.as_str().to_string(),
        )
    });
    let (d, mdc, version) = match cells {
        Some((d, m, v)) => (Some(d), Some(m), Some(v)),
        None => (None, None, None),
    };
    let weight = drg.and_then(|d| d.weight).map(|w| w.to_string());
    let row = pg
        .client()
        .query_one(
            "SELECT chartq.record_working_drg($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &acting_as(actor),
                &id,
                &account,
                &d,
                &mdc,
                &version,
                &weight,
                &details,
            ],
        )
        .map_err(pg_error)?;
    Ok(row.get(0))
}

/// A chart's codes in sequence order, for `charts::show` and `reload`.
pub fn chart_assignments(
    tx: &mut Transaction<'_>,
    chart_id: i64,
) -> Result<Vec<Assignment>, WorkError> {
    reads::assignments(tx, chart_id)
}

/// The MS-DRG a chart was finalized with, for `charts::show` and `reload`.
pub fn chart_drg(tx: &mut Transaction<'_>, chart_id: i64) -> Result<Option<ChartDrg>, WorkError> {
    reads::drg(tx, chart_id)
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
    (18, include_str!("sql/0018_working_drg.sql")),
];

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
    "chartq.chart_working_drg",
];

/// pg-coding's definer functions every chartq role may EXECUTE (each checks
/// the access matrix itself), e.g. `chartq.assign`.
pub const API_FUNCTIONS: &[&str] = &[
    "chartq.assign_code",
    "chartq.unassign_code",
    "chartq.sequence_code",
    "chartq.finalize_chart",
    "chartq.record_working_drg",
    "chartq.ask_query",
    "chartq.answer_query",
    "chartq.close_query",
    "chartq.import_code_set",
    "chartq.import_poa_exempt_list",
    "chartq.put_snapshot",
    "chartq.charts_exported",
];
