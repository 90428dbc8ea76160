//! The audit log on PostgreSQL: events (auditors and up; row-level
//! security lets a coder read only the history of a chart they may see),
//! the chain's head and its verification. The chain is written by the
//! server in the encoding `chartq-audit-v1`, so the hashes are checked
//! here with the same `event_hash` as SQLite's. No MAC: the server holds
//! no key. On PostgreSQL the chain is linked after commit
//! (`chartq.audit_seal`, sql/core_functions.sql, pg_0001_chain_seal.sql):
//! its order is the links' positions, not the event ids, and an event
//! committed but not yet linked is pending; head and verify seal first.

use postgres::GenericClient;

use super::*;
use crate::store::audit_chain::{Field, GENESIS, Problem, SealedTail, event_hash};

/// Events oldest first, at most `limit` of the newest (0 = all).
pub(crate) fn query(
    client: &mut impl GenericClient,
    chart_id: Option<i64>,
    user: Option<&str>,
    since: Option<String>,
    limit: usize,
) -> Result<Vec<AuditEvent>, WorkError> {
    let limit = if limit == 0 { i64::MAX } else { limit as i64 };
    let rows = client
        .query(
            "SELECT * FROM (
                SELECT e.id, e.at, e.user_login, e.real_login, e.action, e.chart_id, c.account,
                       e.details
                FROM chartq.audit_event e LEFT JOIN chartq.chart c ON c.id = e.chart_id
                WHERE ($1::bigint IS NULL OR e.chart_id = $1)
                  AND ($2::text IS NULL OR e.user_login = $2 OR e.real_login = $2)
                  AND ($3::text IS NULL OR e.at >= $3)
                ORDER BY e.id DESC LIMIT $4) x
             ORDER BY id",
            &[&chart_id, &user, &since, &limit],
        )
        .map_err(pg_error)?;
    Ok(rows
        .iter()
        .map(|r| {
            let details: String = r.get(7);
            AuditEvent {
                id: r.get(0),
                at: r.get(1),
                user: r.get(2),
                real_user: r.get(3),
                action: r.get(4),
                chart_id: r.get(5),
                account: r.get(6),
                details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
            }
        })
        .collect())
}

/// `Backend::audit_events` on PostgreSQL.
pub fn audit_events(
    pg: &Postgres,
    actor: &Actor,
    filter: &AuditFilter,
) -> Result<Vec<AuditEvent>, WorkError> {
    actor.require(Role::Auditor, "reading the audit log")?;
    let mut client = pg.client();
    let chart_id = filter
        .chart
        .as_ref()
        .map(|key| super::resolve_chart_for(&mut *client, actor, key))
        .transpose()?;
    query(
        &mut *client,
        chart_id,
        filter.user.as_deref(),
        filter.since.map(|d| d.to_string()),
        filter.limit,
    )
}

/// `Backend::audit_head` on PostgreSQL: the last link, after sealing
/// every committed event.
pub fn audit_head(pg: &Postgres, actor: &Actor) -> Result<Option<Head>, WorkError> {
    actor.require(Role::Auditor, "reading the audit log's head")?;
    pg.transact(|tx| {
        tx.execute("SELECT chartq.audit_seal_now()", &[])
            .map_err(pg_error)?;
        let row = tx
            .query_opt(
                "SELECT s.event_id, s.hash FROM chartq.audit_seal s ORDER BY s.pos DESC LIMIT 1",
                &[],
            )
            .map_err(pg_error)?;
        Ok(row.map(|r| Head {
            id: r.get(0),
            hash: r.get::<_, Vec<u8>>(1).try_into().unwrap_or([0; 32]),
        }))
    })
}

