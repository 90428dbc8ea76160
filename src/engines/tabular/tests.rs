//! The tabular edits on invented notes and on the bundled April 2026
//! tabular (CDC's XML, parsed by the import parser).

use std::io::Read;
use std::sync::OnceLock;

use chrono::NaiveDate;

use super::*;
use crate::domain::chart::EncounterType;
use crate::domain::claim::{Claim, ClaimDiagnosis, Reported, Sex};
use crate::domain::codes::{Code, CodeKind, Note, NoteKind};
use crate::domain::edit::{EditName, Severity};

fn claim(encounter_type: EncounterType, codes: &[&str]) -> Claim {
    let date = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default();
    let dx = |c: &&str| ClaimDiagnosis {
        code: crate::domain::codes::lookup_key(c),
        poa: None,
    };
    Claim {
        id: "T1".into(),
        encounter_type,
        age: 60,
        sex: Reported::Given(Sex::Female),
        admit_date: date,
        discharge_date: date,
        discharge_status: None,
        pdx: codes.first().map(dx),
        sdx: codes.iter().skip(1).map(dx).collect(),
        procedures: vec![],
    }
}

fn out(codes: &[&str]) -> Claim {
    claim(EncounterType::Outpatient, codes)
}

/// (name, severity, codes) of each edit.
fn summary(edits: &[crate::domain::edit::Edit]) -> Vec<(EditName, Severity, Vec<String>)> {
    edits
        .iter()
        .map(|e| (e.name, e.severity, e.codes.clone()))
        .collect()
}

fn entry(
    code: &str,
    kind: CodeKind,
    title: &str,
    parent: Option<&str>,
    notes: &[(NoteKind, &str)],
) -> Code {
    Code {
        code: code.into(),
        kind,
        billable: kind == CodeKind::Code,
        short_title: None,
        long_title: title.into(),
        parent: parent.map(str::to_string),
        notes: notes
            .iter()
            .map(|(kind, text)| Note {
                kind: *kind,
                text: (*text).into(),
            })
            .collect(),
        valid_until: None,
    }
}

/// A made-up version: chapter 9 → section Q00-Q09 → categories Q01
/// (Excludes1 Q05.-, Excludes2 Q07.-), Q03 (a manifestation with a closed
/// code-first list), Q05 (use additional code), Q06 (code first, if
/// applicable), and codes under each.
fn invented() -> Vec<Code> {
    use CodeKind::*;
    use NoteKind::*;
    vec![
        entry(
            "9",
            Chapter,
            "Invented chapter",
            None,
            &[(Excludes1, "far things (R99)")],
        ),
        entry(
            "Q00-Q09",
            Section,
            "Invented section",
            Some("9"),
            &[(UseAdditionalCode, "code to identify section things (Z99.8)")],
        ),
        entry(
            "Q01",
            Category,
            "Left thing",
            Some("Q00-Q09"),
            &[
                (Excludes1, "right thing (Q05.-)"),
                (Excludes2, "other thing (Q07.-)"),
            ],
        ),
        entry("Q01.1", Code, "Left thing, acute", Some("Q01"), &[]),
        entry(
            "Q03",
            Category,
            "Ache in diseases classified elsewhere",
            Some("Q00-Q09"),
            &[(CodeFirst, "underlying disease (Q01.-, Q05.1)")],
        ),
        entry(
            "Q03.0",
            Code,
            "Ache in diseases classified elsewhere, left",
            Some("Q03"),
            &[],
        ),
        entry(
            "Q05",
            Category,
            "Right thing",
            Some("Q00-Q09"),
            &[
                (UseAdditionalCode, "code to identify cause:"),
                (UseAdditionalCode, "cause one (Q09.1)"),
                (UseAdditionalCode, "cause two (Q09.2)"),
            ],
        ),
        entry("Q05.1", Code, "Right thing, acute", Some("Q05"), &[]),
        entry(
            "Q06",
            Category,
            "Odd thing",
            Some("Q00-Q09"),
            &[
                (CodeFirst, ", if applicable, any associated:"),
                (CodeFirst, "left thing (Q01.-)"),
            ],
        ),
        entry("Q06.0", Code, "Odd thing, mild", Some("Q06"), &[]),
        entry("Q07", Category, "Other thing", Some("Q00-Q09"), &[]),
        entry("Q07.0", Code, "Other thing, mild", Some("Q07"), &[]),
        entry("Q09", Category, "Causes", Some("Q00-Q09"), &[]),
        entry("Q09.1", Code, "Cause one", Some("Q09"), &[]),
        entry("R99", Code, "Far thing", None, &[]),
    ]
}

