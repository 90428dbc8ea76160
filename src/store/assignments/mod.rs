//! Code assignments on a chart: adding, removing and sequencing codes, and
//! the finalize rules. Every code is checked against the code-set version
//! valid on the chart's date of service (inpatient: discharge date; others:
//! service date). Only the lease holder changes an in-progress chart.

use crate::domain::audit::{AuditDetail, CodeOnChart};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::charts;
use super::queue;
use super::{Store, WorkError, access, audit, clock};
use crate::domain::chart::{Chart, ChartRef};
use crate::domain::codes::lookup_key;
use crate::domain::coding::{Assignment, AssignmentEdit, CodeRole, NewAssignment, Poa};
use crate::domain::drg::FinalDrg;
use crate::domain::edit::EditVerdict;
use crate::domain::finalize;
use crate::domain::people::Actor;

pub(crate) mod checks;
use checks::{
    check_attributes, codes_not_valid_on_date_of_service, find_valid_code, version_system,
};
pub(crate) use checks::{
    check_attributes as check_code_attributes, find_valid_code as find_code_on_date,
    version_system as system_of_version,
};

/// Runs `change` in one transaction on the chart `chart` names, once the
/// actor may see it and holds its lease (which the activity renews): the
/// preamble of every change to a chart's codes.
fn on_held_chart<T>(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    change: impl FnOnce(&Transaction<'_>, i64) -> Result<T, WorkError>,
) -> Result<T, WorkError> {
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::require_holder(tx, actor, id)?;
        change(tx, id)
    })
}

/// Assigns a code (or changes the role, POA, modifiers, units or pointers
/// of a code already on the chart, keeping its position). The one place
/// that decides what the coder left out: the code system (whichever set
/// valid on the date of service has the code) and the role (the first
/// diagnosis is the principal, later ones secondary, procedure codes
/// procedures).
pub fn assign(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    new: &NewAssignment,
) -> Result<Assignment, WorkError> {
    on_held_chart(store, actor, chart, |tx, id| assign_in(tx, actor, id, new))
}

/// Changes one thing about a code already on the chart (its role, POA,
/// modifiers or units), keeping everything else and its position: read,
/// changed and written back in one transaction, audited `code_changed`,
/// checked by the same rules as an assignment.
pub fn edit(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
    change: &AssignmentEdit,
) -> Result<Assignment, WorkError> {
    on_held_chart(store, actor, chart, |tx, id| {
        let current = find_on_chart(tx, id, code)?;
        let mut new = NewAssignment::from(&current);
        match change {
            AssignmentEdit::Role(role) => new.role = Some(*role),
            AssignmentEdit::Poa(poa) => new.poa = *poa,
            AssignmentEdit::Modifiers(modifiers) => new.modifiers = modifiers.clone(),
            AssignmentEdit::Units(units) => new.units = *units,
        }
        assign_in(tx, actor, id, &new)
    })
}

