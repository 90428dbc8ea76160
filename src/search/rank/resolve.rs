//! Resolving a query term against one index: the word sets it can meet
//! and its ways to be met (each a set of word sets, with a match quality),
//! the entries of a typed code, and how many entries it touches.

use std::ops::Range;

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
/// A long word met by its skeleton (doubled letters, vowel slips).
const Q_SKELETON: f32 = 0.65;
pub(super) const Q_ABSENT: f32 = 0.5;

/// A set of word ids: a few ranges (a prefix is one range).
#[derive(Debug, Clone, Default)]
pub(super) struct WordSet(pub(super) Vec<Range<u32>>);

impl WordSet {
    fn one(word: u32) -> WordSet {
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
}

/// The word sets and ways to be met collected for one term, in the order
/// they were added: bit `b` of a way's mask names `sets[b]`, so the sets
/// of every way are numbered in one sequence of at most 64.
#[derive(Default)]
struct Ways {
    sets: Vec<WordSet>,
    alts: Vec<Alt>,
}

impl Ways {
    /// Adds one way to meet the term: every set of `sets_of_alt` present.
    /// A way with no sets or an empty set can never be met, and one that
    /// would need a 65th mask bit cannot be named: both are dropped.
    fn add(&mut self, sets_of_alt: Vec<WordSet>, quality: f32) {
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
        self.alts.push(Alt { mask, quality });
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
        }
        for expansion in &term.expansions {
            self.expansion_ways(expansion, &mut ways);
        }
        let Ways { sets, mut alts } = ways;
        alts.sort_by(|a, b| b.quality.total_cmp(&a.quality));
        let codes = self.typed_codes(term);
        let df = self.touched(&sets, &alts) + codes.len();
        Resolved {
            term,
            sets,
            alts,
            codes,
            weight: match term.dose {
                _ if term.connector => 0.5,
                Some((_, true)) => crate::search::hcpcs_dose::SOFT_WEIGHT,
                _ => 1.0,
            },
            df,
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
                let mut ways = Ways {
                    sets: std::mem::take(&mut r.sets),
                    alts: std::mem::take(&mut r.alts),
                };
                ways.add(vec![WordSet::one(joined)], Q_COMPOUND);
                ways.alts.sort_by(|a, b| b.quality.total_cmp(&a.quality));
                r.df += self.postings_len(joined..joined + 1);
                (r.sets, r.alts) = (ways.sets, ways.alts);
            }
        }
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

    /// The one way several typed words are met: every word present, each
    /// exactly, except the last while it is being typed (or any word the
    /// vocabulary lacks), which is met by the words it starts.
    fn phrase(&self, term: &Term) -> Vec<WordSet> {
        let last = term.words.len() - 1;
        term.words
            .iter()
            .enumerate()
            .map(|(i, w)| match self.vocab.id(w) {
                Some(id) if i < last || !term.being_typed => WordSet::one(id),
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
