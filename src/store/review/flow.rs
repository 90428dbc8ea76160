//! The auditor's side: the review queue, claiming a review under a lease
//! (the coding lease's rules: only the holder changes it, activity renews
//! it, a lease that ran out returns the review to the queue as a `system`
//! event), and reading a review whole. Decisions and closing are in
//! `decide.rs`.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{
    CodeLine, ReviewCode, ReviewDetail, ReviewRow, chart_key, drg_from_json, record, review_of,
};
use crate::domain::audit::AuditDetail;
use crate::domain::chart::ChartRef;
use crate::domain::people::{Actor, Role};
use crate::domain::review::{ReviewEvent, ReviewStatus, RuleKind};
use crate::store::queue::{DEFAULT_LEASE, MAX_LEASE};
use crate::store::{Store, WorkError, audit, clock};

/// The columns of a [`ReviewRow`] over `review r JOIN chart c`.
pub(crate) const ROW_SQL: &str = "SELECT r.id, r.chart_id, c.account, r.plan_id, r.mode, r.rules,
        r.status, cu.login, r.queue, r.finalized_at, lu.login, r.lease_until, r.closed_at,
        r.changed, r.original_drg, r.reviewed_drg, r.outcome_seen_at IS NOT NULL, r.rebuttal,
        r.rebuttal_status, r.rebuttal_answer
    FROM review r JOIN chart c ON c.id = r.chart_id
        LEFT JOIN app_user cu ON cu.id = r.coder_id
        LEFT JOIN app_user lu ON lu.id = r.lease_holder";

type RawRow = (ReviewRow, [String; 3], [Option<String>; 3]);

/// One row of [`ROW_SQL`]; the typed columns are finished by [`finish`].
pub(crate) fn row_from(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    let until: Option<i64> = r.get(11)?;
    Ok((
        ReviewRow {
            id: r.get(0)?,
            chart_id: r.get(1)?,
            account: r.get(2)?,
            plan: r.get(3)?,
            mode: crate::domain::review::ReviewMode::Prebill,
            rules: vec![],
            status: ReviewStatus::Open,
            coder: r.get(7)?,
            queue: r.get(8)?,
            finalized_at: r.get(9)?,
            auditor: r.get(10)?,
            lease_until: until.map(clock::stamp_secs),
            closed_at: r.get(12)?,
            changed: r.get(13)?,
            original_drg: None,
            reviewed_drg: None,
            outcome_seen: r.get(16)?,
            rebuttal: r.get(17)?,
            rebuttal_status: None,
            rebuttal_answer: r.get(19)?,
        },
        [r.get(4)?, r.get(5)?, r.get(6)?],
        [r.get(14)?, r.get(15)?, r.get(18)?],
    ))
}

/// The typed columns of a raw row.
pub(crate) fn finish(raw: RawRow) -> Result<ReviewRow, WorkError> {
    let (mut row, [mode, rules, status], [original, reviewed, rebuttal]) = raw;
    row.mode = mode.parse().map_err(WorkError::Invalid)?;
    let rules: Vec<String> = serde_json::from_str(&rules)
        .map_err(|e| WorkError::Invalid(format!("review {}: rules: {e}", row.id)))?;
    row.rules = rules
        .iter()
        .map(|r| r.parse::<RuleKind>().map_err(WorkError::Invalid))
        .collect::<Result<_, _>>()?;
    row.status = status.parse().map_err(WorkError::Invalid)?;
    row.original_drg = drg_from_json(row.id, "original_drg", original)?;
    row.reviewed_drg = drg_from_json(row.id, "reviewed_drg", reviewed)?;
    row.rebuttal_status = rebuttal
        .map(|s| s.parse().map_err(WorkError::Invalid))
        .transpose()?;
    Ok(row)
}

/// One review's row.
pub(crate) fn load_row(conn: &Connection, id: i64) -> Result<ReviewRow, WorkError> {
    let raw = conn
        .prepare_cached(&format!("{ROW_SQL} WHERE r.id = ?1"))?
        .query_row([id], row_from)?;
    finish(raw)
}

/// A review's codes in order: the coder's by their sequence, then added.
pub(crate) fn load_codes(conn: &Connection, id: i64) -> Result<Vec<ReviewCode>, WorkError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, orig_seq, orig_system, orig_code, orig_title, orig_role, orig_poa,
            orig_modifiers, decision, new_seq, new_system, new_code, new_title, new_role,
            new_poa, new_modifiers, reason, comment
         FROM review_code WHERE review_id = ?1
         ORDER BY orig_seq IS NULL, orig_seq, id",
    )?;
    let rows = stmt.query_map([id], |r| code_cells(r, 0))?;
    rows.map(|cells| code_from_cells(&cells?)).collect()
}

