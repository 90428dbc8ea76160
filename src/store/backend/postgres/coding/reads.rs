//! What the coding operations read on PostgreSQL, under the reader's
//! row-level security: a chart's codes and DRG (also for `charts::show`),
//! a code in the version valid on a date, and which of a chart's codes the
//! date of service no longer allows.

use postgres::GenericClient;

use crate::domain::chart::Chart;
use crate::domain::codes::{Code, CodeKind, CodeSystem, lookup_key};
use crate::domain::coding::Assignment;
use crate::store::WorkError;
use crate::store::chart_drg::ChartDrg;
use crate::store::code_tables::StoredCode;

use super::super::pg_error;

/// A chart's codes in sequence order.
pub(crate) fn assignments(
    client: &mut impl GenericClient,
    chart_id: i64,
) -> Result<Vec<Assignment>, WorkError> {
    let rows = client
        .query(
            "SELECT a.seq, a.system, a.code, a.title, a.billable, a.role, a.poa, a.modifiers::text,
                    a.units, a.pointers::text, u.login, a.assigned_at
               FROM chartq.assignment a JOIN chartq.app_user u ON u.id = a.assigned_by
              WHERE a.chart_id = $1 ORDER BY a.seq",
            &[&chart_id],
        )
        .map_err(pg_error)?;
    rows.iter()
        .map(|r| {
            let poa: Option<String> = r.get(6);
            Ok(Assignment {
                seq: i64::from(r.get::<_, i32>(0)),
                system: r.get::<_, String>(1).parse().map_err(WorkError::Invalid)?,
                code: r.get(2),
                title: r.get(3),
                billable: r.get(4),
                role: r.get::<_, String>(5).parse().map_err(WorkError::Invalid)?,
                poa: poa
                    .map(|p| p.parse().map_err(WorkError::Invalid))
                    .transpose()?,
                modifiers: serde_json::from_str(r.get(7)).unwrap_or_default(),
                units: r.get::<_, Option<i32>>(8).map(i64::from),
                pointers: serde_json::from_str(r.get(9)).unwrap_or_default(),
                assigned_by: r.get(10),
                assigned_at: r.get(11),
            })
        })
        .collect()
}

/// The chart's stored DRG, if it was ever finalized with one.
pub(crate) fn drg(
    client: &mut impl GenericClient,
    chart_id: i64,
) -> Result<Option<ChartDrg>, WorkError> {
    let row = client
        .query_opt(
            "SELECT drg, drg_mdc, drg_version, drg_weight, grouped_at, original_drg,
                    original_drg_mdc, original_drg_version, original_drg_weight, original_grouped_at
               FROM chartq.chart_drg WHERE chart_id = $1",
            &[&chart_id],
        )
        .map_err(pg_error)?;
    let Some(r) = row else { return Ok(None) };
    let cells = |from: usize| -> [Option<String>; 4] {
        [
            r.get(from),
            r.get(from + 1),
            r.get(from + 2),
            r.get(from + 3),
        ]
    };
    use crate::store::chart_drg::parse;
    let original = parse(chart_id, "original_drg", &cells(5))?.ok_or_else(|| {
        WorkError::Invalid(format!(
            "chart_drg: chart {chart_id}: original_drg: missing"
        ))
    })?;
    Ok(Some(ChartDrg {
        current: parse(chart_id, "drg", &cells(0))?,
        grouped_at: r.get(4),
        original,
        original_grouped_at: r.get(9),
    }))
}

