//! The release a file is: the label and effective dates its name (or a
//! tabular's `<version>`) implies, and the version spec stored when the
//! command line says otherwise.

use std::str::FromStr;

use chrono::NaiveDate;

use super::read::ParsedFile;
use crate::domain::codes::CodeSystem;
use crate::store::code_tables::VersionSpec;

/// A version's effective range, as typed: `FROM` or `FROM..TO` (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl FromStr for Effective {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let date = |d: &str| {
            d.trim()
                .parse::<NaiveDate>()
                .map_err(|_| format!("{d:?} is not a date (YYYY-MM-DD)"))
        };
        let (from, to) = match s.split_once("..") {
            Some((from, to)) => (date(from)?, Some(date(to)?)),
            None => (date(s)?, None),
        };
        if to.is_some_and(|to| to < from) {
            return Err(format!("{s}: the range ends before it starts"));
        }
        Ok(Effective { from, to })
    }
}

/// The label and dates a release carries in its file (name or content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub label: String,
    pub effective: Effective,
}

/// The release a file name (or the tabular's `<version>`) implies:
/// - ICD-10-CM/PCS: fiscal year Y runs Y-1-10-01 .. Y-09-30 (`FY2026`); an
///   April update (`April` in the name) runs Y-04-01 .. Y-09-30 (`FY2026-Apr`).
/// - HCPCS: the year's file is effective Jan 1 (`2026`); a quarterly file
///   (`APR`, `JUL`, `OCT` in the name) from that quarter (`2026-Apr`).
///   Open-ended: the next release supersedes it.
/// - CPT: the calendar year (`2026`: 2026-01-01 .. 2026-12-31).
pub fn derive_release(
    system: CodeSystem,
    file_name: &str,
    fiscal_year: Option<i32>,
) -> Option<Release> {
    let name = file_name.to_ascii_lowercase();
    let year = fiscal_year.or_else(|| year_in(&name))?;
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let release = |label: String, from: Option<NaiveDate>, to: Option<NaiveDate>| {
        from.map(|from| Release {
            label,
            effective: Effective { from, to },
        })
    };
    match system {
        CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs => {
            if words(&name).any(|w| w == "april" || w == "apr") {
                release(format!("FY{year}-Apr"), ymd(year, 4, 1), ymd(year, 9, 30))
            } else {
                release(format!("FY{year}"), ymd(year - 1, 10, 1), ymd(year, 9, 30))
            }
        }
        CodeSystem::Hcpcs => {
            let quarter = words(&name).find_map(|w| match w {
                "jan" | "january" => Some((1, "Jan")),
                "apr" | "april" => Some((4, "Apr")),
                "jul" | "july" => Some((7, "Jul")),
                "oct" | "october" => Some((10, "Oct")),
                _ => None,
            });
            match quarter {
                Some((month, tag)) if month > 1 => {
                    release(format!("{year}-{tag}"), ymd(year, month, 1), None)
                }
                _ => release(year.to_string(), ymd(year, 1, 1), None),
            }
        }
        CodeSystem::Cpt => release(year.to_string(), ymd(year, 1, 1), ymd(year, 12, 31)),
    }
}

/// The words of a file name (`HCPC2026_APR_ANWEB` → `hcpc2026`, `apr`, ...).
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
}

/// The first run of exactly four digits in 2000–2099 (`icd10pcs_order_2026`
/// → 2026; the `10` of `icd10` and 8-digit dates are not years).
fn year_in(name: &str) -> Option<i32> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4 && run.starts_with("20"))
        .find_map(|run| run.parse().ok())
}

/// The version to store: the label and dates given on the command line
/// win over those derived from the file.
pub fn version_spec(
    system: CodeSystem,
    parsed: &ParsedFile,
    label: Option<String>,
    effective: Option<Effective>,
) -> Result<VersionSpec, String> {
    let derived = parsed.release.as_ref();
    let Some(effective) = effective.or(derived.map(|r| r.effective)) else {
        return Err(format!(
            "cannot tell which {system} release {} is (no year in its name or content); pass --effective FROM[..TO]",
            parsed.source
        ));
    };
    let label = label
        .or_else(|| derived.map(|r| r.label.clone()))
        .unwrap_or_else(|| effective.from.to_string());
    if label.trim().is_empty() {
        return Err("the version label is empty".into());
    }
    Ok(VersionSpec {
        system,
        label,
        effective_from: effective.from,
        effective_to: effective.to,
        source: parsed.source.clone(),
    })
}

#[cfg(test)]
mod tests {
    /// The coverage report (domain) advises file names; the importer must
    /// derive from each exactly the release advised.
    #[test]
    fn advised_releases_are_the_ones_the_importer_derives_from_those_names() {
        let on = d("2026-10-05");
        for system in CodeSystem::ALL {
            let advice = crate::domain::coverage::what_to_import(system, on);
            for file in &advice.files {
                let derived = derive_release(system, file, None)
                    .unwrap_or_else(|| panic!("{file}: no release derived"));
                assert_eq!(derived.label, advice.release, "{file}");
                assert!(derived.effective.from <= on, "{file}");
                assert!(derived.effective.to.is_none_or(|to| on <= to), "{file}");
            }
        }
    }

