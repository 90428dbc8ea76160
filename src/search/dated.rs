//! The one search by date of service. A chart discharged on 2025-09-30 is
//! coded from FY2025's code set and one discharged the next day from
//! FY2026's; every search that knows its chart's date (the TUI's, `chartq
//! search --date`) goes through [`DatedSearch`], so both faces choose the
//! same versions by the same rule.
//!
//! # The rule for a date no installed version covers
//!
//! Per code system, the version valid on the date is searched. When no
//! installed version of a system covers the date, the caller's
//! [`Uncovered`] decides:
//!
//! - [`Uncovered::Refuse`] (the CLI with `--date`): the search fails with
//!   [`LoadError::DateNotCovered`], naming the installed ranges — a script
//!   must not get codes from the wrong year silently;
//! - [`Uncovered::NewestMarked`] (the TUI): the newest installed version of
//!   that system is searched and every hit from it carries
//!   `valid_on_date: false`, shown as "not valid on the date of service"
//!   — the coder still finds the code and sees at once why it cannot be
//!   assigned (the store refuses it at assignment, naming the problem).
//!
//! Without a date, the newest installed version of each system is searched
//! and every hit is valid (there is no date to be invalid on).

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;

use super::{
    Hit, Index, LoadError, SearchOptions, choose_versions, load_versions, load_versions_from,
};
use crate::domain::codes::{CodeSetVersion, CodeSystem};
use crate::store::Store;
use crate::store::backend::Backend;

/// Indexes kept at once (each ~20-60 MB); the least recently used goes.
const KEPT: usize = 3;

/// What to do for a system none of whose installed versions covers the
/// date of service (see the module's rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncovered {
    /// Fail, naming the installed ranges.
    Refuse,
    /// Search the newest version and mark its hits not valid on the date.
    NewestMarked,
}

/// The versions one search uses, and the systems searched off their date.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// One per system, in [`CodeSystem::ALL`] order.
    pub versions: Vec<CodeSetVersion>,
    /// Systems whose version does not cover the date of service.
    pub off_date: Vec<CodeSystem>,
}

/// Chooses the versions to search among `installed`: `systems` empty means
/// every installed system; named systems must be installed.
pub fn select(
    installed: &[CodeSetVersion],
    date: Option<NaiveDate>,
    systems: &[CodeSystem],
    uncovered: Uncovered,
) -> Result<Selection, LoadError> {
    let Some(date) = date else {
        return Ok(Selection {
            versions: choose_versions(installed, None, systems)?,
            off_date: Vec::new(),
        });
    };
    match (choose_versions(installed, Some(date), systems), uncovered) {
        (Ok(versions), _) => Ok(Selection {
            versions,
            off_date: Vec::new(),
        }),
        (Err(e @ LoadError::DateNotCovered { .. }), Uncovered::Refuse) => Err(e),
        (Err(LoadError::DateNotCovered { .. }), Uncovered::NewestMarked) => {
            // Per system: the one valid on the date, else the newest.
            let newest = choose_versions(installed, None, systems)?;
            let mut selection = Selection {
                versions: Vec::with_capacity(newest.len()),
                off_date: Vec::new(),
            };
            for fallback in newest {
                match choose_versions(installed, Some(date), &[fallback.system]) {
                    Ok(mut valid) => selection.versions.append(&mut valid),
                    Err(_) => {
                        selection.off_date.push(fallback.system);
                        selection.versions.push(fallback);
                    }
                }
            }
            Ok(selection)
        }
        (Err(e), _) => Err(e),
    }
}

/// Where a [`DatedSearch`] loads indexes from: the SQLite file (snapshots
/// read in place, rebuilt ones stored), or any backend through the seam
/// (a team database: snapshots through the host's cache).
enum Source {
    Sqlite(Store),
    Backend(Box<dyn Backend>),
}

/// Searches by date of service over one database, keeping the few indexes
/// it loaded (one per distinct set of versions) for the session.
pub struct DatedSearch {
    store: Mutex<Source>,
    /// Installed versions, read once: a release imported during a session
    /// is searched from the next start.
    installed: Vec<CodeSetVersion>,
    /// (version ids, index), most recently used last.
    loaded: Mutex<Vec<(Vec<i64>, Arc<Index>)>>,
}

