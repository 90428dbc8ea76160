//! The backlog's counts: charts not yet final-coded (new, in progress, on
//! hold) by queue and days since discharge, with the working DRG's weight
//! (`chart_working_drg`, recorded when the app grouped the chart; a stored
//! finalize DRG where there is no working one) and the feed's expected
//! charges; and holds by reason (placed in the period,
//! from `report_hold`, and on hold now, from the chart table).

use rusqlite::{Connection, params};

use super::ReportFilter;
use crate::store::WorkError;

/// One queue's backlog charts `days` days after discharge.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogCount {
    pub queue: String,
    pub days: i64,
    pub charts: u64,
    pub with_weight: u64,
    pub weight: f64,
    pub expected_charges_cents: i64,
}

/// The reason a hold is reported under: a provider query's hold
/// (`provider query #12`) is one reason, whatever the query.
const REASON_SQL: &str = "CASE WHEN hold_reason LIKE 'provider query #%' THEN 'provider query' ELSE coalesce(hold_reason, '') END";

/// The backlog as of `today` (`YYYY-MM-DD`), optionally one queue.
pub(crate) fn counts(
    conn: &Connection,
    today: &str,
    queue: Option<&str>,
) -> Result<Vec<BacklogCount>, WorkError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.queue,
                CAST(julianday(?1) - julianday(coalesce(c.discharge_date, c.date_of_service)) AS INTEGER),
                count(*), count(coalesce(w.drg_weight, d.drg_weight)),
                total(CAST(coalesce(w.drg_weight, d.drg_weight) AS REAL)),
                total(c.expected_charges_cents)
         FROM chart c INDEXED BY chart_backlog LEFT JOIN chart_drg d ON d.chart_id = c.id
             LEFT JOIN chart_working_drg w ON w.chart_id = c.id
         WHERE c.status IN ('new', 'in_progress', 'on_hold') AND (?2 IS NULL OR c.queue = ?2)
         GROUP BY 1, 2 ORDER BY 1, 2",
    )?;
    let rows = stmt.query_map(params![today, queue], |r| {
        Ok(BacklogCount {
            queue: r.get(0)?,
            days: r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            charts: r.get::<_, i64>(2)?.max(0) as u64,
            with_weight: r.get::<_, i64>(3)?.max(0) as u64,
            weight: r.get(4)?,
            expected_charges_cents: r.get::<_, f64>(5)? as i64,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// (reason, placed in the period, on hold now), by reason.
pub(crate) fn holds(
    conn: &Connection,
    filter: &ReportFilter,
) -> Result<Vec<(String, u64, u64)>, WorkError> {
    let sql = format!(
        "SELECT reason, sum(placed), sum(now) FROM (
             SELECT h.reason AS reason, 1 AS placed, 0 AS now FROM report_hold h
             WHERE h.at >= ?1 AND h.at < ?2 AND (?3 IS NULL OR h.queue = ?3)
             UNION ALL
             SELECT {REASON_SQL}, 0, 1 FROM chart
             WHERE status = 'on_hold' AND (?3 IS NULL OR queue = ?3))
         GROUP BY reason ORDER BY sum(placed) + sum(now) DESC, reason"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![filter.start, filter.end, filter.queue], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?.max(0) as u64,
            r.get::<_, i64>(2)?.max(0) as u64,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
