//! Provider queries on PostgreSQL: ask, answer, close, list (pg-coding
//! fills these in). Also the hook `charts::show` reads a chart's queries
//! through.

use super::*;

/// `Backend::ask` on PostgreSQL.
pub fn ask(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
    _new: &NewProviderQuery,
) -> Result<ProviderQuery, WorkError> {
    Err(not_yet("ask"))
}

/// `Backend::provider_queries` on PostgreSQL.
pub fn provider_queries(
    _pg: &Postgres,
    _actor: &Actor,
    _filter: &ProviderQueryFilter,
) -> Result<Vec<ProviderQuery>, WorkError> {
    Err(not_yet("provider_queries"))
}

/// `Backend::answer` on PostgreSQL.
pub fn answer(
    _pg: &mut Postgres,
    _actor: &Actor,
    _query_id: i64,
    _response: &str,
) -> Result<ProviderQuery, WorkError> {
    Err(not_yet("answer"))
}

/// `Backend::close` on PostgreSQL.
pub fn close(
    _pg: &mut Postgres,
    _actor: &Actor,
    _query_id: i64,
) -> Result<ProviderQuery, WorkError> {
    Err(not_yet("close"))
}

/// A chart's provider queries, for `charts::show` and `reload` (empty until
/// the query table exists).
pub fn for_chart(
    _tx: &mut Transaction<'_>,
    _chart_id: i64,
) -> Result<Vec<ProviderQuery>, WorkError> {
    Ok(Vec::new())
}
