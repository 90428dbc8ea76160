//! The coded-charts export on PostgreSQL (pg-coding fills it in).

use super::*;

/// `Backend::coded_charts` on PostgreSQL.
pub fn coded_charts(
    _pg: &mut Postgres,
    _actor: &Actor,
    _since: Option<NaiveDate>,
) -> Result<Vec<ExportedChart>, WorkError> {
    Err(not_yet("coded_charts"))
}
