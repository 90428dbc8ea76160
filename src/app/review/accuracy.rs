//! The accuracy report, computed from closed reviews (the formulas are in
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

use crate::domain::chart::EncounterType;
use crate::domain::coding::CodeRole;
use crate::domain::people::Actor;
use crate::domain::review::{Decision, ReasonCategory, RebuttalStatus};
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::review::{AccuracyFilter, CodeLine, ReviewCode, ReviewFacts};

/// Agreed out of a total; the rate is `None` when nothing was counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    pub agreed: u64,
    pub total: u64,
}

impl Ratio {
    /// The share agreed, in percent.
    pub fn percent(self) -> Option<f64> {
        (self.total > 0).then(|| 100.0 * self.agreed as f64 / self.total as f64)
    }
    fn count(&mut self, agreed: bool) {
        self.total += 1;
        self.agreed += u64::from(agreed);
    }
}

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

/// The report over the closed reviews `filter` selects (a coder: their own).
pub fn report(
    backend: &dyn Backend,
    actor: &Actor,
    filter: &AccuracyFilter,
) -> Result<AccuracyReport, WorkError> {
    Ok(compute(&backend.accuracy_facts(actor, filter)?))
}

/// The report over `facts` (pure).
pub fn compute(facts: &[ReviewFacts]) -> AccuracyReport {
    let mut coders: BTreeMap<String, Vec<&ReviewFacts>> = BTreeMap::new();
    let mut queues: BTreeMap<String, Vec<&ReviewFacts>> = BTreeMap::new();
    let mut months: BTreeMap<String, Vec<&ReviewFacts>> = BTreeMap::new();
    for f in facts {
        let coder = f.coder.clone().unwrap_or_else(|| "-".into());
        coders.entry(coder).or_default().push(f);
        queues.entry(f.queue.clone()).or_default().push(f);
        months
            .entry(f.finalized.format("%Y-%m").to_string())
            .or_default()
            .push(f);
    }
    let lines = |groups: BTreeMap<String, Vec<&ReviewFacts>>| {
        groups
            .into_iter()
            .map(|(g, fs)| line(g, fs.into_iter()))
            .collect()
    };
    AccuracyReport {
        reviews: facts.len(),
        all: line("all".into(), facts.iter()),
        by_coder: lines(coders),
        by_queue: lines(queues),
        by_period: lines(months),
    }
}

/// The coder's code stands: agreed, or changed in its POA only.
fn code_stands(c: &ReviewCode) -> bool {
    match (c.decision, &c.original, &c.reviewed) {
        (Some(Decision::Agree), _, _) => true,
        (Some(Decision::Change), Some(o), Some(r)) => {
            same_code(o, r) && o.role == r.role && o.modifiers == r.modifiers
        }
        _ => false,
    }
}

fn same_code(a: &CodeLine, b: &CodeLine) -> bool {
    a.system == b.system && a.code == b.code
}

fn line<'a>(group: String, facts: impl Iterator<Item = &'a ReviewFacts>) -> AccuracyLine {
    let mut l = AccuracyLine {
        group,
        ..AccuracyLine::default()
    };
    let mut reasons: BTreeMap<ReasonCategory, u64> = BTreeMap::new();
    for f in facts {
        let accepted = f.rebuttal == Some(RebuttalStatus::Accepted);
        let inpatient = f.encounter_type == EncounterType::Inpatient;
        let mut unchanged = true;
        for c in &f.codes {
            // An accepted rebuttal: the coder's codes stand, added ones go.
            let (side, stands) = match (&c.original, accepted) {
                (Some(o), true) => (o, true),
                (None, true) => continue,
                (Some(o), false) => (o, code_stands(c)),
                (None, false) => match &c.reviewed {
                    Some(r) => (r, false),
                    None => continue,
                },
            };
            let ratio = match side.role {
                CodeRole::Principal => &mut l.principal,
                CodeRole::Procedure => &mut l.procedures,
                _ => &mut l.secondary,
            };
            ratio.count(stands);
            l.codes.count(stands);
            if inpatient && side.system.is_diagnosis() {
                let kept = accepted
                    || (c.original.is_some()
                        && c.reviewed.as_ref().is_some_and(|r| r.poa == side.poa));
                l.poa.count(kept);
            }
            if !accepted && c.decision != Some(Decision::Agree) {
                unchanged = false;
                if let Some(r) = c.reason {
                    *reasons.entry(r).or_default() += 1;
                }
            }
        }
        l.charts.count(unchanged);
        if let Some(original) = &f.original_drg {
            let reviewed = if accepted {
                Some(original)
            } else {
                f.reviewed_drg.as_ref()
            };
            l.drg.count(reviewed.is_some_and(|r| r.drg == original.drg));
            if let (Some(r), Some(ow)) = (reviewed.and_then(|r| r.weight), original.weight) {
                l.weight_difference +=
                    i64::from(r.ten_thousandths()) - i64::from(ow.ten_thousandths());
            }
        }
    }
    let mut reasons: Vec<(ReasonCategory, u64)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
    l.reasons = reasons;
    l
}
