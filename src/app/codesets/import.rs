//! Importing one official file as a code-set version: pick the parser for
//! the system (and the file's shape), derive the version label and
//! effective dates from the file where the release says them, parse the
//! whole file, then store it in one transaction (a bad file changes
//! nothing).

use crate::domain::audit::AuditAction;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::codes::{BorrowedNotes, CodeSet, CodeSetVersion, CodeSystem};
use crate::domain::people::Role;
use crate::ingest::addenda::{self, Addenda, AddendaCheck};
use crate::ingest::checks::{check_parsed, check_titles};
use crate::ingest::cm_index::{self, IndexTable};
use crate::ingest::codes_file::{self, CodesFile};
use crate::ingest::source::{ImportError, Source};
use crate::ingest::successor::{self, HierarchyReport, NotesSource};
use crate::ingest::{cpt, hcpcs, icd10cm, order_file};
use crate::search::store_snapshot;
use crate::store::code_tables::{
    AttachedTerms, VersionSpec, insert_code_set_borrowing, list_versions, replace_index_terms,
    version_before, version_code_set,
};
use crate::store::people::Actor;
use crate::store::{Store, StoreError, WorkError, audit};

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

/// The file formats chartq reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CDC ICD-10-CM tabular XML.
    Tabular,
    /// CMS order file (ICD-10-CM or ICD-10-PCS).
    OrderFile,
    /// CMS codes file (ICD-10-CM or ICD-10-PCS): billable codes only.
    CodesFile,
    /// CMS HCPCS ANWEB file.
    Anweb,
    /// A licensee's CPT data file.
    Cpt,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Tabular => "tabular XML",
            Self::OrderFile => "order file",
            Self::CodesFile => "codes file",
            Self::Anweb => "ANWEB file",
            Self::Cpt => "CPT data file",
        }
    }
}

/// A parsed file and what it says about its release.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The entries. Empty for a CMS codes file: its set is built at import
    /// against the previous release (see [`super::successor`]) from `codes`.
    pub set: CodeSet,
    pub format: Format,
    /// A CMS codes file's lines.
    pub codes: Option<CodesFile>,
    /// The codes-file addenda found beside the file in its zip.
    pub addenda: Option<Addenda>,
    /// How errors and `codes list` name the file.
    pub source: String,
    /// `None` when neither the name nor the content says which release it is.
    pub release: Option<Release>,
}

