//! The team backend: the seam's operations on a PostgreSQL database shared
//! by a department (issue 13). Identity is the database's own
//! (`session_user`: the OS login over the local socket with peer
//! authentication, a SCRAM login over TLS from other hosts) and time is the
//! server's `now()`, so several SSH servers agree on leases and audit times.
//!
//! Authorization lives in the database, not only here: a coder's role has
//! no direct INSERT/UPDATE/DELETE on charts, assignments or the audit log;
//! every change is a `SECURITY DEFINER` function that checks
//! `session_user` against the access matrix and appends the chained audit
//! event itself, and reads go through row-level security. What this module
//! checks as well (roles, visibility) only words the refusal earlier.
//!
//! One file per job: `connect` (URLs, TLS, errors), `migrate` (schema,
//! roles, functions, policies: `chartq db init-postgres`), `people`,
//! `charts`, `queue`, `audit` (the core), and `coding`, `provider_query`,
//! `export`, `code_sets` (the coding operations, built on the core's SQL
//! helpers), and `review/`, `reports` (issue 15's second-level review and
//! the department's reports).

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;
use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use postgres::{Client, Transaction};

use super::Backend;
use crate::domain::chart::{Chart, ChartRef};
use crate::domain::codes::{Code, CodeSet, CodeSetVersion, CodeSystem};
use crate::domain::coding::{Assignment, AssignmentEdit, NewAssignment};
use crate::domain::drg::FinalDrg;
use crate::domain::edit::EditVerdict;
use crate::domain::index_tree::{IndexCodeStatus, IndexTree};
use crate::domain::people::{Actor, Role, User};
use crate::ingest::cm_index::IndexFile;
use crate::store::WorkError;
use crate::store::audit::AuditEvent;
use crate::store::audit_chain::{Head, Verification};
use crate::store::audit_log::AuditFilter;
use crate::store::chart_detail::ChartDetail;
use crate::store::chart_drg::ChartDrg;
use crate::store::charts::{Format, ImportSummary};
use crate::store::code_sets::{BundledHolding, NewCodeSet, NewPoaExemptList, SeedAudit};
use crate::store::code_tables::{AttachedTerms, CodeDetail, VersionSpec};
use crate::store::export::ExportedChart;
use crate::store::provider_query::{NewProviderQuery, ProviderQuery, ProviderQueryFilter};
use crate::store::queue::{ClaimRequest, ListFilter};
use crate::store::snapshot_bytes::{SnapshotBytes, SnapshotEncoder, SnapshotRead};

mod audit;
mod charts;
mod code_sets;
mod coding;
mod connect;
mod export;
mod guards;
pub mod migrate;
mod people;
mod provider_query;
mod queue;
mod reports;
mod review;

pub use connect::{is_postgres_url, pg_error};

/// The schema every chartq object lives in (one chartq database per
/// PostgreSQL database; the role prefix tells two on one cluster apart).
pub const SCHEMA: &str = "chartq";

/// An open connection to a chartq PostgreSQL database, as its login.
pub struct Postgres {
    /// The one connection (a process does one thing at a time; `RefCell`
    /// because the seam reads through `&self`).
    client: RefCell<Client>,
    /// The prefix of this database's group roles (`chartq_` by default).
    prefix: String,
    /// `session_user`: who the database says we are.
    login: String,
    /// What to show for this database: user, host or socket, database.
    target: String,
}

impl Postgres {
    /// Connects to `url` (libpq style: `postgresql://user@host/db`, a Unix
    /// socket with `?host=/dir`; TCP hosts use TLS), as whoever the server
    /// authenticates, and reads the database's role prefix. Refuses a
    /// database `chartq db init-postgres` has not set up.
    pub fn connect(url: &str) -> Result<Postgres, WorkError> {
        let (client, target) = connect::open(url)?;
        let mut pg = Postgres {
            client: RefCell::new(client),
            prefix: String::new(),
            login: String::new(),
            target,
        };
        let (login, prefix) = migrate::installed(&mut pg.client.borrow_mut(), &pg.target)?;
        pg.login = login;
        pg.prefix = prefix;
        Ok(pg)
    }

    /// A connection without the installed-schema check: for
    /// `init-postgres`, which creates it.
    pub fn connect_uninstalled(url: &str) -> Result<Postgres, WorkError> {
        let (mut client, target) = connect::open(url)?;
        let login: String = client
            .query_one("SELECT session_user::text", &[])
            .map_err(pg_error)?
            .get(0);
        Ok(Postgres {
            client: RefCell::new(client),
            prefix: String::new(),
            login,
            target,
        })
    }

