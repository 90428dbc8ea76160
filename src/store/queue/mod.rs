//! The work queue: listing charts, claiming the best one under a lease,
//! renewing and releasing leases, holds, and supervisors' assignments.
//!
//! A claim is one `UPDATE ... WHERE id = (SELECT ... LIMIT 1)` inside a
//! `BEGIN IMMEDIATE` transaction: the pick and the take are one statement
//! under the write lock, so two processes never get the same chart. A lease
//! that runs out sends the chart back to `new` (swept at the next claim,
//! list or chart view, as an audit event by `system`; until then its
//! holder's renewals and changes are refused).

use std::time::Duration;

use rusqlite::{OptionalExtension, Transaction, params};

use super::charts::{self, CHART_COLUMNS};
use super::people;
use super::{Store, WorkError, access, audit, clock};
use crate::domain::audit::AuditDetail;
use crate::domain::chart::{Chart, ChartRef, Status};
use crate::domain::people::Actor;
use crate::domain::people::Role;
use crate::domain::text::single_line;

mod lease;
use lease::sweep_expired;
pub(crate) use lease::{
    expire_leases, open_queries, put_on_hold, renew_if_holder, require_holder, return_to_coder,
    state,
};

/// How long a claim lasts without activity by its holder.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(30 * 60);

/// The longest lease a claim may ask for: one day. A longer one would let a
/// chart sit locked away from the queue long after its coder went home.
pub const MAX_LEASE: Duration = Duration::from_secs(24 * 60 * 60);

/// Which charts `list` shows. All filters combine.
#[derive(Debug, Clone)]
pub struct ListFilter {
    pub queue: Option<String>,
    pub status: Option<Status>,
    /// Only the actor's own charts ([`is_mine`]).
    pub mine: bool,
    /// Page size; 0 for all.
    pub limit: usize,
    pub offset: usize,
}

impl Default for ListFilter {
    fn default() -> Self {
        ListFilter {
            queue: None,
            status: None,
            mine: false,
            limit: 50,
            offset: 0,
        }
    }
}

/// Whether `chart` is `login`'s own work: the lease they hold, their chart
/// on hold, a new chart assigned to them (by a supervisor, or returned by an
/// answered provider query), a chart they coded. A released or expired chart
/// is back in the queue and nobody's, whoever worked it before. The rule
/// behind `queue list --mine` ([`MINE_SQL`]) and the TUI's "mine" mark.
pub fn is_mine(chart: &Chart, login: &str) -> bool {
    let owner = match chart.status {
        Status::InProgress => &chart.lease_holder,
        Status::New => &chart.assigned_to,
        Status::OnHold | Status::Coded | Status::Audited => &chart.coder,
    };
    owner.as_deref() == Some(login)
}

/// [`is_mine`] in SQL over `chart c`: the user id whose chart it is.
const MINE_SQL: &str = "CASE c.status WHEN 'in_progress' THEN c.lease_holder
    WHEN 'new' THEN c.assigned_to ELSE c.coder_id END";

/// Whether any chart is in work queue `queue`: joining a queue no chart
/// names is most likely a typo, worth a note.
pub fn queue_has_charts(store: &Store, queue: &str) -> Result<bool, WorkError> {
    let queue = single_line(queue);
    store.read(|c| {
        Ok(
            c.prepare_cached("SELECT EXISTS (SELECT 1 FROM chart WHERE queue = ?1)")?
                .query_row([&queue], |r| r.get(0))?,
        )
    })
}

/// Lists the charts the actor may see ([`access`]) in claim order
/// (priority, due date, oldest date of service).
pub fn list(
    store: &mut Store,
    actor: &Actor,
    filter: &ListFilter,
) -> Result<Vec<Chart>, WorkError> {
    sweep_expired(store)?;
    let mut conditions = Vec::new();
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(q) = &filter.queue {
        values.push(q.clone().into());
        conditions.push(format!("c.queue = ?{}", values.len()));
    }
    if let Some(s) = filter.status {
        values.push(s.as_str().to_string().into());
        conditions.push(format!("c.status = ?{}", values.len()));
    }
    if filter.mine {
        values.push(actor.user.id.into());
        let n = values.len();
        conditions.push(format!("{MINE_SQL} = ?{n}"));
    }
    if !access::sees_all(actor) {
        values.push(actor.user.id.into());
        conditions.push(access::visible_sql(&format!("?{}", values.len())));
    }
    let filter_sql = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    // 0 is "no limit", as for `chartq audit --limit 0` (SQLite: LIMIT -1).
    let limit = match filter.limit {
        0 => -1,
        n => n.min(i64::MAX as usize) as i64,
    };
    values.push(limit.into());
    values.push((filter.offset.min(i64::MAX as usize) as i64).into());
    let sql = format!(
        "SELECT {CHART_COLUMNS} FROM chart c {filter_sql}
         ORDER BY c.priority, ifnull(c.due_date, '9999-12-31'), c.date_of_service, c.id
         LIMIT ?{} OFFSET ?{}",
        values.len() - 1,
        values.len()
    );
    store.read(|c| {
        let mut stmt = c.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            rusqlite::params_from_iter(values.iter()),
            charts::chart_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    })
}

