//! The fake workbench's MS-DRG grouping: a canned grouper over the fake's
//! codes (not CMS's logic or weights), so the screens show a working DRG
//! that moves as codes change, CC/MCC marks, v44's lists-only notice and
//! the sentence for a chart that cannot group, without the grouper's
//! tables. Only charts a test seeded with a grouping are regrouped.

use chartq::domain::drg::{
    CcLevel, CcMark, CodeGrouping, Drg, GroupOutcome, GroupedRole, GrouperVersion, Grouping,
    HacStatus, Mdc, ReturnCode, SeveritySplit,
};
use chartq::tui::model::{ChartView, Role};

use super::FakeStore;

/// The canned CC list: E11.22 and N18.31 are CCs; N18.31 is excluded
/// when E11.22 (the diabetic CKD it details) is on the claim.
fn level(code: &str) -> CcLevel {
    match code {
        "E11.22" | "N18.31" => CcLevel::Cc,
        _ => CcLevel::None,
    }
}

/// The view regrouped the way it was seeded: grouped again (J18.9 as
/// principal: 195 without CC, 194 with one; anything else 999), v44's
/// marks again, or the same sentence.
pub fn regroup(view: &ChartView) -> Option<GroupOutcome> {
    let seeded = view.grouping.as_ref()?;
    Some(match seeded {
        GroupOutcome::Grouped(_) => GroupOutcome::Grouped(grouping(view)),
        GroupOutcome::ListsOnly { version, .. } => GroupOutcome::ListsOnly {
            version: *version,
            marks: view
                .assignments
                .iter()
                .filter(|a| level(&a.code) != CcLevel::None)
                .map(|a| CcMark {
                    code: a.code.clone(),
                    level: level(&a.code),
                })
                .collect(),
        },
        other => other.clone(),
    })
}

fn grouping(view: &ChartView) -> Grouping {
    let has = |code: &str| view.assignments.iter().any(|a| a.code == code);
    let principal = view
        .assignments
        .iter()
        .find(|a| a.role == Role::Principal)
        .map(|a| a.code.as_str());
    let codes: Vec<CodeGrouping> = view
        .assignments
        .iter()
        .map(|a| {
            let level = level(&a.code);
            let excluded = a.code == "N18.31" && has("E11.22");
            CodeGrouping {
                code: a.code.clone(),
                role: match a.role {
                    Role::Principal => GroupedRole::Principal,
                    Role::Procedure => GroupedRole::Procedure,
                    _ => GroupedRole::Secondary,
                },
                level,
                excluded,
                sets_severity: level > CcLevel::None && !excluded,
                hac: HacStatus::NotHac,
                hac_categories: vec![],
                operating_room: false,
                affects_drg: a.role == Role::Principal || (level > CcLevel::None && !excluded),
            }
        })
        .collect();
    let severity = codes
        .iter()
        .filter(|c| c.sets_severity)
        .map(|c| c.level)
        .max()
        .unwrap_or(CcLevel::None);
    let (drg, description, weight) = match (principal, severity) {
        (Some("J18.9"), CcLevel::None) => (
            195,
            "SIMPLE PNEUMONIA AND PLEURISY WITHOUT CC/MCC",
            Some("0.6932"),
        ),
        (Some("J18.9"), _) => (194, "SIMPLE PNEUMONIA AND PLEURISY WITH CC", Some("0.8811")),
        _ => (999, "UNGROUPABLE", None),
    };
    Grouping {
        version: GrouperVersion::V431,
        drg: Drg::new(drg).unwrap(),
        mdc: Mdc::new(if drg == 999 { 0 } else { 4 }).unwrap(),
        severity,
        split: SeveritySplit::MccCc,
        description: description.into(),
        weight: weight.map(|w| w.parse().unwrap()),
        gmlos: None,
        amlos: None,
        return_code: if drg == 999 {
            ReturnCode::InvalidPdx
        } else {
            ReturnCode::Ok
        },
        codes,
    }
}

/// The sample store with the inpatient chart (IP-2002: `j Enter` claims
/// it) coded J18.9 (principal) and I10, seeded with `grouping`: the
/// working DRG 195 for [`GroupOutcome::Grouped`] (assigning N18.31, a CC,
/// moves it to 194; E11.22 then excludes N18.31), v44's notice and marks for `ListsOnly`, the sentence for
/// `NotGroupable`.
pub fn drg_store(seed: GroupOutcome) -> FakeStore {
    let mut store = super::sample_store();
    let ip = &mut store.charts[1].1;
    ip.assignments = vec![code("J18.9", Role::Principal), code("I10", Role::Secondary)];
    ip.grouping = Some(seed);
    store
}

/// One of the fake's diagnosis codes as the chart carries it, POA `Y`.
pub fn code(code: &str, role: Role) -> chartq::tui::model::Assignment {
    chartq::tui::model::Assignment {
        system: chartq::domain::codes::CodeSystem::Icd10Cm,
        code: code.into(),
        title: super::CODES
            .iter()
            .find(|(c, ..)| *c == code)
            .map_or(String::new(), |(_, t, _)| t.to_string()),
        role,
        poa: Some(chartq::tui::model::Poa::Y),
        modifiers: vec![],
        units: None,
        poa_exempt: false,
    }
}

/// A seed for [`drg_store`]: grouped by the canned grouper.
pub fn grouped() -> GroupOutcome {
    let placeholder = ChartView {
        grouping: None,
        ..super::sample_store().charts[1].1.clone()
    };
    GroupOutcome::Grouped(grouping(&placeholder))
}
