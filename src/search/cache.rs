//! Search snapshots kept in the database, one per code-set version (table
//! `search_snapshot`): a one-shot `chartq search` reads a few megabytes
//! instead of re-reading and re-splitting every title.
//!
//! The snapshot is written in the import's own transaction, so a version is
//! never stored without one by this build; a snapshot missing or written by
//! another build is rebuilt by the first search that meets it and stored
//! when no other process is writing.

use rusqlite::{Connection, MAIN_DB, OptionalExtension, params};

use super::Index;
use super::snapshot::{self, FORMAT};
use crate::domain::codes::CodeSystem;
use crate::store::code_tables::indexable_codes;

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
    let is_blob: Option<bool> = conn
        .query_row(
            "SELECT typeof(data) = 'blob' FROM search_snapshot WHERE version_id = ?1 AND format = ?2",
            params![version_id, FORMAT as i64],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match is_blob {
        None => Stored::Missing,
        Some(false) => Stored::Damaged,
        Some(true) => {
            // version_id is the table's rowid.
            let blob = conn.blob_open(MAIN_DB, "search_snapshot", "data", version_id, true)?;
            match snapshot::decode_from(&blob) {
                Ok(index) => Stored::Usable(Box::new(index)),
                Err(_) => Stored::Damaged,
            }
        }
    })
}

/// Stores the index of a version if it still exists. A snapshot written by
/// this build is kept unless `replace` (it was found damaged): another
/// process got there first, or a re-import replaced the version and wrote
/// its own.
pub(crate) fn write(
    conn: &Connection,
    version_id: i64,
    index: &Index,
    replace: bool,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO search_snapshot (version_id, format, data)
         SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM code_set_version WHERE id = ?1)
         ON CONFLICT (version_id) DO UPDATE SET format = excluded.format, data = excluded.data
         WHERE ?4 OR format != excluded.format",
        params![version_id, FORMAT as i64, snapshot::encode(index), replace],
    )?;
    Ok(())
}

/// Builds the index of a version just written and stores it; called inside
/// the transaction that imported the version.
pub fn store_snapshot(
    conn: &Connection,
    system: CodeSystem,
    version_id: i64,
) -> rusqlite::Result<()> {
    let index = Index::build_system(system, indexable_codes(conn, version_id)?);
    write(conn, version_id, &index, true)
}