/// The 18 cells of a `review_code` row (see [`load_codes`]) starting at
/// column `at`, the integer ones as text.
pub(crate) fn code_cells(
    r: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<Vec<Option<String>>> {
    (0..18)
        .map(|i| match i {
            0 | 1 | 9 => r
                .get::<_, Option<i64>>(at + i)
                .map(|v| v.map(|n| n.to_string())),
            _ => r.get::<_, Option<String>>(at + i),
        })
        .collect()
}

/// One [`ReviewCode`] from its 18 cells (see [`load_codes`]).
pub(crate) fn code_from_cells(c: &[Option<String>]) -> Result<ReviewCode, WorkError> {
    let bad = |e: String| WorkError::Invalid(format!("review_code: {e}"));
    let line = |at: usize| -> Result<Option<CodeLine>, WorkError> {
        let Some(code) = c[at + 2].clone() else {
            return Ok(None);
        };
        Ok(Some(CodeLine {
            seq: c[at].as_deref().and_then(|s| s.parse().ok()).unwrap_or(0),
            system: c[at + 1]
                .as_deref()
                .unwrap_or_default()
                .parse()
                .map_err(bad)?,
            code,
            title: c[at + 3].clone().unwrap_or_default(),
            role: c[at + 4]
                .as_deref()
                .unwrap_or_default()
                .parse()
                .map_err(bad)?,
            poa: c[at + 5]
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(bad)?,
            modifiers: c[at + 6]
                .as_deref()
                .and_then(|m| serde_json::from_str(m).ok())
                .unwrap_or_default(),
        }))
    };
    let decision = c[8].as_deref().map(str::parse).transpose().map_err(bad)?;
    let original = line(1)?;
    let reviewed = match decision {
        Some(crate::domain::review::Decision::Agree) => original.clone(),
        _ => line(9)?,
    };
    Ok(ReviewCode {
        id: c[0].as_deref().and_then(|s| s.parse().ok()).unwrap_or(0),
        original,
        decision,
        reviewed,
        reason: c[16].as_deref().map(str::parse).transpose().map_err(bad)?,
        comment: c[17].clone(),
    })
}

/// Which reviews the queue lists. All filters combine.
#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    /// `None`: open and in review.
    pub status: Option<ReviewStatus>,
    pub queue: Option<String>,
    pub coder: Option<String>,
    /// 0 for all.
    pub limit: usize,
}

/// The review queue (auditors, supervisors, admins): prebill reviews
/// first (they hold a bill), then the oldest finalized.
pub fn queue(
    store: &mut Store,
    actor: &Actor,
    filter: &ReviewFilter,
) -> Result<Vec<ReviewRow>, WorkError> {
    actor.require(Role::Auditor, "the review queue")?;
    store.transact(|tx| {
        expire(tx)?;
        let limit = if filter.limit == 0 {
            -1
        } else {
            filter.limit as i64
        };
        let raw: Vec<RawRow> = tx
            .prepare_cached(&format!(
                "{ROW_SQL} WHERE (?1 IS NULL AND r.status <> 'closed' OR r.status = ?1)
                   AND (?2 IS NULL OR r.queue = ?2) AND (?3 IS NULL OR cu.login = ?3)
                 ORDER BY r.status = 'closed', r.mode <> 'prebill', r.finalized_at, r.id
                 LIMIT ?4"
            ))?
            .query_map(
                params![
                    filter.status.map(|s| s.as_str()),
                    filter.queue,
                    filter.coder,
                    limit
                ],
                row_from,
            )?
            .collect::<Result<_, _>>()?;
        raw.into_iter().map(finish).collect()
    })
}

/// Returns reviews whose lease ran out to the queue (`system` events).
pub(crate) fn expire(tx: &Transaction<'_>) -> Result<(), WorkError> {
    let now = clock::now().timestamp();
    let expired: Vec<(i64, i64)> = tx
        .prepare_cached(
            "SELECT id, chart_id FROM review WHERE status = 'in_review' AND lease_until < ?1",
        )?
        .query_map([now], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, chart) in expired {
        tx.execute(
            "UPDATE review SET status = 'open', lease_holder = NULL, lease_until = NULL
             WHERE id = ?1",
            [id],
        )?;
        audit::record_system(
            tx,
            chart,
            AuditDetail::Review(ReviewEvent::Released { review: id }),
        )?;
    }
    Ok(())
}

