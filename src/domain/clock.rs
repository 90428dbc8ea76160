//! The one source of "today".
//!
//! Which code-set version a new chart falls in, whether today is covered by
//! an installed release, how long a chart has waited and where the demo
//! puts its dates of service all depend on the calendar date. They all ask
//! a [`Clock`], made once per process from the environment, instead of
//! reading the system date themselves: then a test, a training session or
//! a demo recorded for a manual can fix the date (`CHARTQ_TODAY`), and
//! nothing breaks the day a new fiscal year starts.
//!
//! Timestamps the store writes (audit events, leases) stay real UTC time:
//! they record when something happened, and leases must expire in real time.

use chrono::NaiveDate;

/// The environment variable that fixes today's date (`YYYY-MM-DD`).
pub const TODAY_ENV: &str = "CHARTQ_TODAY";

/// Where "today" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system's local date: production.
    System,
    /// A fixed date: `CHARTQ_TODAY`, `--today`, and tests.
    Fixed(NaiveDate),
}

/// `CHARTQ_TODAY` is set but is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{TODAY_ENV}={value:?} is not a date (expected YYYY-MM-DD)")]
pub struct ClockError {
    value: String,
}

impl Clock {
    /// `CHARTQ_TODAY` when set (an empty value counts as unset), else the
    /// system clock. A value that is not a date is an error, not a silent
    /// fallback to the real date.
    pub fn from_env() -> Result<Clock, ClockError> {
        match std::env::var(TODAY_ENV) {
            Ok(v) if !v.trim().is_empty() => Self::parse(&v),
            Ok(_) | Err(std::env::VarError::NotPresent) => Ok(Clock::System),
            Err(std::env::VarError::NotUnicode(v)) => Err(ClockError {
                value: v.to_string_lossy().into_owned(),
            }),
        }
    }

    /// A fixed clock from `YYYY-MM-DD`.
    pub fn parse(value: &str) -> Result<Clock, ClockError> {
        value
            .trim()
            .parse::<NaiveDate>()
            .map(Clock::Fixed)
            .map_err(|_| ClockError {
                value: value.to_string(),
            })
    }

    /// Today's date.
    pub fn today(self) -> NaiveDate {
        match self {
            Clock::System => chrono::Local::now().date_naive(),
            Clock::Fixed(date) => date,
        }
    }

    /// Today's date in the facility's time zone (a fixed date is taken as
    /// the facility's): what decides whether a review period has closed.
    pub fn today_in(self, zone: super::report::FacilityZone) -> NaiveDate {
        match self {
            Clock::System => zone.local_date(chrono::Utc::now()),
            Clock::Fixed(date) => date,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_says_its_date_and_junk_is_refused() {
        let clock = Clock::parse("2027-10-01").unwrap();
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2027, 10, 1).unwrap());
        let err = Clock::parse("next tuesday").unwrap_err().to_string();
        assert!(
            err.contains("CHARTQ_TODAY") && err.contains("next tuesday"),
            "{err}"
        );
        assert!(Clock::parse("2026-02-30").is_err());
    }
}
