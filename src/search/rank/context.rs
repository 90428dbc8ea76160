//! The chapter a code's patient belongs to: ICD-10-CM chapter 15 (O codes)
//! is reported only for a pregnant or puerperal patient, chapter 16 (P
//! codes) only for a newborn. Coders read a bare "hypertension",
//! "hypoglycemia" or "sepsis" as the patient's own condition, not as
//! hypertension in pregnancy or neonatal hypoglycemia; those codes answer
//! the query's words as well and used to tie or lead on a shorter title.
//!
//! A candidate of either chapter loses a little relevance unless the query
//! met one of its chapter's context words in it ("gestational diabetes",
//! "placenta previa", "neonatal jaundice", "infant of diabetic mother").
//! The words are the ones the chapters' own titles use; matching them in
//! the entry (not in the query) lets abbreviations and lay words that
//! expand to them count.

use crate::domain::codes::CodeSystem;
use crate::search::index::{Entry, Index, Token};

/// Relevance taken from an O or P code whose chapter the query did not
/// name: the same step as an unasked family history (less than a term
/// met or missed, more than a shorter title's coverage).
pub(super) const CHAPTER_UNASKED: f32 = 0.3;

/// Words that put a query in the pregnancy chapter: the patient is, or
/// was just, pregnant (or the condition exists only in pregnancy).
const PREGNANCY: [&str; 33] = [
    "pregnancy",
    "pregnant",
    "gestational",
    "gestation",
    "trimester",
    "childbirth",
    "delivery",
    "delivered",
    "labor",
    "labour",
    "puerperium",
    "puerperal",
    "postpartum",
    "antepartum",
    "intrapartum",
    "obstetric",
    "obstetrical",
    "maternal",
    "abortion",
    "miscarriage",
    "eclampsia",
    "preeclampsia",
    "fetal",
    "fetus",
    "gravida",
    "primigravida",
    "multigravida",
    "placenta",
    "previa",
    "ectopic",
    "hyperemesis",
    "oligohydramnios",
    "polyhydramnios",
];

/// Words that put a query in the newborn chapter besides
/// [`NEWBORN_SAME`]: they name a young child but are not the chapter's own
/// words for its patient.
const NEWBORN_ALSO: [&str; 4] = ["infant", "infants", "baby", "liveborn"];

/// Words that name the newborn patient the way the newborn chapter's
/// titles and the Index do, interchangeably: "Other neonatal
/// hypoglycemia", "Respiratory distress syndrome of newborn", "Perinatal
/// … ", "erythema toxicum neonatorum". A coder's "newborn hypoglycemia"
/// means the title that says "neonatal" ([`chapter_synonyms`]).
const NEWBORN_SAME: [&str; 7] = [
    "newborn",
    "newborns",
    "neonatal",
    "neonate",
    "neonates",
    "neonatorum",
    "perinatal",
];

/// Words for the weeks after delivery, which the pregnancy chapter's
/// titles say in either form: "postpartum hemorrhage", "… complicating
/// the puerperium", "puerperal sepsis". A coder's "postpartum
/// preeclampsia" is "pre-eclampsia, complicating the puerperium".
const PUERPERIUM_SAME: [&str; 4] = ["postpartum", "puerperium", "puerperal", "postnatal"];

/// The words a typed `word` also meets because its patient chapter uses
/// them for the same patient or period ([`NEWBORN_SAME`],
/// [`PUERPERIUM_SAME`]); empty for other words. "infant"/"infants" reach
/// the newborn words, but not the other way: "infant" also names older
/// children ("sudden infant death", "infantile spasms"), which a query
/// saying "newborn" does not mean.
pub(super) fn chapter_synonyms(word: &str) -> Vec<&'static str> {
    let group: &[&'static str] =
        if NEWBORN_SAME.contains(&word) || matches!(word, "infant" | "infants") {
            &NEWBORN_SAME
        } else if PUERPERIUM_SAME.contains(&word) {
            &PUERPERIUM_SAME
        } else {
            &[]
        };
    group.iter().copied().filter(|w| *w != word).collect()
}

