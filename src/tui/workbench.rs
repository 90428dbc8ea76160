//! What the TUI needs from the rest of chartq, as two traits: the store's
//! work-queue operations ([`Workbench`], called on the UI thread: each call
//! is one short transaction) and code search ([`CodeSearcher`], called from
//! the search worker thread). The real implementations sit in
//! [`super::store_bridge`]; tests use in-memory fakes.

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::model::{
    Acknowledgement, Assignment, ChartId, ChartView, CodeDetail, Edit, EditName,
    ProviderQueryDraft, QueueRow, SearchHit, UserRole,
};
use std::sync::Arc;

use crate::domain::codes::{CodeSetVersion, CodeSystem};
use crate::domain::index_tree::{IndexCodeStatus, IndexTree};

/// A change to an assigned code: the domain's, as the store takes it.
pub use crate::domain::coding::AssignmentEdit;

/// The work-queue operations of the store, for the current user.
pub trait Workbench {
    /// The login name chartq acts as (shown in the status line).
    fn user(&self) -> &str;
    /// The user's role; `None` when the database has no users yet. The TUI
    /// then shows how the owner of the database file makes the first admin
    /// (`chartq init`) and every chart action fails: it never registers
    /// anyone itself.
    fn role(&self) -> Option<UserRole>;
    /// The database file, as the guidance names it.
    fn database(&self) -> String;
    /// The installed code-set versions (getting started, coverage warnings).
    fn code_set_versions(&mut self) -> Result<Vec<CodeSetVersion>>;
    /// How many charts the database holds in any status (0: none imported
    /// yet, a first run).
    fn chart_count(&mut self) -> Result<u64>;
    /// The charts the user may see: their own and the claimable queue.
    fn queue(&mut self) -> Result<Vec<QueueRow>>;
    /// Claims the best chart the user may work; `None` when the queue is empty.
    fn claim_next(&mut self) -> Result<Option<ChartId>>;
    /// Claims one chart (it must be new, or already the user's).
    fn claim(&mut self, chart: ChartId) -> Result<()>;
    /// The chart with documents, codes and queries; writes an access audit event.
    fn open(&mut self, chart: ChartId) -> Result<ChartView>;
    /// The chart again after a change, without a new access event (the
    /// coder never stopped looking at it).
    fn refresh(&mut self, chart: ChartId) -> Result<ChartView>;
    /// Extends the user's lease on the chart.
    fn renew(&mut self, chart: ChartId) -> Result<()>;
    fn release(&mut self, chart: ChartId) -> Result<()>;
    fn hold(&mut self, chart: ChartId, reason: &str) -> Result<()>;
    /// Assigns `code` (or changes nothing about one already there but
    /// what the store keeps): the store decides what the coder left out —
    /// the system (`None`: whichever code set valid on the date of service
    /// has the code) and the role. Returns the code as assigned.
    fn assign(
        &mut self,
        chart: ChartId,
        system: Option<CodeSystem>,
        code: &str,
    ) -> Result<Assignment>;
    /// Makes a diagnosis the principal: the old principal becomes a
    /// secondary diagnosis, the new one is sequenced first.
    fn make_principal(&mut self, chart: ChartId, code: &str) -> Result<()>;
    fn unassign(&mut self, chart: ChartId, code: &str) -> Result<()>;
    /// Moves a code to `position` (1-based) in the chart's sequence.
    fn sequence(&mut self, chart: ChartId, code: &str, position: usize) -> Result<()>;
    fn edit(&mut self, chart: ChartId, code: &str, edit: &AssignmentEdit) -> Result<()>;
    /// Every reason the chart cannot be finalized now: the store's
    /// problems and the edits' errors, and apart from them the warnings
    /// an acknowledgement can pass (both empty: it can), so `F` lists them
    /// before asking for a confirmation.
    fn finalize_problems(&mut self, chart: ChartId) -> Result<FinalizeCheck>;
    /// Finalizes, or returns every reason it cannot (empty: finalized).
    /// `ack` acknowledges warning edits by name, with the coder's reason
    /// (the audit log keeps both).
    fn finalize(&mut self, chart: ChartId, ack: Option<&Acknowledgement>) -> Result<Vec<String>>;
    /// Sends a provider query (the chart goes on hold).
    fn ask(&mut self, chart: ChartId, draft: &ProviderQueryDraft) -> Result<()>;
    /// The code detail pane's content, in the version valid on `date`.
    fn code_detail(
        &mut self,
        system: CodeSystem,
        code: &str,
        date: NaiveDate,
    ) -> Result<Option<CodeDetail>>;
    /// The ICD-10-PCS table builder over the PCS version valid on `date`.
    fn pcs_builder(&mut self, date: NaiveDate) -> Result<crate::app::pcs_builder::PcsBuilder> {
        let _ = date;
        Err(color_eyre::eyre::eyre!("no ICD-10-PCS tables here"))
    }
    /// The department's reports for the reports screen (each one, or why
    /// the user may not see it).
    fn reports(&mut self) -> Result<crate::tui::reports::ReportsData> {
        Err(color_eyre::eyre::eyre!("no reports here"))
    }
    /// Claims the next sampled chart to review and reads its screen
    /// (`None`: nothing to review).
    fn claim_review(&mut self) -> Result<Option<crate::tui::review::ReviewScreen>> {
        Err(color_eyre::eyre::eyre!("no reviews here"))
    }
    /// Runs one review-screen key with the workbench's backend; a refusal
    /// becomes the screen's message.
    fn review_key(
        &mut self,
        screen: &mut crate::tui::review::ReviewScreen,
        key: crate::tui::review::ReviewKey,
    ) {
        let _ = key;
        screen.message = Some("no reviews here".into());
    }
    /// The backend and the acting user the review screens' decisions,
    /// outcomes, rebuttals and answers go through, as `chartq review`'s do
    /// (`None`: no reviews here).
    fn review_backend(
        &mut self,
    ) -> Option<(
        &mut dyn crate::store::backend::Backend,
        &crate::domain::people::Actor,
    )> {
        None
    }
    /// How many closed reviews of the user's charts they have not seen
    /// (the coder's notice at open; one count query).
    fn unseen_review_outcomes(&mut self) -> Result<u64> {
        Ok(0)
    }
    /// The facility's time zone the reports use (`facility_time_zone`).
    fn set_facility_zone(&mut self, _zone: crate::domain::report::FacilityZone) {}
    /// The Alphabetic Index tree of the ICD-10-CM version valid on `date`
    /// (`None`: none imported). Shared: the browser opens it many times.
    fn index_tree(&mut self, _date: NaiveDate) -> Result<Option<Arc<IndexTree>>> {
        Ok(None)
    }
    /// What an index code is in the ICD-10-CM version valid on `date`
    /// (`None`: no version covers the date).
    fn index_code_status(
        &mut self,
        _date: NaiveDate,
        _code: &str,
    ) -> Result<Option<IndexCodeStatus>> {
        Ok(None)
    }
}

