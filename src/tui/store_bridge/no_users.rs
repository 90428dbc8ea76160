//! The TUI on a database with no users yet: the guidance reads code sets
//! and the chart count, every chart action is refused with the one
//! sentence that says what to do. Apart from the store workbench, which
//! holds the chart operations.

use chrono::NaiveDate;
use color_eyre::eyre::{Result, eyre};

use crate::domain::codes::{CodeSetVersion, CodeSystem};
use crate::store::Store;
use crate::store::backend::Backend;
use crate::tui::model::{
    Acknowledgement, Assignment, ChartId, ChartView, CodeDetail, ProviderQueryDraft, QueueRow,
    UserRole,
};
use crate::tui::workbench::{AssignmentEdit, FinalizeCheck, Workbench};

/// Why nothing can be done on a database without users.
const NO_USERS: &str =
    "the database has no users yet: the owner of the database file runs `chartq init`";

/// The TUI on a database with no users: it reads what the guidance shows
/// (code sets, chart count) and refuses every chart action, until the
/// owner of the database file runs `chartq init`.
pub struct NoUsersWorkbench {
    pub(super) store: Store,
    /// Who is running chartq (not a user of this database).
    pub(super) login: String,
}

impl Workbench for NoUsersWorkbench {
    fn user(&self) -> &str {
        &self.login
    }

    fn role(&self) -> Option<UserRole> {
        None
    }

    fn database(&self) -> String {
        self.store.describe()
    }

    fn code_set_versions(&mut self) -> Result<Vec<CodeSetVersion>> {
        Ok(self.store.versions()?)
    }

    fn chart_count(&mut self) -> Result<u64> {
        Ok(self.store.chart_count()?)
    }

    fn queue(&mut self) -> Result<Vec<QueueRow>> {
        Ok(Vec::new())
    }

    fn claim_next(&mut self) -> Result<Option<ChartId>> {
        Err(eyre!(NO_USERS))
    }

    fn claim(&mut self, _: ChartId) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn open(&mut self, _: ChartId) -> Result<ChartView> {
        Err(eyre!(NO_USERS))
    }

    fn refresh(&mut self, _: ChartId) -> Result<ChartView> {
        Err(eyre!(NO_USERS))
    }

    fn renew(&mut self, _: ChartId) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn release(&mut self, _: ChartId) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn hold(&mut self, _: ChartId, _: &str) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn assign(&mut self, _: ChartId, _: Option<CodeSystem>, _: &str) -> Result<Assignment> {
        Err(eyre!(NO_USERS))
    }

    fn make_principal(&mut self, _: ChartId, _: &str) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn unassign(&mut self, _: ChartId, _: &str) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn sequence(&mut self, _: ChartId, _: &str, _: usize) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn edit(&mut self, _: ChartId, _: &str, _: &AssignmentEdit) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn finalize_problems(&mut self, _: ChartId) -> Result<FinalizeCheck> {
        Err(eyre!(NO_USERS))
    }

    fn finalize(&mut self, _: ChartId, _: Option<&Acknowledgement>) -> Result<Vec<String>> {
        Err(eyre!(NO_USERS))
    }

    fn ask(&mut self, _: ChartId, _: &ProviderQueryDraft) -> Result<()> {
        Err(eyre!(NO_USERS))
    }

    fn code_detail(&mut self, _: CodeSystem, _: &str, _: NaiveDate) -> Result<Option<CodeDetail>> {
        Ok(None)
    }
}
