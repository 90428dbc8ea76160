//! The SQLite store: the system of record for code sets, charts, the work
//! queue, assignments, provider queries and the audit log.
//!
//! Many chartq processes (one per coder) share one database file, so every
//! connection runs in WAL mode with a busy timeout, and writers use short
//! `BEGIN IMMEDIATE` transactions (see [`Store::write`]).

pub mod code_tables;
pub mod migrations;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

/// `PRAGMA application_id` of a chartq database ("CHQ1"), so a stray SQLite
/// file is recognised as "not a chartq database" instead of being migrated.
pub const APPLICATION_ID: i64 = 0x4348_5131;

/// How long a writer waits for another process's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

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
    #[error("{path}: cannot open the database: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
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
            Some(ErrorCode::NotADatabase) => Self::NotChartq { path },
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Self::Locked {
                path,
                secs: BUSY_TIMEOUT.as_secs(),
            },
            Some(ErrorCode::CannotOpen)
            | Some(ErrorCode::PermissionDenied)
            | Some(ErrorCode::ReadOnly) => Self::Open {
                path,
                detail: err.to_string(),
            },
            _ => Self::Sql(err),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open chartq database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    created: bool,
}

impl Store {
    /// Opens (creating if absent, with mode 0600) and migrates the database
    /// at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let created = !path.exists();
        if created {
            create_private_file(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::from_sqlite(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            created,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// An in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
            created: true,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// True when this open created the file (a new database to seed).
    pub fn was_created(&self) -> bool {
        self.created
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access for queries. Writes go through [`Store::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction: the write lock is taken
    /// up front, so two writers never deadlock upgrading read locks, and
    /// `busy_timeout` queues them. Commits when `f` returns `Ok`, rolls back
    /// otherwise.
    pub fn write<T, E>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| E::from(StoreError::from_sqlite(&path, e)))?;
        let value = f(&tx)?;
        tx.commit()
            .map_err(|e| E::from(StoreError::from_sqlite(&path, e)))?;
        Ok(value)
    }

    fn configure(&mut self) -> Result<()> {
        let path = self.path.clone();
        let sql = |e| StoreError::from_sqlite(&path, e);
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        // journal_mode returns a row; WAL stays set in the file.
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(sql)?;
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(sql)?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let sql = |e| StoreError::from_sqlite(&path, e);
        let app_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(sql)?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)?;
        if app_id != APPLICATION_ID {
            let tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(sql)?;
            if app_id != 0 || tables > 0 {
                return Err(StoreError::NotChartq { path });
            }
        }
        if version > migrations::SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path,
                found: version,
                known: migrations::SCHEMA_VERSION,
            });
        }
        for (i, step) in migrations::MIGRATIONS
            .iter()
            .enumerate()
            .skip(version as usize)
        {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql)?;
            // Another process may have migrated while we waited for the lock.
            let now: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(sql)?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(step).map_err(sql)?;
            tx.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
                i + 1
            ))
            .map_err(sql)?;
            tx.commit().map_err(sql)?;
        }
        Ok(())
    }
}

/// Creates an empty file readable only by its owner: chart data is PHI.
fn create_private_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
        .or_else(|e| match e.kind() {
            // Lost a race with another process creating it: fine.
            std::io::ErrorKind::AlreadyExists => Ok(()),
            _ => Err(StoreError::Open {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_database_is_private_and_migrated() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/chartq.db");
        let store = Store::open(&path).unwrap();
        assert!(store.was_created());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let v: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, migrations::SCHEMA_VERSION);
        drop(store);
        assert!(!Store::open(&path).unwrap().was_created());
    }

    #[test]
    fn foreign_sqlite_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NotChartq { .. })
        ));
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        drop(Store::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 999")
            .unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::TooNew { found: 999, .. })
        ));
    }

    #[test]
    fn garbage_file_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
        let err = Store::open(&path).err().expect("must fail");
        assert!(
            matches!(
                err,
                StoreError::NotChartq { .. } | StoreError::Corrupt { .. }
            ),
            "{err}"
        );
    }
}