/// What finalize would say now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinalizeCheck {
    /// The store's problems, then the edits' errors: these block.
    pub blocking: Vec<String>,
    /// Warning edits: finalize needs them acknowledged with a reason.
    pub warnings: Vec<Edit>,
}

impl FinalizeCheck {
    /// Nothing stands in the way.
    pub fn is_clear(&self) -> bool {
        self.blocking.is_empty() && self.warnings.is_empty()
    }
}

/// The names of `warnings`, each once, in order: what an acknowledgement
/// of them all names.
pub fn warning_names(warnings: &[Edit]) -> Vec<EditName> {
    let mut names: Vec<EditName> = Vec::new();
    for w in warnings {
        if !names.contains(&w.name) {
            names.push(w.name);
        }
    }
    names
}

/// What the search pane asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// Increases with every keystroke; results of an older one are dropped.
    pub generation: u64,
    pub text: String,
    pub system: Option<CodeSystem>,
    pub limit: usize,
    /// The chart's date of service: codes terminated before it are left
    /// out (the store would refuse them).
    pub date_of_service: Option<NaiveDate>,
}

/// In-memory code search, shared with the worker thread. It searches the
/// versions valid on the request's date of service (the newest where none
/// is) and leaves out codes terminated before it; the store checks every
/// assigned code against the version valid on that date.
pub trait CodeSearcher: Send + Sync {
    fn search(&self, request: &SearchRequest) -> Vec<SearchHit>;
}
