//! Status-post, absence and bare-"back" readings (issue 14, round 11).
//!
//! Coders write what was done to the patient ("s/p prostatectomy",
//! "h/o appendix removal", "missing right thumb"), where chapter 21 titles
//! and the Index say what the patient now lacks: "Acquired absence of …"
//! (Z89, Z90; the Index: "Absence, prostate (acquired) Z90.79"). And they
//! write "back" in a pain or strain query where the titles say "low back"
//! or "lumbar" (M54.5-, S39.012-).
//!
//! - An "-ectomy" word is read by its Greek or Latin organ stem
//!   ([`ORGAN_STEMS`], the stems a coder recognises: chole-cyst =
//!   gallbladder, nephr = kidney, hyster = uterus …) as the acquired
//!   absence of that organ: met by an entry with the organ word, "absence"
//!   and "acquired". The stem is found at the end of the word's stem, so
//!   "hemicolectomy", "hemithyroidectomy", "radical nephrectomy" compose;
//!   the longest stem wins (chole-cyst before cyst).
//! - A word that says a part is gone ([`GONE`]: missing, absent, removal,
//!   removed, amputated) is met by the acquired-absence entries too.
//! - "s/p" / "status post" is also met by a title's "status" ("Heart
//!   transplant status", "Colostomy status"): the abbreviation list reads
//!   it "status post | presence | history", and no title says "post".
//! - Bare "back" in a query with a pain or strain word, and no level word,
//!   is also met where the title says "low back", "lower back" or
//!   "lumbar", at the quality of the word itself: a coder's "back pain" or
//!   "back strain" is the lumbar one unless another level is said.
//!
//! The readings are added ways ([`Index::add_way`]): every way the term
//! had is kept.

use crate::search::Index;

use super::lay_compose::plain_word;
use super::resolve::{Resolved, WordSet};

/// How well an acquired-absence entry meets an "-ectomy" or a "gone"
/// word: as a word family (what the word means, not the word).
const Q_ABSENCE: f32 = 0.9;
/// How well the "other parts of <system>" absence title meets an organ
/// that no absence title names: as a site meets its region, below the
/// organ's own absence entry.
const Q_SYSTEM: f32 = 0.8;
/// How well a "… status" title meets "s/p": below "presence", which the
/// abbreviation gives, so a device's presence title keeps its place.
const Q_STATUS: f32 = 0.9;
/// "back" met by "low back" / "lumbar": as the word itself.
const Q_LOW_BACK: f32 = 1.0;

/// Organ stems of "-ectomy" words, the organ words of the titles and
/// the Index's "Absence, <organ> (acquired)" entries, and the system word
/// of the "other parts of …" title an organ that no title names falls to
/// (Z90.49 "… other specified parts of digestive tract", Z90.79 "… other
/// genital organ(s)"), or "" when the organ has a title of its own.
const ORGAN_STEMS: [(&str, &[&str], &str); 22] = [
    ("cholecyst", &["gallbladder"], "digestive"),
    ("cyst", &["bladder"], "urinary"),
    ("splen", &["spleen"], ""),
    ("hyster", &["uterus"], ""),
    ("nephr", &["kidney"], ""),
    ("mast", &["breast"], ""),
    ("mamm", &["breast"], ""),
    ("thyroid", &["thyroid"], ""),
    ("col", &["colon", "intestine"], "digestive"),
    ("sigmoid", &["colon", "intestine"], "digestive"),
    ("gastr", &["stomach"], ""),
    ("prostat", &["prostate"], "genital"),
    ("orchi", &["testis", "testes"], "genital"),
    ("orchid", &["testis", "testes"], "genital"),
    ("pneumon", &["lung"], ""),
    ("lob", &["lung"], ""),
    ("append", &["appendix"], "digestive"),
    ("oophor", &["ovary", "ovaries"], ""),
    ("pancreat", &["pancreas"], ""),
    ("laryng", &["larynx"], ""),
    ("esophag", &["esophagus"], "digestive"),
    ("adrenal", &["adrenal"], ""),
];

/// Words that say a part is gone.
const GONE: [&str; 7] = [
    "missing",
    "absent",
    "removal",
    "removed",
    "amputated",
    "amputation",
    "lost",
];

