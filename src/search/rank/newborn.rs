//! The newborn patient and the birth, named in the nursery's words. A
//! coder or nurse types "hip dysplasia baby", "baby born by c-section" or
//! "broken clavicle from delivery"; the codes that answer never say
//! "baby" or "delivery": "Other specified congenital deformities of hip",
//! "Single liveborn infant, delivered by cesarean", "Fracture of clavicle
//! due to birth injury". Without this the word naming the patient was
//! missed by exactly the codes it points at, and an adult's dysplastic
//! arthritis or a clavicle fracture of any cause led.
//!
//! A word naming the newborn is met by the newborn's own codes by their
//! place in the classification: chapter 16 (P codes, reported only for a
//! newborn), chapter 17's congenital malformations (Q codes, present from
//! birth), and the newborn's encounter codes in chapter 21 (Z00.11
//! newborn examinations, Z05 newborn observation, Z38 liveborn infants by
//! place and manner of birth). A birth word is met by the birth-injury
//! block (P10–P15), and "born" also by the liveborn codes: a coder's
//! "from delivery" is the title's "due to birth injury". Both meet as a form (a little
//! less than the word itself), so a title that says "newborn" still leads
//! among codes that answer the rest alike.

use super::lay_compose::plain_word;
use super::resolve::Resolved;
use crate::domain::codes::CodeSystem;
use crate::search::index::Entry;
use crate::search::query::Term;

/// How well a newborn code meets a word naming its patient or the birth
/// it says otherwise: as [`super::zfactors::Q_FORM`], a word family met
/// by the code's place rather than its title's words.
const Q_NEWBORN_FORM: f32 = 0.9;

/// What a missing word naming the newborn costs: that of a "with"
/// (half a content word). It says who the patient is, not what is wrong:
/// "my baby has colic" is Colic, which no newborn code answers, and a
/// full word's cost let any P or Q code (meeting "baby" by its place)
/// tie with it.
const PATIENT_WEIGHT: f32 = 0.5;

/// Words that name the newborn patient (the newborn chapter's own words
/// and the nursery's).
const PATIENT: [&str; 12] = [
    "baby", "babies", "newborn", "newborns", "neonate", "neonates", "neonatal", "infant",
    "infants", "preemie", "premie", "nicu",
];

/// Words that name the birth itself, which a newborn's birth injury
/// says as "birth injury". They are the mother's words as well ("vaginal
/// delivery", "single live birth" is her outcome code Z37.0), so they
/// are not met by the newborn's liveborn codes: a mother's query led with
/// "Single liveborn infant, delivered vaginally" when they were.
const BIRTH: [&str; 4] = ["birth", "delivery", "birthing", "childbirth"];

/// Words said only of the child ("born by c-section", "born at 32
/// weeks"), met by the liveborn codes (Z38) as well as the birth injuries.
const BORN: [&str; 2] = ["born", "liveborn"];

/// Lightens the words naming the newborn patient ([`PATIENT_WEIGHT`])
/// when the query names something else; `resolved` is in query order.
pub(super) fn lighten_patient_words(resolved: &mut [Resolved<'_>]) {
    let patient = |r: &Resolved<'_>| plain_word(r.term).is_some_and(|w| PATIENT.contains(&w));
    let names_else = |r: &Resolved<'_>| {
        !patient(r) && !r.term.connector && (!r.alts.is_empty() || !r.codes.is_empty())
    };
    if !resolved.iter().any(names_else) {
        return;
    }
    for r in resolved.iter_mut().filter(|r| patient(r)) {
        r.weight = r.weight.min(PATIENT_WEIGHT);
    }
}

/// Whether ICD-10-CM lookup key `key` is one of the newborn's own codes.
fn newborn_code(key: &str) -> bool {
    key.starts_with('P')
        || key.starts_with('Q')
        || key.starts_with("Z0011")
        || key.starts_with("Z05")
        || key.starts_with("Z38")
}

/// Whether `key` is a birth injury (P10–P15).
fn birth_injury(key: &str) -> bool {
    key.starts_with("P1") && matches!(key.as_bytes().get(2), Some(b'0'..=b'5'))
}

/// How well entry `e` (lookup key `key`) meets `term` by being the
/// newborn's code the term names; `None` when it does not.
pub(super) fn meets(term: &Term, e: &Entry, key: &str) -> Option<f32> {
    if e.system != CodeSystem::Icd10Cm || term.negated {
        return None;
    }
    let word = term.single_word()?;
    met_by_place(word, key).then_some(Q_NEWBORN_FORM)
}

/// Whether `word` names the patient or birth that code `key` is the
/// newborn's code for.
fn met_by_place(word: &str, key: &str) -> bool {
    if PATIENT.contains(&word) {
        newborn_code(key)
    } else if BORN.contains(&word) {
        birth_injury(key) || key.starts_with("Z38")
    } else if BIRTH.contains(&word) {
        birth_injury(key)
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newborn_chapters_and_encounters_are_the_patient_words_codes() {
        for key in ["P221", "Q6589", "Z00110", "Z051", "Z3801"] {
            assert!(newborn_code(key), "{key}");
        }
        for key in ["M1630", "O80", "Z0000", "Z3490", "S42001A"] {
            assert!(!newborn_code(key), "{key}");
        }
    }

    #[test]
    fn the_newborn_patient_meets_its_codes_and_weighs_less_than_the_condition() {
        let code = crate::store::code_tables::IndexableCode::billable;
        let index = crate::search::Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "M16.30",
                    "Unilateral osteoarthritis resulting from hip dysplasia, unspecified hip",
                ),
                code("Q65.89", "Other specified congenital deformities of hip"),
                code("R10.83", "Colic"),
                code(
                    "S42.001A",
                    "Fracture of unspecified part of right clavicle, initial encounter",
                ),
                code("P13.4", "Fracture of clavicle due to birth injury"),
                // The birth word must be a word of the vocabulary.
                code("O80", "Encounter for full-term uncomplicated delivery"),
                code("Z38.00", "Single liveborn infant, delivered vaginally"),
                code("Z38.01", "Single liveborn infant, delivered by cesarean"),
            ],
        );
        assert_eq!(index.first_code("hip deformity baby"), "Q65.89");
        assert_eq!(index.first_code("my baby has colic"), "R10.83");
        assert_eq!(index.first_code("clavicle fracture from delivery"), "P13.4");
        assert_eq!(index.first_code("baby born by cesarean"), "Z38.01");
        assert_eq!(index.first_code("right clavicle fracture"), "S42.001A");
    }

    #[test]
    fn birth_words_reach_birth_injuries_and_born_the_liveborn_codes() {
        for key in ["P134", "P100", "P159"] {
            assert!(birth_injury(key), "{key}");
        }
        for key in ["P0734", "P160", "P221", "Q381", "O80", "Z3800"] {
            assert!(!birth_injury(key), "{key}");
        }
        // A mother's words do not reach the liveborn codes; the child's do.
        for word in ["delivery", "birth", "childbirth"] {
            assert!(
                !met_by_place(word, "Z3800") && met_by_place(word, "P134"),
                "{word}"
            );
        }
        assert!(met_by_place("born", "Z3801") && met_by_place("baby", "Z3800"));
        assert!(!met_by_place("delivery", "O80") && !met_by_place("born", "Z370"));
    }
}