/// What to claim.
#[derive(Debug, Clone)]
pub struct ClaimRequest {
    /// Only from this queue.
    pub queue: Option<String>,
    /// This chart rather than the best one: a new chart the user may work,
    /// or an on-hold chart of theirs with no open query.
    pub chart: Option<ChartRef>,
    pub lease: Duration,
}

impl Default for ClaimRequest {
    fn default() -> Self {
        ClaimRequest {
            queue: None,
            chart: None,
            lease: DEFAULT_LEASE,
        }
    }
}

/// Claims a chart for the actor: the best `new` one they may work (their
/// queues; supervisors and admins any queue; charts assigned to someone
/// else never), or the one named. `Ok(None)` when there is nothing to claim.
pub fn claim(
    store: &mut Store,
    actor: &Actor,
    request: &ClaimRequest,
) -> Result<Option<Chart>, WorkError> {
    if actor.user.role == Role::Auditor {
        return Err(WorkError::Forbidden(
            "auditors review coded charts; they do not claim".into(),
        ));
    }
    let now = clock::now().timestamp();
    if request.lease.is_zero() || request.lease > MAX_LEASE {
        return Err(WorkError::Invalid(format!(
            "a lease is 1 minute to {} hours",
            MAX_LEASE.as_secs() / 3600
        )));
    }
    let until = now + request.lease.as_secs() as i64;
    let claimed = store.transact(|tx| {
        expire_leases(tx, now)?;
        let id = match &request.chart {
            Some(key) => claim_named(tx, actor, key, until)?,
            None => claim_best(tx, actor, request.queue.as_deref(), until)?,
        };
        let Some(id) = id else { return Ok(None) };
        audit::record(
            tx,
            actor,
            Some(id),
            AuditDetail::ChartClaimed {
                lease_until: clock::stamp_secs(until),
            },
        )?;
        Ok(Some(charts::load(tx, id)?))
    })?;
    if claimed.is_none()
        && request.chart.is_none()
        && let Some(message) = access::no_queue_message(actor)
    {
        return Err(WorkError::Invalid(message));
    }
    Ok(claimed)
}

fn claim_best(
    tx: &Transaction<'_>,
    actor: &Actor,
    queue: Option<&str>,
    until: i64,
) -> Result<Option<i64>, WorkError> {
    let any_queue = actor.is_at_least(Role::Supervisor);
    Ok(tx
        .prepare_cached(
            "UPDATE chart SET status = 'in_progress', lease_holder = ?1, lease_until = ?2,
                coder_id = ?1, assigned_to = NULL, hold_reason = NULL, updated_at = ?3
             WHERE id = (
                SELECT c.id FROM chart c
                WHERE c.status = 'new'
                  AND (?4 IS NULL OR c.queue = ?4)
                  AND (c.assigned_to = ?1 OR (c.assigned_to IS NULL AND (?5
                       OR c.queue IN (SELECT queue FROM queue_member WHERE user_id = ?1))))
                ORDER BY c.priority, ifnull(c.due_date, '9999-12-31'), c.date_of_service, c.id
                LIMIT 1)
             RETURNING id",
        )?
        .query_row(
            params![
                actor.user.id,
                until,
                clock::stamp(clock::now()),
                queue,
                any_queue
            ],
            |r| r.get(0),
        )
        .optional()?)
}

fn claim_named(
    tx: &Transaction<'_>,
    actor: &Actor,
    chart: &ChartRef,
    until: i64,
) -> Result<Option<i64>, WorkError> {
    let id = access::resolve(tx, actor, chart)?;
    let s = state(tx, id)?;
    let me = actor.user.id;
    let supervisor = actor.is_at_least(Role::Supervisor);
    let allowed = match s.status {
        Status::New => match s.assigned_to {
            Some(user) => user == me,
            None => supervisor || actor.user.queues.contains(&s.queue),
        },
        Status::OnHold => {
            if open_queries(tx, id)? > 0 {
                return Err(WorkError::Conflict(format!(
                    "chart {} waits for an open provider query; answer or close it first",
                    s.account
                )));
            }
            supervisor || s.coder_id == Some(me)
        }
        Status::InProgress if s.lease_holder == Some(me) => true,
        other => {
            return Err(WorkError::Conflict(format!(
                "chart {} is {other}{}",
                s.account,
                s.holder_note(tx)?
            )));
        }
    };
    if !allowed {
        return Err(WorkError::Forbidden(format!(
            "chart {} is not in your queues or is assigned to someone else",
            s.account
        )));
    }
    tx.prepare_cached(
        "UPDATE chart SET status = 'in_progress', lease_holder = ?1, lease_until = ?2,
            coder_id = ?1, assigned_to = NULL, hold_reason = NULL, updated_at = ?3 WHERE id = ?4",
    )?
    .execute(params![me, until, clock::stamp(clock::now()), id])?;
    Ok(Some(id))
}