/// [`assign`] inside the caller's transaction, on chart `id` the actor
/// holds.
fn assign_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: i64,
    new: &NewAssignment,
) -> Result<Assignment, WorkError> {
    {
        let chart = charts::load(tx, id)?;
        let found = find_valid_code(tx, &chart, &new.code, new.system)?;
        let system = version_system(tx, found.version_id)?;
        let existing: Option<(i64, String)> = tx
            .query_row(
                "SELECT seq, role FROM assignment WHERE chart_id = ?1 AND system = ?2 AND code = ?3",
                params![id, system.as_str(), found.code.code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        // Changing a code already on the chart keeps its role unless a new
        // one is given.
        let kept_role = match &existing {
            Some((_, role)) => Some(role.parse().map_err(WorkError::Invalid)?),
            None => None,
        };
        let role = check_attributes(tx, &chart, system, new.role.or(kept_role), new)?;
        let seq = match existing {
            Some((seq, _)) => seq,
            None => tx.query_row(
                "SELECT ifnull(max(seq), 0) + 1 FROM assignment WHERE chart_id = ?1",
                [id],
                |r| r.get(0),
            )?,
        };
        let modifiers: Vec<String> = new
            .modifiers
            .iter()
            .map(|m| m.to_ascii_uppercase())
            .collect();
        tx.execute(
            "INSERT INTO assignment (chart_id, seq, system, code, version_id, billable, title, role,
                poa, modifiers, units, pointers, assigned_by, assigned_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (chart_id, system, code) DO UPDATE SET role = excluded.role,
                poa = excluded.poa, modifiers = excluded.modifiers, units = excluded.units,
                pointers = excluded.pointers, assigned_by = excluded.assigned_by,
                assigned_at = excluded.assigned_at",
            params![
                id,
                seq,
                system.as_str(),
                found.code.code,
                found.version_id,
                found.code.billable,
                found.code.long_title,
                role.as_str(),
                new.poa.map(Poa::as_str),
                serde_json::to_string(&modifiers).unwrap_or_default(),
                new.units,
                serde_json::to_string(&new.pointers).unwrap_or_default(),
                actor.user.id,
                clock::stamp(clock::now()),
            ],
        )?;
        let on_chart = CodeOnChart {
            system,
            code: found.code.code.clone(),
            role,
            seq,
            poa: new.poa,
            modifiers,
            units: new.units,
            pointers: new.pointers.clone(),
        };
        let detail = if existing.is_some() {
            AuditDetail::CodeChanged(on_chart)
        } else {
            AuditDetail::CodeAssigned(on_chart)
        };
        audit::record(tx, actor, Some(id), detail)?;
        load(tx, id)?
            .into_iter()
            .find(|a| a.seq == seq)
            .ok_or_else(|| WorkError::Conflict("the assignment vanished".into()))
    }
}

/// Removes a code from the chart; the codes after it move up.
pub fn unassign(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
) -> Result<Vec<Assignment>, WorkError> {
    on_held_chart(store, actor, chart, |tx, id| {
        let current = find_on_chart(tx, id, code)?;
        tx.execute(
            "DELETE FROM assignment WHERE chart_id = ?1 AND seq = ?2",
            params![id, current.seq],
        )?;
        tx.execute(
            "UPDATE assignment SET seq = seq - 1 WHERE chart_id = ?1 AND seq > ?2",
            params![id, current.seq],
        )?;
        audit::record(
            tx,
            actor,
            Some(id),
            AuditDetail::CodeUnassigned {
                system: current.system,
                code: current.code,
                seq: current.seq,
            },
        )?;
        load(tx, id)
    })
}

/// Moves a code to `position` (1-based); the others keep their order.
pub fn sequence(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
    position: i64,
) -> Result<Vec<Assignment>, WorkError> {
    on_held_chart(store, actor, chart, |tx, id| {
        sequence_in(tx, actor, id, code, position)?;
        load(tx, id)
    })
}

/// [`sequence`] inside the caller's transaction.
fn sequence_in(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: i64,
    code: &str,
    position: i64,
) -> Result<(), WorkError> {
    let current = find_on_chart(tx, id, code)?;
    let count: i64 = tx.query_row(
        "SELECT count(*) FROM assignment WHERE chart_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if !(1..=count).contains(&position) {
        return Err(WorkError::Invalid(format!(
            "position must be 1 to {count} (the chart has {count} codes)"
        )));
    }
    let from = current.seq;
    tx.execute(
        "UPDATE assignment SET seq = CASE
            WHEN seq = ?2 THEN ?3
            WHEN ?2 < ?3 AND seq > ?2 AND seq <= ?3 THEN seq - 1
            WHEN ?2 > ?3 AND seq >= ?3 AND seq < ?2 THEN seq + 1
            ELSE seq END
         WHERE chart_id = ?1",
        params![id, from, position],
    )?;
    audit::record(
        tx,
        actor,
        Some(id),
        AuditDetail::CodeSequenced {
            system: current.system,
            code: current.code,
            from,
            to: position,
        },
    )
}

/// Makes a diagnosis on the chart its principal (first-listed) diagnosis,
/// the coder's one keystroke for "this is why they were here": the
/// principal it replaces becomes a secondary diagnosis, and the new one is
/// sequenced first. One transaction, each change audited. (Assigning a
/// second code with `--role principal` does not demote anything: finalize
/// then names both, since only the coder knows which was meant.)
pub fn make_principal(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    code: &str,
) -> Result<Vec<Assignment>, WorkError> {
    on_held_chart(store, actor, chart, |tx, id| {
        let chosen = find_on_chart(tx, id, code)?;
        if !chosen.system.is_diagnosis() {
            return Err(WorkError::Invalid(format!(
                "{} is a {} code: only a diagnosis can be the principal",
                chosen.code, chosen.system
            )));
        }
        for old in load(tx, id)?
            .iter()
            .filter(|a| a.role == CodeRole::Principal && a.code != chosen.code)
        {
            let mut demoted = NewAssignment::from(old);
            demoted.role = Some(CodeRole::Secondary);
            assign_in(tx, actor, id, &demoted)?;
        }
        let mut principal = NewAssignment::from(&chosen);
        principal.role = Some(CodeRole::Principal);
        assign_in(tx, actor, id, &principal)?;
        sequence_in(tx, actor, id, &chosen.code, 1)?;
        load(tx, id)
    })
}

/// Everything that stops chart `key` from being finalized now (empty when
/// it may be), for the TUI to show before the coder tries.
pub fn finalize_problems(
    store: &Store,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<Vec<String>, WorkError> {
    store.read(|c| {
        let id = access::resolve(c, actor, chart)?;
        problems(c, &charts::load(c, id)?)
    })
}

/// Finalizes the holder's chart: `coded`, lease ended, flag cleared.
/// Refuses with every reason at once when the coding is not complete: the
/// store's own problems and the coding edits' blocking ones (`verdict`,
/// judged by the use case above the store on the codes it loaded; if the
/// codes are no longer those, the verdict is stale and finalize refuses).
/// Acknowledged warnings and their reason are audited with the finalize.
/// `drg`, grouped by the use case over the same codes the verdict judged
/// (so the fingerprint check covers it too), is stored with the chart
/// ([`super::chart_drg`]) and audited.
pub fn finalize(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    verdict: &EditVerdict,
    drg: Option<&FinalDrg>,
) -> Result<Chart, WorkError> {
    on_held_chart(store, actor, chart, |tx, id| {
        let chart = charts::load(tx, id)?;
        let current = load(tx, id)?;
        let reasons = verdict.refusals(&current, problems(tx, &chart)?);
        if !reasons.is_empty() {
            return Err(WorkError::Refused {
                chart: chart.account,
                reasons,
            });
        }
        let now = clock::stamp(clock::now());
        tx.execute(
            "UPDATE chart SET status = 'coded', lease_holder = NULL, lease_until = NULL,
                flagged = 0, assigned_to = NULL, coded_at = ?1, coded_by = ?2, updated_at = ?1
             WHERE id = ?3",
            params![now, actor.user.id, id],
        )?;
        super::chart_drg::record(tx, id, drg, &now)?;
        let codes: Vec<String> = current.into_iter().map(|a| a.code).collect();
        let details = AuditDetail::chart_finalized(codes, verdict, drg.copied());
        audit::record(tx, actor, Some(id), details)?;
        charts::load(tx, id)
    })
}

/// The finalize rules ([`finalize::problems`], pure) over the chart as
/// stored now: its codes, which of them the date of service no longer
/// allows, and its open provider queries.
fn problems(conn: &Connection, chart: &Chart) -> Result<Vec<String>, WorkError> {
    let codes = load(conn, chart.id)?;
    let stale = codes_not_valid_on_date_of_service(conn, chart, &codes)?;
    let open = queue::open_queries(conn, chart.id)?;
    Ok(finalize::problems(chart, &codes, &stale, open))
}

/// The chart's assignment matching `code` (any case, dot optional).
fn find_on_chart(conn: &Connection, chart_id: i64, code: &str) -> Result<Assignment, WorkError> {
    let key = lookup_key(code);
    load(conn, chart_id)?
        .into_iter()
        .find(|a| lookup_key(&a.code) == key)
        .ok_or_else(|| {
            WorkError::Invalid(format!(
                "{} is not on the chart",
                crate::domain::text::single_line(code)
            ))
        })
}

/// A chart's codes in sequence order.
pub(crate) fn load(conn: &Connection, chart_id: i64) -> Result<Vec<Assignment>, WorkError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.seq, a.system, a.code, a.title, a.billable, a.role, a.poa, a.modifiers, a.units,
                a.pointers, u.login, a.assigned_at
         FROM assignment a JOIN app_user u ON u.id = a.assigned_by
         WHERE a.chart_id = ?1 ORDER BY a.seq",
    )?;
    let rows = stmt.query_map([chart_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, bool>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<i64>>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, String>(10)?,
            r.get::<_, String>(11)?,
        ))
    })?;
    rows.map(|row| {
        let (seq, system, code, title, billable, role, poa, modifiers, units, pointers, by, at) =
            row?;
        Ok(Assignment {
            seq,
            system: system.parse().map_err(WorkError::Invalid)?,
            code,
            title,
            billable,
            role: role.parse().map_err(WorkError::Invalid)?,
            poa: poa
                .map(|p: String| p.parse().map_err(WorkError::Invalid))
                .transpose()?,
            modifiers: serde_json::from_str(&modifiers).unwrap_or_default(),
            units,
            pointers: serde_json::from_str(&pointers).unwrap_or_default(),
            assigned_by: by,
            assigned_at: at,
        })
    })
    .collect()
}
