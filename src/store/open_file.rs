//! The database file before SQLite opens it: who owns it, who may read
//! it, its `-wal`/`-shm` sidecars, and making a new one privately (created
//! under a temporary name, filled, then linked into place).

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::files::{FileError, SIDECARS, describe_uid, my_uid, octal, with_suffix};
use super::{APPLICATION_ID, Filler, OpenPolicy, Result, StoreError, accepted_foreign};

/// The warning for a database file that group or others may read.
pub(super) fn readable_notice(path: &Path, mode: u32) -> Option<String> {
    let who = match (mode & 0o040 != 0, mode & 0o004 != 0) {
        (true, true) => "its group and everyone else",
        (true, false) => "its group",
        (false, true) => "everyone else",
        (false, false) => return None,
    };
    Some(format!(
        "warning: {} is readable by {who} (mode {}); chart data is PHI: `chmod 600 {}` \
         unless a group is meant to share it",
        path.display(),
        octal(mode),
        path.display()
    ))
}

/// The warnings [`Store::notices`] would give about the file at `path`,
/// without opening it (for the TUI, to print before it takes the screen).
pub fn file_notices(path: &Path) -> Vec<String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() => readable_notice(path, meta.mode() & 0o777)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) fn open_error(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Refuses what is at `path` unless it may be a database of the caller's:
/// a regular, non-empty file owned by them (or by anyone, with
/// [`OpenPolicy::allow_foreign_owner`]).
pub(super) fn check_database_file(
    path: &Path,
    meta: &std::fs::Metadata,
    policy: OpenPolicy,
) -> Result<()> {
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(StoreError::Symlink {
            path: path.to_path_buf(),
            target: std::fs::read_link(path).ok(),
        });
    }
    if kind.is_dir() {
        return Err(StoreError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if !kind.is_file() {
        return Err(StoreError::NotChartq {
            path: path.to_path_buf(),
        });
    }
    if meta.uid() != my_uid() && !policy.allow_foreign_owner && !accepted_foreign(meta) {
        return Err(StoreError::ForeignOwner {
            path: path.to_path_buf(),
            owner: describe_uid(meta.uid()),
            me: describe_uid(my_uid()),
        });
    }
    if meta.len() == 0 {
        return Err(StoreError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Refuses to let SQLite use a `-wal`/`-shm`/`-journal` beside the
/// database that is a link (SQLite opens them with O_NOFOLLOW and would
/// fail obscurely), not a regular file, or owned by someone who owns
/// neither the database nor this process (it could carry their writes).
pub(super) fn check_sidecars(
    path: &Path,
    db: &std::fs::Metadata,
    policy: OpenPolicy,
) -> Result<()> {
    for suffix in SIDECARS {
        let side = with_suffix(path, suffix);
        let meta = match std::fs::symlink_metadata(&side) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(open_error(&side, e)),
        };
        let detail = if meta.file_type().is_symlink() {
            "is a symbolic link; SQLite keeps this file beside the database and chartq never \
             lets it follow a link: with no chartq running on the database, remove the link"
                .to_string()
        } else if !meta.file_type().is_file() {
            "is not a regular file; SQLite keeps its own file under this name".to_string()
        } else if meta.uid() != db.uid()
            && meta.uid() != my_uid()
            && !policy.allow_foreign_owner
            && !accepted_foreign(db)
        {
            format!(
                "belongs to {}, neither the database's owner nor you, and SQLite would read \
                 its content into the database; pass --allow-foreign-db if the database is \
                 shared with that user, otherwise keep the database and this file aside and \
                 restore from a backup",
                describe_uid(meta.uid())
            )
        } else {
            continue;
        };
        return Err(StoreError::Sidecar { path: side, detail });
    }
    Ok(())
}

/// Creates a new chartq database at `path` (see [`Store::open_with_policy`]).
/// True when this process made it; false when another process put a file
/// there first (the caller then checks that file like any other).
pub(super) fn create_database(path: &Path, fill: Option<Filler<'_>>) -> Result<bool> {
    for suffix in SIDECARS {
        let side = with_suffix(path, suffix);
        if std::fs::symlink_metadata(&side).is_ok() {
            // Another process may have created the database since the
            // caller looked, and SQLite its -wal: that one is checked like
            // any existing database.
            if std::fs::symlink_metadata(path).is_ok() {
                return Ok(false);
            }
            return Err(StoreError::Sidecar {
                detail: format!(
                    "is left over from a database that is no longer at {}; SQLite would read \
                     it into a new database there: move it away (or put back the database it \
                     belongs to)",
                    path.display()
                ),
                path: side,
            });
        }
    }
    super::files::create_parent_dirs(path)?;
    let temp = super::files::temp_name(path);
    drop(super::files::create_private_file(&temp)?);
    let filled = fill.is_some_and(|fill| match fill(&temp) {
        Ok(()) => true,
        Err(_) => {
            // Start again from an empty private file: what `fill` left is
            // not trusted.
            let _ = std::fs::remove_file(&temp);
            false
        }
    });
    if fill.is_some() && !filled {
        drop(super::files::create_private_file(&temp)?);
    }
    let marked = if filled {
        Ok(())
    } else {
        mark_as_chartq(&temp)
    };
    let made = marked
        .map_err(|e| StoreError::from_sqlite(&temp, e))
        .and_then(|()| match super::files::publish(&temp, path) {
            Ok(()) => Ok(true),
            Err(FileError::Exists { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        });
    let _ = std::fs::remove_file(&temp);
    made
}

/// Makes the empty file at `path` a SQLite database marked as chartq's.
fn mark_as_chartq(path: &Path) -> rusqlite::Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // A new file is in rollback-journal mode: no -wal/-shm beside the
    // temporary name; `configure` switches the real path to WAL.
    conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
    conn.close().map_err(|(_, e)| e)
}
