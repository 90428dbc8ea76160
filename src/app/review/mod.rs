//! Second-level review as use cases the CLI and the TUI both call: plans
//! and sampling a closed period (`plans.rs`), the auditor's review closed
//! with the DRG re-grouped over the reviewed codes (here), the accuracy
//! report (`accuracy.rs`) and a simulated auditor for the demo's year
//! (`simulate.rs`). Authorization and audit are the seam's
//! ([`crate::store::backend::ReviewStore`]).

use crate::app::coding_edits;
use crate::domain::chart::ChartRef;
use crate::domain::claim::Claim;
use crate::domain::drg::FinalDrg;
use crate::domain::edit::coding_fingerprint;
use crate::domain::people::Actor;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::review::ReviewRow;

pub mod accuracy;
pub mod plans;
pub mod simulate;

/// Closes the actor's review of `chart`: the reviewed codes are grouped
/// as finalize groups (the installed grouper for the discharge date) and
/// stored with them as the chart's final codes, its DRG beside the
/// original one; the chart becomes `audited`.
pub fn close(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<ReviewRow, WorkError> {
    let set = backend.reviewed_set(actor, chart)?;
    let claim = Claim::from_chart(&set.chart, &set.codes);
    let drg = FinalDrg::of(&coding_edits::group(&claim));
    let judged = coding_fingerprint(&set.codes);
    backend.close_review(actor, chart, &judged, drg.as_ref())
}
