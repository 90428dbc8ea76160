//! The SQLite store: the system of record for code sets, charts, the work
//! queue, assignments, provider queries and the audit log.
//!
//! Many chartq processes (one per coder) share one database file, so every
//! connection runs in WAL mode with a busy timeout, and writers use short
//! `BEGIN IMMEDIATE` transactions (see [`Store::write`]).

pub mod access;
pub mod assignments;
pub mod audit;
pub mod audit_chain;
pub mod audit_log;
pub mod backend;
pub mod backup;
pub mod chart_detail;
pub mod chart_drg;
pub mod charts;
mod clock;
pub mod code_sets;
pub mod code_tables;
mod error;
pub mod export;
pub mod files;
pub mod location;
pub mod migrations;
pub mod offline;
mod open_file;
pub mod people;
pub mod provider_query;
pub mod queue;
pub mod reports;
pub mod review;
pub mod snapshot_bytes;
pub mod snapshot_cache;
pub mod snapshots;
mod work_error;
pub mod working_drg;

pub use error::StoreError;
pub use open_file::file_notices;
use open_file::{
    check_database_file, check_sidecars, create_database, open_error, readable_notice,
};
pub use work_error::WorkError;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use files::{my_uid, with_suffix};

/// `PRAGMA application_id` of a chartq database ("CHQ1"), so a stray SQLite
/// file is recognised as "not a chartq database" instead of being migrated.
pub const APPLICATION_ID: i64 = 0x4348_5131;

/// How long a writer waits for another process's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Writes a new database's first contents into the (empty, private,
/// not yet published) file it is given; see [`Store::open_or_create`].
pub type Filler<'a> = &'a dyn Fn(&Path) -> std::result::Result<(), String>;

/// How [`Store::open_with_policy`] treats a database that is not the
/// caller's own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenPolicy {
    /// Open a chartq database file owned by another uid (`--allow-foreign-db`:
    /// a team's shared file). Without it such a file is refused, and so is a
    /// `-wal`/`-shm` beside it owned by neither the database's owner nor the
    /// caller. Once one open in this process accepted a file, later opens of
    /// the same file in this process (the TUI's search connection) do too.
    pub allow_foreign_owner: bool,
}

/// Files (device, inode) opened with [`OpenPolicy::allow_foreign_owner`]
/// in this process.
static ACCEPTED_FOREIGN: Mutex<Vec<(u64, u64)>> = Mutex::new(Vec::new());

fn accepted_foreign(meta: &std::fs::Metadata) -> bool {
    ACCEPTED_FOREIGN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .contains(&(meta.dev(), meta.ino()))
}

/// What a checkpoint did (`PRAGMA wal_checkpoint(TRUNCATE)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Every committed transaction is in the database file and the WAL is
    /// empty; false when another process was reading and some frames had
    /// to stay (a later checkpoint moves them).
    pub complete: bool,
    /// Frames in the WAL before, and how many of them are now in the
    /// database file.
    pub wal_frames: i64,
    pub copied_frames: i64,
}

/// An open chartq database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    created: bool,
    /// Warnings about the files for the user (see [`Store::notices`]).
    notices: Vec<String>,
    /// Checkpoint when dropped ([`Store::checkpoint_on_close`]).
    checkpoint_on_close: bool,
}

