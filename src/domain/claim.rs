//! The claim: what the coding edits and the MS-DRG grouper read of one
//! encounter. Built from a stored chart (`app`) or read from a JSON line
//! (`ingest::claims`); the same type feeds both engines, so an edit and a
//! grouping always see the same facts.
//!
//! Values a claim file can get wrong (sex, discharge status, POA) are kept
//! as [`Reported`]: a value that does not parse is not a reason to refuse
//! the claim, it is what the edits report (`invalid_sex`,
//! `invalid_discharge_status`, a POA error), as CMS's editor does.

use chrono::NaiveDate;
use serde::Serialize;

use super::chart::{Chart, EncounterType};
use super::codes::{CodeSystem, lookup_key};
use super::coding::{Assignment, CodeRole, Poa};

crate::string_enum! {
    /// The patient's sex as claims report it.
    #[derive(PartialOrd, Ord)]
    pub enum Sex: "sex" {
        Male = "M",
        Female = "F",
        Unknown = "U",
    }
}

/// A value as the claim gave it: typed when it is one of the allowed
/// values, else the text, for the edit that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Reported<T> {
    Given(T),
    Invalid(String),
}

impl<T: std::str::FromStr> Reported<T> {
    /// `text` typed when it parses, kept as written when not.
    pub fn from_text(text: &str) -> Self {
        match text.parse() {
            Ok(value) => Reported::Given(value),
            Err(_) => Reported::Invalid(text.to_string()),
        }
    }
}

impl<T: Copy> Reported<T> {
    /// The typed value, if the claim gave a valid one.
    pub fn given(&self) -> Option<T> {
        match self {
            Reported::Given(value) => Some(*value),
            Reported::Invalid(_) => None,
        }
    }
}

/// A patient discharge status: the two-digit NUBC code (UB-04 form locator
/// 17) saying where the patient went. The list is NUBC's current one; the
/// MS-DRG grouper reads 20 (expired) and the transfer codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DischargeStatus(u8);

/// Every valid NUBC discharge status code with its meaning (for help,
/// the README and the chart header).
pub const DISCHARGE_STATUSES: &[(u8, &str)] = &[
    (1, "discharged to home or self care (routine discharge)"),
    (
        2,
        "transferred to a short-term general hospital for inpatient care",
    ),
    (
        3,
        "transferred to a skilled nursing facility (SNF) with Medicare certification",
    ),
    (
        4,
        "transferred to a facility that provides custodial or supportive care",
    ),
    (
        5,
        "transferred to a designated cancer center or children's hospital",
    ),
    (
        6,
        "discharged to home under care of an organized home health service",
    ),
    (7, "left against medical advice or discontinued care"),
    (9, "admitted as an inpatient to this hospital"),
    (20, "expired"),
    (21, "discharged or transferred to court/law enforcement"),
    (30, "still a patient"),
    (40, "expired at home (hospice claims only)"),
    (41, "expired in a medical facility (hospice claims only)"),
    (42, "expired, place unknown (hospice claims only)"),
    (
        43,
        "discharged or transferred to a federal health care facility",
    ),
    (50, "discharged to hospice, home"),
    (51, "discharged to hospice, medical facility"),
    (
        61,
        "transferred to a hospital-based Medicare-approved swing bed",
    ),
    (
        62,
        "transferred to an inpatient rehabilitation facility (IRF)",
    ),
    (
        63,
        "transferred to a Medicare-certified long-term care hospital (LTCH)",
    ),
    (
        64,
        "transferred to a Medicaid-certified nursing facility, not Medicare",
    ),
    (
        65,
        "transferred to a psychiatric hospital or psychiatric distinct part unit",
    ),
    (66, "transferred to a critical access hospital (CAH)"),
    (
        69,
        "transferred to a designated disaster alternative care site",
    ),
    (
        70,
        "transferred to another type of health care institution not listed",
    ),
    (
        81,
        "home or self care with a planned acute care hospital readmission",
    ),
    (
        82,
        "short-term general hospital, with a planned acute care readmission",
    ),
    (
        83,
        "SNF with Medicare certification, with a planned acute care readmission",
    ),
    (
        84,
        "custodial or supportive care facility, with a planned acute care readmission",
    ),
    (
        85,
        "cancer center or children's hospital, with a planned acute care readmission",
    ),
    (
        86,
        "home health service, with a planned acute care readmission",
    ),
    (
        87,
        "court/law enforcement, with a planned acute care readmission",
    ),
    (
        88,
        "federal health care facility, with a planned acute care readmission",
    ),
    (89, "swing bed, with a planned acute care readmission"),
    (
        90,
        "inpatient rehabilitation facility, with a planned acute care readmission",
    ),
    (91, "LTCH, with a planned acute care readmission"),
    (
        92,
        "Medicaid-only nursing facility, with a planned acute care readmission",
    ),
    (
        93,
        "psychiatric hospital or unit, with a planned acute care readmission",
    ),
    (
        94,
        "critical access hospital, with a planned acute care readmission",
    ),
    (
        95,
        "another institution not listed, with a planned acute care readmission",
    ),
];

