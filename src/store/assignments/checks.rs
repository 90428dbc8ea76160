//! What an assignment must be before it is stored: a code that exists in
//! the version valid on the chart's date of service (in the system named,
//! or the one system that has it), and a role, POA, modifiers, units and
//! pointers that fit the chart and the code.

use rusqlite::{Connection, Transaction};

use super::super::WorkError;
use super::super::code_tables::{self, StoredCode};
use crate::domain::chart::{Chart, EncounterType};
use crate::domain::codes::{CodeKind, CodeSystem, lookup_key};
use crate::domain::coding::{Assignment, CodeRole, NewAssignment, default_role};
use crate::domain::coverage::what_to_import;

const MAX_MODIFIERS: usize = 4;
const MAX_POINTERS: usize = 4;
const MAX_UNITS: u32 = 9999;

/// Codes that are not in the version valid on the chart's date of service
/// (any more): a re-import may have moved the date of service into another
/// code-set year after the codes were assigned.
pub(super) fn codes_not_valid_on_date_of_service(
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
pub(crate) const SEARCH_ORDER: [CodeSystem; 4] = [
    CodeSystem::Icd10Cm,
    CodeSystem::Icd10Pcs,
    CodeSystem::Cpt,
    CodeSystem::Hcpcs,
];

/// Finds `code` in the version of `system` (or of every system when
/// `None`) valid on the chart's date of service.
pub(crate) fn find_valid_code(
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

pub(crate) fn version_system(conn: &Connection, version_id: i64) -> Result<CodeSystem, WorkError> {
    let name: String = conn.query_row(
        "SELECT system FROM code_set_version WHERE id = ?1",
        [version_id],
        |r| r.get(0),
    )?;
    name.parse().map_err(WorkError::Invalid)
}

/// Checks role, POA, modifiers, units and pointers against the code's system
/// and the encounter; returns the role to store.
pub(crate) fn check_attributes(
    tx: &Transaction<'_>,
    chart: &Chart,
    system: CodeSystem,
    role: Option<CodeRole>,
    new: &NewAssignment,
) -> Result<CodeRole, WorkError> {
    let has_principal: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM assignment WHERE chart_id = ?1 AND role = 'principal')",
        [chart.id],
        |r| r.get(0),
    )?;
    let diagnoses: i64 = tx.query_row(
        "SELECT count(*) FROM assignment WHERE chart_id = ?1 AND system = 'ICD-10-CM'",
        [chart.id],
        |r| r.get(0),
    )?;
    check_attributes_on(chart, system, role, new, has_principal, diagnoses)
}

/// [`check_attributes`] on what the chart holds (whether it has a
/// principal diagnosis, how many ICD-10-CM codes), for any backend.
pub(crate) fn check_attributes_on(
    chart: &Chart,
    system: CodeSystem,
    role: Option<CodeRole>,
    new: &NewAssignment,
    has_principal: bool,
    diagnoses: i64,
) -> Result<CodeRole, WorkError> {
    let inpatient = chart.encounter_type == EncounterType::Inpatient;
    let invalid = |m: String| Err(WorkError::Invalid(m));
    let role = role.unwrap_or_else(|| default_role(system, system.is_diagnosis() && has_principal));
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