#[test]
fn excludes1_inherited_from_a_category_is_one_warning_per_pair() {
    let notes = TabularNotes::build(invented(), None);
    let edits = tabular_edits(&out(&["Q01.1", "Q07.0", "Q05.1", "Q09.1"]), &notes);
    let pairs: Vec<_> = summary(&edits)
        .into_iter()
        .filter(|e| e.0 == EditName::Excludes1)
        .collect();
    assert_eq!(
        pairs,
        [(
            EditName::Excludes1,
            Severity::Warning,
            vec!["Q011".into(), "Q051".into()]
        )]
    );
    let message = &edits[0].message;
    assert!(message.contains("Q01.1 and Q05.1"), "{message}");
    assert!(message.contains("category Q01 Left thing"), "{message}");
    assert!(message.contains("\"right thing (Q05.-)\""), "{message}");
    // Either order, and a repeated code: the pair is found once.
    let edits = tabular_edits(&out(&["Q05.1", "Q01.1", "Q09.1", "Q01.1"]), &notes);
    assert_eq!(
        edits
            .iter()
            .filter(|e| e.name == EditName::Excludes1)
            .count(),
        1
    );
    assert_eq!(edits[0].codes, ["Q051", "Q011"]);
    // A chapter's Excludes1 applies to every code under it.
    let edits = tabular_edits(&out(&["Q07.0", "R99"]), &notes);
    assert_eq!(summary(&edits)[0].2, ["Q070", "R99"]);
}

#[test]
fn manifestation_needs_its_etiology_first() {
    let notes = TabularNotes::build(invented(), None);
    assert!(notes.is_manifestation("Q030"));
    assert!(!notes.is_manifestation("Q01.1"));
    let manifestation = |codes: &[&str], kind| {
        summary(&tabular_edits(&claim(kind, codes), &notes))
            .into_iter()
            .filter(|e| e.0 == EditName::ManifestationWithoutEtiology)
            .collect::<Vec<_>>()
    };
    let error = |codes: &[&str]| {
        vec![(
            EditName::ManifestationWithoutEtiology,
            Severity::Error,
            codes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        )]
    };
    // Alone, or beside codes the closed list does not name.
    assert_eq!(
        manifestation(&["Q03.0"], EncounterType::Outpatient),
        error(&["Q030"])
    );
    assert_eq!(
        manifestation(&["Q07.0", "Q03.0"], EncounterType::Outpatient),
        error(&["Q030"])
    );
    // Before its etiology.
    assert_eq!(
        manifestation(&["Q03.0", "Q05.1"], EncounterType::Outpatient),
        error(&["Q030", "Q051"])
    );
    // After it: fine.
    assert!(manifestation(&["Q05.1", "Q03.0"], EncounterType::Outpatient).is_empty());
    // The principal of an inpatient claim is the MCE's manifestation_as_pdx.
    assert!(manifestation(&["Q03.0", "Q05.1"], EncounterType::Inpatient).is_empty());
    assert_eq!(
        manifestation(&["Q07.0", "Q03.0"], EncounterType::Inpatient),
        error(&["Q030"])
    );
    // A manifestation's "code first" is that edit, never also a reminder.
    let edits = tabular_edits(&out(&["Q03.0"]), &notes);
    assert!(edits.iter().all(|e| e.name != EditName::CodeFirst));
}

#[test]
fn reminders_name_missing_codes_once_and_only_from_the_code_or_its_category() {
    let notes = TabularNotes::build(invented(), None);
    let edits = tabular_edits(&out(&["Q05.1", "Q05.1"]), &notes);
    // One per code per note, however often the code is on the claim (the
    // section's Z99.8 reminder is not raised).
    assert_eq!(
        summary(&edits),
        [(
            EditName::UseAdditionalCode,
            Severity::Info,
            vec!["Q051".into()]
        )]
    );
    assert!(
        edits[0]
            .message
            .contains("code to identify cause: cause one (Q09.1); cause two (Q09.2)"),
        "{}",
        edits[0].message
    );
    assert!(
        edits[0].message.contains("none of Q09.1, Q09.2"),
        "{}",
        edits[0].message
    );
    // One of the named codes on the claim satisfies the note.
    assert!(
        tabular_edits(&out(&["Q05.1", "Q09.1", "Q01.1"]), &notes)
            .iter()
            .all(|e| e.name != EditName::UseAdditionalCode)
    );
    // A conditional code first says so.
    let edits = tabular_edits(&out(&["Q06.0"]), &notes);
    assert_eq!(
        summary(&edits),
        [(EditName::CodeFirst, Severity::Info, vec!["Q060".into()])]
    );
    assert!(
        edits[0].message.contains("Code first (if applicable)"),
        "{}",
        edits[0].message
    );
}

