//! Screening and history readings (issue 14, round 12).
//!
//! Coders name the condition screened for, or the one in a family's or
//! the patient's history ("hep c screening", "screening for lead", "fam hx
//! of colon ca", "h/o utis"), where the chapter-21 titles name its class:
//! Z11–Z13 "Encounter for screening for other viral diseases", "… for
//! disorder due to exposure to contaminants", "… for cardiovascular
//! disorders"; Z80–Z84 "Family history of malignant neoplasm of digestive
//! organs", "… of other mental and behavioral disorders"; Z87.44-
//! "Personal history of urinary (tract) infections".
//!
//! So a condition or organ word of [`CLASSES`], in a query that says it is
//! a screening ([`SCREEN_WORDS`]), a family history ([`FAMILY_WORDS`] with
//! a history word) or a personal history ([`HISTORY_WORDS`] alone), is
//! also met by the words its class has in those titles, each class only in
//! the readings whose titles name it that way ([`Reading`]): a personal
//! "hx htn" is a patient with hypertension (I10), not a history title, so
//! the circulatory class is read for screening and family history only.
//! A few screening tests name what they screen for ("screening psa" is the
//! prostate's screening, "dexa screening" osteoporosis's).
//!
//! The ways are added ([`Index::add_way`]) below a prefix (0.8): a title
//! that names the condition itself ("Encounter for screening for
//! depression", "Family history of glaucoma") keeps its place above the
//! class's "other" title.

use crate::search::Index;
use crate::search::query::Term;

use super::resolve::Resolved;
use super::zfactors::names_relative;

/// How well a class's title words meet a condition of the class: below a
/// prefix, above a typo.
const Q_CLASS: f32 = 0.75;
/// How well the organ a screening test looks at meets the test's name
/// ("psa" → prostate): as a word family.
const Q_TEST: f32 = 0.85;

/// Words that make a query a screening.
const SCREEN_WORDS: [&str; 4] = ["screening", "screen", "screened", "screenings"];
/// Words that make a query a history, as typed or as an abbreviation
/// first reads them ("h/o" → history, "fh" → family history).
const HISTORY_WORDS: [&str; 6] = ["history", "hx", "pmh", "phx", "fh", "fhx"];
/// Words that make a history the family's.
const FAMILY_WORDS: [&str; 4] = ["family", "fam", "fh", "fhx"];

/// Which titles a query is after, by the words it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    Screening,
    Family,
    Personal,
}

use Reading::{Family as F, Personal as P, Screening as S};

/// Condition or organ words, the readings they are read in, and the words
/// their class has in those titles (every word needed).
const CLASSES: [(&[&str], &[Reading], &[&str]); 14] = [
    (
        &[
            "hepatitis",
            "hcv",
            "hbv",
            "hav",
            "measles",
            "rubella",
            "zika",
        ],
        &[S],
        &["viral"],
    ),
    (
        &[
            "chlamydia",
            "gonorrhea",
            "gonorrhoea",
            "syphilis",
            "trichomonas",
            "trichomoniasis",
            "sexually",
        ],
        &[S],
        &["sexual"],
    ),
    (
        &[
            "aaa",
            "aneurysm",
            "hypertension",
            "htn",
            "heart",
            "cardiac",
            "coronary",
            "cad",
            "arrhythmia",
        ],
        &[S],
        &["cardiovascular"],
    ),
    (
        &[
            "aaa",
            "aneurysm",
            "hypertension",
            "htn",
            "cardiac",
            "coronary",
            "cad",
            "arrhythmia",
            "cardiovascular",
        ],
        &[F],
        &["circulatory"],
    ),
    (
        &[
            "depression",
            "depressive",
            "anxiety",
            "adhd",
            "bipolar",
            "schizophrenia",
            "ptsd",
            "psychiatric",
        ],
        &[S, F, P],
        &["mental", "behavioral"],
    ),
    (&["hearing", "ear", "ears"], &[S], &["ear"]),
    (
        &["vision", "visual", "eye", "eyes", "glaucoma", "cataract"],
        &[S],
        &["eye"],
    ),
    (
        &["anemia", "anaemia", "sickle", "thalassemia", "hemophilia"],
        &[S, F, P],
        &["blood"],
    ),
    (&["lead", "mercury", "arsenic"], &[S], &["contaminants"]),
    (
        &[
            "colon",
            "colorectal",
            "rectum",
            "rectal",
            "stomach",
            "gastric",
            "esophagus",
            "esophageal",
            "pancreas",
            "pancreatic",
            "liver",
            "bowel",
            "anal",
        ],
        &[F],
        &["digestive"],
    ),
    (
        &["asthma", "copd", "bronchitis", "emphysema", "lung", "lungs"],
        &[S, F],
        &["respiratory"],
    ),
    (
        &[
            "seizure",
            "seizures",
            "migraine",
            "parkinson",
            "parkinsons",
            "neuropathy",
            "alzheimer",
            "alzheimers",
        ],
        &[S, F],
        &["nervous"],
    ),
    (
        &["thyroid", "hypothyroidism", "hyperthyroidism"],
        &[S, F],
        &["endocrine"],
    ),
    (
        &["postpartum", "postnatal", "perinatal"],
        &[S],
        &["maternal"],
    ),
];

