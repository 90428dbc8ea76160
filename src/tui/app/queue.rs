//! The queue screen: its rows, sort and filter, and what its keys do
//! (claim the next chart, open one, sort, filter, reload).

use super::*;

/// Queue sort orders, in the order the sort key cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Priority,
    Waiting,
    DateOfService,
    Account,
}

/// Queue filters, in the order the filter key cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFilter {
    All,
    Mine,
    New,
    OnHold,
}

#[derive(Debug, Clone)]
pub struct QueueState {
    pub rows: Vec<QueueRow>,
    pub selected: usize,
    pub sort: SortKey,
    pub filter: QueueFilter,
}

impl Default for QueueState {
    fn default() -> Self {
        QueueState {
            rows: Vec::new(),
            selected: 0,
            sort: SortKey::Priority,
            filter: QueueFilter::All,
        }
    }
}

impl QueueState {
    /// The rows shown, filtered and sorted.
    pub fn visible(&self) -> Vec<&QueueRow> {
        let mut rows: Vec<&QueueRow> = self
            .rows
            .iter()
            .filter(|r| match self.filter {
                QueueFilter::All => true,
                QueueFilter::Mine => r.mine,
                QueueFilter::New => r.status == Status::New,
                QueueFilter::OnHold => r.status == Status::OnHold,
            })
            .collect();
        match self.sort {
            SortKey::Priority => rows.sort_by_key(|r| (r.priority, r.due, -r.days_waiting)),
            SortKey::Waiting => rows.sort_by_key(|r| (-r.days_waiting, r.priority)),
            SortKey::DateOfService => rows.sort_by_key(|r| (r.date_of_service, r.priority)),
            SortKey::Account => rows.sort_by(|a, b| a.account.cmp(&b.account)),
        }
        rows
    }

    /// (new, mine, on hold, due by `today`).
    pub fn counts(&self, today: NaiveDate) -> (usize, usize, usize, usize) {
        let count = |f: &dyn Fn(&QueueRow) -> bool| self.rows.iter().filter(|r| f(r)).count();
        (
            count(&|r| r.status == Status::New),
            count(&|r| r.mine),
            count(&|r| r.status == Status::OnHold),
            count(&|r| {
                r.due.is_some_and(|d| d <= today)
                    && matches!(r.status, Status::New | Status::InProgress | Status::OnHold)
            }),
        )
    }

    /// The sort key's next order; the selection goes back to the top.
    fn next_sort(&mut self) {
        self.sort = match self.sort {
            SortKey::Priority => SortKey::Waiting,
            SortKey::Waiting => SortKey::DateOfService,
            SortKey::DateOfService => SortKey::Account,
            SortKey::Account => SortKey::Priority,
        };
        self.selected = 0;
    }

    /// The filter key's next filter; the selection goes back to the top.
    fn next_filter(&mut self) {
        self.filter = match self.filter {
            QueueFilter::All => QueueFilter::Mine,
            QueueFilter::Mine => QueueFilter::New,
            QueueFilter::New => QueueFilter::OnHold,
            QueueFilter::OnHold => QueueFilter::All,
        };
        self.selected = 0;
    }
}

impl App {
    /// The queue's keys (they also work where the queue's scope is in the
    /// chain, such as `n` on the finalized overlay).
    pub(super) fn queue_action(&mut self, action: Action) {
        match action {
            Action::ClaimNext => self.claim_next(),
            Action::Open => self.open_selected(),
            Action::Sort => self.queue.next_sort(),
            Action::Filter => self.queue.next_filter(),
            Action::Refresh => self.refresh_queue(),
            Action::Reports => self.open_reports(),
            Action::ReviewNext => self.open_review(),
            Action::ReviewOutcomes => self.open_outcomes(),
            _ => {}
        }
    }

    pub(super) fn queue_navigate(&mut self, action: Action) {
        let n = self.queue.visible().len();
        self.queue.selected = step(self.queue.selected, n, action, self.page());
    }

    /// A page of a list: the screen less the lines around it.
    pub(super) fn page(&self) -> usize {
        self.size.1.saturating_sub(8).max(1) as usize
    }

    pub(super) fn refresh_queue(&mut self) {
        match self.workbench.queue() {
            Ok(rows) => {
                self.queue.rows = rows;
                let n = self.queue.visible().len();
                self.queue.selected = self.queue.selected.min(n.saturating_sub(1));
            }
            Err(e) => self.error(format!("queue: {e}")),
        }
        self.refresh_setup();
        self.dirty = true;
    }

    /// Re-reads the chart count and the installed code sets (cheap: one
    /// count and a few version rows), so `r` after an import in another
    /// terminal shows it.
    fn refresh_setup(&mut self) {
        match self.workbench.chart_count() {
            Ok(n) => self.setup.charts = Some(n),
            Err(e) => {
                self.setup.charts = None;
                self.error(format!("counting charts: {e}"));
            }
        }
        match self.workbench.code_set_versions() {
            Ok(v) => self.setup.versions = v,
            Err(e) => self.error(format!("code sets: {e}")),
        }
    }

    fn claim_next(&mut self) {
        self.overlay = None;
        if self
            .chart
            .as_ref()
            .is_some_and(|c| c.view.mine && c.view.status == Status::InProgress)
        {
            // Leaving a chart in progress for the next keeps it claimed.
            self.chart = None;
        }
        match self.workbench.claim_next() {
            Ok(Some(id)) => self.open_chart(id),
            Ok(None) => {
                self.info("the queue is empty: no chart to claim");
                self.screen = Screen::Queue;
                self.refresh_queue();
            }
            Err(e) => self.error(format!("claim: {e}")),
        }
    }

    fn open_selected(&mut self) {
        let Some(row) = self
            .queue
            .visible()
            .get(self.queue.selected)
            .map(|r| (*r).clone())
        else {
            return;
        };
        if row.status == Status::New
            && let Err(e) = self.workbench.claim(row.id)
        {
            self.error(format!("claim: {e}"));
            self.refresh_queue();
            return;
        }
        self.open_chart(row.id);
    }

    fn open_chart(&mut self, id: i64) {
        let view = match self.workbench.open(id) {
            Ok(view) => view,
            Err(e) => return self.error(format!("open chart: {e}")),
        };
        let note = if view.mine {
            "claimed"
        } else {
            "read only (not yours)"
        };
        let msg = format!("chart {}: {note}", view.account);
        let gaps = self.setup.uncovered(view.coding_date, view.inpatient);
        self.chart = Some(ChartState::new(view));
        self.screen = Screen::Workspace;
        if gaps.is_empty() {
            self.info(&msg);
        } else {
            let gaps = coverage_message(&gaps, "its date of service");
            self.error(format!("{msg}; {gaps}"));
        }
    }
}
