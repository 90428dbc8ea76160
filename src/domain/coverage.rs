//! Which installed code-set versions cover a date, and what to import when
//! none does. Pure: the caller passes the installed versions (from
//! `store::code_tables::list_versions`) and the date (today from the one
//! clock, or a chart's date of service), so the TUI, `chartq codes list`
//! and the tests share one wording.
//!
//! The file names follow the releases `codes::import::derive_release`
//! recognises: ICD-10-CM and ICD-10-PCS by fiscal year (FY Y runs
//! Y-1-10-01 .. Y-09-30), HCPCS by quarter, CPT by calendar year.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::codes::{CodeSetVersion, CodeSystem};

/// One installed version as the coverage report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledRange {
    pub label: String,
    pub from: NaiveDate,
    /// Inclusive; `None`: open-ended.
    pub to: Option<NaiveDate>,
}

impl fmt::Display for InstalledRange {
    /// `FY2026 2025-10-01..2026-09-30`, `2026 2026-01-01..`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}..", self.label, self.from)?;
        match self.to {
            Some(to) => write!(f, "{to}"),
            None => Ok(()),
        }
    }
}

/// One code system on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemCoverage {
    pub system: CodeSystem,
    pub date: NaiveDate,
    /// Installed versions, newest first.
    pub installed: Vec<InstalledRange>,
    /// The label of the version valid on `date` (the newest one whose
    /// range covers it), as the store picks it.
    pub covering: Option<String>,
}

impl SystemCoverage {
    pub fn covered(&self) -> bool {
        self.covering.is_some()
    }

    /// What to import so `date` can be coded in this system; `None` when
    /// it already can.
    pub fn advice(&self) -> Option<Advice> {
        (!self.covered()).then(|| what_to_import(self.system, self.date))
    }
}

/// Per system (in [`CodeSystem::ALL`] order), what is installed and whether
/// `date` is covered.
pub fn coverage(installed: &[CodeSetVersion], date: NaiveDate) -> Vec<SystemCoverage> {
    CodeSystem::ALL
        .iter()
        .map(|&system| system_coverage(installed, system, date))
        .collect()
}

/// [`coverage`] for one system.
pub fn system_coverage(
    installed: &[CodeSetVersion],
    system: CodeSystem,
    date: NaiveDate,
) -> SystemCoverage {
    let mut mine: Vec<&CodeSetVersion> = installed.iter().filter(|v| v.system == system).collect();
    // The store's rule for which covering version wins.
    mine.sort_by_key(|v| std::cmp::Reverse(v.precedence()));
    SystemCoverage {
        system,
        date,
        covering: mine
            .iter()
            .find(|v| v.covers(date))
            .map(|v| v.label.clone()),
        installed: mine
            .iter()
            .map(|v| InstalledRange {
                label: v.label.clone(),
                from: v.effective_from,
                to: v.effective_to,
            })
            .collect(),
    }
}

/// What to import for one system and date: the release, the official
/// file(s) that carry it, and the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub system: CodeSystem,
    /// The release in effect on the date, as chartq labels it (`FY2027`,
    /// `2026-Oct`, `2026`).
    pub release: String,
    /// Who publishes it and in what form.
    pub source: &'static str,
    /// Example file names of that release (any of them will do).
    pub files: Vec<String>,
}

impl Advice {
    /// `chartq codes import cm FILE`.
    pub fn command(&self) -> String {
        format!("chartq codes import {} FILE", self.system.short_name())
    }

    /// `icd10cm_codes_2027.txt or icd10cm-tabular-2027.xml`.
    pub fn file_names(&self) -> String {
        self.files.join(" or ")
    }
}

impl fmt::Display for Advice {
    /// One sentence: `ICD-10-CM FY2027: the CDC/CMS tabular XML or codes
    /// file (icd10cm_codes_2027.txt or icd10cm-tabular-2027.xml), then
    /// chartq codes import cm FILE`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.system, self.release, self.source)?;
        if !self.files.is_empty() {
            write!(f, " ({})", self.file_names())?;
        }
        write!(f, ", then {}", self.command())
    }
}

/// The ICD-10 fiscal year a date falls in (Oct 1 starts the next one).
pub fn fiscal_year(date: NaiveDate) -> i32 {
    if date.month() >= 10 {
        date.year() + 1
    } else {
        date.year()
    }
}

