//! The code-set writes behind the seam: storing an imported version with
//! its codes, notes and search snapshot, attaching an index file's terms,
//! a site's POA-exempt list, and seeding or updating a bundled version.
//! Each is one transaction with its audit event, so a backend offers them
//! as operations ([`super::backend::Backend`]) and the use cases in `app`
//! never hold a transaction: they parse and check, then ask.

use rusqlite::{Connection, OptionalExtension, params};

use super::code_tables::{
    AttachedTerms, VersionSpec, indexable_codes, insert_code_set_borrowing, replace_index_terms,
    replace_index_tree, replace_poa_exempt_list,
};
use super::snapshot_bytes::SnapshotEncoder;
use super::{Store, WorkError, audit, snapshots};
use crate::domain::audit::{AuditDetail, CodeSetFacts};
use crate::domain::codes::{BorrowedNotes, CodeSet, CodeSetVersion};
use crate::domain::index_tree::IndexTree;
use crate::domain::people::Actor;
use crate::ingest::cm_index::IndexFile;

/// A parsed version to store: what it is called and valid for, its codes
/// with their notes, and the notes it borrows from releases before it.
#[derive(Debug, Clone, Copy)]
pub struct NewCodeSet<'a> {
    pub spec: &'a VersionSpec,
    pub set: &'a CodeSet,
    pub borrowed: Option<&'a BorrowedNotes>,
}

/// A site's POA-exempt list for one fiscal year, parsed whole.
#[derive(Debug, Clone, Copy)]
pub struct NewPoaExemptList<'a> {
    pub fiscal_year: i32,
    /// The file it came from (kept with the list and in the audit event).
    pub file: &'a str,
    /// Codes without dots, upper case.
    pub codes: &'a [String],
}

/// What a database holds of one bundled version (by its source and label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundledHolding {
    /// Stored as bundled.
    Present,
    /// Stored by an older chartq under another label or range (the first
    /// bundled tabular was `FY2026-Apr`, 2026-04-01..): updated in place,
    /// so codes assigned against it keep their version.
    Outdated {
        id: i64,
        label: String,
    },
    /// The site imported a version under the bundled label: theirs wins.
    SiteOwns,
    Missing,
}

/// Whether seeding writes its audit events (a template database gets its
/// events when it is copied, not when it is built).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedAudit {
    Record,
    Skip,
}

/// Stores an imported version (re-importing a label replaces it) with its
/// search snapshot and its `code_set_imported` event, in one transaction.
pub fn import_code_set(
    store: &mut Store,
    actor: &Actor,
    new: &NewCodeSet<'_>,
    encode: SnapshotEncoder<'_>,
) -> Result<i64, WorkError> {
    store.write(|tx| {
        let spec = new.spec;
        let id = insert_code_set_borrowing(tx, spec, new.set, new.borrowed)?;
        write_snapshot(tx, id, encode)?;
        audit::record(
            tx,
            actor,
            None,
            AuditDetail::CodeSetImported {
                system: spec.system,
                label: spec.label.clone(),
                effective_from: spec.effective_from,
                effective_to: spec.effective_to,
                codes: new.set.codes.len(),
                source: spec.source.clone(),
                version_id: id,
            },
        )?;
        Ok(id)
    })
}

/// Replaces one index table's terms on `version`, rewrites the version's
/// search snapshot and records `index_imported`, in one transaction.
pub fn import_index_terms(
    store: &mut Store,
    actor: &Actor,
    version: &CodeSetVersion,
    index: &IndexFile,
    tree: Option<&IndexTree>,
    encode: SnapshotEncoder<'_>,
) -> Result<(AttachedTerms, Option<usize>), WorkError> {
    store.write(|tx| {
        let terms = index
            .entries
            .iter()
            .map(|e| (e.code.as_str(), e.text.as_str()));
        let attached = replace_index_terms(tx, version.id, index.table.as_str(), terms)?;
        let tree_terms = match tree {
            Some(tree) => Some(replace_index_tree(tx, version.id, tree)?),
            None => None,
        };
        write_snapshot(tx, version.id, encode)?;
        audit::record(
            tx,
            actor,
            None,
            AuditDetail::IndexImported {
                table: index.table.as_str().to_string(),
                version: version.label.clone(),
                version_id: version.id,
                entries: index.entries.len(),
            },
        )?;
        Ok((attached, tree_terms))
    })
}

/// Replaces a fiscal year's POA-exempt list and records `poa_list_imported`.
pub fn import_poa_exempt_list(
    store: &mut Store,
    actor: &Actor,
    list: &NewPoaExemptList<'_>,
) -> Result<usize, WorkError> {
    store.write(|tx| {
        let stored = replace_poa_exempt_list(tx, list.fiscal_year, list.file, list.codes)?;
        audit::record(
            tx,
            actor,
            None,
            AuditDetail::PoaListImported {
                fiscal_year: list.fiscal_year,
                codes: stored,
                file: list.file.to_string(),
            },
        )?;
        Ok(stored)
    })
}

