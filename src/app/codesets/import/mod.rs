//! Importing one official file as a code-set version: pick the parser for
//! the system (and the file's shape), derive the version label and
//! effective dates from the file where the release says them, parse the
//! whole file, then store it in one transaction (a bad file changes
//! nothing).

mod read;
mod release;
mod report;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use self::read::{Format, ParsedFile, read_file};
pub use self::release::{Effective, Release, derive_release, version_spec};
use self::report::changes_against;
pub use self::report::{Changes, CheckedAddenda, Derived, fold_accents};
use crate::domain::codes::{BorrowedNotes, CodeSet, CodeSetVersion, CodeSystem};
use crate::domain::people::{Actor, Role, RoleTooLow};
use crate::ingest::addenda;
use crate::ingest::cm_index::{self, IndexTable};
use crate::ingest::cm_index_tree;
use crate::ingest::codes_file::CodesFile;
use crate::ingest::source::ImportError;
use crate::ingest::source::Source;
use crate::ingest::successor::{self, NotesSource};
use crate::search::snapshot_encoder;
use crate::store::backend::Backend;
use crate::store::code_sets::NewCodeSet;
use crate::store::code_tables::{AttachedTerms, VersionSpec};
use crate::store::{StoreError, WorkError};

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

/// A refusal for the actor's role is a refusal of the work, worded as one.
impl From<RoleTooLow> for ImportFailure {
    fn from(err: RoleTooLow) -> Self {
        ImportFailure::Work(err.into())
    }
}

/// Parses `path` completely, then stores it as one version in one
/// transaction, with its `code_set_imported` audit event. Admins only.
/// Re-importing a label replaces that version.
pub fn import_file(
    backend: &mut dyn Backend,
    actor: &Actor,
    system: CodeSystem,
    path: &Path,
    label: Option<String>,
    effective: Option<Effective>,
) -> Result<Imported, ImportFailure> {
    import_with(
        backend,
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
/// [`crate::ingest::successor`]); an ICD-10-CM/PCS import reports what changed
/// against the version before it, and is checked against the addenda when
/// one is given or found in the zip (mismatches are reported, not fatal).
/// Admins only: the role is checked before the file is read, and the
/// version, its search snapshot and its `code_set_imported` audit event
/// are written in one transaction.
pub fn import_with(
    backend: &mut dyn Backend,
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
    let mut derived = None;
    let mut borrowed = None;
    if let Some(codes) = parsed.codes.take() {
        let built = build_from_codes_file(&*backend, &spec, &codes)?;
        parsed.set = built.0;
        borrowed = Some(built.1);
        derived = Some(built.2);
    }
    let previous = match system {
        CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs => {
            backend.version_before(system, spec.effective_from, false)?
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
        .map(|v| -> Result<_, WorkError> {
            Ok(changes_against(
                &v,
                &backend.billable_titles(v.id)?,
                &billable,
            ))
        })
        .transpose()?;
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
    let new = NewCodeSet {
        spec: &spec,
        set: &parsed.set,
        borrowed: borrowed.as_ref(),
    };
    let version_id = backend.import_code_set(actor, &new, &snapshot_encoder(system))?;
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
    backend: &dyn Backend,
    spec: &VersionSpec,
    codes: &CodesFile,
) -> Result<(CodeSet, BorrowedNotes, Derived), WorkError> {
    let system = spec.system;
    let mut sources: Vec<(CodeSetVersion, CodeSet)> = Vec::new();
    if system == CodeSystem::Icd10Cm {
        let mut before = spec.effective_from;
        while let Some(v) = backend.version_before(system, before, true)? {
            before = v.effective_from;
            let set = backend.code_set(v.id)?;
            sources.push((v, set));
        }
    }
    // ICD-10-CM: the newest tabular release (chapters, sections, notes);
    // without one, the version before it whatever its format (an order
    // file still gives categories and their titles).
    let structure = match (system, sources.is_empty()) {
        (CodeSystem::Icd10Cm, false) => None,
        _ => backend
            .version_before(system, spec.effective_from, false)?
            .map(|v| -> Result<_, WorkError> {
                let set = backend.code_set(v.id)?;
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
    /// Terms of the Alphabetic Index tree stored for the browser and
    /// `chartq index` (the Index to Diseases only; `None` for the tables).
    pub tree_terms: Option<usize>,
}

/// Parses an ICD-10-CM index file (Table of Drugs and Chemicals, Neoplasm
/// Table, External Cause Index) completely, then, in one transaction,
/// replaces that table's terms on one ICD-10-CM version (the one labelled
/// `label`, else the newest) and rewrites the version's search snapshot,
/// with its `index_imported` audit event. Admins only (checked before the
/// file is read).
pub fn import_index_file(
    backend: &mut dyn Backend,
    actor: &Actor,
    path: &Path,
    label: Option<&str>,
) -> Result<ImportedIndex, ImportFailure> {
    actor.require(Role::Admin, "importing an index file")?;
    let source = Source::open(path, &[cm_index::is_index_member])?;
    let mut parsed = cm_index::parse(&source)?;
    // The Index to Diseases is also kept whole, as the tree coders walk.
    let tree = match parsed.table {
        IndexTable::Diseases => Some(cm_index_tree::parse(&source)?),
        _ => None,
    };
    // Its "see" references give their words to the codes they lead to.
    if let Some(tree) = &tree {
        parsed.entries.extend(crate::search::see_entries(tree));
    }
    drop(source);
    let installed: Vec<CodeSetVersion> = backend
        .versions()?
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
    let (attached, tree_terms) = backend.import_index_terms(
        actor,
        &version,
        &parsed,
        tree.as_ref(),
        &snapshot_encoder(CodeSystem::Icd10Cm),
    )?;
    Ok(ImportedIndex {
        table: parsed.table,
        fiscal_year: parsed.fiscal_year,
        version,
        entries: parsed.entries.len(),
        attached,
        tree_terms,
    })
}
