//! Resolving a query term against one index: the word sets it can meet
//! and its ways to be met (each a set of word sets, with a match quality),
//! the entries of a typed code, and how many entries it touches.

use std::ops::Range;

use super::anatomy::anatomy_kin;
use super::context::chapter_synonyms;
use super::external::is_external_code;
use super::limb::{LIMB_WORDS, limb_of};
use crate::search::index::Index;
use crate::search::query::Term;
use crate::search::vocab::{SKELETON_MIN_LEN, TYPO_MIN_LEN};

/// Match qualities, by how a term met a word.
pub(super) const Q_EXACT: f32 = 1.0;
const Q_EXPANSION: f32 = 0.95;
const Q_FAMILY: f32 = 0.85;
const Q_PHRASE: f32 = 0.9;
const Q_PREFIX: f32 = 0.8;
/// A prefix of one or two letters that is also an abbreviation ("pe",
/// "mi") most likely means the abbreviation, not every word it starts.
const Q_SHORT_PREFIX: f32 = 0.5;
const Q_TYPO: f32 = 0.7;
/// A typo with exactly one correction in the vocabulary: the coder meant
/// that word, nearly as surely as if it were spelled ("bronchitus").
const Q_TYPO_UNIQUE: f32 = 0.9;
/// A long word whose skeleton only one word has (and no word is one edit
/// away): as sure, a little less ("hypertenshun").
const Q_SKELETON_UNIQUE: f32 = 0.85;
/// Two typed words met by the one word they make together.
const Q_COMPOUND: f32 = 0.95;
/// The shortest typed word tried as two words run together.
const SPLIT_MIN_LEN: usize = 6;

/// Prefixes that titles write both joined and hyphenated ("pre-term" and
/// "preterm", "post-traumatic" and "posttraumatic", "non-pressure"): a
/// known word that starts with one is also met by its two halves.
const HYPHEN_PREFIXES: [&str; 8] = [
    "pre", "post", "non", "anti", "sub", "intra", "extra", "self",
];
/// A long word met by its skeleton (doubled letters, vowel slips).
const Q_SKELETON: f32 = 0.65;
pub(super) const Q_ABSENT: f32 = 0.5;
/// A part of a limb met by its limb's name: below a prefix or typo of the
/// word itself, above a title that does not place the condition at all.
const Q_LIMB: f32 = 0.6;
/// A typed quantity met by a range of the title that holds it: less than
/// the number itself, as sure as a word family.
const Q_IN_RANGE: f32 = 0.85;

/// What a missing term costs, in missed terms: a content word 1, "with",
/// "and", "due", "by" or "or" (they join two conditions, which a title
/// that lacks them may not hold) 0.5, and a bare preposition or article
/// ("in", "of", "on", "the") [`LIGHT_CONNECTOR`]: a coder's "hypoglycemia
/// in newborn" or "fluid on the knee" is "Other neonatal hypoglycemia" or
/// "Effusion, knee", whose titles say no "in" or "on".
fn connector_weight(term: &Term) -> f32 {
    if !term.connector {
        return 1.0;
    }
    let light = term
        .words
        .iter()
        .all(|w| LIGHT_CONNECTORS.contains(&w.as_str()));
    if light && !term.words.is_empty() {
        LIGHT_CONNECTOR
    } else {
        0.5
    }
}

/// Prepositions and articles that only place a word ([`connector_weight`]).
const LIGHT_CONNECTORS: [&str; 10] = [
    "of", "the", "in", "on", "for", "to", "at", "a", "an", "from",
];
/// The cost of a missing preposition or article: enough to order titles
/// that hold it before those that do not among equals, less than a
/// difference in how well the content words were met.
pub(super) const LIGHT_CONNECTOR: f32 = 0.2;

/// Nouns that only say "a condition": the titles use them
/// interchangeably and often not at all beside an eponym or a named
/// condition ("kawasaki disease" is "Mucocutaneous lymph node syndrome
/// [Kawasaki]", "tourette syndrome" is "Tourette's disorder", "hashimoto
/// disease" is "Autoimmune thyroiditis"). A title that lacks one lacks
/// less than a title that lacks the name itself.
const GENERIC_HEADS: [&str; 6] = [
    "disease",
    "diseases",
    "syndrome",
    "syndromes",
    "disorder",
    "disorders",
];
/// The cost of a missing generic head, in missed terms: that of "with".
const GENERIC_HEAD: f32 = 0.5;