    /// The prefix of this database's group roles.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The connection, for one statement or transaction at a time.
    pub(crate) fn client(&self) -> RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    /// Runs `f` in one transaction, committed when it returns `Ok`.
    pub(crate) fn transact<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>) -> Result<T, WorkError>,
    ) -> Result<T, WorkError> {
        let mut client = self.client();
        let mut tx = client.transaction().map_err(pg_error)?;
        let out = f(&mut tx)?;
        tx.commit().map_err(pg_error)?;
        Ok(out)
    }
}

/// The caller's `--as`: the login an admin acts as, passed to every definer
/// function (`NULL`: themselves). The database checks it is an admin's.
pub(crate) fn acting_as(actor: &Actor) -> Option<&str> {
    actor.real_login.as_ref().map(|_| actor.user.login.as_str())
}

/// For an admin's `--as` a user who does not see every chart: that user's
/// id, for [`acting_sees_sql`]. Row-level security narrows a session to
/// its own login's charts (a superuser's to none), never to the user it
/// acts as: without this an admin's `--as ann` listed every chart where
/// SQLite lists Ann's (issue 13, the access matrix).
pub(crate) fn acting_narrows(actor: &Actor) -> Option<i64> {
    (actor.real_login.is_some() && !crate::store::access::sees_all(actor)).then_some(actor.user.id)
}

/// SQL over `chart c`: the database's own access check (`chartq.can_see`,
/// the one the definer functions use) for the user whose id is bound at
/// placeholder `user` (`$3`).
pub(crate) fn acting_sees_sql(user: &str) -> String {
    format!("chartq.can_see((SELECT u FROM chartq.app_user u WHERE u.id = {user}), c)")
}

/// The chart the session means by `chart`, under row-level security.
pub(crate) fn resolve_chart(
    client: &mut impl postgres::GenericClient,
    chart: &ChartRef,
) -> Result<i64, WorkError> {
    let row = match chart {
        ChartRef::Id(crate::domain::chart::ChartId(id)) => {
            client.query_opt("SELECT id FROM chartq.chart WHERE id = $1", &[id])
        }
        ChartRef::Account(account) => client.query_opt(
            "SELECT id FROM chartq.chart WHERE account = $1",
            &[&account.trim()],
        ),
    }
    .map_err(pg_error)?;
    row.map(|r| r.get(0))
        .ok_or_else(|| crate::store::charts::not_found(chart))
}