/// Words that name a fracture of bone weakened or overused, not broken by
/// an injury: the words of the titles of M80 ("Age-related osteoporosis
/// with current pathological fracture"), M84.3–M84.7 ("Stress fracture,
/// right ankle", "Pathological fracture in neoplastic disease", "Atypical
/// femoral fracture") and their inclusion terms ("fatigue fracture",
/// "march fracture"). A coder's bare "ankle fracture", "broke my ankle" or
/// "hip fx" is an injury (chapter 19); these codes answer its words as
/// well, often in a shorter title that names the site plainly where the
/// injury's titles say "lateral malleolus" or "femoral neck", and led.
const FRACTURE_KIND: [&str; 8] = [
    "stress",
    "fatigue",
    "march",
    "insufficiency",
    "pathological",
    "osteoporosis",
    "neoplastic",
    "atypical",
];

/// Whether ICD-10-CM key `key` is a fracture of weakened or overused bone
/// ([`FRACTURE_KIND`]): M80 and M84.3–M84.7.
fn weakened_bone_fracture(key: &str) -> bool {
    key.starts_with("M80")
        || (key.starts_with("M84") && matches!(key.as_bytes().get(3), Some(b'3'..=b'7')))
}

/// The context words of both chapters, and of fractures of weakened bone,
/// as word ids of one index, read once per query.
#[derive(Debug, Default)]
pub(super) struct ChapterContext {
    pregnancy: Vec<u32>,
    newborn: Vec<u32>,
    fracture_kind: Vec<u32>,
}

impl ChapterContext {
    pub(super) fn read(index: &Index) -> ChapterContext {
        let ids = |words: &mut dyn Iterator<Item = &&str>| -> Vec<u32> {
            let mut ids: Vec<u32> = words.filter_map(|w| index.vocab.id(w)).collect();
            ids.sort_unstable();
            ids
        };
        ChapterContext {
            pregnancy: ids(&mut PREGNANCY.iter()),
            // The newborn chapter's words for its patient, and the others.
            newborn: ids(&mut NEWBORN_SAME.iter().chain(&NEWBORN_ALSO)),
            fracture_kind: ids(&mut FRACTURE_KIND.iter()),
        }
    }

    /// The relevance `e` loses when it belongs to a patient chapter, or is
    /// a fracture of weakened bone, whose context words the query met none
    /// of (`matched`: the terms each of `tokens` met).
    pub(super) fn penalty(&self, e: &Entry, key: &str, tokens: &[Token], matched: &[u64]) -> f32 {
        if e.system != CodeSystem::Icd10Cm {
            return 0.0;
        }
        let words = match key.as_bytes().first() {
            Some(b'O') => &self.pregnancy,
            Some(b'P') => &self.newborn,
            _ if weakened_bone_fracture(key) => &self.fracture_kind,
            _ => return 0.0,
        };
        let named = tokens
            .iter()
            .zip(matched)
            .any(|(t, &m)| m != 0 && words.binary_search(&t.word()).is_ok());
        if named { 0.0 } else { CHAPTER_UNASKED }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_fracture_is_an_injury_unless_its_kind_is_named() {
        let code =
            |code: &str, title: &str, terms: &[&str]| crate::store::code_tables::IndexableCode {
                code: code.into(),
                kind: crate::domain::codes::CodeKind::Code,
                billable: true,
                title: title.into(),
                terms: terms.iter().map(|t| t.to_string()).collect(),
                valid_until: None,
            };
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "M84.371A",
                    "Stress fracture, right ankle, initial encounter for fracture",
                    &[],
                ),
                code(
                    "S82.891A",
                    "Other fracture of right lower leg, initial encounter for closed fracture",
                    &["Fracture of right ankle"],
                ),
            ],
        );
        assert_eq!(index.first_code("right ankle fracture initial"), "S82.891A");
        assert_eq!(index.first_code("stress fracture right ankle"), "M84.371A");
        assert!(weakened_bone_fracture("M8008XA") && weakened_bone_fracture("M84652A"));
        assert!(!weakened_bone_fracture("M840") && !weakened_bone_fracture("M4856XA"));
    }

    #[test]
    fn chapter_words_meet_one_another() {
        let newborn = chapter_synonyms("newborn");
        assert!(newborn.contains(&"neonatal") && newborn.contains(&"perinatal"));
        assert!(!newborn.contains(&"newborn"));
        assert!(chapter_synonyms("neonatal").contains(&"newborn"));
        assert!(chapter_synonyms("infant").contains(&"neonatal"));
        // Not the other way, and not for other words.
        assert!(!newborn.contains(&"infant"));
        assert!(chapter_synonyms("hypoglycemia").is_empty());
        assert!(chapter_synonyms("baby").is_empty());
        assert!(chapter_synonyms("postpartum").contains(&"puerperium"));
        assert!(!chapter_synonyms("postpartum").contains(&"newborn"));
    }
}
