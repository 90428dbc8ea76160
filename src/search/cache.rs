//! Search snapshots kept in the database, one per code-set version (table
//! `search_snapshot`): a one-shot `chartq search` reads a few megabytes
//! instead of re-reading and re-splitting every title.
//!
//! The snapshot is written in the import's own transaction, so a version is
//! never stored without one by this build; a snapshot missing or written by
//! another build is rebuilt by the first search that meets it and stored
//! when no other process is writing.

use rusqlite::Connection;

use super::Index;
use super::snapshot::{self, FORMAT};
use crate::domain::codes::CodeSystem;
use crate::store::code_tables::IndexableCode;
use crate::store::snapshot_bytes::{EncodedSnapshot, SnapshotRead};
use crate::store::snapshots;

/// What the database holds for a version.
pub(crate) enum Stored {
    /// A snapshot written by this build that reads back whole.
    Usable(Box<Index>),
    /// A snapshot written by this build that does not read back: replace it.
    Damaged,
    /// None, or one written by another build.
    Missing,
}

/// The stored index of a version, read in place from its BLOB.
pub(crate) fn read(conn: &Connection, version_id: i64) -> rusqlite::Result<Stored> {
    let mut decoded = None;
    let found = snapshots::read(conn, version_id, FORMAT as i64, &mut |blob| {
        decoded = Some(snapshot::decode_from(blob));
    })?;
    Ok(match (found, decoded) {
        (SnapshotRead::Missing, _) => Stored::Missing,
        (_, Some(Ok(index))) => Stored::Usable(Box::new(index)),
        _ => Stored::Damaged,
    })
}

/// Stores the index of a version if it still exists (see
/// [`snapshots::write`] for when one already there is kept).
pub(crate) fn write(
    conn: &Connection,
    version_id: i64,
    index: &Index,
    replace: bool,
) -> rusqlite::Result<()> {
    snapshots::write(
        conn,
        version_id,
        FORMAT as i64,
        &snapshot::encode(index),
        replace,
    )
}

/// How a version's snapshot is made from its indexable codes, for the
/// operations that store a version (`Backend::import_code_set`, ...): the
/// store writes it in the import's own transaction without importing the
/// search floor.
pub fn snapshot_encoder(system: CodeSystem) -> impl Fn(Vec<IndexableCode>) -> EncodedSnapshot {
    move |codes| EncodedSnapshot {
        format: FORMAT as i64,
        bytes: snapshot::encode(&Index::build_system(system, codes)),
    }
}
