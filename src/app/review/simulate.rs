//! A simulated auditor for the demo's year of a department: it works the
//! open reviews the plans sampled, with realistic outcomes — most codes
//! agreed, some POA indicators corrected on inpatient diagnoses, some
//! secondary diagnoses deleted as unsupported — decided by a seed, so a
//! demo replays. Everything goes through the same use cases and seam as
//! a person's review (leases, audit events, the DRG re-grouped).

use std::time::Duration;

use serde::Serialize;

use crate::domain::chart::{ChartId, ChartRef, EncounterType};
use crate::domain::coding::{CodeRole, Poa};
use crate::domain::people::Actor;
use crate::domain::review::ReasonCategory;
use crate::domain::review::sampling::draw;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::review::{CodeEdit, ReviewChange, ReviewDecision, ReviewFilter};

/// What the simulated auditor did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Simulated {
    pub reviewed: usize,
    /// Reviews that changed at least one code.
    pub changed: usize,
}

/// Out of 100 draws per code: below this the auditor agrees.
const AGREE_BELOW: u64 = 90;
/// Then up to this a POA indicator is corrected (inpatient diagnoses with
/// one); above it a secondary diagnosis is deleted as unsupported.
const POA_BELOW: u64 = 95;

/// Reviews up to `limit` open reviews (0: all) as `auditor`, who never
/// gets a chart they coded (the seam refuses it; those are left open).
pub fn simulate(
    backend: &mut dyn Backend,
    auditor: &Actor,
    seed: u64,
    limit: usize,
) -> Result<Simulated, WorkError> {
    let filter = ReviewFilter {
        limit,
        ..ReviewFilter::default()
    };
    let open = backend.review_queue(auditor, &filter)?;
    let mut done = Simulated::default();
    for row in open {
        if row.coder.as_deref() == Some(&auditor.user.login) {
            continue;
        }
        let chart = ChartRef::Id(ChartId(row.chart_id));
        let Some(detail) =
            backend.claim_review(auditor, Some(&chart), Duration::from_secs(1800))?
        else {
            continue;
        };
        let chart_row = backend.reload(auditor, &chart)?;
        let inpatient = chart_row.chart.encounter_type == EncounterType::Inpatient;
        let mut changed = false;
        for (i, code) in detail.codes.iter().enumerate() {
            let Some(original) = &code.original else {
                continue;
            };
            let roll = draw(seed, row.chart_id * 100 + i as i64) % 100;
            let flip = match original.poa {
                Some(Poa::Y) => Some(Poa::N),
                Some(Poa::N) => Some(Poa::Y),
                _ => None,
            };
            let (change, reason) = match roll {
                r if (AGREE_BELOW..POA_BELOW).contains(&r) && inpatient && flip.is_some() => (
                    ReviewChange::Change {
                        code: original.code.clone(),
                        to: CodeEdit {
                            poa: flip,
                            ..CodeEdit::default()
                        },
                    },
                    Some(ReasonCategory::Poa),
                ),
                r if r >= POA_BELOW && original.role == CodeRole::Secondary => (
                    ReviewChange::Delete {
                        code: original.code.clone(),
                    },
                    Some(ReasonCategory::Unsupported),
                ),
                _ => (
                    ReviewChange::Agree {
                        code: original.code.clone(),
                    },
                    None,
                ),
            };
            changed |= reason.is_some();
            let decision = ReviewDecision {
                change,
                reason,
                comment: None,
            };
            backend.decide_review(auditor, &chart, &decision)?;
        }
        super::close(backend, auditor, &chart)?;
        done.reviewed += 1;
        done.changed += usize::from(changed);
    }
    Ok(done)
}