fn is_generic_head(term: &Term) -> bool {
    matches!(term.words.as_slice(), [w] if GENERIC_HEADS.contains(&w.as_str()))
}

/// A word read as a quantity for range matching: digits with at most one
/// decimal point, at least two digits before it or a decimal part ("35",
/// "1600", "35.5"; not "3", not "e11").
pub(super) fn parse_quantity(word: &str) -> Option<f64> {
    let (whole, fraction) = word.split_once('.').unwrap_or((word, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || whole.len() > 6 {
        return None;
    }
    if whole.len() < 2 && fraction.is_empty() {
        return None;
    }
    word.parse().ok()
}

/// A set of word ids: a few ranges (a prefix is one range).
#[derive(Debug, Clone, Default)]
pub(super) struct WordSet(pub(super) Vec<Range<u32>>);

impl WordSet {
    pub(super) fn one(word: u32) -> WordSet {
        WordSet(std::iter::once(word..word + 1).collect())
    }

    pub(super) fn contains(&self, w: u32) -> bool {
        self.0.iter().any(|r| r.contains(&w))
    }
}

/// One way a term can be met: every word set in `mask` present.
#[derive(Debug, Clone, Copy)]
pub(super) struct Alt {
    pub(super) mask: u64,
    pub(super) quality: f32,
    /// Met only by an external-cause or drug-event code
    /// (`external.rs`): a chapter-20 part's title words.
    pub(super) external: bool,
}

impl Alt {
    /// Whether this way counts for entry `e` (lookup key `key`).
    pub(super) fn applies(&self, e: &crate::search::index::Entry, key: &str) -> bool {
        !self.external || is_external_code(e, key)
    }
}

/// A term resolved against this index.
pub(super) struct Resolved<'q> {
    pub(super) term: &'q Term,
    pub(super) sets: Vec<WordSet>,
    /// Best first.
    pub(super) alts: Vec<Alt>,
    /// Entries whose code matches the typed code (ids into `by_key`).
    pub(super) codes: &'q [u32],
    /// Penalty when the term is not met.
    pub(super) weight: f32,
    /// Estimated number of entries the term touches.
    pub(super) df: usize,
    /// A typed quantity and the mask bit of its range way: that set is
    /// met only by two numbers in a row around the value
    /// ([`Resolved::in_range`]), not by any one of its words.
    pub(super) quantity: Option<(f64, u64)>,
    /// The body part a patient's injury story names as the verb's object
    /// ("burned *my hand* on a hot pan", `lay_story.rs`): the injury is
    /// asked first, so an external cause's title is not excused it
    /// (`siteless.rs`).
    pub(super) injured: bool,
}

impl Resolved<'_> {
    /// Whether the numbers `low`, `high` (two words in a row of one
    /// field: "1500-1749") hold this term's quantity.
    pub(super) fn in_range(&self, low: f64, high: f64) -> bool {
        self.quantity
            .is_some_and(|(v, _)| low < high && low <= v && v <= high)
    }
}

/// The word sets and ways to be met collected for one term, in the order
/// they were added: bit `b` of a way's mask names `sets[b]`, so the sets
/// of every way are numbered in one sequence of at most 64.
#[derive(Default)]
pub(super) struct Ways {
    sets: Vec<WordSet>,
    alts: Vec<Alt>,
    /// A typed quantity and the bit of its range set ([`Resolved::quantity`]).
    quantity: Option<(f64, u64)>,
}

impl Ways {
    /// Adds one way to meet the term: every set of `sets_of_alt` present.
    /// A way with no sets or an empty set can never be met, and one that
    /// would need a 65th mask bit cannot be named: both are dropped.
    fn add(&mut self, sets_of_alt: Vec<WordSet>, quality: f32) {
        self.push_way(sets_of_alt, quality, false);
    }

    /// Adds a way met only by external-cause and drug-event codes.
    pub(super) fn add_external(&mut self, sets_of_alt: Vec<WordSet>, quality: f32) {
        self.push_way(sets_of_alt, quality, true);
    }

    fn push_way(&mut self, sets_of_alt: Vec<WordSet>, quality: f32, external: bool) {
        if sets_of_alt.is_empty() || sets_of_alt.iter().any(|s| s.0.is_empty()) {
            return;
        }
        if self.sets.len() + sets_of_alt.len() > 64 {
            return;
        }
        let mut mask = 0;
        for s in sets_of_alt {
            mask |= 1u64 << self.sets.len();
            self.sets.push(s);
        }
        self.alts.push(Alt {
            mask,
            quality,
            external,
        });
    }
}

