//! The demo's coding against the coding edits: every answer key is clean
//! (no error or warning: the shift finalizes them without an
//! acknowledgement), and every draft a coder left carries the edit its
//! scenario is about — at both ends of the scenario's age range and in both
//! fiscal years the demo spans.

use std::io::Read;
use std::sync::OnceLock;

use chartq::app::demo::scenarios::{ExpectedCode, SCENARIOS, Scenario, Setting, SexRule};
use chartq::app::edit_tables;
use chartq::domain::claim::{Claim, ClaimDiagnosis, ClaimProcedure, Reported, Sex};
use chartq::domain::codes::CodeSystem;
use chartq::domain::codes::lookup_key;
use chartq::domain::coding::CodeRole;
use chartq::domain::edit::{Edit, EditName, Severity};
use chartq::engines::check::{EditTables, check};
use chartq::engines::tabular::TabularNotes;

/// The bundled April 2026 tabular's notes (the FY2027 version borrows them).
fn notes() -> &'static TabularNotes {
    static NOTES: OnceLock<TabularNotes> = OnceLock::new();
    NOTES.get_or_init(|| {
        let gz = include_bytes!("../../codesets/icd10cm/icd10cm-tabular-2026-04-01.xml.gz");
        let mut xml = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut xml)
            .unwrap();
        let src = chartq::ingest::source::Source::from_bytes("tabular.xml", xml);
        let set = chartq::ingest::icd10cm::parse(&src).unwrap().set;
        TabularNotes::build(set.codes, None)
    })
}

fn claim(s: &Scenario, codes: &[ExpectedCode], age: u32, discharge: &str) -> Claim {
    let dx = |c: &ExpectedCode| ClaimDiagnosis {
        code: lookup_key(c.code),
        poa: c.poa.map(Reported::Given),
    };
    let discharge_date = discharge.parse().unwrap();
    Claim {
        id: s.id.to_string(),
        encounter_type: s.setting.encounter_type(),
        age: i64::from(age),
        sex: Reported::Given(match s.sex {
            SexRule::Male => Sex::Male,
            _ => Sex::Female,
        }),
        admit_date: discharge_date - chrono::Days::new(u64::from(s.stay.1)),
        discharge_date,
        discharge_status: s
            .discharge_status
            .filter(|_| s.setting == Setting::Inpatient)
            .map(Reported::from_text),
        pdx: codes
            .iter()
            .find(|c| c.system == CodeSystem::Icd10Cm && c.role == CodeRole::Principal)
            .map(dx),
        sdx: codes
            .iter()
            .filter(|c| c.system == CodeSystem::Icd10Cm && c.role == CodeRole::Secondary)
            .map(dx)
            .collect(),
        procedures: codes
            .iter()
            .filter(|c| c.system == CodeSystem::Icd10Pcs)
            .map(|c| ClaimProcedure {
                code: lookup_key(c.code),
            })
            .collect(),
    }
}

/// The edits of `codes` for every age end and both fiscal years.
fn edits_of(s: &Scenario, codes: &[ExpectedCode]) -> Vec<(String, Edit)> {
    let tables = edit_tables::shared().unwrap();
    let tables = EditTables {
        mce: &tables.mce,
        poa: &tables.poa,
        notes: Some(notes()),
    };
    let mut out = Vec::new();
    for age in [s.ages.0, s.ages.1] {
        for discharge in ["2026-05-04", "2026-11-02"] {
            let claim = claim(s, codes, age, discharge);
            for edit in check(&claim, &tables).unwrap() {
                out.push((format!("age {age}, discharged {discharge}"), edit));
            }
        }
    }
    out
}

#[test]
fn every_answer_key_passes_the_coding_edits() {
    let mut problems = Vec::new();
    for s in SCENARIOS {
        for (when, edit) in edits_of(s, s.key) {
            let blocking = edit.severity != Severity::Info;
            let expected = s.discharge_status.is_none()
                && s.setting == Setting::Inpatient
                && edit.name == EditName::MissingDischargeStatus;
            if blocking && !expected {
                problems.push(format!("{} ({when}): {} {}", s.id, edit.name, edit.message));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_draft_carries_the_edit_its_scenario_is_about() {
    let about = [
        ("ip_uti_elderly_maternity_draft", EditName::AgeConflict),
        (
            "ip_alzheimer_agitation_manifestation_draft",
            EditName::ManifestationAsPdx,
        ),
        ("ip_dm2_hyperglycemia_excludes1_draft", EditName::Excludes1),
        ("ip_pneumonia_missing_poa_draft", EditName::PoaMissing),
        ("ip_copd_exempt_poa_y_draft", EditName::PoaOnExemptCode),
    ];
    let drafted: Vec<&Scenario> = SCENARIOS.iter().filter(|s| !s.draft.is_empty()).collect();
    assert_eq!(
        drafted.len(),
        about.len(),
        "a draft without its expectation"
    );
    for (id, name) in about {
        let s = SCENARIOS.iter().find(|s| s.id == id).unwrap();
        let edits = edits_of(s, s.draft);
        let cases = edits.iter().filter(|(_, e)| e.name == name).count();
        assert_eq!(cases, 4, "{id}: {name} in every age and year: {edits:?}");
    }
    let no_status = SCENARIOS
        .iter()
        .find(|s| s.id == "ip_cellulitis_no_discharge_status")
        .unwrap();
    let edits = edits_of(no_status, no_status.key);
    assert!(
        edits
            .iter()
            .all(|(_, e)| e.name == EditName::MissingDischargeStatus),
        "{edits:?}"
    );
    assert_eq!(edits.len(), 4);
}