/// Which ICD-10-CM/PCS text format `src` is in, from its first record: an
/// order file (5-digit order number, column 6 blank) or a codes file (code
/// in columns 1-7, column 8 blank, title from column 9). Anything else is
/// an error naming the line and the formats it is not.
fn sniff_text(src: &Source, system: CodeSystem) -> Result<Format, ImportError> {
    let formats = match system {
        CodeSystem::Icd10Pcs => "an ICD-10-PCS order file or codes file",
        _ => "an ICD-10-CM tabular XML, order file or codes file",
    };
    let Some((line_no, first)) = src
        .lines()
        .find(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
    else {
        return Err(src.error(None, None, format!("the file is empty; expected {formats}")));
    };
    let order = first.len() > 6 && first[..5].iter().all(u8::is_ascii_digit) && first[5] == b' ';
    if order {
        Ok(Format::OrderFile)
    } else if codes_file::looks_like_codes_line(first, system) {
        Ok(Format::CodesFile)
    } else {
        Err(src.error(
            Some(line_no),
            Some("format"),
            format!(
                "not {formats}: an order record starts with a 5-digit order number and a blank, \
                 a codes-file record with the code in columns 1-7, a blank and the title"
            ),
        ))
    }
}

/// Reads and parses `path` as a `system` file (plain, gzip or zip).
pub fn read_file(system: CodeSystem, path: &Path) -> Result<ParsedFile, ImportError> {
    let mut codes = None;
    let (set, src, fiscal_year, format) = match system {
        CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs => {
            let src = if system == CodeSystem::Icd10Cm {
                Source::open(
                    path,
                    &[
                        icd10cm::is_tabular_member,
                        order_file::is_order_member,
                        codes_file::is_codes_member,
                    ],
                )?
            } else {
                Source::open(
                    path,
                    &[order_file::is_order_member, codes_file::is_codes_member],
                )?
            };
            if src.looks_like_xml() {
                if system == CodeSystem::Icd10Pcs {
                    return Err(src.error(
                        Some(1),
                        None,
                        "an XML file; ICD-10-PCS is imported from CMS's order file (icd10pcs_order_YYYY.txt) or codes file (icd10pcs_codes_YYYY.txt)",
                    ));
                }
                let tabular = icd10cm::parse(&src)?;
                (tabular.set, src, tabular.fiscal_year, Format::Tabular)
            } else {
                match sniff_text(&src, system)? {
                    Format::CodesFile => {
                        codes = Some(codes_file::parse(&src, system)?);
                        (CodeSet::default(), src, None, Format::CodesFile)
                    }
                    _ => (
                        order_file::parse(&src, system)?,
                        src,
                        None,
                        Format::OrderFile,
                    ),
                }
            }
        }
        CodeSystem::Hcpcs => {
            let src = Source::open(path, &[hcpcs::is_anweb_member])?;
            (hcpcs::parse(&src)?, src, None, Format::Anweb)
        }
        CodeSystem::Cpt => {
            let src = Source::open(path, &cpt::MEMBER_RULES)?;
            (cpt::parse(&src)?, src, None, Format::Cpt)
        }
    };
    match &codes {
        // A codes file's entries become a set only later (with the previous
        // release's hierarchy); its parser refuses a file without codes.
        Some(file) => check_titles(
            file.entries
                .iter()
                .map(|e| (e.code.as_str(), "title", Some(e.title.as_str()))),
            &src,
        )?,
        None => check_parsed(&set, &src)?,
    }
    let addenda = match format {
        Format::CodesFile | Format::OrderFile => {
            Source::zip_member(path, addenda::is_codes_addenda_member)?
                .map(|a| addenda::parse(&a, system))
                .transpose()?
        }
        _ => None,
    };
    let release = derive_release(system, src.file_name(), fiscal_year);
    Ok(ParsedFile {
        set,
        format,
        codes,
        addenda,
        source: src.name().to_string(),
        release,
    })
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

/// How a release's billable codes differ from the version before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The version compared with (`ICD-10-CM FY2026`).
    pub against: String,
    pub added: usize,
    pub deleted: usize,
    /// Codes whose long title changed.
    pub retitled: usize,
    /// Of the other codes, those whose titles differ only in accents (the
    /// CMS text files are ASCII: "Sezary" where the tabular says "Sézary").
    pub accents_only: usize,
}

/// What a CMS codes file's import built, besides its codes.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The release the hierarchy and header titles come from
    /// (`ICD-10-CM FY2026`); `None` when none was installed.
    pub hierarchy_from: Option<String>,
    pub report: HierarchyReport,
    /// The releases the notes were borrowed from (`FY2026`).
    pub notes_from: Option<String>,
}

/// An addenda checked against the imported file.
#[derive(Debug, Clone)]
pub struct CheckedAddenda {
    pub name: String,
    pub adds: usize,
    pub deletes: usize,
    pub revisions: usize,
    pub check: AddendaCheck,
}

/// What an import stored.
#[derive(Debug, Clone)]
pub struct Imported {
    pub spec: VersionSpec,
    pub version_id: i64,
    pub codes: usize,
    pub billable: usize,
    pub format: Format,
    /// Against the version of the system before it (ICD-10-CM/PCS).
    pub changes: Option<Changes>,
    /// For a CMS codes file: how its hierarchy and notes were made.
    pub derived: Option<Derived>,
    pub addenda: Option<CheckedAddenda>,
}

/// What `chartq codes import` may say besides the file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Version label (default: derived from the file).
    pub label: Option<String>,
    /// Effective dates (default: derived from the file).
    pub effective: Option<Effective>,
    /// A CMS codes-file addenda to check the file against (default: the
    /// one beside the file in its zip, if any).
    pub addenda: Option<PathBuf>,
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
    /// Who asked may not (code sets and index files are admin work), or
    /// the audit event could not be written.
    #[error(transparent)]
    Work(#[from] WorkError),
}

