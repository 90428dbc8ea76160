//! The MCE edits, one test per edit kind: each fires, and a near miss
//! does not. Invented claims over the bundled tables.

use super::test_support::{claim, dx, names, px, tables, ymd};
use super::{NoTables, mce_edits};
use crate::domain::chart::EncounterType;
use crate::domain::claim::{Claim, Reported, Sex};
use crate::domain::edit::{EditName as N, Severity};

fn run(c: &Claim) -> Vec<N> {
    names(&mce_edits(c, &tables().0).unwrap())
}

fn with(pdx: &str, sdx: &[&str], procs: &[&str]) -> Claim {
    let mut c = claim(pdx);
    c.sdx = sdx.iter().map(|s| dx(s)).collect();
    c.procedures = procs.iter().map(|p| px(p)).collect();
    c
}

fn female(mut c: Claim, age: i64) -> Claim {
    c.sex = Reported::Given(Sex::Female);
    c.age = age;
    c
}

fn on(mut c: Claim, y: i32, m: u32, d: u32) -> Claim {
    c.discharge_date = ymd(y, m, d);
    c.admit_date = c.discharge_date - chrono::Duration::days(5);
    c
}

#[test]
fn a_clean_claim_has_no_edits() {
    assert_eq!(run(&with("J189", &["E119"], &["0BH17EZ"])), []);
}

#[test]
fn invalid_codes() {
    let edits = mce_edits(&with("J18", &["XX1"], &["0DTJ4Z"]), &tables().0).unwrap();
    assert_eq!(
        names(&edits),
        [N::InvalidCode, N::InvalidCode, N::InvalidCode]
    );
    assert_eq!(edits[0].codes, ["J18"]);
    assert_eq!(edits[0].severity, Severity::Error);
    assert!(
        edits[0]
            .message
            .starts_with("J18 (principal diagnosis) is not a valid")
    );
    assert_eq!(run(&with("J189", &[], &["0DTJ4ZZ"])), []);
    // A hostile code is shown safe and short, never raw.
    let hostile = mce_edits(
        &with("J189", &["\u{1b}]0;x\u{7}AAAAAAAAAAAAAAAA"], &[]),
        &tables().0,
    )
    .unwrap();
    assert!(!hostile[0].message.contains('\u{1b}'));
    assert!(!hostile[0].message.contains("AAAAAAAAAAAA"));
}

#[test]
fn external_cause_only_as_principal() {
    assert_eq!(run(&claim("W1830XA")), [N::ExternalCauseAsPdx]);
    assert_eq!(run(&with("S72001A", &["W1830XA"], &[])), []);
}

#[test]
fn duplicate_of_the_principal() {
    assert_eq!(run(&with("J189", &["J189"], &[])), [N::DuplicateOfPdx]);
    assert_eq!(run(&with("J189", &["E119", "E119"], &[])), []);
    // Invalid and repeated: both.
    assert_eq!(
        run(&with("J18", &["J18"], &[])),
        [N::InvalidCode, N::InvalidCode, N::DuplicateOfPdx]
    );
}

#[test]
fn age_conflicts_by_group_and_date() {
    let edits = mce_edits(&female(claim("O80"), 70), &tables().0).unwrap();
    assert_eq!(names(&edits), [N::AgeConflict]);
    assert_eq!(
        edits[0].message,
        "O80 is a maternity code; the patient is 70 (maternity codes apply to ages 9–64)"
    );
    assert_eq!(run(&female(claim("O80"), 64)), []);
    assert_eq!(run(&female(claim("O80"), 9)), []);
    // Before FY2020 maternity was 12–55.
    assert_eq!(
        run(&on(female(claim("O80"), 10), 2019, 9, 1)),
        [N::AgeConflict]
    );
    assert_eq!(run(&on(female(claim("O80"), 10), 2019, 10, 1)), []);
    let mut newborn = claim("A33");
    newborn.age = 1;
    assert_eq!(run(&newborn), [N::AgeConflict]);
    newborn.age = 0;
    assert_eq!(run(&newborn), []);
    let mut pediatric = claim("B0820");
    pediatric.age = 18;
    assert_eq!(run(&pediatric), [N::AgeConflict]);
    pediatric.age = 17;
    assert_eq!(run(&pediatric), []);
    let mut adult = with("J189", &["C9150"], &[]);
    adult.age = 14;
    assert_eq!(run(&adult), [N::AgeConflict]);
    adult.age = 15;
    assert_eq!(run(&adult), []);
    // An invalid age is still checked against the groups.
    assert_eq!(
        run(&female(claim("O80"), 130)),
        [N::InvalidAge, N::AgeConflict]
    );
}