impl Index {
    /// Turns a term into word sets and ways to meet it. The ways are added
    /// typed words first, then abbreviation expansions, and sorted best
    /// first by a stable sort: ways of equal quality keep that order, which
    /// scoring relies on (it takes the first way met).
    pub(super) fn resolve<'q>(&'q self, term: &'q Term) -> Resolved<'q> {
        let mut ways = Ways::default();
        if let [word] = term.words.as_slice() {
            self.word_ways(term, word, &mut ways);
        } else if !term.words.is_empty() {
            ways.add(self.phrase(term), Q_PHRASE);
            self.external_phrase_way(term, &mut ways);
        }
        for expansion in &term.expansions {
            self.expansion_ways(expansion, &mut ways);
        }
        let Ways {
            sets,
            mut alts,
            quantity,
        } = ways;
        alts.sort_by(|a, b| b.quality.total_cmp(&a.quality));
        let codes = self.typed_codes(term);
        let df = self.touched(&sets, &alts) + codes.len();
        Resolved {
            term,
            sets,
            alts,
            codes,
            weight: match term.dose {
                _ if term.connector => connector_weight(term),
                _ if is_generic_head(term) => GENERIC_HEAD,
                Some((_, true)) => crate::search::hcpcs_dose::SOFT_WEIGHT,
                _ => 1.0,
            },
            df,
            quantity,
            injured: false,
        }
    }

    /// Two typed words that the vocabulary knows as one ("bed wetting" →
    /// "bedwetting", "heart burn" → "heartburn", "hyper tension") are met,
    /// each, by that one word as well. `resolved` is in query order.
    pub(super) fn join_compounds(&self, resolved: &mut [Resolved<'_>]) {
        for i in 1..resolved.len() {
            let (a, b) = (&resolved[i - 1].term, &resolved[i].term);
            let ([x], [y]) = (a.words.as_slice(), b.words.as_slice()) else {
                continue;
            };
            if a.code.is_some() || b.code.is_some() || a.connector || b.connector {
                continue;
            }
            let Some(joined) = self.vocab.id(&format!("{x}{y}")) else {
                continue;
            };
            for r in &mut resolved[i - 1..=i] {
                self.add_way(r, vec![WordSet::one(joined)], Q_COMPOUND);
            }
        }
    }

    /// Adds one more way to meet an already resolved term (a pass over
    /// several terms found it), keeping its ways best first.
    pub(super) fn add_way(&self, r: &mut Resolved<'_>, sets: Vec<WordSet>, quality: f32) {
        // Every set must be met: the way touches at most its rarest set.
        let touched: usize = sets
            .iter()
            .map(|s| s.0.iter().map(|r| self.postings_len(r.clone())).sum())
            .min()
            .unwrap_or(0);
        let mut ways = Ways {
            sets: std::mem::take(&mut r.sets),
            alts: std::mem::take(&mut r.alts),
            quantity: r.quantity,
        };
        ways.add(sets, quality);
        ways.alts.sort_by(|a, b| b.quality.total_cmp(&a.quality));
        r.df += touched;
        (r.sets, r.alts) = (ways.sets, ways.alts);
    }

    /// The vocabulary's ids of `words` as one set; `None` when it knows
    /// none of them.
    pub(super) fn any_of<'w>(&self, words: impl IntoIterator<Item = &'w str>) -> Option<WordSet> {
        let ids: Vec<Range<u32>> = words
            .into_iter()
            .filter_map(|w| self.vocab.id(w))
            .map(|i| i..i + 1)
            .collect();
        (!ids.is_empty()).then_some(WordSet(ids))
    }

