//! What second-level review reads on PostgreSQL, under the reader's
//! row-level security (a coder sees only the closed reviews of their own
//! charts): a review's row and codes, plans, the sampling candidates and
//! the reviewed codes closing would store. The rows are turned into the
//! SQLite store's types by its own finishers (`store::review::flow`), so
//! both backends answer alike.

use std::collections::HashMap;

use postgres::GenericClient;

use crate::domain::chart::ChartRef;
use crate::domain::people::Actor;
use crate::domain::review::sampling::Candidate;
use crate::domain::review::{Period, ReviewMode, ReviewStatus};
use crate::store::WorkError;
use crate::store::backend::postgres::pg_error;
use crate::store::clock;
use crate::store::review::flow::{code_from_cells, finish};
use crate::store::review::{ReviewCode, ReviewPlan, ReviewRow, chart_key};

/// The columns of a [`ReviewRow`] over `review r JOIN chart c`.
pub(crate) const ROW_SQL: &str = "SELECT r.id, r.chart_id, c.account, r.plan_id, r.mode,
        r.rules::text, r.status, cu.login, r.queue, r.finalized_at, lu.login, r.lease_until,
        r.closed_at, r.changed, r.original_drg::text, r.reviewed_drg::text,
        r.outcome_seen_at IS NOT NULL, r.rebuttal, r.rebuttal_status, r.rebuttal_answer
    FROM chartq.review r JOIN chartq.chart c ON c.id = r.chart_id
        LEFT JOIN chartq.app_user cu ON cu.id = r.coder_id
        LEFT JOIN chartq.app_user lu ON lu.id = r.lease_holder";

/// One row of [`ROW_SQL`], typed.
pub(crate) fn row_from(r: &postgres::Row) -> Result<ReviewRow, WorkError> {
    let until: Option<i64> = r.get(11);
    let row = ReviewRow {
        id: r.get(0),
        chart_id: r.get(1),
        account: r.get(2),
        plan: r.get(3),
        mode: ReviewMode::Prebill,
        rules: vec![],
        status: ReviewStatus::Open,
        coder: r.get(7),
        queue: r.get(8),
        finalized_at: r.get(9),
        auditor: r.get(10),
        lease_until: until.map(clock::stamp_secs),
        closed_at: r.get(12),
        changed: r.get(13),
        original_drg: None,
        reviewed_drg: None,
        outcome_seen: r.get(16),
        rebuttal: r.get(17),
        rebuttal_status: None,
        rebuttal_answer: r.get(19),
    };
    finish((
        row,
        [r.get(4), r.get(5), r.get(6)],
        [r.get(14), r.get(15), r.get(18)],
    ))
}

/// One review's row.
pub(crate) fn load_row(client: &mut impl GenericClient, id: i64) -> Result<ReviewRow, WorkError> {
    let row = client
        .query_one(&format!("{ROW_SQL} WHERE r.id = $1"), &[&id])
        .map_err(pg_error)?;
    row_from(&row)
}

/// The 18 cells of a `review_code` row as text (see `code_from_cells`).
pub(crate) const CODE_CELLS: &str = "rc.id::text, rc.orig_seq::text, rc.orig_system,
    rc.orig_code, rc.orig_title, rc.orig_role, rc.orig_poa, rc.orig_modifiers::text, rc.decision,
    rc.new_seq::text, rc.new_system, rc.new_code, rc.new_title, rc.new_role, rc.new_poa,
    rc.new_modifiers::text, rc.reason, rc.comment";

/// A [`ReviewCode`] from the cells starting at column `at`.
pub(crate) fn code_from(r: &postgres::Row, at: usize) -> Result<ReviewCode, WorkError> {
    let cells: Vec<Option<String>> = (0..18).map(|i| r.get(at + i)).collect();
    code_from_cells(&cells)
}

/// A review's codes in order: the coder's by their sequence, then added.
pub(crate) fn load_codes(
    client: &mut impl GenericClient,
    id: i64,
) -> Result<Vec<ReviewCode>, WorkError> {
    let rows = client
        .query(
            &format!(
                "SELECT {CODE_CELLS} FROM chartq.review_code rc WHERE rc.review_id = $1
                 ORDER BY rc.orig_seq IS NULL, rc.orig_seq, rc.id"
            ),
            &[&id],
        )
        .map_err(pg_error)?;
    rows.iter().map(|r| code_from(r, 0)).collect()
}

