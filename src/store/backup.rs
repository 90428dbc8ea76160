//! `chartq db backup FILE`: a consistent copy of the live database, taken
//! with SQLite's online backup API while coders go on working. The copy is
//! one self-contained file (rollback-journal mode, no `-wal` beside it),
//! written like an export: mode 0600, never through a link, put in place
//! only when complete, and never over an existing file without `--force`.
//!
//! Why not `cp`: in WAL mode the newest committed transactions live in
//! `chartq.db-wal` until a checkpoint moves them into `chartq.db`, so a copy
//! of the `.db` alone misses them, and a copy of both taken while a process
//! writes can pair a database and a WAL from different moments.

use crate::domain::audit::AuditDetail;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::audit_chain::{self, Head};
use super::files::{PrivateOutput, SIDECARS, with_suffix};
use super::{BUSY_TIMEOUT, Store, StoreError, WorkError, audit};
use crate::domain::people::Actor;
use crate::domain::people::Role;

/// What a backup wrote.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub file: PathBuf,
    pub bytes: u64,
    /// The backup's audit head: its last event is this backup's own.
    pub audit_head: Option<Head>,
}

/// Copies the database behind `store` into `dest` (admins). The backup is
/// audited in the source just before the copy starts, so the copy holds the
/// record of its own making; a failure is audited too.
pub fn backup(
    store: &mut Store,
    actor: &Actor,
    dest: &Path,
    replace: bool,
) -> Result<BackupReport, WorkError> {
    actor.require(Role::Admin, "backing up the database")?;
    // Refused here, before anything is recorded, when FILE cannot be used.
    let (output, file) = PrivateOutput::start(dest, replace).map_err(StoreError::from)?;
    drop(file);
    let shown = std::path::absolute(dest).unwrap_or_else(|_| dest.to_path_buf());
    let shown = shown.display().to_string();
    store.transact(|tx| {
        audit::record(
            tx,
            actor,
            None,
            AuditDetail::DatabaseBackedUp {
                file: shown.clone(),
            },
        )
    })?;
    let copied = copy_into(store.conn(), output.temp_path());
    let copied = copied.and_then(|head| {
        let bytes = std::fs::metadata(output.temp_path())
            .map(|m| m.len())
            .unwrap_or_default();
        output.commit().map_err(StoreError::from)?;
        Ok((head, bytes))
    });
    match copied {
        Ok((audit_head, bytes)) => Ok(BackupReport {
            file: dest.to_path_buf(),
            bytes,
            audit_head,
        }),
        Err(err) => {
            let _ = store.transact(|tx| {
                audit::record(
                    tx,
                    actor,
                    None,
                    AuditDetail::DatabaseBackupFailed {
                        file: shown.clone(),
                        error: err.to_string(),
                    },
                )
            });
            Err(err.into())
        }
    }
}

/// Copies `source` into the empty private file `temp`: every page in one
/// step, so the copy is one read snapshot of the source (in WAL mode
/// writers go on meanwhile; they are not in the copy); then the copy is
/// made one file and checked.
fn copy_into(source: &Connection, temp: &Path) -> Result<Option<Head>, StoreError> {
    let sql = |e| StoreError::from_sqlite(temp, e);
    let result = (|| {
        // The file exists (mode 0600): no SQLITE_OPEN_CREATE.
        let mut dest = Connection::open_with_flags(
            temp,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql)?;
        {
            let backup = Backup::new(source, &mut dest).map_err(sql)?;
            let deadline = Instant::now() + BUSY_TIMEOUT;
            loop {
                match backup.step(-1).map_err(sql)? {
                    StepResult::Done => break,
                    // Only while another process recovers the WAL after a
                    // crash: wait like a writer would.
                    StepResult::Busy | StepResult::Locked | StepResult::More
                        if Instant::now() < deadline =>
                    {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    _ => {
                        return Err(StoreError::Locked {
                            path: temp.to_path_buf(),
                            secs: BUSY_TIMEOUT.as_secs(),
                        });
                    }
                }
            }
        }
        // One file: the copy carries the source's WAL flag; rollback mode
        // folds its WAL in and removes it (chartq switches back on open).
        let _mode: String = dest
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(sql)?;
        let check: String = dest
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(sql)?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: temp.to_path_buf(),
                detail: format!("the copy failed its check: {check}"),
            });
        }
        let head = audit_chain::head(&dest).map_err(|e| match e {
            WorkError::Store(s) => s,
            other => StoreError::Open {
                path: temp.to_path_buf(),
                detail: other.to_string(),
            },
        })?;
        dest.close().map_err(|(_, e)| sql(e))?;
        Ok(head)
    })();
    if result.is_err() {
        for suffix in SIDECARS {
            let _ = std::fs::remove_file(with_suffix(temp, suffix));
        }
    }
    result
}
