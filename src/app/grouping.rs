//! Grouping a claim: THE use case the CLI, the TUI and finalize call. The
//! version is chosen by discharge date — v43 to 2026-03-31, v43.1 from
//! 2026-04-01 to 2026-09-30; from 2026-10-01 (v44) only the CC/MCC lists
//! are bundled, so the answer is the marks; before 2025-10-01, or for an
//! outpatient claim, there is no MS-DRG.

use chrono::NaiveDate;

use crate::domain::chart::EncounterType;
use crate::domain::claim::Claim;
use crate::domain::drg::{CcLevel, CcMark, FinalDrg, GroupOutcome, GrouperVersion};
use crate::engines::drg;
use crate::engines::drg::tables::key;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The grouper version for a discharge date, `None` before FY2026.
pub fn version_for(discharge: NaiveDate) -> Option<GrouperVersion> {
    if discharge < ymd(2025, 10, 1) {
        None
    } else if discharge <= ymd(2026, 3, 31) {
        Some(GrouperVersion::V43)
    } else if discharge <= ymd(2026, 9, 30) {
        Some(GrouperVersion::V431)
    } else {
        Some(GrouperVersion::V44)
    }
}

/// Groups one claim with the bundled tables of its discharge date.
pub fn group(claim: &Claim) -> GroupOutcome {
    if claim.encounter_type != EncounterType::Inpatient {
        return GroupOutcome::NotGroupable(
            "MS-DRGs group inpatient stays; this claim is not inpatient".into(),
        );
    }
    let Some(version) = version_for(claim.discharge_date) else {
        return GroupOutcome::NotGroupable(format!(
            "no MS-DRG grouper is installed for discharges before 2025-10-01 (this one: {})",
            claim.discharge_date
        ));
    };
    if version == GrouperVersion::V44 {
        return lists_only(claim);
    }
    match crate::app::drg_tables::shared(version) {
        Ok(tables) => GroupOutcome::Grouped(drg::group(&tables, claim)),
        Err(e) => GroupOutcome::NotGroupable(format!("the MS-DRG tables cannot be loaded: {e}")),
    }
}

/// FY2027: the secondaries' CC/MCC marks from the v44 lists.
fn lists_only(claim: &Claim) -> GroupOutcome {
    let levels = match crate::app::drg_tables::v44_levels() {
        Ok(l) => l,
        Err(e) => {
            return GroupOutcome::NotGroupable(format!("the v44 lists cannot be loaded: {e}"));
        }
    };
    let marks = claim
        .sdx
        .iter()
        .map(|d| CcMark {
            code: d.code.clone(),
            level: key(&d.code)
                .and_then(|k| levels.get(&k).copied())
                .unwrap_or(CcLevel::None),
        })
        .collect();
    GroupOutcome::ListsOnly {
        version: GrouperVersion::V44,
        marks,
    }
}

/// A stored chart grouped as its codes stand (read as `chartq check`
/// reads it: the reload is the actor's, with its access rules).
pub fn group_chart(
    backend: &dyn crate::store::backend::Backend,
    actor: &crate::domain::people::Actor,
    chart: &crate::domain::chart::ChartRef,
) -> Result<(String, GroupOutcome), crate::store::WorkError> {
    let detail = backend.reload(actor, chart)?;
    let claim = Claim::from_chart(&detail.chart, &detail.assignments);
    Ok((detail.chart.account.clone(), group(&claim)))
}

/// [`group_chart`], then the result recorded as the chart's working DRG
/// (the backlog report's weight) when the chart is not yet final and the
/// actor may record it: the lease holder, a supervisor or an admin. The
/// store writes (and audits) only a DRG that differs from the stored one.
/// Anyone else only sees the grouping.
pub fn group_and_record(
    backend: &mut dyn crate::store::backend::Backend,
    actor: &crate::domain::people::Actor,
    chart: &crate::domain::chart::ChartRef,
) -> Result<(String, GroupOutcome), crate::store::WorkError> {
    let detail = backend.reload(actor, chart)?;
    let claim = Claim::from_chart(&detail.chart, &detail.assignments);
    let outcome = group(&claim);
    record_if_allowed(backend, actor, &detail.chart, &outcome)?;
    Ok((detail.chart.account.clone(), outcome))
}

/// Records `outcome` as `chart`'s working DRG when [`group_and_record`]'s
/// rule allows it (the TUI's DRG pane calls this with the outcome it shows).
pub fn record_if_allowed(
    backend: &mut dyn crate::store::backend::Backend,
    actor: &crate::domain::people::Actor,
    chart: &crate::domain::chart::Chart,
    outcome: &GroupOutcome,
) -> Result<(), crate::store::WorkError> {
    use crate::domain::chart::{ChartId, ChartRef, Status};
    use crate::domain::people::Role;
    let holder = chart.status == Status::InProgress
        && chart.lease_holder.as_deref() == Some(actor.user.login.as_str());
    let open = !matches!(chart.status, Status::Coded | Status::Audited);
    if !(holder || (open && actor.is_at_least(Role::Supervisor))) {
        return Ok(());
    }
    let drg = FinalDrg::of(outcome);
    backend.record_working_drg(actor, &ChartRef::Id(ChartId(chart.id)), drg.as_ref())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_the_discharge_date() {
        assert_eq!(version_for(ymd(2025, 9, 30)), None);
        assert_eq!(version_for(ymd(2025, 10, 1)), Some(GrouperVersion::V43));
        assert_eq!(version_for(ymd(2026, 3, 31)), Some(GrouperVersion::V43));
        assert_eq!(version_for(ymd(2026, 4, 1)), Some(GrouperVersion::V431));
        assert_eq!(version_for(ymd(2026, 9, 30)), Some(GrouperVersion::V431));
        assert_eq!(version_for(ymd(2026, 10, 1)), Some(GrouperVersion::V44));
    }

    #[test]
    fn bundled_tables_load_once_per_version() {
        let a = crate::app::drg_tables::shared(GrouperVersion::V431).unwrap();
        let b = crate::app::drg_tables::shared(GrouperVersion::V431).unwrap();
        assert!(std::sync::Arc::ptr_eq(&a, &b));
        assert!(crate::app::drg_tables::shared(GrouperVersion::V44).is_err());
        assert_eq!(
            crate::app::drg_tables::v44_levels()
                .unwrap()
                .get(&key("J9601").unwrap()),
            Some(&CcLevel::Mcc)
        );
    }
}