impl DischargeStatus {
    /// Expired (died in the hospital): the grouper's "discharged alive"
    /// conditions and several DRGs read it.
    pub const EXPIRED: DischargeStatus = DischargeStatus(20);

    /// The two-digit code.
    pub fn code(self) -> String {
        format!("{:02}", self.0)
    }

    /// The numeric value (the grouper's transfer rules compare ranges).
    pub fn value(self) -> u8 {
        self.0
    }

    /// What the code means, in NUBC's words (shortened).
    pub fn meaning(self) -> &'static str {
        DISCHARGE_STATUSES
            .iter()
            .find(|(code, _)| *code == self.0)
            .map_or("", |(_, meaning)| meaning)
    }
}

impl std::str::FromStr for DischargeStatus {
    type Err = String;
    /// Exactly two digits, one of NUBC's codes ("1" is not "01": claims
    /// carry the two-character code).
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let value = (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u8>().ok())
            .flatten()
            .filter(|v| DISCHARGE_STATUSES.iter().any(|(code, _)| code == v));
        value.map(DischargeStatus).ok_or_else(|| {
            format!("'{s}' is not a NUBC discharge status (two digits, e.g. 01 home, 20 expired)")
        })
    }
}

impl std::fmt::Display for DischargeStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

impl Serialize for DischargeStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

/// A diagnosis on a claim: the code upper case without its dot, and the
/// POA indicator (`None` = blank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimDiagnosis {
    pub code: String,
    pub poa: Option<Reported<Poa>>,
}

/// A procedure on a claim (ICD-10-PCS, seven characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimProcedure {
    pub code: String,
}

/// One encounter as the edits and the grouper read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// The claim's own name (the account number for a stored chart).
    pub id: String,
    pub encounter_type: EncounterType,
    /// Years at admission, as reported (the edits check its range).
    pub age: i64,
    pub sex: Reported<Sex>,
    pub admit_date: NaiveDate,
    /// The date the tables are chosen by.
    pub discharge_date: NaiveDate,
    /// `None`: not given (an inpatient claim needs one).
    pub discharge_status: Option<Reported<DischargeStatus>>,
    /// `None`: no principal diagnosis.
    pub pdx: Option<ClaimDiagnosis>,
    pub sdx: Vec<ClaimDiagnosis>,
    pub procedures: Vec<ClaimProcedure>,
}

impl Claim {
    /// Length of stay in days (same-day stays count 0), as the MCE's
    /// length-of-stay edit reads it.
    pub fn length_of_stay(&self) -> i64 {
        (self.discharge_date - self.admit_date).num_days()
    }

    /// Every diagnosis in sequence: the principal, then the secondaries.
    pub fn diagnoses(&self) -> impl Iterator<Item = &ClaimDiagnosis> {
        self.pdx.iter().chain(&self.sdx)
    }
}

