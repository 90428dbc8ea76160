//! The coding edits as use cases: the claim a chart makes checked against
//! the tables of its discharge date (`chartq check`, the TUI's edits
//! panel), a file of claims checked in bulk, and finalize with the edits'
//! verdict (errors block, warnings need an acknowledgement with a reason).
//!
//! The engine is pure (`crate::engines`); this module finds its inputs:
//! the bundled MCE and POA tables (parsed once per process) and the
//! tabular notes of the ICD-10-CM version the discharge date falls in (read
//! through the backend once per version and kept).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::app::edit_tables;
use crate::domain::chart::{Chart, ChartRef, EncounterType};
use crate::domain::claim::{Claim, Reported};
use crate::domain::codes::{CodeSetVersion, CodeSystem};
use crate::domain::coding::Assignment;
use crate::domain::drg::{FinalDrg, GroupOutcome, ReturnCode};
use crate::domain::edit::{
    Acknowledgement, Edit, EditName, EditVerdict, Severity, coding_fingerprint,
};
use crate::domain::people::Actor;
use crate::engines::check::{self, EditTables};
use crate::engines::edits::{PoaExempt, fiscal_year};
use crate::engines::tabular::TabularNotes;
use crate::store::WorkError;
use crate::store::backend::Backend;

/// A reason longer than this is refused (it goes into the audit log).
pub const MAX_REASON_CHARS: usize = 500;

/// Checks claims; keeps what it loaded (tables, each version's notes) for
/// the next claim. One per process or screen.
#[derive(Default)]
pub struct EditChecker {
    /// Tabular notes by ICD-10-CM version id; `None`: the version has none.
    notes: HashMap<i64, Option<Arc<TabularNotes>>>,
    /// The POA lists with the site's imported list for a fiscal year
    /// layered on, by fiscal year (`None`: the site imported none).
    site_poa: HashMap<i32, Option<Arc<PoaExempt>>>,
    /// The ICD-10-CM version valid on a discharge date, as looked up (a
    /// batch of claims asks for few dates many times).
    versions: HashMap<NaiveDate, Option<CodeSetVersion>>,
}

/// A claim the edits could not judge, and why (no tables for its date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked(pub String);

/// A chart's edits as they stand.
#[derive(Debug, Clone)]
pub struct ChartEdits {
    pub chart: Chart,
    pub codes: Vec<Assignment>,
    /// In claim order, errors and warnings and infos mixed.
    pub edits: Vec<Edit>,
    /// Set when the edits could not run (then `edits` is empty).
    pub unchecked: Option<Unchecked>,
    /// The MS-DRG grouping of the same claim (the grouper is pure and
    /// sub-millisecond: grouped on every change the edits are checked on).
    pub grouping: GroupOutcome,
}

impl ChartEdits {
    pub fn count(&self, severity: Severity) -> usize {
        self.edits.iter().filter(|e| e.severity == severity).count()
    }
}

impl EditChecker {
    pub fn new() -> Self {
        Self::default()
    }

    /// The edits of `claim`, or why it cannot be checked.
    pub fn check(
        &mut self,
        backend: &dyn Backend,
        claim: &Claim,
    ) -> Result<Result<Vec<Edit>, Unchecked>, WorkError> {
        let bundled = edit_tables::shared().map_err(|e| {
            WorkError::Invalid(format!(
                "the coding edits' bundled tables cannot be read: {e}"
            ))
        })?;
        let notes = self.notes_on(backend, claim)?;
        let site_poa = self.site_poa(backend, claim)?;
        let tables = EditTables {
            mce: &bundled.mce,
            poa: site_poa.as_deref().unwrap_or(&bundled.poa),
            notes: notes.as_deref(),
        };
        Ok(check::check(claim, &tables).map_err(|e| Unchecked(e.to_string())))
    }

    /// The POA lists with the site's official list for the claim's fiscal
    /// year, when the site imported one (read once per year).
    fn site_poa(
        &mut self,
        backend: &dyn Backend,
        claim: &Claim,
    ) -> Result<Option<Arc<PoaExempt>>, WorkError> {
        let year = fiscal_year(claim.discharge_date);
        if let Some(known) = self.site_poa.get(&year) {
            return Ok(known.clone());
        }
        let layered = match backend.poa_exempt_list(year)? {
            Some(codes) => Some(Arc::new(
                edit_tables::poa_with_official(year, codes).map_err(WorkError::Invalid)?,
            )),
            None => None,
        };
        self.site_poa.insert(year, layered.clone());
        Ok(layered)
    }