/// The review of `chart` as `actor` sees it: `(review, chart)`, or
/// `review of chart KEY not found`; `chart KEY not found` for a chart the
/// actor may not see, also when an admin acts as a coder (row-level
/// security narrows to the session's login only; SQLite's `review_of`
/// resolves under the actor alike, issue 13).
pub(crate) fn review_of(
    client: &mut impl GenericClient,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<(i64, i64), WorkError> {
    let chart_id = super::super::resolve_chart_for(client, actor, chart)?;
    let id: Option<i64> = client
        .query_opt(
            "SELECT id FROM chartq.review WHERE chart_id = $1",
            &[&chart_id],
        )
        .map_err(pg_error)?
        .map(|r| r.get(0));
    let id = id.ok_or_else(|| WorkError::NotFound {
        what: "review of chart",
        key: chart_key(chart),
    })?;
    Ok((id, chart_id))
}

const PLAN_SQL: &str = "SELECT p.id, p.name, p.queue, cu.login, p.mode, p.rules::text, p.seed,
        bu.login, p.created_at, p.ended_on
    FROM chartq.review_plan p LEFT JOIN chartq.app_user cu ON cu.id = p.coder_id
        JOIN chartq.app_user bu ON bu.id = p.created_by";

fn plan_from(r: &postgres::Row) -> Result<ReviewPlan, WorkError> {
    let id: i64 = r.get(0);
    let mode: String = r.get(4);
    let rules: String = r.get(5);
    let ended: Option<String> = r.get(9);
    Ok(ReviewPlan {
        id,
        name: r.get(1),
        queue: r.get(2),
        coder: r.get(3),
        mode: mode.parse().map_err(WorkError::Invalid)?,
        rules: serde_json::from_str(&rules)
            .map_err(|e| WorkError::Invalid(format!("review plan {id}: rules: {e}")))?,
        seed: r.get::<_, i64>(6) as u64,
        created_by: r.get(7),
        created_at: r.get(8),
        ended_on: ended.and_then(|d| d.parse().ok()),
    })
}

/// One plan by id (`review plan N not found`).
pub(crate) fn plan(client: &mut impl GenericClient, id: i64) -> Result<ReviewPlan, WorkError> {
    let row = client
        .query_opt(&format!("{PLAN_SQL} WHERE p.id = $1"), &[&id])
        .map_err(pg_error)?
        .ok_or_else(|| WorkError::NotFound {
            what: "review plan",
            key: id.to_string(),
        })?;
    plan_from(&row)
}

/// Every plan, ended ones only when `all`.
pub(crate) fn plans(
    client: &mut impl GenericClient,
    all: bool,
) -> Result<Vec<ReviewPlan>, WorkError> {
    client
        .query(
            &format!("{PLAN_SQL} WHERE $1 OR p.ended_on IS NULL ORDER BY p.id"),
            &[&all],
        )
        .map_err(pg_error)?
        .iter()
        .map(plan_from)
        .collect()
}

/// Charts finalized in `period` in the plan's scope, never sampled, by id
/// (the SQLite store's `candidates`, for the same seeded selection).
pub(crate) fn candidates(
    client: &mut impl GenericClient,
    plan: &ReviewPlan,
    period: Period,
) -> Result<Vec<Candidate>, WorkError> {
    let rows = client
        .query(
            "SELECT c.id, u.login, c.coded_at, d.drg_weight,
                EXISTS (SELECT 1 FROM chartq.provider_query q WHERE q.chart_id = c.id)
             FROM chartq.chart c LEFT JOIN chartq.app_user u ON u.id = c.coded_by
                LEFT JOIN chartq.chart_drg d ON d.chart_id = c.id
             WHERE c.status IN ('coded', 'audited') AND c.coded_at >= $1 AND c.coded_at < $2
               AND ($3::text IS NULL OR c.queue = $3) AND ($4::text IS NULL OR u.login = $4)
               AND NOT EXISTS (SELECT 1 FROM chartq.review r WHERE r.chart_id = c.id)
             ORDER BY c.id",
            &[
                &period.from.to_string(),
                &(period.to + chrono::Duration::days(1)).to_string(),
                &plan.queue,
                &plan.coder,
            ],
        )
        .map_err(pg_error)?;
    rows.iter()
        .map(|r| {
            let chart_id: i64 = r.get(0);
            let coded_at: String = r.get(2);
            let weight: Option<String> = r.get(3);
            Ok(Candidate {
                chart_id,
                coder: r.get(1),
                finalized: coded_at
                    .get(..10)
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(period.from),
                weight: weight
                    .map(|w| w.parse())
                    .transpose()
                    .map_err(|e| WorkError::Invalid(format!("chart_drg: chart {chart_id}: {e}")))?,
                had_query: r.get(4),
            })
        })
        .collect()
}

/// Charts this plan sampled per coder among those finalized in `month`.
pub(crate) fn month_so_far(
    client: &mut impl GenericClient,
    plan: i64,
    month: Period,
) -> Result<HashMap<String, u64>, WorkError> {
    let rows = client
        .query(
            "SELECT u.login, count(*) FROM chartq.review r
                JOIN chartq.app_user u ON u.id = r.coder_id
             WHERE r.plan_id = $1 AND r.finalized_at >= $2 AND r.finalized_at < $3
             GROUP BY u.login",
            &[
                &plan,
                &month.from.to_string(),
                &(month.to + chrono::Duration::days(1)).to_string(),
            ],
        )
        .map_err(pg_error)?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get::<_, i64>(1).max(0) as u64))
        .collect())
}