/// [`resolve_chart`] for `actor`: also `chart KEY not found` when an admin
/// acts as a user who may not see it (as the definer functions refuse it),
/// before anything about the chart (its date's code sets) is told.
pub(crate) fn resolve_chart_for(
    client: &mut impl postgres::GenericClient,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<i64, WorkError> {
    let id = resolve_chart(client, chart)?;
    let Some(user) = acting_narrows(actor) else {
        return Ok(id);
    };
    let sql = format!(
        "SELECT {} FROM chartq.chart c WHERE c.id = $2",
        acting_sees_sql("$1")
    );
    let sees: bool = client
        .query_one(&sql, &[&user, &id])
        .map_err(pg_error)?
        .get(0);
    if sees {
        Ok(id)
    } else {
        Err(crate::store::charts::not_found(chart))
    }
}

/// The team backend: a PostgreSQL database. Identity is `session_user`,
/// time the server's `now()`.
impl Backend for Postgres {
    fn describe(&self) -> String {
        self.target.clone()
    }
    fn login(&self) -> Result<String, WorkError> {
        Ok(self.login.clone())
    }
    fn now(&self) -> Result<DateTime<Utc>, WorkError> {
        let row = self
            .client()
            .query_one("SELECT now()", &[])
            .map_err(pg_error)?;
        Ok(row.get(0))
    }
    fn actor(&self, login: &str, acting_as: Option<&str>) -> Result<Option<Actor>, WorkError> {
        people::actor(self, login, acting_as)
    }
    fn versions(&self) -> Result<Vec<CodeSetVersion>, WorkError> {
        code_sets::versions(self)
    }
    fn version_on(
        &self,
        system: CodeSystem,
        date: NaiveDate,
    ) -> Result<Option<CodeSetVersion>, WorkError> {
        code_sets::version_on(self, system, date)
    }
    fn code_detail(
        &self,
        version: &CodeSetVersion,
        code: &str,
    ) -> Result<Option<CodeDetail>, WorkError> {
        code_sets::code_detail(self, version, code)
    }
    fn poa_exempt_list(&self, fiscal_year: i32) -> Result<Option<Vec<String>>, WorkError> {
        code_sets::poa_exempt_list(self, fiscal_year)
    }
    fn tabular_notes(&self, version: &CodeSetVersion) -> Result<Vec<Code>, WorkError> {
        code_sets::tabular_notes(self, version)
    }
    fn index_tree(&self, version: &CodeSetVersion) -> Result<Option<IndexTree>, WorkError> {
        code_sets::index_tree(self, version)
    }
    fn index_code_status(
        &self,
        version: &CodeSetVersion,
        code: &str,
    ) -> Result<IndexCodeStatus, WorkError> {
        code_sets::index_code_status(self, version, code)
    }
    fn read_snapshot(
        &self,
        version_id: i64,
        format: i64,
        reader: &mut dyn FnMut(&dyn SnapshotBytes),
    ) -> Result<SnapshotRead, WorkError> {
        code_sets::read_snapshot(self, version_id, format, reader)
    }
    fn write_snapshot(
        &mut self,
        version_id: i64,
        format: i64,
        bytes: &[u8],
        replace: bool,
    ) -> Result<bool, WorkError> {
        code_sets::write_snapshot(self, version_id, format, bytes, replace)
    }
    fn version_before(
        &self,
        system: CodeSystem,
        date: NaiveDate,
        tabular_only: bool,
    ) -> Result<Option<CodeSetVersion>, WorkError> {
        code_sets::version_before(self, system, date, tabular_only)
    }
    fn code_set(&self, version_id: i64) -> Result<CodeSet, WorkError> {
        code_sets::code_set(self, version_id)
    }
    fn billable_titles(&self, version_id: i64) -> Result<HashMap<String, String>, WorkError> {
        code_sets::billable_titles(self, version_id)
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
        code_sets::bundled_holding(self, spec)
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
        charts::chart_count(self)
    }
    fn charts(&mut self, actor: &Actor, filter: &ListFilter) -> Result<Vec<Chart>, WorkError> {
        queue::charts(self, actor, filter)
    }
    fn claim(&mut self, actor: &Actor, request: &ClaimRequest) -> Result<Option<Chart>, WorkError> {
        queue::claim(self, actor, request)
    }
    fn show(&mut self, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError> {
        charts::show(self, actor, chart)
    }
    fn reload(&self, actor: &Actor, chart: &ChartRef) -> Result<ChartDetail, WorkError> {
        charts::reload(self, actor, chart)
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
        coding::record_working_drg(self, actor, chart, drg)
    }
    fn assign(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        new: &NewAssignment,
    ) -> Result<Assignment, WorkError> {
        coding::assign(self, actor, chart, new)
    }
    fn edit(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
        change: &AssignmentEdit,
    ) -> Result<Assignment, WorkError> {
        coding::edit(self, actor, chart, code, change)
    }
    fn unassign(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
    ) -> Result<Vec<Assignment>, WorkError> {
        coding::unassign(self, actor, chart, code)
    }
    fn sequence(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
        position: i64,
    ) -> Result<Vec<Assignment>, WorkError> {
        coding::sequence(self, actor, chart, code, position)
    }
    fn make_principal(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        code: &str,
    ) -> Result<Vec<Assignment>, WorkError> {
        coding::make_principal(self, actor, chart, code)
    }
    fn finalize_problems(&self, actor: &Actor, chart: &ChartRef) -> Result<Vec<String>, WorkError> {
        coding::finalize_problems(self, actor, chart)
    }
    fn finalize(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        verdict: &EditVerdict,
        drg: Option<&FinalDrg>,
    ) -> Result<Chart, WorkError> {
        coding::finalize(self, actor, chart, verdict, drg)
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
        provider_query::provider_queries(self, actor, filter)
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
        people::users(self)
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
        charts::import_charts(self, actor, reader, file_name, format)
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
        audit::audit_events(self, actor, filter)
    }
    fn audit_head(&self, actor: &Actor) -> Result<Option<Head>, WorkError> {
        audit::audit_head(self, actor)
    }
    fn audit_verify(&self, actor: &Actor, anchors: &[Head]) -> Result<Verification, WorkError> {
        audit::audit_verify(self, actor, anchors)
    }
}
