//! The fake workbench's coding edits: a few canned rules over the fake's
//! codes, worded as the engine words them (`engines::edits::poa`), so the
//! screens and the contract test see edits of every severity without the
//! MCE tables.

use chartq::tui::model::{Acknowledgement, ChartView, Edit, EditName, EditSeverity, Poa, Role};
use chartq::tui::workbench::FinalizeCheck;

use super::FakeStore;

/// Codes the fake treats as POA-exempt on every date.
pub const POA_EXEMPT: &[&str] = &["Z79.4"];

fn key(code: &str) -> String {
    chartq::domain::codes::lookup_key(code)
}

fn edit(name: EditName, severity: EditSeverity, codes: &[&str], message: String) -> Edit {
    Edit {
        name,
        severity,
        codes: codes.iter().map(|c| key(c)).collect(),
        message,
    }
}

/// The edits of `view`'s codes: an Excludes1 pair (R07.9 with R07.89, a
/// warning), "use additional code" for E11.22 without a CKD stage (info),
/// and on an inpatient chart the POA rules (missing: error; `1` on a
/// code that is not exempt: error; an indicator other than `1` on an
/// exempt code: warning).
pub fn canned_edits(view: &ChartView) -> Vec<Edit> {
    let has = |code: &str| view.assignments.iter().any(|a| a.code == code);
    let mut edits = Vec::new();
    if has("R07.9") && has("R07.89") {
        edits.push(edit(
            EditName::Excludes1,
            EditSeverity::Warning,
            &["R07.9", "R07.89"],
            "R07.9 Excludes1 R07.89 (other chest pain): both only when unrelated".into(),
        ));
    }
    if has("E11.22") && !view.assignments.iter().any(|a| a.code.starts_with("N18")) {
        edits.push(edit(
            EditName::UseAdditionalCode,
            EditSeverity::Info,
            &["E11.22"],
            "E11.22: use additional code to identify stage of chronic kidney disease (N18.1-N18.6)"
                .into(),
        ));
    }
    if !view.inpatient {
        return edits;
    }
    for a in &view.assignments {
        if !matches!(a.role, Role::Principal | Role::Secondary) {
            continue;
        }
        let code = a.code.as_str();
        let found = match (a.poa_exempt, a.poa) {
            (false, None) => Some((
                EditName::PoaMissing,
                EditSeverity::Error,
                format!("{code} has no POA indicator: it needs Y, N, U or W"),
            )),
            (false, Some(Poa::Exempt)) => Some((
                EditName::PoaInvalid,
                EditSeverity::Error,
                format!(
                    "{code} has POA \"1\", which is only for exempt codes: it needs Y, N, U or W"
                ),
            )),
            (true, Some(p)) if p != Poa::Exempt => Some((
                EditName::PoaOnExemptCode,
                EditSeverity::Warning,
                format!(
                    "{code} is exempt from POA reporting: leave the indicator blank or \"1\", not \"{p}\""
                ),
            )),
            _ => None,
        };
        if let Some((name, severity, message)) = found {
            edits.push(edit(name, severity, &[code], message));
        }
    }
    edits
}

/// What finalize says given the store's `problems`, as
/// `app::coding_edits::verdict` words it: errors block, warnings block
/// unless `ack` names them (listed apart when `apart`).
pub fn check(
    view: &ChartView,
    mut blocking: Vec<String>,
    ack: Option<&Acknowledgement>,
    apart: bool,
) -> FinalizeCheck {
    let acknowledged = |e: &Edit| ack.is_some_and(|a| a.edits.contains(&e.name));
    let mut warnings = Vec::new();
    for e in &view.edits {
        match e.severity {
            EditSeverity::Error => blocking.push(format!("{}: {}", e.name, e.message)),
            EditSeverity::Warning if apart => warnings.push(e.clone()),
            EditSeverity::Warning if acknowledged(e) => {}
            EditSeverity::Warning => blocking.push(format!(
                "{}: {} (a warning: acknowledge it with a reason to finalize)",
                e.name, e.message
            )),
            EditSeverity::Info => {}
        }
    }
    FinalizeCheck { blocking, warnings }
}

/// The sample store with the inpatient chart (IP-2002, second by priority:
/// `j Enter` claims it) already coded with what fires an edit of every
/// severity in the fake ([`canned_edits`]):
/// J18.9 without POA (error), R07.9 with R07.89 (Excludes1, warning),
/// E11.22 without a CKD stage (info), Z79.4 (POA-exempt) with `Y`
/// (warning). `poa_missing` off: J18.9 gets `Y` too (warnings only).
pub fn edits_store(poa_missing: bool) -> FakeStore {
    use chartq::domain::codes::CodeSystem;
    use chartq::tui::model::Assignment;
    let mut store = super::sample_store();
    let code = |code: &str, role, poa: Option<Poa>| Assignment {
        system: CodeSystem::Icd10Cm,
        code: code.into(),
        title: super::CODES
            .iter()
            .find(|(c, ..)| *c == code)
            .map_or(String::new(), |(_, t, _)| t.to_string()),
        role,
        poa,
        modifiers: vec![],
        units: None,
        poa_exempt: code == "Z79.4",
    };
    let first = if poa_missing { None } else { Some(Poa::Y) };
    store.charts[1].1.assignments = vec![
        code("J18.9", Role::Principal, first),
        code("R07.9", Role::Secondary, Some(Poa::Y)),
        code("R07.89", Role::Secondary, Some(Poa::Y)),
        code("E11.22", Role::Secondary, Some(Poa::Y)),
        code("Z79.4", Role::Secondary, Some(Poa::Y)),
    ];
    store
}