#[test]
fn sex_conflict_only_while_the_sex_edits_were_in_force() {
    let c = female(on(claim("C61"), 2024, 3, 15), 70);
    let edits = mce_edits(&c, &tables().0).unwrap();
    assert_eq!(names(&edits), [N::SexConflict]);
    assert_eq!(
        edits[0].message,
        "C61 is a diagnosis for male patients only; the patient is female"
    );
    assert_eq!(run(&on(claim("C61"), 2024, 3, 15)), []);
    assert_eq!(run(&female(on(claim("C61"), 2024, 10, 1), 70)), []);
    let proc_2024 = female(on(with("N400", &[], &["0VT00ZZ"]), 2024, 3, 15), 70);
    assert_eq!(run(&proc_2024), [N::SexConflict, N::SexConflict]);
}

#[test]
fn manifestation_questionable_and_unacceptable_principals() {
    assert_eq!(run(&claim("F0280")), [N::ManifestationAsPdx]);
    assert_eq!(run(&with("G300", &["F0280"], &[])), []);
    let qadm = mce_edits(&claim("I10"), &tables().0).unwrap();
    assert_eq!(names(&qadm), [N::QuestionableAdmission]);
    assert_eq!(qadm[0].severity, Severity::Warning);
    assert_eq!(run(&with("J189", &["I10"], &[])), []);
    assert_eq!(run(&female(claim("Z370"), 30)), [N::UnacceptablePdx]);
    assert_eq!(run(&female(with("O80", &["Z370"], &[]), 30)), []);
}

#[test]
fn requires_a_secondary_diagnosis() {
    assert_eq!(run(&claim("Z5189")), [N::UnacceptablePdx]);
    assert_eq!(run(&with("Z5189", &["C3490"], &[])), []);
}

#[test]
fn unspecified_codes_anywhere() {
    assert_eq!(run(&claim("G8100")), [N::Unspecified]);
    assert_eq!(run(&with("J189", &["G8100"], &[])), [N::Unspecified]);
    assert_eq!(run(&with("J189", &["G8101"], &[])), []);
}

#[test]
fn wrong_procedure_performed() {
    let edits = mce_edits(&with("J189", &["Y6551"], &[]), &tables().0).unwrap();
    assert_eq!(names(&edits), [N::WrongProcedure]);
    assert_eq!(edits[0].codes, ["Y6551"]);
    assert_eq!(run(&with("J189", &["Y658"], &[])), []);
}

#[test]
fn non_covered_procedures() {
    assert_eq!(run(&with("J189", &[], &["00F3XZZ"])), [N::NonCovered]);
    // Paired with a diagnosis.
    let stem = mce_edits(&with("J189", &["C9100"], &["30233AZ"]), &tables().0).unwrap();
    assert_eq!(names(&stem), [N::NonCovered]);
    assert_eq!(stem[0].codes, ["30233AZ", "C9100"]);
    assert_eq!(run(&with("J189", &[], &["30233AZ"])), []);
    let sterile = |d: &[&str]| female(with("N920", d, &["0U570ZZ"]), 40);
    assert_eq!(run(&sterile(&["Z302"])), [N::NonCovered]);
    assert_eq!(run(&sterile(&[])), []);
    // Lumbar artificial disc: over 60.
    let mut disc = with("M5126", &[], &["0SR20JZ"]);
    disc.age = 61;
    assert_eq!(run(&disc), [N::NonCovered]);
    disc.age = 125;
    assert_eq!(run(&disc), [N::InvalidAge, N::NonCovered]);
    disc.age = 60;
    assert_eq!(run(&disc), []);
}

#[test]
fn pancreas_transplant_is_non_covered_unless_type_1_diabetes_or_a_kidney() {
    assert_eq!(run(&with("K869", &[], &["0FYG0Z0"])), [N::NonCovered]);
    assert_eq!(
        run(&with("K869", &["E1022"], &["0FYG0Z0"])),
        [N::LimitedCoverage]
    );
    assert_eq!(
        run(&with("N186", &[], &["0FYG0Z0", "0TY00Z0"])),
        [N::LimitedCoverage, N::LimitedCoverage]
    );
}