/// Parses `path` completely, then stores it as one version in one
/// transaction, with its `code_set_imported` audit event. Admins only.
/// Re-importing a label replaces that version.
pub fn import_file(
    store: &mut Store,
    actor: &Actor,
    system: CodeSystem,
    path: &Path,
    label: Option<String>,
    effective: Option<Effective>,
) -> Result<Imported, ImportFailure> {
    import_with(
        store,
        actor,
        system,
        path,
        &ImportOptions {
            label,
            effective,
            addenda: None,
        },
    )
}

/// [`import_file`] with every option. A CMS codes file gets its hierarchy,
/// header titles and notes from the installed releases before it (see
/// [`super::successor`]); an ICD-10-CM/PCS import reports what changed
/// against the version before it, and is checked against the addenda when
/// one is given or found in the zip (mismatches are reported, not fatal).
/// Admins only: the role is checked before the file is read, and the
/// version, its search snapshot and its `code_set_imported` audit event
/// are written in one transaction.
pub fn import_with(
    store: &mut Store,
    actor: &Actor,
    system: CodeSystem,
    path: &Path,
    options: &ImportOptions,
) -> Result<Imported, ImportFailure> {
    actor.require(Role::Admin, "importing a code set")?;
    let mut parsed = read_file(system, path)?;
    let given_addenda = options
        .addenda
        .as_deref()
        .map(|p| addenda::read_file(p, system))
        .transpose()?;
    if given_addenda.is_some() && !matches!(system, CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs) {
        return Err(ImportFailure::Version(format!(
            "--addenda is for ICD-10-CM and ICD-10-PCS files, not {system}"
        )));
    }
    let spec = version_spec(system, &parsed, options.label.clone(), options.effective)
        .map_err(ImportFailure::Version)?;
    let conn = store.conn();
    let mut derived = None;
    let mut borrowed = None;
    if let Some(codes) = parsed.codes.take() {
        let built = build_from_codes_file(conn, &spec, &codes)?;
        parsed.set = built.0;
        borrowed = Some(built.1);
        derived = Some(built.2);
    }
    let previous = match system {
        CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs => {
            version_before(conn, system, spec.effective_from, false).map_err(StoreError::from)?
        }
        _ => None,
    };
    let billable: HashMap<String, String> = parsed
        .set
        .codes
        .iter()
        .filter(|c| c.billable)
        .map(|c| (c.code.clone(), c.long_title.clone()))
        .collect();
    let changes = previous
        .map(|v| changes_against(conn, &v, &billable))
        .transpose()
        .map_err(StoreError::from)?;
    let addenda = given_addenda
        .or(parsed.addenda.take())
        .map(|a| CheckedAddenda {
            check: a.check(&billable),
            name: a.name.clone(),
            adds: a.adds.len(),
            deletes: a.deletes.len(),
            revisions: a.revisions.len(),
        });
    // The search snapshot is written with the codes: a version is never
    // stored without one.
    let codes = parsed.set.codes.len();
    let version_id = store.write(|tx| {
        let id = insert_code_set_borrowing(tx, &spec, &parsed.set, borrowed.as_ref())
            .map_err(StoreError::from)?;
        store_snapshot(tx, system, id).map_err(StoreError::from)?;
        audit::record(
            tx,
            actor,
            AuditAction::CodeSetImported,
            None,
            serde_json::json!({
                "system": system.to_string(),
                "label": spec.label,
                "effective_from": spec.effective_from.to_string(),
                "effective_to": spec.effective_to.map(|d| d.to_string()),
                "codes": codes,
                "source": spec.source,
                "version_id": id,
            }),
        )?;
        Ok::<_, ImportFailure>(id)
    })?;
    Ok(Imported {
        codes: parsed.set.codes.len(),
        billable: billable.len(),
        format: parsed.format,
        spec,
        version_id,
        changes,
        derived,
        addenda,
    })
}

