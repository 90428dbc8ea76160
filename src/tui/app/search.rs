//! Code search requests and answers, the detail pane, find in document.

use super::*;

impl App {
    pub(super) fn request_search(&mut self) {
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        c.search.generation += 1;
        c.search.selected = 0;
        if c.search.query.as_str().trim().is_empty() {
            c.search.hits.clear();
            c.search.pending = false;
            return;
        }
        let request = SearchRequest {
            generation: c.search.generation,
            text: c.search.query.to_string(),
            system: c.search.system,
            limit: SEARCH_LIMIT,
            date_of_service: Some(c.view.coding_date),
        };
        c.search.pending = true;
        if let Some(tx) = &self.search_tx
            && tx.send(request).is_err()
        {
            c.search.pending = false;
        }
    }

    pub(super) fn search_done(&mut self, generation: u64, hits: Vec<SearchHit>) {
        if generation & crate::tui::review::form::SEARCH_TAG != 0 {
            return self.review_search_done(generation, hits);
        }
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        if generation != c.search.generation {
            return; // stale: the query changed since
        }
        c.search.hits = hits;
        c.search.pending = false;
        c.search.selected = 0;
        self.dirty = true;
        self.load_detail();
    }

    /// Asks for the detail pane to follow the selection. The store read
    /// waits until the frame is drawn and no key is waiting
    /// ([`App::run_deferred`]), so typing never waits for it and a
    /// selection that has already moved on is never read.
    pub(super) fn load_detail(&mut self) {
        self.detail_pending = true;
    }

    /// Work held back until the screen is up to date and input is idle.
    pub fn has_deferred(&self) -> bool {
        self.detail_pending
    }

    pub fn run_deferred(&mut self) {
        if std::mem::take(&mut self.detail_pending) {
            self.load_detail_now();
            self.dirty = true;
        }
    }

    /// Shows in the detail pane the code selected in the focused pane.
    pub(super) fn load_detail_now(&mut self) {
        let Some(c) = self.chart.as_ref() else {
            return;
        };
        let target = match c.pane {
            Pane::Search => c
                .search
                .hits
                .get(c.search.selected)
                .map(|h| (h.system, h.code.clone())),
            Pane::Coding => c
                .view
                .assignments
                .get(c.coding_selected)
                .map(|a| (a.system, a.code.clone())),
            Pane::Edits => c
                .view
                .edits
                .get(c.edits_selected)
                .and_then(|e| c.view.first_code_of(e))
                .and_then(|at| c.view.assignments.get(at))
                .map(|a| (a.system, a.code.clone())),
            _ => return,
        };
        let date = c.view.coding_date;
        let detail = match target {
            Some((system, code)) => match self.workbench.code_detail(system, &code, date) {
                Ok(d) => d,
                Err(e) => {
                    self.error(format!("code detail: {e}"));
                    None
                }
            },
            None => None,
        };
        if let Some(c) = self.chart.as_mut() {
            c.detail_selected = detail.as_ref().map_or(0, own_seventh);
            c.detail = detail;
        }
    }

    pub(super) fn find_step(&mut self, forward: bool) {
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        let n = c.find.matches.len();
        if n == 0 {
            return self.info("no matches");
        }
        c.find.current = if forward {
            (c.find.current + 1) % n
        } else {
            (c.find.current + n - 1) % n
        };
        c.scroll = c.find.matches[c.find.current].0.saturating_sub(2);
    }
}
