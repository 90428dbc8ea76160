//! A chart's queue state and the lease rules every change obeys: only the
//! holder of a live lease changes an in-progress chart, activity renews it,
//! a lease that ran out returns the chart to the queue (a `system` event).

use rusqlite::{Connection, Transaction, params};

use super::super::people;
use super::super::{Store, WorkError, audit, clock};
use super::DEFAULT_LEASE;
use crate::domain::audit::AuditDetail;
use crate::domain::chart::Status;
use crate::domain::people::Actor;

/// The queue state of one chart, for the rules above.
pub(crate) struct ChartState {
    pub account: String,
    pub status: Status,
    pub queue: String,
    pub coder_id: Option<i64>,
    pub assigned_to: Option<i64>,
    pub lease_holder: Option<i64>,
    pub lease_until: Option<i64>,
}

impl ChartState {
    /// ` (held by bo until ...)`, or nothing.
    pub(super) fn holder_note(&self, conn: &Connection) -> Result<String, WorkError> {
        Ok(match people::login_of(conn, self.lease_holder)? {
            Some(login) => format!(
                " (held by {login} until {})",
                clock::stamp_secs(self.lease_until.unwrap_or_default())
            ),
            None => String::new(),
        })
    }
}

pub(crate) fn state(conn: &Connection, id: i64) -> Result<ChartState, WorkError> {
    let row = conn
        .prepare_cached(
            "SELECT account, status, queue, coder_id, assigned_to, lease_holder, lease_until
             FROM chart WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?;
    Ok(ChartState {
        account: row.0,
        status: row.1.parse().map_err(WorkError::Invalid)?,
        queue: row.2,
        coder_id: row.3,
        assigned_to: row.4,
        lease_holder: row.5,
        lease_until: row.6,
    })
}

/// Only the lease holder changes an in-progress chart: checks that the
/// actor holds a live lease on chart `id` and renews it (any activity of
/// the holder renews). Returns the chart's state.
pub(crate) fn require_holder(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: i64,
) -> Result<ChartState, WorkError> {
    let s = state(tx, id)?;
    let now = clock::now().timestamp();
    match s.status {
        Status::InProgress => {}
        Status::New | Status::OnHold => {
            return Err(WorkError::Conflict(format!(
                "chart {} is {}; claim it first (`chartq queue claim {}`)",
                s.account, s.status, s.account
            )));
        }
        // Claiming cannot reopen these, so do not suggest it.
        Status::Coded | Status::Audited => {
            return Err(WorkError::Conflict(format!(
                "chart {} is already {}; its coding is final",
                s.account, s.status
            )));
        }
    }
    if s.lease_holder != Some(actor.user.id) {
        return Err(WorkError::Forbidden(format!(
            "only the lease holder changes chart {}{}",
            s.account,
            s.holder_note(tx)?
        )));
    }
    if s.lease_until.is_some_and(|t| t < now) {
        return Err(WorkError::Conflict(format!(
            "your lease on chart {} ran out at {}; claim it again",
            s.account,
            clock::stamp_secs(s.lease_until.unwrap_or_default())
        )));
    }
    // Renewing never shortens a longer lease the claim asked for.
    tx.prepare_cached("UPDATE chart SET lease_until = max(lease_until, ?1) WHERE id = ?2")?
        .execute(params![now + DEFAULT_LEASE.as_secs() as i64, id])?;
    Ok(s)
}

/// Renews the lease when the actor holds chart `id` (viewing is activity);
/// does nothing otherwise. Leases that ran out are expired first, so a
/// chart view shows what a list would (`new`, nobody's), never a lease in
/// the past.
pub(crate) fn renew_if_holder(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: i64,
) -> Result<(), WorkError> {
    let now = clock::now().timestamp();
    expire_leases(tx, now)?;
    tx.prepare_cached(
        "UPDATE chart SET lease_until = max(lease_until, ?1)
         WHERE id = ?2 AND status = 'in_progress' AND lease_holder = ?3 AND lease_until >= ?4",
    )?
    .execute(params![
        now + DEFAULT_LEASE.as_secs() as i64,
        id,
        actor.user.id,
        now
    ])?;
    Ok(())
}

/// Ends the lease and puts the chart on hold for `reason`.
pub(crate) fn put_on_hold(tx: &Transaction<'_>, id: i64, reason: &str) -> Result<(), WorkError> {
    tx.execute(
        "UPDATE chart SET status = 'on_hold', hold_reason = ?1, lease_holder = NULL,
            lease_until = NULL, updated_at = ?2 WHERE id = ?3",
        params![reason, clock::stamp(clock::now()), id],
    )?;
    Ok(())
}

/// Sends an on-hold chart back to its coder's queue (`new`, assigned to the
/// coder), flagged when a provider answered.
pub(crate) fn return_to_coder(
    tx: &Transaction<'_>,
    id: i64,
    flagged: bool,
) -> Result<(), WorkError> {
    tx.execute(
        "UPDATE chart SET status = 'new', assigned_to = coder_id, hold_reason = NULL,
            flagged = flagged OR ?1, updated_at = ?2 WHERE id = ?3 AND status = 'on_hold'",
        params![flagged, clock::stamp(clock::now()), id],
    )?;
    Ok(())
}

/// Open (or draft) provider queries on chart `id`.
pub(crate) fn open_queries(conn: &Connection, id: i64) -> Result<i64, WorkError> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM provider_query WHERE chart_id = ?1 AND status IN ('draft', 'open')",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Returns charts whose lease ran out to `new`, nobody's (as a released
/// chart), one `lease_expired` audit event each naming the holder. Runs
/// inside claims, lists and chart views, under the write lock.
pub(crate) fn expire_leases(tx: &Transaction<'_>, now: i64) -> Result<usize, WorkError> {
    let expired: Vec<(i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT c.id, u.login FROM chart c LEFT JOIN app_user u ON u.id = c.lease_holder
             WHERE c.status = 'in_progress' AND c.lease_until < ?1",
        )?
        .query_map([now], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, holder) in &expired {
        tx.prepare_cached(
            "UPDATE chart SET status = 'new', lease_holder = NULL, lease_until = NULL,
                coder_id = NULL, updated_at = ?1 WHERE id = ?2",
        )?
        .execute(params![clock::stamp(clock::now()), id])?;
        audit::record_system(
            tx,
            *id,
            AuditDetail::LeaseExpired {
                holder: holder.clone(),
            },
        )?;
    }
    Ok(expired.len())
}

/// Sweeps expired leases when there are any (a cheap indexed read first, so
/// a list does not take the write lock for nothing).
pub(super) fn sweep_expired(store: &mut Store) -> Result<(), WorkError> {
    let now = clock::now().timestamp();
    let any: bool = store.read(|c| {
        Ok(c.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM chart WHERE status = 'in_progress' AND lease_until < ?1)",
        )?
        .query_row([now], |r| r.get(0))?)
    })?;
    if any {
        store.transact(|tx| expire_leases(tx, now))?;
    }
    Ok(())
}
