//! The database `chartq --demo` opens the TUI on.
//!
//! Demo data must never mix with real data, and trying chartq must not
//! leave files behind: each user has one demo database in their cache
//! directory (`~/.cache/chartq/demo.db` on Linux), rebuilt on every run
//! (`--keep` reuses it), under an exclusive lock so a second `--demo` run
//! cannot rebuild the file under the first one's feet. Earlier versions made
//! a new `demo-YYYYMMDD-HHMMSS.db` in the data directory on every run (each
//! ~37 MB); those are removed here.
//!
//! With `--db PATH` the demo is built at PATH instead (it must be new or
//! hold no charts), and no lock or cache file is involved.

use crate::store::backend::Backend;
use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, WrapErr, eyre};

use super::Context;
use crate::app::demo::{self, DemoOptions};
use crate::store::Store;

/// The file name of the per-user demo database in the cache directory.
pub const DEMO_FILE: &str = "demo.db";
const LOCK_FILE: &str = "demo.lock";

/// The demo database a TUI session works on. Holding it holds the lock.
#[derive(Debug)]
pub struct DemoDatabase {
    pub path: PathBuf,
    /// Whether this run built it (false: `--keep` reused the last one).
    pub built: bool,
    /// Old per-run demo files removed, and the bytes they held.
    pub removed_old: (usize, u64),
    /// The open lock file (`flock` is released when it closes).
    _lock: Option<File>,
}

/// Builds (or, with `keep`, reuses) the demo database and opens it.
pub fn open(ctx: &Context, keep: bool) -> Result<(Store, DemoDatabase)> {
    let opts = DemoOptions::as_of(ctx.clock.today());
    if let Some(path) = &ctx.options.db {
        let mut store = open_seeded(ctx, path)?;
        let reuse = keep && has_charts(&store)?;
        if !reuse {
            demo::build(&mut store, &opts)?;
        }
        let db = DemoDatabase {
            path: path.clone(),
            built: !reuse,
            removed_old: (0, 0),
            _lock: None,
        };
        return Ok((store, db));
    }
    let dir = crate::app::config::cache_dir()?;
    create_private_dir(&dir)?;
    let lock = lock(&dir)?;
    let removed_old = crate::app::config::default_data_dir()
        .map(|d| remove_per_run_files(&d))
        .unwrap_or((0, 0));
    let path = dir.join(DEMO_FILE);
    if keep && path.exists() {
        let store = open_seeded(ctx, &path)?;
        if has_charts(&store)? {
            let db = DemoDatabase {
                path,
                built: false,
                removed_old,
                _lock: Some(lock),
            };
            return Ok((store, db));
        }
    }
    remove_database(&path)
        .wrap_err_with(|| format!("{}: cannot remove the old demo database", path.display()))?;
    let mut store = open_seeded(ctx, &path)?;
    if let Err(err) = demo::build(&mut store, &opts) {
        drop(store);
        let _ = remove_database(&path);
        return Err(err.into());
    }
    let db = DemoDatabase {
        path,
        built: true,
        removed_old,
        _lock: Some(lock),
    };
    Ok((store, db))
}

fn open_seeded(ctx: &Context, path: &Path) -> Result<Store> {
    let mut options = ctx.options.clone();
    options.db = Some(path.to_path_buf());
    Context {
        options,
        config: ctx.config.clone(),
        clock: ctx.clock,
    }
    .open_store()
}

fn has_charts(store: &Store) -> Result<bool> {
    Ok(store.chart_count()? > 0)
}

/// Takes the per-user demo lock without waiting: a second `--demo` run
/// says who holds it instead of hanging behind a TUI session.
fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .wrap_err_with(|| format!("{}: cannot open the demo lock", path.display()))?;
    // SAFETY: `flock` on a file descriptor this function owns; no memory
    // is shared with the call.
    let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if locked != 0 {
        let err = std::io::Error::last_os_error();
        return Err(if err.kind() == std::io::ErrorKind::WouldBlock {
            eyre!(
                "another `chartq --demo` is using {}; close it first, or run \
                 `chartq --demo --db OTHER.db` for a second demo",
                dir.join(DEMO_FILE).display()
            )
        } else {
            eyre!("{}: cannot lock: {err}", path.display())
        });
    }
    Ok(file)
}

fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .wrap_err_with(|| format!("{}: cannot create the directory", dir.display()))
}

/// Removes a database file and its WAL companions; absent files are fine.
fn remove_database(path: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(PathBuf::from(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Whether `name` is a per-run demo file of earlier versions:
/// `demo-YYYYMMDD-HHMMSS.db`, or its `-wal`/`-shm`. Nothing else in the
/// data directory is touched.
fn is_per_run_file(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("demo-") else {
        return false;
    };
    let stem = ["", "-wal", "-shm"]
        .iter()
        .find_map(|suffix| rest.strip_suffix(&format!(".db{suffix}")));
    let Some(stamp) = stem else {
        return false;
    };
    let b = stamp.as_bytes();
    b.len() == 15
        && b[8] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 8 || c.is_ascii_digit())
}

/// Removes the per-run demo files in `dir`; returns how many and their size.
fn remove_per_run_files(dir: &Path) -> (usize, u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (0, 0);
    };
    let mut removed = (0, 0);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.to_str().is_some_and(is_per_run_file) {
            let size = entry.metadata().map_or(0, |m| m.len());
            if std::fs::remove_file(entry.path()).is_ok() {
                removed.0 += 1;
                removed.1 += size;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_per_run_demo_files_match() {
        for name in [
            "demo-20261130-081500.db",
            "demo-20261130-081500.db-wal",
            "demo-20261130-081500.db-shm",
        ] {
            assert!(is_per_run_file(name), "{name}");
        }
        for name in [
            "chartq.db",
            "demo.db",
            "demo-2026113-081500.db",
            "demo-20261130_081500.db",
            "demo-20261130-081500.db.bak",
            "demo-x0261130-081500.db",
            "mydemo-20261130-081500.db",
        ] {
            assert!(!is_per_run_file(name), "{name}");
        }
    }

    #[test]
    fn per_run_files_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "demo-20261130-081500.db",
            "demo-20261130-081500.db-wal",
            "chartq.db",
            "demo.db",
        ] {
            std::fs::write(dir.path().join(name), b"12345").unwrap();
        }
        assert_eq!(remove_per_run_files(dir.path()), (2, 10));
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["chartq.db", "demo.db"]);
    }
}
