//! A chart whole, as `chart show` and the TUI's chart view read it: the
//! chart row, its documents, codes, provider queries and audit history.
//! A read model over the table modules (`charts`, `assignments`,
//! `provider_query`, `audit`), kept apart from them so none of those
//! imports another through it: the tables import `charts` for the chart
//! row; only this module gathers them all.

use serde::Serialize;

use super::audit::{self, AuditEvent};
use super::chart_drg::{self, ChartDrg};
use super::charts::{Document, documents, load};
use super::provider_query::{self, ProviderQuery};
use super::{Store, WorkError, access, assignments, queue};
use crate::domain::audit::AuditDetail;
use crate::domain::chart::{Chart, ChartRef};
use crate::domain::coding::Assignment;
use crate::domain::people::Actor;

/// Everything about one chart, for `chart show` and the TUI's chart view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartDetail {
    pub chart: Chart,
    pub documents: Vec<Document>,
    /// In sequence order.
    pub assignments: Vec<Assignment>,
    pub provider_queries: Vec<ProviderQuery>,
    /// The chart's audit events, oldest first (this view included).
    pub history: Vec<AuditEvent>,
    /// The MS-DRG it was finalized with (and the original one), if any.
    pub drg: Option<ChartDrg>,
}

/// Shows a chart whole. The view is an audit event (access log), and it
/// renews the lease when the viewer holds it.
pub fn show(store: &mut Store, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError> {
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::renew_if_holder(tx, actor, id)?;
        audit::record(tx, actor, Some(id), AuditDetail::ChartViewed {})?;
        Ok(ChartDetail {
            chart: load(tx, id)?,
            documents: documents(tx, id)?,
            assignments: assignments::load(tx, id)?,
            provider_queries: provider_query::for_chart(tx, id)?,
            history: audit::chart_history(tx, id)?,
            drg: chart_drg::load(tx, id)?,
        })
    })
}

/// A chart's current state, codes and provider queries, without its
/// documents or history and without an audit event: for a screen that
/// already showed the chart (`show`, audited) to redraw it after a change.
/// Refused like [`show`] for a chart the actor may not see.
pub fn reload(store: &Store, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError> {
    store.read(|c| {
        let id = access::resolve(c, actor, chart)?;
        Ok(ChartDetail {
            chart: load(c, id)?,
            documents: Vec::new(),
            assignments: assignments::load(c, id)?,
            provider_queries: provider_query::for_chart(c, id)?,
            history: Vec::new(),
            drg: chart_drg::load(c, id)?,
        })
    })
}
