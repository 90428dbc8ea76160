//! Answering a query: resolve its terms against the vocabulary
//! (`resolve.rs`), find candidates through the postings of the selective
//! terms or the code range of a typed code (`candidates.rs`), score each
//! candidate on its forward word list (`score.rs`), and keep the best.
//!
//! Ranking, most important first:
//! 1. how much of the query the entry answers (a missing term costs 1, a
//!    missing connector such as "with" 0.5, a missing preposition or
//!    article such as "in" 0.2);
//! 2. billable codes above headers (unless asked otherwise);
//! 3. relevance: how well each term matched (exact word > abbreviation >
//!    word family > prefix > one-edit typo; title > inclusion term), how much
//!    of the title the query covers (so "htn" prefers the short, plain
//!    title), and whether the title starts with what was asked.

mod anatomy;
mod candidates;
mod cause;
mod combo;
mod context;
mod coverage;
mod drug_event;
mod expand;
mod external;
mod external_words;
mod gestation;
mod intent;
mod lay_acts;
mod lay_compose;
mod lay_forms;
mod lay_person;
mod lay_states;
mod lay_story;
mod limb;
mod morph;
mod newborn;
mod resolve;
mod score;
mod screening;
mod siteless;
mod status;
mod vehicle_default;
mod zfactors;

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use self::candidates::bits_in;
use self::context::ChapterContext;
use self::intent::Intent;
use self::resolve::Resolved;
use self::score::{Scratch, WordLookup};
use super::abbreviations::Abbreviations;
use super::index::{Entry, Index};
use super::query::Query;
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
    /// date of service searched on (see [`crate::search::dated`]): shown,
    /// marked, not assignable.
    pub valid_on_date: bool,
}

/// Candidates wanted before rarer terms stop being added (at least).
const CANDIDATES_WANTED: usize = 500;
/// How deep the word search ranks before the PCS reading is fused with it
/// (its ranks then do not depend on how many hits the caller wants).
const FUSED_DEPTH: usize = 10;
/// Most candidates scored per search (split across the systems searched);
/// candidates are met in static-rank order, so the cut drops the least
/// likely ones.
const SCORE_LIMIT: usize = 2_500;
/// Score steps: each unit of missing query outweighs billable-first, which
/// outweighs any relevance (at most 3.2).
const MISSING_COST: f32 = 10.0;
const BILLABLE_BONUS: f32 = 4.0;

impl Index {
    /// Searches with the built-in abbreviation table.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Vec<Hit> {
        self.search_query(&Query::parse(query, Abbreviations::builtin()), opts)
    }

    /// Searches with an already parsed query.
    pub fn search_query(&self, query: &Query, opts: &SearchOptions) -> Vec<Hit> {
        // The word search looks at least FUSED_DEPTH deep, so that the PCS
        // reading fuses with the same word ranks whatever the limit (at
        // limit 1 the word search's second place was missing from the
        // fusion, and "adenoidectomy" put the open approach first at
        // limit 1 and the external one at limit 10).
        let deep = SearchOptions {
            limit: opts.limit.max(FUSED_DEPTH),
            ..opts.clone()
        };
        let words = if opts.limit == 0 {
            Vec::new()
        } else {
            self.search_words(query, &deep)
        };
        // search-pcs hook: the PCS reading of the query (src/search/pcs).
        let mut hits = self.with_pcs_intent(query, opts, words);
        hits.truncate(opts.limit);
        hits
    }

    /// The query's terms resolved to index words and read as a coder
    /// would: compounds, morphology, lay and status wording joined, then
    /// the words that name no code (a patient's "my", an age) dropped.
    /// Kept apart from `search_words` so each reading is one line here.
    fn read_terms<'q>(&'q self, query: &'q Query) -> Vec<Resolved<'q>> {
        let mut resolved: Vec<Resolved<'_>> = query.terms.iter().map(|t| self.resolve(t)).collect();
        self.join_compounds(&mut resolved);
        self.weeks_meet_trimesters(&mut resolved);
        self.join_morphology(&mut resolved);
        self.join_lay_words(&mut resolved);
        self.join_lay_forms(&mut resolved);
        self.join_lay_states(&mut resolved);
        self.join_lay_acts(&mut resolved);
        self.join_lay_story(&mut resolved);
        self.join_status_words(&mut resolved);
        self.join_screening_words(&mut resolved);
        lay_person::drop_person_words(&mut resolved);
        newborn::lighten_patient_words(&mut resolved);
        zfactors::drop_age_terms(&mut resolved);
        resolved.retain(|r| {
            !r.alts.is_empty()
                || !r.codes.is_empty()
                || r.term.names_modifier
                || r.term.dose.is_some()
                || zfactors::names_relative(r.term)
        });
        resolved
    }

    /// The word search: the query's terms met by the entries' words.
    fn search_words(&self, query: &Query, opts: &SearchOptions) -> Vec<Hit> {
        let resolved = self.read_terms(query);
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
        let intent = Intent::read(&query.terms);
        let lookup = WordLookup::new(&resolved, &self.vocab, intent, ChapterContext::read(self));
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
                // Headers are scored even when not shown: a matched one
                // brings its billable codes (`expand.rs`).
                if e.valid_until < in_force_on {
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
        self.prefer_encounter(&mut scored, intent);
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
        let keep = |scored: &mut Vec<(f32, u32)>| {
            if scored.len() > opts.limit {
                scored.select_nth_unstable_by(opts.limit - 1, better);
                scored.truncate(opts.limit);
            }
        };
        keep(&mut scored);
        if opts.billable_first || !opts.include_headers {
            self.bring_billable_below(&mut scored, &resolved, BILLABLE_BONUS, in_force_on);
            // The codes a header brought give way as its found codes did.
            self.prefer_encounter(&mut scored, intent);
        }
        if !opts.include_headers {
            scored.retain(|&(_, id)| reportable(&self.entries[id as usize]));
        }
        keep(&mut scored);
        scored.sort_by(better);
        scored
            .into_iter()
            .map(|(score, id)| self.hit(id, score, &resolved))
            .collect()
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

/// Billable codes and modifiers are what a coder reports; chapters,
/// sections and categories are headers.
fn reportable(e: &Entry) -> bool {
    e.billable || e.kind == CodeKind::Modifier
}
