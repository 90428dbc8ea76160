//! The work queue on PostgreSQL: the list is a plain SELECT under
//! row-level security (expired leases swept first by
//! `chartq.expire_leases`, as `system`); claim, renew, release, hold,
//! assign and mark audited are definer functions
//! (`sql/queue_functions.sql`). A claim is one short transaction: the
//! function picks with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent
//! claimers never wait on each other's pick nor get the same chart, and
//! the lease runs from the server's `now()`.

use super::charts::{CHART_SELECT, chart_columns, chart_from_row, key_args};
use super::*;
use crate::store::access;
use crate::store::queue::MAX_LEASE;

/// `queue list --mine` in SQL over `chart c`: the user id whose chart it is.
const MINE_SQL: &str = "CASE c.status WHEN 'in_progress' THEN c.lease_holder
    WHEN 'new' THEN c.assigned_to ELSE c.coder_id END";

/// The list's order (claim order) over `chart c`.
const LIST_ORDER: &str = "c.priority, coalesce(c.due_date, '9999-12-31'), c.date_of_service, c.id";

/// Whether the session is a coder listing as themselves: the policy then
/// shows their queues' charts and their own, and [`coder_candidates`]
/// finds the page by index.
fn coder_session(actor: &Actor) -> bool {
    actor.user.role == Role::Coder && actor.real_login.is_none()
}

/// For a coder's own session, `c.id IN (…)`: the first `offset + limit`
/// charts of each joined queue in list order (index `chart_queue_order`),
/// and every chart that is theirs by another rule of the policy (coder,
/// finalizer, assignee, lease holder, asked a query). A superset of the
/// page the policy allows (the policy still filters every row): without
/// it the list order was walked past every chart of the queues not
/// joined, 11,000 rows for a first page of 1,000,000 charts (issue 13).
fn coder_candidates(conditions: &[String], filter: &ListFilter) -> String {
    let and: String = conditions.iter().map(|c| format!(" AND {c}")).collect();
    let window = match filter.limit {
        0 => "ALL".to_string(),
        n => (n + filter.offset).to_string(),
    };
    format!(
        "c.id IN (
            SELECT x.id FROM unnest(chartq.my_queues()) AS q(queue), LATERAL (
                SELECT c.id FROM chartq.chart c WHERE c.queue = q.queue{and}
                ORDER BY {LIST_ORDER} LIMIT {window}) x
            UNION
            SELECT c.id FROM chartq.chart c
            WHERE (c.coder_id = (SELECT chartq.my_id()) OR c.coded_by = (SELECT chartq.my_id())
                   OR c.assigned_to = (SELECT chartq.my_id())
                   OR c.lease_holder = (SELECT chartq.my_id())
                   OR c.id = ANY ((SELECT chartq.my_asked_charts())::bigint[])){and})"
    )
}

/// `Backend::charts` on PostgreSQL: the charts the session may see (the
/// database's policy decides), in claim order.
pub fn charts(
    pg: &mut Postgres,
    actor: &Actor,
    filter: &ListFilter,
) -> Result<Vec<Chart>, WorkError> {
    let mut client = pg.client();
    client
        .execute("SELECT chartq.expire_leases()", &[])
        .map_err(pg_error)?;
    let mut conditions = Vec::new();
    let mut params: Vec<Box<dyn postgres::types::ToSql + Sync>> = Vec::new();
    if let Some(q) = &filter.queue {
        params.push(Box::new(q.clone()));
        conditions.push(format!("c.queue = ${}", params.len()));
    }
    if let Some(s) = filter.status {
        params.push(Box::new(s.as_str().to_string()));
        conditions.push(format!("c.status = ${}", params.len()));
    }
    if filter.mine {
        params.push(Box::new(actor.user.id));
        conditions.push(format!("{MINE_SQL} = ${}", params.len()));
    }
    if coder_session(actor) {
        conditions.insert(0, coder_candidates(&conditions, filter));
    }
    if let Some(user) = acting_narrows(actor) {
        params.push(Box::new(user));
        conditions.push(acting_sees_sql(&format!("${}", params.len())));
    }
    let filter_sql = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let limit = match filter.limit {
        0 => "ALL".to_string(),
        n => n.to_string(),
    };
    let sql = format!(
        "{CHART_SELECT} {filter_sql} ORDER BY {LIST_ORDER} LIMIT {limit} OFFSET {}",
        filter.offset
    );
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params.iter().map(|p| &**p).collect();
    let rows = client.query(&sql, &refs).map_err(pg_error)?;
    rows.iter().map(chart_from_row).collect()
}

