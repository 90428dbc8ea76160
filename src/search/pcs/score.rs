//! Scoring the valid PCS codes of the loaded version against an
//! [`Intent`]: the root operation (the title's first word), the body part
//! and detail concepts (title words, with word families and one-edit
//! typos), sides, the approach and device/qualifier characters, and, where
//! the query leaves an axis open, a preference for the general code (no
//! device `Z`, no qualifier `Z`, open before endoscopic before
//! percutaneous) and the short title.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::clinical::COMBINING;
use super::intent::Intent;
use crate::search::index::{Entry, Index};

/// Most word ids a prefix concept ("append*") may stand for.
const PREFIX_IDS: u32 = 200;

/// A concept resolved to word ids: alternatives of words of ids.
struct Ids {
    alts: Vec<Vec<Vec<u32>>>,
    weight: f32,
}

impl Index {
    /// The word ids a concept word may be met by.
    fn pcs_word_ids(&self, w: &str) -> Vec<u32> {
        if let Some(stem) = w.strip_suffix('*') {
            let r = self.vocab.prefix_range(stem);
            return (r.start..r.end.min(r.start + PREFIX_IDS)).collect();
        }
        let mut ids: Vec<u32> = self.vocab.id(w).into_iter().collect();
        ids.extend_from_slice(self.vocab.family(w));
        if ids.is_empty() {
            ids = self.vocab.within_one_edit(w);
        }
        ids
    }

