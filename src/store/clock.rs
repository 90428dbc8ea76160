//! Wall-clock time as the store writes it: UTC, to the second, ISO 8601.
//! Text timestamps sort in time order, so `--since` is a string compare.

use chrono::{DateTime, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// `2026-05-06T14:20:00Z`.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A unix-seconds instant (leases) as a stamp.
pub fn stamp_secs(secs: i64) -> String {
    DateTime::from_timestamp(secs, 0).map_or_else(|| secs.to_string(), stamp)
}