    /// The ways one typed word is met, best first: the word itself, its
    /// word family, the words it starts (only from three letters, or while
    /// it is being typed; weaker when so short a prefix is also an
    /// abbreviation), and, when it is no word of the vocabulary, the words
    /// one edit away (a typo).
    fn word_ways(&self, term: &Term, word: &str, ways: &mut Ways) {
        let exact = self.vocab.id(word);
        if let Some(id) = exact {
            ways.add(vec![WordSet::one(id)], Q_EXACT);
        }
        let family = self.vocab.kin(word);
        if !family.is_empty() {
            ways.add(
                vec![WordSet(family.iter().map(|&i| i..i + 1).collect())],
                Q_FAMILY,
            );
        }
        // A patient chapter's words for its patient or period meet one
        // another ("newborn hypoglycemia" → "Other neonatal hypoglycemia",
        // "postpartum" → "… complicating the puerperium").
        if let Some(same) = self.any_of(chapter_synonyms(word)) {
            ways.add(vec![same], Q_EXPANSION);
        }
        // An organ's noun meets its adjective and back ("kidney" →
        // "renal", "hepatic" → "liver"), as a word family does.
        if let Some(organ) = self.any_of(anatomy_kin(word)) {
            ways.add(vec![organ], Q_FAMILY);
        }
        // A part of a limb meets the limb ("foot" → "lower limb", "lower
        // extremity"), below every way of the word itself.
        if let Some(limb) = limb_of(word)
            && let (Some(side), Some(whole)) = (self.any_of([limb]), self.any_of(LIMB_WORDS))
        {
            ways.add(vec![side, whole], Q_LIMB);
        }
        // A part of an external cause ("bike", "crash", "couch", "while")
        // meets the chapter-20 title words for it (`external.rs`).
        self.external_word_ways(word, ways);
        // A finished word the abbreviation table or lay lexicon reads
        // ("torn" → tear, rupture) means what they say and itself, not
        // every word it starts ("tornado").
        let read_as_expansion = !term.being_typed && !term.expansions.is_empty();
        if (word.len() >= 3 || term.being_typed) && !read_as_expansion {
            let range = self.vocab.prefix_range(word);
            if range.len() > usize::from(exact.is_some()) {
                let quality = if word.len() < 3 && !term.expansions.is_empty() {
                    Q_SHORT_PREFIX
                } else {
                    Q_PREFIX
                };
                ways.add(vec![WordSet(std::iter::once(range).collect())], quality);
            }
        }
        if let Some((value, low)) = self.number_bounds(word) {
            let bit = 1u64 << ways.sets.len();
            ways.add(vec![low], Q_IN_RANGE);
            if ways.alts.last().is_some_and(|a| a.mask == bit) {
                ways.quantity = Some((value, bit));
            }
            // A quantity is read, not corrected: "1600" is no typo of
            // "1500".
            return;
        }
        let mut corrections = 0;
        if exact.is_none() && word.len() >= TYPO_MIN_LEN {
            let near = self.vocab.within_one_edit(word);
            corrections += near.len();
            let quality = if near.len() == 1 {
                Q_TYPO_UNIQUE
            } else {
                Q_TYPO
            };
            ways.add(
                vec![WordSet(near.iter().map(|&i| i..i + 1).collect())],
                quality,
            );
        }
        self.split_ways(word, exact.is_some(), ways);
        if exact.is_none() && word.len() >= SKELETON_MIN_LEN {
            let alike = self.vocab.same_skeleton(word);
            let unique = corrections == 0 && alike.len() == 1;
            let quality = if unique {
                Q_SKELETON_UNIQUE
            } else {
                Q_SKELETON
            };
            ways.add(
                vec![WordSet(alike.iter().map(|&i| i..i + 1).collect())],
                quality,
            );
        }
    }

    /// Two words typed without the space between them ("dequervain",
    /// "vonwillebrand", "chestpain"): an unknown word that splits into two
    /// words the vocabulary knows is met by both, as two words typed
    /// apart would be joined ([`Index::join_compounds`]). Each part has
    /// three letters or more, or is a name's particle ("de", "von"), so a
    /// typo does not split into fragments; at most two splits are kept.
    /// A word the vocabulary knows splits only after a prefix that titles
    /// also write with a hyphen ([`HYPHEN_PREFIXES`]): a coder's "preterm"
    /// is also "Supervision of pregnancy with history of pre-term labor".
    fn split_ways(&self, word: &str, known: bool, ways: &mut Ways) {
        const PARTICLES: [&str; 6] = ["de", "du", "la", "le", "van", "von"];
        if word.len() < SPLIT_MIN_LEN || !word.is_ascii() {
            return;
        }
        if known {
            if let Some(head) = HYPHEN_PREFIXES.iter().find(|p| word.starts_with(**p))
                && let (Some(a), Some(b)) =
                    (self.vocab.id(head), self.vocab.id(&word[head.len()..]))
            {
                ways.add(vec![WordSet::one(a), WordSet::one(b)], Q_COMPOUND);
            }
            return;
        }
        let mut kept = 0;
        for at in 2..=word.len() - 3 {
            let (head, tail) = word.split_at(at);
            if head.len() < 3 && !PARTICLES.contains(&head) {
                continue;
            }
            if let (Some(a), Some(b)) = (self.vocab.id(head), self.vocab.id(tail)) {
                ways.add(vec![WordSet::one(a), WordSet::one(b)], Q_COMPOUND);
                kept += 1;
                if kept == 2 {
                    return;
                }
            }
        }
    }

