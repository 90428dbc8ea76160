//! Search behaviour on a small hand-built corpus: codes with and without
//! dots, abbreviations, stages, typos, laterality, with/without, billable
//! ordering, system filters.

use chartq::domain::codes::{CodeKind, CodeSystem};
use chartq::search::{Index, SearchOptions};
use chartq::store::code_tables::IndexableCode;

fn entry(code: &str, billable: bool, title: &str, terms: &[&str]) -> IndexableCode {
    IndexableCode {
        code: code.into(),
        kind: if billable {
            CodeKind::Code
        } else {
            CodeKind::Category
        },
        billable,
        title: title.into(),
        terms: terms.iter().map(|t| t.to_string()).collect(),
        valid_until: None,
    }
}

fn corpus() -> Index {
    Index::build(corpus_sets())
}

fn corpus_sets() -> Vec<(CodeSystem, Vec<IndexableCode>)> {
    let cm = vec![
        entry("E11", false, "Type 2 diabetes mellitus", &[]),
        entry(
            "E11.2",
            false,
            "Type 2 diabetes mellitus with kidney complications",
            &[],
        ),
        entry(
            "E11.21",
            true,
            "Type 2 diabetes mellitus with diabetic nephropathy",
            &[],
        ),
        entry(
            "E11.22",
            true,
            "Type 2 diabetes mellitus with diabetic chronic kidney disease",
            &[],
        ),
        entry(
            "E11.29",
            true,
            "Type 2 diabetes mellitus with other diabetic kidney complication",
            &[],
        ),
        entry(
            "E11.65",
            true,
            "Type 2 diabetes mellitus with hyperglycemia",
            &[],
        ),
        entry(
            "E11.9",
            true,
            "Type 2 diabetes mellitus without complications",
            &[],
        ),
        entry(
            "E10.9",
            true,
            "Type 1 diabetes mellitus without complications",
            &[],
        ),
        entry(
            "N18.30",
            true,
            "Chronic kidney disease, stage 3 unspecified",
            &[],
        ),
        entry("N18.31", true, "Chronic kidney disease, stage 3a", &[]),
        entry("N18.32", true, "Chronic kidney disease, stage 3b", &[]),
        entry(
            "N18.4",
            true,
            "Chronic kidney disease, stage 4 (severe)",
            &[],
        ),
        entry(
            "I10",
            true,
            "Essential (primary) hypertension",
            &[
                "high blood pressure",
                "hypertension (arterial) (benign) (essential) (malignant) (primary) (systemic)",
            ],
        ),
        entry("I16.9", true, "Hypertensive crisis, unspecified", &[]),
        entry(
            "I21.9",
            true,
            "Acute myocardial infarction, unspecified",
            &["Myocardial infarction (acute) NOS"],
        ),
        entry(
            "J44.0",
            true,
            "Chronic obstructive pulmonary disease with (acute) lower respiratory infection",
            &[],
        ),
        entry(
            "J44.1",
            true,
            "Chronic obstructive pulmonary disease with (acute) exacerbation",
            &[],
        ),
        entry(
            "J44.9",
            true,
            "Chronic obstructive pulmonary disease, unspecified",
            &[],
        ),
        entry(
            "S72.001",
            false,
            "Fracture of unspecified part of neck of right femur",
            &[],
        ),
        entry(
            "S72.001A",
            true,
            "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture",
            &[],
        ),
        entry(
            "S72.001D",
            true,
            "Fracture of unspecified part of neck of right femur, subsequent encounter for closed fracture with routine healing",
            &[],
        ),
        entry(
            "S72.002A",
            true,
            "Fracture of unspecified part of neck of left femur, initial encounter for closed fracture",
            &[],
        ),
        entry("J18.9", true, "Pneumonia, unspecified organism", &[]),
        entry(
            "G43.009",
            true,
            "Migraine without aura, not intractable, without status migrainosus",
            &[],
        ),
        entry(
            "G43.109",
            true,
            "Migraine with aura, not intractable, without status migrainosus",
            &[],
        ),
    ];
    let pcs = vec![
        entry("0DT", false, "Gastrointestinal System, Resection", &[]),
        entry(
            "0DTJ4ZZ",
            true,
            "Resection of Appendix, Percutaneous Endoscopic Approach",
            &[],
        ),
        entry("0DTJ0ZZ", true, "Resection of Appendix, Open Approach", &[]),
        entry(
            "0FT44ZZ",
            true,
            "Resection of Gallbladder, Percutaneous Endoscopic Approach",
            &[],
        ),
    ];
    let hcpcs = vec![
        entry(
            "E0601",
            true,
            "Continuous positive airway pressure (cpap) device",
            &[],
        ),
        entry("E0570", true, "Nebulizer, with compressor", &[]),
        IndexableCode {
            kind: CodeKind::Modifier,
            ..entry(
                "LT",
                false,
                "Left side (used to identify procedures performed on the left side of the body)",
                &[],
            )
        },
    ];
    vec![
        (CodeSystem::Icd10Cm, cm),
        (CodeSystem::Icd10Pcs, pcs),
        (CodeSystem::Hcpcs, hcpcs),
    ]
}

