//! Why a work-queue action did not happen, worded for the coder who asked.
//! Messages name charts by the key the user typed and codes by their code,
//! never by patient data.

use std::path::Path;

use super::StoreError;
use crate::domain::people::RoleTooLow;
use crate::ingest::error::ImportError;

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    /// The login running chartq has no user record (and users exist).
    #[error("you ({login}) are not a chartq user; ask an admin to run `chartq user add {login}`")]
    NotAUser { login: String },
    /// The database has no users yet: nobody may act until its owner makes
    /// themselves the first admin.
    #[error(
        "this database has no users yet: the owner of the database file makes themselves its first admin with `chartq init`, then adds the others with `chartq user add`"
    )]
    NoAdminYet,
    /// Something named on the command line does not exist.
    #[error("{what} {key} not found")]
    NotFound { what: &'static str, key: String },
    /// The user's role or relation to the chart does not allow the action.
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// The chart (or query) is in a state where the action makes no sense.
    #[error("{0}")]
    Conflict(String),
    /// An argument is wrong (unknown code, bad modifier, ...).
    #[error("{0}")]
    Invalid(String),
    /// Finalize refused; every reason is listed.
    #[error("cannot finalize chart {chart}: {}", reasons.join("; "))]
    Refused { chart: String, reasons: Vec<String> },
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<RoleTooLow> for WorkError {
    fn from(err: RoleTooLow) -> Self {
        WorkError::Forbidden(err.to_string())
    }
}

impl From<rusqlite::Error> for WorkError {
    fn from(err: rusqlite::Error) -> Self {
        WorkError::Store(StoreError::Sql(err))
    }
}

impl WorkError {
    /// Re-words a raw SQLite error as a [`StoreError`] about the file at
    /// `path` (busy, corrupt, ...); other errors pass through.
    pub(super) fn in_db(self, path: &Path) -> Self {
        match self {
            WorkError::Store(StoreError::Sql(e)) => {
                WorkError::Store(StoreError::from_sqlite(path, e))
            }
            other => other,
        }
    }

    /// True for SQLITE_BUSY / SQLITE_LOCKED in any of its extended forms:
    /// the only errors worth retrying.
    pub(super) fn is_busy(&self) -> bool {
        match self {
            WorkError::Store(StoreError::Sql(e)) => is_busy(e),
            WorkError::Store(StoreError::Locked { .. }) => true,
            _ => false,
        }
    }
}

pub(super) fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}
