//! The coder's outcomes and what the accuracy report counts, on
//! PostgreSQL: closed reviews under row-level security (a coder's session
//! sees only the closed reviews of their own charts), selected as the
//! SQLite store selects them. Never patient data.

use std::collections::HashMap;

use chrono::Duration;

use super::reads::{self, CODE_CELLS, ROW_SQL};
use crate::domain::people::{Actor, Role};
use crate::store::WorkError;
use crate::store::backend::postgres::{Postgres, acting_as, pg_error};
use crate::store::review::{AccuracyFilter, CodeFacts, ReviewDetail, ReviewFacts, drg_from_json};

/// `ReviewStore::review_outcomes` on PostgreSQL: newest first; looking at
/// one's own marks them seen (`chartq.review_outcomes_seen`).
pub(super) fn outcomes(
    pg: &Postgres,
    actor: &Actor,
    coder: Option<&str>,
    unseen: bool,
) -> Result<Vec<ReviewDetail>, WorkError> {
    let coder = match coder {
        Some(c) if c != actor.user.login && !actor.is_at_least(Role::Auditor) => {
            return Err(WorkError::Forbidden(
                "coder: coders see only their own review outcomes".into(),
            ));
        }
        Some(c) => Some(c.to_string()),
        None if actor.is_at_least(Role::Auditor) => None,
        None => Some(actor.user.login.clone()),
    };
    pg.transact(|tx| {
        let rows = tx
            .query(
                &format!(
                    "{ROW_SQL} WHERE r.status = 'closed' AND ($1::text IS NULL OR cu.login = $1)
                       AND (NOT $2 OR r.outcome_seen_at IS NULL)
                     ORDER BY r.closed_at DESC, r.id DESC"
                ),
                &[&coder, &unseen],
            )
            .map_err(pg_error)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let row = reads::row_from(r)?;
            out.push(ReviewDetail {
                codes: reads::load_codes(tx, row.id)?,
                review: row,
            });
        }
        tx.execute(
            "SELECT chartq.review_outcomes_seen($1)",
            &[&acting_as(actor)],
        )
        .map_err(pg_error)?;
        Ok(out)
    })
}

/// The closed reviews' filter over `review r` and `app_user u` (the coder).
const FILTER_SQL: &str = "r.status = 'closed' AND ($1::text IS NULL OR r.finalized_at >= $1)
    AND ($2::text IS NULL OR r.finalized_at < $2) AND ($3::text IS NULL OR r.queue = $3)
    AND ($4::text IS NULL OR u.login = $4)";

/// `ReviewStore::accuracy_facts` on PostgreSQL.
pub(super) fn facts(
    pg: &Postgres,
    actor: &Actor,
    filter: &AccuracyFilter,
) -> Result<Vec<ReviewFacts>, WorkError> {
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to < from
    {
        return Err(WorkError::Invalid(format!(
            "to: {to} is before from ({from})"
        )));
    }
    let coder = if actor.is_at_least(Role::Auditor) {
        filter.coder.clone()
    } else {
        match &filter.coder {
            Some(c) if *c != actor.user.login => {
                return Err(WorkError::Forbidden(
                    "coder: coders see only their own accuracy".into(),
                ));
            }
            _ => Some(actor.user.login.clone()),
        }
    };
    let from = filter.from.map(|d| d.to_string());
    let to = filter.to.map(|d| (d + Duration::days(1)).to_string());
    pg.transact(|tx| {
        let p: [&(dyn postgres::types::ToSql + Sync); 4] = [&from, &to, &filter.queue, &coder];
        let rows = tx
            .query(
                &format!(
                    "SELECT r.id, u.login, r.queue, ch.encounter_type, r.finalized_at,
                        r.original_drg::text, r.reviewed_drg::text, r.rebuttal_status
                     FROM chartq.review r JOIN chartq.chart ch ON ch.id = r.chart_id
                        LEFT JOIN chartq.app_user u ON u.id = r.coder_id
                     WHERE {FILTER_SQL} ORDER BY r.finalized_at, r.id"
                ),
                &p,
            )
            .map_err(pg_error)?;
        let code_rows = tx
            .query(
                &format!(
                    "SELECT rc.review_id, {CODE_CELLS}
                     FROM chartq.review_code rc JOIN chartq.review r ON r.id = rc.review_id
                        LEFT JOIN chartq.app_user u ON u.id = r.coder_id
                     WHERE {FILTER_SQL}
                     ORDER BY rc.review_id, rc.orig_seq IS NULL, rc.orig_seq, rc.id"
                ),
                &p,
            )
            .map_err(pg_error)?;
        let mut codes: HashMap<i64, Vec<CodeFacts>> = HashMap::new();
        for r in &code_rows {
            let mut code = reads::code_from(r, 1)?;
            for l in [&mut code.original, &mut code.reviewed]
                .into_iter()
                .flatten()
            {
                l.title.clear();
            }
            code.comment = None;
            codes.entry(r.get(0)).or_default().push(code);
        }
        rows.iter()
            .map(|r| {
                let id: i64 = r.get(0);
                let bad = |e: String| WorkError::Invalid(format!("review {id}: {e}"));
                let enc: String = r.get(3);
                let fin: String = r.get(4);
                let rebuttal: Option<String> = r.get(7);
                Ok(ReviewFacts {
                    review: id,
                    coder: r.get(1),
                    queue: r.get(2),
                    encounter_type: enc.parse().map_err(bad)?,
                    finalized: fin
                        .get(..10)
                        .and_then(|d| d.parse().ok())
                        .ok_or_else(|| bad(format!("finalized_at: '{fin}'")))?,
                    original_drg: drg_from_json(id, "original_drg", r.get(5))?,
                    reviewed_drg: drg_from_json(id, "reviewed_drg", r.get(6))?,
                    rebuttal: rebuttal.map(|s| s.parse()).transpose().map_err(bad)?,
                    codes: codes.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    })
}
