//! The reports screen (issue 15): the department's reports as tabs
//! (productivity, backlog, provider queries; the review's accuracy joins
//! as one more [`ReportTab`]) with tables, bar charts and sparklines. It
//! opens from the queue for anyone; each tab shows what the reader may see
//! (a coder: their own productivity; the others' tabs say why not).
//!
//! The reports are read once when the screen opens (one call to the
//! workbench: [`crate::tui::workbench::Workbench::reports`]), so moving
//! between tabs never touches the database.

pub mod accuracy;
pub mod view;

use crate::app::review::accuracy::AccuracyReport;
use crate::domain::report::{BacklogReport, ProductivityReport, QueriesReport};

/// The days the screen covers, ending today.
pub const SCREEN_DAYS: u64 = 28;

/// A tab of the reports screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTab {
    Productivity,
    Backlog,
    Queries,
    /// Coding accuracy from the closed reviews (all of them).
    Accuracy,
}

impl ReportTab {
    pub const ALL: [ReportTab; 4] = [
        ReportTab::Productivity,
        ReportTab::Backlog,
        ReportTab::Queries,
        ReportTab::Accuracy,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ReportTab::Productivity => "Productivity",
            ReportTab::Backlog => "Backlog",
            ReportTab::Queries => "Queries",
            ReportTab::Accuracy => "Accuracy",
        }
    }
}

/// What the screen shows: each report, or why it is not there (a role too
/// low, an offline database).
#[derive(Debug, Clone)]
pub struct ReportsData {
    pub productivity: Result<ProductivityReport, String>,
    pub backlog: Result<BacklogReport, String>,
    pub queries: Result<QueriesReport, String>,
    pub accuracy: Result<AccuracyReport, String>,
}

/// The open reports screen.
#[derive(Debug, Clone)]
pub struct ReportsState {
    pub data: ReportsData,
    pub tab: usize,
    /// First table row shown.
    pub scroll: usize,
}

impl ReportsState {
    pub fn new(data: ReportsData) -> ReportsState {
        ReportsState {
            data,
            tab: 0,
            scroll: 0,
        }
    }

    pub fn tab(&self) -> ReportTab {
        ReportTab::ALL[self.tab % ReportTab::ALL.len()]
    }

    /// The next (or previous) tab, from the top of its table.
    pub fn step(&mut self, forward: bool) {
        let n = ReportTab::ALL.len();
        self.tab = if forward {
            (self.tab + 1) % n
        } else {
            (self.tab + n - 1) % n
        };
        self.scroll = 0;
    }

    /// Rows of the current tab's table.
    pub fn rows(&self) -> usize {
        match self.tab() {
            ReportTab::Productivity => self.data.productivity.as_ref().map_or(0, |r| r.rows.len()),
            ReportTab::Backlog => self.data.backlog.as_ref().map_or(0, |r| r.rows.len()),
            ReportTab::Queries => self.data.queries.as_ref().map_or(0, |r| r.rows.len()),
            ReportTab::Accuracy => self
                .data
                .accuracy
                .as_ref()
                .map_or(0, |r| accuracy::rows(r).len()),
        }
    }

    /// Scrolls the table by `by` rows, within it.
    pub fn scroll_by(&mut self, by: isize) {
        let max = self.rows().saturating_sub(1);
        self.scroll = self.scroll.saturating_add_signed(by).min(max);
    }
}
