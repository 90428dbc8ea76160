//! The department's reports as use cases (issue 15), for the CLI's
//! `chartq report` and the TUI's reports screen alike: the period in the
//! facility's time zone, the seam's counts ([`ReportStore`]), and the
//! arithmetic (rates, medians, buckets) done once here.
//!
//! Formulas (the README's):
//! - charts per hour = charts finalized ÷ hours worked, where hours worked
//!   are the seconds from each claim to whatever ended it (finalize,
//!   release, hold, provider query), so time on hold never counts; a lease
//!   that ran out counts nothing; a stretch counts in the period its end
//!   falls in;
//! - backlog age = today − discharge date (date of service without one),
//!   in facility days; weights are the stored DRG's where one exists;
//! - median response = the median of (answered − sent) over answered
//!   queries sent in the period; agreement = answers choosing a clinical
//!   option ÷ answers with a chosen option.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::app::config::Config;
use crate::domain::chart::EncounterType;
use crate::domain::people::Actor;
use crate::domain::report::{
    AgeBucket, BacklogReport, BacklogRow, DayCount, FacilityZone, HoldRow, Period,
    ProductivityReport, ProductivityRow, ProductivityTotal, QueriesReport, QueryRow,
    ReportInputError, median, per_hour, round_to,
};
use crate::store::WorkError;
use crate::store::backend::ReportStore;
use crate::store::reports::ReportFilter;
use crate::store::reports::queries::QueryFact;

/// The days a report covers when neither `--from` nor `--to` is given.
pub const DEFAULT_DAYS: u64 = 7;

/// What the user asked for: period bounds (facility dates), a queue, a
/// coder.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub queue: Option<String>,
    pub coder: Option<String>,
}

/// The facility's time zone from `config.toml` (UTC when unset).
pub fn facility_zone(config: &Config) -> Result<FacilityZone, WorkError> {
    match &config.facility_time_zone {
        Some(name) => FacilityZone::parse(name).map_err(input),
        None => Ok(FacilityZone::utc()),
    }
}

fn input(e: ReportInputError) -> WorkError {
    WorkError::Invalid(e.to_string())
}

/// The period asked for: both bounds; one bound and [`DEFAULT_DAYS`]
/// around it; neither: the last [`DEFAULT_DAYS`] days to `today`.
pub fn period(req: &ReportRequest, today: NaiveDate) -> Result<Period, WorkError> {
    let span = chrono::Days::new(DEFAULT_DAYS - 1);
    match (req.from, req.to) {
        (Some(f), Some(t)) => Period::new(f, t).map_err(input),
        (Some(f), None) => Period::new(f, (f + span).min(today).max(f)).map_err(input),
        (None, Some(t)) => Period::new(t - span, t).map_err(input),
        (None, None) => Ok(Period::ending(today, DEFAULT_DAYS)),
    }
}

