//! Importing one official file as a code-set version: pick the parser for
//! the system (and the file's shape), derive the version label and
//! effective dates from the file where the release says them, parse the
//! whole file, then store it in one transaction (a bad file changes
//! nothing).

use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;

use super::cm_index::{self, IndexTable};
use super::source::{ImportError, Source};
use super::{CodeSet, CodeSetVersion, CodeSystem, cpt, hcpcs, icd10cm, order_file};
use crate::search::store_snapshot;
use crate::store::code_tables::{
    AttachedTerms, VersionSpec, insert_code_set, list_versions, replace_index_terms,
};
use crate::store::{Store, StoreError};

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

/// A parsed file and what it says about its release.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub set: CodeSet,
    /// How errors and `codes list` name the file.
    pub source: String,
    /// `None` when neither the name nor the content says which release it is.
    pub release: Option<Release>,
}

/// Reads and parses `path` as a `system` file (plain, gzip or zip).
pub fn read_file(system: CodeSystem, path: &Path) -> Result<ParsedFile, ImportError> {
    let (set, src, fiscal_year) = match system {
        CodeSystem::Icd10Cm => {
            let src = Source::open(
                path,
                &[icd10cm::is_tabular_member, order_file::is_order_member],
            )?;
            if src.looks_like_xml() {
                let tabular = icd10cm::parse(&src)?;
                (tabular.set, src, tabular.fiscal_year)
            } else {
                (order_file::parse(&src, system)?, src, None)
            }
        }
        CodeSystem::Icd10Pcs => {
            let src = Source::open(path, &[order_file::is_order_member])?;
            if src.looks_like_xml() {
                return Err(src.error(
                    Some(1),
                    None,
                    "an XML file; ICD-10-PCS is imported from CMS's order file (icd10pcs_order_YYYY.txt)",
                ));
            }
            (order_file::parse(&src, system)?, src, None)
        }
        CodeSystem::Hcpcs => {
            let src = Source::open(path, &[hcpcs::is_anweb_member])?;
            (hcpcs::parse(&src)?, src, None)
        }
        CodeSystem::Cpt => {
            let src = Source::open(path, &cpt::MEMBER_RULES)?;
            (cpt::parse(&src)?, src, None)
        }
    };
    check_parsed(&set, &src)?;
    let release = derive_release(system, src.file_name(), fiscal_year);
    Ok(ParsedFile {
        set,
        source: src.name().to_string(),
        release,
    })
}

/// The longest title (long or short) a code file may give a code, in
/// characters. Official titles stay far below it: HCPCS long descriptions
/// reach ~1,250 characters, ICD-10-CM titles 230, ICD-10-PCS 200. A longer
/// one means a damaged or hostile file (a lost line break, an unterminated
/// quote), and every screen and search would carry it.
pub const MAX_TITLE_CHARS: usize = 4096;

