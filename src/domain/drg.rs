//! The words of MS-DRG grouping: what a claim groups to, and what each of its
//! codes did to the answer.
//!
//! The grouper itself (`engines::drg`) is pure and versioned; these types are
//! what it answers with, what finalize stores beside the chart, what the
//! batch writes as JSON and what the TUI shows. They live on the ground floor
//! because the store (a finalized chart's DRG), the engines and the screens
//! all speak them.
//!
//! Numbers are kept exact: a relative weight is CMS's four-decimal figure
//! held as ten-thousandths ([`Weight`]), so a stored weight compares and
//! sums without float drift.

use serde::{Serialize, Serializer};

/// An MS-DRG number, 001–999. Written with three digits everywhere (CMS's
/// tables, the batch's `"drg"`, the screen), so `Display` pads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Drg(u16);

impl Drg {
    /// DRG 998: principal diagnosis invalid as discharge diagnosis.
    pub const PDX_INVALID_AS_DISCHARGE: Drg = Drg(998);
    /// DRG 999: ungroupable.
    pub const UNGROUPABLE: Drg = Drg(999);

    /// `None` outside 1–999.
    pub fn new(number: u16) -> Option<Drg> {
        (1..=999).contains(&number).then_some(Drg(number))
    }

    pub fn number(self) -> u16 {
        self.0
    }

    /// Whether this is one of the two DRGs that say "no payment group"
    /// (998, 999): a claim grouped there needs the coder's attention.
    pub fn is_ungroupable(self) -> bool {
        self.0 >= 998
    }
}

impl std::fmt::Display for Drg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

impl std::str::FromStr for Drg {
    type Err = String;
    /// Accepts "1", "01" and "001" alike (CMS's files pad differently).
    fn from_str(s: &str) -> Result<Drg, String> {
        let t = s.trim();
        t.parse::<u16>()
            .ok()
            .filter(|_| !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(Drg::new)
            .ok_or_else(|| format!("'{s}' is not an MS-DRG (001–999)"))
    }
}

impl Serialize for Drg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// A Major Diagnostic Category, 01–25, or 00 where no MDC applies (pre-MDC
/// DRGs are reported with the MDC of the principal diagnosis, as CMS's
/// grouper does; 00 is an ungroupable claim's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mdc(u8);

impl Mdc {
    pub const NONE: Mdc = Mdc(0);

    /// `None` above 25.
    pub fn new(number: u8) -> Option<Mdc> {
        (number <= 25).then_some(Mdc(number))
    }

