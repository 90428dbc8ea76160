//! A chart whole: shown (an audited view of its documents, codes, queries
//! and history) or refreshed after a change (not audited again).

use crate::domain::chart::ChartRef;
use crate::domain::people::Actor;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::chart_detail::ChartDetail;

/// The whole chart, as `chart show` prints it and the TUI opens it; the
/// view is audited.
pub fn show(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<ChartDetail, WorkError> {
    backend.show(actor, chart)
}

/// The chart's state, codes and queries again, after a change the viewer
/// made (not a new view, so not audited).
pub fn refresh(
    backend: &dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<ChartDetail, WorkError> {
    backend.reload(actor, chart)
}