/// Extends the holder's lease by [`DEFAULT_LEASE`] from now.
pub fn renew(store: &mut Store, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError> {
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        require_holder(tx, actor, id)?;
        audit::record(tx, actor, Some(id), AuditDetail::LeaseRenewed {})?;
        charts::load(tx, id)
    })
}

/// Gives a chart back to the queue as `new`: the holder (or a supervisor)
/// releases an in-progress chart; its coder (or a supervisor) an on-hold
/// chart without open provider queries.
pub fn release(store: &mut Store, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError> {
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        let s = state(tx, id)?;
        let supervisor = actor.is_at_least(Role::Supervisor);
        match s.status {
            Status::InProgress if supervisor || s.lease_holder == Some(actor.user.id) => {}
            Status::OnHold if supervisor || s.coder_id == Some(actor.user.id) => {
                if open_queries(tx, id)? > 0 {
                    return Err(WorkError::Conflict(format!(
                        "chart {} waits for an open provider query; close it before releasing",
                        s.account
                    )));
                }
            }
            Status::InProgress | Status::OnHold => {
                return Err(WorkError::Forbidden(format!(
                    "chart {} is {}{}",
                    s.account,
                    s.status,
                    s.holder_note(tx)?
                )));
            }
            other => {
                return Err(WorkError::Conflict(format!(
                    "chart {} is {other}; only in-progress or on-hold charts are released",
                    s.account
                )));
            }
        }
        // Back in the queue as any unclaimed chart: nobody's (the audit
        // event keeps who released it).
        tx.execute(
            "UPDATE chart SET status = 'new', lease_holder = NULL, lease_until = NULL,
                coder_id = NULL, assigned_to = NULL, hold_reason = NULL, updated_at = ?1
             WHERE id = ?2",
            params![clock::stamp(clock::now()), id],
        )?;
        audit::record(
            tx,
            actor,
            Some(id),
            AuditDetail::ChartReleased { from: s.status },
        )?;
        charts::load(tx, id)
    })
}

/// Puts the holder's chart on hold (missing documentation, ...). The lease
/// ends; the chart stays the coder's.
pub fn hold(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    reason: &str,
) -> Result<Chart, WorkError> {
    let reason = single_line(reason);
    if reason.is_empty() {
        return Err(WorkError::Invalid(
            "a hold needs a reason (--reason TEXT)".into(),
        ));
    }
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        require_holder(tx, actor, id)?;
        put_on_hold(tx, id, &reason)?;
        audit::record(
            tx,
            actor,
            Some(id),
            AuditDetail::ChartHeld {
                reason: reason.clone(),
            },
        )?;
        charts::load(tx, id)
    })
}

/// Assigns a chart that is not yet coded to `login` (supervisors and
/// admins): only that user may claim it. An in-progress chart loses its
/// lease; an on-hold chart stays on hold, now theirs.
pub fn assign_to(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    login: &str,
) -> Result<Chart, WorkError> {
    actor.require(Role::Supervisor, "assigning charts")?;
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        let user = people::find_user(tx, login)?.ok_or_else(|| WorkError::NotFound {
            what: "user",
            key: login.to_string(),
        })?;
        if user.role == Role::Auditor {
            return Err(WorkError::Invalid(format!(
                "{login} is an auditor; charts are assigned to coders"
            )));
        }
        let s = state(tx, id)?;
        let status = match s.status {
            Status::Coded | Status::Audited => {
                return Err(WorkError::Conflict(format!(
                    "chart {} is already {}",
                    s.account, s.status
                )));
            }
            Status::OnHold => Status::OnHold,
            Status::New | Status::InProgress => Status::New,
        };
        tx.execute(
            "UPDATE chart SET status = ?1, assigned_to = ?2,
                coder_id = CASE WHEN ?1 = 'on_hold' THEN ?2 ELSE coder_id END,
                lease_holder = NULL, lease_until = NULL, updated_at = ?3 WHERE id = ?4",
            params![status.as_str(), user.id, clock::stamp(clock::now()), id],
        )?;
        audit::record(
            tx,
            actor,
            Some(id),
            AuditDetail::ChartAssigned {
                to: user.login,
                from_status: s.status,
            },
        )?;
        charts::load(tx, id)
    })
}

/// Marks a coded chart audited (auditors, supervisors, admins).
pub fn mark_audited(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<Chart, WorkError> {
    actor.require(Role::Auditor, "marking a chart audited")?;
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        let s = state(tx, id)?;
        if s.status != Status::Coded {
            return Err(WorkError::Conflict(format!(
                "chart {} is {}; only coded charts are audited",
                s.account, s.status
            )));
        }
        tx.execute(
            "UPDATE chart SET status = 'audited', updated_at = ?1 WHERE id = ?2",
            params![clock::stamp(clock::now()), id],
        )?;
        audit::record(tx, actor, Some(id), AuditDetail::ChartAudited {})?;
        charts::load(tx, id)
    })
}
