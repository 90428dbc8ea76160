//! Charts on PostgreSQL: the count, chart import (one transaction through
//! a definer function) and the chart view (`show`, audited; `reload`).

use super::*;

/// `Backend::chart_count` on PostgreSQL.
pub fn chart_count(_pg: &Postgres) -> Result<u64, WorkError> {
    Err(not_yet("chart_count"))
}

/// `Backend::show` on PostgreSQL.
pub fn show(
    _pg: &mut Postgres,
    _actor: &Actor,
    _chart: &ChartRef,
) -> Result<ChartDetail, WorkError> {
    Err(not_yet("show"))
}

/// `Backend::reload` on PostgreSQL.
pub fn reload(_pg: &Postgres, _actor: &Actor, _chart: &ChartRef) -> Result<ChartDetail, WorkError> {
    Err(not_yet("reload"))
}

/// `Backend::import_charts` on PostgreSQL.
pub fn import_charts(
    _pg: &mut Postgres,
    _actor: &Actor,
    _reader: &mut dyn Read,
    _file_name: &str,
    _format: Format,
) -> Result<ImportSummary, WorkError> {
    Err(not_yet("import_charts"))
}
