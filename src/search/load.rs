//! Loading the index from the database: which version of each system, for
//! which date of service.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::Index;
use super::cache::{self, Stored};
use super::snapshot::SnapshotError;
use crate::domain::codes::NoteKind;
use crate::domain::codes::{CodeSetVersion, CodeSystem};
use crate::store::backend::Backend;
use crate::store::code_tables::{IndexableCode, indexable_codes, list_versions};
use crate::store::snapshot_bytes::SnapshotRead;
use crate::store::{Store, StoreError};

/// Why an index could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A system asked for has no installed version at all.
    #[error("no {system} code set is installed (import one with `chartq codes import {short} FILE`)", short = .system.short_name())]
    NotInstalled { system: CodeSystem },
    /// Installed versions exist, but none covers the date of service.
    #[error("no installed {system} version covers {date}; installed: {}", describe(.installed))]
    DateNotCovered {
        system: CodeSystem,
        date: NaiveDate,
        installed: Vec<CodeSetVersion>,
    },
    /// No code set of any system is installed.
    #[error("no code sets are installed")]
    Empty,
    #[error("reading code sets: {0}")]
    Database(#[from] rusqlite::Error),
    /// The store's seam could not list the installed versions.
    #[error("reading code sets: {0}")]
    Store(#[from] crate::store::WorkError),
}

fn describe(versions: &[CodeSetVersion]) -> String {
    versions
        .iter()
        .map(|v| {
            let to = v.effective_to.map_or("open".to_owned(), |d| d.to_string());
            format!("{} {} ({}..{})", v.system, v.label, v.effective_from, to)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Loads the index of one version per system.
///
/// With a date of service, each system's version valid on that date; a
/// system whose installed versions all miss the date is an error naming the
/// installed ranges. Without a date, the newest installed version of each
/// system (not "today's": a workstation may hold only last year's release).
/// `systems` empty means every installed system; systems named explicitly
/// must be installed.
///
/// Each version's index comes from its stored snapshot (see [`super::cache`])
/// or, when there is none usable, is built from its codes and stored for
/// the next process if no other process is writing.
pub fn load(
    store: &mut Store,
    date: Option<NaiveDate>,
    systems: &[CodeSystem],
) -> Result<Index, LoadError> {
    load_with(store, |conn| {
        choose_versions(&list_versions(conn)?, date, systems)
    })
}

/// Loads the index of exactly these versions (one per system, in
/// [`CodeSystem::ALL`] order, as [`choose_versions`] gives them).
pub fn load_versions(store: &mut Store, versions: &[CodeSetVersion]) -> Result<Index, LoadError> {
    load_with(store, |_| Ok(versions.to_vec()))
}

fn load_with(
    store: &mut Store,
    choose: impl FnOnce(&Connection) -> Result<Vec<CodeSetVersion>, LoadError>,
) -> Result<Index, LoadError> {
    // One read transaction: a version re-imported meanwhile is seen either
    // wholly before or wholly after.
    let read = store.conn().unchecked_transaction()?;
    let chosen = choose(&read)?;
    let mut parts = Vec::with_capacity(chosen.len());
    // (position in `parts`, whether the stored one was damaged)
    let mut built = Vec::new();
    for v in &chosen {
        let stored = cache::read(&read, v.id)?;
        let part = match stored {
            Stored::Usable(part) => *part,
            Stored::Damaged | Stored::Missing => {
                built.push((parts.len(), matches!(stored, Stored::Damaged)));
                Index::build_system(v.system, indexable_codes(&read, v.id)?)
            }
        };
        parts.push(part);
    }
    read.finish()?;
    if !built.is_empty() {
        // A cache: when it cannot be written now (another process is
        // writing, a read-only file), the next search builds it again.
        let _ = store.write_if_free(|tx| {
            for &(i, damaged) in &built {
                cache::write(tx, chosen[i].id, &parts[i], damaged)?;
            }
            Ok::<_, StoreError>(())
        });
    }
    let mut index = Index::combine(parts);
    index.versions = chosen;
    Ok(index)
}

/// Loads the index of exactly these versions through the store's seam, for
/// a backend other than the SQLite file (a team database on PostgreSQL:
/// its snapshots come through the host's cache, see
/// `crate::store::snapshot_cache`). A version whose snapshot is missing or
/// damaged is built from its codes and their inclusion terms (an index
/// file's terms come only with a stored snapshot) and offered back for
/// storing, which only an admin's session does.
pub fn load_versions_from(
    backend: &mut dyn Backend,
    versions: &[CodeSetVersion],
) -> Result<Index, LoadError> {
    let mut read = Vec::with_capacity(versions.len());
    read_all(&*backend, versions, &mut read)?;
    let mut parts = Vec::with_capacity(versions.len());
    for (v, (found, decoded)) in versions.iter().zip(read) {
        let part = match (found, decoded) {
            (SnapshotRead::Read, Some(Ok(index))) => index,
            (found, _) => {
                let part = Index::build_system(v.system, codes_of(&*backend, v.id)?);
                // A cache: a session that may not store it builds it again next time.
                let _ = backend.write_snapshot(
                    v.id,
                    super::snapshot::FORMAT as i64,
                    &super::snapshot::encode(&part),
                    found != SnapshotRead::Missing,
                );
                part
            }
        };
        parts.push(part);
    }
    let mut index = Index::combine(parts);
    index.versions = versions.to_vec();
    Ok(index)
}

/// What reading one version's snapshot gave: whether one was there, and
/// the index decoded from it.
type ReadSnapshot = (SnapshotRead, Option<Result<Index, SnapshotError>>);

/// Reads the snapshots of `versions` into `out`, in order. Each read is
/// made inside the one before (the backend hands bytes only for the length
/// of its call), so that a snapshot already in memory (the host's cache)
/// is decoded on a thread of its own while the next is read and decoded:
/// decoding is most of a warm search, and the systems' snapshots are
/// independent.
fn read_all(
    backend: &dyn Backend,
    versions: &[CodeSetVersion],
    out: &mut Vec<ReadSnapshot>,
) -> Result<(), LoadError> {
    let Some((first, rest)) = versions.split_first() else {
        return Ok(());
    };
    let mut decoded = None;
    let mut rest_read = Ok(());
    let found = backend.read_snapshot(first.id, super::snapshot::FORMAT as i64, &mut |bytes| {
        match bytes.in_memory() {
            Some(slice) if !rest.is_empty() => std::thread::scope(|scope| {
                let mine = scope.spawn(|| super::snapshot::decode_from(slice));
                rest_read = read_all(backend, rest, out);
                // A decoder that panicked is a snapshot not used (rebuilt).
                decoded = Some(
                    mine.join()
                        .unwrap_or(Err(SnapshotError::Damaged("unreadable"))),
                );
            }),
            _ => {
                decoded = Some(super::snapshot::decode_from(bytes));
                rest_read = read_all(backend, rest, out);
            }
        }
    });
    let found = found?;
    // When no bytes came (none stored, or a damaged row), the rest is
    // still to read.
    if decoded.is_none() {
        rest_read = read_all(backend, rest, out);
    }
    rest_read?;
    out.insert(0, (found, decoded));
    Ok(())
}

/// A version's entries as the index reads them, from its code set.
fn codes_of(backend: &dyn Backend, version_id: i64) -> Result<Vec<IndexableCode>, LoadError> {
    Ok(backend
        .code_set(version_id)?
        .codes
        .into_iter()
        .map(|c| IndexableCode {
            terms: c
                .notes
                .iter()
                .filter(|n| matches!(n.kind, NoteKind::Inclusion | NoteKind::Includes))
                .map(|n| n.text.clone())
                .collect(),
            code: c.code,
            kind: c.kind,
            billable: c.billable,
            title: c.long_title,
            valid_until: c.valid_until,
        })
        .collect())
}

/// The version of each system to search among the `installed` ones, in
/// [`CodeSystem::ALL`] order (see [`load`] for the rules).
pub fn choose_versions(
    installed: &[CodeSetVersion],
    date: Option<NaiveDate>,
    systems: &[CodeSystem],
) -> Result<Vec<CodeSetVersion>, LoadError> {
    let wanted: Vec<CodeSystem> = if systems.is_empty() {
        CodeSystem::ALL
            .into_iter()
            .filter(|s| installed.iter().any(|v| v.system == *s))
            .collect()
    } else {
        CodeSystem::ALL
            .into_iter()
            .filter(|s| systems.contains(s))
            .collect()
    };
    if wanted.is_empty() {
        return Err(LoadError::Empty);
    }
    let mut chosen = Vec::new();
    for system in wanted {
        let of_system: Vec<&CodeSetVersion> =
            installed.iter().filter(|v| v.system == system).collect();
        if of_system.is_empty() {
            return Err(LoadError::NotInstalled { system });
        }
        let version = match date {
            Some(d) => of_system
                .iter()
                .filter(|v| v.covers(d))
                .max_by_key(|v| v.precedence())
                .ok_or_else(|| LoadError::DateNotCovered {
                    system,
                    date: d,
                    installed: of_system.iter().map(|v| (*v).clone()).collect(),
                })?,
            None => of_system
                .iter()
                .max_by_key(|v| v.precedence())
                .expect("non-empty"),
        };
        chosen.push((*version).clone());
    }
    Ok(chosen)
}
