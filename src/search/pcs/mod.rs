//! ICD-10-PCS query understanding: coders' procedure words, abbreviations,
//! suffixes and typos read as a partial PCS code (`intent.rs`, from the
//! vocabulary of `clinical.rs` and the definitions in `vocabulary.rs`), the
//! valid codes of the loaded PCS version scored against it (`score.rs`),
//! and the result fused with the word search's hits.
//!
//! The one hook into ranking is [`Index::with_pcs_intent`], called by
//! `rank::Index::search_query` on its hits: it returns them unchanged
//! unless PCS is searched and the query says something only a procedure
//! query says (an operation, approach, abbreviation or procedure word), or
//! is a bare PCS table prefix such as `0DT` (then the codes under it are
//! listed most general first instead of in code order).

mod clinical;
mod intent;
mod lexicon;
mod score;
mod vocabulary;

use rustc_hash::FxHashMap;

use self::intent::understand;
use self::vocabulary::vocabulary;
use super::index::Index;
use super::query::Query;
use super::rank::{Hit, SearchOptions};
use crate::domain::codes::CodeSystem;

/// Reciprocal-rank fusion constant: small, so the first places count most.
const FUSION_K: f32 = 2.0;

impl Index {
    /// Adds what the PCS reading of `query` finds to the word search's
    /// `hits` (the search-pcs hook; see the module documentation).
    pub(crate) fn with_pcs_intent(
        &self,
        query: &Query,
        opts: &SearchOptions,
        hits: Vec<Hit>,
    ) -> Vec<Hit> {
        let Some(pos) = CodeSystem::ALL
            .iter()
            .position(|s| *s == CodeSystem::Icd10Pcs)
        else {
            return hits;
        };
        let range = self.system_ranges[pos].clone();
        let only_pcs = opts.systems == [CodeSystem::Icd10Pcs];
        if range.is_empty()
            || opts.limit == 0
            || !(opts.systems.is_empty() || opts.systems.contains(&CodeSystem::Icd10Pcs))
        {
            return hits;
        }
        if let [term] = query.terms.as_slice()
            && let Some(probe) = &term.code
        {
            if (3..7).contains(&probe.key.len()) && only_pcs {
                return self.pcs_prefix(&probe.key, range, opts, hits);
            }
            if probe.key.len() == 7 {
                return hits;
            }
        }
        // A negated term ("without mesh", "w/o contrast") keeps its
        // "without", which the reading's conventions look for.
        let words: Vec<String> = query
            .terms
            .iter()
            .flat_map(|t| {
                let without = t.negated.then(|| "without".to_owned());
                // A sign (">96 hrs") has no words, only its reading
                // ("greater than"), which the durations look for.
                let sign = match (t.words.is_empty(), t.expansions.as_slice()) {
                    (true, [reading]) => reading.clone(),
                    _ => Vec::new(),
                };
                without
                    .into_iter()
                    .chain(sign)
                    .chain(t.words.iter().cloned())
            })
            .collect();
        let intent = understand(&words, vocabulary(), &|w| self.vocab.id(w).is_some());
        if !intent.procedural || !intent.derived || (!only_pcs && intent.ops.is_empty()) {
            return hits;
        }
        let (mine, complete) = self.pcs_scored(&intent, range, opts.limit.max(10));
        let weight = match (only_pcs, complete) {
            (false, _) => 0.5,
            (true, true) => 2.0,
            // Ties go to the reading, which knew something the titles do
            // not say.
            (true, false) => 1.05,
        };
        self.fuse(hits, &mine, weight, opts.limit)
    }

    /// Reciprocal-rank fusion of the word search's hits and the PCS
    /// reading's entries (weighted by how much of the query it explained).
    fn fuse(&self, hits: Vec<Hit>, mine: &[(f32, u32)], weight: f32, limit: usize) -> Vec<Hit> {
        let mut fused: FxHashMap<String, (f32, Option<Hit>, Option<u32>)> = FxHashMap::default();
        let mut order = Vec::new();
        for (rank, hit) in hits.into_iter().enumerate() {
            let score = 1.0 / (FUSION_K + rank as f32 + 1.0);
            order.push(hit.code.clone());
            fused.insert(hit.code.clone(), (score, Some(hit), None));
        }
        for (rank, &(_, id)) in mine.iter().enumerate() {
            let score = weight / (FUSION_K + rank as f32 + 1.0);
            let code = self.str(self.entries[id as usize].code).to_owned();
            let slot = fused.entry(code.clone()).or_insert_with(|| {
                order.push(code);
                (0.0, None, Some(id))
            });
            slot.0 += score;
        }
        let mut out: Vec<(f32, usize, Hit)> = order
            .iter()
            .enumerate()
            .filter_map(|(i, code)| {
                let (score, hit, id) = fused.remove(code)?;
                let hit = hit.or_else(|| id.map(|id| self.pcs_hit(id, score)))?;
                Some((score, i, hit))
            })
            .collect();
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        out.truncate(limit);
        out.into_iter()
            .map(|(score, _, mut hit)| {
                hit.score = (score * 1000.0).round() / 1000.0;
                hit
            })
            .collect()
    }

