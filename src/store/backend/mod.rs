//! The store's one seam: the operations the use cases need from a database,
//! whatever engine holds it. SQLite ([`Store`]) is the embedded backend; the
//! PostgreSQL team backend (issue 13) implements the same trait.
//!
//! The seam sits at the level of the repository, not of SQL: a backend gets
//! "claim the best chart for this actor" and returns the chart, so it may
//! run the operation the way its engine does best — SQLite one `UPDATE …
//! RETURNING` under `BEGIN IMMEDIATE`, PostgreSQL one `SELECT … FOR UPDATE
//! SKIP LOCKED` or a function executed under row-level security. Four
//! things differ by engine and are asked of the backend, never assumed:
//!
//! - **who the user is** ([`Backend::login`]): the OS login of the process
//!   (its real uid) for SQLite, the database role for PostgreSQL (peer or
//!   SCRAM authentication);
//! - **the time** ([`Backend::now`]): this process's clock for SQLite, the
//!   server's `now()` for PostgreSQL, so leases and audit times agree
//!   across servers whose clocks drift;
//! - **search snapshots** ([`Backend::snapshot`], [`Backend::put_snapshot`]):
//!   BLOBs in a table for both, read and written by whoever searches;
//! - **authorization**: every operation takes the [`Actor`] and the backend
//!   enforces the access matrix ([`super::access`]) and writes the audit
//!   event in the same transaction — in SQLite in chartq's code, in
//!   PostgreSQL also in the database's own policies and functions.
//!
//! Charts are named by [`ChartRef`]: an id never goes through an
//! account-number lookup.

use chrono::{DateTime, NaiveDate, Utc};

use super::chart_detail::ChartDetail;
use super::code_sets::{BundledHolding, NewCodeSet, NewPoaExemptList, SeedAudit};
use super::code_tables::{AttachedTerms, CodeDetail, VersionSpec};
use super::provider_query::{NewProviderQuery, ProviderQuery, ProviderQueryFilter};
use super::snapshot_bytes::SnapshotEncoder;
use crate::domain::index_tree::{IndexCodeStatus, IndexTree};
use crate::domain::people::Actor;
use crate::ingest::cm_index::IndexFile;
use std::collections::HashMap;
use std::io::Read;

use crate::domain::drg::FinalDrg;
use crate::domain::edit::EditVerdict;

use super::WorkError;
use super::audit::AuditEvent;
use super::audit_chain::{Head, Verification};
use super::audit_log::AuditFilter;
use super::charts::{Format, ImportSummary};
use super::export::ExportedChart;
use super::queue::{ClaimRequest, ListFilter};
use super::snapshot_bytes::{SnapshotBytes, SnapshotRead};
use crate::domain::chart::Chart;
use crate::domain::chart::ChartRef;
use crate::domain::codes::{Code, CodeSet, CodeSetVersion, CodeSystem};
use crate::domain::coding::AssignmentEdit;
use crate::domain::coding::{Assignment, NewAssignment};
use crate::domain::people::Role;
use crate::domain::people::User;

pub mod postgres;
/// The operations the use cases (the CLI's commands, the TUI's workbench)
/// need from a database. Each is one transaction on the backend's side,
/// authorized against the actor and audited in that transaction.
mod reports;
mod review;
mod sqlite;
pub use reports::ReportStore;
pub use review::ReviewStore;

pub trait Backend: Send + ReviewStore + ReportStore {
    /// What to call this database on screen: a path, a server and name.
    fn describe(&self) -> String;
    /// The login of whoever is running chartq, as this backend knows it.
    fn login(&self) -> Result<String, WorkError>;
    /// The time by the clock that stamps leases and audit events.
    fn now(&self) -> Result<DateTime<Utc>, WorkError>;
    /// The chartq user behind `login` (and the one an admin acts as);
    /// `None` on a database without users.
    fn actor(&self, login: &str, acting_as: Option<&str>) -> Result<Option<Actor>, WorkError>;

