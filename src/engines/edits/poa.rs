//! Present on admission: which diagnoses need an indicator, and the edits
//! when one is missing, invalid or given on an exempt code.
//!
//! The exempt list changes every fiscal year (October 1). chartq bundles
//! CMS's FY2026 list; it serves FY2026 discharges and, as the nearest list
//! obtainable, earlier ones. No FY2027 list could be obtained, so for
//! FY2027 discharges a code on the FY2026 list stays exempt and a code not
//! on it is *derived exempt* when every FY2026 code of its category with
//! the same 7th character is exempt (and there is at least one). POA
//! problems on a derived-exempt code, or on a code new in FY2027 whose
//! exemption therefore cannot be known, are warnings, not errors. A site
//! that imports the official list for a year ([`PoaExempt::with_official`])
//! replaces the derivation for that year. The exact rule:
//! `docs/mce-notes.md`.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashSet as HashSet;

use chrono::{Datelike, NaiveDate};

use super::mce::dotted;
use crate::domain::chart::EncounterType;
use crate::domain::claim::{Claim, ClaimDiagnosis, Reported};
use crate::domain::coding::Poa;
use crate::domain::edit::{Edit, EditName, Severity};

/// A code is exempt from POA reporting; `derived` when that was inferred
/// (no official list for the discharge's fiscal year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exemption {
    pub derived: bool,
}

/// What the exempt lists say of one code on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoaRule {
    Exempt(Exemption),
    /// Needs Y, N, U or W; `uncertain` when the code's exemption cannot be
    /// known (new in a year without an official list).
    Required {
        uncertain: bool,
    },
}

/// The fiscal year of a date: FY2027 runs 2026-10-01 to 2027-09-30.
pub fn fiscal_year(date: NaiveDate) -> i32 {
    date.year() + i32::from(date.month() >= 10)
}

#[derive(Debug, Clone, Default)]
struct Derived {
    fiscal_year: i32,
    /// Codes inferred exempt (not on the base list).
    exempt: HashSet<Box<str>>,
    /// Codes of the year that were not codes of the base year and are not
    /// inferred exempt: their exemption is unknown.
    new_codes: HashSet<Box<str>>,
}

/// The POA-exempt lists by fiscal year, and the derivation for a year
/// without one.
#[derive(Debug, Clone, Default)]
pub struct PoaExempt {
    official: BTreeMap<i32, HashSet<Box<str>>>,
    derived: Option<Derived>,
}

fn set(codes: impl IntoIterator<Item = String>) -> HashSet<Box<str>> {
    codes.into_iter().map(String::into_boxed_str).collect()
}

/// A code's siblings for the derivation: its category (3 characters) and
/// its 7th character (none for shorter codes).
fn sibling_key(code: &str) -> (&str, Option<&str>) {
    (code.get(..3).unwrap_or(code), code.get(6..7))
}

impl PoaExempt {
    /// An official list (codes without dots) for one fiscal year.
    pub fn official(fiscal_year: i32, codes: impl IntoIterator<Item = String>) -> PoaExempt {
        PoaExempt::default().with_official(fiscal_year, codes)
    }

    /// Adds (or replaces) the official list of `fiscal_year`; a derivation
    /// for that year is no longer used.
    pub fn with_official(
        mut self,
        fiscal_year: i32,
        codes: impl IntoIterator<Item = String>,
    ) -> PoaExempt {
        self.official.insert(fiscal_year, set(codes));
        self
    }

