//! Finding the entries worth scoring: bitmaps over the index's entries,
//! filled from the postings of the query's most selective terms and the
//! code ranges of typed codes.

use std::ops::Range;

use super::resolve::{Resolved, WordSet};
use super::zfactors::is_form_word;
use crate::search::index::Index;

/// A term touching more entries than this (one typed letter) is not
/// marked posting by posting: every entry becomes a candidate and the scan
/// in static-rank order stops at `SCORE_LIMIT` matches, which is cheaper.
const SCAN_LIMIT: usize = 150_000;

/// Terms whose postings are always marked, rarest first, before enough
/// candidates stop the marking.
const MIN_TERMS: usize = 2;

impl Index {
    /// Finds candidate entries as bitmaps ("layers"): terms are taken
    /// rarest first (connectors and negated terms last), each adding the
    /// postings of its ways to be met (for each, its rarest word set) and
    /// any typed-code range, until the systems searched hold enough
    /// candidates. The best answer meets most terms, so it is among the
    /// postings of the rarest ones; a query only partly met ("dm2 w ckd
    /// 3a": no title says 3a) keeps adding terms. Each layer holds only what
    /// the earlier ones lack, and is scored in order, so the rare terms'
    /// candidates are never crowded out by a common term's. A term too
    /// common to mark makes every entry a candidate (see `SCAN_LIMIT`).
    pub(super) fn candidates(
        &self,
        resolved: &[Resolved<'_>],
        ranges: &[Range<u32>],
        wanted: usize,
    ) -> Vec<Vec<u64>> {
        let words = self.entries.len().div_ceil(64);
        let mut union = vec![0u64; words];
        let mut layers = Vec::new();
        let mut order: Vec<&Resolved<'_>> = resolved.iter().collect();
        // zfactors: a form word ("mother", "has") is met by every title
        // of its form, so it finds candidates after the content words.
        order.sort_by_key(|r| (r.term.negated, r.term.connector, is_form_word(r.term), r.df));
        for (i, r) in order.iter().enumerate() {
            // Entries that only say "with", or only lack a "w/o" word, are
            // no answer: such terms never find candidates on their own.
            let weak = r.term.connector || r.term.negated;
            // The two rarest terms always bring their postings: the
            // rarest alone may be one the answer lacks ("status post
            // amputation great toe": the Z89 code never says "status").
            let enough = i >= MIN_TERMS && count_in(&union, ranges) >= wanted;
            if i > 0 && (weak || enough) {
                break;
            }
            let mut add_layer = |mut layer: Vec<u64>| {
                for (l, u) in layer.iter_mut().zip(union.iter_mut()) {
                    *l &= !*u;
                    *u |= *l;
                }
                layers.push(layer);
            };
            let mut layer = vec![0u64; words];
            if r.df > SCAN_LIMIT {
                // Its selective ways to be met (the abbreviation behind a
                // short prefix) are scored before the scan of everything.
                self.mark(r, &mut layer, SCAN_LIMIT);
                add_layer(layer);
                add_layer(vec![!0u64; words]);
            } else {
                self.mark(r, &mut layer, usize::MAX);
                add_layer(layer);
            }
            if r.df > SCAN_LIMIT {
                break;
            }
        }
        layers
    }

    /// Marks the entries that may meet term `r`, through its ways to be met
    /// whose rarest word set has at most `max_postings` postings.
    fn mark(&self, r: &Resolved<'_>, bits: &mut [u64], max_postings: usize) {
        for &id in r.codes {
            bits[id as usize / 64] |= 1 << (id % 64);
        }
        let postings_of =
            |set: &WordSet| -> usize { set.0.iter().map(|w| self.postings_len(w.clone())).sum() };
        for alt in &r.alts {
            let rarest = (0..64)
                .filter(|b| alt.mask & (1 << b) != 0)
                .min_by_key(|&b| postings_of(&r.sets[b]));
            let Some(b) = rarest else { continue };
            if postings_of(&r.sets[b]) > max_postings {
                continue;
            }
            for words in &r.sets[b].0 {
                for w in words.clone() {
                    for &id in self.postings(w) {
                        bits[id as usize / 64] |= 1 << (id % 64);
                    }
                }
            }
        }
    }
}

/// How many bits are set within `ranges`.
fn count_in(bits: &[u64], ranges: &[Range<u32>]) -> usize {
    ranges
        .iter()
        .map(|r| bits_in(bits, r.clone()).count())
        .sum()
}

/// Set bits of `bits` within `range`, ascending.
pub(super) fn bits_in(bits: &[u64], range: Range<u32>) -> impl Iterator<Item = u32> + '_ {
    let (start, end) = (range.start as usize, range.end as usize);
    (start / 64..end.div_ceil(64)).flat_map(move |wi| {
        let mut word = bits[wi];
        let base = wi * 64;
        if base < start {
            word &= !0u64 << (start - base);
        }
        if base + 64 > end {
            word &= (1u64 << (end - base)) - 1;
        }
        std::iter::from_fn(move || {
            if word == 0 {
                return None;
            }
            let b = word.trailing_zeros();
            word &= word - 1;
            Some((base + b as usize) as u32)
        })
    })
}