#[test]
fn borrowed_notes_cap_every_edit_at_warning_and_say_so() {
    let notes = TabularNotes::build(invented(), Some("FY2026"));
    assert!(notes.notes_borrowed());
    let edits = tabular_edits(&out(&["Q03.0", "Q01.1", "Q05.1"]), &notes);
    assert!(!edits.is_empty());
    for e in &edits {
        assert_ne!(e.severity, Severity::Error, "{e:?}");
        assert!(e.message.contains("borrowed from FY2026"), "{}", e.message);
    }
    let m = edits
        .iter()
        .find(|e| e.name == EditName::ManifestationWithoutEtiology);
    assert_eq!(m.map(|e| e.severity), Some(Severity::Warning));
    let info = edits.iter().find(|e| e.name == EditName::UseAdditionalCode);
    assert_eq!(info.map(|e| e.severity), Some(Severity::Info));
}

#[test]
fn odd_input_raises_nothing_and_never_panics() {
    let mut entries = invented();
    // A parent cycle and a dangling parent.
    entries.push(entry(
        "Q08",
        CodeKind::Category,
        "Loop",
        Some("Q08.1"),
        &[(NoteKind::Excludes1, "(((( (Q01.-")],
    ));
    entries.push(entry(
        "Q08.1",
        CodeKind::Code,
        "Loop",
        Some("Q08"),
        &[(NoteKind::CodeFirst, "()")],
    ));
    entries.push(entry(
        "Q08.2",
        CodeKind::Code,
        "",
        Some("nowhere"),
        &[(NoteKind::CodeFirst, "é (É1.-)")],
    ));
    let notes = TabularNotes::build(entries, None);
    for codes in [
        &["Q08.1", "Q01.1", "Q08.2"][..],
        &[],
        &["", "é", "Q0", "ZZZZZZZZ"],
        &["Q08.1", "Q08.1"],
    ] {
        let _ = tabular_edits(&out(codes), &notes);
    }
    let mut none = out(&[]);
    none.sdx = vec![ClaimDiagnosis {
        code: "Q030".into(),
        poa: None,
    }];
    let edits = tabular_edits(&none, &TabularNotes::build(invented(), None));
    assert_eq!(edits[0].name, EditName::ManifestationWithoutEtiology);
    assert!(TabularNotes::build(vec![], None).is_empty());
}

/// The bundled April 2026 tabular (FY2026), parsed once for all tests.
fn real() -> &'static TabularNotes {
    static NOTES: OnceLock<TabularNotes> = OnceLock::new();
    NOTES.get_or_init(|| {
        let gz = include_bytes!("../../../codesets/icd10cm/icd10cm-tabular-2026-04-01.xml.gz");
        let mut xml = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut xml)
            .expect("the bundled tabular decompresses");
        let src = crate::ingest::source::Source::from_bytes("tabular.xml", xml);
        let set = crate::ingest::icd10cm::parse(&src)
            .expect("the bundled tabular parses")
            .set;
        TabularNotes::build(set.codes, None)
    })
}

#[test]
fn real_excludes1_from_a_category_and_a_section() {
    let notes = real();
    // E11 Type 2 diabetes mellitus: Excludes1 type 1 diabetes mellitus (E10.-).
    let edits = tabular_edits(&out(&["E11.9", "E10.9"]), notes);
    assert_eq!(
        summary(&edits)[0],
        (
            EditName::Excludes1,
            Severity::Warning,
            vec!["E119".into(), "E109".into()]
        )
    );
    assert!(
        edits[0]
            .message
            .contains("category E11 Type 2 diabetes mellitus"),
        "{}",
        edits[0].message
    );
    assert!(
        edits[0]
            .message
            .contains("\"type 1 diabetes mellitus (E10.-)\""),
        "{}",
        edits[0].message
    );
    // Section I10-I1A Hypertensive diseases: Excludes1 primary pulmonary hypertension (I27.0).
    let edits = tabular_edits(&out(&["I27.0", "I10"]), notes);
    let e = edits
        .iter()
        .find(|e| e.name == EditName::Excludes1)
        .expect("an Excludes1 edit");
    assert_eq!(e.codes, ["I270", "I10"]);
    assert!(e.message.contains("section I10-I1A"), "{}", e.message);
}

#[test]
fn real_excludes2_and_qualified_references_are_silent() {
    let notes = real();
    // J45 Asthma: Excludes2 ... (J44.89); L89 Pressure ulcer: Excludes2 (L97.-).
    for codes in [["J45.909", "J44.89"], ["L89.150", "L97.109"]] {
        let edits = tabular_edits(&out(&codes), notes);
        assert!(
            edits.iter().all(|e| e.name != EditName::Excludes1),
            "{codes:?}: {edits:?}"
        );
    }
}

