//! The department's reports on PostgreSQL ([`ReportStore`]): the SQLite
//! store's queries (`store::reports`) in PostgreSQL's dialect, over the
//! tables migration 0016 keeps from the audit log by trigger, read under
//! row-level security (a coder's session reads only their own rows). Text
//! is ordered `COLLATE "C"` so both backends list alike. No query selects
//! a patient column.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use postgres::GenericClient;
use postgres::types::ToSql;

use super::{Postgres, pg_error};
use crate::domain::chart::EncounterType;
use crate::domain::people::{Actor, Role};
use crate::store::WorkError;
use crate::store::backend::ReportStore;
use crate::store::reports::backlog::BacklogCount;
use crate::store::reports::productivity::ProductivityCounts;
use crate::store::reports::queries::QueryFact;
use crate::store::reports::{ReportFilter, require_overseer};

/// The reports migration (SQLite's number, PostgreSQL's dialect).
pub const MIGRATIONS: &[(i64, &str)] = &[(16, include_str!("sql/0016_reports.sql"))];

/// The reports' policies and helpers, re-created by every init.
pub const FUNCTIONS: &[&str] = &[include_str!("sql/reports_functions.sql")];

/// The report tables every chartq role may SELECT (rows by policy).
pub const READ_TABLES: &[&str] = &[
    "chartq.report_open_claim",
    "chartq.report_work",
    "chartq.report_finalized",
    "chartq.report_hold",
    "chartq.report_day",
    "chartq.report_hour",
];

/// The reports' functions every chartq role may EXECUTE.
pub const API_FUNCTIONS: &[&str] = &["chartq.report_queue_known", "chartq.report_seconds"];

/// Refuses a queue no chart names, naming `--queue` (as on SQLite).
fn check_queue(client: &mut impl GenericClient, queue: Option<&str>) -> Result<(), WorkError> {
    let Some(queue) = queue else { return Ok(()) };
    let known: bool = client
        .query_one("SELECT chartq.report_queue_known($1)", &[&queue])
        .map_err(pg_error)?
        .get(0);
    if known {
        Ok(())
    } else {
        Err(WorkError::Invalid(format!(
            "--queue: no chart is in queue {}",
            crate::domain::text::single_line(queue)
        )))
    }
}

/// The coder whose rows `actor` may see (`store::reports::coder_scope`).
fn coder_scope(
    client: &mut impl GenericClient,
    actor: &Actor,
    asked: Option<&str>,
) -> Result<Option<String>, WorkError> {
    if let Some(login) = asked {
        let known: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM chartq.app_user WHERE login = $1)",
                &[&login],
            )
            .map_err(pg_error)?
            .get(0);
        if !known {
            return Err(WorkError::Invalid(format!(
                "--coder: no chartq user {}",
                crate::domain::text::single_line(login)
            )));
        }
    }
    if actor.is_at_least(Role::Auditor) {
        return Ok(asked.map(str::to_string));
    }
    match asked {
        Some(login) if login != actor.user.login => Err(WorkError::Forbidden(format!(
            "--coder: a coder sees only their own productivity, not {}",
            crate::domain::text::single_line(login)
        ))),
        _ => Ok(Some(actor.user.login.clone())),
    }
}

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

const QUEUE_SQL: &str = "($3::text IS NULL OR EXISTS (SELECT 1 FROM chartq.chart c
    WHERE c.id = t.chart_id AND c.queue = $3))";
const CODER_SQL: &str = "($4::text IS NULL OR t.user_login = $4)";

type Cells = HashMap<(String, String), (u64, u64)>;