    /// A bare PCS prefix: the headers the word search found, then the valid
    /// codes under the prefix, most general first.
    fn pcs_prefix(
        &self,
        key: &str,
        range: std::ops::Range<u32>,
        opts: &SearchOptions,
        hits: Vec<Hit>,
    ) -> Vec<Hit> {
        let mut ranked = self.pcs_general_first(key, range);
        if ranked.is_empty() {
            return hits;
        }
        let mut out: Vec<Hit> = hits.into_iter().filter(|h| !h.billable).collect();
        out.truncate(opts.limit.min(1));
        ranked.truncate(opts.limit.saturating_sub(out.len()));
        out.extend(
            ranked
                .into_iter()
                .map(|(score, id)| self.pcs_hit(id, score)),
        );
        out
    }

    /// The result record of a PCS entry found by its reading.
    fn pcs_hit(&self, id: u32, score: f32) -> Hit {
        let e = &self.entries[id as usize];
        Hit {
            system: e.system,
            code: self.str(e.code).to_owned(),
            title: self.str(e.title).to_owned(),
            billable: e.billable,
            kind: e.kind,
            score: (score * 1000.0).round() / 1000.0,
            matched: Vec::new(),
            valid_on_date: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::{CodeKind, CodeSystem};
    use crate::search::{Index, SearchOptions};
    use crate::store::code_tables::IndexableCode;

    fn index() -> Index {
        let codes = [
            ("0DTJ0ZZ", "Resection of Appendix, Open Approach"),
            (
                "0DTJ4ZZ",
                "Resection of Appendix, Percutaneous Endoscopic Approach",
            ),
            ("0DBJ0ZZ", "Excision of Appendix, Open Approach"),
            ("0DBJ0ZX", "Excision of Appendix, Open Approach, Diagnostic"),
            ("0HBU0ZZ", "Excision of Left Breast, Open Approach"),
            ("0HBT0ZZ", "Excision of Right Breast, Open Approach"),
            ("0HTU0ZZ", "Resection of Left Breast, Open Approach"),
            (
                "0DJD8ZZ",
                "Inspection of Lower Intestinal Tract, Via Natural or Artificial Opening Endoscopic",
            ),
            (
                "0DJD4ZZ",
                "Inspection of Lower Intestinal Tract, Percutaneous Endoscopic Approach",
            ),
            ("0DTN0ZZ", "Resection of Sigmoid Colon, Open Approach"),
            ("0DT10ZZ", "Resection of Upper Esophagus, Open Approach"),
            (
                "0DT14ZZ",
                "Resection of Upper Esophagus, Percutaneous Endoscopic Approach",
            ),
        ];
        let list = codes
            .iter()
            .map(|(c, t)| IndexableCode {
                code: (*c).into(),
                kind: CodeKind::Code,
                billable: true,
                title: (*t).into(),
                terms: Vec::new(),
                valid_until: None,
            })
            .collect();
        Index::build(vec![(CodeSystem::Icd10Pcs, list)])
    }

    fn top(index: &Index, q: &str) -> Vec<String> {
        let opts = SearchOptions {
            systems: vec![CodeSystem::Icd10Pcs],
            limit: 3,
            ..SearchOptions::default()
        };
        index.search(q, &opts).into_iter().map(|h| h.code).collect()
    }

    #[test]
    fn procedure_words_find_codes_their_titles_do_not_say() {
        let i = index();
        assert_eq!(top(&i, "lumpectomy left breast")[0], "0HBU0ZZ");
        assert_eq!(top(&i, "lap appendectomy")[0], "0DTJ4ZZ");
        assert_eq!(top(&i, "appendectmy")[0], "0DTJ0ZZ");
        assert_eq!(top(&i, "colonoscopy")[0], "0DJD8ZZ");
        assert_eq!(top(&i, "appendix biopsy")[0], "0DBJ0ZX");
    }

    #[test]
    fn a_bare_table_prefix_lists_the_codes_coders_mean_first() {
        let i = index();
        let listed = top(&i, "0DT");
        assert_eq!(listed[0], "0DTJ0ZZ");
        // Codes some coders' term leads to (appendectomy, lap appy,
        // Hartmann's) before the rest (upper esophagus).
        assert!(!listed.iter().any(|c| c.starts_with("0DT1")), "{listed:?}");
        assert_eq!(top(&i, "0DTJ4ZZ")[0], "0DTJ4ZZ");
    }

    #[test]
    fn other_systems_and_plain_words_are_left_alone() {
        let i = index();
        let opts = SearchOptions {
            systems: vec![CodeSystem::Icd10Cm],
            ..SearchOptions::default()
        };
        assert!(i.search("appendectomy", &opts).is_empty());
        assert!(top(&i, "zzzz qqqq").is_empty());
    }
}
