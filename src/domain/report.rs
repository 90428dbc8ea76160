//! The words of the department's reports (issue 15): a reporting period in
//! the facility's time zone, the age buckets of the backlog, and the rows
//! each report shows. No patient data appears in any of them: a row names
//! a coder, a queue, an encounter type, a hold reason or a provider, and
//! counts.
//!
//! The audit log stays UTC; a period is the facility's calendar days, so
//! its bounds are turned into UTC instants once ([`Period::utc_bounds`])
//! and every stored timestamp is compared as text.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::chart::EncounterType;

/// Which report: the CLI's subcommand, the TUI's tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Productivity,
    Backlog,
    Queries,
}

/// Why a report's input was refused: the field it names and what is wrong
/// (`--to: 2026-01-01 is before --from 2026-02-01`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ReportInputError {
    pub field: &'static str,
    pub message: String,
}

impl ReportInputError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        ReportInputError {
            field,
            message: message.into(),
        }
    }
}

/// The facility's time zone (`facility_time_zone` in `config.toml`): the
/// reports' days and hours are its local ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FacilityZone(pub Tz);

impl FacilityZone {
    /// An IANA name (`America/Chicago`); the error names the config key.
    pub fn parse(name: &str) -> Result<FacilityZone, ReportInputError> {
        name.trim().parse::<Tz>().map(FacilityZone).map_err(|_| {
            ReportInputError::new(
                "facility_time_zone",
                format!("{name:?} is not an IANA time zone (e.g. America/Chicago)"),
            )
        })
    }

    /// UTC, when the facility configured none.
    pub fn utc() -> FacilityZone {
        FacilityZone(Tz::UTC)
    }

    /// The instant local midnight of `date` begins (the first instant of
    /// that day when a DST change skips midnight).
    pub fn start_of(self, date: NaiveDate) -> DateTime<Utc> {
        let mut t = date.and_time(NaiveTime::MIN);
        for _ in 0..4 {
            if let Some(local) = self.0.from_local_datetime(&t).earliest() {
                return local.with_timezone(&Utc);
            }
            t += chrono::Duration::hours(1);
        }
        Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
    }

    /// The facility's calendar date at UTC instant `t`.
    pub fn local_date(self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.0).date_naive()
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

/// A reporting period: the facility's calendar days `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Refuses a reversed period, naming `--to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, ReportInputError> {
        if to < from {
            return Err(ReportInputError::new(
                "--to",
                format!("{to} is before --from {from}"),
            ));
        }
        Ok(Period { from, to })
    }

    /// The `days` days ending on `today`.
    pub fn ending(today: NaiveDate, days: u64) -> Period {
        Period {
            from: today - Days::new(days.saturating_sub(1)),
            to: today,
        }
    }

    /// `[start, end)` as UTC instants in `zone`.
    pub fn utc_bounds(self, zone: FacilityZone) -> (DateTime<Utc>, DateTime<Utc>) {
        let end = self.to.checked_add_days(Days::new(1)).unwrap_or(self.to);
        (zone.start_of(self.from), zone.start_of(end))
    }

    /// Every day of the period, in order.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while(move |d| *d <= self.to)
    }
}

/// How long a backlog chart has waited since discharge (or since its date
/// of service, for an encounter without one), in days of the facility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum AgeBucket {
    #[serde(rename = "0-3")]
    UpTo3,
    #[serde(rename = "4-7")]
    UpTo7,
    #[serde(rename = "8-14")]
    UpTo14,
    #[serde(rename = "15-30")]
    UpTo30,
    #[serde(rename = "31+")]
    Over30,
}

impl AgeBucket {
    pub const ALL: [AgeBucket; 5] = [
        AgeBucket::UpTo3,
        AgeBucket::UpTo7,
        AgeBucket::UpTo14,
        AgeBucket::UpTo30,
        AgeBucket::Over30,
    ];

    /// The bucket of a chart `days` days after discharge (a date in the
    /// future counts as 0).
    pub fn of(days: i64) -> AgeBucket {
        match days {
            ..=3 => AgeBucket::UpTo3,
            4..=7 => AgeBucket::UpTo7,
            8..=14 => AgeBucket::UpTo14,
            15..=30 => AgeBucket::UpTo30,
            _ => AgeBucket::Over30,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBucket::UpTo3 => "0-3",
            AgeBucket::UpTo7 => "4-7",
            AgeBucket::UpTo14 => "8-14",
            AgeBucket::UpTo30 => "15-30",
            AgeBucket::Over30 => "31+",
        }
    }
}

