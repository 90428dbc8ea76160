//! A site or side the code cannot hold. Many ICD-10-CM codes name no body
//! site and no side at all: R21 "Rash and other nonspecific skin
//! eruption", R20.2 "Paresthesia of skin", R59.0 "Localized enlarged lymph
//! nodes", N20.0 "Calculus of kidney". A coder told "rash on the face" or
//! "kidney stone, left" reports them all the same; the site or side said is
//! documentation the classification does not ask for. Such a code lacks
//! the query's site word less than a code lacks a condition word, so it is
//! no longer passed by codes that name the site but not the condition
//! ("Abscess of face"). A title that names any site or side keeps the full
//! cost: it answers a site, and not this one.

use rustc_hash::FxHashSet;

use super::resolve::Resolved;
use crate::domain::codes::CodeSystem;
use crate::search::index::{Entry, Index, Token};
use crate::search::vocab::Vocab;

/// The share of a missing term's cost that a site or side word costs in a
/// title naming none: like a connector ("with").
pub(super) const SITELESS_FACTOR: f32 = 0.5;

/// Sides, as the titles and coders write them.
const SIDES: [&str; 4] = ["right", "left", "bilateral", "unilateral"];

/// Body regions the titles name (nouns and the adjectives that mean one
/// region), and the plain words patients use for them. A title holding
/// any of these names a site. Organs are left out: an organ is what a
/// code is about ("kidney transplant status", "lung mass"), not where.
const SITES: [&str; 87] = [
    "head",
    "face",
    "facial",
    "scalp",
    "neck",
    "cervical",
    "ear",
    "ears",
    "eye",
    "eyes",
    "eyelid",
    "orbit",
    "nose",
    "nasal",
    "mouth",
    "oral",
    "lip",
    "lips",
    "tongue",
    "jaw",
    "throat",
    "chest",
    "thorax",
    "thoracic",
    "breast",
    "breasts",
    "back",
    "lumbar",
    "sacral",
    "spine",
    "spinal",
    "trunk",
    "abdomen",
    "abdominal",
    "belly",
    "stomach",
    "pelvis",
    "pelvic",
    "groin",
    "inguinal",
    "buttock",
    "buttocks",
    "hip",
    "hips",
    "thigh",
    "knee",
    "knees",
    "leg",
    "legs",
    "ankle",
    "ankles",
    "foot",
    "feet",
    "toe",
    "toes",
    "heel",
    "shoulder",
    "shoulders",
    "arm",
    "arms",
    "elbow",
    "forearm",
    "wrist",
    "hand",
    "hands",
    "finger",
    "fingers",
    "thumb",
    "limb",
    "limbs",
    "axilla",
    "axillary",
    "armpit",
    "umbilical",
    "perineum",
    "perianal",
    "anal",
    "rectal",
    "vulva",
    "vaginal",
    "penis",
    "scrotum",
    "scrotal",
    "skull",
    "sacrococcygeal",
    "coccyx",
    "tailbone",
];

/// The vocabulary ids of the site and side words, built once per query.
pub(super) struct SiteWords {
    ids: FxHashSet<u32>,
    /// Bit per query term (the first 64) that is one site or side word.
    terms: u64,
    /// Whether the query tells an injury to the patient's own body part
    /// (`lay_story.rs`): then an external cause (chapter 20, whose titles
    /// never name a site) is not excused the site, since the injury code
    /// is reported first and the cause after it.
    injured: bool,
}

impl SiteWords {
    pub(super) fn read(resolved: &[Resolved<'_>], vocab: &Vocab) -> SiteWords {
        let is_site = |w: &str| SITES.contains(&w) || SIDES.contains(&w);
        let terms = resolved
            .iter()
            .enumerate()
            .take(64)
            .filter(|(_, r)| {
                !r.term.negated && matches!(r.term.words.as_slice(), [w] if is_site(w))
            })
            .fold(0u64, |mask, (i, _)| mask | 1 << i);
        let ids = if terms == 0 {
            FxHashSet::default()
        } else {
            SITES
                .iter()
                .chain(SIDES.iter())
                .filter_map(|w| vocab.id(w))
                .collect()
        };
        let injured = resolved.iter().any(|r| r.injured);
        SiteWords {
            ids,
            terms,
            injured,
        }
    }

    /// Whether query term `i` is a site or side word.
    pub(super) fn is_site_term(&self, i: usize) -> bool {
        i < 64 && self.terms & (1 << i) != 0
    }
}

impl Index {
    /// Whether an ICD-10-CM title (field 0 of `tokens`) names no site and
    /// no side. HCPCS descriptors name sites for what a supply fits, and
    /// keep the full cost.
    pub(super) fn title_names_no_site(
        &self,
        e: &Entry,
        tokens: &[Token],
        sites: &SiteWords,
    ) -> bool {
        e.system == CodeSystem::Icd10Cm
            && !(sites.injured && self.str(e.code).starts_with(['V', 'W', 'X', 'Y']))
            && !tokens
                .iter()
                .take_while(|t| t.field() == 0)
                .any(|t| sites.ids.contains(&t.word()))
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    #[test]
    fn a_code_without_a_site_answers_a_sited_symptom() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("R21", "Rash and other nonspecific skin eruption"),
                code("L02.01", "Cutaneous abscess of face"),
                code("S09.93XA", "Unspecified injury of face, initial encounter"),
                code("R68.89", "Other general symptoms and signs of face"),
            ],
        );
        assert_eq!(index.first_code("rash on face"), "R21");
        assert_eq!(index.first_code("skin eruption face"), "R21");
        // A title that names the site and the condition still leads.
        assert_eq!(index.first_code("abscess of face"), "L02.01");
    }
}
