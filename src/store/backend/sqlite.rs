//! The embedded backend: the seam's operations on one SQLite file, each a
//! call into the table module that owns it (one transaction, the access
//! check and the audit event inside). Identity is the OS login of the
//! process's real uid, time this process's clock.

use super::Backend;
use crate::domain::chart::Chart;
use crate::domain::chart::ChartRef;
use crate::domain::codes::{Code, CodeSet, CodeSetVersion, CodeSystem};
use crate::domain::coding::AssignmentEdit;
use crate::domain::coding::{Assignment, NewAssignment};
use crate::domain::drg::FinalDrg;
use crate::domain::edit::EditVerdict;
use crate::domain::index_tree::{IndexCodeStatus, IndexTree};
use crate::domain::people::Actor;
use crate::domain::people::Role;
use crate::domain::people::User;
use crate::ingest::cm_index::IndexFile;
use crate::store::assignments;
use crate::store::audit::AuditEvent;
use crate::store::audit_chain::{self, Head, Verification};
use crate::store::audit_log::{self, AuditFilter};
use crate::store::chart_detail::{self, ChartDetail};
use crate::store::charts;
use crate::store::charts::{Format, ImportSummary};
use crate::store::code_sets::{self, BundledHolding, NewCodeSet, NewPoaExemptList, SeedAudit};
use crate::store::code_tables::{self, AttachedTerms, CodeDetail, VersionSpec};
use crate::store::export::{self, ExportedChart};
use crate::store::people;
use crate::store::provider_query::{self, NewProviderQuery, ProviderQuery, ProviderQueryFilter};
use crate::store::queue::{self, ClaimRequest, ListFilter};
use crate::store::snapshot_bytes::SnapshotEncoder;
use crate::store::snapshot_bytes::{SnapshotBytes, SnapshotRead};
use crate::store::{Store, StoreError, WorkError, clock};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::io::Read;