    /// The edits of a chart's codes as they stand now (not an audited
    /// view: the caller already shows the chart).
    pub fn check_chart(
        &mut self,
        backend: &dyn Backend,
        actor: &Actor,
        chart: &ChartRef,
    ) -> Result<ChartEdits, WorkError> {
        let detail = backend.reload(actor, chart)?;
        self.check_loaded(backend, detail.chart, detail.assignments)
    }

    /// [`Self::check_chart`] over a chart and codes already loaded.
    pub fn check_loaded(
        &mut self,
        backend: &dyn Backend,
        chart: Chart,
        codes: Vec<Assignment>,
    ) -> Result<ChartEdits, WorkError> {
        let claim = Claim::from_chart(&chart, &codes);
        let (edits, unchecked) = match self.check(backend, &claim)? {
            Ok(edits) => (edits, None),
            Err(why) => (Vec::new(), Some(why)),
        };
        Ok(ChartEdits {
            grouping: group(&claim),
            chart,
            codes,
            edits,
            unchecked,
        })
    }

    /// The tabular notes of the ICD-10-CM version valid on the claim's
    /// discharge date (loaded once per version).
    fn notes_on(
        &mut self,
        backend: &dyn Backend,
        claim: &Claim,
    ) -> Result<Option<Arc<TabularNotes>>, WorkError> {
        let date = claim.discharge_date;
        let version = match self.versions.get(&date) {
            Some(known) => known.clone(),
            None => {
                let found = backend.version_on(CodeSystem::Icd10Cm, date)?;
                self.versions.insert(date, found.clone());
                found
            }
        };
        let Some(version) = version else {
            return Ok(None);
        };
        if let Some(notes) = self.notes.get(&version.id) {
            return Ok(notes.clone());
        }
        let entries = backend.tabular_notes(&version)?;
        let notes = (!entries.is_empty())
            .then(|| Arc::new(TabularNotes::build(entries, version.notes_from.as_deref())));
        self.notes.insert(version.id, notes.clone());
        Ok(notes)
    }
}

/// What finalize would refuse for, edits included: the store's problems,
/// then the blocking edits.
pub fn finalize_problems(
    backend: &dyn Backend,
    checker: &mut EditChecker,
    actor: &Actor,
    chart: &ChartRef,
    ack: Option<&Acknowledgement>,
) -> Result<Vec<String>, WorkError> {
    let mut problems = backend.finalize_problems(actor, chart)?;
    let edits = checker.check_chart(backend, actor, chart)?;
    problems.extend(verdict(&edits, ack)?.blocking);
    Ok(problems)
}

/// Finalizes the chart if its edits allow: errors block; warnings need
/// `ack` to name them (with a reason), which the audit log records.
pub fn finalize(
    backend: &mut dyn Backend,
    checker: &mut EditChecker,
    actor: &Actor,
    chart: &ChartRef,
    ack: Option<&Acknowledgement>,
) -> Result<Chart, WorkError> {
    let edits = checker.check_chart(&*backend, actor, chart)?;
    let verdict = verdict(&edits, ack)?;
    // Grouped over the codes the verdict judged: the store's fingerprint
    // check covers the DRG too.
    let drg = FinalDrg::of(&edits.grouping);
    backend.finalize(actor, chart, &verdict, drg.as_ref())
}

/// The MS-DRG grouping of `claim` where the coder works and finalize
/// stores it: the installed grouper for its discharge date, v44's CC/MCC
/// lists, or why it does not group. An inpatient claim without a valid
/// discharge status says so (short: the TUI's DRG line is 36 columns at
/// 80x24) rather than show the 999 CMS would give it; the edits block its
/// finalize anyway.
pub fn group(claim: &Claim) -> GroupOutcome {
    let inpatient = claim.encounter_type == EncounterType::Inpatient;
    let why = match &claim.discharge_status {
        None => "no discharge status",
        Some(Reported::Invalid(_)) => "discharge status not valid",
        Some(Reported::Given(_)) => "",
    };
    let outcome = crate::app::grouping::group(claim);
    match outcome {
        GroupOutcome::Grouped(_) if inpatient && !why.is_empty() => {
            GroupOutcome::NotGroupable(why.into())
        }
        GroupOutcome::Grouped(g) if g.return_code == ReturnCode::InvalidDischargeStatus => {
            GroupOutcome::NotGroupable("discharge status not valid for MS-DRG".into())
        }
        other => other,
    }
}