    /// A typed quantity met by a range that holds it: two numbers in a
    /// row of one title or term, the first at or below it, the second at
    /// or above ("newborn 1600 grams" → "…, 1500-1749 grams"; "bmi 36" →
    /// "Body mass index [BMI] 36.0-36.9, adult"). Titles state weights,
    /// body mass indexes and counts as ranges; a coder types the chart's
    /// value. Only for values of two digits or more, or with a decimal:
    /// one digit is a type, stage or grade ("stage 3"). Returns the value
    /// and the vocabulary's numbers at or below it (the range's first
    /// word, for finding candidates); scoring checks the pair
    /// ([`Resolved::in_range`]).
    fn number_bounds(&self, word: &str) -> Option<(f64, WordSet)> {
        let value = parse_quantity(word)?;
        let mut low = Vec::new();
        for digit in '0'..='9' {
            for id in self.vocab.prefix_range(digit.encode_utf8(&mut [0; 4])) {
                if parse_quantity(self.vocab.word(id)).is_some_and(|v| v <= value) {
                    low.push(id..id + 1);
                }
            }
        }
        (!low.is_empty()).then_some((value, WordSet(low)))
    }

    /// The one way several typed words are met: every word present, each
    /// as typed or by its word family, except the last while it is being
    /// typed (or any word the vocabulary lacks), which is met by the words
    /// it starts. The family matters since table keys match typed words in
    /// either number (`Abbreviations::lookup`): "nursemaid elbow" is the
    /// key "nursemaids elbow", and its words must still meet the title's
    /// "Nursemaid's elbow" as the two words alone did.
    fn phrase(&self, term: &Term) -> Vec<WordSet> {
        let last = term.words.len() - 1;
        term.words
            .iter()
            .enumerate()
            .map(|(i, w)| match self.vocab.id(w) {
                Some(id) if i < last || !term.being_typed => {
                    let mut set = WordSet::one(id);
                    set.0
                        .extend(self.vocab.kin(w).into_iter().map(|k| k..k + 1));
                    set
                }
                _ if i < last || !term.being_typed => {
                    let kin = self.vocab.kin(w);
                    if kin.is_empty() {
                        WordSet(std::iter::once(self.vocab.prefix_range(w)).collect())
                    } else {
                        WordSet(kin.into_iter().map(|k| k..k + 1).collect())
                    }
                }
                _ => WordSet(std::iter::once(self.vocab.prefix_range(w)).collect()),
            })
            .collect()
    }

    /// The ways an abbreviation's expansion is met: every expansion word
    /// exactly, and, when any of them has a word family, every word or its
    /// family (a little weaker).
    fn expansion_ways(&self, expansion: &[String], ways: &mut Ways) {
        let exact: Vec<WordSet> = expansion
            .iter()
            .map(|w| WordSet(self.vocab.id(w).map(|id| id..id + 1).into_iter().collect()))
            .collect();
        let family: Vec<WordSet> = expansion
            .iter()
            .zip(&exact)
            .map(|(w, set)| {
                let mut set = set.0.clone();
                set.extend(self.vocab.family(w).iter().map(|&i| i..i + 1));
                WordSet(set)
            })
            .collect();
        let widened = family
            .iter()
            .zip(&exact)
            .any(|(f, e)| f.0.len() > e.0.len());
        ways.add(exact, Q_EXPANSION);
        if widened {
            ways.add(family, Q_EXPANSION * Q_FAMILY);
        }
    }