/// Productivity's counts (`store::reports::productivity::counts`).
fn productivity(
    client: &mut impl GenericClient,
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
        "SELECT t.user_login, t.encounter_type, count(*)::bigint FROM chartq.report_finalized t
         WHERE t.at >= $1 AND t.at < $2 AND {QUEUE_SQL} AND {CODER_SQL} GROUP BY 1, 2"
    );
    let work_sql = format!(
        "SELECT t.user_login, t.encounter_type, sum(t.seconds)::bigint FROM chartq.report_work t
         WHERE t.ended_at >= $1 AND t.ended_at < $2 AND {QUEUE_SQL} AND {CODER_SQL} GROUP BY 1, 2"
    );
    for (s, e) in raw.iter().filter(|(s, e)| s < e) {
        let p: [&(dyn ToSql + Sync); 4] = [s, e, &filter.queue, &filter.coder];
        for (sql, finalized) in [(&fin_sql, true), (&work_sql, false)] {
            for r in client.query(sql.as_str(), &p).map_err(pg_error)? {
                let cell = cells.entry((r.get(0), r.get(1))).or_default();
                let n = r.get::<_, i64>(2).max(0) as u64;
                if finalized {
                    cell.0 += n;
                } else {
                    cell.1 += n;
                }
            }
        }
    }
    if let Some((lo, hi)) = days {
        let rows = client
            .query(
                "SELECT user_login, encounter_type, sum(finalized)::bigint, sum(seconds)::bigint
                 FROM chartq.report_day
                 WHERE day >= $1 AND day < $2 AND ($3::text IS NULL OR queue = $3)
                   AND ($4::text IS NULL OR user_login = $4)
                 GROUP BY 1, 2",
                &[
                    &lo.to_string(),
                    &hi.to_string(),
                    &filter.queue,
                    &filter.coder,
                ],
            )
            .map_err(pg_error)?;
        for r in rows {
            let cell = cells.entry((r.get(0), r.get(1))).or_default();
            cell.0 += r.get::<_, i64>(2).max(0) as u64;
            cell.1 += r.get::<_, i64>(3).max(0) as u64;
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
    let by_hour = if filter.coder.is_some() {
        format!(
            "SELECT substr(t.at, 1, 13), count(*)::bigint FROM chartq.report_finalized t
             WHERE t.user_login = $4 AND t.at >= $1 AND t.at < $2 AND {QUEUE_SQL}
             GROUP BY 1 ORDER BY 1"
        )
    } else {
        "SELECT hour, sum(finalized)::bigint FROM chartq.report_hour
         WHERE hour >= substr($1, 1, 13) AND hour < substr($2, 1, 13)
           AND ($3::text IS NULL OR queue = $3) AND $4::text IS NULL
         GROUP BY 1 ORDER BY 1"
            .to_string()
    };
    let finalized_by_hour = client
        .query(
            &by_hour,
            &[&filter.start, &filter.end, &filter.queue, &filter.coder],
        )
        .map_err(pg_error)?
        .iter()
        .map(|r| (r.get(0), r.get::<_, i64>(1).max(0) as u64))
        .collect();
    Ok(ProductivityCounts {
        finalized,
        worked,
        finalized_by_hour,
    })
}

impl ReportStore for Postgres {
    fn productivity_counts(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<ProductivityCounts, WorkError> {
        self.transact(|tx| {
            check_queue(tx, filter.queue.as_deref())?;
            let coder = coder_scope(tx, actor, filter.coder.as_deref())?;
            let scoped = ReportFilter {
                coder,
                ..filter.clone()
            };
            productivity(tx, &scoped)
        })
    }

    fn backlog_counts(
        &self,
        actor: &Actor,
        today: NaiveDate,
        queue: Option<&str>,
    ) -> Result<Vec<BacklogCount>, WorkError> {
        require_overseer(actor, "backlog")?;
        self.transact(|tx| {
            check_queue(tx, queue)?;
            let rows = tx
                .query(
                    "SELECT c.queue,
                        ($1::date - coalesce(c.discharge_date, c.date_of_service)::date)::bigint,
                        count(*), count(coalesce(w.drg_weight, d.drg_weight)),
                        coalesce(sum(coalesce(w.drg_weight, d.drg_weight)::numeric), 0)::float8,
                        coalesce(sum(c.expected_charges_cents), 0)::float8
                     FROM chartq.chart c LEFT JOIN chartq.chart_drg d ON d.chart_id = c.id
                     LEFT JOIN chartq.chart_working_drg w ON w.chart_id = c.id
                     WHERE c.status IN ('new', 'in_progress', 'on_hold')
                       AND ($2::text IS NULL OR c.queue = $2)
                     GROUP BY 1, 2 ORDER BY c.queue COLLATE \"C\", 2",
                    &[&today, &queue],
                )
                .map_err(pg_error)?;
            Ok(rows
                .iter()
                .map(|r| BacklogCount {
                    queue: r.get(0),
                    days: r.get::<_, Option<i64>>(1).unwrap_or(0),
                    charts: r.get::<_, i64>(2).max(0) as u64,
                    with_weight: r.get::<_, i64>(3).max(0) as u64,
                    weight: r.get(4),
                    expected_charges_cents: r.get::<_, f64>(5) as i64,
                })
                .collect())
        })
    }

    fn hold_counts(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<Vec<(String, u64, u64)>, WorkError> {
        require_overseer(actor, "holds")?;
        self.transact(|tx| {
            check_queue(tx, filter.queue.as_deref())?;
            let rows = tx
                .query(
                    "SELECT reason, sum(placed)::bigint, sum(now)::bigint FROM (
                         SELECT h.reason AS reason, 1 AS placed, 0 AS now FROM chartq.report_hold h
                         WHERE h.at >= $1 AND h.at < $2 AND ($3::text IS NULL OR h.queue = $3)
                         UNION ALL
                         SELECT CASE WHEN hold_reason LIKE 'provider query #%' THEN 'provider query'
                                     ELSE coalesce(hold_reason, '') END, 0, 1
                         FROM chartq.chart
                         WHERE status = 'on_hold' AND ($3::text IS NULL OR queue = $3)) x
                     GROUP BY reason ORDER BY sum(placed) + sum(now) DESC, reason COLLATE \"C\"",
                    &[&filter.start, &filter.end, &filter.queue],
                )
                .map_err(pg_error)?;
            Ok(rows
                .iter()
                .map(|r| {
                    (
                        r.get(0),
                        r.get::<_, i64>(1).max(0) as u64,
                        r.get::<_, i64>(2).max(0) as u64,
                    )
                })
                .collect())
        })
    }

    fn queries_sent(
        &self,
        actor: &Actor,
        filter: &ReportFilter,
    ) -> Result<Vec<QueryFact>, WorkError> {
        require_overseer(actor, "provider queries")?;
        self.transact(|tx| {
            check_queue(tx, filter.queue.as_deref())?;
            let rows = tx
                .query(
                    "SELECT q.provider, q.asked_at, q.answered_at,
                        CASE WHEN q.answered_at IS NOT NULL
                             THEN floor(extract(epoch FROM (q.answered_at::timestamptz
                                  - q.asked_at::timestamptz)))::bigint END,
                        q.chosen_option::bigint, jsonb_array_length(q.options)::bigint
                     FROM chartq.provider_query q
                     WHERE q.asked_at >= $1 AND q.asked_at < $2 AND q.status <> 'draft'
                       AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM chartq.chart c
                            WHERE c.id = q.chart_id AND c.queue = $3))
                     ORDER BY q.provider COLLATE \"C\", q.asked_at",
                    &[&filter.start, &filter.end, &filter.queue],
                )
                .map_err(pg_error)?;
            Ok(rows
                .iter()
                .map(|r| QueryFact {
                    provider: r.get(0),
                    asked_at: r.get(1),
                    answered_at: r.get(2),
                    response_seconds: r.get(3),
                    chosen_option: r.get(4),
                    options: r.get(5),
                })
                .collect())
        })
    }
}
