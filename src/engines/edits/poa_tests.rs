//! The POA edits and the exempt lists: official FY2026, the FY2027
//! derivation, a site's official list. Invented claims.

use super::test_support::{claim, names, tables, ymd};
use super::{Exemption, PoaExempt, PoaRule, fiscal_year, poa_edits};
use crate::domain::chart::EncounterType;
use crate::domain::claim::{Claim, ClaimDiagnosis, Reported};
use crate::domain::edit::{EditName as N, Severity};

fn poa(code: &str, indicator: Option<&str>) -> ClaimDiagnosis {
    ClaimDiagnosis {
        code: code.into(),
        poa: indicator.map(Reported::from_text),
    }
}

fn claim_with(sdx: ClaimDiagnosis, y: i32, m: u32, d: u32) -> Claim {
    let mut c = claim("J189");
    c.sdx = vec![sdx];
    c.discharge_date = ymd(y, m, d);
    c.admit_date = c.discharge_date - chrono::Duration::days(3);
    c
}

fn severities(c: &Claim) -> Vec<(N, Severity)> {
    poa_edits(c, &tables().1)
        .iter()
        .map(|e| (e.name, e.severity))
        .collect()
}

#[test]
fn fiscal_years_start_october_1() {
    assert_eq!(fiscal_year(ymd(2026, 9, 30)), 2026);
    assert_eq!(fiscal_year(ymd(2026, 10, 1)), 2027);
}

#[test]
fn required_codes_need_y_n_u_or_w() {
    let at = |p| claim_with(poa("E1122", p), 2026, 1, 15);
    assert_eq!(severities(&at(Some("N"))), []);
    assert_eq!(severities(&at(Some("W"))), []);
    let missing = poa_edits(&at(None), &tables().1);
    assert_eq!(names(&missing), [N::PoaMissing]);
    assert_eq!(missing[0].codes, ["E1122"]);
    assert_eq!(
        missing[0].message,
        "E11.22 has no POA indicator: it needs Y, N, U or W"
    );
    assert_eq!(
        severities(&at(Some("Q"))),
        [(N::PoaInvalid, Severity::Error)]
    );
    assert_eq!(
        severities(&at(Some("1"))),
        [(N::PoaInvalid, Severity::Error)]
    );
    // The principal diagnosis too.
    let mut c = at(Some("Y"));
    c.pdx = Some(poa("J189", None));
    assert_eq!(severities(&c), [(N::PoaMissing, Severity::Error)]);
}

#[test]
fn exempt_codes_take_blank_or_1() {
    let at = |p| claim_with(poa("Z370", p), 2026, 1, 15);
    assert_eq!(severities(&at(None)), []);
    assert_eq!(severities(&at(Some("1"))), []);
    assert_eq!(
        severities(&at(Some("Y"))),
        [(N::PoaOnExemptCode, Severity::Warning)]
    );
    assert_eq!(
        severities(&at(Some("?"))),
        [(N::PoaInvalid, Severity::Error)]
    );
    // Earlier discharges read the FY2026 list (the nearest obtainable).
    assert_eq!(severities(&claim_with(poa("Z370", None), 2024, 1, 15)), []);
}

#[test]
fn only_inpatient_claims() {
    let mut c = claim_with(poa("E1122", None), 2026, 1, 15);
    c.encounter_type = EncounterType::Outpatient;
    assert!(poa_edits(&c, &tables().1).is_empty());
}

#[test]
fn fy2027_derives_exemption_from_fy2026_siblings() {
    let list = &tables().1;
    let fy27 = ymd(2026, 10, 1);
    // On the FY2026 list: stays exempt.
    assert_eq!(
        list.is_exempt("Z37.0", fy27),
        Some(Exemption { derived: false })
    );
    // New in FY2027, every FY2026 Q87 code exempt: derived.
    assert_eq!(
        list.is_exempt("Q87.A", fy27),
        Some(Exemption { derived: true })
    );
    // Same category, same 7th character (D): derived; an initial
    // encounter (A) is not, and is new, so uncertain.
    assert_eq!(
        list.is_exempt("T52811D", fy27),
        Some(Exemption { derived: true })
    );
    assert_eq!(
        list.rule("T52811A", fy27),
        PoaRule::Required { uncertain: true }
    );
    // An FY2026 code not on the list is required, certainly.
    assert_eq!(
        list.rule("E1122", fy27),
        PoaRule::Required { uncertain: false }
    );
    // Problems on derived or uncertain codes are warnings.
    let at = |code, p| claim_with(poa(code, p), 2026, 11, 1);
    assert_eq!(
        severities(&at("Q87A", Some("Y"))),
        [(N::PoaOnExemptCode, Severity::Warning)]
    );
    assert_eq!(
        severities(&at("Q87A", Some("%"))),
        [(N::PoaInvalid, Severity::Warning)]
    );
    assert_eq!(
        severities(&at("T52811A", None)),
        [(N::PoaMissing, Severity::Warning)]
    );
    assert_eq!(
        severities(&at("E1122", None)),
        [(N::PoaMissing, Severity::Error)]
    );
}

#[test]
fn a_sites_official_list_replaces_the_derivation() {
    let fy27 = ymd(2027, 2, 1);
    let list = PoaExempt::official(2026, ["Q8701".to_string()])
        .derive_next(2026, ["Q8701"], ["Q8701", "Q87A"])
        .with_official(2027, ["T52811A".to_string()]);
    assert_eq!(
        list.is_exempt("T52811A", fy27),
        Some(Exemption { derived: false })
    );
    assert_eq!(list.is_exempt("Q87A", fy27), None);
    // Without it, Q87A is derived.
    let derived = PoaExempt::official(2026, ["Q8701".to_string()]).derive_next(
        2026,
        ["Q8701"],
        ["Q8701", "Q87A"],
    );
    assert_eq!(
        derived.is_exempt("Q87A", fy27),
        Some(Exemption { derived: true })
    );
    // Beyond every list: the newest rule, as an inference.
    let later = ymd(2028, 1, 1);
    assert_eq!(
        derived.is_exempt("Q8701", later),
        Some(Exemption { derived: true })
    );
    assert_eq!(
        derived.rule("E1122", later),
        PoaRule::Required { uncertain: true }
    );
}
