//! The chart workspace: the four panes (documents, coding summary, code
//! search, code detail), moving between them and in them, and the chart's
//! own actions (hold, release, ask, finalize).

use super::*;

impl App {
    /// The workspace's keys, whichever pane has focus.
    pub(super) fn workspace_action(&mut self, action: Action) {
        use Action::*;
        match action {
            NextPane | PrevPane => {
                if let Some(c) = self.chart.as_mut() {
                    let edits_shown = !c.view.assignments.is_empty();
                    c.pane = c.pane.step(action == NextPane, edits_shown);
                    c.find.editing = None;
                    self.load_detail();
                }
            }
            Search => self.focus(Pane::Search),
            PcsBuilder => self.open_pcs_builder(),
            IndexBrowser => self.open_index_browser(),
            Finalize => self.confirm_finalize(),
            Acknowledge => self.acknowledge(),
            GoToCode => self.go_to_code(),
            Ask => {
                if let Some(c) = &self.chart {
                    self.overlay = Some(Overlay::Composer(Composer::new(&c.view.attending)));
                }
            }
            Hold => self.hold(""),
            Release => self.release(),
            Find => {
                if let Some(c) = self.chart.as_mut() {
                    c.pane = Pane::Documents;
                    c.find.editing = Some(LineEdit::default());
                    set_find_term(c, "");
                }
            }
            FindNext | FindPrev => self.find_step(action == FindNext),
            NextDocument | PrevDocument => {
                if let Some(c) = self.chart.as_mut() {
                    c.step_document(action == NextDocument);
                }
            }
            SystemFilter => {
                if let Some(c) = self.chart.as_mut() {
                    c.search.next_system();
                    self.request_search();
                }
            }
            _ => self.coding_action(action),
        }
    }

    /// Up, down, a page ... in the focused pane; the detail follows a
    /// moved code selection.
    pub(super) fn workspace_navigate(&mut self, action: Action) {
        let page = self.page();
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        match c.pane {
            Pane::Documents => {
                let lines = c
                    .view
                    .documents
                    .get(c.document)
                    .map_or(0, |d| d.text.lines().count());
                c.scroll = step(c.scroll, lines, action, page);
            }
            Pane::Coding => {
                c.coding_selected = step(c.coding_selected, c.view.assignments.len(), action, page)
            }
            Pane::Edits => {
                c.edits_selected = step(c.edits_selected, c.view.edits.len(), action, page)
            }
            Pane::Search => {
                c.search.selected = step(c.search.selected, c.search.hits.len(), action, page)
            }
            Pane::Detail => {
                let n = c.detail.as_ref().map_or(0, |d| d.seventh_characters.len());
                c.detail_selected = step(c.detail_selected, n, action, page);
                return;
            }
        }
        self.load_detail();
    }

    /// Back in the workspace: stop typing a find, clear the search, go to
    /// the documents, and from there to the queue.
    pub(super) fn workspace_back(&mut self) {
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        if c.find.editing.take().is_some() {
            set_find_term(c, "");
        } else if c.pane == Pane::Search && !c.search.query.is_empty() {
            c.search.clear();
        } else if c.pane != Pane::Documents {
            c.pane = Pane::Documents;
        } else {
            self.screen = Screen::Queue;
            self.refresh_queue();
        }
    }

    /// Enter while typing a find: keep the term, show the first match.
    pub(super) fn submit_find(&mut self) {
        if let Some(c) = self.chart.as_mut()
            && c.find.editing.take().is_some()
        {
            let term = c.find.term.clone();
            set_find_term(c, &term);
            if !c.find.matches.is_empty() {
                c.scroll = c.find.matches[0].0.saturating_sub(2);
            }
        }
    }

    fn focus(&mut self, pane: Pane) {
        if let Some(c) = self.chart.as_mut() {
            c.pane = pane;
            c.find.editing = None;
            self.screen = Screen::Workspace;
        }
    }

    /// Reloads the open chart after a change (the store is the truth).
    pub(super) fn reload_chart(&mut self) {
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        match self.workbench.refresh(c.view.id) {
            Ok(view) => {
                c.coding_selected = c
                    .coding_selected
                    .min(view.assignments.len().saturating_sub(1));
                c.edits_selected = c.edits_selected.min(view.edits.len().saturating_sub(1));
                // The last code removed hides the edits pane.
                if c.pane == Pane::Edits && view.assignments.is_empty() {
                    c.pane = Pane::Coding;
                }
                c.view = view;
            }
            Err(e) => {
                let msg = format!("reload chart: {e}");
                self.error(msg);
            }
        }
    }

    /// `hold REASON` (the hold key alone asks for the reason).
    pub(super) fn hold(&mut self, reason: &str) {
        let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
            return self.error("no chart open".into());
        };
        if reason.trim().is_empty() {
            let how = self.keymap.command("hold REASON");
            return self.error(format!("hold needs a reason: type  {how}"));
        }
        match self.workbench.hold(id, reason.trim()) {
            Ok(()) => {
                self.info("chart put on hold");
                self.leave_chart();
            }
            Err(e) => self.error(format!("hold: {e}")),
        }
    }

    fn release(&mut self) {
        let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
            return self.error("no chart open".into());
        };
        match self.workbench.release(id) {
            Ok(()) => {
                self.info("chart released to the queue");
                self.leave_chart();
            }
            Err(e) => self.error(format!("release: {e}")),
        }
    }

    pub(super) fn leave_chart(&mut self) {
        self.chart = None;
        self.overlay = None;
        self.screen = Screen::Queue;
        self.refresh_queue();
    }
}
