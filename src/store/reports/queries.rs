//! The provider queries sent in a period, one row each (a department
//! sends thousands a year, not millions): who was asked, when, when
//! answered, and which option the answer chose.

use rusqlite::{Connection, params};

use super::ReportFilter;
use crate::store::WorkError;

/// One provider query as the report counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryFact {
    pub provider: String,
    pub asked_at: String,
    pub answered_at: Option<String>,
    /// Seconds from asked to answered.
    pub response_seconds: Option<i64>,
    /// The chosen option's index, when the answer chose one.
    pub chosen_option: Option<i64>,
    /// How many options were offered (the last two are the ones every
    /// query offers: "Other", "Unable to determine").
    pub options: i64,
}

/// Queries sent (not drafts) in the filter's period and queue.
pub(crate) fn sent(conn: &Connection, filter: &ReportFilter) -> Result<Vec<QueryFact>, WorkError> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.provider, q.asked_at, q.answered_at,
                CAST(strftime('%s', q.answered_at) AS INTEGER) - CAST(strftime('%s', q.asked_at) AS INTEGER),
                q.chosen_option, json_array_length(q.options)
         FROM provider_query q
         WHERE q.asked_at >= ?1 AND q.asked_at < ?2 AND q.status != 'draft'
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM chart c WHERE c.id = q.chart_id AND c.queue = ?3))
         ORDER BY q.provider, q.asked_at",
    )?;
    let rows = stmt.query_map(params![filter.start, filter.end, filter.queue], |r| {
        Ok(QueryFact {
            provider: r.get(0)?,
            asked_at: r.get(1)?,
            answered_at: r.get(2)?,
            response_seconds: r.get(3)?,
            chosen_option: r.get(4)?,
            options: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