#[test]
fn real_manifestation_first_alone_and_after_its_etiology() {
    let notes = real();
    // G63 Polyneuropathy in diseases classified elsewhere; code first
    // underlying disease, such as: amyloidosis (E85.-) ...
    assert!(notes.is_manifestation("G63"));
    assert!(!notes.is_manifestation("E85.9"));
    assert!(
        !notes.is_manifestation("B95.62"),
        "an infectious agent, not a manifestation"
    );
    let names = |codes: &[&str], kind| {
        summary(&tabular_edits(&claim(kind, codes), notes))
            .into_iter()
            .filter(|e| e.0 == EditName::ManifestationWithoutEtiology)
            .map(|e| (e.1, e.2))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&["G63"], EncounterType::Outpatient),
        [(Severity::Error, vec!["G63".to_string()])]
    );
    assert_eq!(
        names(&["G63", "E85.9"], EncounterType::Outpatient),
        [(Severity::Error, vec!["G63".to_string(), "E859".to_string()])]
    );
    assert!(names(&["E85.9", "G63"], EncounterType::Outpatient).is_empty());
    assert!(names(&["G63", "E85.9"], EncounterType::Inpatient).is_empty());
    let edits = tabular_edits(&out(&["G63"]), notes);
    assert!(
        edits[0]
            .message
            .contains("underlying disease, such as: amyloidosis (E85.-)"),
        "{}",
        edits[0].message
    );
}

#[test]
fn real_code_first_and_use_additional_code_reminders() {
    let notes = real();
    // I25.82 Chronic total occlusion of coronary artery: code first
    // coronary atherosclerosis (I25.1-, I25.7-, I25.81-).
    let code_first = |codes: &[&str]| {
        summary(&tabular_edits(&out(codes), notes))
            .into_iter()
            .filter(|e| e.0 == EditName::CodeFirst)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        code_first(&["I25.82"]),
        [(EditName::CodeFirst, Severity::Info, vec!["I2582".into()])]
    );
    assert!(code_first(&["I25.10", "I25.82"]).is_empty());
    // E11: use additional code to identify control using: insulin (Z79.4) ...
    let edits = tabular_edits(&out(&["E11.9"]), notes);
    assert_eq!(
        summary(&edits),
        [(
            EditName::UseAdditionalCode,
            Severity::Info,
            vec!["E119".into()]
        )]
    );
    assert!(
        edits[0].message.contains("insulin (Z79.4)"),
        "{}",
        edits[0].message
    );
    assert!(tabular_edits(&out(&["E11.9", "Z79.4"]), notes).is_empty());
}

/// Not a timed test: prints how long building the April 2026 notes and
/// checking claims take (`cargo test --release --lib
/// engines::tabular::tests::measure -- --ignored --nocapture`).
#[test]
#[ignore]
fn measure_build_and_check() {
    let gz = include_bytes!("../../../codesets/icd10cm/icd10cm-tabular-2026-04-01.xml.gz");
    let mut xml = Vec::new();
    let _ = flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut xml);
    let src = crate::ingest::source::Source::from_bytes("tabular.xml", xml);
    let set = crate::ingest::icd10cm::parse(&src).expect("parses").set;
    let mut best = std::time::Duration::MAX;
    let mut notes = None;
    for _ in 0..5 {
        let entries = set.codes.clone();
        let started = std::time::Instant::now();
        let built = TabularNotes::build(entries, None);
        best = best.min(started.elapsed());
        notes = Some(built);
    }
    let notes = notes.expect("built");
    println!("build: {} entries in {best:?} (best of 5)", notes.len());
    let billable: Vec<&str> = set
        .codes
        .iter()
        .filter(|c| c.billable)
        .map(|c| c.code.as_str())
        .collect();
    // 100,000 claims of 8 codes each, picked by a fixed stride.
    let claims: Vec<Claim> = (0..100_000usize)
        .map(|n| {
            let codes: Vec<&str> = (0..8)
                .map(|k| billable[(n * 7919 + k * 104_729) % billable.len()])
                .collect();
            out(&codes)
        })
        .collect();
    let started = std::time::Instant::now();
    let edits: usize = claims.iter().map(|c| tabular_edits(c, &notes).len()).sum();
    let elapsed = started.elapsed();
    println!(
        "check: {} claims of 8 codes in {elapsed:?} ({:.0} claims/s), {edits} edits",
        claims.len(),
        claims.len() as f64 / elapsed.as_secs_f64()
    );
}
