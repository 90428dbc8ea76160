//! Two typed words met by the medical word they compose ("enlarged liver"
//! → "hepatomegaly", "potassium too low" → "hypokalemia"): the parts come
//! from `search::morphology`, and a composed word counts only when this
//! index's vocabulary (titles, inclusion terms, Alphabetic Index terms)
//! holds it. Like a compound ([`Index::join_compounds`]), the one word
//! then meets each of the two terms, as a new way a little below a word
//! family: the typed words still meet titles that say them.

use super::resolve::{LIGHT_CONNECTOR, Resolved, WordSet};
use crate::search::index::Index;
use crate::search::morphology::{Parts, compose, is_tail, parts};
use crate::search::query::Term;

/// Two typed words met by the word they compose: as sure as a phrase.
const Q_COMPOSED: f32 = 0.9;
/// How far apart (in terms) an affix word and a root word may be typed:
/// "potassium is too low", "bleeding from the ear".
const WINDOW: usize = 3;

/// The parts a term contributes: those of its one plain word and of each
/// one-word expansion the abbreviation table or lay lexicon gives it (the
/// lexicon reads "too low" as "low" | "decreased", "tummy" as "stomach"),
/// so a lexicon phrase composes as the word it stands for. Codes,
/// connectors and negated words contribute nothing.
fn term_parts(term: &Term) -> Option<Parts> {
    if term.connector || term.negated || term.code.is_some() {
        return None;
    }
    let typed = match term.words.as_slice() {
        [w] => Some(w),
        _ => None,
    };
    let expanded = term.expansions.iter().filter_map(|e| match e.as_slice() {
        [w] => Some(w),
        _ => None,
    });
    let mut out = Parts::default();
    for found in typed.into_iter().chain(expanded).filter_map(|w| parts(w)) {
        out.merge(found);
    }
    let any = !out.roots.is_empty() || !out.functions.is_empty() || !out.shapes.is_empty();
    any.then_some(out)
}

impl Index {
    /// Adds to each pair of terms at most [`WINDOW`] apart, one an affix
    /// word and the other a root word, a way met by the composed words
    /// the vocabulary holds. `resolved` is in query order.
    pub(super) fn join_morphology(&self, resolved: &mut [Resolved<'_>]) {
        let parts: Vec<Option<Parts>> = resolved.iter().map(|r| term_parts(r.term)).collect();
        if parts.iter().flatten().count() < 2 {
            return;
        }
        for i in 0..resolved.len() {
            for j in i + 1..resolved.len().min(i + 1 + WINDOW) {
                let (Some(a), Some(b)) = (&parts[i], &parts[j]) else {
                    continue;
                };
                let mut found: Vec<u32> = Vec::new();
                compose(a, b, |stem, shape| {
                    for id in self.vocab.prefix_range(stem) {
                        let rest = &self.vocab.word(id)[stem.len()..];
                        if is_tail(rest, shape) && !found.contains(&id) {
                            found.push(id);
                        }
                    }
                });
                if found.is_empty() {
                    continue;
                }
                let set = WordSet(found.iter().map(|&id| id..id + 1).collect());
                // A preposition between the two is part of what the word
                // says ("protein in urine" is proteinuria, "bleeding from
                // ear" otorrhagia): the word meets it too, or every title
                // holding an incidental "in" would outrank it.
                for (k, r) in resolved.iter_mut().enumerate().take(j + 1).skip(i) {
                    let between = r.term.connector && r.weight <= LIGHT_CONNECTOR;
                    if k == i || k == j || between {
                        self.add_way(r, vec![set.clone()], Q_COMPOSED);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::CodeSystem;
    use crate::search::{Index, SearchOptions};
    use crate::store::code_tables::IndexableCode;

    fn index() -> Index {
        let code = IndexableCode::billable;
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("R16.0", "Hepatomegaly, not elsewhere classified"),
                code("R16.1", "Splenomegaly, not elsewhere classified"),
                code("E87.6", "Hypokalemia"),
                code("K70.30", "Alcoholic cirrhosis of liver without ascites"),
                code("R22.2", "Localized swelling, mass and lump, trunk"),
                code("N28.89", "Other specified disorders of kidney and ureter"),
                code("R60.0", "Localized edema, enlarged"),
                code("R80.9", "Proteinuria, unspecified"),
                code("R13.10", "Dysphagia, unspecified"),
                code("D51.1", "Anemia in infancy with proteinuria"),
            ],
        )
    }

    fn codes(index: &Index, q: &str) -> Vec<String> {
        index
            .search(q, &SearchOptions::default())
            .into_iter()
            .map(|h| h.code)
            .collect()
    }

    #[test]
    fn plain_words_meet_the_word_they_compose() {
        let index = index();
        assert_eq!(codes(&index, "enlarged liver").first().unwrap(), "R16.0");
        assert_eq!(codes(&index, "liver is enlarged").first().unwrap(), "R16.0");
        assert_eq!(codes(&index, "potassium too low").first().unwrap(), "E87.6");
        assert_eq!(codes(&index, "swollen spleen").first().unwrap(), "R16.1");
        // A body function's word ("swallowing") composes as an organ's does.
        assert_eq!(
            codes(&index, "difficulty swallowing").first().unwrap(),
            "R13.10"
        );
    }

    #[test]
    fn a_preposition_between_the_words_is_met_by_their_word() {
        // Not the longer title that says an incidental "in".
        let index = index();
        assert_eq!(codes(&index, "protein in urine").first().unwrap(), "R80.9");
    }

    #[test]
    fn a_composition_the_vocabulary_lacks_adds_nothing() {
        let index = index();
        // "nephromegaly" is no word of this index: "enlarged kidney" meets
        // only titles that say its words, never the other -megaly codes.
        let found = codes(&index, "enlarged kidney");
        assert!(
            !found.iter().any(|c| c == "R16.0" || c == "R16.1"),
            "{found:?}"
        );
        // Words of neither table compose nothing either.
        let found = codes(&index, "liver kidney");
        assert!(!found.iter().any(|c| c.starts_with("R16")), "{found:?}");
    }

    #[test]
    fn words_too_far_apart_do_not_compose() {
        let index = index();
        let found = codes(&index, "low blood cell count of potassium");
        assert!(!found.iter().any(|c| c == "E87.6"), "{found:?}");
    }
}