#[test]
fn systems_indexed_apart_answer_as_they_do_alone() {
    // The combined index (systems are indexed apart and merged, as their
    // snapshots are) must not change any system's answers.
    // (Queries whose words all exist in each system: a word no title of a
    // system uses is dropped from the query when that system is alone.)
    let combined = corpus();
    let queries = [
        "diab", "e11", "cpap", "fx", "lt", "kidney", "0dt", "neb", "e0",
    ];
    for (system, set) in corpus_sets() {
        let alone = Index::build(vec![(system, set)]);
        for q in queries {
            assert_eq!(
                codes_in(&combined, q, &[system]),
                codes_in(&alone, q, &[system]),
                "{system} {q}"
            );
        }
    }
    // Systems come in their fixed order, whatever order they were given in.
    let mut reversed = corpus_sets();
    reversed.reverse();
    let reversed = Index::build(reversed);
    for q in queries.into_iter().chain(["dm2 w ckd 3a", "with"]) {
        assert_eq!(codes(&reversed, q), codes(&combined, q), "{q}");
    }
}

fn codes(index: &Index, q: &str) -> Vec<String> {
    codes_in(index, q, &[])
}

fn codes_in(index: &Index, q: &str, systems: &[CodeSystem]) -> Vec<String> {
    let opts = SearchOptions {
        systems: systems.to_vec(),
        ..SearchOptions::default()
    };
    index.search(q, &opts).into_iter().map(|h| h.code).collect()
}

#[test]
fn abbreviations_with_stage_find_the_combination_code() {
    let idx = corpus();
    let got = codes(&idx, "dm2 w ckd 3a");
    assert!(got[..3].contains(&"E11.22".to_string()), "{got:?}");
    assert_eq!(codes(&idx, "ckd 3a")[0], "N18.31");
    assert_eq!(codes(&idx, "ckd stage 4")[0], "N18.4");
}

#[test]
fn codes_match_with_or_without_dot_in_any_case() {
    let idx = corpus();
    assert_eq!(codes(&idx, "e1122")[0], "E11.22");
    assert_eq!(codes(&idx, "E11.22")[0], "E11.22");
    assert_eq!(codes(&idx, "0dtj4zz")[0], "0DTJ4ZZ");
    assert_eq!(codes(&idx, "e0601")[0], "E0601");
    let s72 = codes(&idx, "S72.001");
    assert_eq!(
        &s72[..2],
        ["S72.001A", "S72.001D"],
        "7th characters in code order"
    );
    assert!(s72.contains(&"S72.001".to_string()), "the header follows");
    assert!(!s72.contains(&"S72.002A".to_string()));
}

#[test]
fn word_prefixes_in_any_order() {
    let idx = corpus();
    assert_eq!(codes(&idx, "diab neph")[0], "E11.21");
    assert_eq!(codes(&idx, "nephropathy diabetes")[0], "E11.21");
}

