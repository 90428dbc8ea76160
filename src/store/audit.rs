//! The audit log: who did what to which chart, when. Every change and every
//! chart view writes one event in the same transaction as the change, so an
//! event exists exactly when its change does. The table is append-only
//! (triggers refuse UPDATE and DELETE) and every event is chained to the one
//! before it by a hash ([`super::audit_chain`]), so tampering shows.
//!
//! # Who may write what (the one table)
//!
//! Every command that changes the database resolves its actor
//! ([`super::people::actor_for_login`]: a user record, never a first-comer
//! made admin), checks the role, and writes its audit event in the same
//! transaction as the change:
//!
//! | write | who may | audited as |
//! |---|---|---|
//! | code-set import (`codes import`), index file (`codes import-index`) | admin | the actor: `code_set_imported`, `index_imported` |
//! | users: add, role (`user add`, `user set-role`) | admin | the actor: `user_added`, `role_changed` |
//! | queue membership (`user join/leave`) | supervisor or admin, for anyone (a coder or auditor is refused, even for themselves) | the actor: `queue_joined`, `queue_left` |
//! | charts, claims, codes, holds, provider queries, exports, backups | per command (see each store function) | the actor |
//! | first admin (`chartq init`) | the owner of the database file, on a database with no users | the new admin, `{"init": true}` |
//! | first admin of a demo database (`demo::build`) | its creator | the new admin, `{"demo": true}` |
//!
//! Automatic writes, made by whoever opens the database, whatever their
//! role (even a reader, even before any user exists):
//!
//! | write | why anyone may trigger it | audited as |
//! |---|---|---|
//! | seeding a bundled code-set version ([`crate::app::codesets::bundled`]) | it only adds what the binary itself carries, never replaces or removes a version | [`SYSTEM`], `code_set_seeded` |
//! | lease expiry (a claim whose lease ran out goes back to `new`) | it only returns expired work to the queue, as the lease promised | [`SYSTEM`], `lease_expired`, with the chart |
//! | the search-snapshot cache (`search_snapshot`) | a cache of what the code tables already say, rebuilt when missing or stale; it changes no answer | not audited |

use rusqlite::{Connection, params};
use serde::Serialize;

use super::{WorkError, clock};
use crate::domain::audit::AuditDetail;
use crate::domain::people::Actor;

/// The login recorded for changes nobody asked for (lease expiry).
pub const SYSTEM: &str = "system";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: String,
    /// Who the action was done as.
    pub user: String,
    /// The admin behind `--as`, when someone else.
    pub real_user: Option<String>,
    pub action: String,
    pub chart_id: Option<i64>,
    pub account: Option<String>,
    pub details: serde_json::Value,
}

/// Appends one event inside the caller's transaction; its action is the
/// one `details` are the details of.
pub(crate) fn record(
    conn: &Connection,
    actor: &Actor,
    chart_id: Option<i64>,
    details: AuditDetail,
) -> Result<(), WorkError> {
    insert(
        conn,
        &actor.user.login,
        actor.real_login.as_deref(),
        chart_id,
        &details,
    )
}

/// Appends an event chartq did on its own (a lease that ran out).
pub(crate) fn record_system(
    conn: &Connection,
    chart_id: i64,
    details: AuditDetail,
) -> Result<(), WorkError> {
    insert(conn, SYSTEM, None, Some(chart_id), &details)
}

/// Appends an event chartq did on its own that concerns no chart (seeding
/// a bundled code set), inside the caller's transaction.
pub(crate) fn record_system_event(
    conn: &Connection,
    details: AuditDetail,
) -> Result<(), WorkError> {
    insert(conn, SYSTEM, None, None, &details)
}