    // Code sets.
    /// Every installed code-set version.
    fn versions(&self) -> Result<Vec<CodeSetVersion>, WorkError>;
    /// The version of `system` valid on `date`.
    fn version_on(
        &self,
        system: CodeSystem,
        date: NaiveDate,
    ) -> Result<Option<CodeSetVersion>, WorkError>;
    /// What the detail pane shows of `code` in `version`.
    fn code_detail(
        &self,
        version: &CodeSetVersion,
        code: &str,
    ) -> Result<Option<CodeDetail>, WorkError>;
    /// The POA-exempt list a site imported for `fiscal_year` (codes without
    /// dots), if any.
    fn poa_exempt_list(&self, fiscal_year: i32) -> Result<Option<Vec<String>>, WorkError>;
    /// Every entry of `version` with its parent, title and the notes the
    /// tabular edits read (Excludes1, code first, use additional code),
    /// for building the engine's `TabularNotes` once per version; whether
    /// the notes are borrowed is `version.notes_from`.
    fn tabular_notes(&self, version: &CodeSetVersion) -> Result<Vec<Code>, WorkError>;
    /// The Alphabetic Index tree imported for `version` (`None`: none was).
    fn index_tree(&self, version: &CodeSetVersion) -> Result<Option<IndexTree>, WorkError>;
    /// What an index code is in `version`: reportable, a category (with
    /// the codes below it) or not there, for the coder to verify.
    fn index_code_status(
        &self,
        version: &CodeSetVersion,
        code: &str,
    ) -> Result<IndexCodeStatus, WorkError>;
    /// Hands the stored search snapshot of a version (in `format`) to
    /// `reader`, streamed from the database.
    fn read_snapshot(
        &self,
        version_id: i64,
        format: i64,
        reader: &mut dyn FnMut(&dyn SnapshotBytes),
    ) -> Result<SnapshotRead, WorkError>;
    /// Stores a search snapshot unless one of this format is there (or
    /// `replace`); `false` when another writer holds the database right
    /// now (a cache need not wait).
    fn write_snapshot(
        &mut self,
        version_id: i64,
        format: i64,
        bytes: &[u8],
        replace: bool,
    ) -> Result<bool, WorkError>;

    // Code sets: imports and seeding. Each write is one transaction with
    // its audit event (seeding's is chartq's own, `system`); a version's
    // search snapshot is encoded by `encode` and stored with its codes.
    /// The newest version of `system` starting before `date`, optionally
    /// only one read from a tabular list (chapters and its own notes).
    fn version_before(
        &self,
        system: CodeSystem,
        date: NaiveDate,
        tabular_only: bool,
    ) -> Result<Option<CodeSetVersion>, WorkError>;
    /// A version's entries in file order with their own notes.
    fn code_set(&self, version_id: i64) -> Result<CodeSet, WorkError>;
    /// A version's billable codes with their long titles.
    fn billable_titles(&self, version_id: i64) -> Result<HashMap<String, String>, WorkError>;
    /// Stores an imported version (re-importing a label replaces it).
    fn import_code_set(
        &mut self,
        actor: &Actor,
        new: &NewCodeSet<'_>,
        encode: SnapshotEncoder<'_>,
    ) -> Result<i64, WorkError>;
    /// Replaces one index table's terms on `version` (and its snapshot).
    fn import_index_terms(
        &mut self,
        actor: &Actor,
        version: &CodeSetVersion,
        index: &IndexFile,
        tree: Option<&IndexTree>,
        encode: SnapshotEncoder<'_>,
    ) -> Result<(AttachedTerms, Option<usize>), WorkError>;
    /// Replaces a fiscal year's POA-exempt list; returns its code count.
    fn import_poa_exempt_list(
        &mut self,
        actor: &Actor,
        list: &NewPoaExemptList<'_>,
    ) -> Result<usize, WorkError>;
    /// What the database holds of a bundled version.
    fn bundled_holding(&self, spec: &VersionSpec) -> Result<BundledHolding, WorkError>;
    /// Stores a bundled version unless it is there by now; its id if stored.
    fn seed_code_set(
        &mut self,
        new: &NewCodeSet<'_>,
        audit: SeedAudit,
    ) -> Result<Option<i64>, WorkError>;
    /// Relabels an older chartq's bundled version in place; the old label.
    fn update_bundled(
        &mut self,
        spec: &VersionSpec,
        audit: SeedAudit,
    ) -> Result<Option<String>, WorkError>;