/// The embedded backend: one SQLite file. Identity is the OS login of the
/// process's real uid, time this process's clock.
impl Backend for Store {
    fn describe(&self) -> String {
        self.path().display().to_string()
    }
    fn login(&self) -> Result<String, WorkError> {
        people::login_name()
    }
    fn now(&self) -> Result<DateTime<Utc>, WorkError> {
        Ok(clock::now())
    }
    fn actor(&self, login: &str, acting_as: Option<&str>) -> Result<Option<Actor>, WorkError> {
        people::lookup_actor(self, login, acting_as)
    }
    fn versions(&self) -> Result<Vec<CodeSetVersion>, WorkError> {
        self.read(|c| Ok(code_tables::list_versions(c)?))
    }
    fn version_on(
        &self,
        system: CodeSystem,
        date: NaiveDate,
    ) -> Result<Option<CodeSetVersion>, WorkError> {
        self.read(|c| Ok(code_tables::version_for_date(c, system, date)?))
    }
    fn code_detail(
        &self,
        version: &CodeSetVersion,
        code: &str,
    ) -> Result<Option<CodeDetail>, WorkError> {
        self.read(|c| Ok(code_tables::code_detail(c, version, code)?))
    }
    fn poa_exempt_list(&self, fiscal_year: i32) -> Result<Option<Vec<String>>, WorkError> {
        self.read(|c| Ok(code_tables::poa_exempt_list(c, fiscal_year)?))
    }
    fn tabular_notes(&self, version: &CodeSetVersion) -> Result<Vec<Code>, WorkError> {
        self.read(|c| Ok(code_tables::tabular_entries(c, version.id)?))
    }
    fn index_tree(&self, version: &CodeSetVersion) -> Result<Option<IndexTree>, WorkError> {
        self.read(|c| Ok(code_tables::index_tree(c, version.id)?))
    }
    fn index_code_status(
        &self,
        version: &CodeSetVersion,
        code: &str,
    ) -> Result<IndexCodeStatus, WorkError> {
        self.read(|c| Ok(code_tables::index_code_status(c, version.id, code)?))
    }
    fn read_snapshot(
        &self,
        version_id: i64,
        format: i64,
        reader: &mut dyn FnMut(&dyn SnapshotBytes),
    ) -> Result<SnapshotRead, WorkError> {
        self.read(|c| {
            Ok(crate::store::snapshots::read(
                c, version_id, format, reader,
            )?)
        })
    }
    fn write_snapshot(
        &mut self,
        version_id: i64,
        format: i64,
        bytes: &[u8],
        replace: bool,
    ) -> Result<bool, WorkError> {
        let written = self.write_if_free(|c| {
            crate::store::snapshots::write(c, version_id, format, bytes, replace)
                .map_err(StoreError::from)
        });
        match written {
            None => Ok(false),
            Some(done) => done.map(|_| true).map_err(WorkError::from),
        }
    }
    fn version_before(
        &self,
        system: CodeSystem,
        date: NaiveDate,
        tabular_only: bool,
    ) -> Result<Option<CodeSetVersion>, WorkError> {
        self.read(|c| Ok(code_tables::version_before(c, system, date, tabular_only)?))
    }
    fn code_set(&self, version_id: i64) -> Result<CodeSet, WorkError> {
        self.read(|c| Ok(code_tables::version_code_set(c, version_id)?))
    }
    fn billable_titles(&self, version_id: i64) -> Result<HashMap<String, String>, WorkError> {
        self.read(|c| Ok(code_tables::billable_titles(c, version_id)?))
    }
    fn import_code_set(
        &mut self,
        actor: &Actor,
        new: &NewCodeSet<'_>,
        encode: SnapshotEncoder<'_>,
    ) -> Result<i64, WorkError> {
        code_sets::import_code_set(self, actor, new, encode)
    }
    fn import_index_terms(
        &mut self,
        actor: &Actor,
        version: &CodeSetVersion,
        index: &IndexFile,
        tree: Option<&IndexTree>,
        encode: SnapshotEncoder<'_>,
    ) -> Result<(AttachedTerms, Option<usize>), WorkError> {
        code_sets::import_index_terms(self, actor, version, index, tree, encode)
    }
    fn import_poa_exempt_list(
        &mut self,
        actor: &Actor,
        list: &NewPoaExemptList<'_>,
    ) -> Result<usize, WorkError> {
        code_sets::import_poa_exempt_list(self, actor, list)
    }
    fn bundled_holding(&self, spec: &VersionSpec) -> Result<BundledHolding, WorkError> {
        self.read(|c| code_sets::bundled_holding(c, spec))
    }
    fn seed_code_set(
        &mut self,
        new: &NewCodeSet<'_>,
        audit: SeedAudit,
    ) -> Result<Option<i64>, WorkError> {
        code_sets::seed_code_set(self, new, audit)
    }
    fn update_bundled(
        &mut self,
        spec: &VersionSpec,
        audit: SeedAudit,
    ) -> Result<Option<String>, WorkError> {
        code_sets::update_bundled(self, spec, audit)
    }
    fn chart_count(&self) -> Result<u64, WorkError> {
        charts::count(self)
    }
    fn charts(&mut self, actor: &Actor, filter: &ListFilter) -> Result<Vec<Chart>, WorkError> {
        queue::list(self, actor, filter)
    }
    fn claim(&mut self, actor: &Actor, request: &ClaimRequest) -> Result<Option<Chart>, WorkError> {
        queue::claim(self, actor, request)
    }
    fn show(&mut self, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError> {
        chart_detail::show(self, actor, chart)
    }
    fn reload(&self, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError> {
        chart_detail::reload(self, actor, chart)
    }
    fn renew(&mut self, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError> {
        queue::renew(self, actor, chart)
    }
    fn release(&mut self, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError> {
        queue::release(self, actor, chart)
    }
    fn hold(&mut self, actor: &Actor, chart: &ChartRef, reason: &str) -> Result<Chart, WorkError> {
        queue::hold(self, actor, chart, reason)
    }
    fn assign_to(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        login: &str,
    ) -> Result<Chart, WorkError> {
        queue::assign_to(self, actor, chart, login)
    }
    fn mark_audited(&mut self, actor: &Actor, chart: &ChartRef) -> Result<Chart, WorkError> {
        queue::mark_audited(self, actor, chart)
    }
    fn record_working_drg(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        drg: Option<&crate::domain::drg::FinalDrg>,
    ) -> Result<bool, WorkError> {
        crate::store::working_drg::record(self, actor, chart, drg)
    }
    fn assign(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        new: &NewAssignment,
    ) -> Result<Assignment, WorkError> {
        assignments::assign(self, actor, chart, new)
    }
    fn edit(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
        change: &AssignmentEdit,
    ) -> Result<Assignment, WorkError> {
        assignments::edit(self, actor, chart, code, change)
    }
    fn unassign(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
    ) -> Result<Vec<Assignment>, WorkError> {
        assignments::unassign(self, actor, chart, code)
    }
    fn sequence(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
        position: i64,
    ) -> Result<Vec<Assignment>, WorkError> {
        assignments::sequence(self, actor, chart, code, position)
    }
    fn make_principal(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
    ) -> Result<Vec<Assignment>, WorkError> {
        assignments::make_principal(self, actor, chart, code)
    }
    fn finalize_problems(&self, actor: &Actor, chart: &ChartRef) -> Result<Vec<String>, WorkError> {
        assignments::finalize_problems(self, actor, chart)
    }
    fn finalize(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        verdict: &EditVerdict,
        drg: Option<&FinalDrg>,
    ) -> Result<Chart, WorkError> {
        assignments::finalize(self, actor, chart, verdict, drg)
    }
    fn ask(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        new: &NewProviderQuery,
    ) -> Result<ProviderQuery, WorkError> {
        provider_query::ask(self, actor, chart, new)
    }
    fn provider_queries(
        &self,
        actor: &Actor,
        filter: &ProviderQueryFilter,
    ) -> Result<Vec<ProviderQuery>, WorkError> {
        provider_query::list(self, actor, filter)
    }
    fn answer(
        &mut self,
        actor: &Actor,
        query_id: i64,
        response: &str,
    ) -> Result<ProviderQuery, WorkError> {
        provider_query::answer(self, actor, query_id, response)
    }
    fn close(&mut self, actor: &Actor, query_id: i64) -> Result<ProviderQuery, WorkError> {
        provider_query::close(self, actor, query_id)
    }

    fn users(&self) -> Result<Vec<User>, WorkError> {
        people::list_users(self)
    }
    fn add_user(
        &mut self,
        actor: &Actor,
        login: &str,
        role: Role,
        name: Option<&str>,
    ) -> Result<User, WorkError> {
        people::add_user(self, actor, login, role, name)
    }
    fn set_role(&mut self, actor: &Actor, login: &str, role: Role) -> Result<User, WorkError> {
        people::set_role(self, actor, login, role)
    }
    fn set_membership(
        &mut self,
        actor: &Actor,
        login: Option<&str>,
        queue: &str,
        member: bool,
    ) -> Result<User, WorkError> {
        people::set_membership(self, actor, login, queue, member)
    }
    fn import_charts(
        &mut self,
        actor: &Actor,
        reader: &mut dyn Read,
        file_name: &str,
        format: Format,
    ) -> Result<ImportSummary, WorkError> {
        charts::import(self, actor, reader, file_name, format)
    }
    fn coded_charts(
        &mut self,
        actor: &Actor,
        since: Option<NaiveDate>,
    ) -> Result<Vec<ExportedChart>, WorkError> {
        export::coded_charts(self, actor, since)
    }
    fn audit_events(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEvent>, WorkError> {
        audit_log::list(self, actor, filter)
    }
    fn audit_head(&self, actor: &Actor) -> Result<Option<Head>, WorkError> {
        audit_chain::log_head(self, actor)
    }
    fn audit_verify(&self, actor: &Actor, anchors: &[Head]) -> Result<Verification, WorkError> {
        audit_chain::verify_log(self, actor, anchors)
    }
}
