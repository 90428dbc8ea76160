//! The reports' reads (issue 15), split by report: [`productivity`],
//! [`backlog`], [`queries`]; and [`simulate`], the demo year's bulk
//! writer behind its demo-only clock.
//!
//! Productivity and holds read the tables migration 0016 keeps from the
//! audit log by trigger (`report_work`, `report_finalized`,
//! `report_hold`); the backlog reads the chart table (and the stored DRG);
//! provider queries read their own table. No query selects a patient
//! column: a report names coders, queues, encounter types, hold reasons
//! and providers, and counts.
//!
//! # Who sees which report (the access matrix's reports row)
//!
//! | report | coder | auditor, supervisor, admin |
//! |---|---|---|
//! | productivity | their own rows only (`--coder` someone else is refused) | everyone's |
//! | backlog and holds | refused | all queues |
//! | provider queries | refused | every provider |

pub mod backlog;
pub mod productivity;
pub mod queries;
pub mod simulate;

use rusqlite::Connection;

use super::WorkError;
use crate::domain::people::{Actor, Role};

/// What every report is filtered by: the period as UTC stamps
/// (`[start, end)`), a queue, a coder (login).
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub start: String,
    pub end: String,
    pub queue: Option<String>,
    pub coder: Option<String>,
}

/// The coder whose rows `actor` may see in a per-coder report: a coder
/// only themselves (asking for someone else is refused, naming
/// `--coder`); anyone above sees whoever `asked` names, or everyone. An
/// unknown login is refused, naming `--coder`.
pub(crate) fn coder_scope(
    conn: &Connection,
    actor: &Actor,
    asked: Option<&str>,
) -> Result<Option<String>, WorkError> {
    if let Some(login) = asked {
        let known: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM app_user WHERE login = ?1)")?
            .query_row([login], |r| r.get(0))?;
        if !known {
            return Err(WorkError::Invalid(format!(
                "--coder: no chartq user {}",
                crate::domain::text::single_line(login)
            )));
        }
    }
    if actor.is_at_least(Role::Auditor) {
        return Ok(asked.map(str::to_string));
    }
    match asked {
        Some(login) if login != actor.user.login => Err(WorkError::Forbidden(format!(
            "--coder: a coder sees only their own productivity, not {}",
            crate::domain::text::single_line(login)
        ))),
        _ => Ok(Some(actor.user.login.clone())),
    }
}

/// A report only auditors, supervisors and admins see.
pub(crate) fn require_overseer(actor: &Actor, report: &str) -> Result<(), WorkError> {
    actor.require(Role::Auditor, &format!("see the {report} report"))?;
    Ok(())
}

/// Refuses a queue no chart names (most likely a typo), naming `--queue`.
pub(crate) fn check_queue(conn: &Connection, queue: Option<&str>) -> Result<(), WorkError> {
    let Some(queue) = queue else { return Ok(()) };
    let known: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM chart WHERE queue = ?1)")?
        .query_row([queue], |r| r.get(0))?;
    if known {
        Ok(())
    } else {
        Err(WorkError::Invalid(format!(
            "--queue: no chart is in queue {}",
            crate::domain::text::single_line(queue)
        )))
    }
}
