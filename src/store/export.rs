//! Export of coded charts for billing and abstracting: each chart with its
//! codes in sequence, roles, POA, modifiers, units and pointers. Exporting
//! is an audit event (it reads many charts at once).

use crate::domain::audit::AuditDetail;
use crate::domain::coding::Poa;
use std::borrow::Cow;
use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::assignments;
use super::chart_drg::{self, ChartDrg};
use super::charts::{self, CHART_COLUMNS};
use super::{Store, WorkError, audit};
use crate::domain::chart::Chart;
use crate::domain::chart::EncounterType;
use crate::domain::claim::DischargeStatus;
use crate::domain::coding::Assignment;
use crate::domain::drg::FinalDrg;
use crate::domain::people::Actor;
use crate::domain::people::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedChart {
    pub account: String,
    pub mrn: String,
    pub encounter_type: EncounterType,
    pub admit_date: Option<NaiveDate>,
    pub discharge_date: Option<NaiveDate>,
    pub date_of_service: NaiveDate,
    pub discharge_status: Option<DischargeStatus>,
    pub facility: Option<String>,
    pub payer: Option<String>,
    pub status: String,
    pub coded_at: String,
    pub coded_by: Option<String>,
    /// In sequence order.
    pub codes: Vec<Assignment>,
    /// The MS-DRG stored at finalize (current and original), absent for
    /// outpatient charts and discharges without an installed grouper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drg: Option<ChartDrg>,
    /// Set when a retrospective review corrected the chart after it was
    /// coded: this export replaces the earlier one (issue 15).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<super::review::Replacement>,
}

/// Coded and audited charts, coded on or after `since`, oldest first
/// (auditors, supervisors and admins).
pub fn coded_charts(
    store: &mut Store,
    actor: &Actor,
    since: Option<NaiveDate>,
) -> Result<Vec<ExportedChart>, WorkError> {
    actor.require(Role::Auditor, "exporting coded charts")?;
    let since_text = since.map(|d| d.to_string());
    store.transact(|tx| {
        let found: Vec<Chart> = tx
            .prepare(&format!(
                "SELECT {CHART_COLUMNS} FROM chart c
                 WHERE c.status IN ('coded', 'audited')
                   AND (?1 IS NULL OR c.coded_at >= ?1 OR {corrected})
                   AND NOT {held}
                 ORDER BY c.coded_at, c.id",
                corrected = super::review::CORRECTED_SINCE_SQL,
                held = super::review::HELD_FOR_REVIEW_SQL,
            ))?
            .query_map([&since_text], charts::chart_from_row)?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(found.len());
        for c in found {
            out.push(ExportedChart {
                codes: assignments::load(tx, c.id)?,
                drg: chart_drg::load(tx, c.id)?,
                replaces: super::review::replacement(tx, c.id)?,
                account: c.account,
                mrn: c.mrn,
                encounter_type: c.encounter_type,
                admit_date: c.admit_date,
                discharge_date: c.discharge_date,
                date_of_service: c.date_of_service,
                discharge_status: c.discharge_status,
                facility: c.facility,
                payer: c.payer,
                status: c.status.as_str().to_string(),
                coded_at: c.coded_at.unwrap_or_default(),
                coded_by: c.coded_by,
            });
        }
        audit::record(
            tx,
            actor,
            None,
            AuditDetail::ChartsExported {
                since,
                charts: out.len(),
            },
        )?;
        Ok(out)
    })
}

/// One JSON object per chart per line.
pub fn write_jsonl(out: &mut impl Write, charts: &[ExportedChart]) -> std::io::Result<()> {
    for c in charts {
        serde_json::to_writer(&mut *out, c)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The CSV columns: one row per code; the chart's DRG columns (current,
/// then original) repeat on each of its rows, empty where it has none.
pub const CSV_EXPORT_COLUMNS: [&str; 22] = [
    "account",
    "mrn",
    "encounter_type",
    "date_of_service",
    "coded_at",
    "coded_by",
    "seq",
    "system",
    "code",
    "role",
    "poa",
    "modifiers",
    "units",
    "pointers",
    "drg",
    "drg_mdc",
    "drg_version",
    "drg_weight",
    "original_drg",
    "original_drg_mdc",
    "original_drg_version",
    "original_drg_weight",
];

/// A stored DRG as four CSV cells (DRG, MDC, version, weight), empty when
/// there is none.
fn drg_cells(drg: Option<&FinalDrg>) -> [String; 4] {
    match drg {
        Some(d) => [
            d.drg.to_string(),
            d.mdc.to_string(),
            d.version.as_str().to_string(),
            d.weight.map(|w| w.to_string()).unwrap_or_default(),
        ],
        None => Default::default(),
    }
}

/// The first characters that make a spreadsheet read a cell as a formula
/// (OWASP "CSV injection"): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a spreadsheet shows it literally: a cell that would start a
/// formula gets a leading `'`, which spreadsheets take as "this is text".
/// Only for columns that carry free text from the chart feed or a login
/// (account, MRN, coder): codes, dates and numbers are validated on the way
/// in and keep their exact value.
fn spreadsheet_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One row per code, modifiers and pointers space-separated; free-text cells
/// through [`spreadsheet_text`] (chart feeds are untrusted).
pub fn write_csv(out: &mut impl Write, charts: &[ExportedChart]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_EXPORT_COLUMNS)?;
    for c in charts {
        for a in &c.codes {
            let pointers: Vec<String> = a.pointers.iter().map(u32::to_string).collect();
            let date_of_service = c.date_of_service.to_string();
            let [drg, mdc, version, weight] =
                drg_cells(c.drg.as_ref().and_then(|d| d.current.as_ref()));
            let [o_drg, o_mdc, o_version, o_weight] =
                drg_cells(c.drg.as_ref().map(|d| &d.original));
            w.write_record([
                &spreadsheet_text(&c.account),
                &spreadsheet_text(&c.mrn),
                c.encounter_type.as_str(),
                &date_of_service,
                &c.coded_at,
                &spreadsheet_text(c.coded_by.as_deref().unwrap_or("")),
                &a.seq.to_string(),
                a.system.as_str(),
                &a.code,
                a.role.as_str(),
                &std::borrow::Cow::Borrowed(a.poa.map_or("", Poa::as_str)),
                &a.modifiers.join(" "),
                &a.units.map(|u| u.to_string()).unwrap_or_default(),
                &pointers.join(" "),
                &drg,
                &mdc,
                &version,
                &weight,
                &o_drg,
                &o_mdc,
                &o_version,
                &o_weight,
            ])?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_text;

    #[test]
    fn formula_starts_are_quoted_as_text() {
        for cell in ["=1+2", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(spreadsheet_text(cell), format!("'{cell}"));
        }
    }

    #[test]
    fn other_text_is_kept_exactly() {
        for cell in ["", "ACC-1", "a=b", " =1", "'quoted", "MRN+1"] {
            assert_eq!(spreadsheet_text(cell), cell);
        }
    }
}