fn filter(req: &ReportRequest, period: Period, zone: FacilityZone) -> ReportFilter {
    let (start, end) = period.utc_bounds(zone);
    ReportFilter {
        start: stamp(start),
        end: stamp(end),
        queue: req.queue.clone(),
        coder: req.coder.clone(),
    }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Productivity by coder and encounter type.
pub fn productivity(
    store: &(impl ReportStore + ?Sized),
    actor: &Actor,
    zone: FacilityZone,
    today: NaiveDate,
    req: &ReportRequest,
) -> Result<ProductivityReport, WorkError> {
    let period = period(req, today)?;
    let counts = store.productivity_counts(actor, &filter(req, period, zone))?;
    let mut cells: BTreeMap<(String, &'static str), (EncounterType, u64, u64)> = BTreeMap::new();
    for (coder, kind, n) in counts.finalized {
        cells
            .entry((coder, kind.as_str()))
            .or_insert((kind, 0, 0))
            .1 += n;
    }
    for (coder, kind, secs) in counts.worked {
        cells
            .entry((coder, kind.as_str()))
            .or_insert((kind, 0, 0))
            .2 += secs;
    }
    let rows: Vec<ProductivityRow> = cells
        .into_iter()
        .map(|((coder, _), (encounter_type, n, secs))| ProductivityRow {
            coder,
            encounter_type,
            charts_finalized: n,
            seconds_worked: secs,
            charts_per_hour: per_hour(n, secs),
        })
        .collect();
    let (n, secs) = rows.iter().fold((0, 0), |(n, s), r| {
        (n + r.charts_finalized, s + r.seconds_worked)
    });
    let mut per_day: BTreeMap<NaiveDate, u64> = period.days().map(|d| (d, 0)).collect();
    for (hour, count) in counts.finalized_by_hour {
        let Ok(t) = NaiveDateTime::parse_from_str(&format!("{hour}:00:00"), "%Y-%m-%dT%H:%M:%S")
        else {
            continue;
        };
        let day = zone.local_date(t.and_utc());
        if let Some(c) = per_day.get_mut(&day) {
            *c += count;
        }
    }
    Ok(ProductivityReport {
        period,
        time_zone: zone.name().to_string(),
        rows,
        total: ProductivityTotal {
            charts_finalized: n,
            seconds_worked: secs,
            charts_per_hour: per_hour(n, secs),
        },
        per_day: per_day
            .into_iter()
            .map(|(date, count)| DayCount { date, count })
            .collect(),
    })
}

/// The backlog (DNFB) by queue and age as of `today`, and holds by reason.
pub fn backlog(
    store: &(impl ReportStore + ?Sized),
    actor: &Actor,
    zone: FacilityZone,
    today: NaiveDate,
    req: &ReportRequest,
) -> Result<BacklogReport, WorkError> {
    if req.coder.is_some() {
        return Err(WorkError::Invalid(
            "--coder: the backlog is by queue, not by coder".into(),
        ));
    }
    let period = period(req, today)?;
    let counts = store.backlog_counts(actor, today, req.queue.as_deref())?;
    let mut cells: BTreeMap<(String, AgeBucket), BacklogRow> = BTreeMap::new();
    for c in counts {
        let age = AgeBucket::of(c.days);
        let row = cells
            .entry((c.queue.clone(), age))
            .or_insert_with(|| BacklogRow {
                queue: c.queue.clone(),
                age,
                charts: 0,
                with_weight: 0,
                weight: 0.0,
                expected_charges_cents: 0,
            });
        row.charts += c.charts;
        row.with_weight += c.with_weight;
        row.weight = round_to(row.weight + c.weight, 4);
        row.expected_charges_cents += c.expected_charges_cents;
    }
    let holds = store
        .hold_counts(actor, &filter(req, period, zone))?
        .into_iter()
        .map(|(reason, placed, on_hold_now)| HoldRow {
            reason,
            placed,
            on_hold_now,
        })
        .collect();
    Ok(BacklogReport {
        today,
        period,
        time_zone: zone.name().to_string(),
        rows: cells.into_values().collect(),
        holds,
    })
}

/// Provider queries by provider.
pub fn queries(
    store: &(impl ReportStore + ?Sized),
    actor: &Actor,
    zone: FacilityZone,
    today: NaiveDate,
    req: &ReportRequest,
) -> Result<QueriesReport, WorkError> {
    if req.coder.is_some() {
        return Err(WorkError::Invalid(
            "--coder: provider queries are reported by provider, not by coder".into(),
        ));
    }
    let period = period(req, today)?;
    let facts = store.queries_sent(actor, &filter(req, period, zone))?;
    let mut by_provider: BTreeMap<String, Vec<&QueryFact>> = BTreeMap::new();
    for f in &facts {
        by_provider.entry(f.provider.clone()).or_default().push(f);
    }
    let rows = by_provider.iter().map(|(p, fs)| query_row(p, fs)).collect();
    let all: Vec<&QueryFact> = facts.iter().collect();
    Ok(QueriesReport {
        period,
        time_zone: zone.name().to_string(),
        rows,
        total: query_row("all", &all),
    })
}

/// A clinical option is any but the last two, which every query offers
/// ("Other (please specify)", "Unable to determine").
fn query_row(provider: &str, facts: &[&QueryFact]) -> QueryRow {
    let answered: Vec<&&QueryFact> = facts.iter().filter(|f| f.answered_at.is_some()).collect();
    let mut waits: Vec<i64> = answered.iter().filter_map(|f| f.response_seconds).collect();
    let chosen: Vec<(i64, i64)> = answered
        .iter()
        .filter_map(|f| f.chosen_option.map(|c| (c, f.options)))
        .collect();
    let agreed = chosen.iter().filter(|(c, n)| *c < n - 2).count() as u64;
    QueryRow {
        provider: provider.to_string(),
        sent: facts.len() as u64,
        answered: answered.len() as u64,
        median_response_hours: median(&mut waits).map(|s| round_to(s / 3600.0, 1)),
        agreed,
        agreement_percent: (!chosen.is_empty())
            .then(|| round_to(agreed as f64 * 100.0 / chosen.len() as f64, 1)),
    }
}