    /// Derives the year after `base_year` from its official list:
    /// `base_codes` are every diagnosis code valid at the end of the base
    /// year, `next_codes` every one valid at the start of the next.
    pub fn derive_next<'a>(
        mut self,
        base_year: i32,
        base_codes: impl IntoIterator<Item = &'a str>,
        next_codes: impl IntoIterator<Item = &'a str>,
    ) -> PoaExempt {
        let empty = HashSet::default();
        let base = self.official.get(&base_year).unwrap_or(&empty);
        let base_codes: HashSet<&str> = base_codes.into_iter().collect();
        // (category, 7th character) → (siblings, exempt siblings)
        let mut groups: HashMap<(&str, Option<&str>), (usize, usize)> = HashMap::new();
        for code in &base_codes {
            let group = groups.entry(sibling_key(code)).or_default();
            group.0 += 1;
            group.1 += usize::from(base.contains(*code));
        }
        let mut derived = Derived {
            fiscal_year: base_year + 1,
            ..Derived::default()
        };
        for code in next_codes {
            if base.contains(code) {
                continue;
            }
            let all_exempt = groups
                .get(&sibling_key(code))
                .is_some_and(|&(n, exempt)| n > 0 && n == exempt);
            if all_exempt {
                derived.exempt.insert(code.into());
            } else if !base_codes.contains(code) {
                derived.new_codes.insert(code.into());
            }
        }
        self.derived = Some(derived);
        self
    }

    /// The rule for `code` (no dot) on a discharge on `date`.
    pub fn rule(&self, code: &str, date: NaiveDate) -> PoaRule {
        let fy = fiscal_year(date);
        if let Some(list) = self.official.get(&fy) {
            return exact(list, code);
        }
        if let Some(d) = self.derived.as_ref().filter(|d| d.fiscal_year == fy) {
            return self.derived_rule(d, code);
        }
        // An earlier year: the nearest later official list.
        if let Some((_, list)) = self.official.range(fy..).next() {
            return exact(list, code);
        }
        // A later year: the newest rule there is, as an inference.
        let newest_official = self.official.last_key_value();
        let rule = match (&self.derived, newest_official) {
            (Some(d), Some((&year, _))) if d.fiscal_year > year => self.derived_rule(d, code),
            (_, Some((_, list))) => exact(list, code),
            (Some(d), None) => self.derived_rule(d, code),
            (None, None) => return PoaRule::Required { uncertain: true },
        };
        match rule {
            PoaRule::Exempt(_) => PoaRule::Exempt(Exemption { derived: true }),
            PoaRule::Required { .. } => PoaRule::Required { uncertain: true },
        }
    }

    fn derived_rule(&self, d: &Derived, code: &str) -> PoaRule {
        let on_base = self
            .official
            .get(&(d.fiscal_year - 1))
            .is_some_and(|l| l.contains(code));
        if on_base {
            PoaRule::Exempt(Exemption { derived: false })
        } else if d.exempt.contains(code) {
            PoaRule::Exempt(Exemption { derived: true })
        } else {
            PoaRule::Required {
                uncertain: d.new_codes.contains(code),
            }
        }
    }

    /// `Some` when `code` (with or without its dot) is exempt on a
    /// discharge on `date`: the TUI leaves its POA blank.
    pub fn is_exempt(&self, code: &str, date: NaiveDate) -> Option<Exemption> {
        match self.rule(&crate::domain::codes::lookup_key(code), date) {
            PoaRule::Exempt(e) => Some(e),
            PoaRule::Required { .. } => None,
        }
    }
}

fn exact(list: &HashSet<Box<str>>, code: &str) -> PoaRule {
    if list.contains(code) {
        PoaRule::Exempt(Exemption { derived: false })
    } else {
        PoaRule::Required { uncertain: false }
    }
}

/// The POA edits of an inpatient claim, principal then secondaries; none
/// for other encounter types (POA is reported on inpatient claims).
pub fn poa_edits(claim: &Claim, exempt: &PoaExempt) -> Vec<Edit> {
    if claim.encounter_type != EncounterType::Inpatient {
        return Vec::new();
    }
    claim
        .diagnoses()
        .filter_map(|d| diagnosis_edit(d, exempt.rule(&d.code, claim.discharge_date)))
        .collect()
}

fn diagnosis_edit(d: &ClaimDiagnosis, rule: PoaRule) -> Option<Edit> {
    let code = dotted(&d.code);
    let (name, severity, message) = match (rule, &d.poa) {
        (PoaRule::Required { uncertain }, poa) => {
            let severity = if uncertain {
                Severity::Warning
            } else {
                Severity::Error
            };
            let note = if uncertain {
                "; it is new this fiscal year and no official exempt list is loaded, so it may be exempt"
            } else {
                ""
            };
            let (name, what) = match poa {
                None => (EditName::PoaMissing, "has no POA indicator".to_string()),
                Some(Reported::Given(Poa::Exempt)) => (
                    EditName::PoaInvalid,
                    "has POA \"1\", which is only for exempt codes".to_string(),
                ),
                Some(Reported::Invalid(text)) => (EditName::PoaInvalid, invalid(text)),
                Some(Reported::Given(_)) => return None,
            };
            (
                name,
                severity,
                format!("{code} {what}: it needs Y, N, U or W{note}"),
            )
        }
        (PoaRule::Exempt(Exemption { derived }), poa) => {
            let note = if derived {
                " (exemption derived from the FY2026 list: every code of its category with the same 7th character is exempt)"
            } else {
                ""
            };
            match poa {
                None | Some(Reported::Given(Poa::Exempt)) => return None,
                Some(Reported::Given(p)) => (
                    EditName::PoaOnExemptCode,
                    Severity::Warning,
                    format!(
                        "{code} is exempt from POA reporting{note}: leave the indicator blank or \"1\", not \"{p}\""
                    ),
                ),
                Some(Reported::Invalid(text)) => (
                    EditName::PoaInvalid,
                    if derived {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                    format!(
                        "{code} {}: it is exempt{note}, leave it blank or \"1\"",
                        invalid(text)
                    ),
                ),
            }
        }
    };
    Some(Edit {
        name,
        severity,
        codes: vec![d.code.clone()],
        message,
    })
}

fn invalid(text: &str) -> String {
    let shown: String = text.chars().take(8).collect();
    format!(
        "has POA `{}`, which is not an indicator",
        crate::domain::text::single_line(&shown)
    )
}