    pub fn number(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for Mdc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

impl Serialize for Mdc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

crate::string_enum! {
    /// How severe a secondary diagnosis is for grouping, and the claim's
    /// severity: the highest level left after exclusions. Ordered, so the
    /// claim's severity is the `max` of its counted codes.
    #[derive(PartialOrd, Ord)]
    pub enum CcLevel: "CC level" {
        /// Neither a CC nor an MCC (or one that does not count).
        None = "NONE",
        /// Complication or comorbidity.
        Cc = "CC",
        /// Major complication or comorbidity.
        Mcc = "MCC",
    }
}

crate::string_enum! {
    /// Which severity split a DRG's family uses: a coder reading "DRG 292"
    /// needs to know whether an MCC would have moved it.
    pub enum SeveritySplit: "severity split" {
        /// One DRG, severity does not matter.
        Single = "none",
        /// With MCC | without MCC.
        Mcc = "mcc",
        /// With CC or MCC | without CC/MCC.
        CcOrMcc = "cc_or_mcc",
        /// With MCC | with CC | without CC/MCC.
        MccCc = "mcc_cc",
        /// With MCC or CC | without (the MCC and CC both move it, together).
        MccOrCcAndMcc = "mcc_and_cc_or_mcc",
    }
}

crate::string_enum! {
    /// The grouper's return code, CMS's names: `OK`, or why the claim went
    /// to DRG 999 (or carries a HAC status problem).
    pub enum ReturnCode: "return code" {
        Ok = "OK",
        /// The principal diagnosis is missing or not a valid code on the
        /// discharge date.
        InvalidPdx = "INVALID_PDX",
        /// The principal diagnosis may not be a principal (e.g. an
        /// external cause); CMS's "unacceptable principal diagnosis".
        InvalidPrincipalDiagnosis = "INVALID_PRINCIPAL_DIAGNOSIS",
        InvalidSex = "INVALID_SEX",
        InvalidAge = "INVALID_AGE",
        InvalidDischargeStatus = "INVALID_DISCHARGE_STATUS",
        /// More than one HAC category with POA neither Y nor W.
        HacStatusInvalidMultHacsPoaNotYW = "HAC_STATUS_INVALID_MULT_HACS_POA_NOT_Y_W",
        /// A HAC diagnosis with POA N or U.
        HacStatusInvalidPoaNOrU = "HAC_STATUS_INVALID_POA_N_OR_U",
        /// A HAC diagnosis without its POA.
        HacMissingOnePoa = "HAC_MISSING_ONE_POA",
    }
}

crate::string_enum! {
    /// What a hospital-acquired-condition diagnosis did to grouping.
    pub enum HacStatus: "HAC status" {
        /// Not on any HAC list.
        NotHac = "not_hac",
        /// On a HAC list and present on admission (Y or W) or POA-exempt:
        /// counts as its CC/MCC level.
        PresentOnAdmission = "present_on_admission",
        /// On a HAC list with POA N or U and its criteria met: does not
        /// count as a CC or MCC.
        NotCounted = "not_counted",
        /// On a HAC list but the category's other criteria (its
        /// procedures, for HACs 08 and 10–14) are not on the claim.
        CriteriaNotMet = "criteria_not_met",
    }
}

/// A relative weight (or a mean length of stay) in ten-thousandths, exactly
/// as CMS prints it with four decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Weight(u32);

impl Weight {
    pub fn from_ten_thousandths(value: u32) -> Weight {
        Weight(value)
    }

    pub fn ten_thousandths(self) -> u32 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }
}

impl std::fmt::Display for Weight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:04}", self.0 / 10_000, self.0 % 10_000)
    }
}

impl std::str::FromStr for Weight {
    type Err = String;
    /// "1.2345", "1.2" or "3": at most four decimals, as CMS's tables.
    fn from_str(s: &str) -> Result<Weight, String> {
        let bad = || format!("'{s}' is not a weight with at most four decimals");
        let t = s.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 4 {
            return Err(bad());
        }
        let whole: u32 = whole.parse().map_err(|_| bad())?;
        let frac: u32 = format!("{frac:0<4}").parse().map_err(|_| bad())?;
        whole
            .checked_mul(10_000)
            .and_then(|w| w.checked_add(frac))
            .map(Weight)
            .ok_or_else(bad)
    }
}

impl Serialize for Weight {
    /// A JSON number with CMS's four decimals.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

crate::string_enum! {
    /// The MS-DRG grouper versions chartq knows, chosen by discharge date.
    #[derive(PartialOrd, Ord)]
    pub enum GrouperVersion: "MS-DRG version" {
        /// FY2026, discharges 2025-10-01 – 2026-03-31.
        V43 = "43.0" | "v43",
        /// FY2026 second half, discharges 2026-04-01 – 2026-09-30.
        V431 = "43.1" | "v43_1",
        /// FY2027, discharges from 2026-10-01: only CC/MCC lists and
        /// titles are bundled (no logic, no weights).
        V44 = "44.0" | "v44",
    }
}

/// What one code on the claim did to the DRG.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeGrouping {
    /// The code as given on the claim.
    pub code: String,
    pub role: GroupedRole,
    /// A diagnosis's CC/MCC level on the CC and MCC lists (before any
    /// exclusion); `None` for procedures and non-CC diagnoses.
    pub level: CcLevel,
    /// This secondary is a CC/MCC the principal diagnosis (or the DRG's own
    /// exclusion list, or "discharged alive" rule) cancels.
    pub excluded: bool,
    /// This code set the claim's severity (a counted code at the claim's
    /// level).
    pub sets_severity: bool,
    pub hac: HacStatus,
    /// HAC categories (01–14) this code is listed under, if any.
    pub hac_categories: Vec<u8>,
    /// Procedures: an operating-room procedure in the DRG definitions.
    pub operating_room: bool,
    /// The code moved the DRG (the principal always does; a procedure that
    /// chose a surgical DRG; a secondary that set the severity or chose a
    /// DRG family).
    pub affects_drg: bool,
}