#[test]
fn billable_codes_rank_above_headers() {
    let idx = corpus();
    let got = codes(&idx, "type 2 diabetes");
    let first_header = got.iter().position(|c| c == "E11").unwrap();
    let last_billable = got
        .iter()
        .rposition(|c| c.starts_with("E11.") && c != "E11.2")
        .unwrap();
    assert!(last_billable < first_header, "{got:?}");
    let opts = SearchOptions {
        include_headers: false,
        ..SearchOptions::default()
    };
    assert!(
        idx.search("type 2 diabetes", &opts)
            .iter()
            .all(|h| h.billable)
    );
}

#[test]
fn typos_of_one_edit_are_forgiven() {
    let idx = corpus();
    assert_eq!(codes(&idx, "pneumonai")[0], "J18.9");
    assert_eq!(codes(&idx, "type 2 diabtes without")[0], "E11.9");
}

#[test]
fn inclusion_terms_and_synonyms() {
    let idx = corpus();
    assert_eq!(codes(&idx, "high blood pressure")[0], "I10");
    assert_eq!(codes(&idx, "htn")[0], "I10");
    assert_eq!(codes(&idx, "heart attack")[0], "I21.9");
}

#[test]
fn with_without_and_laterality() {
    let idx = corpus();
    assert_eq!(codes(&idx, "copd exac")[0], "J44.1");
    assert_eq!(codes(&idx, "copd w/o exac")[0], "J44.9");
    assert_eq!(codes(&idx, "migraine w/o aura")[0], "G43.009");
    assert_eq!(codes(&idx, "rt hip fx")[0], "S72.001A");
    assert_eq!(codes(&idx, "lt hip fx")[0], "S72.002A");
    assert_eq!(codes(&idx, "dm2 w/o complications")[0], "E11.9");
}

#[test]
fn system_filter_and_procedure_abbreviations() {
    let idx = corpus();
    assert_eq!(codes_in(&idx, "cpap", &[CodeSystem::Hcpcs]), ["E0601"]);
    assert_eq!(
        codes_in(&idx, "lap appy", &[CodeSystem::Icd10Pcs])[0],
        "0DTJ4ZZ"
    );
    assert_eq!(
        codes_in(&idx, "lap chole", &[CodeSystem::Icd10Pcs])[0],
        "0FT44ZZ"
    );
    assert_eq!(codes_in(&idx, "lt", &[CodeSystem::Hcpcs])[0], "LT");
    assert!(codes_in(&idx, "cpap", &[CodeSystem::Icd10Cm]).is_empty());
}

#[test]
fn highlights_are_byte_ranges_of_the_title() {
    let idx = corpus();
    let hit = &idx.search("diab kidney", &SearchOptions::default())[0];
    let parts: Vec<&str> = hit.matched.iter().map(|r| &hit.title[r.clone()]).collect();
    assert!(parts.contains(&"diab"), "{parts:?} in {}", hit.title);
    assert!(parts.contains(&"kidney"), "{parts:?}");
}

#[test]
fn nothing_found_and_limits() {
    let idx = corpus();
    assert!(codes(&idx, "zzzzqx").is_empty());
    assert!(codes(&idx, " ").is_empty());
    let opts = SearchOptions {
        limit: 2,
        ..SearchOptions::default()
    };
    assert_eq!(idx.search("diabetes", &opts).len(), 2);
}

#[test]
fn index_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Index>();
}

#[test]
fn a_short_prefix_that_is_an_abbreviation_means_the_abbreviation() {
    // Many one-word titles start with "mi"; "mi" is the table's myocardial
    // infarction. Typing on ("mig") is a prefix again.
    let mut cm = vec![entry(
        "I21.9",
        true,
        "Acute myocardial infarction, unspecified",
        &[],
    )];
    for (i, word) in ["Migraine", "Miosis", "Mitral", "Miliaria", "Mitosis"]
        .iter()
        .enumerate()
    {
        cm.push(entry(&format!("R9{i}"), true, word, &[]));
    }
    let index = Index::build(vec![(CodeSystem::Icd10Cm, cm)]);
    assert_eq!(codes(&index, "mi")[0], "I21.9");
    assert_eq!(codes(&index, "mig")[0], "R90");
}
