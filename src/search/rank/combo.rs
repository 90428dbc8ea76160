//! Combination codes: a query that links several concepts ("copd with
//! acute bronchitis", "dm2 with ckd stage 3b", "sepsis due to e coli")
//! asks for the code whose one title, inclusion term or Index path holds
//! them together ("Disease, pulmonary, chronic obstructive, with, acute
//! bronchitis" → J44.0), not for a code that meets each concept in a
//! different path (J44.9 meets "acute" under "Bronchiolitis (acute)" and
//! "bronchitis" under "Disease, lung, obstructive, with, bronchitis").
//! ICD-10-CM's "with" and "due to" are how the Index links them, so the
//! pull is for ICD-10-CM codes and for queries that link with those words.

use super::resolve::Resolved;
use super::score::TermHits;
use crate::domain::codes::CodeSystem;
use crate::search::index::{Entry, Token};

/// The pull of a code whose one field holds every concept of the query:
/// less than a term met or missed, more than the coverage a title's extra
/// words cost among codes that meet the same terms.
const TOGETHER: f32 = 0.2;

/// Words by which a query links two concepts the way ICD-10-CM does
/// ("and" is not one: "slipped on ice and fell" lists, it does not link).
const LINKS: [&str; 3] = ["with", "due", "w"];

/// The combination pull for `e`: [`TOGETHER`] when one of its fields holds
/// every concept (`together`, from [`holds_all`]), it is an ICD-10-CM
/// code, and the query links its concepts.
pub(super) fn pull(together: bool, resolved: &[Resolved<'_>], e: &Entry) -> f32 {
    if together && e.system == CodeSystem::Icd10Cm && links(resolved) {
        TOGETHER
    } else {
        0.0
    }
}

/// Whether the query holds a linking connector ("with", "w", "due to";
/// also "w/" read as "with").
fn links(resolved: &[Resolved<'_>]) -> bool {
    resolved.iter().any(is_link)
}

fn is_link(r: &Resolved<'_>) -> bool {
    r.term.connector
        && (r.term.words.iter().any(|w| LINKS.contains(&w.as_str()))
            || r.term
                .expansions
                .iter()
                .flatten()
                .any(|w| LINKS.contains(&w.as_str())))
}

/// A linking word of the query ("with", "due") counts as met only where
/// the entry's own "with" or "due" goes on, in the same title, inclusion
/// term or Index path, to something else the query names. "Chronic gout
/// with tophus" does not answer the "with" of "gout with fever": its
/// "with" joins what was not asked, and should not lead "Gout,
/// unspecified", which lacks the word but adds nothing unasked. Clears the
/// term's hits (and its bits in `matched`) otherwise. ICD-10-CM entries
/// only: a PCS title's "with" names a device or qualifier that search
/// reads from the query's procedure words, not from its typed words
/// ("fem pop bypass with svg" → "… with Autologous Venous Tissue …").
pub(super) fn unlink(
    e: &Entry,
    tokens: &[Token],
    resolved: &[Resolved<'_>],
    matched: &mut [u64],
    hits: &mut [TermHits],
) {
    if e.system != CodeSystem::Icd10Cm {
        return;
    }
    // A link needs two concepts to join. With fewer, no entry's "with"
    // goes on to a second one: the link is met nowhere, and saying so
    // takes no look at the entry's words (a lone "w" that every entry
    // meets cost 40 ms a keystroke that way). A "w" still being typed
    // may be the start of a word ("walker folding w…") and keeps its hits.
    if resolved.iter().filter(|r| !r.term.connector).count() < 2 {
        for (c, r) in resolved.iter().enumerate().take(64) {
            if is_link(r) && !r.term.being_typed && hits[c].any != 0 {
                hits[c].any = 0;
                hits[c].title = 0;
                matched.iter_mut().for_each(|m| *m &= !(1u64 << c));
            }
        }
        return;
    }
    let connectors = resolved
        .iter()
        .take(64)
        .enumerate()
        .filter(|(_, r)| r.term.connector)
        .fold(0u64, |m, (i, _)| m | 1 << i);
    for (c, r) in resolved.iter().enumerate().take(64) {
        if !is_link(r) || hits[c].any == 0 {
            continue;
        }
        let bit = 1u64 << c;
        let goes_on = (0..tokens.len()).any(|i| {
            matched[i] & bit != 0
                && tokens[i + 1..]
                    .iter()
                    .zip(&matched[i + 1..])
                    .take_while(|(t, _)| t.field() == tokens[i].field())
                    .any(|(_, &m)| m & !connectors != 0)
        });
        if !goes_on {
            hits[c].any = 0;
            hits[c].title = 0;
            matched.iter_mut().for_each(|m| *m &= !bit);
        }
    }
}

/// Whether the terms met in one field (`met`, bit per term) hold every
/// wanted term, and there are two or more to hold.
pub(super) fn holds_all(met: u64, wanted: u64) -> bool {
    wanted.count_ones() >= 2 && met & wanted == wanted
}

/// Which clauses of an entry deny what they name ([`WordLookup::denies`]
/// in `score.rs`): a "not" clause unless the query itself says "not", a
/// "without" clause unless the query negates a term ("w/o aura"). Each
/// kind answers only the query's own way of speaking of absence:
/// "intractable migraine without aura with status migrainosus" asks about
/// "without aura", and still is not "Migraine without aura, not
/// intractable, with status migrainosus".
#[derive(Debug, Clone, Copy)]
pub(super) struct Denying {
    not: bool,
    without: bool,
}

impl Denying {
    pub(super) fn read(resolved: &[Resolved<'_>]) -> Denying {
        let says_not = resolved
            .iter()
            .any(|r| r.term.words.iter().any(|w| w == "not"));
        let negates = resolved.iter().any(|r| r.term.negated);
        Denying {
            not: !says_not,
            without: !negates,
        }
    }

    /// Whether a clause opened by "not" (`by_not`) or "without" denies.
    pub(super) fn opens(self, by_not: bool) -> bool {
        if by_not { self.not } else { self.without }
    }
}

#[cfg(test)]
mod tests {
    use super::holds_all;
    use crate::domain::codes::{CodeKind, CodeSystem};
    use crate::search::{Index, SearchOptions};
    use crate::store::code_tables::IndexableCode;

    fn entry(code: &str, title: &str, terms: &[&str]) -> IndexableCode {
        IndexableCode {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            title: title.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            valid_until: None,
        }
    }

    fn first(index: &Index, query: &str) -> String {
        let opts = SearchOptions {
            limit: 5,
            ..SearchOptions::default()
        };
        index
            .search(query, &opts)
            .into_iter()
            .next()
            .map(|h| h.code)
            .unwrap_or_default()
    }

    #[test]
    fn one_field_must_hold_two_or_more_wanted_terms() {
        assert!(holds_all(0b111, 0b011));
        assert!(!holds_all(0b101, 0b011));
        assert!(!holds_all(0b001, 0b001));
    }

    #[test]
    fn the_code_whose_one_index_path_links_the_concepts_leads() {
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                entry(
                    "J44.9",
                    "Chronic obstructive pulmonary disease, unspecified",
                    &[
                        "Bronchiolitis (acute) (infective), chronic (fibrosing)",
                        "Disease, diseased, lung, obstructive (chronic), with, bronchitis",
                    ],
                ),
                entry(
                    "J44.0",
                    "Chronic obstructive pulmonary disease with (acute) lower respiratory infection",
                    &["Disease, diseased, pulmonary, chronic obstructive, with, acute bronchitis"],
                ),
            ],
        );
        assert_eq!(
            first(
                &index,
                "chronic obstructive pulmonary disease with acute bronchitis"
            ),
            "J44.0"
        );
    }

    #[test]
    fn a_with_that_joins_nothing_asked_is_not_met() {
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                entry("M1A.9XX1", "Chronic gout with tophus", &[]),
                entry("M10.9", "Gout, unspecified", &[]),
            ],
        );
        assert_eq!(first(&index, "gout with fever"), "M10.9");
        assert_eq!(first(&index, "gout with tophus"), "M1A.9XX1");
    }

    #[test]
    fn a_not_clause_denies_though_the_query_negates_with_without() {
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                entry(
                    "G43.001",
                    "Migraine without aura, not intractable, with status migrainosus",
                    &[],
                ),
                entry(
                    "G43.011",
                    "Migraine without aura, intractable, with status migrainosus",
                    &[],
                ),
            ],
        );
        assert_eq!(
            first(
                &index,
                "intractable migraine without aura with status migrainosus"
            ),
            "G43.011"
        );
        assert_eq!(
            first(
                &index,
                "migraine without aura not intractable with status migrainosus"
            ),
            "G43.001"
        );
    }
}
