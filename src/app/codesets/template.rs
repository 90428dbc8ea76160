//! A new database file is a copy of a template seeded once per machine:
//! seeding the five bundled versions costs seconds, copying a file a few
//! tens of milliseconds.
//!
//! The template lives in the user's cache directory
//! (`~/.cache/chartq/seed-<fingerprint>.db` on Linux; `CHARTQ_SEED_TEMPLATE`
//! names another directory, or `off` turns templates off), keyed by a
//! fingerprint of everything that decides its contents: the bundled files,
//! the migrations, and the source of the code that parses, derives and
//! stores them (so a chartq that seeds differently never uses another's
//! template). It is written to a temporary file and renamed into place, so
//! it is whole or absent; one found damaged or foreign (not a chartq
//! database, another schema, versions missing or short of codes) is
//! removed and rebuilt. Building it is serialised by a lock file, so
//! processes creating databases at once seed it once.
//!
//! The store creates a new database file as always (private, under a
//! temporary name, never through a link) and [`fill_from`] copies the
//! template into it and gives it its audit events (one `code_set_seeded`
//! per version, like a direct seed, saying it came from the template)
//! before the store links it into place, only if no file is there yet: a
//! process that loses the race opens the winner's database. Anything that
//! goes wrong falls back to seeding the new database directly.

use crate::domain::audit::AuditDetail;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, params};

use super::bundled::{self, BUNDLED};
use crate::store::code_sets::{SeedAudit, record_bundled};
use crate::store::migrations::{MIGRATIONS, SCHEMA_VERSION};
use crate::store::{APPLICATION_ID, Store};

/// The code whose behaviour decides what a template holds.
const SEED_SOURCES: [&str; 17] = [
    include_str!("bundled.rs"),
    include_str!("template.rs"),
    include_str!("../../ingest/successor.rs"),
    include_str!("../../ingest/codes_file.rs"),
    include_str!("../../ingest/addenda.rs"),
    include_str!("../../ingest/icd10cm.rs"),
    include_str!("../../ingest/order_file.rs"),
    include_str!("../../ingest/layout.rs"),
    include_str!("../../ingest/xml.rs"),
    include_str!("../../ingest/source.rs"),
    include_str!("../../domain/codes.rs"),
    include_str!("../../store/code_tables/mod.rs"),
    include_str!("../../store/code_tables/codes.rs"),
    include_str!("../../store/code_tables/index_terms.rs"),
    include_str!("../../store/code_tables/detail.rs"),
    include_str!("../../store/mod.rs"),
    include_str!("../../store/audit.rs"),
];

/// The environment variable that moves (a directory) or disables (`off`)
/// the template.
pub const ENV: &str = "CHARTQ_SEED_TEMPLATE";

/// How long a process waits for another to finish building the template
/// before seeding its database directly.
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// A fingerprint of the template's inputs (hex).
pub fn fingerprint() -> String {
    let mut h = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    for file in bundled::FILES {
        file.hash(&mut h);
    }
    for m in MIGRATIONS {
        m.hash(&mut h);
    }
    for s in SEED_SOURCES {
        s.hash(&mut h);
    }
    format!("{:016x}", h.finish())
}

/// The directory templates are kept in; `None` when turned off or there is
/// no cache directory.
pub fn template_dir() -> Option<PathBuf> {
    match std::env::var_os(ENV) {
        Some(v) if v == "off" || v == "0" || v == "none" => None,
        Some(v) if !v.is_empty() => Some(PathBuf::from(v)),
        _ => directories::ProjectDirs::from("org", "chartq", "chartq")
            .map(|d| d.cache_dir().to_path_buf()),
    }
}

/// The template file for this build in `dir`.
pub fn template_path(dir: &Path) -> PathBuf {
    dir.join(format!("seed-{}.db", fingerprint()))
}

/// This build's template, built first if needed; `None` when templates
/// are off, there is no cache directory, or it could not be built (the
/// caller then seeds a new database directly).
pub fn usable_template() -> Option<PathBuf> {
    ensure_template(&template_dir()?)
}

/// Opens the database at `path`, creating it as a copy of the template
/// when nothing is there (the store's creation rules apply: see
/// `Store::open_or_create`). True when this call created it. What tests
/// use to get a database as chartq makes one, without seeding it.
pub fn create_from_template(path: &Path) -> bool {
    let Some(template) = usable_template() else {
        return false;
    };
    let fill = |temp: &Path| fill_from(&template, temp).map_err(|e| format!("{e:#}"));
    Store::open_or_create(path, Default::default(), Some(&fill)).is_ok_and(|s| s.was_created())
}

/// The template in `dir`, built if missing or unusable.
pub fn ensure_template(dir: &Path) -> Option<PathBuf> {
    let template = template_path(dir);
    if is_usable(&template) {
        return Some(template);
    }
    std::fs::create_dir_all(dir).ok()?;
    let _lock = Lock::acquire(&template.with_extension("lock"))?;
    // Another process may have built it while this one waited.
    if is_usable(&template) {
        return Some(template);
    }
    let _ = std::fs::remove_file(&template);
    build(&template).ok()?;
    is_usable(&template).then_some(template)
}

