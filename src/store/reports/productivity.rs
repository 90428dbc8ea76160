//! Productivity's counts: finalizes and worked seconds by coder and
//! encounter type, and finalizes by UTC hour (which the use case turns
//! into the facility's days), from `report_finalized` and `report_work`.

use rusqlite::{Connection, params};

use super::ReportFilter;
use crate::domain::chart::EncounterType;
use crate::store::WorkError;

/// What the productivity report is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductivityCounts {
    /// (coder, encounter type, finalizes) in the period.
    pub finalized: Vec<(String, EncounterType, u64)>,
    /// (coder, encounter type, seconds) of work stretches that ended in it.
    pub worked: Vec<(String, EncounterType, u64)>,
    /// (`YYYY-MM-DDTHH`, finalizes) per UTC hour.
    pub finalized_by_hour: Vec<(String, u64)>,
}

/// The counts for `filter` (its coder already scoped by the caller).
pub(crate) fn counts(
    conn: &Connection,
    filter: &ReportFilter,
) -> Result<ProductivityCounts, WorkError> {
    let queue_sql =
        "(?3 IS NULL OR EXISTS (SELECT 1 FROM chart c WHERE c.id = t.chart_id AND c.queue = ?3))";
    let coder_sql = "(?4 IS NULL OR t.user_login = ?4)";
    let p = params![filter.start, filter.end, filter.queue, filter.coder];
    let by_type = |sql: &str| -> Result<Vec<(String, EncounterType, u64)>, WorkError> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(p, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (coder, kind, n) = row?;
            let kind: EncounterType = kind.parse().map_err(WorkError::Invalid)?;
            out.push((coder, kind, n.max(0) as u64));
        }
        Ok(out)
    };
    let finalized = by_type(&format!(
        "SELECT t.user_login, t.encounter_type, count(*) FROM report_finalized t
         WHERE t.at >= ?1 AND t.at < ?2 AND {queue_sql} AND {coder_sql}
         GROUP BY 1, 2 ORDER BY 1, 2"
    ))?;
    let worked = by_type(&format!(
        "SELECT t.user_login, t.encounter_type, sum(t.seconds) FROM report_work t
         WHERE t.ended_at >= ?1 AND t.ended_at < ?2 AND {queue_sql} AND {coder_sql}
         GROUP BY 1, 2 ORDER BY 1, 2"
    ))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT substr(t.at, 1, 13), count(*) FROM report_finalized t
         WHERE t.at >= ?1 AND t.at < ?2 AND {queue_sql} AND {coder_sql}
         GROUP BY 1 ORDER BY 1"
    ))?;
    let finalized_by_hour = stmt
        .query_map(p, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64))
        })?
        .collect::<Result<_, _>>()?;
    Ok(ProductivityCounts {
        finalized,
        worked,
        finalized_by_hour,
    })
}
