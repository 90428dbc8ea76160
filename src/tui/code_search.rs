//! The TUI's code search: the [`CodeSearcher`] the worker thread calls on
//! every keystroke, over the one search-by-date service
//! ([`crate::search::DatedSearch`]). A chart's search runs on the versions
//! valid on its date of service; for a date no installed version covers,
//! the newest version is searched and every hit is marked "not valid on the
//! date of service" ([`Uncovered::NewestMarked`]).

use super::model::SearchHit;
use super::workbench::{CodeSearcher, SearchRequest};
use crate::search::{DatedSearch, Index, SearchOptions, Uncovered};

/// The options every TUI search uses: headers shown (a coder browses the
/// hierarchy), billable codes first.
fn options(request: &SearchRequest) -> SearchOptions {
    SearchOptions {
        systems: request.system.into_iter().collect(),
        limit: request.limit,
        include_headers: true,
        billable_first: true,
        date_of_service: request.date_of_service,
    }
}

impl CodeSearcher for DatedSearch {
    fn search(&self, request: &SearchRequest) -> Vec<SearchHit> {
        // With the newest version as the fallback, a search fails only on a
        // database error: no results then, as for a failed read.
        DatedSearch::search(
            self,
            &request.text,
            &options(request),
            Uncovered::NewestMarked,
        )
        .unwrap_or_default()
    }
}

/// One index searched as it is (tests, and a searcher with a single
/// version set).
impl CodeSearcher for Index {
    fn search(&self, request: &SearchRequest) -> Vec<SearchHit> {
        Index::search(self, &request.text, &options(request))
    }
}
