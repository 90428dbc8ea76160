//! The `search_snapshot` table: one stored search index per code-set
//! version, as bytes the search floor encodes and decodes (`search::cache`).
//! The store only keeps them: read in place (SQLite's incremental BLOB I/O,
//! straight into the index's arrays) and written when asked.

use rusqlite::{Connection, MAIN_DB, OptionalExtension, params};

use super::snapshot_bytes::{SnapshotBytes, SnapshotRead};

impl SnapshotBytes for rusqlite::blob::Blob<'_> {
    fn len(&self) -> usize {
        rusqlite::blob::Blob::len(self)
    }
    fn read_at(&self, buf: &mut [u8], at: usize) -> std::io::Result<()> {
        self.read_at_exact(buf, at).map_err(std::io::Error::other)
    }
}

/// Hands the stored snapshot of `version_id` in `format` to `reader`.
pub fn read(
    conn: &Connection,
    version_id: i64,
    format: i64,
    reader: &mut dyn FnMut(&dyn SnapshotBytes),
) -> rusqlite::Result<SnapshotRead> {
    let is_blob: Option<bool> = conn
        .query_row(
            "SELECT typeof(data) = 'blob' FROM search_snapshot WHERE version_id = ?1 AND format = ?2",
            params![version_id, format],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match is_blob {
        None => SnapshotRead::Missing,
        Some(false) => SnapshotRead::Damaged,
        Some(true) => {
            // version_id is the table's rowid.
            let blob = conn.blob_open(MAIN_DB, "search_snapshot", "data", version_id, true)?;
            reader(&blob);
            SnapshotRead::Read
        }
    })
}

/// Stores a snapshot if its version still exists. One of this format is
/// kept unless `replace` (it was found damaged): another process got there
/// first, or a re-import replaced the version and wrote its own.
pub fn write(
    conn: &Connection,
    version_id: i64,
    format: i64,
    bytes: &[u8],
    replace: bool,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO search_snapshot (version_id, format, data)
         SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM code_set_version WHERE id = ?1)
         ON CONFLICT (version_id) DO UPDATE SET format = excluded.format, data = excluded.data
         WHERE ?4 OR format != excluded.format",
        params![version_id, format, bytes, replace],
    )?;
    Ok(())
}
