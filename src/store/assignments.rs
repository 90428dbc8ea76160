//! Code assignments on a chart: adding, removing and sequencing codes, and
//! the finalize rules. Every code is checked against the code-set version
//! valid on the chart's date of service (inpatient: discharge date; others:
//! service date). Only the lease holder changes an in-progress chart.

use crate::domain::audit::AuditAction;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::charts;
use super::code_tables::{self, StoredCode};
use super::people::Actor;
use super::queue;
use super::{Store, WorkError, access, audit, clock};
use crate::domain::chart::{Chart, ChartRef, EncounterType};
use crate::domain::codes::{CodeKind, CodeSystem, lookup_key};
use crate::domain::coding::{Assignment, AssignmentEdit, CodeRole, NewAssignment, Poa};
use crate::domain::coverage::what_to_import;
use crate::domain::finalize;

const MAX_MODIFIERS: usize = 4;
const MAX_POINTERS: usize = 4;
const MAX_UNITS: u32 = 9999;

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
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::require_holder(tx, actor, id)?;
        assign_in(tx, actor, id, new)
    })
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
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::require_holder(tx, actor, id)?;
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
        audit::record(
            tx,
            actor,
            if existing.is_some() {
                AuditAction::CodeChanged
            } else {
                AuditAction::CodeAssigned
            },
            Some(id),
            serde_json::json!({
                "system": system, "code": found.code.code, "role": role, "seq": seq,
                "poa": new.poa, "modifiers": modifiers, "units": new.units, "pointers": new.pointers,
            }),
        )?;
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
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::require_holder(tx, actor, id)?;
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
            AuditAction::CodeUnassigned,
            Some(id),
            serde_json::json!({"system": current.system, "code": current.code, "seq": current.seq}),
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
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::require_holder(tx, actor, id)?;
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
        AuditAction::CodeSequenced,
        Some(id),
        serde_json::json!({"system": current.system, "code": current.code, "from": from, "to": position}),
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
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::require_holder(tx, actor, id)?;
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
/// Refuses with every reason at once when the coding is not complete.
pub fn finalize(store: &mut Store, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError> {
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::require_holder(tx, actor, id)?;
        let chart = charts::load(tx, id)?;
        let reasons = problems(tx, &chart)?;
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
        let codes: Vec<String> = load(tx, id)?.into_iter().map(|a| a.code).collect();
        audit::record(
            tx,
            actor,
            AuditAction::ChartFinalized,
            Some(id),
            serde_json::json!({"codes": codes}),
        )?;
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

/// Codes that are not in the version valid on the chart's date of service
/// (any more): a re-import may have moved the date of service into another
/// code-set year after the codes were assigned.
fn codes_not_valid_on_date_of_service(
    conn: &Connection,
    chart: &Chart,
    codes: &[Assignment],
) -> Result<Vec<String>, WorkError> {
    let date = chart.date_of_service;
    let mut versions = std::collections::HashMap::new();
    let mut stale = Vec::new();
    for a in codes {
        let version = match versions.get(&a.system) {
            Some(v) => *v,
            None => {
                let id = code_tables::version_for_date(conn, a.system, date)?.map(|v| v.id);
                versions.insert(a.system, id);
                id
            }
        };
        let valid = match version {
            Some(id) => code_tables::find_code_on(conn, id, &a.code, date)?.is_some(),
            None => false,
        };
        if !valid {
            stale.push(a.code.clone());
        }
    }
    Ok(stale)
}

/// The systems searched when the coder names none. Code shapes overlap
/// (HCPCS `E0601` vs an ICD-10-CM `E06.01`), so the lookup decides, and a
/// code found in two systems asks for `--system`.
const SEARCH_ORDER: [CodeSystem; 4] = [
    CodeSystem::Icd10Cm,
    CodeSystem::Icd10Pcs,
    CodeSystem::Cpt,
    CodeSystem::Hcpcs,
];

/// Finds `code` in the version of `system` (or of every system when
/// `None`) valid on the chart's date of service.
fn find_valid_code(
    conn: &Connection,
    chart: &Chart,
    code: &str,
    system: Option<CodeSystem>,
) -> Result<StoredCode, WorkError> {
    let date = chart.date_of_service;
    let shown = crate::domain::text::single_line(code);
    if lookup_key(code).is_empty() {
        return Err(WorkError::Invalid("the code is empty".into()));
    }
    let systems: Vec<CodeSystem> = match system {
        Some(s) => vec![s],
        None => SEARCH_ORDER.to_vec(),
    };
    let mut searched = Vec::new();
    let mut uncovered: Vec<CodeSystem> = Vec::new();
    let mut terminated = Vec::new();
    let mut hits = Vec::new();
    for s in systems {
        let Some(version) = code_tables::version_for_date(conn, s, date)? else {
            uncovered.push(s);
            continue;
        };
        searched.push(format!("{} {}", s, version.label));
        if let Some(found) = code_tables::find_code(conn, version.id, code)? {
            // HCPCS codes end mid-version (quarterly terminations).
            match found.code.valid_until {
                Some(until) if !found.code.is_valid_on(date) => {
                    terminated.push(format!("{} {} ended {until}", s, found.code.code));
                }
                _ => hits.push((s, found)),
            }
        }
    }
    if hits.is_empty() && !terminated.is_empty() {
        return Err(WorkError::Invalid(format!(
            "{shown} is not valid on the chart's date of service {date}: {}",
            terminated.join(", ")
        )));
    }
    match hits.len() {
        1 => {
            let (s, found) = hits.remove(0);
            match found.code.kind {
                CodeKind::Code | CodeKind::Category => Ok(found),
                CodeKind::Modifier => Err(WorkError::Invalid(format!(
                    "{} is a {s} modifier; add it with --modifier on a procedure code",
                    found.code.code
                ))),
                CodeKind::Chapter | CodeKind::Section => Err(WorkError::Invalid(format!(
                    "{} is a {s} {}, not a code",
                    found.code.code,
                    found.code.kind.as_str()
                ))),
            }
        }
        0 if searched.is_empty() => Err(WorkError::Invalid(format!(
            "no {} code set covers the chart's date of service {date}; import {}",
            uncovered
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" / "),
            uncovered
                .iter()
                .map(|&s| what_to_import(s, date).to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ))),
        0 => {
            // HCPCS and CPT are not bundled: a code typed for one of them
            // is "not a code" only among the systems that could be searched.
            let missing = if uncovered.is_empty() {
                String::new()
            } else {
                format!(
                    "; no {} code set covers that date (`chartq codes list` says what to import)",
                    uncovered
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                )
            };
            Err(WorkError::Invalid(format!(
                "{shown} is not a code in {} (valid on the chart's date of service {date}){missing}",
                searched.join(", ")
            )))
        }
        _ => {
            let names: Vec<&str> = hits.iter().map(|(s, _)| s.short_name()).collect();
            Err(WorkError::Invalid(format!(
                "{shown} exists in more than one code set; pass --system ({})",
                names.join(" or ")
            )))
        }
    }
}

fn version_system(conn: &Connection, version_id: i64) -> Result<CodeSystem, WorkError> {
    let name: String = conn.query_row(
        "SELECT system FROM code_set_version WHERE id = ?1",
        [version_id],
        |r| r.get(0),
    )?;
    name.parse().map_err(WorkError::Invalid)
}

/// Checks role, POA, modifiers, units and pointers against the code's system
/// and the encounter; returns the role to store.
fn check_attributes(
    tx: &Transaction<'_>,
    chart: &Chart,
    system: CodeSystem,
    role: Option<CodeRole>,
    new: &NewAssignment,
) -> Result<CodeRole, WorkError> {
    let inpatient = chart.encounter_type == EncounterType::Inpatient;
    let invalid = |m: String| Err(WorkError::Invalid(m));
    let role = match role {
        Some(r) => r,
        None if !system.is_diagnosis() => CodeRole::Procedure,
        None => {
            let has_principal: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM assignment WHERE chart_id = ?1 AND role = 'principal')",
                [chart.id],
                |r| r.get(0),
            )?;
            if has_principal {
                CodeRole::Secondary
            } else {
                CodeRole::Principal
            }
        }
    };
    match (system.is_diagnosis(), role) {
        (true, CodeRole::Procedure) => {
            return invalid(format!("{system} codes are diagnoses, not procedures"));
        }
        (false, r) if r != CodeRole::Procedure => {
            return invalid(format!(
                "{system} codes are procedures; the role is procedure"
            ));
        }
        (_, CodeRole::Admitting) if !inpatient => {
            return invalid("an admitting diagnosis belongs to inpatient charts".into());
        }
        _ => {}
    }
    if new.poa.is_some() && !(inpatient && system.is_diagnosis()) {
        return invalid("POA indicators apply to inpatient diagnoses only".into());
    }
    let procedure_line = matches!(system, CodeSystem::Cpt | CodeSystem::Hcpcs);
    if !procedure_line
        && (!new.modifiers.is_empty() || new.units.is_some() || !new.pointers.is_empty())
    {
        return invalid(format!(
            "modifiers, units and diagnosis pointers apply to CPT/HCPCS codes, not {system}"
        ));
    }
    if new.modifiers.len() > MAX_MODIFIERS {
        return invalid(format!("at most {MAX_MODIFIERS} modifiers"));
    }
    if let Some(bad) = new
        .modifiers
        .iter()
        .find(|m| m.len() != 2 || !m.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return invalid(format!(
            "modifier '{}' is not two letters or digits",
            crate::domain::text::single_line(bad)
        ));
    }
    if new.units.is_some_and(|u| u == 0 || u > MAX_UNITS) {
        return invalid(format!("units must be 1 to {MAX_UNITS}"));
    }
    if new.pointers.len() > MAX_POINTERS {
        return invalid(format!("at most {MAX_POINTERS} diagnosis pointers"));
    }
    let diagnoses: i64 = tx.query_row(
        "SELECT count(*) FROM assignment WHERE chart_id = ?1 AND system = 'ICD-10-CM'",
        [chart.id],
        |r| r.get(0),
    )?;
    if let Some(p) = new
        .pointers
        .iter()
        .find(|&&p| p == 0 || i64::from(p) > diagnoses)
    {
        return invalid(format!(
            "diagnosis pointer {p} does not point to a diagnosis (the chart has {diagnoses})"
        ));
    }
    Ok(role)
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