    /// The PCS entries that best meet `intent`, best first, at most
    /// `limit`; and whether the best met every concept (the query was
    /// understood whole).
    pub(super) fn pcs_scored(
        &self,
        intent: &Intent,
        range: Range<u32>,
        limit: usize,
    ) -> (Vec<(f32, u32)>, bool) {
        let concepts: Vec<Ids> = intent
            .concepts
            .iter()
            .map(|c| Ids {
                alts: c
                    .alts
                    .iter()
                    .map(|a| a.iter().map(|w| self.pcs_word_ids(w)).collect())
                    .collect(),
                weight: c.weight,
            })
            .collect();
        let best_op = intent.ops.iter().map(|o| o.1).fold(0.0f32, f32::max);
        let ops: Vec<(u32, f32)> = intent
            .ops
            .iter()
            .filter_map(|(op, w)| Some((self.vocab.id(op)?, 3.0 * w / best_op)))
            .collect();
        let sides: Vec<(Option<u32>, bool)> = ["left", "right", "bilateral"]
            .iter()
            .map(|s| (self.vocab.id(s), intent.sides.contains(s)))
            .collect();
        let (slots, alt_masks) = slot_masks(&concepts);
        let candidates = self.pcs_candidates(&slots, &ops, &range);
        let mut scored: Vec<(f32, u32)> = Vec::new();
        let (mut best, mut complete) = (f32::MIN, false);
        for id in candidates {
            let e = &self.entries[id as usize];
            let tokens = self.entry_tokens(e);
            let op = match tokens.first() {
                Some(t) if !ops.is_empty() => match ops.iter().find(|(w, _)| *w == t.word()) {
                    Some(&(_, weight)) => weight,
                    None => continue,
                },
                _ => 0.0,
            };
            let title: u64 = tokens
                .iter()
                .filter(|t| t.field() == 0)
                .filter_map(|t| slots.get(&t.word()))
                .fold(0, |m, s| m | s);
            let has = |ids: &[u32]| {
                tokens
                    .iter()
                    .any(|t| t.field() == 0 && ids.contains(&t.word()))
            };
            let mut score = op;
            let mut met = 0;
            for (c, masks) in concepts.iter().zip(&alt_masks) {
                // Alternatives are listed most likely first.
                let first = masks.iter().position(|&m| title & m == m);
                if let Some(n) = first {
                    score += 2.0 * c.weight * if n == 0 { 1.0 } else { 0.8 };
                    met += 1;
                }
            }
            for &(side, asked) in &sides {
                let Some(side) = side else { continue };
                let present = has(&[side]);
                score += match (asked, present, intent.sides.is_empty()) {
                    (true, true, _) => 1.0,
                    (false, true, false) => -1.0,
                    _ => 0.0,
                };
            }
            score += self.pcs_axes(e, intent) - 0.03 * tokens.len() as f32;
            if score > best {
                best = score;
                complete = met == concepts.len();
            }
            scored.push((score, id));
        }
        let better = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, better);
            scored.truncate(limit);
        }
        scored.sort_by(better);
        (scored, complete)
    }

    /// The entries worth scoring: titles meeting some concept (with the
    /// operation, if one was asked); all the operation's titles when none
    /// does.
    fn pcs_candidates(
        &self,
        slots: &FxHashMap<u32, u64>,
        ops: &[(u32, f32)],
        range: &Range<u32>,
    ) -> Vec<u32> {
        let mut candidates: Vec<u32> = slots
            .keys()
            .flat_map(|&w| self.postings(w).iter().copied())
            .filter(|id| range.contains(id))
            .filter(|&id| {
                let first = self.entry_tokens(&self.entries[id as usize]).first();
                ops.is_empty() || first.is_some_and(|t| ops.iter().any(|o| o.0 == t.word()))
            })
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if ops.is_empty() || !candidates.is_empty() {
            candidates
        } else {
            // Titles start with their operation: its postings.
            let mut ids: Vec<u32> = ops
                .iter()
                .flat_map(|&(w, _)| self.postings(w).iter().copied())
                .filter(|id| range.contains(id))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        }
    }

    /// Approach, device and qualifier characters of a Medical and Surgical
    /// code against the intent (other sections' axes mean other things).
    fn pcs_axes(&self, e: &Entry, intent: &Intent) -> f32 {
        let code = self.str(e.code).as_bytes();
        if code.len() != 7 || code[0] != b'0' {
            return 0.0;
        }
        let (approach, device, qualifier) = (code[4] as char, code[5], code[6]);
        let mut score = match intent.approach.iter().position(|&c| c == approach) {
            Some(0) => 1.5,
            Some(_) => 1.2,
            None if !intent.approach.is_empty() => -1.0,
            None => approach_prior(approach),
        };
        if device == b'Z' {
            score += 0.3;
        }
        score += match (intent.diagnostic, qualifier) {
            (true, b'X') => 2.0,
            (false, b'X') => -1.0,
            (_, b'Z') => 0.3,
            _ => 0.0,
        };
        score
    }

    /// The codes under a bare prefix, most general first: no device, no
    /// qualifier, the common approaches, and body parts the coders' word
    /// forms name (appendix, gallbladder) before the rest.
    pub(super) fn pcs_general_first(&self, key: &str, range: Range<u32>) -> Vec<(f32, u32)> {
        // Body part words in the order the combining forms list them
        // (the common operations' organs first).
        let common: Vec<u32> = COMBINING
            .iter()
            .flat_map(|(_, body, _)| body.split('|'))
            .filter_map(|alt| self.vocab.id(alt.split(' ').next_back()?))
            .collect();
        let commonness = |w: u32| {
            common
                .iter()
                .position(|&c| c == w)
                .map_or(0.0, |p| 0.5 - 0.002 * p as f32)
        };
        let intent = Intent::default();
        let mut out: Vec<(f32, u32)> = self
            .key_range(key)
            .iter()
            .copied()
            .filter(|id| range.contains(id) && self.entries[*id as usize].billable)
            .map(|id| {
                let e = &self.entries[id as usize];
                let tokens = self.entry_tokens(e);
                let named = tokens
                    .iter()
                    .take(5)
                    .map(|t| commonness(t.word()))
                    .fold(0.0f32, f32::max);
                let score = self.pcs_axes(e, &intent) + named;
                (score - 0.01 * tokens.len() as f32, id)
            })
            .collect();
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        out
    }
}

/// How general an approach is when the query does not say.
fn approach_prior(c: char) -> f32 {
    match c {
        '0' => 0.3,
        '4' => 0.25,
        '3' => 0.2,
        '8' => 0.15,
        '7' | 'X' => 0.1,
        _ => 0.0,
    }
}

/// Each word of each alternative is a slot (at most 64); a title meets an
/// alternative when it has all its slots. Returns which slots each word
/// fills, and each concept's alternatives as slot masks.
fn slot_masks(concepts: &[Ids]) -> (FxHashMap<u32, u64>, Vec<Vec<u64>>) {
    let mut slots: FxHashMap<u32, u64> = FxHashMap::default();
    let mut alt_masks: Vec<Vec<u64>> = Vec::with_capacity(concepts.len());
    let mut slot = 0u32;
    for c in concepts {
        let mut masks = Vec::with_capacity(c.alts.len());
        for alt in &c.alts {
            let mut mask = 0u64;
            for ids in alt {
                if slot < 64 {
                    for &w in ids {
                        *slots.entry(w).or_default() |= 1 << slot;
                    }
                    mask |= 1 << slot;
                    slot += 1;
                } else {
                    mask = u64::MAX; // too many words: never met
                }
            }
            masks.push(mask);
        }
        alt_masks.push(masks);
    }
    (slots, alt_masks)
}