    // Charts and the queue.
    fn chart_count(&self) -> Result<u64, WorkError>;
    fn charts(&mut self, actor: &Actor, filter: &ListFilter) -> Result<Vec<Chart>, WorkError>;
    fn claim(&mut self, actor: &Actor, request: &ClaimRequest) -> Result<Option<Chart>, WorkError>;
    /// The whole chart; an audited view.
    fn show(&mut self, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError>;
    /// The chart's state, codes and queries again (not audited).
    fn reload(&self, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError>;
    fn renew(&mut self, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError>;
    fn release(&mut self, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError>;
    fn hold(&mut self, actor: &Actor, chart: &ChartRef, reason: &str) -> Result<Chart, WorkError>;
    /// Gives a chart that is not yet coded to `login` (supervisors).
    fn assign_to(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        login: &str,
    ) -> Result<Chart, WorkError>;
    /// Marks a coded chart audited (auditors and up).
    fn mark_audited(&mut self, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError>;
    /// Records the MS-DRG the app grouped a not-yet-final chart to as its
    /// working DRG (the backlog report's weight): the lease holder,
    /// supervisors and admins; written and audited only when it changed
    /// (`Ok(true)`).
    fn record_working_drg(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        drg: Option<&crate::domain::drg::FinalDrg>,
    ) -> Result<bool, WorkError>;

    // Coding.
    fn assign(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        new: &NewAssignment,
    ) -> Result<Assignment, WorkError>;
    fn edit(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
        change: &AssignmentEdit,
    ) -> Result<Assignment, WorkError>;
    fn unassign(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
    ) -> Result<Vec<Assignment>, WorkError>;
    fn sequence(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
        position: i64,
    ) -> Result<Vec<Assignment>, WorkError>;
    /// Makes a diagnosis the principal; the old principal becomes secondary.
    fn make_principal(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
    ) -> Result<Vec<Assignment>, WorkError>;
    /// Every reason the chart cannot be finalized now.
    fn finalize_problems(&self, actor: &Actor, chart: &ChartRef) -> Result<Vec<String>, WorkError>;
    /// Finalizes the coding `verdict` judged: refused with the verdict's
    /// blocking sentences beside the store's own problems, or when the
    /// codes changed since; acknowledged warnings go to the audit log.
    /// `drg` (grouped over the codes the verdict judged) is stored with
    /// the chart, the first one kept as its original.
    fn finalize(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        verdict: &EditVerdict,
        drg: Option<&FinalDrg>,
    ) -> Result<Chart, WorkError>;

    // Provider queries.
    fn ask(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        new: &NewProviderQuery,
    ) -> Result<ProviderQuery, WorkError>;
    fn provider_queries(
        &self,
        actor: &Actor,
        filter: &ProviderQueryFilter,
    ) -> Result<Vec<ProviderQuery>, WorkError>;
    /// Records the provider's response (the chart returns to its coder).
    fn answer(
        &mut self,
        actor: &Actor,
        query_id: i64,
        response: &str,
    ) -> Result<ProviderQuery, WorkError>;
    fn close(&mut self, actor: &Actor, query_id: i64) -> Result<ProviderQuery, WorkError>;

    // People.
    fn users(&self) -> Result<Vec<User>, WorkError>;
    fn add_user(
        &mut self,
        actor: &Actor,
        login: &str,
        role: Role,
        name: Option<&str>,
    ) -> Result<User, WorkError>;
    fn set_role(&mut self, actor: &Actor, login: &str, role: Role) -> Result<User, WorkError>;
    /// Adds `login` (or the actor) to a work queue or takes them off it.
    fn set_membership(
        &mut self,
        actor: &Actor,
        login: Option<&str>,
        queue: &str,
        member: bool,
    ) -> Result<User, WorkError>;

    // Feeds in, claims out, and the audit log.
    /// Imports a chart feed, all or nothing.
    fn import_charts(
        &mut self,
        actor: &Actor,
        reader: &mut dyn Read,
        file_name: &str,
        format: Format,
    ) -> Result<ImportSummary, WorkError>;
    /// The coded charts (since a date) with their codes, for the claim.
    fn coded_charts(
        &mut self,
        actor: &Actor,
        since: Option<NaiveDate>,
    ) -> Result<Vec<ExportedChart>, WorkError>;
    fn audit_events(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEvent>, WorkError>;
    /// The audit chain's head, for an admin to keep elsewhere.
    fn audit_head(&self, actor: &Actor) -> Result<Option<Head>, WorkError>;
    /// Checks the chain (against kept heads).
    fn audit_verify(&self, actor: &Actor, anchors: &[Head]) -> Result<Verification, WorkError>;
}