impl Store {
    /// Opens (creating it if absent) and migrates the database at `path`,
    /// which must be the caller's own: see [`Store::open_with_policy`].
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with_policy(path, OpenPolicy::default())
    }

    /// Opens and migrates the database at `path`; creates it when nothing is
    /// there.
    ///
    /// A new database is made under a temporary name in the same directory
    /// (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600), marked as chartq's
    /// (`PRAGMA application_id`) and only then linked to `path`, so a
    /// half-made or empty file is never seen there, and nothing is ever
    /// created through a link. Refused: a symbolic link at `path` (dangling
    /// or not), anything but a regular file, an existing file that is not
    /// a chartq database (an empty one included: chartq did not make it),
    /// a file owned by another uid unless `policy` allows it, a `-wal`,
    /// `-shm` or `-journal` beside it that is a link or belongs to someone
    /// else, and such files left beside a path with no database (SQLite
    /// would read them into the new one). A `-wal`/`-shm` more open than the
    /// database is narrowed to its mode; a database readable by group or
    /// others is used, with a warning in [`Store::notices`].
    pub fn open_with_policy(path: &Path, policy: OpenPolicy) -> Result<Store> {
        Self::open_or_create(path, policy, None)
    }

    /// [`Store::open_with_policy`], where a new database's first contents
    /// come from `fill` (a copy of the seeded template, see
    /// `codes::template`): it writes into the private temporary file before
    /// that file is published at `path`, so the same rules hold for a
    /// database made from a template as for an empty one. A `fill` that
    /// fails leaves an empty chartq database instead (the caller seeds it).
    pub fn open_or_create(
        path: &Path,
        policy: OpenPolicy,
        fill: Option<Filler<'_>>,
    ) -> Result<Store> {
        Self::open_with(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            policy,
            fill,
        )
    }

    /// [`Store::open_with_policy`] with explicit SQLite flags (tests open
    /// read-only to see what a coder without write access sees; as root,
    /// `chmod` would not take the access away).
    fn open_with(
        path: &Path,
        flags: OpenFlags,
        policy: OpenPolicy,
        fill: Option<Filler<'_>>,
    ) -> Result<Store> {
        let mut created = false;
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                created = create_database(path, fill)?;
                std::fs::symlink_metadata(path).map_err(|e| open_error(path, e))?
            }
            Err(e) => return Err(open_error(path, e)),
        };
        check_database_file(path, &meta, policy)?;
        check_sidecars(path, &meta, policy)?;
        // Never SQLITE_OPEN_CREATE: SQLite resolves a link in the path
        // itself and would create a missing file with the umask's mode.
        // The file exists and was checked above.
        let conn = Connection::open_with_flags(path, flags - OpenFlags::SQLITE_OPEN_CREATE)
            .map_err(|e| StoreError::from_sqlite(path, e))?;
        // The file SQLite opened is the one checked, not one put there since.
        match std::fs::symlink_metadata(path) {
            Ok(now) if now.dev() == meta.dev() && now.ino() == meta.ino() => {}
            _ => {
                return Err(StoreError::Replaced {
                    path: path.to_path_buf(),
                });
            }
        }
        // SQLite opens a file it may not write read-only without a word;
        // say so now rather than as "attempt to write a readonly database"
        // at the first write.
        if conn
            .is_readonly(rusqlite::MAIN_DB)
            .map_err(|e| StoreError::from_sqlite(path, e))?
        {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            created,
            notices: Vec::new(),
            checkpoint_on_close: false,
        };
        // Before anything is written: a file that is not chartq's is left
        // exactly as it was (not even switched to WAL).
        store.check_application_id()?;
        store.configure()?;
        if meta.uid() != my_uid() {
            ACCEPTED_FOREIGN
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((meta.dev(), meta.ino()));
        }
        let mode = meta.mode() & 0o777;
        store
            .notices
            .extend(files::narrow_sidecar_modes(path, mode));
        if !created {
            store.notices.extend(readable_notice(path, mode));
        }
        store.migrate()?;
        Ok(store)
    }

    /// An in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
            created: true,
            notices: Vec::new(),
            checkpoint_on_close: false,
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

    /// Warnings for the user about the database's files (readable by
    /// others, a `-wal` chartq could not make private), one line each; the
    /// CLI prints them once on stderr.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Moves every committed transaction from the WAL into the database
    /// file and empties the WAL (`PRAGMA wal_checkpoint(TRUNCATE)`): after a
    /// complete one, the `.db` file alone holds everything. Waits (like a
    /// writer, up to [`BUSY_TIMEOUT`]) for readers of older snapshots to
    /// finish; if one does not, what it could not move stays in the WAL.
    pub fn checkpoint(&self) -> Result<Checkpoint> {
        let (busy, frames, copied): (i64, i64, i64) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        Ok(Checkpoint {
            complete: busy == 0 && frames == copied,
            wal_frames: frames.max(0),
            copied_frames: copied.max(0),
        })
    }

    /// This store checkpoints ([`Store::checkpoint`]) when it is dropped:
    /// for a long session (the TUI), so that after a clean exit the
    /// database file holds every change and the WAL is empty. A one-shot
    /// command does not (see `configure`).
    pub fn checkpoint_on_close(mut self) -> Store {
        self.checkpoint_on_close = true;
        self
    }

    /// This store's connection, for the store's own table modules and one
    /// reader above: the search floor's snapshot loader, which reads every
    /// version's snapshot in one read transaction (`search::load`). Every
    /// other floor reads and writes through the [`Backend`](backend::Backend)
    /// seam or the transaction API: there is no public raw connection.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Turns off durability for a database that is a scratch build (the
    /// seed template, written once and copied): no WAL, no syncs. A crash
    /// leaves a temporary file nobody uses, so nothing is lost.
    pub fn unsynced_for_scratch_build(&mut self) -> rusqlite::Result<()> {
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = MEMORY", [], |r| r.get(0))?;
        self.conn.execute_batch("PRAGMA synchronous = OFF")
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
    pub fn read<T>(
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
        audit_chain::register_sql_functions(&self.conn).map_err(sql)?;
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

    /// Refuses a file that is not a chartq database before anything is
    /// written to it. chartq marks every database it creates before the
    /// file appears at its path, so a file without the mark is not ours.
    fn check_application_id(&self) -> Result<()> {
        let app_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        if app_id == APPLICATION_ID {
            Ok(())
        } else {
            Err(StoreError::NotChartq {
                path: self.path.clone(),
            })
        }
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
    ///
    /// A store marked [`Store::checkpoint_on_close`] (the TUI's) always
    /// checkpoints: a clean exit leaves everything in the database file.
    fn drop(&mut self) {
        let wal = with_suffix(&self.path, "-wal");
        let large = std::fs::metadata(&wal).is_ok_and(|m| m.len() > WAL_TRUNCATE_BYTES);
        if large || self.checkpoint_on_close {
            // Best effort: with readers active it checkpoints what it can.
            let _ = self.checkpoint();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Role;

    #[test]
    fn a_full_disk_says_disk_full_and_other_io_errors_say_what_failed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        let failure = |extended: i32| {
            rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(extended), None)
        };
        let full = StoreError::from_sqlite(&path, failure(13)).to_string();
        assert!(
            full.contains("disk full") && !full.contains("4874"),
            "{full}"
        );
        // SQLITE_IOERR_SHMSIZE on a file system with room: what failed.
        let io = StoreError::from_sqlite(&path, failure(4874)).to_string();
        assert!(
            io.contains("disk I/O error while growing the shared-memory file (-shm)"),
            "{io}"
        );
        let io = StoreError::from_sqlite(&path, failure(778)).to_string();
        assert!(io.contains("while writing"), "{io}");
        assert!(!error::no_space_left(&path));
    }

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
    fn processes_creating_the_same_new_database_at_once_all_open_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        let opened: Vec<bool> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| Store::open(&path).map(|st| st.was_created())))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap().unwrap())
                .collect()
        });
        assert_eq!(opened.iter().filter(|c| **c).count(), 1, "{opened:?}");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(names.is_empty(), "temporary files left: {names:?}");
    }

    #[test]
    fn a_store_marked_to_checkpoint_leaves_everything_in_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        let wal = with_suffix(&path, "-wal");
        let count = |p: &Path| -> i64 {
            Connection::open(p)
                .unwrap()
                .query_row("SELECT count(*) FROM app_user", [], |r| r.get(0))
                .unwrap()
        };
        // A one-shot command's store leaves its commit in the WAL.
        let mut store = Store::open(&path).unwrap();
        people::init_as(&mut store, "ana", people::process_uid()).unwrap();
        drop(store);
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);
        // A session's store moves it into the database file on close.
        let mut store = Store::open(&path).unwrap().checkpoint_on_close();
        let ana = people::actor_for_login(&mut store, "ana", None).unwrap();
        people::add_user(&mut store, &ana, "bo", Role::Coder, None).unwrap();
        drop(store);
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
        let alone = dir.path().join("copy.db");
        std::fs::copy(&path, &alone).unwrap();
        assert_eq!(count(&alone), 2, "the .db file alone holds both users");
    }

    #[test]
    fn a_foreign_database_accepted_once_is_accepted_again_in_this_process() {
        if my_uid() != 0 {
            eprintln!("SKIP: needs root to chown a database to another uid");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        drop(Store::open(&path).unwrap());
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::os::unix::fs::lchown(with_suffix(&path, suffix), Some(65534), None);
        }
        let err = Store::open(&path).err().expect("refused without the flag");
        assert!(matches!(err, StoreError::ForeignOwner { .. }), "{err}");
        let allow = OpenPolicy {
            allow_foreign_owner: true,
        };
        let first = Store::open_with_policy(&path, allow).unwrap();
        // The TUI's search connection opens the same file plainly.
        let second = Store::open(&path).unwrap();
        drop((first, second));
    }

    #[test]
    fn a_read_only_database_or_a_directory_is_named_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        drop(Store::open(&path).unwrap());
        let err = Store::open_with(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            OpenPolicy::default(),
            None,
        )
        .err()
        .expect("a read-only open is refused");
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.starts_with(&path.display().to_string()) && text.contains("read-only for you"),
            "{text}"
        );
        assert!(!text.contains("attempt to write"), "{text}");

        let err = Store::open(dir.path())
            .err()
            .expect("a directory is refused");
        let text = err.to_string();
        assert!(
            text.contains("is a directory") && text.contains("chartq.db"),
            "{text}"
        );
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
