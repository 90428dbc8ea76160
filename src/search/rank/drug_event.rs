//! Which of a drug's six codes a query means. Every drug class of
//! ICD-10-CM's T36–T50 has six siblings that differ only in the 6th
//! character: poisoning accidental (1), intentional self-harm (2),
//! assault (3), undetermined (4), adverse effect (5) and underdosing (6).
//! A coder says which by the shape of the sentence, not by the titles'
//! words: "took too much benadryl" and "ate rat poison" are poisonings,
//! "missed doses of metoprolol" an underdosing, and a drug named with
//! what it did ("lisinopril angioedema", "hypoglycemia from glipizide")
//! an adverse effect — the drug properly taken (guideline I.C.19.e.5).
//!
//! The titles' lengths decided it instead: "Underdosing of …" is the
//! shortest title of the six and led every query that named no intent.
//! Here the query's words are read once ([`DrugEvent::read`]): the
//! underdosing sibling gives way unless the query speaks of missed
//! doses, and the sibling the classification means when no intent is
//! said is accidental poisoning when the query speaks of a poisoning,
//! adverse effect when it speaks of none.

use super::resolve::Resolved;
use crate::domain::codes::CodeSystem;
use crate::search::index::Entry;

/// Words that say a drug was taken in excess or a substance swallowed:
/// a poisoning, whose unstated intent is accidental.
const POISONING_WORDS: [&str; 21] = [
    "overdose",
    "overdosed",
    "overdosage",
    "od",
    "poisoning",
    "poisoned",
    "poison",
    "toxicity",
    "toxic",
    "intoxication",
    "ingested",
    "ingestion",
    "ingest",
    "swallowed",
    "ate",
    "eaten",
    "drank",
    "took",
    "much",
    "accidentally",
    "accidental",
];

/// Words that say doses were missed or stopped: an underdosing (as the
/// parts of `external_words.rs` read them for the titles' word).
pub(super) const UNDERDOSING_WORDS: [&str; 12] = [
    "underdosing",
    "underdosed",
    "underdose",
    "underdosage",
    "missed",
    "missing",
    "skipped",
    "stopped",
    "forgot",
    "ran",
    "noncompliant",
    "noncompliance",
];

/// Verbs by which a coder says a drug or substance was taken ("child ate
/// a marijuana edible", "swallowed her mother's pills", "took too much
/// benadryl"): the poisoning's mechanism, which its titles never say
/// ("Poisoning by cannabis, accidental"). A term of one of these words is
/// met by any T36–T65 poisoning or toxic effect (`cause.rs`), as a cause
/// phrase's verb is by any external cause, so the substance named
/// decides among them.
const TAKING_WORDS: [&str; 17] = [
    "ate",
    "eaten",
    "eat",
    "eating",
    "swallowed",
    "swallowing",
    "ingested",
    "ingesting",
    "ingestion",
    "took",
    "taking",
    "drank",
    "drinking",
    "consumed",
    "overdosed",
    "too",
    "much",
];

/// The terms (bit per index into `resolved`) that are a verb of taking
/// ([`TAKING_WORDS`]), when the query names something besides.
pub(super) fn taking_terms(resolved: &[Resolved<'_>]) -> u64 {
    let n = resolved.len().min(62);
    let mut mask = 0u64;
    for (i, r) in resolved[..n].iter().enumerate() {
        if r.term
            .single_word()
            .is_some_and(|w| TAKING_WORDS.contains(&w))
        {
            mask |= 1 << i;
        }
    }
    super::external_words::unless_alone(resolved, mask)
}

/// Whether `e` is an ICD-10-CM poisoning or toxic effect (T36–T65, intent
/// character 1–4): what a verb of taking asks for.
pub(super) fn is_poisoning(e: &Entry, key: &str) -> bool {
    let b = key.as_bytes();
    e.system == CodeSystem::Icd10Cm
        && b.len() >= 6
        && b[0] == b'T'
        && matches!(
            (b[1], b[2]),
            (b'3', b'6'..=b'9') | (b'4', _) | (b'5', _) | (b'6', b'0'..=b'5')
        )
        && DrugEvent::intent_char(key).is_some_and(|c| (b'1'..=b'4').contains(&c))
}

/// Relevance taken from an underdosing the query does not speak of: as
/// an external cause of unasked intent (`intent.rs`), more than a
/// shorter title gains, less than a term met or missed.
const UNDERDOSING_UNASKED: f32 = 0.3;

/// What a query says of a drug event.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct DrugEvent {
    poisoning: bool,
    underdosing: bool,
}

impl DrugEvent {
    /// Reads the query's words (lower case, as the query folds them).
    pub(super) fn read<'a>(words: impl Iterator<Item = &'a str>) -> DrugEvent {
        let mut event = DrugEvent::default();
        for w in words {
            event.poisoning |= POISONING_WORDS.contains(&w);
            event.underdosing |= UNDERDOSING_WORDS.contains(&w);
        }
        event
    }

    /// The 6th character (intent) of a T36–T50 lookup key, or of any
    /// T36–T65 key for [`DrugEvent::usual`]: T39.1X1A → 1, T40.411A → 1.
    fn intent_char(key: &str) -> Option<u8> {
        let b = key.as_bytes();
        (b.len() >= 6 && b[0] == b'T').then(|| if b[5] == b'X' { b[4] } else { b[5] })
    }

    /// Whether `key` is a code of a T36–T50 drug class (six siblings).
    fn of_drug_class(key: &str) -> bool {
        let b = key.as_bytes();
        b.len() >= 6 && b[0] == b'T' && matches!((b[1], b[2]), (b'3', b'6'..=b'9') | (b'4', _))
            || key.starts_with("T50")
    }

    /// The intent character a query naming no intent means for `key`'s
    /// class: accidental (1), or for a drug class adverse effect (5)
    /// when the query speaks of neither a poisoning nor missed doses.
    pub(super) fn usual(self, key: &str) -> u8 {
        if Self::of_drug_class(key) && !self.poisoning && !self.underdosing {
            b'5'
        } else {
            b'1'
        }
    }

    /// Whether `key` has the intent character `c`.
    pub(super) fn is(key: &str, c: u8) -> bool {
        Self::intent_char(key) == Some(c)
    }

    /// Relevance taken from an ICD-10-CM code `key`: a drug class's
    /// underdosing when the query does not speak of missed doses.
    pub(super) fn penalty(self, key: &str) -> f32 {
        if !self.underdosing && Self::of_drug_class(key) && Self::is(key, b'6') {
            UNDERDOSING_UNASKED
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(q: &str) -> DrugEvent {
        DrugEvent::read(q.split(' '))
    }

    #[test]
    fn the_sentence_says_which_sibling() {
        assert_eq!(read("took too much benadryl").usual("T450X1A"), b'1');
        assert_eq!(read("lisinopril angioedema").usual("T464X1A"), b'5');
        assert_eq!(read("ate rat poison").usual("T604X1A"), b'1');
        // Toxic effects (T51–T65) have no adverse effect.
        assert_eq!(read("chlorine gas exposure").usual("T594X1A"), b'1');
        assert!(read("lisinopril angioedema").penalty("T464X6A") > 0.0);
        assert_eq!(read("missed doses of metoprolol").penalty("T447X6A"), 0.0);
        assert_eq!(read("lisinopril angioedema").penalty("T464X5A"), 0.0);
        assert_eq!(read("anything").penalty("S72001A"), 0.0);
        assert!(DrugEvent::is("T40416A", b'6') && DrugEvent::is("T5891XA", b'1'));
    }
}