/// One coder's work on one encounter type in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductivityRow {
    pub coder: String,
    pub encounter_type: EncounterType,
    /// Finalize events in the period.
    pub charts_finalized: u64,
    /// Seconds from claim to what ended the claim (finalize, release, hold,
    /// provider query), for stretches that ended in the period.
    pub seconds_worked: u64,
    /// `charts_finalized / (seconds_worked / 3600)`, two decimals; `None`
    /// when no time was worked.
    pub charts_per_hour: Option<f64>,
}

/// The productivity report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductivityReport {
    pub period: Period,
    pub time_zone: String,
    pub rows: Vec<ProductivityRow>,
    /// Every coder's and type's sum (a row with coder `all`).
    pub total: ProductivityTotal,
    /// Charts finalized per facility day of the period (for a sparkline).
    pub per_day: Vec<DayCount>,
}

/// The sums of a productivity report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductivityTotal {
    pub charts_finalized: u64,
    pub seconds_worked: u64,
    pub charts_per_hour: Option<f64>,
}

/// A count on one facility day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub count: u64,
}

/// One queue's backlog charts of one age.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacklogRow {
    pub queue: String,
    pub age: AgeBucket,
    /// Charts not yet final-coded (new, in progress, on hold).
    pub charts: u64,
    /// Of which with a DRG weight on file.
    pub with_weight: u64,
    /// Their weights' sum, four decimals.
    pub weight: f64,
    /// Sum of the feed's `expected_charges`, in cents (charts without one
    /// add nothing).
    pub expected_charges_cents: i64,
}

/// Holds by reason: placed in the period, and on hold now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoldRow {
    pub reason: String,
    pub placed: u64,
    pub on_hold_now: u64,
}

/// The backlog (DNFB) report, as of `today`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacklogReport {
    pub today: NaiveDate,
    pub period: Period,
    pub time_zone: String,
    pub rows: Vec<BacklogRow>,
    pub holds: Vec<HoldRow>,
}

/// One provider's queries in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryRow {
    pub provider: String,
    /// Queries sent (opened) in the period.
    pub sent: u64,
    /// Of those, answered.
    pub answered: u64,
    /// Median hours from sent to answered, one decimal.
    pub median_response_hours: Option<f64>,
    /// Answers that chose one of the query's clinical options (not "Other"
    /// nor "Unable to determine").
    pub agreed: u64,
    /// `agreed / answered with a chosen option`, as a percentage.
    pub agreement_percent: Option<f64>,
}

/// The provider-query report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueriesReport {
    pub period: Period,
    pub time_zone: String,
    pub rows: Vec<QueryRow>,
    pub total: QueryRow,
}

/// The median of `values` (the mean of the middle two when even).
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0
    })
}

/// `x` rounded to `places` decimals.
pub fn round_to(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// The least work a rate is computed over: 6 minutes. A rate over a few
/// seconds of claimed time (a scripted or imported finalize) is noise —
/// thousands of charts an hour — so it is shown as none.
pub const MIN_SECONDS_FOR_A_RATE: u64 = 360;

/// Charts per hour, two decimals; `None` under [`MIN_SECONDS_FOR_A_RATE`]
/// of time worked.
pub fn per_hour(charts: u64, seconds: u64) -> Option<f64> {
    (seconds >= MIN_SECONDS_FOR_A_RATE)
        .then(|| round_to(charts as f64 * 3600.0 / seconds as f64, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_needs_six_minutes_of_work() {
        assert_eq!(per_hour(9, 1), None);
        assert_eq!(per_hour(1, MIN_SECONDS_FOR_A_RATE - 1), None);
        assert_eq!(per_hour(1, MIN_SECONDS_FOR_A_RATE), Some(10.0));
        assert_eq!(per_hour(3, 11_100), Some(0.97));
    }

    #[test]
    fn a_chicago_day_in_july_starts_at_five_utc_and_in_january_at_six() {
        let z = FacilityZone::parse("America/Chicago").unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let p = Period::new(d("2026-07-01"), d("2026-07-01")).unwrap();
        let (a, b) = p.utc_bounds(z);
        assert_eq!(a.to_rfc3339(), "2026-07-01T05:00:00+00:00");
        assert_eq!(b.to_rfc3339(), "2026-07-02T05:00:00+00:00");
        assert_eq!(
            z.start_of(d("2026-01-15")).to_rfc3339(),
            "2026-01-15T06:00:00+00:00"
        );
        let e = Period::new(d("2026-02-01"), d("2026-01-01")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--to: 2026-01-01 is before --from 2026-02-01"
        );
        assert!(
            FacilityZone::parse("Mars/Olympus")
                .unwrap_err()
                .to_string()
                .starts_with("facility_time_zone:")
        );
        assert_eq!(median(&mut [5, 1, 3, 2]), Some(2.5));
        assert_eq!(AgeBucket::of(4), AgeBucket::UpTo7);
    }
}