/// Conditions whose personal history title names the organ system and
/// the condition's plain word (Z87.44-): read in a personal history only.
const PERSONAL: [(&[&str], &[&str]); 2] = [
    (
        &["uti", "utis", "cystitis", "pyelonephritis"],
        &["urinary", "infections"],
    ),
    (
        &["nephrolithiasis", "urolithiasis", "nephrolith"],
        &["urinary", "calculi"],
    ),
];

/// Screening tests and what they look at, in a screening query.
const TESTS: [(&str, &str); 6] = [
    ("psa", "prostate"),
    ("dexa", "osteoporosis"),
    ("dxa", "osteoporosis"),
    ("a1c", "diabetes"),
    ("hba1c", "diabetes"),
    ("colorectal", "colon"),
];

/// Organ adjectives and the organ word the screening and history titles
/// use ("Personal history of malignant neoplasm of cervix uteri", "… of
/// rectum, rectosigmoid junction, and anus"), in any of the readings.
const ORGAN_ADJECTIVES: [(&str, &str); 16] = [
    ("cervical", "cervix"),
    ("rectal", "rectum"),
    ("laryngeal", "larynx"),
    ("colonic", "colon"),
    ("uterine", "uterus"),
    ("vaginal", "vagina"),
    ("vulvar", "vulva"),
    ("renal", "kidney"),
    ("gastric", "stomach"),
    ("hepatic", "liver"),
    ("pancreatic", "pancreas"),
    ("esophageal", "esophagus"),
    ("ovarian", "ovary"),
    ("testicular", "testis"),
    ("prostatic", "prostate"),
    ("pulmonary", "lung"),
];

/// The readings the query's words ask for.
pub(super) fn readings(words: &[&str]) -> Vec<Reading> {
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let mut out = Vec::new();
    if has(&SCREEN_WORDS) {
        out.push(S);
    }
    if has(&HISTORY_WORDS) || words.contains(&"fam") {
        out.push(if has(&FAMILY_WORDS) { F } else { P });
    }
    out
}

/// The class words a term's word is met by in `readings`, best first.
pub(super) fn class_words(word: &str, readings: &[Reading]) -> Vec<(&'static [&'static str], f32)> {
    let mut out: Vec<(&'static [&'static str], f32)> = Vec::new();
    if readings.contains(&S)
        && let Some((_, organ)) = TESTS.iter().find(|(t, _)| *t == word)
    {
        out.push((std::slice::from_ref(organ), Q_TEST));
    }
    if let Some((_, organ)) = ORGAN_ADJECTIVES.iter().find(|(a, _)| *a == word) {
        out.push((std::slice::from_ref(organ), Q_TEST));
    }
    for (keys, read_in, class) in CLASSES {
        if keys.contains(&word) && read_in.iter().any(|r| readings.contains(r)) {
            out.push((class, Q_CLASS));
        }
    }
    if readings.contains(&P) {
        for (keys, class) in PERSONAL {
            if keys.contains(&word) {
                out.push((class, Q_CLASS));
            }
        }
    }
    out
}

/// A term's words as typed and as its abbreviation first reads them: "h/o"
/// is typed "h" "o" and first read "history"; "s/p" is first read "status
/// post" (its "history" comes third) and is no history query.
fn lead_words(term: &Term) -> impl Iterator<Item = &str> {
    term.words
        .iter()
        .chain(term.expansions.iter().take(1).flatten())
        .map(String::as_str)
}

/// A term's words as typed and as its abbreviation reads them.
fn term_words(term: &Term) -> impl Iterator<Item = &str> {
    term.words
        .iter()
        .chain(term.expansions.iter().flatten())
        .map(String::as_str)
}