/// What the edits conclude for finalize. An acknowledgement that names an
/// edit the chart does not carry is refused (a typo must not pass as a
/// review), as is one without a reason.
pub fn verdict(
    edits: &ChartEdits,
    ack: Option<&Acknowledgement>,
) -> Result<EditVerdict, WorkError> {
    let reason = match ack {
        Some(ack) => Some(checked_reason(ack)?),
        None => None,
    };
    let acknowledged_names: &[EditName] = ack.map_or(&[], |a| a.edits.as_slice());
    for name in acknowledged_names {
        let warned = edits
            .edits
            .iter()
            .any(|e| e.name == *name && e.severity == Severity::Warning);
        if !warned {
            return Err(WorkError::Invalid(format!(
                "--acknowledge {name}: the chart has no {name} warning to acknowledge"
            )));
        }
    }
    let mut blocking = Vec::new();
    let mut acknowledged = Vec::new();
    for edit in &edits.edits {
        match edit.severity {
            Severity::Error => blocking.push(format!("{}: {}", edit.name, edit.message)),
            Severity::Warning if acknowledged_names.contains(&edit.name) => {
                acknowledged.push(edit.clone());
            }
            Severity::Warning => blocking.push(format!(
                "{}: {} (a warning: acknowledge it with a reason to finalize)",
                edit.name, edit.message
            )),
            Severity::Info => {}
        }
    }
    if let Some(Unchecked(why)) = &edits.unchecked
        && edits.chart.encounter_type == EncounterType::Inpatient
    {
        blocking.push(format!("the coding edits cannot run: {why}"));
    }
    Ok(EditVerdict {
        judged: coding_fingerprint(&edits.codes),
        blocking,
        acknowledged,
        reason,
    })
}

/// The acknowledgement's reason, one clean line, required and bounded.
fn checked_reason(ack: &Acknowledgement) -> Result<String, WorkError> {
    let reason = crate::domain::text::single_line(&ack.reason);
    let reason = reason.trim();
    if ack.edits.is_empty() {
        return Err(WorkError::Invalid(
            "a reason was given but no edit to acknowledge (--acknowledge NAME)".into(),
        ));
    }
    if reason.is_empty() {
        return Err(WorkError::Invalid(
            "acknowledging a warning needs a reason (--reason TEXT or --reason-file FILE)".into(),
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(WorkError::Invalid(format!(
            "the reason is longer than {MAX_REASON_CHARS} characters"
        )));
    }
    Ok(reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::{ClaimDiagnosis, DischargeStatus, Sex};
    use crate::domain::coding::Poa;

    fn claim(status: Option<Reported<DischargeStatus>>, discharge: &str) -> Claim {
        let dx = |code: &str| ClaimDiagnosis {
            code: code.into(),
            poa: Some(Reported::Given(Poa::Y)),
        };
        Claim {
            id: "IP-1".into(),
            encounter_type: EncounterType::Inpatient,
            age: 70,
            sex: Reported::Given(Sex::Female),
            admit_date: "2026-05-01".parse().unwrap(),
            discharge_date: discharge.parse().unwrap(),
            discharge_status: status,
            pdx: Some(dx("J189")),
            sdx: vec![dx("N184")],
            procedures: vec![],
        }
    }

    #[test]
    fn grouping_needs_a_valid_discharge_status_and_v44_gives_marks_only() {
        let routine = || Some(Reported::from_text("01"));
        match group(&claim(routine(), "2026-05-06")) {
            GroupOutcome::Grouped(g) => {
                assert_eq!(g.version, crate::domain::drg::GrouperVersion::V431);
                assert!(FinalDrg::of(&GroupOutcome::Grouped(g)).is_some());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            group(&claim(None, "2026-05-06")),
            GroupOutcome::NotGroupable("no discharge status".into())
        );
        assert_eq!(
            group(&claim(Some(Reported::Invalid("9x".into())), "2026-05-06")),
            GroupOutcome::NotGroupable("discharge status not valid".into())
        );
        let fy2027 = group(&claim(routine(), "2026-10-15"));
        assert!(
            matches!(fy2027, GroupOutcome::ListsOnly { .. }),
            "{fy2027:?}"
        );
        assert_eq!(FinalDrg::of(&fy2027), None, "finalize stores none");
    }
}
