//! Loading the index from the database: which version of each system, for
//! which date of service.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::Index;
use crate::codes::{CodeSetVersion, CodeSystem};
use crate::store::code_tables::{indexable_codes, indexable_codes_on, list_versions};

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

/// Loads and indexes one version per system.
///
/// With a date of service, each system's version valid on that date; a
/// system whose installed versions all miss the date is an error naming the
/// installed ranges. Without a date, the newest installed version of each
/// system (not "today's": a workstation may hold only last year's release).
/// `systems` empty means every installed system; systems named explicitly
/// must be installed.
pub fn load(
    conn: &Connection,
    date: Option<NaiveDate>,
    systems: &[CodeSystem],
) -> Result<Index, LoadError> {
    let installed = list_versions(conn)?;
    let wanted: Vec<CodeSystem> = if systems.is_empty() {
        CodeSystem::ALL
            .into_iter()
            .filter(|s| installed.iter().any(|v| v.system == *s))
            .collect()
    } else {
        let mut named = systems.to_vec();
        named.sort();
        named.dedup();
        named
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
                .max_by_key(|v| (v.effective_from, v.id))
                .ok_or_else(|| LoadError::DateNotCovered {
                    system,
                    date: d,
                    installed: of_system.iter().map(|v| (*v).clone()).collect(),
                })?,
            None => of_system
                .iter()
                .max_by_key(|v| (v.effective_from, v.id))
                .expect("non-empty"),
        };
        chosen.push((*version).clone());
    }
    let mut sets = Vec::with_capacity(chosen.len());
    for v in &chosen {
        // With a date of service, codes terminated before it (HCPCS) are
        // left out.
        let codes = match date {
            Some(d) => indexable_codes_on(conn, v.id, d)?,
            None => indexable_codes(conn, v.id)?,
        };
        sets.push((v.system, codes));
    }
    let mut index = Index::build(sets);
    index.versions = chosen;
    Ok(index)
}