impl Index {
    /// Adds the readings of the module doc to each term of `resolved`.
    pub(super) fn join_screening_words(&self, resolved: &mut [Resolved<'_>]) {
        let words: Vec<&str> = resolved.iter().flat_map(|r| lead_words(r.term)).collect();
        let mut readings = readings(&words);
        // A relative named ("father had colon cancer") is a family's
        // history (`zfactors.rs` meets it by the family-history titles).
        if resolved.iter().any(|r| names_relative(r.term)) && !readings.contains(&F) {
            readings.retain(|r| *r != P);
            readings.push(F);
        }
        if readings.is_empty() {
            return;
        }
        for r in resolved.iter_mut() {
            if r.term.connector || r.term.negated || r.term.code.is_some() {
                continue;
            }
            let mut ways: Vec<(&[&str], f32)> = Vec::new();
            for w in term_words(r.term) {
                for way in class_words(w, &readings) {
                    if !ways.contains(&way) {
                        ways.push(way);
                    }
                }
            }
            for (class, quality) in ways {
                let sets: Option<Vec<_>> = class.iter().map(|w| self.any_of([*w])).collect();
                if let Some(sets) = sets {
                    self.add_way(r, sets, quality);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{CodeKind, CodeSystem};
    use crate::store::code_tables::IndexableCode;

    fn corpus() -> Index {
        let entry = |code: &str, title: &str| IndexableCode {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            title: title.into(),
            terms: Vec::new(),
            valid_until: None,
        };
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                entry("Z11.59", "Encounter for screening for other viral diseases"),
                entry(
                    "Z11.2",
                    "Encounter for screening for other bacterial diseases",
                ),
                entry(
                    "B19.20",
                    "Unspecified viral hepatitis C without hepatic coma",
                ),
                entry(
                    "Z13.88",
                    "Encounter for screening for disorder due to exposure to contaminants",
                ),
                entry("Z13.9", "Encounter for screening, unspecified"),
                entry(
                    "Z12.5",
                    "Encounter for screening for malignant neoplasm of prostate",
                ),
                entry(
                    "Z80.0",
                    "Family history of malignant neoplasm of digestive organs",
                ),
                entry(
                    "Z85.038",
                    "Personal history of other malignant neoplasm of large intestine",
                ),
                entry("Z87.440", "Personal history of urinary (tract) infections"),
                entry("Z91.81", "History of falling"),
                entry("I10", "Essential (primary) hypertension"),
                entry(
                    "Z82.49",
                    "Family history of ischemic heart disease and other diseases of the circulatory system",
                ),
                entry(
                    "Z86.79",
                    "Personal history of other diseases of the circulatory system",
                ),
                entry(
                    "Z83.2",
                    "Family history of diseases of the blood and blood-forming organs",
                ),
                entry(
                    "Z86.2",
                    "Personal history of diseases of the blood and blood-forming organs",
                ),
                entry(
                    "Z85.41",
                    "Personal history of malignant neoplasm of cervix uteri",
                ),
                entry(
                    "Z85.9",
                    "Personal history of malignant neoplasm, unspecified",
                ),
            ],
        )
    }

    #[test]
    fn a_condition_is_met_by_its_class_in_screening_and_history_titles() {
        let index = corpus();
        assert_eq!(index.first_code("screening hepatitis"), "Z11.59");
        assert_eq!(index.first_code("screening for lead"), "Z13.88");
        assert_eq!(index.first_code("screening psa"), "Z12.5");
        assert_eq!(index.first_code("family history colon"), "Z80.0");
        assert_eq!(index.first_code("history of utis"), "Z87.440");
        assert_eq!(index.first_code("family history of hypertension"), "Z82.49");
        assert_eq!(
            index.first_code("history of cervical malignant neoplasm"),
            "Z85.41"
        );
    }

    #[test]
    fn a_relative_named_makes_a_family_history() {
        let index = corpus();
        assert_eq!(index.first_code("father had colon cancer"), "Z80.0");
        assert_eq!(index.first_code("family history of anemia"), "Z83.2");
    }

    #[test]
    fn a_class_is_read_only_where_its_titles_name_it() {
        let index = corpus();
        // A personal "history of hypertension" is not read as the
        // circulatory history title, nor is a bare "hypertension".
        assert_ne!(index.first_code("history of hypertension"), "Z86.79");
        assert_eq!(index.first_code("hypertension"), "I10");
        // Without a screening word, "hepatitis" is no viral screening.
        assert_eq!(index.first_code("hepatitis c"), "B19.20");
    }

    #[test]
    fn readings_follow_the_query_words() {
        assert_eq!(readings(&["screening", "colon"]), vec![S]);
        assert_eq!(readings(&["fam", "hx", "colon"]), vec![F]);
        assert_eq!(readings(&["fh", "leukemia"]), vec![F]);
        // "h/o" as parsed ("h" "o") and first read ("history").
        assert_eq!(readings(&["h", "o", "history", "utis"]), vec![P]);
        assert!(readings(&["s", "p", "status", "post"]).is_empty());
        assert!(readings(&["colon", "cancer"]).is_empty());
        assert!(class_words("lead", &[P]).is_empty());
        assert_eq!(class_words("psa", &[S])[0].0, &["prostate"]);
    }
}