/// What to import so `date` can be coded in `system`.
pub fn what_to_import(system: CodeSystem, date: NaiveDate) -> Advice {
    let fy = fiscal_year(date);
    let year = date.year();
    match system {
        CodeSystem::Icd10Cm => Advice {
            system,
            release: format!("FY{fy}"),
            source: "the CDC/CMS tabular XML or codes file",
            files: vec![
                format!("icd10cm_codes_{fy}.txt"),
                format!("icd10cm-tabular-{fy}.xml"),
            ],
        },
        CodeSystem::Icd10Pcs => Advice {
            system,
            release: format!("FY{fy}"),
            source: "the CMS order or codes file",
            files: vec![
                format!("icd10pcs_order_{fy}.txt"),
                format!("icd10pcs_codes_{fy}.txt"),
            ],
        },
        CodeSystem::Hcpcs => {
            let quarter = match date.month() {
                1..=3 => "JAN",
                4..=6 => "APR",
                7..=9 => "JUL",
                _ => "OCT",
            };
            let release = if quarter == "JAN" {
                year.to_string()
            } else {
                let tag = quarter[..1].to_string() + &quarter[1..].to_ascii_lowercase();
                format!("{year}-{tag}")
            };
            Advice {
                system,
                release,
                source: "the CMS quarterly ANWEB file",
                files: vec![format!("HCPC{year}_{quarter}_ANWEB.txt")],
            }
        }
        CodeSystem::Cpt => Advice {
            system,
            release: year.to_string(),
            source: "the AMA CPT data file of your CPT license",
            files: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn version(
        id: i64,
        system: CodeSystem,
        label: &str,
        from: &str,
        to: Option<&str>,
    ) -> CodeSetVersion {
        CodeSetVersion {
            id,
            system,
            label: label.into(),
            effective_from: d(from),
            effective_to: to.map(d),
            source: "test".into(),
            imported_at: "2026-01-01T00:00:00Z".into(),
            code_count: 1,
            billable_count: 1,
            notes_from: None,
        }
    }

    #[test]
    fn the_fiscal_year_turns_on_october_first() {
        assert_eq!(fiscal_year(d("2026-09-30")), 2026);
        assert_eq!(fiscal_year(d("2026-10-01")), 2027);
        assert_eq!(fiscal_year(d("2027-01-15")), 2027);
    }

    #[test]
    fn coverage_per_system_with_the_newest_covering_version() {
        let installed = [
            version(
                1,
                CodeSystem::Icd10Cm,
                "FY2026",
                "2025-10-01",
                Some("2026-09-30"),
            ),
            version(
                2,
                CodeSystem::Icd10Cm,
                "FY2026-Apr",
                "2026-04-01",
                Some("2026-09-30"),
            ),
            version(3, CodeSystem::Hcpcs, "2026", "2026-01-01", None),
        ];
        let on = coverage(&installed, d("2026-05-01"));
        assert_eq!(
            on.iter().map(|c| c.system).collect::<Vec<_>>(),
            CodeSystem::ALL
        );
        let cm = &on[0];
        assert_eq!(cm.covering.as_deref(), Some("FY2026-Apr"));
        assert_eq!(
            cm.installed
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>(),
            [
                "FY2026-Apr 2026-04-01..2026-09-30",
                "FY2026 2025-10-01..2026-09-30"
            ]
        );
        assert!(cm.advice().is_none());
        assert!(!on[1].covered(), "no PCS installed");
        assert_eq!(on[3].covering.as_deref(), Some("2026"), "open-ended HCPCS");
        assert_eq!(on[3].installed[0].to_string(), "2026 2026-01-01..");

        let after = system_coverage(&installed, CodeSystem::Icd10Cm, d("2026-10-01"));
        assert!(!after.covered());
        assert_eq!(
            after.advice().unwrap().to_string(),
            "ICD-10-CM FY2027: the CDC/CMS tabular XML or codes file \
             (icd10cm_codes_2027.txt or icd10cm-tabular-2027.xml), then chartq codes import cm FILE"
        );
    }

    #[test]
    fn advice_names_each_systems_official_files() {
        let on = d("2026-10-05");
        let pcs = what_to_import(CodeSystem::Icd10Pcs, on);
        assert_eq!(
            pcs.files,
            ["icd10pcs_order_2027.txt", "icd10pcs_codes_2027.txt"]
        );
        assert_eq!(pcs.command(), "chartq codes import pcs FILE");
        let hcpcs = what_to_import(CodeSystem::Hcpcs, on);
        assert_eq!(
            (hcpcs.release.as_str(), hcpcs.files[0].as_str()),
            ("2026-Oct", "HCPC2026_OCT_ANWEB.txt")
        );
        let january = what_to_import(CodeSystem::Hcpcs, d("2027-02-01"));
        assert_eq!(
            (january.release.as_str(), january.files[0].as_str()),
            ("2027", "HCPC2027_JAN_ANWEB.txt")
        );
        let cpt = what_to_import(CodeSystem::Cpt, on);
        assert_eq!(
            cpt.to_string(),
            "CPT 2026: the AMA CPT data file of your CPT license, then chartq codes import cpt FILE"
        );
    }
}