/// Claims the next open review (or the one of `chart`) for the actor under
/// a lease; never a chart the actor coded. `Ok(None)`: nothing to claim.
pub fn claim(
    store: &mut Store,
    actor: &Actor,
    chart: Option<&ChartRef>,
    lease: Duration,
) -> Result<Option<ReviewDetail>, WorkError> {
    actor.require(Role::Auditor, "reviewing charts")?;
    if lease.is_zero() || lease > MAX_LEASE {
        return Err(WorkError::Invalid(format!(
            "lease: a lease is 1 minute to {} hours",
            MAX_LEASE.as_secs() / 3600
        )));
    }
    let until = clock::now().timestamp() + lease.as_secs() as i64;
    store.transact(|tx| {
        expire(tx)?;
        let id = match chart {
            Some(key) => {
                let (id, _) = review_of(tx, actor, key)?;
                may_claim(&load_row(tx, id)?, actor, key)?;
                Some(id)
            }
            None => tx
                .prepare_cached(
                    "SELECT id FROM review WHERE status = 'open'
                       AND (coder_id IS NULL OR coder_id <> ?1)
                     ORDER BY mode <> 'prebill', finalized_at, id LIMIT 1",
                )?
                .query_row([actor.user.id], |r| r.get(0))
                .optional()?,
        };
        let Some(id) = id else { return Ok(None) };
        tx.execute(
            "UPDATE review SET status = 'in_review', lease_holder = ?1, lease_until = ?2
             WHERE id = ?3",
            params![actor.user.id, until, id],
        )?;
        let row = load_row(tx, id)?;
        record(
            tx,
            actor,
            Some(row.chart_id),
            ReviewEvent::Claimed {
                review: id,
                lease_until: clock::stamp_secs(until),
            },
        )?;
        Ok(Some(ReviewDetail {
            codes: load_codes(tx, id)?,
            review: row,
        }))
    })
}

/// Gives a review back to the queue (its holder, or a supervisor).
pub fn release(store: &mut Store, actor: &Actor, chart: &ChartRef) -> Result<ReviewRow, WorkError> {
    actor.require(Role::Auditor, "reviewing charts")?;
    store.transact(|tx| {
        let (id, chart_id) = review_of(tx, actor, chart)?;
        let row = load_row(tx, id)?;
        let mine = row.auditor.as_deref() == Some(&actor.user.login);
        if row.status != ReviewStatus::InReview || !(mine || actor.is_at_least(Role::Supervisor)) {
            return Err(WorkError::Conflict(format!(
                "the review of chart {} is {}, not yours to release",
                chart_key(chart),
                row.status
            )));
        }
        tx.execute(
            "UPDATE review SET status = 'open', lease_holder = NULL, lease_until = NULL
             WHERE id = ?1",
            [id],
        )?;
        record(
            tx,
            actor,
            Some(chart_id),
            ReviewEvent::Released { review: id },
        )?;
        load_row(tx, id)
    })
}

/// A review whole (auditors and up; the coder of the chart once closed).
pub fn show(store: &Store, actor: &Actor, chart: &ChartRef) -> Result<ReviewDetail, WorkError> {
    store.read(|c| {
        let (id, _) = review_of(c, actor, chart)?;
        let row = load_row(c, id)?;
        let own = row.coder.as_deref() == Some(&actor.user.login);
        let may = actor.is_at_least(Role::Auditor) || (own && row.status == ReviewStatus::Closed);
        if !may {
            return Err(WorkError::NotFound {
                what: "review of chart",
                key: chart_key(chart),
            });
        }
        Ok(ReviewDetail {
            codes: load_codes(c, id)?,
            review: row,
        })
    })
}

/// Whether `actor` may claim the review `row` of chart `key`: open, or
/// already theirs; never an auditor's own coding. Pure, so both backends
/// word a refusal alike.
pub(crate) fn may_claim(row: &ReviewRow, actor: &Actor, key: &ChartRef) -> Result<(), WorkError> {
    let mine = row.auditor.as_deref() == Some(&actor.user.login);
    match row.status {
        ReviewStatus::Open => {}
        ReviewStatus::InReview if mine => {}
        other => {
            return Err(WorkError::Conflict(format!(
                "the review of chart {} is {other}{}",
                chart_key(key),
                row.auditor
                    .as_ref()
                    .map(|a| format!(" (held by {a})"))
                    .unwrap_or_default()
            )));
        }
    }
    if row.coder.as_deref() == Some(&actor.user.login) {
        return Err(WorkError::Forbidden(format!(
            "chart {} is your own coding; another auditor reviews it",
            chart_key(key)
        )));
    }
    Ok(())
}

/// Checks that the actor holds a live lease on review `id` and renews it.
pub(crate) fn require_holder(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: i64,
    chart: &ChartRef,
) -> Result<ReviewRow, WorkError> {
    let row = load_row(tx, id)?;
    let now = clock::now().timestamp();
    let holder: (Option<i64>, Option<i64>) = tx.query_row(
        "SELECT lease_holder, lease_until FROM review WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if row.status != ReviewStatus::InReview || holder.0 != Some(actor.user.id) {
        return Err(WorkError::Conflict(format!(
            "the review of chart {} is {}; claim it first (`chartq review claim {}`)",
            chart_key(chart),
            row.status,
            chart_key(chart)
        )));
    }
    if holder.1.is_some_and(|t| t < now) {
        return Err(WorkError::Conflict(format!(
            "your lease on the review of chart {} ran out; claim it again",
            chart_key(chart)
        )));
    }
    tx.execute(
        "UPDATE review SET lease_until = max(lease_until, ?1) WHERE id = ?2",
        params![now + DEFAULT_LEASE.as_secs() as i64, id],
    )?;
    Ok(row)
}