#[test]
fn artificial_heart_pair_needs_a_clinical_trial() {
    let heart = |d: &[&str], p: &[&str]| on(with("I5022", d, p), 2021, 1, 15);
    assert_eq!(run(&heart(&[], &["02RK0JZ", "02RL0JZ"])), [N::NonCovered]);
    assert_eq!(
        run(&heart(&["Z006"], &["02RK0JZ", "02RL0JZ"])),
        [N::LimitedCoverage]
    );
    assert_eq!(run(&heart(&[], &["02RK0JZ"])), []);
}

#[test]
fn limited_coverage() {
    let edits = mce_edits(&with("I5022", &[], &["02YA0Z0"]), &tables().0).unwrap();
    assert_eq!(names(&edits), [N::LimitedCoverage]);
    assert_eq!(edits[0].severity, Severity::Warning);
}

#[test]
fn ventilation_over_96_hours_needs_more_than_4_days() {
    let mut c = with("J9601", &[], &["5A1955Z"]);
    c.admit_date = c.discharge_date - chrono::Duration::days(5);
    assert_eq!(run(&c), []);
    c.admit_date = c.discharge_date - chrono::Duration::days(4);
    assert_eq!(run(&c), [N::ProcedureInconsistentWithLos]);
    c.admit_date = c.discharge_date;
    assert_eq!(run(&c), [N::ProcedureInconsistentWithLos]);
}

#[test]
fn delivery_without_an_outcome_of_delivery() {
    let delivery = |pdx: &str, d: &[&str]| female(with(pdx, d, &["10D00Z1"]), 30);
    assert_eq!(
        run(&delivery("O321XX0", &[])),
        [N::QuestionableObstetricAdmission]
    );
    assert_eq!(run(&delivery("O321XX0", &["Z370"])), []);
    assert_eq!(
        run(&delivery("Z370", &[])),
        [N::UnacceptablePdx, N::QuestionableObstetricAdmission]
    );
}

#[test]
fn claim_fields_age_sex_and_discharge_status() {
    let mut c = claim("J189");
    c.age = 125;
    assert_eq!(run(&c), [N::InvalidAge]);
    c.age = -1;
    assert_eq!(run(&c), [N::InvalidAge]);
    c.age = 124;
    assert_eq!(run(&c), []);
    c.sex = Reported::Invalid("X".into());
    assert_eq!(run(&c), [N::InvalidSex]);
    c.sex = Reported::Given(Sex::Unknown);
    assert_eq!(run(&c), []);
    assert_eq!(run(&on(c.clone(), 2024, 3, 1)), [N::InvalidSex]);
    c.discharge_status = Some(Reported::from_text("08"));
    assert_eq!(run(&c), [N::InvalidDischargeStatus]);
    // NUBC codes the MCE does not accept on an inpatient claim.
    for status in ["09", "40", "41", "42"] {
        c.discharge_status = Some(Reported::from_text(status));
        assert_eq!(run(&c), [N::InvalidDischargeStatus], "{status}");
    }
    c.discharge_status = Some(Reported::from_text("43"));
    assert_eq!(run(&c), []);
    c.discharge_status = None;
    let edits = mce_edits(&c, &tables().0).unwrap();
    assert_eq!(names(&edits), [N::MissingDischargeStatus]);
    assert!(edits.iter().all(|e| e.severity == Severity::Error));
}

#[test]
fn edits_come_in_claim_order() {
    let mut c = with("W1830XA", &["G8100", "W1830XA"], &["0DTJ4Z"]);
    c.age = 130;
    assert_eq!(
        run(&c),
        [
            N::InvalidAge,
            N::ExternalCauseAsPdx,
            N::Unspecified,
            N::DuplicateOfPdx,
            N::InvalidCode
        ]
    );
}

#[test]
fn tables_by_discharge_date() {
    // v44 rows end at the data's horizon (2027-03-31), not a termination.
    assert_eq!(run(&on(claim("J189"), 2027, 9, 30)), []);
    let late = on(claim("J189"), 2027, 10, 1);
    assert_eq!(
        mce_edits(&late, &tables().0),
        Err(NoTables {
            date: ymd(2027, 10, 1)
        })
    );
    let mut outpatient = late;
    outpatient.encounter_type = EncounterType::Outpatient;
    assert_eq!(mce_edits(&outpatient, &tables().0), Ok(Vec::new()));
}