    use super::super::read::Format;
    use super::*;
    use crate::domain::codes::CodeSet;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn effective_ranges_parse() {
        assert_eq!(
            "2026-01-01".parse(),
            Ok(Effective {
                from: d("2026-01-01"),
                to: None
            })
        );
        assert_eq!(
            "2025-10-01..2026-09-30".parse(),
            Ok(Effective {
                from: d("2025-10-01"),
                to: Some(d("2026-09-30"))
            })
        );
        assert!("2026-13-01".parse::<Effective>().is_err());
        assert!("2026-09-30..2025-10-01".parse::<Effective>().is_err());
    }

    #[test]
    fn releases_are_derived_from_official_names() {
        let r = |s, n, y| {
            derive_release(s, n, y).map(|r| {
                (
                    r.label,
                    r.effective.from.to_string(),
                    r.effective.to.map(|t| t.to_string()),
                )
            })
        };
        let some = |l: &str, f: &str, t: Option<&str>| {
            Some((l.to_string(), f.to_string(), t.map(str::to_string)))
        };
        use CodeSystem::*;
        assert_eq!(
            r(Icd10Cm, "icd10c-tabular-April-1-2026.xml", Some(2026)),
            some("FY2026-Apr", "2026-04-01", Some("2026-09-30"))
        );
        assert_eq!(
            r(Icd10Cm, "icd10cm_tabular_2026.xml", Some(2026)),
            some("FY2026", "2025-10-01", Some("2026-09-30"))
        );
        assert_eq!(
            r(Icd10Pcs, "icd10pcs_order_2026.txt", None),
            some("FY2026", "2025-10-01", Some("2026-09-30"))
        );
        assert_eq!(
            r(Hcpcs, "HCPC2019_CONTR_ANWEB.txt", None),
            some("2019", "2019-01-01", None)
        );
        assert_eq!(
            r(Hcpcs, "HCPC2026_JAN_ANWEB_01122026.txt", None),
            some("2026", "2026-01-01", None)
        );
        assert_eq!(
            r(Hcpcs, "HCPC2026_APR_ANWEB.txt", None),
            some("2026-Apr", "2026-04-01", None)
        );
        assert_eq!(
            r(Cpt, "cpt-2026-longult.txt", None),
            some("2026", "2026-01-01", Some("2026-12-31"))
        );
        assert_eq!(r(Cpt, "LONGULT.txt", None), None);
        // CMS codes files: the fiscal year from the name.
        assert_eq!(
            r(Icd10Cm, "icd10cm_codes_2027.txt", None),
            some("FY2027", "2026-10-01", Some("2027-09-30"))
        );
        assert_eq!(
            r(Icd10Pcs, "icd10pcs_codes_2027.txt", None),
            some("FY2027", "2026-10-01", Some("2027-09-30"))
        );
        // The bundled tabular is CDC's April 2026 file, but the April update
        // changed no code or title, so it is bundled as the whole fiscal
        // year: the dates the October release's name implies (a site that
        // imports the April file itself still gets FY2026-Apr, above).
        let bundled = crate::app::codesets::bundled::spec();
        assert_eq!(
            r(Icd10Cm, "icd10cm_tabular_2026.xml", Some(2026)),
            some(
                &bundled.label,
                &bundled.effective_from.to_string(),
                Some(&bundled.effective_to.unwrap().to_string())
            )
        );
    }

    #[test]
    fn flags_win_and_an_underivable_release_needs_effective() {
        let parsed = |release| ParsedFile {
            set: CodeSet::default(),
            format: Format::Cpt,
            codes: None,
            addenda: None,
            source: "LONGULT.txt".into(),
            release,
        };
        let err = version_spec(CodeSystem::Cpt, &parsed(None), Some("x".into()), None).unwrap_err();
        assert!(err.contains("--effective"), "{err}");
        let eff = Effective {
            from: d("2026-01-01"),
            to: None,
        };
        let spec = version_spec(CodeSystem::Cpt, &parsed(None), None, Some(eff)).unwrap();
        assert_eq!(
            (spec.label.as_str(), spec.effective_from),
            ("2026-01-01", d("2026-01-01"))
        );
        let derived = Release {
            label: "2025".into(),
            effective: Effective {
                from: d("2025-01-01"),
                to: Some(d("2025-12-31")),
            },
        };
        let spec = version_spec(
            CodeSystem::Cpt,
            &parsed(Some(derived)),
            Some("mine".into()),
            Some(eff),
        )
        .unwrap();
        assert_eq!((spec.label.as_str(), spec.effective_to), ("mine", None));
    }
}