/// True when `template` is a whole template of this build: a chartq
/// database of this schema, in rollback-journal mode (one self-contained
/// file), holding every bundled version with as many codes as it says and
/// no audit events. A file that is damaged or foreign is removed. (The
/// page-level `PRAGMA quick_check` runs once, when the template is built:
/// on every use it would cost as much as the copy.)
pub fn is_usable(template: &Path) -> bool {
    if !template.exists() {
        return false;
    }
    let ok = check(template).unwrap_or(false);
    if !ok {
        let _ = std::fs::remove_file(template);
    }
    ok
}

fn check(template: &Path) -> rusqlite::Result<bool> {
    let conn = Connection::open_with_flags(
        template,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let schema: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if app != APPLICATION_ID || schema != SCHEMA_VERSION || journal != "delete" {
        return Ok(false);
    }
    let versions: i64 =
        conn.query_row("SELECT count(*) FROM code_set_version", [], |r| r.get(0))?;
    if versions != BUNDLED.len() as i64 {
        return Ok(false);
    }
    for b in &BUNDLED {
        let counts: Option<(i64, i64)> = conn
            .query_row(
                "SELECT v.code_count, (SELECT count(*) FROM code c WHERE c.version_id = v.id)
                 FROM code_set_version v WHERE v.source = ?1 AND v.label = ?2",
                params![b.source, b.label],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        match counts {
            Some((said, stored)) if said == stored && said > 0 => {}
            _ => return Ok(false),
        }
    }
    let events: i64 = conn.query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0))?;
    Ok(events == 0)
}

/// Seeds a new template: into a temporary file beside it, switched to a
/// rollback journal (one file) and renamed into place.
fn build(template: &Path) -> color_eyre::Result<()> {
    let tmp = sibling(template, "building");
    remove_db_files(&tmp);
    let result = (|| -> color_eyre::Result<()> {
        let mut store = Store::open(&tmp)?;
        // A template half-written by a crash is a temporary file nobody
        // uses: no WAL (every page written once, not twice), no syncs.
        store.unsynced_for_scratch_build()?;
        bundled::seed_releases(&mut store, &BUNDLED.map(|b| b.release), SeedAudit::Skip)?;
        drop(store);
        let conn = Connection::open(&tmp)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if mode != "delete" {
            color_eyre::eyre::bail!("journal mode stayed {mode}");
        }
        // Packed pages: every copy is a tenth smaller.
        conn.execute_batch("VACUUM")?;
        let quick: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if quick != "ok" {
            color_eyre::eyre::bail!("the new template fails quick_check: {quick}");
        }
        drop(conn);
        File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, template)?;
        remove_stale_templates(template);
        Ok(())
    })();
    remove_db_files(&tmp);
    result
}

/// Removes the templates of other chartq builds from `template`'s
/// directory (each is tens of megabytes; a process still copying one keeps
/// reading it after the unlink).
fn remove_stale_templates(template: &Path) {
    let (Some(dir), Some(keep)) = (template.parent(), template.file_name()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = name.starts_with("seed-")
            && (name.ends_with(".db") || name.ends_with(".lock"))
            && *name != *keep.to_string_lossy()
            && *name
                != *template
                    .with_extension("lock")
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy();
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Fills `temp`, the new database's private, not yet published file, with
/// a copy of `template`, and records the seeding events in it (one
/// `code_set_seeded` per bundled version, saying it came from the
/// template): the database is published with its audit trail or not at all.
pub fn fill_from(template: &Path, temp: &Path) -> color_eyre::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    // The file exists (the store made it, 0600): written, never created,
    // and never through a link.
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(temp)?;
    std::io::copy(&mut File::open(template)?, &mut out)?;
    out.flush()?;
    drop(out);
    let mut conn = Connection::open_with_flags(
        temp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let tx = conn.transaction()?;
    let fp = fingerprint();
    for b in &BUNDLED {
        record_bundled(&tx, &b.spec(), |facts| {
            AuditDetail::CodeSetSeededFromTemplate {
                from_template: format!("seed-{fp}"),
                facts,
            }
        })?;
    }
    tx.commit()?;
    conn.close().map_err(|(_, e)| e)?;
    File::open(temp)?.sync_all()?;
    Ok(())
}

/// `dir/.name.what-PID.tmp`: a temporary file beside `path`.
fn sibling(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{what}-{}.tmp", std::process::id()))
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// An exclusive `flock` on a lock file, released when dropped.
struct Lock {
    _file: File,
}

impl Lock {
    /// Waits up to [`LOCK_WAIT`]; `None` when the lock cannot be had.
    fn acquire(path: &Path) -> Option<Lock> {
        use std::os::fd::AsRawFd;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .ok()?;
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            // SAFETY: flock on a descriptor this function owns.
            let got = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
            if got {
                return Some(Lock { _file: file });
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_stable_within_a_build() {
        assert_eq!(fingerprint(), fingerprint());
        assert_eq!(fingerprint().len(), 16);
    }

    #[test]
    fn a_foreign_file_is_not_a_template_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let t = template_path(dir.path());
        std::fs::write(&t, b"not a database at all").unwrap();
        assert!(!is_usable(&t));
        assert!(!t.exists());
        // An empty chartq database is not a template either.
        drop(Store::open(&t).unwrap());
        assert!(!is_usable(&t));
    }
}
