//! The accuracy report, summed from closed reviews' tallies (the formulas
//! are applied per review by `domain::review::accuracy::Tally`, written in
//! docs/review-notes.md and tested on a hand-computed fixture):
//!
//! - code-level accuracy = codes agreed / (codes reviewed + codes added),
//!   separately for the principal diagnosis, secondary diagnoses (every
//!   other diagnosis role) and procedures, by the coder's role of the code
//!   (an added code by the auditor's). A code counts as agreed when the
//!   auditor agreed, or changed only its POA indicator (that counts
//!   against POA alone);
//! - POA accuracy (per diagnosis, inpatient charts) = diagnoses whose POA
//!   the review kept / (diagnoses reviewed + diagnoses added); a deleted
//!   or added diagnosis is not agreed;
//! - chart-level accuracy = charts with no change / charts reviewed;
//! - DRG change rate = charts whose DRG the review changed / reviewed
//!   inpatient charts that had a DRG, and the weight difference (reviewed
//!   minus original, summed and per such chart);
//! - the top reason categories of every decision that was not an agree.
//!
//! A rebuttal the auditor accepted restores the coder's codes: the review
//! then counts as if every code had been agreed (added codes dropped).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::people::Actor;
use crate::domain::review::ReasonCategory;
pub use crate::domain::review::accuracy::Ratio;
use crate::domain::review::accuracy::Tally;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::review::{AccuracyFilter, ReviewFacts, ReviewTally};

/// The accuracy of one group of reviews (everyone, a coder, a queue, a
/// month).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AccuracyLine {
    /// `all`, or the coder, queue or month (`2026-11`) it is for.
    pub group: String,
    /// Charts with no change out of charts reviewed.
    pub charts: Ratio,
    pub codes: Ratio,
    pub principal: Ratio,
    pub secondary: Ratio,
    pub procedures: Ratio,
    pub poa: Ratio,
    /// Reviewed inpatient charts with a DRG (`total`) and, of them, the
    /// ones whose DRG the review did not change (`agreed`).
    pub drg: Ratio,
    /// Reviewed minus original weight, summed, in ten-thousandths.
    pub weight_difference: i64,
    /// Decisions other than agree, by reason, most frequent first.
    pub reasons: Vec<(ReasonCategory, u64)>,
}

impl AccuracyLine {
    /// DRG change rate in percent.
    pub fn drg_change_percent(&self) -> Option<f64> {
        self.drg.percent().map(|p| 100.0 - p)
    }
    /// The mean weight difference per chart with a DRG.
    pub fn mean_weight_difference(&self) -> Option<f64> {
        (self.drg.total > 0)
            .then(|| self.weight_difference as f64 / 10_000.0 / self.drg.total as f64)
    }
}

/// The report: everyone, then per coder, per queue and per month.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AccuracyReport {
    pub reviews: usize,
    pub all: AccuracyLine,
    pub by_coder: Vec<AccuracyLine>,
    pub by_queue: Vec<AccuracyLine>,
    pub by_period: Vec<AccuracyLine>,
}

/// The report over the closed reviews `filter` selects (a coder: their
/// own), summed from each review's kept [`Tally`].
pub fn report(
    backend: &dyn Backend,
    actor: &Actor,
    filter: &AccuracyFilter,
) -> Result<AccuracyReport, WorkError> {
    Ok(sum(&backend.accuracy_tallies(actor, filter)?))
}

/// The report over `facts` (pure): each review tallied, then summed.
pub fn compute(facts: &[ReviewFacts]) -> AccuracyReport {
    let tallies: Vec<ReviewTally> = facts
        .iter()
        .map(|f| ReviewTally {
            review: f.review,
            coder: f.coder.clone(),
            queue: f.queue.clone(),
            finalized: f.finalized,
            tally: Tally::of(f),
        })
        .collect();
    sum(&tallies)
}

/// The report over reviews' tallies: everyone, per coder, queue and month.
pub fn sum(tallies: &[ReviewTally]) -> AccuracyReport {
    let mut all = Tally::default();
    let mut coders: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut queues: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut months: BTreeMap<String, Tally> = BTreeMap::new();
    for t in tallies {
        all.add(&t.tally);
        coders
            .entry(t.coder.as_deref().unwrap_or("-"))
            .or_default()
            .add(&t.tally);
        queues.entry(&t.queue).or_default().add(&t.tally);
        months
            .entry(t.finalized.format("%Y-%m").to_string())
            .or_default()
            .add(&t.tally);
    }
    let lines = |groups: BTreeMap<&str, Tally>| {
        groups
            .into_iter()
            .map(|(g, t)| line(g.to_string(), &t))
            .collect()
    };
    AccuracyReport {
        reviews: tallies.len(),
        all: line("all".into(), &all),
        by_coder: lines(coders),
        by_queue: lines(queues),
        by_period: months.into_iter().map(|(g, t)| line(g, &t)).collect(),
    }
}

fn line(group: String, t: &Tally) -> AccuracyLine {
    AccuracyLine {
        group,
        charts: t.charts,
        codes: t.codes,
        principal: t.principal,
        secondary: t.secondary,
        procedures: t.procedures,
        poa: t.poa,
        drg: t.drg,
        weight_difference: t.weight_difference,
        reasons: t.top_reasons(),
    }
}