/// `Backend::claim` on PostgreSQL.
pub fn claim(
    pg: &mut Postgres,
    actor: &Actor,
    request: &ClaimRequest,
) -> Result<Option<Chart>, WorkError> {
    if actor.user.role == Role::Auditor {
        return Err(WorkError::Forbidden(
            "auditors review coded charts; they do not claim".into(),
        ));
    }
    if request.lease.is_zero() || request.lease > MAX_LEASE {
        return Err(WorkError::Invalid(format!(
            "a lease is 1 minute to {} hours",
            MAX_LEASE.as_secs() / 3600
        )));
    }
    let lease = i64::try_from(request.lease.as_secs()).unwrap_or(i64::MAX);
    let (id, account) = match &request.chart {
        Some(key) => key_args(key),
        None => (None, None),
    };
    let claimed = pg
        .client()
        .query_opt(
            concat!(
                "SELECT ",
                chart_columns!(),
                " FROM chartq.claim($1, $2, $3, $4, $5) c WHERE c.id IS NOT NULL"
            ),
            &[&acting_as(actor), &request.queue, &id, &account, &lease],
        )
        .map_err(pg_error)?;
    let Some(claimed) = claimed else {
        if request.chart.is_none()
            && let Some(message) = access::no_queue_message(actor)
        {
            return Err(WorkError::Invalid(message));
        }
        return Ok(None);
    };
    chart_from_row(&claimed).map(Some)
}

/// Runs definer function `function(p_as, id, account, extra…)` on `chart`
/// and reads the chart back.
fn change(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    function: &str,
    extra: Option<&str>,
) -> Result<Chart, WorkError> {
    let (id, account) = key_args(chart);
    let mut client = pg.client();
    let columns = chart_columns!();
    let row = match extra {
        None => client.query_one(
            &format!("SELECT {columns} FROM chartq.{function}($1, $2, $3) c"),
            &[&acting_as(actor), &id, &account],
        ),
        Some(extra) => client.query_one(
            &format!("SELECT {columns} FROM chartq.{function}($1, $2, $3, $4) c"),
            &[&acting_as(actor), &id, &account, &extra],
        ),
    }
    .map_err(pg_error)?;
    chart_from_row(&row)
}

/// `Backend::renew` on PostgreSQL.
pub fn renew(pg: &mut Postgres, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError> {
    change(pg, actor, chart, "renew", None)
}

/// `Backend::release` on PostgreSQL.
pub fn release(pg: &mut Postgres, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError> {
    change(pg, actor, chart, "release", None)
}

/// `Backend::hold` on PostgreSQL.
pub fn hold(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    reason: &str,
) -> Result<Chart, WorkError> {
    let reason = crate::domain::text::single_line(reason);
    change(pg, actor, chart, "hold", Some(&reason))
}

/// `Backend::assign_to` on PostgreSQL.
pub fn assign_to(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    login: &str,
) -> Result<Chart, WorkError> {
    actor.require(Role::Supervisor, "assigning charts")?;
    change(pg, actor, chart, "assign_to", Some(login))
}

/// `Backend::mark_audited` on PostgreSQL.
pub fn mark_audited(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<Chart, WorkError> {
    actor.require(Role::Auditor, "marking a chart audited")?;
    change(pg, actor, chart, "mark_audited", None)
}