fn write_snapshot(
    conn: &Connection,
    version_id: i64,
    encode: SnapshotEncoder<'_>,
) -> Result<(), WorkError> {
    let encoded = encode(indexable_codes(conn, version_id)?);
    snapshots::write(conn, version_id, encoded.format, &encoded.bytes, true)?;
    Ok(())
}

/// What the database holds of the bundled version `spec` describes.
pub fn bundled_holding(conn: &Connection, spec: &VersionSpec) -> Result<BundledHolding, WorkError> {
    let by_source: Option<(i64, String, String, Option<String>)> = conn
        .query_row(
            "SELECT id, label, effective_from, effective_to FROM code_set_version
             WHERE system = ?1 AND source = ?2",
            params![spec.system.as_str(), spec.source],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let label_taken = || -> rusqlite::Result<bool> {
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM code_set_version WHERE system = ?1 AND label = ?2)",
            params![spec.system.as_str(), spec.label],
            |r| r.get(0),
        )
    };
    Ok(match by_source {
        Some((id, label, from, to)) => {
            let same = label == spec.label
                && from == spec.effective_from.to_string()
                && to == spec.effective_to.map(|d| d.to_string());
            if same {
                BundledHolding::Present
            } else if label_taken()? {
                // The site has its own version under the new label: the old
                // bundled one stays as it was (still right for its dates).
                BundledHolding::Present
            } else {
                BundledHolding::Outdated { id, label }
            }
        }
        None if label_taken()? => BundledHolding::SiteOwns,
        None => BundledHolding::Missing,
    })
}

/// Stores a bundled version unless it is there by now (checked again under
/// the write lock: two processes opening a new file do not both insert
/// it), with its `code_set_seeded` event when `audit` says so.
pub fn seed_code_set(
    store: &mut Store,
    new: &NewCodeSet<'_>,
    audit: SeedAudit,
) -> Result<Option<i64>, WorkError> {
    store.write(|tx| {
        if bundled_holding(tx, new.spec)? != BundledHolding::Missing {
            return Ok(None);
        }
        let id = insert_code_set_borrowing(tx, new.spec, new.set, new.borrowed)?;
        if audit == SeedAudit::Record {
            record_bundled(tx, new.spec, |facts| AuditDetail::CodeSetSeeded {
                version_id: id,
                facts,
            })?;
        }
        Ok(Some(id))
    })
}

/// Relabels and re-dates an older chartq's bundled version in place (its
/// codes, and the codes assigned against it, stay); returns the label it
/// had, `None` when it is no longer outdated.
pub fn update_bundled(
    store: &mut Store,
    spec: &VersionSpec,
    audit: SeedAudit,
) -> Result<Option<String>, WorkError> {
    store.write(|tx| {
        let BundledHolding::Outdated { id, label } = bundled_holding(tx, spec)? else {
            return Ok(None);
        };
        tx.execute(
            "UPDATE code_set_version SET label = ?2, effective_from = ?3, effective_to = ?4
             WHERE id = ?1",
            params![
                id,
                spec.label,
                spec.effective_from.to_string(),
                spec.effective_to.map(|d| d.to_string())
            ],
        )?;
        if audit == SeedAudit::Record {
            let previous_label = label.clone();
            record_bundled(tx, spec, |facts| AuditDetail::CodeSetUpdated {
                previous_label,
                version_id: id,
                facts,
            })?;
        }
        Ok(Some(label))
    })
}

/// Appends the `system` audit event of one bundled version: `details`
/// made from what the database now holds of it. Also what a new database
/// copied from the seed template records for each version it got.
pub fn record_bundled(
    conn: &Connection,
    spec: &VersionSpec,
    details: impl FnOnce(CodeSetFacts) -> AuditDetail,
) -> Result<(), WorkError> {
    let (codes, billable, notes_from): (i64, i64, Option<String>) = conn.query_row(
        "SELECT code_count, billable_count, notes_from FROM code_set_version
         WHERE system = ?1 AND label = ?2",
        params![spec.system.as_str(), spec.label],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let Some(effective_to) = spec.effective_to else {
        return Err(WorkError::Invalid(format!(
            "the bundled {} {} has no end date",
            spec.system, spec.label
        )));
    };
    let facts = CodeSetFacts {
        system: spec.system,
        label: spec.label.clone(),
        effective_from: spec.effective_from,
        effective_to,
        source: spec.source.clone(),
        codes,
        billable,
        notes_from,
    };
    audit::record_system_event(conn, details(facts))?;
    Ok(())
}
