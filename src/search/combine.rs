//! Combining indexes built apart (one per code system, as they are cached)
//! into the one index a search walks.
//!
//! The result is the index that building all systems together would give:
//! entries keep their per-system static-rank order, systems follow
//! [`CodeSystem::ALL`] (callers pass parts in that order), the vocabulary is
//! the sorted union, and postings and the code order are merged rather than
//! rebuilt, so combining costs a pass over the parts, not a rebuild.

use super::index::{Entry, Index, Span, filler_words};
use super::vocab::Vocab;

impl Index {
    /// Combines `parts` (in [`crate::domain::codes::CodeSystem::ALL`] order) into
    /// one index.
    pub(crate) fn combine(mut parts: Vec<Index>) -> Index {
        if parts.len() == 1 {
            return parts.pop().expect("one part");
        }
        let vocabs: Vec<&Vocab> = parts.iter().map(|p| &p.vocab).collect();
        let (vocab, word_maps) = Vocab::union(&vocabs);

        // The first part's arrays are kept and grown (its entries and text
        // stay where they are; only its word ids change).
        let first = &mut parts[0];
        let mut entries = std::mem::take(&mut first.entries);
        let mut strings = std::mem::take(&mut first.strings);
        let mut tokens = std::mem::take(&mut first.tokens);
        let mut system_ranges = first.system_ranges.clone();
        for t in &mut tokens {
            *t = t.with_word(word_maps[0][t.word() as usize]);
        }
        let rest = &parts[1..];
        entries.reserve(rest.iter().map(|p| p.entries.len()).sum());
        strings.reserve(rest.iter().map(|p| p.strings.len()).sum());
        tokens.reserve(rest.iter().map(|p| p.tokens.len()).sum());
        let mut entry_bases = vec![0];
        for (part, map) in rest.iter().zip(&word_maps[1..]) {
            let entry_base = entries.len() as u32;
            let string_base = strings.len() as u32;
            let token_base = tokens.len() as u32;
            entry_bases.push(entry_base);
            strings.push_str(&part.strings);
            tokens.extend(
                part.tokens
                    .iter()
                    .map(|t| t.with_word(map[t.word() as usize])),
            );
            let shift = |s: Span| Span {
                start: s.start + string_base,
                len: s.len,
            };
            entries.extend(part.entries.iter().map(|e| Entry {
                code: shift(e.code),
                key: shift(e.key),
                title: shift(e.title),
                tokens_start: e.tokens_start + token_base,
                ..e.clone()
            }));
            for (into, from) in system_ranges.iter_mut().zip(&part.system_ranges) {
                if from.is_empty() {
                    continue;
                }
                let from = from.start + entry_base..from.end + entry_base;
                *into = if into.start == into.end {
                    from
                } else {
                    into.start.min(from.start)..into.end.max(from.end)
                };
            }
        }

        // Postings of a word: each part's, in part order, shifted to the
        // part's entry ids (still ascending, as parts follow each other).
        let mut counts = vec![0u32; vocab.len() + 1];
        for (part, map) in parts.iter().zip(&word_maps) {
            for (old, &new) in map.iter().enumerate() {
                counts[new as usize + 1] += part.postings(old as u32).len() as u32;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let posting_starts = counts.clone();
        let mut posting_ids = vec![0u32; *counts.last().unwrap_or(&0) as usize];
        for ((part, map), &base) in parts.iter().zip(&word_maps).zip(&entry_bases) {
            for (old, &new) in map.iter().enumerate() {
                let at = &mut counts[new as usize];
                for &id in part.postings(old as u32) {
                    posting_ids[*at as usize] = id + base;
                    *at += 1;
                }
            }
        }

        let by_key = merge_by_key(&parts, &entry_bases, &entries, &strings);
        let filler = filler_words(&vocab);
        Index {
            entries,
            system_ranges,
            strings,
            tokens,
            vocab,
            posting_starts,
            posting_ids,
            by_key,
            filler,
            versions: parts.into_iter().flat_map(|p| p.versions).collect(),
        }
    }
}

/// The parts' code orders merged into one, by (lookup key, entry id): a
/// k-way merge of lists already sorted.
fn merge_by_key(parts: &[Index], bases: &[u32], entries: &[Entry], strings: &str) -> Vec<u32> {
    let key = |id: u32| {
        let s = entries[id as usize].key;
        &strings[s.start as usize..s.start as usize + s.len as usize]
    };
    let mut heads = vec![0usize; parts.len()];
    let mut merged = Vec::with_capacity(entries.len());
    loop {
        let next = parts
            .iter()
            .zip(bases)
            .enumerate()
            .filter_map(|(i, (p, &base))| p.by_key.get(heads[i]).map(|&id| (i, id + base)))
            .min_by(|a, b| key(a.1).cmp(key(b.1)).then(a.1.cmp(&b.1)));
        let Some((part, id)) = next else { break };
        merged.push(id);
        heads[part] += 1;
    }
    merged
}