/// What every parser's result must be before it is stored: at least one
/// code (an empty version would hide the one before it and find nothing),
/// and no title over [`MAX_TITLE_CHARS`] (parsers that know the line check
/// as they read, to name it; this names the code).
fn check_parsed(set: &CodeSet, src: &Source) -> Result<(), ImportError> {
    if set.codes.is_empty() {
        return Err(src.error(None, None, "no codes in the file; nothing was imported"));
    }
    for c in &set.codes {
        let titles = [
            ("title", Some(&c.long_title)),
            ("short title", c.short_title.as_ref()),
        ];
        for (field, title) in titles {
            let length = title.map_or(0, |t| t.chars().count());
            if length > MAX_TITLE_CHARS {
                return Err(src.error(
                    None,
                    Some(field),
                    format!(
                        "code {} has {length} characters; the limit is {MAX_TITLE_CHARS}",
                        crate::text::single_line(&c.code)
                    ),
                ));
            }
        }
    }
    Ok(())
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

/// What an import stored.
#[derive(Debug, Clone)]
pub struct Imported {
    pub spec: VersionSpec,
    pub version_id: i64,
    pub codes: usize,
    pub billable: usize,
}

/// Why an import failed: the file (named with line and field) or the
/// version arguments, or the database.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error(transparent)]
    File(#[from] ImportError),
    #[error("{0}")]
    Version(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Parses `path` completely, then stores it as one version in one
/// transaction. Re-importing a label replaces that version.
pub fn import_file(
    store: &mut Store,
    system: CodeSystem,
    path: &Path,
    label: Option<String>,
    effective: Option<Effective>,
) -> Result<Imported, ImportFailure> {
    let parsed = read_file(system, path)?;
    let spec = version_spec(system, &parsed, label, effective).map_err(ImportFailure::Version)?;
    // The search snapshot is written with the codes: a version is never
    // stored without one.
    let version_id = store.write(|tx| {
        let id = insert_code_set(tx, &spec, &parsed.set)?;
        store_snapshot(tx, system, id)?;
        Ok::<_, StoreError>(id)
    })?;
    Ok(Imported {
        codes: parsed.set.codes.len(),
        billable: parsed.set.codes.iter().filter(|c| c.billable).count(),
        spec,
        version_id,
    })
}

/// What an index import attached.
#[derive(Debug, Clone)]
pub struct ImportedIndex {
    pub table: IndexTable,
    /// The index's own fiscal year (`<version>`).
    pub fiscal_year: Option<i32>,
    /// The ICD-10-CM version the terms were attached to.
    pub version: CodeSetVersion,
    /// (code, text) entries in the file.
    pub entries: usize,
    pub attached: AttachedTerms,
}

/// Parses an ICD-10-CM index file (Table of Drugs and Chemicals, Neoplasm
/// Table, External Cause Index) completely, then, in one transaction,
/// replaces that table's terms on one ICD-10-CM version (the one labelled
/// `label`, else the newest) and rewrites the version's search snapshot.
pub fn import_index_file(
    store: &mut Store,
    path: &Path,
    label: Option<&str>,
) -> Result<ImportedIndex, ImportFailure> {
    let parsed = cm_index::read_file(path)?;
    let installed: Vec<CodeSetVersion> = list_versions(store.conn())
        .map_err(StoreError::from)?
        .into_iter()
        .filter(|v| v.system == CodeSystem::Icd10Cm)
        .collect();
    let version = match label {
        Some(label) => installed.iter().find(|v| v.label == label).ok_or_else(|| {
            let labels: Vec<&str> = installed.iter().map(|v| v.label.as_str()).collect();
            ImportFailure::Version(format!(
                "no ICD-10-CM version is labelled {label:?}; installed: {}",
                if labels.is_empty() {
                    "none".to_owned()
                } else {
                    labels.join(", ")
                }
            ))
        })?,
        None => installed
            .iter()
            .max_by_key(|v| (v.effective_from, v.id))
            .ok_or_else(|| {
                ImportFailure::Version(
                    "no ICD-10-CM version is installed to attach the index to".into(),
                )
            })?,
    }
    .clone();
    let attached = store.write(|tx| {
        let terms = parsed
            .entries
            .iter()
            .map(|e| (e.code.as_str(), e.text.as_str()));
        let attached = replace_index_terms(tx, version.id, parsed.table.as_str(), terms)?;
        store_snapshot(tx, CodeSystem::Icd10Cm, version.id)?;
        Ok::<_, StoreError>(attached)
    })?;
    Ok(ImportedIndex {
        table: parsed.table,
        fiscal_year: parsed.fiscal_year,
        version,
        entries: parsed.entries.len(),
        attached,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // The bundled release's dates are what the CDC name implies.
        let bundled = crate::codes::bundled::spec();
        assert_eq!(
            r(Icd10Cm, "icd10c-tabular-April-1-2026.xml", Some(2026)),
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