crate::string_enum! {
    /// Where a code sits on the claim.
    pub enum GroupedRole: "role" {
        Principal = "principal",
        Secondary = "secondary",
        Procedure = "procedure",
    }
}

/// A claim's grouping: the DRG and everything a coder or a bill needs
/// about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grouping {
    pub version: GrouperVersion,
    pub drg: Drg,
    pub mdc: Mdc,
    /// The claim's severity after exclusions and HAC rules.
    pub severity: CcLevel,
    /// The split the DRG's family uses.
    pub split: SeveritySplit,
    pub description: String,
    /// `None` for 998/999 (CMS prints ".").
    pub weight: Option<Weight>,
    pub gmlos: Option<Weight>,
    pub amlos: Option<Weight>,
    pub return_code: ReturnCode,
    pub codes: Vec<CodeGrouping>,
}

/// The CC/MCC marks a coder can be shown where no grouper is installed for
/// the discharge date (FY2027: lists only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CcMark {
    pub code: String,
    pub level: CcLevel,
}

/// What grouping a claim gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupOutcome {
    /// Grouped by an installed version.
    Grouped(Grouping),
    /// The discharge date falls in a version whose logic is not installed
    /// (v44): CC/MCC marks from its lists only.
    ListsOnly {
        version: GrouperVersion,
        marks: Vec<CcMark>,
    },
    /// No version covers the discharge date (before 2025-10-01), the claim
    /// is not inpatient, or it lacks what grouping needs (the sentence says
    /// what, for the coder).
    NotGroupable(String),
}

/// What finalize keeps of a chart's grouping, and what `chart show`, the
/// export and the finalize audit event carry: the DRG, its MDC, the grouper
/// version that chose it and its relative weight (`None` for 998/999,
/// which CMS prints without one). Only a [`GroupOutcome::Grouped`] claim
/// has one: a chart that is outpatient, or discharged where no grouper is
/// installed (v44: lists only), stores none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FinalDrg {
    pub drg: Drg,
    pub mdc: Mdc,
    pub version: GrouperVersion,
    pub weight: Option<Weight>,
}

impl FinalDrg {
    /// The DRG finalize stores for `outcome`, if it grouped.
    pub fn of(outcome: &GroupOutcome) -> Option<FinalDrg> {
        match outcome {
            GroupOutcome::Grouped(g) => Some(FinalDrg {
                drg: g.drg,
                mdc: g.mdc,
                version: g.version,
                weight: g.weight,
            }),
            GroupOutcome::ListsOnly { .. } | GroupOutcome::NotGroupable(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drg_numbers_pad_to_three_digits_and_parse_any_padding() {
        assert_eq!(Drg::new(1).unwrap().to_string(), "001");
        assert_eq!("1".parse::<Drg>().unwrap(), Drg::new(1).unwrap());
        assert_eq!("001".parse::<Drg>().unwrap(), Drg::new(1).unwrap());
        assert!("0".parse::<Drg>().is_err());
        assert!("1000".parse::<Drg>().is_err());
        assert!("+12".parse::<Drg>().is_err());
        assert!(Drg::new(999).unwrap().is_ungroupable());
        assert!(!Drg::new(997).unwrap().is_ungroupable());
    }

    #[test]
    fn weights_keep_cms_four_decimals_exactly() {
        let w: Weight = "1.2345".parse().unwrap();
        assert_eq!(w.ten_thousandths(), 12_345);
        assert_eq!(w.to_string(), "1.2345");
        assert_eq!("0.5".parse::<Weight>().unwrap().to_string(), "0.5000");
        assert_eq!("26".parse::<Weight>().unwrap().to_string(), "26.0000");
        assert!("1.23456".parse::<Weight>().is_err());
        assert!(".5".parse::<Weight>().is_err());
        assert!("-1".parse::<Weight>().is_err());
    }

    #[test]
    fn severity_orders_none_cc_mcc() {
        assert!(CcLevel::None < CcLevel::Cc && CcLevel::Cc < CcLevel::Mcc);
        assert_eq!(Mdc::new(5).unwrap().to_string(), "05");
        assert!(Mdc::new(26).is_none());
    }
}