impl Claim {
    /// The claim a stored chart makes with its codes as they stand: the
    /// principal and secondary ICD-10-CM diagnoses in sequence (admitting
    /// and reason-for-visit diagnoses have their own claim fields and are
    /// not edited), the ICD-10-PCS procedures; CPT and HCPCS lines are not
    /// part of an institutional claim's edits. An outpatient chart's stay is
    /// its date of service.
    pub fn from_chart(chart: &Chart, codes: &[Assignment]) -> Claim {
        let admit_date = chart.admit_date.unwrap_or(chart.date_of_service);
        let diagnosis = |a: &Assignment| ClaimDiagnosis {
            code: lookup_key(&a.code),
            poa: a.poa.map(Reported::Given),
        };
        let is_dx = |a: &&Assignment| {
            a.system == CodeSystem::Icd10Cm
                && matches!(a.role, CodeRole::Principal | CodeRole::Secondary)
        };
        // The first principal is the claim's; any other (finalize refuses
        // two) is edited as a secondary rather than dropped.
        let pdx_seq = codes
            .iter()
            .filter(is_dx)
            .find(|a| a.role == CodeRole::Principal)
            .map(|a| a.seq);
        Claim {
            id: chart.account.clone(),
            encounter_type: chart.encounter_type,
            age: age_on(&chart.patient.dob, admit_date),
            sex: Reported::from_text(&chart.patient.sex),
            admit_date,
            discharge_date: chart.date_of_service.max(admit_date),
            discharge_status: chart.discharge_status.map(Reported::Given),
            pdx: codes
                .iter()
                .filter(is_dx)
                .find(|a| Some(a.seq) == pdx_seq)
                .map(diagnosis),
            sdx: codes
                .iter()
                .filter(is_dx)
                .filter(|a| Some(a.seq) != pdx_seq)
                .map(diagnosis)
                .collect(),
            procedures: codes
                .iter()
                .filter(|a| a.system == CodeSystem::Icd10Pcs)
                .map(|a| ClaimProcedure {
                    code: lookup_key(&a.code),
                })
                .collect(),
        }
    }
}

/// Whole years from `dob` (YYYY-MM-DD) to `on`; -1 when the birth date
/// cannot be read (the edits then report an invalid age).
pub fn age_on(dob: &str, on: NaiveDate) -> i64 {
    NaiveDate::parse_from_str(dob, "%Y-%m-%d")
        .ok()
        .and_then(|born| on.years_since(born))
        .map_or(-1, i64::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discharge_status_takes_nubc_two_digit_codes_only() {
        assert_eq!("01".parse::<DischargeStatus>().map(|s| s.value()), Ok(1));
        assert_eq!(
            "20".parse::<DischargeStatus>(),
            Ok(DischargeStatus::EXPIRED)
        );
        assert_eq!(DischargeStatus::EXPIRED.to_string(), "20");
        assert!("1".parse::<DischargeStatus>().is_err());
        assert!("08".parse::<DischargeStatus>().is_err());
        assert!("99".parse::<DischargeStatus>().is_err());
        assert!("0a".parse::<DischargeStatus>().is_err());
        assert_eq!(DischargeStatus::EXPIRED.meaning(), "expired");
    }

    #[test]
    fn reported_values_keep_what_does_not_parse() {
        assert_eq!(
            Reported::<Sex>::from_text("F"),
            Reported::Given(Sex::Female)
        );
        assert_eq!(
            Reported::<Sex>::from_text("X"),
            Reported::Invalid("X".into())
        );
        assert_eq!(Reported::<Poa>::from_text("1").given(), Some(Poa::Exempt));
        assert_eq!(Reported::<Poa>::from_text("Q").given(), None);
    }

    #[test]
    fn ages_are_whole_years_at_admission() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(age_on("1956-05-02", day("2026-05-01")), 69);
        assert_eq!(age_on("1956-05-01", day("2026-05-01")), 70);
        assert_eq!(age_on("2026-04-30", day("2026-05-01")), 0);
        assert_eq!(
            age_on("2026-05-02", day("2026-05-01")),
            -1,
            "born after admission"
        );
        assert_eq!(age_on("garbage", day("2026-05-01")), -1);
    }

    #[test]
    fn codes_compare_without_dots_or_case() {
        assert_eq!(lookup_key(" e11.22 "), "E1122");
        assert_eq!(lookup_key("0DTJ4ZZ"), "0DTJ4ZZ");
    }
}