/// Words that make a bare "back" a pain or strain query's back.
const BACK_COMPLAINTS: [&str; 10] = [
    "pain", "ache", "aches", "backache", "strain", "strained", "sprain", "sprained", "spasm",
    "spasms",
];

/// Words that say which level of the back is meant: then "back" is not
/// read as the low back.
const BACK_LEVELS: [&str; 10] = [
    "low", "lower", "upper", "mid", "middle", "thoracic", "lumbar", "cervical", "neck", "dorsal",
];

/// The organ words and system word of an "-ectomy" word, by its longest
/// organ stem.
pub(super) fn ectomy_organ(word: &str) -> Option<(&'static [&'static str], &'static str)> {
    let stem = word
        .strip_suffix("ectomy")
        .or_else(|| word.strip_suffix("ectomies"))?;
    ORGAN_STEMS
        .iter()
        .filter(|(s, ..)| stem.ends_with(s))
        .max_by_key(|(s, ..)| s.len())
        .map(|(_, organ, system)| (*organ, *system))
}

/// The system word of an organ word that no absence title names
/// ("appendix" → digestive), for "h/o appendix removal".
fn system_of_organ(word: &str) -> Option<&'static str> {
    ORGAN_STEMS
        .iter()
        .find(|(_, organ, system)| !system.is_empty() && organ.contains(&word))
        .map(|(.., system)| *system)
}

/// Whether the query's words make a bare "back" the low back.
fn back_is_low(words: &[&str]) -> bool {
    words.iter().any(|w| BACK_COMPLAINTS.contains(w))
        && !words.iter().any(|w| BACK_LEVELS.contains(w))
}

impl Index {
    /// Adds the readings of the module doc to each term of `resolved`.
    pub(super) fn join_status_words(&self, resolved: &mut [Resolved<'_>]) {
        let words: Vec<&str> = resolved
            .iter()
            .flat_map(|r| r.term.words.iter().map(String::as_str))
            .collect();
        let low_back = back_is_low(&words);
        let says_gone = words.iter().any(|w| GONE.contains(w));
        let absence = self.any_of(["absence"]);
        let acquired = self.any_of(["acquired"]);
        for r in resolved.iter_mut() {
            let typed: Vec<&str> = r.term.words.iter().map(String::as_str).collect();
            if matches!(typed.as_slice(), ["s/p"] | ["status", "post"])
                && let Some(status) = self.any_of(["status"])
            {
                self.add_way(r, vec![status], Q_STATUS);
            }
            if low_back && typed.contains(&"back") && !r.term.negated {
                self.add_low_back(r, &typed);
            }
            let Some(word) = plain_word(r.term) else {
                continue;
            };
            let (Some(absence), Some(acquired)) = (&absence, &acquired) else {
                continue;
            };
            let gone = vec![absence.clone(), acquired.clone()];
            if let Some((organ, system)) = ectomy_organ(word) {
                self.add_absence_ways(r, &gone, organ, system);
            } else if GONE.contains(&word) {
                self.add_way(r, gone, Q_ABSENCE);
            } else if says_gone
                && let Some(system) = system_of_organ(word).and_then(|s| self.any_of([s]))
            {
                self.add_way(r, vec![system], Q_SYSTEM);
            }
        }
    }

    /// An "-ectomy" word met by the acquired absence of its organ, or of
    /// the "other parts" of its system when no title names the organ.
    fn add_absence_ways(
        &self,
        r: &mut Resolved<'_>,
        gone: &[WordSet],
        organ: &[&str],
        system: &str,
    ) {
        if let Some(organ) = self.any_of(organ.iter().copied()) {
            let mut sets = gone.to_vec();
            sets.push(organ);
            self.add_way(r, sets, Q_ABSENCE);
        }
        if let Some(system) = self.any_of([system]) {
            let mut sets = gone.to_vec();
            sets.push(system);
            self.add_way(r, sets, Q_SYSTEM);
        }
    }

    /// "back" (alone or in a phrase: "back pain") met by "low back",
    /// "lower back" or "lumbar" with the phrase's other words.
    fn add_low_back(&self, r: &mut Resolved<'_>, typed: &[&str]) {
        // "low back" / "lower back" with its "back"; "lumbar" alone.
        if let (Some(low), Some(back)) = (self.any_of(["low", "lower"]), self.any_of(["back"])) {
            self.add_back_way(r, typed, vec![low, back]);
        }
        if let Some(lumbar) = self.any_of(["lumbar", "lumbago"]) {
            self.add_back_way(r, typed, vec![lumbar]);
        }
    }

    /// A way for a term with "back" read as `level`, its other words as
    /// typed (or their family).
    fn add_back_way(&self, r: &mut Resolved<'_>, typed: &[&str], level: Vec<WordSet>) {
        let mut sets: Vec<WordSet> = Vec::new();
        for w in typed {
            if *w == "back" {
                sets.extend(level.iter().cloned());
                continue;
            }
            let mut ids: Vec<u32> = self.vocab.id(w).into_iter().collect();
            ids.extend(self.vocab.kin(w));
            if ids.is_empty() {
                return;
            }
            sets.push(WordSet(ids.into_iter().map(|i| i..i + 1).collect()));
        }
        self.add_way(r, sets, Q_LOW_BACK);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{CodeKind, CodeSystem};
    use crate::store::code_tables::IndexableCode;

    fn corpus() -> Index {
        let entry = |code: &str, title: &str, terms: &[&str]| IndexableCode {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            title: title.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            valid_until: None,
        };
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                entry("Z90.79", "Acquired absence of other genital organ(s)", &[]),
                entry("Z90.5", "Acquired absence of kidney", &[]),
                entry("C61", "Malignant neoplasm of prostate", &[]),
                entry(
                    "Z85.46",
                    "Personal history of malignant neoplasm of prostate",
                    &[],
                ),
                entry("N28.1", "Cyst of kidney, acquired", &[]),
                entry("M54.9", "Dorsalgia, unspecified", &["back pain"]),
                entry("M54.50", "Low back pain, unspecified", &[]),
                entry("R10.30", "Lower abdominal pain, unspecified", &[]),
                entry(
                    "S33.5XXA",
                    "Sprain of ligaments of lumbar spine, initial encounter",
                    &[],
                ),
            ],
        )
    }

