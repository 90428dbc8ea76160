//! What one closed review adds to the accuracy report, as pure counts (a
//! [`Tally`]): the formulas of issue 15 applied to a single review, so the
//! report over any group of reviews is the sum of their tallies. The store
//! keeps each closed review's tally beside it (written in the transaction
//! that closes the review or answers its rebuttal), and the report sums
//! those instead of reading every code again; the same function computes
//! both, so the kept sums cannot disagree with the hand computation.
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
//!   minus original, summed);
//! - the reason categories of every decision that was not an agree.
//!
//! A rebuttal the auditor accepted restores the coder's codes: the review
//! then counts as if every code had been agreed (added codes dropped).

use chrono::NaiveDate;
use serde::Serialize;

use super::{Decision, ReasonCategory, RebuttalStatus};
use crate::domain::chart::EncounterType;
use crate::domain::codes::CodeSystem;
use crate::domain::coding::{CodeRole, Poa};
use crate::domain::drg::FinalDrg;

/// One code of a review: the coder's (absent for an added code) and the
/// auditor's decision with the code as reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewCode {
    pub id: i64,
    pub original: Option<CodeLine>,
    pub decision: Option<Decision>,
    /// The code as reviewed (for agree: the original; none for delete).
    pub reviewed: Option<CodeLine>,
    pub reason: Option<ReasonCategory>,
    pub comment: Option<String>,
}

/// A code as one side coded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeLine {
    pub seq: i64,
    pub system: CodeSystem,
    pub code: String,
    pub title: String,
    pub role: CodeRole,
    pub poa: Option<Poa>,
    pub modifiers: Vec<String>,
}

/// One closed review as the report counts it. Never patient data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewFacts {
    pub review: i64,
    pub coder: Option<String>,
    pub queue: String,
    pub encounter_type: EncounterType,
    /// The day the chart was finalized, in the facility's time zone.
    pub finalized: NaiveDate,
    pub original_drg: Option<FinalDrg>,
    pub reviewed_drg: Option<FinalDrg>,
    pub rebuttal: Option<RebuttalStatus>,
    pub codes: Vec<ReviewCode>,
}

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
    fn add(&mut self, other: Ratio) {
        self.agreed += other.agreed;
        self.total += other.total;
    }
}

/// The counts one or more closed reviews add to the report; adding two
/// tallies is the tally of both groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
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
    /// Decisions other than agree, by reason, in [`ReasonCategory::ALL`]'s
    /// order.
    pub reasons: [u64; ReasonCategory::ALL.len()],
}

impl Tally {
    /// What one closed review counts.
    pub fn of(f: &ReviewFacts) -> Tally {
        let mut t = Tally::default();
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
                CodeRole::Principal => &mut t.principal,
                CodeRole::Procedure => &mut t.procedures,
                _ => &mut t.secondary,
            };
            ratio.count(stands);
            t.codes.count(stands);
            if inpatient && side.system.is_diagnosis() {
                let kept = accepted
                    || (c.original.is_some()
                        && c.reviewed.as_ref().is_some_and(|r| r.poa == side.poa));
                t.poa.count(kept);
            }
            if !accepted && c.decision != Some(Decision::Agree) {
                unchanged = false;
                if let Some(r) = c.reason {
                    t.reasons[reason_index(r)] += 1;
                }
            }
        }
        t.charts.count(unchanged);
        if let Some(original) = &f.original_drg {
            let reviewed = if accepted {
                Some(original)
            } else {
                f.reviewed_drg.as_ref()
            };
            t.drg.count(reviewed.is_some_and(|r| r.drg == original.drg));
            if let (Some(r), Some(ow)) = (reviewed.and_then(|r| r.weight), original.weight) {
                t.weight_difference +=
                    i64::from(r.ten_thousandths()) - i64::from(ow.ten_thousandths());
            }
        }
        t
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Tally) {
        for (a, b) in [
            (&mut self.charts, other.charts),
            (&mut self.codes, other.codes),
            (&mut self.principal, other.principal),
            (&mut self.secondary, other.secondary),
            (&mut self.procedures, other.procedures),
            (&mut self.poa, other.poa),
            (&mut self.drg, other.drg),
        ] {
            a.add(b);
        }
        self.weight_difference += other.weight_difference;
        for (a, b) in self.reasons.iter_mut().zip(other.reasons) {
            *a += b;
        }
    }

    /// The reasons counted, most frequent first (ties by name).
    pub fn top_reasons(&self) -> Vec<(ReasonCategory, u64)> {
        let mut reasons: Vec<(ReasonCategory, u64)> = ReasonCategory::ALL
            .into_iter()
            .zip(self.reasons)
            .filter(|(_, n)| *n > 0)
            .collect();
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
        reasons
    }
}

/// Where `r` is counted in [`Tally::reasons`].
pub fn reason_index(r: ReasonCategory) -> usize {
    ReasonCategory::ALL
        .iter()
        .position(|x| *x == r)
        .unwrap_or_default()
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
