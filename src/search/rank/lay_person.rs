//! The grammar of a patient speaking of themself: "*my* wrist hurts", "*i*
//! broke *my* nose", "*i have* a dry cough", "*my* ears *are* ringing",
//! "a bee stung *me*".
//!
//! These words say who speaks, not what is wrong, and no title holds
//! them; yet each was a term to meet, and worse, met by prefix: "my" by
//! "myalgia", "myocardial", "are" by "areata", "is" by "ischemic", "was" by
//! "wasting", and "i" by the Roman numeral of "type I", "stage I". A
//! patient's "my ears are ringing" ranked alopecia areata over tinnitus,
//! "i sprained my wrist" complex regional pain syndrome I over the sprain.
//!
//! So a pronoun or a copula ([`PERSON`]) is dropped from the query, and
//! "i" with it where it opens the query ("i cut my finger"); anywhere else
//! ("type i", "grade i", "when i pee") it stays as typed: the lexicon's
//! "burning when i pee" is read into R30.0's words, and "burns when i pee"
//! fell from the first place when an "i" after "when" was dropped too.
//! An auxiliary verb ([`AUXILIARY`]:
//! "have", "get", "feel") is kept, since a lexicon phrase or a title may
//! hold it, but costs little where a title lacks it.

use super::lay_compose::plain_word;
use super::resolve::Resolved;

/// Pronouns of the first person and copulas: they say who speaks and
/// link a part to its state ("my knee is swollen"), never name either.
/// Not "it" ("IT band"), not "he" (HE, hepatic encephalopathy).
const PERSON: [&str; 11] = [
    "my", "me", "mine", "myself", "im", "ive", "is", "are", "am", "was", "were",
];

/// Verbs that carry a patient's sentence ("i have a rash", "i get
/// heartburn", "i feel dizzy"): light, as a preposition is.
const AUXILIARY: [&str; 10] = [
    "have", "has", "had", "got", "get", "gets", "getting", "feel", "feels", "felt",
];

/// What a missing auxiliary costs: that of a preposition, ordering equal
/// titles and deciding nothing else.
const AUXILIARY_WEIGHT: f32 = 0.2;

/// Whether the word at `i` says only who speaks: [`PERSON`], or "i" as
/// the query's first word.
///
/// A word of two letters ("my", "me", "is", "im") is also read as a typed
/// code and so had no plain word: it was kept and met by prefix ("my"
/// Myalgia, "me" menstruation). Where its code matches no code, it is the
/// word.
fn speaks_of_self(resolved: &[Resolved<'_>], i: usize) -> bool {
    let r = &resolved[i];
    let word = match r.term.single_word() {
        Some(w) if r.codes.is_empty() && !r.term.negated && !r.term.connector => Some(w),
        _ => plain_word(r.term),
    };
    word.is_some_and(|w| PERSON.contains(&w) || (w == "i" && i == 0))
}

/// Drops the first person's pronouns and copulas from `resolved` (in
/// query order) by leaving them no way to be met (`search_words` then
/// drops the term), and lightens its auxiliaries. A query of nothing
/// else ("is", "i") keeps its words: there is nothing to find instead.
pub(super) fn drop_person_words(resolved: &mut [Resolved<'_>]) {
    let own: Vec<bool> = (0..resolved.len())
        .map(|i| speaks_of_self(resolved, i))
        .collect();
    if own.iter().all(|&o| o) {
        return;
    }
    for (r, own) in resolved.iter_mut().zip(own) {
        if own {
            r.alts.clear();
            r.sets.clear();
        } else if plain_word(r.term).is_some_and(|w| AUXILIARY.contains(&w)) {
            r.weight = r.weight.min(AUXILIARY_WEIGHT);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn index() -> Index {
        let code = IndexableCode::billable;
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("H93.11", "Tinnitus, right ear"),
                code("L63.9", "Alopecia areata, unspecified"),
                code("M79.1", "Myalgia"),
                code(
                    "S63.501A",
                    "Unspecified sprain of right wrist, initial encounter",
                ),
                code(
                    "G90.511",
                    "Complex regional pain syndrome I of right upper limb",
                ),
                code("E10.9", "Type 1 diabetes mellitus without complications"),
                code("R05.9", "Cough, unspecified"),
                code(
                    "Q87.89",
                    "Other specified congenital malformation syndromes",
                ),
                code(
                    "E88.A",
                    "Wasting disease (syndrome) due to underlying condition",
                ),
            ],
        )
    }

    #[test]
    fn the_person_is_not_a_word_to_meet() {
        let index = index();
        assert_eq!(
            index.first_code("my right ear is ringing tinnitus"),
            "H93.11"
        );
        assert_eq!(index.first_code("tinnitus are right"), "H93.11");
        // Not met by prefix: "my" is not "Myalgia", "are" not "areata".
        let found = index.ranked_codes("my ear are ringing tinnitus");
        assert!(!found.iter().any(|c| c == "M79.1" || c == "L63.9"));
        assert_eq!(index.first_code("i sprained my right wrist"), "S63.501A");
        assert_eq!(index.first_code("i have a cough"), "R05.9");
    }

    #[test]
    fn i_after_a_word_stays_as_typed() {
        let index = index();
        // The numeral decides between two syndromes.
        assert_eq!(index.first_code("syndrome i"), "G90.511");
    }
}