impl DatedSearch {
    /// Searches `store`'s installed versions. Fails on a database with no
    /// code sets at all.
    pub fn new(store: Store) -> Result<DatedSearch, LoadError> {
        let installed = store.versions()?;
        if installed.is_empty() {
            return Err(LoadError::Empty);
        }
        Ok(DatedSearch {
            store: Mutex::new(Source::Sqlite(store)),
            installed,
            loaded: Mutex::new(Vec::new()),
        })
    }

    /// [`DatedSearch::new`] over any backend (a PostgreSQL team database).
    pub fn from_backend(backend: Box<dyn Backend>) -> Result<DatedSearch, LoadError> {
        let installed = backend.versions()?;
        if installed.is_empty() {
            return Err(LoadError::Empty);
        }
        Ok(DatedSearch {
            store: Mutex::new(Source::Backend(backend)),
            installed,
            loaded: Mutex::new(Vec::new()),
        })
    }

    /// [`DatedSearch::new`] on its own connection to the database at `path`
    /// (the TUI's worker thread), with the newest versions loaded so the
    /// first search is ready.
    pub fn open(path: &Path) -> Result<DatedSearch, String> {
        let store = Store::open(path).map_err(|e| e.to_string())?;
        let searcher = DatedSearch::new(store).map_err(|e| match e {
            LoadError::Empty => "no code sets installed (chartq codes import)".to_string(),
            other => other.to_string(),
        })?;
        searcher
            .index(Some(
                &searcher
                    .select(None, &[], Uncovered::Refuse)
                    .map_err(|e| e.to_string())?,
            ))
            .map_err(|e| e.to_string())?;
        Ok(searcher)
    }

    /// The versions a search on `date` uses.
    pub fn select(
        &self,
        date: Option<NaiveDate>,
        systems: &[CodeSystem],
        uncovered: Uncovered,
    ) -> Result<Selection, LoadError> {
        select(&self.installed, date, systems, uncovered)
    }

    /// The index of `selection`'s versions (of the newest when `None`).
    pub fn index(&self, selection: Option<&Selection>) -> Result<Arc<Index>, LoadError> {
        let owned;
        let selection = match selection {
            Some(s) => s,
            None => {
                owned = self.select(None, &[], Uncovered::Refuse)?;
                &owned
            }
        };
        let key: Vec<i64> = selection.versions.iter().map(|v| v.id).collect();
        let mut loaded = self.loaded.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = loaded.iter().position(|(k, _)| *k == key) {
            let hit = loaded.remove(at);
            let index = Arc::clone(&hit.1);
            loaded.push(hit);
            return Ok(index);
        }
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let index = Arc::new(match &mut *store {
            Source::Sqlite(store) => load_versions(store, &selection.versions)?,
            Source::Backend(backend) => load_versions_from(backend.as_mut(), &selection.versions)?,
        });
        if loaded.len() >= KEPT {
            loaded.remove(0);
        }
        loaded.push((key, Arc::clone(&index)));
        Ok(index)
    }

    /// Searches `text` on `opts.date_of_service` by the module's rule.
    pub fn search(
        &self,
        text: &str,
        opts: &SearchOptions,
        uncovered: Uncovered,
    ) -> Result<Vec<Hit>, LoadError> {
        let selection = self.select(opts.date_of_service, &opts.systems, uncovered)?;
        let index = self.index(Some(&selection))?;
        // Codes terminated within a version are left out by date; a version
        // searched off its date has no date to filter by.
        let mut hits = index.search(text, opts);
        for hit in &mut hits {
            hit.valid_on_date = !selection.off_date.contains(&hit.system);
        }
        Ok(hits)
    }