    #[test]
    fn ectomy_and_back_words_meet_the_titles_that_say_them_otherwise() {
        let index = corpus();
        // The organ no absence title names: its system's "other" title.
        assert_eq!(index.first_code("prostatectomy"), "Z90.79");
        // The organ named: its own absence title.
        assert_eq!(index.first_code("nephrectomy"), "Z90.5");
        assert_eq!(index.first_code("missing kidney"), "Z90.5");
        // Bare "back" in a sprain query: the lumbar spine's sprain,
        // which says "lumbar", not "back".
        assert_eq!(index.first_code("sprained back"), "S33.5XXA");
        assert_eq!(index.first_code("lower abdominal pain"), "R10.30");
    }

    #[test]
    fn ectomy_words_name_their_organ_by_the_longest_stem() {
        let organ = |w| ectomy_organ(w).map(|(o, _)| o[0]);
        assert_eq!(organ("cholecystectomy"), Some("gallbladder"));
        assert_eq!(organ("cystectomy"), Some("bladder"));
        assert_eq!(organ("hemicolectomy"), Some("colon"));
        assert_eq!(organ("nephrectomy"), Some("kidney"));
        assert_eq!(organ("orchiectomy"), Some("testis"));
        assert_eq!(organ("hysterectomy"), Some("uterus"));
        assert_eq!(
            ectomy_organ("appendectomy").map(|(_, s)| s),
            Some("digestive")
        );
        assert_eq!(system_of_organ("appendix"), Some("digestive"));
        assert_eq!(system_of_organ("kidney"), None);
        assert_eq!(ectomy_organ("nephrostomy"), None);
        assert_eq!(ectomy_organ("tonsillectomy"), None);
    }

    #[test]
    fn back_is_low_only_in_a_complaint_without_a_level() {
        assert!(back_is_low(&["back", "pain"]));
        assert!(back_is_low(&["strained", "back"]));
        assert!(!back_is_low(&["upper", "back", "pain"]));
        assert!(!back_is_low(&["back", "of", "knee"]));
    }
}