/// A codes file's whole set, from the installed releases before it: the
/// newest tabular release for ICD-10-CM (else the version before it; every
/// tabular release before it lends notes, newest first), the version before
/// it for ICD-10-PCS.
fn build_from_codes_file(
    conn: &Connection,
    spec: &VersionSpec,
    codes: &CodesFile,
) -> Result<(CodeSet, BorrowedNotes, Derived), StoreError> {
    let system = spec.system;
    let mut sources: Vec<(CodeSetVersion, CodeSet)> = Vec::new();
    if system == CodeSystem::Icd10Cm {
        let mut before = spec.effective_from;
        while let Some(v) = version_before(conn, system, before, true)? {
            before = v.effective_from;
            let set = version_code_set(conn, v.id)?;
            sources.push((v, set));
        }
    }
    // ICD-10-CM: the newest tabular release (chapters, sections, notes);
    // without one, the version before it whatever its format (an order
    // file still gives categories and their titles).
    let structure = match (system, sources.is_empty()) {
        (CodeSystem::Icd10Cm, false) => None,
        _ => version_before(conn, system, spec.effective_from, false)?
            .map(|v| -> Result<_, StoreError> {
                let set = version_code_set(conn, v.id)?;
                Ok((v, set))
            })
            .transpose()?,
    };
    let (hierarchy_from, previous) = match (&structure, sources.first()) {
        (Some((v, set)), _) | (None, Some((v, set))) => {
            (Some(format!("{} {}", v.system, v.label)), Some(set))
        }
        (None, None) => (None, None),
    };
    let notes: Vec<NotesSource<'_>> = sources
        .iter()
        .map(|(v, set)| NotesSource {
            label: &v.label,
            set,
        })
        .collect();
    let built = successor::build(system, &spec.label, codes, previous, &notes);
    let derived = Derived {
        hierarchy_from,
        notes_from: built.borrowed.summary(),
        report: built.report,
    };
    Ok((built.set, built.borrowed, derived))
}

/// Compares a release's billable codes (`code` → title) with `previous`'s.
fn changes_against(
    conn: &Connection,
    previous: &CodeSetVersion,
    billable: &HashMap<String, String>,
) -> rusqlite::Result<Changes> {
    let mut stmt =
        conn.prepare("SELECT code, long_title FROM code WHERE version_id = ?1 AND billable = 1")?;
    let old: HashMap<String, String> = stmt
        .query_map([previous.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changes = Changes {
        against: format!("{} {}", previous.system, previous.label),
        added: billable.keys().filter(|c| !old.contains_key(*c)).count(),
        deleted: old.keys().filter(|c| !billable.contains_key(*c)).count(),
        retitled: 0,
        accents_only: 0,
    };
    for (code, title) in billable {
        match old.get(code) {
            Some(before) if before != title => {
                if fold_accents(before) == fold_accents(title) {
                    changes.accents_only += 1;
                } else {
                    changes.retitled += 1;
                }
            }
            _ => {}
        }
    }
    Ok(changes)
}

/// Latin letters with their accents dropped (`Sézary` → `Sezary`), as CMS's
/// ASCII files write the tabular's eponyms.
pub fn fold_accents(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
            'ç' => 'c',
            'Ç' => 'C',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'È' | 'É' | 'Ê' | 'Ë' => 'E',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
            'ý' | 'ÿ' => 'y',
            'Ý' => 'Y',
            other => other,
        })
        .collect()
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
/// `label`, else the newest) and rewrites the version's search snapshot,
/// with its `index_imported` audit event. Admins only (checked before the
/// file is read).
pub fn import_index_file(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
    label: Option<&str>,
) -> Result<ImportedIndex, ImportFailure> {
    actor.require(Role::Admin, "importing an index file")?;
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
            .max_by_key(|v| v.precedence())
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
        let attached = replace_index_terms(tx, version.id, parsed.table.as_str(), terms)
            .map_err(StoreError::from)?;
        store_snapshot(tx, CodeSystem::Icd10Cm, version.id).map_err(StoreError::from)?;
        audit::record(
            tx,
            actor,
            AuditAction::IndexImported,
            None,
            serde_json::json!({
                "table": parsed.table.as_str(),
                "version": version.label,
                "version_id": version.id,
                "entries": parsed.entries.len(),
            }),
        )?;
        Ok::<_, ImportFailure>(attached)
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
