//! Answering a query: resolve its terms against the vocabulary, find
//! candidates through the postings of the selective terms (or the code
//! range of a typed code), score each candidate on its forward word list,
//! and keep the best.
//!
//! Ranking, most important first:
//! 1. how much of the query the entry answers (a missing term costs 1, a
//!    missing connector such as "with" 0.5);
//! 2. billable codes above headers (unless asked otherwise);
//! 3. relevance: how well each term matched (exact word > abbreviation >
//!    word family > prefix > one-edit typo; title > inclusion term), how much
//!    of the title the query covers (so "htn" prefers the short, plain
//!    title), and whether the title starts with what was asked.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;

use super::abbreviations::Abbreviations;
use super::index::{Entry, Index};
use super::query::{Query, Term};
use super::vocab::TYPO_MIN_LEN;
use super::words::for_each_word;
use crate::domain::codes::{CodeKind, CodeSystem};

/// What to search and how much to return.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Systems to search; empty means all loaded.
    pub systems: Vec<CodeSystem>,
    /// Most hits returned.
    pub limit: usize,
    /// Return non-billable entries (chapters, sections, categories) too.
    pub include_headers: bool,
    /// Rank billable codes above headers that match as well.
    pub billable_first: bool,
    /// Leave out codes terminated before this date of service (HCPCS
    /// termination dates); `None` keeps them all.
    pub date_of_service: Option<NaiveDate>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            systems: Vec::new(),
            limit: 20,
            include_headers: true,
            billable_first: true,
            date_of_service: None,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub system: CodeSystem,
    /// As issued: `E11.22`, `0DTJ4ZZ`, `E0601`.
    pub code: String,
    pub title: String,
    pub billable: bool,
    pub kind: CodeKind,
    /// Higher is better; comparable within one result list only.
    pub score: f32,
    /// Byte ranges of `title` that matched, for highlighting.
    pub matched: Vec<Range<usize>>,
    /// False when the hit comes from a version that does not cover the
    /// date of service searched on (see [`super::dated`]): shown, marked,
    /// not assignable.
    pub valid_on_date: bool,
}

/// Candidates wanted before rarer terms stop being added (at least).
const CANDIDATES_WANTED: usize = 500;
/// Most candidates scored per search (split across the systems searched);
/// candidates are met in static-rank order, so the cut drops the least
/// likely ones.
const SCORE_LIMIT: usize = 2_500;
/// A term touching more entries than this (one typed letter) is not
/// marked posting by posting: every entry becomes a candidate and the scan
/// in static-rank order stops at `SCORE_LIMIT` matches, which is cheaper.
const SCAN_LIMIT: usize = 150_000;

/// Match qualities, by how a term met a word.
const Q_EXACT: f32 = 1.0;
const Q_EXPANSION: f32 = 0.95;
const Q_FAMILY: f32 = 0.85;
const Q_PHRASE: f32 = 0.9;
const Q_PREFIX: f32 = 0.8;
/// A prefix of one or two letters that is also an abbreviation ("pe",
/// "mi") most likely means the abbreviation, not every word it starts.
const Q_SHORT_PREFIX: f32 = 0.5;
const Q_TYPO: f32 = 0.7;
const Q_ABSENT: f32 = 0.5;
/// Score steps: each unit of missing query outweighs billable-first, which
/// outweighs any relevance (at most 3.2).
const MISSING_COST: f32 = 10.0;
const BILLABLE_BONUS: f32 = 4.0;
/// A term met only in an inclusion term counts for a little less.
const INCLUSION_FACTOR: f32 = 0.9;

/// A set of word ids: a few ranges (a prefix is one range).
#[derive(Debug, Clone, Default)]
struct WordSet(Vec<Range<u32>>);

impl WordSet {
    fn one(word: u32) -> WordSet {
        WordSet(std::iter::once(word..word + 1).collect())
    }

    fn contains(&self, w: u32) -> bool {
        self.0.iter().any(|r| r.contains(&w))
    }
}

/// One way a term can be met: every word set in `mask` present.
#[derive(Debug, Clone, Copy)]
struct Alt {
    mask: u64,
    quality: f32,
}

/// A term resolved against this index.
struct Resolved<'q> {
    term: &'q Term,
    sets: Vec<WordSet>,
    /// Best first.
    alts: Vec<Alt>,
    /// Entries whose code matches the typed code (ids into `by_key`).
    codes: &'q [u32],
    /// Penalty when the term is not met.
    weight: f32,
    /// Estimated number of entries the term touches.
    df: usize,
}

