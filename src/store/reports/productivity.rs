//! Productivity's counts: finalizes and worked seconds by coder and
//! encounter type, and finalizes by UTC hour (which the use case turns
//! into the facility's days). The whole UTC days inside a period are read
//! from the maintained sums (`report_day`, `report_hour`); the partial
//! days at its ends from the rows (`report_finalized`, `report_work`), so
//! a year costs a few thousand rows and agrees with the rows exactly.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
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

const QUEUE_SQL: &str =
    "(?3 IS NULL OR EXISTS (SELECT 1 FROM chart c WHERE c.id = t.chart_id AND c.queue = ?3))";
const CODER_SQL: &str = "(?4 IS NULL OR t.user_login = ?4)";

/// The whole UTC days `[lo, hi)` inside `[start, end)`, if any.
fn whole_days(start: &str, end: &str) -> Option<(NaiveDate, NaiveDate)> {
    let day = |s: &str| s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
    let mut lo = day(start)?;
    if start.get(10..) != Some("T00:00:00Z") {
        lo = lo.checked_add_days(Days::new(1))?;
    }
    let hi = day(end)?;
    (lo < hi).then_some((lo, hi))
}

type Cells = HashMap<(String, String), (u64, u64)>;

fn add_rows(
    conn: &Connection,
    sql: &str,
    p: &[&dyn rusqlite::ToSql],
    cells: &mut Cells,
    finalized: bool,
) -> Result<(), WorkError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    while let Some(r) = rows.next()? {
        let key = (r.get::<_, String>(0)?, r.get::<_, String>(1)?);
        let n = r.get::<_, i64>(2)?.max(0) as u64;
        let cell = cells.entry(key).or_default();
        if finalized {
            cell.0 += n;
        } else {
            cell.1 += n;
        }
    }
    Ok(())
}

/// The counts for `filter` (its coder already scoped by the caller).
pub(crate) fn counts(
    conn: &Connection,
    filter: &ReportFilter,
) -> Result<ProductivityCounts, WorkError> {
    let days = whole_days(&filter.start, &filter.end);
    let midnight = |d: NaiveDate| format!("{d}T00:00:00Z");
    let raw: Vec<(String, String)> = match days {
        Some((lo, hi)) => vec![
            (filter.start.clone(), midnight(lo)),
            (midnight(hi), filter.end.clone()),
        ],
        None => vec![(filter.start.clone(), filter.end.clone())],
    };
    let mut cells = Cells::new();
    let fin_sql = format!(
        "SELECT t.user_login, t.encounter_type, count(*) FROM report_finalized t
         WHERE t.at >= ?1 AND t.at < ?2 AND {QUEUE_SQL} AND {CODER_SQL} GROUP BY 1, 2"
    );
    let work_sql = format!(
        "SELECT t.user_login, t.encounter_type, sum(t.seconds) FROM report_work t
         WHERE t.ended_at >= ?1 AND t.ended_at < ?2 AND {QUEUE_SQL} AND {CODER_SQL} GROUP BY 1, 2"
    );
    for (s, e) in raw.iter().filter(|(s, e)| s < e) {
        let p = params![s, e, filter.queue, filter.coder];
        add_rows(conn, &fin_sql, p, &mut cells, true)?;
        add_rows(conn, &work_sql, p, &mut cells, false)?;
    }
    if let Some((lo, hi)) = days {
        let mut stmt = conn.prepare_cached(
            "SELECT user_login, encounter_type, sum(finalized), sum(seconds) FROM report_day
             WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR queue = ?3)
               AND (?4 IS NULL OR user_login = ?4)
             GROUP BY 1, 2",
        )?;
        let mut rows = stmt.query(params![
            lo.to_string(),
            hi.to_string(),
            filter.queue,
            filter.coder
        ])?;
        while let Some(r) = rows.next()? {
            let cell = cells.entry((r.get(0)?, r.get(1)?)).or_default();
            cell.0 += r.get::<_, i64>(2)?.max(0) as u64;
            cell.1 += r.get::<_, i64>(3)?.max(0) as u64;
        }
    }
    let mut finalized = Vec::new();
    let mut worked = Vec::new();
    for ((coder, kind), (n, secs)) in cells {
        let kind: EncounterType = kind.parse().map_err(WorkError::Invalid)?;
        if n > 0 {
            finalized.push((coder.clone(), kind, n));
        }
        worked.push((coder, kind, secs));
    }
    Ok(ProductivityCounts {
        finalized,
        worked,
        finalized_by_hour: by_hour(conn, filter)?,
    })
}

/// Finalizes per UTC hour: from the hourly sums, or for one coder from
/// their rows (by the coder's index).
fn by_hour(conn: &Connection, filter: &ReportFilter) -> Result<Vec<(String, u64)>, WorkError> {
    let sql = if filter.coder.is_some() {
        format!(
            "SELECT substr(t.at, 1, 13), count(*) FROM report_finalized t INDEXED BY report_finalized_by_user
             WHERE t.user_login = ?4 AND t.at >= ?1 AND t.at < ?2 AND {QUEUE_SQL}
             GROUP BY 1 ORDER BY 1"
        )
    } else {
        "SELECT hour, sum(finalized) FROM report_hour
         WHERE hour >= substr(?1, 1, 13) AND hour < substr(?2, 1, 13) AND (?3 IS NULL OR queue = ?3)
           AND ?4 IS NULL
         GROUP BY 1 ORDER BY 1"
            .to_string()
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![filter.start, filter.end, filter.queue, filter.coder],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64)),
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
