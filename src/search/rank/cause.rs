//! A query that says how an injury happened ("cut with kitchen knife",
//! "burned by hot water", "injured by fireworks") asks for the external
//! cause (ICD-10-CM chapter 20), whose titles name the mechanism
//! in their own words ("Contact with knife", "Contact with hot tap-water",
//! "Discharge of firework") and never the coder's verb. The injury codes
//! (S, T) answer the verb instead ("cut" → laceration) and used to lead,
//! the external cause missing a term for the verb and one for its
//! preposition.
//!
//! A cause phrase is a mechanism verb ([`CAUSE_VERBS`]) followed by a
//! preposition ([`CAUSE_PREPOSITIONS`]) and at least one more term (what
//! did it). Its verb and preposition are met by any external-cause code
//! ([`meets_cause_term`]); the object must still be met by the title's
//! own words, so the cause that names it leads.

use super::resolve::Resolved;
use crate::domain::codes::CodeSystem;
use crate::search::index::Entry;

/// Verbs (as typed, past or present) by which a coder says what happened
/// to the patient.
const CAUSE_VERBS: [&str; 26] = [
    "cut",
    "burned",
    "burnt",
    "burn",
    "scalded",
    "stabbed",
    "struck",
    "hit",
    "bitten",
    "bit",
    "stung",
    "injured",
    "injury",
    "hurt",
    "pinched",
    "crushed",
    "caught",
    "scratched",
    "kicked",
    "shot",
    "punctured",
    "pierced",
    "attacked",
    "fell",
    "tripped",
    "slipped",
];

/// Prepositions that join a mechanism verb to what caused it.
const CAUSE_PREPOSITIONS: [&str; 10] = [
    "by", "with", "from", "on", "in", "off", "over", "into", "against", "w",
];

/// How well an external cause meets the verb or preposition of a cause
/// phrase: less than a word family, so a title that spells the verb's
/// family ("Fall … from slipping, tripping") still leads one that does
/// not.
pub(super) const CAUSE_TERM: f32 = 0.75;

/// Prepositions that also place an injury on the body ("cut on hand",
/// "burn in mouth"): the phrase's verb may still be a cause, but the
/// preposition is met only by a title that says it.
const PLACING: [&str; 2] = ["on", "in"];

/// The terms of a query an external cause meets without its title
/// saying them (bit per index into the resolved terms).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct CauseTerms {
    /// A cause phrase's verb or preposition, met by W00–Y38.
    phrase: u64,
    /// Words that only say "an external cause" ("injury", "ecode"), met by
    /// any chapter-20 code (`external_words.rs`): a place, activity or
    /// status is as much what "injured at the store" asks for.
    generic: u64,
    /// A transport event ("crash", "rollover") in a query, met by the
    /// special off-road vehicles' codes (V86), whose titles name no event
    /// ("Driver of 3- or 4- wheeled all-terrain vehicle (ATV) injured in
    /// traffic accident"): the category has no collision axis, so its
    /// titles answer any crash of those vehicles.
    event: u64,
    /// Verbs of taking a drug or substance ("ate", "swallowed", "took"),
    /// met by its poisoning (`drug_event.rs`).
    taking: u64,
}

/// The terms that are a cause phrase's verb or preposition, and those
/// that only say "an external cause".
pub(super) fn cause_terms(resolved: &[Resolved<'_>]) -> CauseTerms {
    let one = |i: usize| resolved.get(i).and_then(|r| r.term.single_word());
    let mut mask = 0u64;
    for i in 0..resolved.len().min(62) {
        let (Some(verb), Some(preposition)) = (one(i), one(i + 1)) else {
            continue;
        };
        if CAUSE_VERBS.contains(&verb)
            && CAUSE_PREPOSITIONS.contains(&preposition)
            && i + 2 < resolved.len()
        {
            mask |= 1 << i;
            if !PLACING.contains(&preposition) {
                mask |= 1 << (i + 1);
            }
        }
    }
    CauseTerms {
        phrase: mask,
        generic: super::external_words::generic_terms(resolved),
        taking: super::drug_event::taking_terms(resolved),
        event: (0..resolved.len().min(62))
            .filter(|&i| one(i).is_some_and(super::external::is_event_word))
            .fold(0, |m, i| m | 1 << i),
    }
}

/// Whether ICD-10-CM code `key` (no dot) is an external cause of injury
/// that names a mechanism: W00–Y38. Not the transport accidents V00–V99,
/// whose titles name the person injured and the vehicles ("Accident to, on
/// or involving ice yacht" met "slipped on ice" whole), nor the place,
/// activity and status codes Y90–Y99, which say where or while doing
/// what, not how.
pub(super) fn is_external_cause(e: &Entry, key: &str) -> bool {
    let b = key.as_bytes();
    e.system == CodeSystem::Icd10Cm
        && match b.first() {
            Some(b'W' | b'X') => true,
            Some(b'Y') => b.get(1).is_some_and(|d| matches!(d, b'0'..=b'3')),
            _ => false,
        }
}

/// Whether term `i` of a query whose cause-phrase terms are `mask` is met
/// by entry `e` (lookup key `key`) as its external cause.
pub(super) fn meets_cause_term(terms: CauseTerms, i: usize, e: &Entry, key: &str) -> bool {
    let bit = |mask: u64| i < 64 && mask & (1 << i) != 0;
    (bit(terms.phrase) && is_external_cause(e, key))
        || (bit(terms.taking) && super::drug_event::is_poisoning(e, key))
        || (bit(terms.event) && e.system == CodeSystem::Icd10Cm && key.starts_with("V86"))
        || (bit(terms.generic)
            && e.system == CodeSystem::Icd10Cm
            && key.starts_with(['V', 'W', 'X', 'Y']))
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn code(code: &str, title: &str) -> IndexableCode {
        IndexableCode::billable(code, title)
    }

    #[test]
    fn a_cause_phrase_is_met_by_the_external_cause_not_the_injury() {
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "S61.411A",
                    "Laceration without foreign body of right hand, initial encounter",
                ),
                code(
                    "S61.419A",
                    "Laceration of unspecified hand, initial encounter",
                ),
                code("W26.0XXA", "Contact with knife, initial encounter"),
                code(
                    "W27.8XXA",
                    "Contact with other nonpowered hand tool, initial encounter",
                ),
            ],
        );
        assert_eq!(index.first_code("cut with kitchen knife"), "W26.0XXA");
        // "on" places the cut on the body: the injury still leads.
        assert_ne!(index.first_code("cut on hand"), "W27.8XXA");
    }
}
