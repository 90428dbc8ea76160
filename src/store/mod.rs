//! The SQLite store: the system of record for code sets, charts, the work
//! queue, assignments, provider queries and the audit log.
//!
//! Many chartq processes (one per coder) share one database file, so every
//! connection runs in WAL mode with a busy timeout, and writers use short
//! `BEGIN IMMEDIATE` transactions (see [`Store::write`]).

pub mod assignments;
pub mod audit;
pub mod charts;
mod clock;
pub mod code_tables;
pub mod export;
mod import;
pub mod migrations;
pub mod people;
pub mod provider_query;
pub mod queue;
mod work_error;

pub use work_error::WorkError;

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

/// True when the file starts with SQLite's magic string.
fn has_sqlite_header(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
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

    /// Marks the file as created by this process (it was copied into place
    /// from the seeded template just before this open).
    pub fn mark_created(&mut self) {
        self.created = true;
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
    /// the busy handler queues them. Commits when `f` returns `Ok`, rolls back
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

    /// Runs `f` in a write transaction only if no other process holds the
    /// write lock right now; `None` when one does. For work worth doing
    /// only when it costs a coder no wait (caching a search snapshot).
    pub fn write_if_free<T, E>(
        &mut self,
        f: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Option<Result<T, E>>
    where
        E: From<StoreError>,
    {
        let path = self.path.clone();
        let sql = |e| E::from(StoreError::from_sqlite(&path, e));
        if let Err(e) = self.conn.busy_handler(None::<fn(i32) -> bool>) {
            return Some(Err(sql(e)));
        }
        let begun = self.conn.execute_batch("BEGIN IMMEDIATE");
        // Waiting is back on for the commit and for every later statement.
        let restored = self.conn.busy_handler(Some(lock_waiter()));
        match begun {
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => return None,
            Err(e) => return Some(Err(sql(e))),
            Ok(()) => {}
        }
        let done = restored
            .map_err(sql)
            .and_then(|()| f(&self.conn))
            .and_then(|value| {
                self.conn.execute_batch("COMMIT").map_err(sql)?;
                Ok(value)
            });
        if done.is_err() && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        Some(done)
    }

    /// The work-queue modules' write path: `f` runs in a `BEGIN IMMEDIATE`
    /// transaction. Taking the write lock up front means no statement inside
    /// ever upgrades a read lock (the case where SQLite answers SQLITE_BUSY
    /// without waiting); the BEGIN itself waits in the busy handler and is
    /// retried while SQLite still answers busy (WAL recovery after a crash),
    /// so "database is locked" never reaches a coder before [`BUSY_TIMEOUT`]
    /// has passed. Raw SQLite errors come back classified against this file.
    pub(crate) fn transact<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, WorkError>,
    ) -> Result<T, WorkError> {
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        let mut pause = Duration::from_millis(1);
        let tx = loop {
            match self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
            {
                Err(e) if work_error::is_busy(&e) && std::time::Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(e) => return Err(StoreError::from_sqlite(&self.path, e).into()),
                Ok(tx) => break tx,
            }
        };
        let path = self.path.clone();
        f(&tx)
            .and_then(|value| {
                tx.commit()?;
                Ok(value)
            })
            .map_err(|e| e.in_db(&path))
    }

    /// Sets this connection's page cache size in KiB.
    pub(crate) fn set_cache_kib(&self, kib: i64) -> Result<(), WorkError> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{kib}"))
            .map_err(|e| WorkError::from(e).in_db(&self.path))
    }

    /// The read path: `f` sees one consistent snapshot; a busy answer (WAL
    /// recovery after a crash) is retried like a write.
    pub(crate) fn read<T>(
        &self,
        mut f: impl FnMut(&Connection) -> Result<T, WorkError>,
    ) -> Result<T, WorkError> {
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            match f(&self.conn) {
                Err(e) if e.is_busy() && std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => return other.map_err(|e| e.in_db(&self.path)),
            }
        }
    }

    fn configure(&mut self) -> Result<()> {
        let path = self.path.clone();
        let sql = |e| StoreError::from_sqlite(&path, e);
        self.conn.busy_handler(Some(lock_waiter())).map_err(sql)?;
        // A coder's command is one short process: checkpointing the WAL as
        // it closes would fsync the database every time (20+ ms per
        // command). Checkpoints still happen at a commit once the WAL passes
        // 1000 pages; the price is that a process opening the file alone
        // re-reads the WAL (a few ms), and the WAL file stays in place.
        self.conn
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )
            .map_err(sql)?;
        // journal_mode returns a row; WAL stays set in the file.
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(sql)?;
        self.conn
            .execute_batch(
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;
                 PRAGMA journal_size_limit = 67108864;",
            )
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

/// SQLite's default page cache (KiB), restored after an import.
pub(crate) const DEFAULT_CACHE_KIB: i64 = 2000;

/// Above this size the WAL is emptied when a [`Store`] closes.
const WAL_TRUNCATE_BYTES: u64 = 8 << 20;

impl Drop for Store {
    /// Connections do not checkpoint on close (see `configure`), so after a
    /// big transaction (an import) the WAL would stay large, and every
    /// command that later opens the file alone would re-read all of it
    /// (hundreds of ms after a 100,000-chart import). The connection that
    /// leaves a large WAL behind empties it instead.
    fn drop(&mut self) {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let large = std::fs::metadata(&wal).is_ok_and(|m| m.len() > WAL_TRUNCATE_BYTES);
        if large {
            // Best effort: with readers active it checkpoints what it can.
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

/// SQLite's busy handler: called while another process holds the lock
/// this connection needs. SQLite's own `busy_timeout` sleeps 1, 2, 5, 10 ...
/// 100 ms between tries, so with many coders claiming at once most of the
/// time is spent asleep after the lock is already free. This polls in short,
/// jittered steps (50 us growing to 1 ms) and gives up after
/// [`BUSY_TIMEOUT`]. SQLite passes `tries` = 0 at the start of each wait.
fn lock_waiter() -> impl FnMut(i32) -> bool + Send + 'static {
    let mut started = std::time::Instant::now();
    move |tries| {
        let now = std::time::Instant::now();
        if tries == 0 {
            started = now;
        }
        if now.duration_since(started) >= BUSY_TIMEOUT {
            return false;
        }
        let tries = u64::from(tries.unsigned_abs());
        let step = 50 * (tries + 1).min(20);
        let jitter = (u64::from(std::process::id()) ^ tries.wrapping_mul(7919)) % 50;
        std::thread::sleep(Duration::from_micros(step + jitter));
        true
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
    fn busy_and_damaged_files_are_explained_in_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        let msg = StoreError::from_sqlite(&path, busy).to_string();
        assert!(
            msg.contains("locked by another chartq process for over 10 s"),
            "{msg}"
        );
        // SQLite's header followed by garbage: damaged, not foreign.
        let mut bytes = b"SQLite format 3\0".to_vec();
        bytes.extend(std::iter::repeat_n(0xa5u8, 8192));
        std::fs::write(&path, bytes).unwrap();
        let err = Store::open(&path).err().expect("must fail");
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
        assert_eq!(err.to_string().lines().count(), 1);
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
