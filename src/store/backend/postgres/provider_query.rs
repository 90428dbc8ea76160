//! Provider queries on PostgreSQL: ask (the lease holder; the chart waits
//! on hold), answer and close (who asked, or a supervisor; the last one
//! sends the chart back to its coder), list under row-level security. The
//! changes are definer functions (`sql/coding_functions.sql`); the text is
//! cleaned here as on SQLite. Also the hook `charts::show` reads a chart's
//! queries through.

use postgres::GenericClient;

use super::*;
use crate::domain::query::ProviderQueryStatus;
use crate::domain::text::single_line;

const QUERY_SELECT: &str = "SELECT q.id, q.chart_id, c.account, q.provider, q.question,
        q.options::text, q.status, q.response,
        (SELECT login FROM chartq.app_user WHERE id = q.asked_by), q.asked_at,
        (SELECT login FROM chartq.app_user WHERE id = q.answered_by), q.answered_at,
        (SELECT login FROM chartq.app_user WHERE id = q.closed_by), q.closed_at,
        q.attributed_to, coalesce(q.entered_on_behalf, false)
     FROM chartq.provider_query q JOIN chartq.chart c ON c.id = q.chart_id";

fn from_row(r: &postgres::Row) -> Result<ProviderQuery, WorkError> {
    let status: String = r.get(6);
    let answered_by: Option<String> = r.get(10);
    Ok(ProviderQuery {
        id: r.get(0),
        chart_id: r.get(1),
        account: r.get(2),
        provider: r.get(3),
        question: r.get(4),
        options: serde_json::from_str(r.get(5)).unwrap_or_default(),
        status: ProviderQueryStatus::parse(&status)
            .ok_or_else(|| WorkError::Invalid(format!("unknown provider query status {status}")))?,
        response: r.get(7),
        asked_by: r.get(8),
        asked_at: r.get(9),
        entered_by: answered_by.clone(),
        answered_by,
        answered_at: r.get(11),
        closed_by: r.get(12),
        closed_at: r.get(13),
        attributed_to: r.get(14),
        entered_on_behalf: r.get(15),
    })
}

/// A chart key as the definer functions take it: `(id, account)`.
fn key_args(chart: &ChartRef) -> (Option<i64>, Option<String>) {
    match chart {
        ChartRef::Id(id) => (Some(id.0), None),
        ChartRef::Account(account) => (None, Some(account.trim().to_string())),
    }
}

/// The id of the chart `chart` names, as the session (and the user an
/// admin acts as) may see it.
fn resolve(
    client: &mut impl GenericClient,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<i64, WorkError> {
    let (id, account) = key_args(chart);
    let acting = acting_narrows(actor);
    client
        .query_opt(
            &format!(
                "SELECT c.id FROM chartq.chart c WHERE (c.id = $1 OR c.account = $2)
                   AND ($3::bigint IS NULL OR {})",
                acting_sees_sql("$3")
            ),
            &[&id, &account, &acting],
        )
        .map_err(pg_error)?
        .map(|r| r.get(0))
        .ok_or_else(|| crate::store::charts::not_found(chart))
}

/// Query `id` as the session sees it.
fn load(client: &mut impl GenericClient, id: i64) -> Result<ProviderQuery, WorkError> {
    let row = client
        .query_opt(&format!("{QUERY_SELECT} WHERE q.id = $1"), &[&id])
        .map_err(pg_error)?
        .ok_or_else(|| WorkError::NotFound {
            what: "provider query",
            key: format!("#{id}"),
        })?;
    from_row(&row)
}

/// `Backend::ask` on PostgreSQL.
pub fn ask(
    pg: &mut Postgres,
    actor: &Actor,
    chart: &ChartRef,
    new: &NewProviderQuery,
) -> Result<ProviderQuery, WorkError> {
    let provider = single_line(&new.provider);
    let question = crate::domain::text::sanitize(&new.question)
        .trim()
        .to_string();
    if provider.is_empty() || question.is_empty() {
        return Err(WorkError::Invalid(
            "a provider query needs a provider and a question".into(),
        ));
    }
    let options = crate::store::provider_query::with_required_options(&new.options)?;
    let options = serde_json::to_value(&options).unwrap_or_default();
    let (id, account) = key_args(chart);
    pg.transact(|tx| {
        let row = tx
            .query_one(
                "SELECT (chartq.ask_query($1, $2, $3, $4, $5, $6)).id",
                &[
                    &acting_as(actor),
                    &id,
                    &account,
                    &provider,
                    &question,
                    &options,
                ],
            )
            .map_err(pg_error)?;
        load(tx, row.get(0))
    })
}

/// `Backend::provider_queries` on PostgreSQL: newest first, rows by policy.
pub fn provider_queries(
    pg: &Postgres,
    actor: &Actor,
    filter: &ProviderQueryFilter,
) -> Result<Vec<ProviderQuery>, WorkError> {
    pg.transact(|tx| {
        let chart_id = filter
            .chart
            .as_ref()
            .map(|k| resolve(tx, actor, k))
            .transpose()?;
        let rows = tx
            .query(
                &format!(
                    "{QUERY_SELECT}
                     WHERE (NOT $1 OR q.status IN ('draft', 'open'))
                       AND (NOT $2 OR q.asked_by = $3 OR c.coder_id = $3)
                       AND ($4::bigint IS NULL OR q.chart_id = $4)
                       AND ($5::bigint IS NULL OR {})
                     ORDER BY q.id DESC",
                    acting_sees_sql("$5")
                ),
                &[
                    &filter.open,
                    &filter.mine,
                    &actor.user.id,
                    &chart_id,
                    &acting_narrows(actor),
                ],
            )
            .map_err(pg_error)?;
        rows.iter().map(from_row).collect()
    })
}

/// `Backend::answer` on PostgreSQL.
pub fn answer(
    pg: &mut Postgres,
    actor: &Actor,
    query_id: i64,
    response: &str,
) -> Result<ProviderQuery, WorkError> {
    let response = crate::domain::text::sanitize(response).trim().to_string();
    if response.is_empty() {
        return Err(WorkError::Invalid("the response is empty".into()));
    }
    pg.transact(|tx| {
        tx.execute(
            "SELECT chartq.answer_query($1, $2, $3)",
            &[&acting_as(actor), &query_id, &response],
        )
        .map_err(pg_error)?;
        load(tx, query_id)
    })
}

/// `Backend::close` on PostgreSQL.
pub fn close(pg: &mut Postgres, actor: &Actor, query_id: i64) -> Result<ProviderQuery, WorkError> {
    pg.transact(|tx| {
        tx.execute(
            "SELECT chartq.close_query($1, $2)",
            &[&acting_as(actor), &query_id],
        )
        .map_err(pg_error)?;
        load(tx, query_id)
    })
}

/// A chart's queries, oldest first, for `charts::show` and `reload`.
pub fn for_chart(tx: &mut Transaction<'_>, chart_id: i64) -> Result<Vec<ProviderQuery>, WorkError> {
    let rows = tx
        .query(
            &format!("{QUERY_SELECT} WHERE q.chart_id = $1 ORDER BY q.id"),
            &[&chart_id],
        )
        .map_err(pg_error)?;
    rows.iter().map(from_row).collect()
}