/// The version of `system` valid on `date` (its id and label).
fn version_on(
    client: &mut impl GenericClient,
    system: CodeSystem,
    date: chrono::NaiveDate,
) -> Result<Option<(i64, String)>, WorkError> {
    let row = client
        .query_opt(
            "SELECT v.id, v.label FROM chartq.code_set_version v
              WHERE v.system = $1 AND v.effective_from <= $2
                AND (v.effective_to IS NULL OR v.effective_to >= $2)
              ORDER BY v.effective_from DESC, (left(v.source, 8) = 'bundled:') ASC, v.id DESC
              LIMIT 1",
            &[&system.as_str(), &date],
        )
        .map_err(pg_error)?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

/// `code` (any case, dot optional) in version `version_id`.
fn find_code(
    client: &mut impl GenericClient,
    version_id: i64,
    code: &str,
) -> Result<Option<StoredCode>, WorkError> {
    let row = client
        .query_opt(
            "SELECT code, kind, billable, short_title, long_title, parent, valid_until
               FROM chartq.code WHERE lookup_key = $1 AND version_id = $2",
            &[&lookup_key(code), &version_id],
        )
        .map_err(pg_error)?;
    row.map(|r| {
        let kind: String = r.get(1);
        Ok(StoredCode {
            version_id,
            code: Code {
                code: r.get(0),
                kind: CodeKind::parse(&kind)
                    .ok_or_else(|| WorkError::Invalid(format!("code.kind: {kind:?}")))?,
                billable: r.get(2),
                short_title: r.get(3),
                long_title: r.get(4),
                parent: r.get(5),
                notes: Vec::new(),
                valid_until: r.get(6),
            },
        })
    })
    .transpose()
}

/// Finds `code` in the version of `system` (or of every system when
/// `None`) valid on the chart's date of service: exactly one reportable
/// code, or an error saying why not (as the SQLite store words it).
pub(crate) fn find_valid_code(
    client: &mut impl GenericClient,
    chart: &Chart,
    code: &str,
    system: Option<CodeSystem>,
) -> Result<(CodeSystem, StoredCode), WorkError> {
    let date = chart.date_of_service;
    let shown = crate::domain::text::single_line(code);
    if lookup_key(code).is_empty() {
        return Err(WorkError::Invalid("the code is empty".into()));
    }
    let systems = match system {
        Some(s) => vec![s],
        None => crate::store::assignments::checks::SEARCH_ORDER.to_vec(),
    };
    let (mut searched, mut hits, mut terminated) = (Vec::new(), Vec::new(), Vec::new());
    let mut uncovered = Vec::new();
    for s in systems {
        let Some((version, label)) = version_on(client, s, date)? else {
            uncovered.push(s);
            continue;
        };
        searched.push(format!("{s} {label}"));
        if let Some(found) = find_code(client, version, code)? {
            // HCPCS codes end mid-version; the end date is said as SQLite says it.
            match found.code.valid_until {
                Some(until) if !found.code.is_valid_on(date) => {
                    terminated.push(format!("{s} {} ended {until}", found.code.code));
                }
                _ if !found.code.is_valid_on(date) => {
                    terminated.push(format!("{s} {} ended", found.code.code));
                }
                _ => hits.push((s, found)),
            }
        }
    }
    match hits.len() {
        1 => {
            let (s, found) = hits.remove(0);
            match found.code.kind {
                CodeKind::Code | CodeKind::Category => Ok((s, found)),
                kind => Err(WorkError::Invalid(format!(
                    "{} is a {s} {}, not a code to assign",
                    found.code.code,
                    kind.as_str()
                ))),
            }
        }
        0 if !terminated.is_empty() => Err(WorkError::Invalid(format!(
            "{shown} is not valid on the chart's date of service {date}: {}",
            terminated.join(", ")
        ))),
        0 if searched.is_empty() => Err(WorkError::Invalid(format!(
            "no {} code set covers the chart's date of service {date}; import {}",
            uncovered
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" / "),
            uncovered
                .iter()
                .map(|&s| crate::domain::coverage::what_to_import(s, date).to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ))),
        0 => Err(WorkError::Invalid(format!(
            "{shown} is not a code in {} (valid on the chart's date of service {date})",
            searched.join(", ")
        ))),
        _ => {
            let names: Vec<&str> = hits.iter().map(|(s, _)| s.short_name()).collect();
            Err(WorkError::Invalid(format!(
                "{shown} exists in more than one code set; pass --system ({})",
                names.join(" or ")
            )))
        }
    }
}

/// The chart's codes that the version valid on its date of service does
/// not have (any more).
pub(crate) fn stale_codes(
    client: &mut impl GenericClient,
    chart: &Chart,
    codes: &[Assignment],
) -> Result<Vec<String>, WorkError> {
    let mut stale = Vec::new();
    for a in codes {
        let valid = match version_on(client, a.system, chart.date_of_service)? {
            Some((version, _)) => find_code(client, version, &a.code)?
                .is_some_and(|c| c.code.is_valid_on(chart.date_of_service)),
            None => false,
        };
        if !valid {
            stale.push(a.code.clone());
        }
    }
    Ok(stale)
}