impl Index {
    /// Searches with the built-in abbreviation table.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Vec<Hit> {
        self.search_query(&Query::parse(query, Abbreviations::builtin()), opts)
    }

    /// Searches with an already parsed query.
    pub fn search_query(&self, query: &Query, opts: &SearchOptions) -> Vec<Hit> {
        let resolved: Vec<Resolved<'_>> = query
            .terms
            .iter()
            .map(|t| self.resolve(t))
            .filter(|r| !r.alts.is_empty() || !r.codes.is_empty() || r.term.names_modifier)
            .collect();
        if resolved.is_empty() || opts.limit == 0 {
            return Vec::new();
        }
        let ranges: Vec<Range<u32>> = CodeSystem::ALL
            .iter()
            .zip(&self.system_ranges)
            .filter(|(s, r)| !r.is_empty() && (opts.systems.is_empty() || opts.systems.contains(s)))
            .map(|(_, r)| r.clone())
            .collect();
        if ranges.is_empty() {
            return Vec::new();
        }
        let candidates =
            self.candidates(&resolved, &ranges, CANDIDATES_WANTED.max(opts.limit * 20));
        let lookup = WordLookup::new(&resolved, self.vocab.id("without"));
        let total_weight: f32 = resolved.iter().map(|r| r.weight).sum();
        let quota = SCORE_LIMIT / ranges.len();
        let in_force_on = opts
            .date_of_service
            .map_or(i32::MIN, |d| d.num_days_from_ce());
        let mut scratch = Scratch::default();
        let mut scored: Vec<(f32, u32)> = Vec::new();
        for range in &ranges {
            let mut taken = 0;
            let ids = candidates
                .iter()
                .flat_map(|layer| bits_in(layer, range.clone()));
            for id in ids {
                let e = &self.entries[id as usize];
                if e.valid_until < in_force_on || (!opts.include_headers && !reportable(e)) {
                    continue;
                }
                let Some(rel) = self.score(e, &resolved, &lookup, &mut scratch) else {
                    continue;
                };
                let billable = if opts.billable_first && reportable(e) {
                    BILLABLE_BONUS
                } else {
                    0.0
                };
                let score = MISSING_COST * (total_weight - rel.missing) + billable + rel.relevance;
                scored.push((score, id));
                taken += 1;
                if taken >= quota {
                    break;
                }
            }
        }
        let code_order = resolved.len() == 1 && !resolved[0].codes.is_empty();
        let better = |a: &(f32, u32), b: &(f32, u32)| {
            b.0.total_cmp(&a.0).then_with(|| {
                if code_order {
                    let key = |id: u32| self.str(self.entries[id as usize].key);
                    key(a.1).cmp(key(b.1)).then(a.1.cmp(&b.1))
                } else {
                    a.1.cmp(&b.1)
                }
            })
        };
        if scored.len() > opts.limit {
            scored.select_nth_unstable_by(opts.limit - 1, better);
            scored.truncate(opts.limit);
        }
        scored.sort_by(better);
        scored
            .into_iter()
            .map(|(score, id)| self.hit(id, score, &resolved))
            .collect()
    }

    /// Turns a term into word sets and ways to meet it.
    fn resolve<'q>(&'q self, term: &'q Term) -> Resolved<'q> {
        let mut sets: Vec<WordSet> = Vec::new();
        let mut alts: Vec<Alt> = Vec::new();
        let mut add = |sets_of_alt: Vec<WordSet>, quality: f32| {
            if sets_of_alt.is_empty() || sets_of_alt.iter().any(|s| s.0.is_empty()) {
                return;
            }
            if sets.len() + sets_of_alt.len() > 64 {
                return;
            }
            let mut mask = 0;
            for s in sets_of_alt {
                mask |= 1u64 << sets.len();
                sets.push(s);
            }
            alts.push(Alt { mask, quality });
        };
        if let [word] = term.words.as_slice() {
            let exact = self.vocab.id(word);
            if let Some(id) = exact {
                add(vec![WordSet::one(id)], Q_EXACT);
            }
            let family = self.vocab.family(word);
            if !family.is_empty() {
                add(
                    vec![WordSet(family.iter().map(|&i| i..i + 1).collect())],
                    Q_FAMILY,
                );
            }
            if word.len() >= 3 || term.being_typed {
                let range = self.vocab.prefix_range(word);
                if range.len() > usize::from(exact.is_some()) {
                    let quality = if word.len() < 3 && !term.expansions.is_empty() {
                        Q_SHORT_PREFIX
                    } else {
                        Q_PREFIX
                    };
                    add(vec![WordSet(std::iter::once(range).collect())], quality);
                }
            }
            if exact.is_none() && word.len() >= TYPO_MIN_LEN {
                let near = self.vocab.within_one_edit(word);
                add(
                    vec![WordSet(near.iter().map(|&i| i..i + 1).collect())],
                    Q_TYPO,
                );
            }
        } else if !term.words.is_empty() {
            let last = term.words.len() - 1;
            let phrase = term
                .words
                .iter()
                .enumerate()
                .map(|(i, w)| match self.vocab.id(w) {
                    Some(id) if i < last || !term.being_typed => WordSet::one(id),
                    _ => WordSet(std::iter::once(self.vocab.prefix_range(w)).collect()),
                })
                .collect();
            add(phrase, Q_PHRASE);
        }
        for expansion in &term.expansions {
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
            add(exact, Q_EXPANSION);
            if widened {
                add(family, Q_EXPANSION * Q_FAMILY);
            }
        }
        alts.sort_by(|a, b| b.quality.total_cmp(&a.quality));
        let codes = match &term.code {
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
        };
        let df = alts
            .iter()
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
            + codes.len();
        Resolved {
            term,
            sets,
            alts,
            codes,
            weight: if term.connector { 0.5 } else { 1.0 },
            df,
        }
    }

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
    fn candidates(
        &self,
        resolved: &[Resolved<'_>],
        ranges: &[Range<u32>],
        wanted: usize,
    ) -> Vec<Vec<u64>> {
        let words = self.entries.len().div_ceil(64);
        let mut union = vec![0u64; words];
        let mut layers = Vec::new();
        let mut order: Vec<&Resolved<'_>> = resolved.iter().collect();
        order.sort_by_key(|r| (r.term.negated, r.term.connector, r.df));
        for (i, r) in order.iter().enumerate() {
            // Entries that only say "with", or only lack a "w/o" word, are
            // no answer: such terms never find candidates on their own.
            let weak = r.term.connector || r.term.negated;
            if i > 0 && (weak || count_in(&union, ranges) >= wanted) {
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

    /// Scores one candidate; `None` when it meets no term at all.
    fn score(
        &self,
        e: &Entry,
        resolved: &[Resolved<'_>],
        lookup: &WordLookup,
        scratch: &mut Scratch,
    ) -> Option<Relevance> {
        let tokens = self.entry_tokens(e);
        let Scratch { matched, hits } = scratch;
        matched.clear();
        matched.resize(tokens.len(), false);
        hits.clear();
        hits.resize(resolved.len(), TermHits::default());
        let mut previous = None;
        for (i, t) in tokens.iter().enumerate() {
            let w = t.word();
            lookup.each(w, |term, mask| {
                let h = &mut hits[term];
                h.any |= mask;
                if t.field() == 0 {
                    h.title |= mask;
                }
                h.after_without |= previous.is_some() && previous == lookup.without;
                matched[i] = true;
            });
            previous = Some(w);
        }
        let key = self.str(e.key);
        let mut missing = 0.0;
        let mut quality_sum = 0.0;
        let mut met_any = false;
        let mut code_coverage: f32 = 0.0;
        for (r, h) in resolved.iter().zip(hits.iter()) {
            let (hit, title_hit, after_without) = (h.any, h.title, h.after_without);
            let mut quality = r.alts.iter().find(|a| a.mask & hit == a.mask).map(|a| {
                if a.mask & title_hit == a.mask {
                    a.quality
                } else {
                    a.quality * INCLUSION_FACTOR
                }
            });
            if let Some(probe) = &r.term.code
                && key.starts_with(probe.key.as_str())
                && (!probe.exact_only || key.len() == probe.key.len())
            {
                let exact = key.len() == probe.key.len();
                quality = Some(quality.unwrap_or(0.0).max(if exact { 1.0 } else { 0.95 }));
                code_coverage = code_coverage.max(probe.key.len() as f32 / key.len() as f32);
            }
            if r.term.names_modifier && e.kind == CodeKind::Modifier {
                quality = Some(Q_EXACT);
            }
            if r.term.negated {
                match quality {
                    Some(_) if after_without => quality_sum += Q_EXACT,
                    Some(_) => missing += r.weight,
                    None => quality_sum += Q_ABSENT,
                }
                continue;
            }
            match quality {
                Some(q) => {
                    quality_sum += q;
                    met_any = true;
                }
                None => missing += r.weight,
            }
        }
        if !met_any {
            return None;
        }
        let coverage = self.coverage(tokens, matched).max(code_coverage);
        let leads = tokens
            .iter()
            .position(|t| !t.nonessential() && !self.filler[t.word() as usize])
            .is_some_and(|i| matched[i] && tokens[i].field() == 0);
        Some(Relevance {
            missing,
            relevance: 2.0 * quality_sum / resolved.len() as f32
                + coverage
                + if leads { 0.2 } else { 0.0 },
        })
    }

    /// The best share of one field's essential words that the query met
    /// (title counted in full, inclusion terms a little less).
    fn coverage(&self, tokens: &[super::index::Token], matched: &[bool]) -> f32 {
        let mut best: f32 = 0.0;
        let mut field = u32::MAX;
        let (mut core, mut met, mut any) = (0u32, 0u32, false);
        let mut finish = |field: u32, core: u32, met: u32, any: bool| {
            let share = if core == 0 {
                if any { 1.0 } else { 0.0 }
            } else {
                met as f32 / core as f32
            };
            let factor = if field == 0 { 1.0 } else { INCLUSION_FACTOR };
            best = best.max(share * factor);
        };
        for (t, &m) in tokens.iter().zip(matched) {
            if t.field() != field {
                if field != u32::MAX {
                    finish(field, core, met, any);
                }
                field = t.field();
                (core, met, any) = (0, 0, false);
            }
            any |= m;
            if !t.nonessential() && !self.filler[t.word() as usize] {
                core += 1;
                met += u32::from(m);
            }
        }
        if field != u32::MAX {
            finish(field, core, met, any);
        }
        best
    }

    /// Builds the result record with highlight ranges.
    fn hit(&self, id: u32, score: f32, resolved: &[Resolved<'_>]) -> Hit {
        let e = &self.entries[id as usize];
        let title = self.str(e.title).to_owned();
        let mut matched = Vec::new();
        for_each_word(&title, |w, span| {
            let Some(word) = self.vocab.id(w) else { return };
            for r in resolved {
                if !r.sets.iter().any(|s| s.contains(word)) {
                    continue;
                }
                let typed = r.term.words.iter().find(|t| w.starts_with(t.as_str()));
                let original = &title[span.start..span.end];
                let end = match typed {
                    Some(t) if t.len() < w.len() && original.len() == w.len() => {
                        span.start + t.len()
                    }
                    _ => span.end,
                };
                matched.push(span.start..end);
                return;
            }
        });
        Hit {
            system: e.system,
            code: self.str(e.code).to_owned(),
            title,
            billable: e.billable,
            kind: e.kind,
            score: (score * 1000.0).round() / 1000.0,
            matched,
            valid_on_date: true,
        }
    }
}

/// Which word sets of which terms each word belongs to, built once per
/// query so that scoring a candidate costs one look-up per word.
struct WordLookup {
    /// Word id → (term index, set bit) for sets of a few words.
    single: FxHashMap<u32, Vec<(usize, u64)>>,
    /// Wide ranges (prefixes of short typed words).
    wide: Vec<(Range<u32>, usize, u64)>,
    without: Option<u32>,
}

impl WordLookup {
    fn new(resolved: &[Resolved<'_>], without: Option<u32>) -> WordLookup {
        let mut lookup = WordLookup {
            single: FxHashMap::default(),
            wide: Vec::new(),
            without,
        };
        for (term, r) in resolved.iter().enumerate() {
            for (b, set) in r.sets.iter().enumerate() {
                for range in &set.0 {
                    if range.len() <= 16 {
                        for w in range.clone() {
                            lookup.single.entry(w).or_default().push((term, 1 << b));
                        }
                    } else {
                        lookup.wide.push((range.clone(), term, 1 << b));
                    }
                }
            }
        }
        lookup
    }

    fn each(&self, word: u32, mut f: impl FnMut(usize, u64)) {
        if let Some(found) = self.single.get(&word) {
            for &(term, mask) in found {
                f(term, mask);
            }
        }
        for (range, term, mask) in &self.wide {
            if range.contains(&word) {
                f(*term, *mask);
            }
        }
    }
}

/// Per-term word-set hits of one candidate.
#[derive(Debug, Clone, Copy, Default)]
struct TermHits {
    any: u64,
    title: u64,
    /// A hit right after the word "without" (for "w/o" terms).
    after_without: bool,
}

/// Buffers reused across candidates.
#[derive(Default)]
struct Scratch {
    matched: Vec<bool>,
    hits: Vec<TermHits>,
}

/// Billable codes and modifiers are what a coder reports; chapters,
/// sections and categories are headers.
fn reportable(e: &Entry) -> bool {
    e.billable || e.kind == CodeKind::Modifier
}

struct Relevance {
    missing: f32,
    relevance: f32,
}

/// How many bits are set within `ranges`.
fn count_in(bits: &[u64], ranges: &[Range<u32>]) -> usize {
    ranges
        .iter()
        .map(|r| bits_in(bits, r.clone()).count())
        .sum()
}

/// Set bits of `bits` within `range`, ascending.
fn bits_in(bits: &[u64], range: Range<u32>) -> impl Iterator<Item = u32> + '_ {
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