/// `Backend::audit_verify` on PostgreSQL: seals every committed event
/// (holding the chain's lock to the end), then walks the links in order:
/// each hash against its event's stored content and the link before it,
/// the positions consecutive, each kept head still there; and every event
/// linked or pending. Pending events are those committed after the seal
/// (the next write or verify links them): not problems, not counted. An
/// event neither linked nor pending was not written by
/// `chartq.audit_append`. Reports the unsealed tail it found (and sealed)
/// and checks the database's own guards (`guards`).
pub fn audit_verify(
    pg: &Postgres,
    actor: &Actor,
    anchors: &[Head],
) -> Result<Verification, WorkError> {
    actor.require(Role::Auditor, "verifying the audit log")?;
    let mut client = pg.client();
    let mut tx = client.transaction().map_err(pg_error)?;
    let pending_before = pending(&mut tx)?;
    let sealed: i64 = tx
        .query_one("SELECT chartq.audit_seal_now()", &[])
        .map_err(pg_error)?
        .get(0);
    let portal = tx
        .bind(
            "SELECT s.pos, e.id, e.at, e.user_login, e.real_login, e.action, e.chart_id,
                    e.details, s.hash
             FROM chartq.audit_seal s JOIN chartq.audit_event e ON e.id = s.event_id
             ORDER BY s.pos",
            &[],
        )
        .map_err(pg_error)?;
    let mut walk = Walk::new(anchors);
    loop {
        let rows = tx.query_portal(&portal, 10_000).map_err(pg_error)?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            walk.visit(r);
        }
    }
    let listed = crate::store::audit_chain::PROBLEMS_LISTED as i64;
    let unlinked = tx
        .query(
            "SELECT e.id FROM chartq.audit_event e
             WHERE NOT EXISTS (SELECT 1 FROM chartq.audit_seal s WHERE s.event_id = e.id)
               AND NOT EXISTS (SELECT 1 FROM chartq.audit_pending p WHERE p.id = e.id)
             ORDER BY e.id LIMIT $1",
            &[&listed],
        )
        .map_err(pg_error)?;
    for r in &unlinked {
        walk.problem(
            r.get(0),
            "it is not in the chain: neither linked nor pending (not written by chartq.audit_append)"
                .into(),
        );
    }
    let tail = SealedTail {
        pending_before,
        sealed_now: u64::try_from(sealed).unwrap_or(0),
        pending_after: pending(&mut tx)?,
    };
    let guards = super::guards::check(&mut tx, &pg.prefix)?;
    tx.commit().map_err(pg_error)?;
    let mut verification = walk.finish(anchors);
    verification.tail = Some(tail);
    verification.guards = Some(guards);
    Ok(verification)
}

/// How many committed events wait to be linked into the chain.
fn pending(tx: &mut impl GenericClient) -> Result<u64, WorkError> {
    let n: i64 = tx
        .query_one("SELECT count(*) FROM chartq.audit_pending", &[])
        .map_err(pg_error)?
        .get(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The verifier's state: the previous link, what it found.
struct Walk {
    prev_pos: i64,
    prev_hash: Vec<u8>,
    events: u64,
    head: Option<Head>,
    problems: Vec<Problem>,
    anchors_seen: Vec<bool>,
    anchors: Vec<Head>,
}

impl Walk {
    fn new(anchors: &[Head]) -> Walk {
        Walk {
            prev_pos: 0,
            prev_hash: GENESIS.to_vec(),
            events: 0,
            head: None,
            problems: Vec::new(),
            anchors_seen: vec![false; anchors.len()],
            anchors: anchors.to_vec(),
        }
    }

    fn problem(&mut self, event: i64, what: String) {
        if self.problems.len() < crate::store::audit_chain::PROBLEMS_LISTED {
            self.problems.push(Problem {
                event: Some(event),
                what,
            });
        }
    }

    /// One link: position, the event's columns, the link's hash.
    fn visit(&mut self, r: &postgres::Row) {
        let pos: i64 = r.get(0);
        let id: i64 = r.get(1);
        let at: String = r.get(2);
        let user: String = r.get(3);
        let real: Option<String> = r.get(4);
        let action: String = r.get(5);
        let chart: Option<i64> = r.get(6);
        let details: String = r.get(7);
        let stored: Vec<u8> = r.get(8);
        self.events += 1;
        if pos != self.prev_pos + 1 {
            self.problem(
                id,
                format!(
                    "links {} to {} of the chain are missing",
                    self.prev_pos + 1,
                    pos - 1
                ),
            );
        }
        let int = |n: Option<i64>| n.map_or(Field::Null, Field::Integer);
        let expected = event_hash(
            Field::Blob(&self.prev_hash),
            &[
                Field::Integer(id),
                Field::Text(at.as_bytes()),
                Field::Text(user.as_bytes()),
                real.as_deref()
                    .map_or(Field::Null, |t| Field::Text(t.as_bytes())),
                Field::Text(action.as_bytes()),
                int(chart),
                Field::Text(details.as_bytes()),
            ],
        );
        if stored.as_slice() != expected.as_slice() {
            self.problem(
                id,
                "its hash does not match its content and the event before it".into(),
            );
        }
        for (i, anchor) in self.anchors.iter().enumerate() {
            if anchor.id == id {
                self.anchors_seen[i] = stored.as_slice() == anchor.hash.as_slice();
            }
        }
        self.head = Some(Head {
            id,
            hash: stored.clone().try_into().unwrap_or([0; 32]),
        });
        self.prev_pos = pos;
        self.prev_hash = stored;
    }

    fn finish(mut self, anchors: &[Head]) -> Verification {
        for (anchor, seen) in anchors.iter().zip(self.anchors_seen.clone()) {
            if !seen {
                self.problems.push(Problem {
                    event: Some(anchor.id),
                    what: format!("the kept head {anchor} is not in the log as kept"),
                });
            }
        }
        Verification {
            events: self.events,
            head: self.head,
            anchors: anchors.to_vec(),
            keyed: false,
            signed_events: 0,
            problems: self.problems,
            tail: None,
            guards: None,
        }
    }
}
