//! Why the database could not be used: SQLite's answers classified against
//! the file they concern (busy, damaged, not a chartq database, read-only,
//! disk full), worded for a coder. No patient data: only the path and
//! SQLite's own reason.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::BUSY_TIMEOUT;
use super::files::FileError;

/// Why the database could not be used, worded for a coder. None of these
/// carry patient data: only the path and SQLite's own reason.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: the database file is damaged ({detail}); restore it from a backup")]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path}: the database is busy (locked by another chartq process for over {secs} s); try again"
    )]
    Locked { path: PathBuf, secs: u64 },
    #[error(
        "{path}: the database was written by a newer chartq (schema {found}, this binary knows {known}); upgrade chartq"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: not a chartq database")]
    NotChartq { path: PathBuf },
    #[error(
        "{path}: disk full (no space left on the file system holding the database); nothing \
         was changed: free some space and try again"
    )]
    DiskFull { path: PathBuf },
    #[error("{path}: disk I/O error while {what}; nothing was changed ({detail})")]
    Io {
        path: PathBuf,
        what: &'static str,
        detail: String,
    },
    #[error(
        "{path}: the database is read-only for you (no write permission on the file or its \
         directory, or a read-only file system); chartq records every action in it, so ask \
         its owner for access, or work on a copy"
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "{path}: is a directory; --db and CHARTQ_DB name a database file (e.g. {path}/chartq.db)"
    )]
    IsDirectory { path: PathBuf },
    #[error("{path}: cannot open the database: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error(
        "{path}: is a symbolic link{to}; chartq opens and creates its database only at its real \
         path: name the file itself with --db, or remove the link",
        to = target.as_ref().map(|t| format!(" (to {})", t.display())).unwrap_or_default()
    )]
    Symlink {
        path: PathBuf,
        target: Option<PathBuf>,
    },
    #[error(
        "{path}: belongs to {owner}, not to you ({me}); chartq opens a database owned by \
         someone else only with --allow-foreign-db (a shared team database: everyone who can \
         write that file can change every record in it)"
    )]
    ForeignOwner {
        path: PathBuf,
        owner: String,
        me: String,
    },
    #[error(
        "{path}: an empty file, not a chartq database; chartq creates its database file itself \
         (mode 0600): remove this file or choose another path"
    )]
    EmptyFile { path: PathBuf },
    /// A `-wal`, `-shm` or `-journal` file beside the database that chartq
    /// will not let SQLite use.
    #[error("{path}: {detail}")]
    Sidecar { path: PathBuf, detail: String },
    #[error("{path}: the file was replaced while chartq opened it; try again")]
    Replaced { path: PathBuf },
    #[error(transparent)]
    File(#[from] FileError),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A PostgreSQL team database's error: `target` names the database
    /// (`postgresql user@host/db`, never a password), `detail` the server's
    /// or the client's reason.
    #[error("{target}: {detail}")]
    Server { target: String, detail: String },
}

impl StoreError {
    /// Classify a SQLite error that happened while using the file at `path`.
    pub fn from_sqlite(path: &Path, err: rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) => Self::Corrupt {
                path,
                detail: "file is malformed".into(),
            },
            // SQLite's own header but unreadable pages: damage. Anything
            // else that SQLite cannot read was never a database.
            Some(ErrorCode::NotADatabase) if has_sqlite_header(&path) => Self::Corrupt {
                path,
                detail: "file header is damaged".into(),
            },
            Some(ErrorCode::NotADatabase) => Self::NotChartq { path },
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Self::Locked {
                path,
                secs: BUSY_TIMEOUT.as_secs(),
            },
            Some(ErrorCode::ReadOnly) => Self::ReadOnly { path },
            Some(ErrorCode::DiskFull) => Self::DiskFull { path },
            // An I/O error's errno is not kept in the error: a file system
            // with (almost) no room left means ENOSPC, whatever SQLite was
            // doing (growing the WAL or the -shm file, writing, syncing).
            Some(ErrorCode::SystemIoFailure) if no_space_left(&path) => Self::DiskFull { path },
            Some(ErrorCode::SystemIoFailure) => Self::Io {
                what: io_step(&err),
                detail: err.to_string(),
                path,
            },
            Some(ErrorCode::CannotOpen) if path.is_dir() => Self::IsDirectory { path },
            Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => Self::Open {
                path,
                detail: err.to_string(),
            },
            _ => Self::Sql(err),
        }
    }
}

/// What SQLite was doing when an I/O error (SQLITE_IOERR_*) happened.
fn io_step(err: &rusqlite::Error) -> &'static str {
    let extended = match err {
        rusqlite::Error::SqliteFailure(e, _) => e.extended_code,
        _ => 0,
    };
    match extended {
        266 | 522 => "reading the database",
        778 => "writing the database or its -wal file",
        1034 | 1290 => "syncing the database to disk",
        1546 => "truncating the database or its -wal file",
        1802 => "checking the database file's size",
        2058 | 2314 | 3850 | 5130 => "locking the database",
        2570 | 2826 => "deleting a journal file",
        3338 => "checking the database's files",
        4618 => "opening the shared-memory file (-shm)",
        4874 => "growing the shared-memory file (-shm)",
        5386 => "mapping the shared-memory file (-shm)",
        _ => "reading or writing the database",
    }
}

/// True when the file system holding `path` has (almost) no space left
/// for this user: fewer than 64 KiB available.
pub(super) fn no_space_left(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a valid out
    // pointer for the duration of the call.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return false;
    }
    (st.f_bavail as u64).saturating_mul(st.f_frsize as u64) < 64 << 10
}

/// True when the file starts with SQLite's magic string.
fn has_sqlite_header(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}