/// Appends an event stamped `at` instead of now: only the demo year's
/// simulation ([`super::reports::simulate`]) calls it, behind its
/// demo-only clock.
pub(crate) fn record_at(
    conn: &Connection,
    at: &str,
    user: &str,
    real: Option<&str>,
    chart_id: Option<i64>,
    details: &AuditDetail,
) -> Result<(), WorkError> {
    let text = serde_json::to_value(details)
        .map_err(|e| WorkError::Invalid(format!("audit details: {e}")))?
        .to_string();
    super::audit_chain::append(
        conn,
        at,
        user,
        real,
        details.action().as_str(),
        chart_id,
        &text,
    )
}

/// Stored as a JSON object with its keys in sorted order (through
/// `serde_json::Value`, whose maps sort), the text chartq has always
/// stored and chained, whatever order the variant declares its fields in.
fn insert(
    conn: &Connection,
    user: &str,
    real: Option<&str>,
    chart_id: Option<i64>,
    details: &AuditDetail,
) -> Result<(), WorkError> {
    let text = serde_json::to_value(details)
        .map_err(|e| WorkError::Invalid(format!("audit details: {e}")))?
        .to_string();
    super::audit_chain::append(
        conn,
        &clock::stamp(clock::now()),
        user,
        real,
        details.action().as_str(),
        chart_id,
        &text,
    )
}

/// One chart's history, oldest first (for `chart show`).
pub(crate) fn chart_history(
    conn: &Connection,
    chart_id: i64,
) -> Result<Vec<AuditEvent>, WorkError> {
    query(conn, Some(chart_id), None, None, 0)
}

pub(crate) fn query(
    conn: &Connection,
    chart_id: Option<i64>,
    user: Option<&str>,
    since: Option<String>,
    limit: usize,
) -> Result<Vec<AuditEvent>, WorkError> {
    let limit = if limit == 0 { -1 } else { limit as i64 };
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM (
            SELECT e.id, e.at, e.user_login, e.real_login, e.action, e.chart_id, c.account, e.details
            FROM audit_event e LEFT JOIN chart c ON c.id = e.chart_id
            WHERE (?1 IS NULL OR e.chart_id = ?1)
              AND (?2 IS NULL OR e.user_login = ?2 OR e.real_login = ?2)
              AND (?3 IS NULL OR e.at >= ?3)
            ORDER BY e.id DESC LIMIT ?4)
         ORDER BY id",
    )?;
    let rows = stmt.query_map(params![chart_id, user, since, limit], |r| {
        let details: String = r.get(7)?;
        Ok(AuditEvent {
            id: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            real_user: r.get(3)?,
            action: r.get(4)?,
            chart_id: r.get(5)?,
            account: r.get(6)?,
            details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use crate::store::{Store, people};

    #[test]
    fn events_cannot_be_changed_or_deleted() {
        let mut store = Store::open_in_memory().unwrap();
        people::init_as(&mut store, "ana", people::process_uid()).unwrap();
        let admin = people::actor_for_login(&mut store, "ana", None).unwrap();
        let events = crate::store::audit_log::list(
            &store,
            &admin,
            &crate::store::audit_log::AuditFilter::default(),
        )
        .unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].action, "user_added");
        let c = store.conn();
        for sql in [
            "UPDATE audit_event SET action = 'x'",
            "DELETE FROM audit_event",
        ] {
            let err = c.execute(sql, []).unwrap_err().to_string();
            assert!(err.contains("append-only"), "{err}");
        }
    }

    #[test]
    fn details_are_stored_with_sorted_keys_as_before_they_were_typed() {
        let mut store = Store::open_in_memory().unwrap();
        let uid = people::process_uid();
        people::init_as(&mut store, "ana", uid).unwrap();
        let text: String = store
            .conn()
            .query_row("SELECT details FROM audit_event", [], |r| r.get(0))
            .unwrap();
        // `FirstAdmin` declares login, role, init, uid; the stored text is
        // what `serde_json::json!` wrote (and the chain hashed) before.
        assert_eq!(
            text,
            format!(r#"{{"init":true,"login":"ana","role":"admin","uid":{uid}}}"#)
        );
    }
}