    /// How many indexes are kept now (tests).
    pub fn kept(&self) -> usize {
        self.loaded
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{Code, CodeSet};
    use crate::store::StoreError;
    use crate::store::code_tables::{VersionSpec, insert_code_set};

    fn release(
        store: &mut Store,
        system: CodeSystem,
        label: &str,
        from: &str,
        to: &str,
        title: &str,
    ) {
        let spec = VersionSpec {
            system,
            label: label.into(),
            effective_from: from.parse().unwrap(),
            effective_to: Some(to.parse().unwrap()),
            source: "test".into(),
        };
        let code = match system {
            CodeSystem::Icd10Cm => "U07.9",
            _ => "0U0000Z",
        };
        let set = CodeSet {
            codes: vec![Code::billable(code, title)],
        };
        store
            .write(|tx| {
                insert_code_set(tx, &spec, &set)
                    .map(drop)
                    .map_err(StoreError::from)
            })
            .unwrap();
    }

    fn two_years() -> (tempfile::TempDir, DatedSearch) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        let mut store = Store::open(&path).unwrap();
        let cm = CodeSystem::Icd10Cm;
        release(
            &mut store,
            cm,
            "FY2025",
            "2024-10-01",
            "2025-09-30",
            "Title of 2025",
        );
        release(
            &mut store,
            cm,
            "FY2026",
            "2025-10-01",
            "2026-09-30",
            "Title of 2026",
        );
        drop(store);
        let searcher = DatedSearch::open(&path).unwrap();
        (dir, searcher)
    }

    fn found(
        searcher: &DatedSearch,
        date: Option<&str>,
        rule: Uncovered,
    ) -> Result<Vec<(String, bool)>, LoadError> {
        let opts = SearchOptions {
            limit: 5,
            date_of_service: date.map(|d| d.parse().unwrap()),
            ..SearchOptions::default()
        };
        Ok(searcher
            .search("u07.9", &opts, rule)?
            .into_iter()
            .map(|h| (h.title, h.valid_on_date))
            .collect())
    }

    #[test]
    fn each_date_searches_the_release_valid_on_it() {
        let (_dir, s) = two_years();
        for rule in [Uncovered::Refuse, Uncovered::NewestMarked] {
            assert_eq!(
                found(&s, Some("2025-09-30"), rule).unwrap(),
                [("Title of 2025".into(), true)]
            );
            assert_eq!(
                found(&s, Some("2025-10-01"), rule).unwrap(),
                [("Title of 2026".into(), true)]
            );
            assert_eq!(
                found(&s, None, rule).unwrap(),
                [("Title of 2026".into(), true)]
            );
        }
        assert_eq!(s.kept(), 2);
    }

    #[test]
    fn an_uncovered_date_is_refused_or_searched_on_the_newest_marked() {
        let (_dir, s) = two_years();
        let err = found(&s, Some("2031-01-01"), Uncovered::Refuse).unwrap_err();
        assert!(matches!(err, LoadError::DateNotCovered { .. }), "{err}");
        assert!(
            err.to_string().contains("FY2026 (2025-10-01..2026-09-30)"),
            "{err}"
        );
        assert_eq!(
            found(&s, Some("2031-01-01"), Uncovered::NewestMarked).unwrap(),
            [("Title of 2026".into(), false)]
        );
    }

    #[test]
    fn only_the_uncovered_system_is_marked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        let mut store = Store::open(&path).unwrap();
        release(
            &mut store,
            CodeSystem::Icd10Cm,
            "FY2027",
            "2026-10-01",
            "2027-09-30",
            "Diagnosis",
        );
        release(
            &mut store,
            CodeSystem::Icd10Pcs,
            "FY2026",
            "2025-10-01",
            "2026-09-30",
            "Procedure",
        );
        let searcher = DatedSearch::new(store).unwrap();
        let selection = searcher
            .select(
                Some("2026-11-30".parse().unwrap()),
                &[],
                Uncovered::NewestMarked,
            )
            .unwrap();
        assert_eq!(selection.off_date, [CodeSystem::Icd10Pcs]);
        assert_eq!(selection.versions.len(), 2);
        drop(dir);
    }

    #[test]
    fn an_empty_database_is_said_in_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        drop(Store::open(&path).unwrap());
        let err = DatedSearch::open(&path).err().unwrap();
        assert_eq!(err, "no code sets installed (chartq codes import)");
    }
}
