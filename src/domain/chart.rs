//! Charts as coders know them: where a chart is in its life, what kind of
//! encounter it is, which documents it has, and how a user names one.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::claim::DischargeStatus;

crate::string_enum! {
    /// Where a chart is in its life: `new` → `in_progress` (claimed, leased)
    /// → `on_hold` (provider query or missing documentation) → `in_progress`
    /// → `coded` (finalized) → `audited`.
    pub enum Status: "status" {
        New = "new",
        InProgress = "in_progress",
        OnHold = "on_hold",
        Coded = "coded",
        Audited = "audited",
    }
}

crate::string_enum! {
    /// Encounter types of the feed.
    pub enum EncounterType: "encounter type" {
        Inpatient = "inpatient",
        Outpatient = "outpatient",
        Ed = "ed",
        Observation = "observation",
        Profee = "profee",
    }
}

crate::string_enum! {
    /// Clinical document types of the feed.
    pub enum DocumentType: "document type" {
        Hp = "hp",
        ProgressNote = "progress_note",
        OperativeReport = "operative_report",
        DischargeSummary = "discharge_summary",
        EdNote = "ed_note",
        ClinicNote = "clinic_note",
        Consult = "consult",
        Radiology = "radiology",
        Pathology = "pathology",
    }
}

/// A chart's row id: what the TUI and scripts hold on to once they have
/// found a chart. A newtype so it cannot be mistaken for a query id or a
/// count, and so it never passes through an account-number lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct ChartId(pub i64);

impl fmt::Display for ChartId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// How a user names a chart. On the command line a bare word is an account
/// number (what is printed on the coder's worklist); `#12` (or `--id 12`)
/// is the chart id. Feeds may use numeric account numbers, so a bare `12`
/// is the account "12", never chart id 12.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChartRef {
    Id(ChartId),
    Account(String),
}

impl ChartRef {
    /// The chart with this account number.
    pub fn account(account: impl Into<String>) -> ChartRef {
        ChartRef::Account(account.into())
    }

    /// Reads what a user typed: `#12` is an id, anything else an account.
    /// `None` for an empty key or a `#` not followed by a positive number.
    pub fn parse(key: &str) -> Option<ChartRef> {
        let key = key.trim();
        if let Some(id) = key.strip_prefix('#') {
            return id
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(|id| ChartRef::Id(ChartId(id)));
        }
        (!key.is_empty()).then(|| ChartRef::Account(key.to_string()))
    }
}

impl From<ChartId> for ChartRef {
    fn from(id: ChartId) -> Self {
        ChartRef::Id(id)
    }
}

impl fmt::Display for ChartRef {
    /// As the user would type it back: `#12` or the account number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartRef::Id(id) => id.fmt(f),
            ChartRef::Account(account) => f.write_str(account),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patient {
    pub name: String,
    pub dob: String,
    pub sex: String,
}

/// A chart with its work-queue state (one row of `queue list`, the header of
/// `chart show`). Users appear by login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    pub id: i64,
    pub account: String,
    pub mrn: String,
    pub patient: Patient,
    pub encounter_type: EncounterType,
    pub admit_date: Option<NaiveDate>,
    pub discharge_date: Option<NaiveDate>,
    pub service_date: Option<NaiveDate>,
    /// The date the code sets are chosen by: the discharge date of an
    /// inpatient stay, else the service date.
    pub date_of_service: NaiveDate,
    /// NUBC discharge status of an inpatient stay, as the feed gave it.
    pub discharge_status: Option<DischargeStatus>,
    pub attending: Option<String>,
    pub payer: Option<String>,
    pub facility: Option<String>,
    pub queue: String,
    pub priority: i64,
    pub due_date: Option<NaiveDate>,
    pub status: Status,
    pub coder: Option<String>,
    pub assigned_to: Option<String>,
    pub lease_holder: Option<String>,
    pub lease_until: Option<String>,
    pub hold_reason: Option<String>,
    /// An answered provider query sent the chart back: look at it first.
    pub flagged: bool,
    pub coded_at: Option<String>,
    pub coded_by: Option<String>,
    pub updated_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_number_is_an_account_and_a_hash_is_an_id() {
        assert_eq!(ChartRef::parse("12"), Some(ChartRef::Account("12".into())));
        assert_eq!(ChartRef::parse("#12"), Some(ChartRef::Id(ChartId(12))));
        assert_eq!(
            ChartRef::parse(" A100 "),
            Some(ChartRef::Account("A100".into()))
        );
        assert_eq!(ChartRef::parse("#"), None);
        assert_eq!(ChartRef::parse("#-3"), None);
        assert_eq!(ChartRef::parse("#x"), None);
        assert_eq!(ChartRef::parse("  "), None);
        assert_eq!(ChartRef::Id(ChartId(7)).to_string(), "#7");
    }

    #[test]
    fn statuses_parse_as_typed() {
        assert_eq!("in-progress".parse(), Ok(Status::InProgress));
        assert_eq!(Status::OnHold.as_str(), "on_hold");
        assert!(
            "done"
                .parse::<Status>()
                .unwrap_err()
                .contains("new, in_progress")
        );
    }
}
