//! The reports' reads behind the seam ([`ReportStore`], a supertrait of
//! [`super::Backend`]), with their SQLite implementation (the queries in
//! [`crate::store::reports`]); the offline backend's (refused with the
//! reason) is beside its other operations. Each read takes the actor and enforces the reports' row of
//! the access matrix (see [`crate::store::reports`]).

use chrono::NaiveDate;

use crate::domain::people::Actor;
use crate::store::reports::backlog::{self, BacklogCount};
use crate::store::reports::productivity::{self, ProductivityCounts};
use crate::store::reports::queries::{self, QueryFact};
use crate::store::reports::{ReportFilter, check_queue, coder_scope, require_overseer};
use crate::store::{Store, WorkError};

/// What the department's reports read.
pub trait ReportStore {
    /// Finalizes and worked seconds for `filter`; a coder's are scoped to
    /// themselves, an unknown `--coder` or `--queue` is refused.
    fn productivity_counts(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<ProductivityCounts, WorkError>;
    /// Backlog charts by queue and days since discharge as of `today`
    /// (auditors and up).
    fn backlog_counts(
        &self,
        actor: &Actor,
        today: NaiveDate,
        queue: Option<&str>,
    ) -> Result<Vec<BacklogCount>, WorkError>;
    /// Holds by reason: (reason, placed in the period, on hold now).
    fn hold_counts(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<Vec<(String, u64, u64)>, WorkError>;
    /// Provider queries sent in the period (auditors and up).
    fn queries_sent(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<Vec<QueryFact>, WorkError>;
}

impl ReportStore for Store {
    fn productivity_counts(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<ProductivityCounts, WorkError> {
        self.read(|c| {
            check_queue(c, filter.queue.as_deref())?;
            let coder = coder_scope(c, actor, filter.coder.as_deref())?;
            let scoped = ReportFilter {
                coder,
                ..filter.clone()
            };
            productivity::counts(c, &scoped)
        })
    }

    fn backlog_counts(
        &self,
        actor: &Actor,
        today: NaiveDate,
        queue: Option<&str>,
    ) -> Result<Vec<BacklogCount>, WorkError> {
        require_overseer(actor, "backlog")?;
        self.read(|c| {
            check_queue(c, queue)?;
            backlog::counts(c, &today.to_string(), queue)
        })
    }

    fn hold_counts(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<Vec<(String, u64, u64)>, WorkError> {
        require_overseer(actor, "holds")?;
        self.read(|c| {
            check_queue(c, filter.queue.as_deref())?;
            backlog::holds(c, filter)
        })
    }

    fn queries_sent(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<Vec<QueryFact>, WorkError> {
        require_overseer(actor, "provider queries")?;
        self.read(|c| {
            check_queue(c, filter.queue.as_deref())?;
            queries::sent(c, filter)
        })
    }
}
