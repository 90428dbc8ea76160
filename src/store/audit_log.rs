//! Reading the audit log: who may (auditors, supervisors, admins) and, for
//! a chart filter, whether they may see that chart. Kept apart from
//! `audit` (recording, which every table module calls) so recording does
//! not depend on the access rules, which depend on the chart tables.

use chrono::NaiveDate;

use super::audit::{self, AuditEvent};
use super::{Store, WorkError, access};
use crate::domain::chart::ChartRef;
use crate::domain::people::Actor;
use crate::domain::people::Role;

/// Which events to list. All filters combine.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this chart's events.
    pub chart: Option<ChartRef>,
    pub user: Option<String>,
    pub since: Option<NaiveDate>,
    /// Newest events first, at most this many (0 = all).
    pub limit: usize,
}

/// Lists events (auditors, supervisors and admins), oldest first.
pub fn list(
    store: &Store,
    actor: &Actor,
    filter: &AuditFilter,
) -> Result<Vec<AuditEvent>, WorkError> {
    actor.require(Role::Auditor, "reading the audit log")?;
    store.read(|c| {
        let chart_id = filter
            .chart
            .as_ref()
            .map(|key| access::resolve(c, actor, key))
            .transpose()?;
        audit::query(
            c,
            chart_id,
            filter.user.as_deref(),
            filter.since.map(|d| d.to_string()),
            filter.limit,
        )
    })
}