    /// The entries (ids into `by_key`) whose code a typed code names: every
    /// code it starts, or, for letters-only probes ("LT", "GA"), only the
    /// code equal to it.
    fn typed_codes<'q>(&'q self, term: &Term) -> &'q [u32] {
        match &term.code {
            Some(probe) => {
                let range = self.key_range(&probe.key);
                if probe.exact_only {
                    let exact = range.partition_point(|&id| {
                        self.str(self.entries[id as usize].key).len() == probe.key.len()
                    });
                    &range[..exact]
                } else {
                    range
                }
            }
            None => &[],
        }
    }

    /// Estimates how many entries the ways to be met touch: per way, the
    /// postings of its rarest word set (every set must be present), summed
    /// over the ways. Terms are taken rarest first when finding candidates.
    fn touched(&self, sets: &[WordSet], alts: &[Alt]) -> usize {
        alts.iter()
            .map(|a| {
                (0..64)
                    .filter(|b| a.mask & (1 << b) != 0)
                    .map(|b| {
                        sets[b]
                            .0
                            .iter()
                            .map(|r| self.postings_len(r.clone()))
                            .sum::<usize>()
                    })
                    .min()
                    .unwrap_or(0)
            })
            .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::parse_quantity;
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    #[test]
    fn a_missing_preposition_costs_less_than_a_missing_with() {
        let weights = |q: &str| -> Vec<f32> {
            crate::search::Query::parse(q, &crate::search::Abbreviations::default())
                .terms
                .iter()
                .map(super::connector_weight)
                .collect()
        };
        assert_eq!(
            weights("hypoglycemia in newborn"),
            [1.0, super::LIGHT_CONNECTOR, 1.0]
        );
        assert_eq!(weights("diabetes with ckd"), [1.0, 0.5, 1.0]);
    }

    #[test]
    fn quantities_are_numbers_of_two_digits_or_decimals() {
        assert_eq!(parse_quantity("1600"), Some(1600.0));
        assert_eq!(parse_quantity("35.5"), Some(35.5));
        assert_eq!(parse_quantity("3.5"), Some(3.5));
        for w in ["3", "e11", "3a", "", ".5", "1.2.3", "12345678"] {
            assert_eq!(parse_quantity(w), None, "{w}");
        }
    }

    #[test]
    fn a_typed_quantity_meets_the_range_that_holds_it() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("P07.14", "Other low birth weight newborn, 1000-1249 grams"),
                code("P07.15", "Other low birth weight newborn, 1250-1499 grams"),
                code("P07.16", "Other low birth weight newborn, 1500-1749 grams"),
                code("P07.17", "Other low birth weight newborn, 1750-1999 grams"),
                code("N18.3", "Chronic kidney disease, stage 3"),
                code("N18.2", "Chronic kidney disease, stage 2 (mild)"),
            ],
        );
        assert_eq!(index.first_code("low birth weight 1600 grams"), "P07.16");
        assert_eq!(index.first_code("newborn 1200 grams"), "P07.14");
        assert_eq!(index.first_code("birth weight 1750 grams"), "P07.17");
        // One digit is a stage, not a quantity.
        assert_eq!(index.first_code("ckd stage 3"), "N18.3");
    }

    #[test]
    fn a_closed_prefix_word_meets_its_hyphenated_spelling() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "O60.00",
                    "Preterm labor without delivery, unspecified trimester",
                ),
                code(
                    "O09.219",
                    "Supervision of pregnancy with history of pre-term labor, unspecified trimester",
                ),
            ],
        );
        assert_eq!(
            index.first_code("history of preterm labor pregnant"),
            "O09.219"
        );
        assert_eq!(index.first_code("preterm labor"), "O60.00");
    }

    #[test]
    fn a_missing_generic_head_costs_less_than_the_missing_name() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("D73.9", "Disease of spleen, unspecified"),
                code("E32.9", "Disease of thymus, unspecified"),
                code("M30.3", "Mucocutaneous lymph node syndrome [Kawasaki]"),
                code("F95.2", "Tourette's disorder"),
                code("Q90.9", "Down syndrome, unspecified"),
            ],
        );
        assert_eq!(index.first_code("kawasaki disease"), "M30.3");
        assert_eq!(index.first_code("tourette syndrome"), "F95.2");
        // Still a word: where a title has it, it counts.
        assert_eq!(index.first_code("spleen disease"), "D73.9");
    }

    #[test]
    fn two_words_typed_as_one_are_met_by_both() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("M65.4", "Radial styloid tenosynovitis [de Quervain]"),
                code(
                    "M65.90",
                    "Unspecified synovitis and tenosynovitis, unspecified site",
                ),
                code("R07.9", "Chest pain, unspecified"),
                code("R10.9", "Unspecified abdominal pain"),
            ],
        );
        assert_eq!(index.first_code("dequervain tenosynovitis"), "M65.4");
        assert_eq!(index.first_code("chestpain"), "R07.9");
        // Fragments are not words: no split of a typo into "ab" + "dominal".
        assert_ne!(index.first_code("abdominl pain"), "R07.9");
    }
}
