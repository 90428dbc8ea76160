//! The audit log on PostgreSQL: events under row-level security, the
//! chain's head and its verification (chain written server-side).

use super::*;

/// `Backend::audit_events` on PostgreSQL.
pub fn audit_events(
    _pg: &Postgres,
    _actor: &Actor,
    _filter: &AuditFilter,
) -> Result<Vec<AuditEvent>, WorkError> {
    Err(not_yet("audit_events"))
}

/// `Backend::audit_head` on PostgreSQL.
pub fn audit_head(_pg: &Postgres, _actor: &Actor) -> Result<Option<Head>, WorkError> {
    Err(not_yet("audit_head"))
}

/// `Backend::audit_verify` on PostgreSQL.
pub fn audit_verify(
    _pg: &Postgres,
    _actor: &Actor,
    _anchors: &[Head],
) -> Result<Verification, WorkError> {
    Err(not_yet("audit_verify"))
}
