//! The work queue on PostgreSQL: list under row-level security; claim,
//! renew, release, hold, assign and mark audited through definer
//! functions (claims: `SELECT … FOR UPDATE SKIP LOCKED`, server time).

use super::*;

/// `Backend::charts` on PostgreSQL.
pub fn charts(
    _pg: &mut Postgres,
    _actor: &Actor,
    _filter: &ListFilter,
) -> Result<Vec<Chart>, WorkError> {
    Err(not_yet("charts"))
}

/// `Backend::claim` on PostgreSQL.
pub fn claim(
    _pg: &mut Postgres,
    _actor: &Actor,
    _request: &ClaimRequest,
) -> Result<Option<Chart>, WorkError> {
    Err(not_yet("claim"))
}

/// `Backend::renew` on PostgreSQL.
pub fn renew(_pg: &mut Postgres, _actor: &Actor, _chart: &ChartRef) -> Result<Chart, WorkError> {
    Err(not_yet("renew"))
}

/// `Backend::release` on PostgreSQL.
pub fn release(_pg: &mut Postgres, _actor: &Actor, _chart: &ChartRef) -> Result<Chart, WorkError> {
    Err(not_yet("release"))
}

/// `Backend::hold` on PostgreSQL.
pub fn hold(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _reason: &str,
) -> Result<Chart, WorkError> {
    Err(not_yet("hold"))
}

/// `Backend::assign_to` on PostgreSQL.
pub fn assign_to(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _login: &str,
) -> Result<Chart, WorkError> {
    Err(not_yet("assign_to"))
}

/// `Backend::mark_audited` on PostgreSQL.
pub fn mark_audited(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
) -> Result<Chart, WorkError> {
    Err(not_yet("mark_audited"))
}
