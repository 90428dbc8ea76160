//! Code search in the TUI by the chart's date of service: each search runs
//! on the code-set versions valid on the chart's date (FY2025 codes for a
//! September 2025 discharge, FY2026 codes for October), as `chartq search
//! --date` does. Indexes load from the stored snapshots in tens of
//! milliseconds, once per distinct set of versions, and are kept for the
//! session.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;

use super::model::SearchHit;
use super::workbench::{CodeSearcher, SearchRequest};
use crate::codes::{CodeSetVersion, CodeSystem};
use crate::search::{Index, LoadError, choose_versions, load_versions};
use crate::store::Store;
use crate::store::code_tables::list_versions;

/// Indexes kept at once (each ~20-60 MB); the least recently used goes.
const KEPT: usize = 3;

/// A [`CodeSearcher`] that picks the versions by the request's date.
pub struct DatedSearcher {
    store: Mutex<Store>,
    /// Installed versions, read once: a release imported during a session
    /// is searched from the next start.
    installed: Vec<CodeSetVersion>,
    /// (version ids, index), most recently used last.
    loaded: Mutex<Vec<(Vec<i64>, Arc<Index>)>>,
}

impl DatedSearcher {
    /// Opens its own connection and loads the newest versions (what a
    /// search without a chart uses), so the first search is ready.
    pub fn open(path: &Path) -> Result<DatedSearcher, String> {
        let store = Store::open(path).map_err(|e| e.to_string())?;
        let installed = list_versions(store.conn()).map_err(|e| e.to_string())?;
        if installed.is_empty() {
            return Err("no code sets installed (chartq codes import)".into());
        }
        let searcher = DatedSearcher {
            store: Mutex::new(store),
            installed,
            loaded: Mutex::new(Vec::new()),
        };
        searcher.index_for(None).map_err(|e| e.to_string())?;
        Ok(searcher)
    }

    /// The versions to search on `date`: per system, the one valid on it,
    /// else (no installed version covers the date) the newest, so the coder
    /// still finds codes and the store's check at assignment names the
    /// problem.
    fn versions_for(&self, date: Option<NaiveDate>) -> Result<Vec<CodeSetVersion>, LoadError> {
        let mut chosen = Vec::new();
        for system in CodeSystem::ALL {
            if !self.installed.iter().any(|v| v.system == system) {
                continue;
            }
            let one = choose_versions(&self.installed, date, &[system])
                .or_else(|_| choose_versions(&self.installed, None, &[system]))?;
            chosen.extend(one);
        }
        Ok(chosen)
    }

    fn index_for(&self, date: Option<NaiveDate>) -> Result<Arc<Index>, LoadError> {
        let versions = self.versions_for(date)?;
        let key: Vec<i64> = versions.iter().map(|v| v.id).collect();
        let mut loaded = self.loaded.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = loaded.iter().position(|(k, _)| *k == key) {
            let hit = loaded.remove(at);
            let index = Arc::clone(&hit.1);
            loaded.push(hit);
            return Ok(index);
        }
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let index = Arc::new(load_versions(&mut store, &versions)?);
        if loaded.len() >= KEPT {
            loaded.remove(0);
        }
        loaded.push((key, Arc::clone(&index)));
        Ok(index)
    }
}

impl CodeSearcher for DatedSearcher {
    fn search(&self, request: &SearchRequest) -> Vec<SearchHit> {
        // Loading can only fail on a database error (every system has a
        // version to fall back on): no results then, as for a failed read.
        match self.index_for(request.date_of_service) {
            Ok(index) => CodeSearcher::search(&*index, request),
            Err(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Code, CodeSet};
    use crate::store::StoreError;
    use crate::store::code_tables::{VersionSpec, insert_code_set};

    fn release(store: &mut Store, label: &str, from: &str, to: &str, title: &str) {
        let spec = VersionSpec {
            system: CodeSystem::Icd10Cm,
            label: label.into(),
            effective_from: from.parse().unwrap(),
            effective_to: Some(to.parse().unwrap()),
            source: "test".into(),
        };
        let set = CodeSet {
            codes: vec![Code::billable("U07.9", title)],
        };
        store
            .write(|tx| {
                insert_code_set(tx, &spec, &set)
                    .map(drop)
                    .map_err(StoreError::from)
            })
            .unwrap();
    }

    fn titles(searcher: &DatedSearcher, date: Option<&str>) -> Vec<String> {
        let request = SearchRequest {
            generation: 1,
            text: "u07.9".into(),
            system: None,
            limit: 5,
            date_of_service: date.map(|d| d.parse().unwrap()),
        };
        searcher
            .search(&request)
            .into_iter()
            .map(|h| h.title)
            .collect()
    }

    #[test]
    fn each_chart_searches_the_release_valid_on_its_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        let mut store = Store::open(&path).unwrap();
        release(
            &mut store,
            "FY2025",
            "2024-10-01",
            "2025-09-30",
            "Title of 2025",
        );
        release(
            &mut store,
            "FY2026",
            "2025-10-01",
            "2026-09-30",
            "Title of 2026",
        );
        drop(store);
        let searcher = DatedSearcher::open(&path).unwrap();
        assert_eq!(titles(&searcher, Some("2025-09-30")), ["Title of 2025"]);
        assert_eq!(titles(&searcher, Some("2025-10-01")), ["Title of 2026"]);
        // No date, or a date no release covers: the newest.
        assert_eq!(titles(&searcher, None), ["Title of 2026"]);
        assert_eq!(titles(&searcher, Some("2031-01-01")), ["Title of 2026"]);
        assert_eq!(searcher.loaded.lock().unwrap().len(), 2);
    }

    #[test]
    fn an_empty_database_is_said_in_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        drop(Store::open(&path).unwrap());
        let err = DatedSearcher::open(&path).err().unwrap();
        assert_eq!(err, "no code sets installed (chartq codes import)");
    }
}
