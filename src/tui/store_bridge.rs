//! The TUI's [`Workbench`] on the real store (`crate::store`), as the
//! current user, and the code index loader for the search worker. Every
//! call is one short store transaction, the same functions the CLI uses.

use crate::app::coding_edits::{self, EditChecker};
use crate::app::work;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr, eyre};

use super::model::{
    Acknowledgement, Assignment, ChartId, ChartView, CodeDetail, Document, Edit, EditSeverity,
    ProviderQueryDraft, ProviderQuerySummary, QueueRow, UserRole,
};
use super::workbench::{AssignmentEdit, CodeSearcher, FinalizeCheck, Workbench, warning_names};
use super::worker::IndexLoader;

mod alphabetic_index;
mod no_users;
mod team;
use crate::app::Context;
use crate::app::context::Database;
use crate::app::demo_db::DemoDatabase;
use crate::domain::chart::{Chart, ChartRef, EncounterType, Status};
use crate::domain::codes::{CodeSetVersion, CodeSystem};
use crate::domain::coding::Assignment as StoredAssignment;
use crate::domain::drg::{GroupOutcome, GrouperVersion};
use crate::domain::index_tree::{IndexCodeStatus, IndexTree};
use crate::domain::people::Actor;
use crate::search::DatedSearch;
use crate::store::backend::Backend;
use crate::store::chart_detail::ChartDetail;
use crate::store::people;
use crate::store::provider_query::{NewProviderQuery, ProviderQueryFilter};
use crate::store::queue::{self, ClaimRequest, ListFilter};
use crate::store::{Store, WorkError};
pub use no_users::NoUsersWorkbench;

/// How many queue rows the queue screen loads.
const QUEUE_ROWS: usize = 500;

/// What `run` needs from the store side.
pub struct Opened {
    pub workbench: Box<dyn Workbench>,
    pub index_loader: IndexLoader,
    /// The `--demo` database (said on exit); holds its lock while open.
    pub demo: Option<DemoDatabase>,
}

/// Opens the configured database as the current user; with `--demo`, the
/// demo database instead (see `cli::demo_tui`: never the configured one).
pub fn open(ctx: &Context) -> Result<Opened> {
    if !ctx.options.demo && matches!(ctx.database()?, Database::Postgres(_)) {
        return team::open(ctx);
    }
    let (store, demo) = if ctx.options.demo {
        let (store, demo) = crate::app::demo_db::open(ctx, ctx.options.keep)?;
        (store, Some(demo))
    } else {
        (ctx.open_store()?.checkpoint_on_close(), None)
    };
    let path = store.path().to_path_buf();
    let zone = crate::app::reports::facility_zone(&ctx.config)?;
    let mut workbench = workbench_for(
        store,
        &people::login_name()?,
        ctx.options.acting_as.as_deref(),
        ctx.clock.today(),
    )?;
    workbench.set_facility_zone(zone);
    Ok(Opened {
        workbench,
        index_loader: index_loader(path),
        demo,
    })
}

/// The coding edits' bundled tables and the MS-DRG tables of every
/// bundled version, parsed once per process beside the index load, off
/// the UI thread, rather than when the first chart opens. A failure is
/// reported by the edits pane (the grouper's, by the DRG line).
fn warm_tables() {
    std::thread::spawn(|| {
        let _ = crate::app::edit_tables::shared();
        for version in [GrouperVersion::V43, GrouperVersion::V431] {
            let _ = crate::app::drg_tables::shared(version);
        }
        let _ = crate::app::drg_tables::v44_levels();
    });
}

/// The workbench for `login` on `store`: its user's, or on a database
/// with no users yet a [`NoUsersWorkbench`]. Never registers anyone (the
/// CLI's work commands still make the first login admin; the TUI shows
/// `chartq init` instead).
pub fn workbench_for(
    store: Store,
    login: &str,
    acting_as: Option<&str>,
    today: NaiveDate,
) -> Result<Box<dyn Workbench>> {
    Ok(match people::lookup_actor(&store, login, acting_as)? {
        Some(actor) => Box::new(StoreWorkbench::new(store, actor, today)),
        None => Box::new(NoUsersWorkbench {
            store,
            login: login.to_string(),
        }),
    })
}

/// Loads the code index on the worker thread, from its own connection:
/// the newest installed version of every code system first, the versions
/// valid on each chart's date of service as charts ask for them.
fn index_loader(path: PathBuf) -> IndexLoader {
    Box::new(move || {
        warm_tables();
        let searcher = DatedSearch::open(&path)?;
        Ok(Arc::new(searcher) as Arc<dyn CodeSearcher>)
    })
}

/// The workbench over any store backend (the SQLite file today, the
/// PostgreSQL team database behind the same seam).
pub struct StoreWorkbench {
    store: Box<dyn Backend>,
    actor: Actor,
    /// Documents of the charts opened, so a refresh need not re-read them.
    documents: HashMap<ChartId, Vec<Document>>,
    /// The code-set version valid on a date, per system, as looked up.
    versions: HashMap<(CodeSystem, NaiveDate), Option<CodeSetVersion>>,
    /// Today, from the process's clock (how long charts have waited).
    today: NaiveDate,
    /// The coding edits, with the tables and notes they loaded.
    checker: EditChecker,
    /// Alphabetic Index trees read, by version id.
    index_trees: HashMap<i64, Arc<IndexTree>>,
    /// The facility's time zone, for the reports' days.
    zone: crate::domain::report::FacilityZone,
}

impl StoreWorkbench {
    pub fn new(store: Store, actor: Actor, today: NaiveDate) -> Self {
        Self::over(Box::new(store), actor, today)
    }

    /// The workbench over `backend`, for `actor`.
    pub fn over(backend: Box<dyn Backend>, actor: Actor, today: NaiveDate) -> Self {
        StoreWorkbench {
            today,
            checker: EditChecker::new(),
            index_trees: HashMap::new(),
            zone: crate::domain::report::FacilityZone::utc(),
            store: backend,
            actor,
            documents: HashMap::new(),
            versions: HashMap::new(),
        }
    }

    fn mine(&self, chart: &Chart) -> bool {
        queue::is_mine(chart, &self.actor.user.login)
    }

    /// The chart's edits over the chart and codes already read (no
    /// second, audited read), or why they cannot run; and the MS-DRG
    /// grouping of the same claim.
    fn edits(&mut self, detail: &ChartDetail) -> (Vec<Edit>, Option<String>, GroupOutcome) {
        let checked = self.checker.check_loaded(
            &*self.store,
            detail.chart.clone(),
            detail.assignments.clone(),
        );
        match checked {
            Ok(e) => {
                // The pane's DRG is the chart's working DRG (the backlog's
                // weight); a refusal shows where the edits' would.
                let recorded = crate::app::grouping::record_if_allowed(
                    &mut *self.store,
                    &self.actor,
                    &detail.chart,
                    &e.grouping,
                );
                let note = recorded
                    .err()
                    .map(|r| format!("working DRG not recorded: {r}"));
                (e.edits, e.unchecked.map(|why| why.0).or(note), e.grouping)
            }
            Err(e) => {
                let why = e.to_string();
                (
                    Vec::new(),
                    Some(why.clone()),
                    GroupOutcome::NotGroupable(why),
                )
            }
        }
    }

    fn view(&mut self, detail: ChartDetail, documents: Vec<Document>) -> ChartView {
        let (edits, edits_unchecked, grouping) = self.edits(&detail);
        let c = &detail.chart;
        let mine = self.mine(c) && c.lease_holder.is_some();
        let inpatient = c.encounter_type == EncounterType::Inpatient;
        let grouping = inpatient.then_some(grouping);
        let exempt_on = inpatient.then_some(c.date_of_service);
        ChartView {
            id: c.id,
            account: c.account.clone(),
            mrn: c.mrn.clone(),
            patient: c.patient.name.clone(),
            dob: date(&c.patient.dob),
            sex: c.patient.sex.clone(),
            encounter_type: label(c.encounter_type.as_str()),
            inpatient,
            coding_date: c.date_of_service,
            attending: c.attending.clone().unwrap_or_default(),
            status: c.status,
            mine,
            documents,
            assignments: detail
                .assignments
                .iter()
                .map(|a| assignment(a, exempt_on))
                .collect(),
            provider_queries: detail
                .provider_queries
                .iter()
                .map(|q| ProviderQuerySummary {
                    id: q.id,
                    provider: q.provider.clone(),
                    question: q.question.clone(),
                    status: q.status.as_str().to_string(),
                    response: q.response.clone(),
                    answered_by: q.response.as_ref().map(|_| {
                        q.attributed_to
                            .clone()
                            .unwrap_or_else(|| q.provider.clone())
                    }),
                    entered_by: q.entered_by.clone(),
                })
                .collect(),
            edits,
            edits_unchecked,
            grouping,
            final_drg: detail.drg.clone(),
        }
    }

    /// The chart by its id: never looked up as an account number.
    fn key(chart: ChartId) -> ChartRef {
        ChartRef::Id(crate::domain::chart::ChartId(chart))
    }
}

/// A stored name (`ed_note`, `profee`) as coders write it (`ED note`,
/// `pro-fee`).
fn label(name: &str) -> String {
    match name {
        "hp" => "H&P".into(),
        "ed" => "ED".into(),
        "profee" => "pro-fee".into(),
        "outpatient_surgery" => "outpatient surgery".into(),
        other => {
            let text = other.replace('_', " ");
            match text.strip_prefix("ed ") {
                Some(rest) => format!("ED {rest}"),
                None => {
                    let mut chars = text.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                }
            }
        }
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

/// The TUI's row of a stored code; `exempt_on`: the date of an
/// inpatient chart, on which a diagnosis may be POA-exempt.
fn assignment(a: &StoredAssignment, exempt_on: Option<NaiveDate>) -> Assignment {
    let poa_exempt = exempt_on.is_some_and(|date| {
        a.system.is_diagnosis() && crate::app::edit_tables::is_poa_exempt(&a.code, date).is_some()
    });
    Assignment {
        poa_exempt,
        system: a.system,
        code: a.code.clone(),
        title: a.title.clone(),
        role: a.role,
        poa: a.poa,
        modifiers: a.modifiers.clone(),
        units: a.units.and_then(|u| u32::try_from(u).ok()),
    }
}

impl Workbench for StoreWorkbench {
    fn user(&self) -> &str {
        &self.actor.user.login
    }

    fn role(&self) -> Option<UserRole> {
        Some(self.actor.user.role)
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
        let filter = ListFilter {
            limit: QUEUE_ROWS,
            ..ListFilter::default()
        };
        let charts = self.store.charts(&self.actor, &filter)?;
        let open = self.store.provider_queries(
            &self.actor,
            &ProviderQueryFilter {
                open: true,
                ..Default::default()
            },
        )?;
        let mut open_by_chart: HashMap<i64, i64> = HashMap::new();
        for q in &open {
            *open_by_chart.entry(q.chart_id).or_default() += 1;
        }
        let today = self.today;
        Ok(charts
            .into_iter()
            .filter(|c| !matches!(c.status, Status::Coded | Status::Audited))
            .map(|c| {
                let dos = c.date_of_service;
                QueueRow {
                    id: c.id,
                    mine: self.mine(&c),
                    account: c.account.clone(),
                    patient: c.patient.name.clone(),
                    encounter_type: label(c.encounter_type.as_str()),
                    date_of_service: dos,
                    due: c.due_date,
                    days_waiting: (today - dos).num_days().max(0),
                    priority: c.priority,
                    status: c.status,
                    open_queries: open_by_chart.get(&c.id).copied().unwrap_or(0),
                    flagged: c.flagged,
                }
            })
            .collect())
    }

    fn claim_next(&mut self) -> Result<Option<ChartId>> {
        let chart = work::queue::claim(&mut *self.store, &self.actor, &ClaimRequest::default())?;
        Ok(chart.map(|c| c.id))
    }

    fn claim(&mut self, chart: ChartId) -> Result<()> {
        work::queue::claim_chart(&mut *self.store, &self.actor, &Self::key(chart))?;
        Ok(())
    }

    fn open(&mut self, chart: ChartId) -> Result<ChartView> {
        let detail = work::chart::show(&mut *self.store, &self.actor, &Self::key(chart))?;
        let documents: Vec<Document> = detail
            .documents
            .iter()
            .map(|d| Document {
                kind: label(&d.doc_type),
                author: d.author.clone().unwrap_or_default(),
                time: d.time.clone().unwrap_or_default(),
                // Cleaned at import; cleaned again here, since the screen is
                // where an escape sequence would do harm.
                text: crate::domain::text::sanitize(&d.text),
            })
            .collect();
        self.documents.insert(chart, documents.clone());
        Ok(self.view(detail, documents))
    }

    fn refresh(&mut self, chart: ChartId) -> Result<ChartView> {
        let detail = work::chart::refresh(&*self.store, &self.actor, &Self::key(chart))?;
        let documents = self.documents.get(&chart).cloned().unwrap_or_default();
        Ok(self.view(detail, documents))
    }

    fn renew(&mut self, chart: ChartId) -> Result<()> {
        work::queue::renew(&mut *self.store, &self.actor, &Self::key(chart))?;
        Ok(())
    }

    fn release(&mut self, chart: ChartId) -> Result<()> {
        work::queue::release(&mut *self.store, &self.actor, &Self::key(chart))?;
        Ok(())
    }

    fn hold(&mut self, chart: ChartId, reason: &str) -> Result<()> {
        work::queue::hold(&mut *self.store, &self.actor, &Self::key(chart), reason)?;
        Ok(())
    }

    fn assign(
        &mut self,
        chart: ChartId,
        system: Option<CodeSystem>,
        code: &str,
    ) -> Result<Assignment> {
        let key = Self::key(chart);
        let stored = work::coding::assign_code(&mut *self.store, &self.actor, &key, system, code)?;
        Ok(assignment(&stored, None))
    }

    fn make_principal(&mut self, chart: ChartId, code: &str) -> Result<()> {
        work::coding::make_principal(&mut *self.store, &self.actor, &Self::key(chart), code)?;
        Ok(())
    }

    fn unassign(&mut self, chart: ChartId, code: &str) -> Result<()> {
        work::coding::unassign(&mut *self.store, &self.actor, &Self::key(chart), code)?;
        Ok(())
    }

    fn sequence(&mut self, chart: ChartId, code: &str, position: usize) -> Result<()> {
        let position = i64::try_from(position).wrap_err("position")?;
        work::coding::sequence(
            &mut *self.store,
            &self.actor,
            &Self::key(chart),
            code,
            position,
        )?;
        Ok(())
    }

    fn edit(&mut self, chart: ChartId, code: &str, edit: &AssignmentEdit) -> Result<()> {
        // One operation: the rest of the code is kept as stored.
        work::coding::edit(&mut *self.store, &self.actor, &Self::key(chart), code, edit)?;
        Ok(())
    }

    fn finalize_problems(&mut self, chart: ChartId) -> Result<FinalizeCheck> {
        let key = Self::key(chart);
        let mut blocking = self.store.finalize_problems(&self.actor, &key)?;
        let edits = self.checker.check_chart(&*self.store, &self.actor, &key)?;
        let warnings: Vec<Edit> = edits
            .edits
            .iter()
            .filter(|e| e.severity == EditSeverity::Warning)
            .cloned()
            .collect();
        // The warnings go in their own list: what blocks besides them is
        // the verdict with every warning taken as acknowledged.
        let all_acknowledged = (!warnings.is_empty()).then(|| Acknowledgement {
            edits: warning_names(&warnings),
            reason: "listed apart".into(),
        });
        blocking.extend(coding_edits::verdict(&edits, all_acknowledged.as_ref())?.blocking);
        Ok(FinalizeCheck { blocking, warnings })
    }

    fn finalize(&mut self, chart: ChartId, ack: Option<&Acknowledgement>) -> Result<Vec<String>> {
        let key = Self::key(chart);
        let (store, checker) = (&mut *self.store, &mut self.checker);
        match coding_edits::finalize(store, checker, &self.actor, &key, ack) {
            Ok(_) => Ok(Vec::new()),
            Err(WorkError::Refused { reasons, .. }) => Ok(reasons),
            Err(e) => Err(e.into()),
        }
    }

    fn ask(&mut self, chart: ChartId, draft: &ProviderQueryDraft) -> Result<()> {
        let new = NewProviderQuery {
            provider: draft.provider.clone(),
            question: draft.question.clone(),
            options: draft.options.clone(),
        };
        self.store.ask(&self.actor, &Self::key(chart), &new)?;
        Ok(())
    }

    fn code_detail(
        &mut self,
        system: CodeSystem,
        code: &str,
        date: NaiveDate,
    ) -> Result<Option<CodeDetail>> {
        let Some(version) = self.version(system, date)? else {
            return Ok(None);
        };
        Ok(self.store.code_detail(&version, code)?)
    }

    fn pcs_builder(&mut self, date: NaiveDate) -> Result<crate::app::pcs_builder::PcsBuilder> {
        let version = (self.store.version_on(CodeSystem::Icd10Pcs, date)?)
            .ok_or_else(|| eyre!("no ICD-10-PCS code set covers {date}"))?;
        let store = &self.store;
        crate::app::pcs_builder::PcsBuilder::for_version(&version, || {
            Ok(store.tabular_notes(&version)?)
        })
    }

    fn index_tree(&mut self, date: NaiveDate) -> Result<Option<Arc<IndexTree>>> {
        self.index_tree_on(date)
    }

    fn index_code_status(
        &mut self,
        date: NaiveDate,
        code: &str,
    ) -> Result<Option<IndexCodeStatus>> {
        self.index_code_status_on(date, code)
    }

    fn reports(&mut self) -> Result<crate::tui::reports::ReportsData> {
        use crate::app::reports::{self, ReportRequest};
        let days = chrono::Days::new(crate::tui::reports::SCREEN_DAYS - 1);
        let req = ReportRequest {
            from: Some(self.today - days),
            to: Some(self.today),
            ..ReportRequest::default()
        };
        let store: &dyn Backend = &*self.store;
        let (actor, zone, today) = (&self.actor, self.zone, self.today);
        let why = |e: WorkError| e.to_string();
        Ok(crate::tui::reports::ReportsData {
            productivity: reports::productivity(store, actor, zone, today, &req).map_err(why),
            backlog: reports::backlog(store, actor, zone, today, &req).map_err(why),
            queries: reports::queries(store, actor, zone, today, &req).map_err(why),
            accuracy: crate::app::review::accuracy::report(
                store,
                actor,
                &crate::store::review::AccuracyFilter {
                    zone: Some(zone),
                    ..Default::default()
                },
            )
            .map_err(why),
        })
    }

    fn set_facility_zone(&mut self, zone: crate::domain::report::FacilityZone) {
        self.zone = zone;
    }

    fn claim_review(&mut self) -> Result<Option<crate::tui::review::ReviewScreen>> {
        Ok(crate::tui::review::open(
            &mut *self.store,
            &self.actor,
            None,
        )?)
    }

    fn review_key(
        &mut self,
        screen: &mut crate::tui::review::ReviewScreen,
        key: crate::tui::review::ReviewKey,
    ) {
        crate::tui::review::apply(&mut *self.store, &self.actor, screen, key);
    }

    fn review_backend(&mut self) -> Option<(&mut dyn Backend, &Actor)> {
        Some((&mut *self.store, &self.actor))
    }

    fn unseen_review_outcomes(&mut self) -> Result<u64> {
        Ok(self.store.unseen_outcomes(&self.actor)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::coding::Poa;
    use crate::store::charts;
    use crate::tui::workbench::SearchRequest;

    /// The workbench runs over any backend behind the seam: over one that
    /// cannot reach its database it shows an empty queue and refuses every
    /// change with the reason, without touching SQLite.
    #[test]
    fn the_workbench_runs_over_a_second_backend() {
        use crate::domain::people::Role as UserRoleOf;
        use crate::domain::people::User;
        use crate::store::offline::Offline;
        let actor = Actor {
            user: User {
                id: 1,
                login: "coder1".into(),
                name: None,
                role: UserRoleOf::Coder,
                queues: vec!["ed".into()],
                created_at: "2026-11-30T08:00:00Z".into(),
            },
            real_login: None,
        };
        let offline = Offline {
            reason: "db.example: connection refused".into(),
            login: "coder1".into(),
            versions: Vec::new(),
        };
        let mut wb = StoreWorkbench::over(Box::new(offline), actor, test_today());
        assert_eq!(wb.database(), "unavailable: db.example: connection refused");
        assert!(wb.queue().unwrap().is_empty());
        assert_eq!(wb.chart_count().unwrap(), 0);
        let err = wb.claim_next().unwrap_err().to_string();
        assert!(
            err.contains("database is unavailable (db.example: connection refused)"),
            "{err}"
        );
        let err = wb.hold(7, "missing op note").unwrap_err().to_string();
        assert!(err.contains("nothing was changed"), "{err}");
        assert_eq!(
            wb.code_detail(CodeSystem::Icd10Cm, "I10", test_today())
                .unwrap(),
            None
        );
    }

    /// "Today" in these tests (never the real date).
    fn test_today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 4, 10).unwrap()
    }
    use crate::domain::codes::{Code, CodeKind, CodeSet};
    use crate::store::charts::Format;
    use crate::store::code_tables::{VersionSpec, insert_code_set};
    use crate::tui::model::Role;

    /// A store with two invented-feed charts, three real CM codes, and
    /// `admin` (first user, so admin) in the `ed` queue.
    fn workbench() -> StoreWorkbench {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write(|tx| {
                let spec = VersionSpec {
                    system: CodeSystem::Icd10Cm,
                    label: "test".into(),
                    effective_from: "2025-10-01".parse().unwrap(),
                    effective_to: None,
                    source: "test".into(),
                };
                let set = CodeSet {
                    codes: vec![
                        Code::billable("R07.9", "Chest pain, unspecified"),
                        Code::billable("I10", "Essential (primary) hypertension"),
                        Code::billable("J18.9", "Pneumonia, unspecified organism"),
                    ],
                };
                insert_code_set(tx, &spec, &set).map_err(|e| {
                    crate::store::StoreError::from_sqlite(std::path::Path::new(":memory:"), e)
                })
            })
            .unwrap();
        people::init_as(&mut store, "admin", people::process_uid()).unwrap();
        let actor = people::actor_for_login(&mut store, "admin", None).unwrap();
        people::set_membership(&mut store, &actor, None, "ed", true).unwrap();
        let actor = people::actor_for_login(&mut store, "admin", None).unwrap();
        let feed = concat!(
            r#"{"account":"ED-1","mrn":"M1","patient":{"name":"Ada Vell","dob":"1970-01-02","sex":"F"},"encounter_type":"ed","service_date":"2026-04-03","queue":"ed","priority":1,"documents":[{"type":"ed_note","author":"Dr. Lo","text":"Chest pain.\u001b[31m"}]}"#,
            "\n",
            r#"{"account":"ED-2","mrn":"M2","patient":{"name":"Bo Rand","dob":"1980-03-04","sex":"M"},"encounter_type":"ed","service_date":"2026-04-04","queue":"ed","priority":2}"#,
            "\n"
        );
        charts::import(
            &mut store,
            &actor,
            feed.as_bytes(),
            "feed.jsonl",
            Format::Jsonl,
        )
        .unwrap();
        StoreWorkbench::new(store, actor, test_today())
    }

    #[test]
    fn search_leaves_out_codes_terminated_before_the_date_of_service() {
        use crate::store::code_tables::IndexableCode;
        let entry = |code: &str, until: Option<&str>| IndexableCode {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            title: "Breast pump, manual".into(),
            terms: vec![],
            valid_until: until.map(|d| d.parse().unwrap()),
        };
        let index = crate::search::Index::build(vec![(
            CodeSystem::Hcpcs,
            vec![entry("E0602", Some("2019-12-31")), entry("E0603", None)],
        )]);
        let found = |date: Option<&str>| -> Vec<String> {
            let request = SearchRequest {
                generation: 1,
                text: "breast pump".into(),
                system: None,
                limit: 10,
                date_of_service: date.map(|d| d.parse().unwrap()),
            };
            CodeSearcher::search(&index, &request)
                .into_iter()
                .map(|h| h.code)
                .collect()
        };
        // Both in force on the last day: the one that goes on leads
        // (search/hcpcs_prior.rs: a terminated code gives way to its twin).
        assert_eq!(found(Some("2019-12-31")), ["E0603", "E0602"]);
        assert_eq!(found(Some("2020-01-01")), ["E0603"]);
        assert_eq!(found(None), ["E0603", "E0602"]);
    }

    /// The DRG pane's grouping of a chart the user holds is recorded as
    /// its working DRG: the backlog then has its weight.
    #[test]
    fn the_drg_pane_records_the_working_drg() {
        let mut wb = workbench();
        let feed = r#"{"account":"IP-1","mrn":"M3","patient":{"name":"Cy Dane","dob":"1950-01-02","sex":"F"},"encounter_type":"inpatient","admit_date":"2026-04-01","discharge_date":"2026-04-04","discharge_status":"01","queue":"ed","priority":1}"#;
        wb.store
            .import_charts(&wb.actor, &mut feed.as_bytes(), "feed.jsonl", Format::Jsonl)
            .unwrap();
        let request = ClaimRequest {
            chart: Some(ChartRef::Account("IP-1".into())),
            ..Default::default()
        };
        let id = wb.store.claim(&wb.actor, &request).unwrap().unwrap().id;
        assert_eq!(wb.open(id).unwrap().account, "IP-1");
        wb.assign(id, None, "J18.9").unwrap();
        wb.edit(id, "J18.9", &AssignmentEdit::Poa(Some(Poa::Y)))
            .unwrap();
        let view = wb.refresh(id).unwrap();
        assert!(
            matches!(view.grouping, Some(GroupOutcome::Grouped(_))),
            "{:?}",
            view.grouping
        );
        let backlog = wb.store.backlog_counts(&wb.actor, test_today(), None);
        let with_weight: u64 = backlog.unwrap().iter().map(|c| c.with_weight).sum();
        assert_eq!(with_weight, 1);
    }

    #[test]
    fn codes_a_chart_through_the_store() {
        let mut wb = workbench();
        assert_eq!(wb.user(), "admin");
        let rows = wb.queue().unwrap();
        assert_eq!(
            rows.iter().map(|r| r.account.as_str()).collect::<Vec<_>>(),
            ["ED-1", "ED-2"]
        );
        let id = wb.claim_next().unwrap().expect("a chart to claim");
        let view = wb.open(id).unwrap();
        assert_eq!(
            (view.account.as_str(), view.mine, view.status.as_str()),
            ("ED-1", true, "in_progress")
        );
        assert_eq!(
            view.documents[0].text, "Chest pain.",
            "escape sequences never reach the screen"
        );
        assert!(
            wb.queue()
                .unwrap()
                .iter()
                .any(|r| r.account == "ED-1" && r.mine)
        );

        assert_eq!(wb.finalize(id, None).unwrap().len(), 1, "no principal yet");
        // The store decides the role: the first diagnosis is the principal.
        let first = wb.assign(id, None, "I10").unwrap();
        assert_eq!(
            (first.system, first.role),
            (CodeSystem::Icd10Cm, Role::Principal)
        );
        let second = wb.assign(id, Some(CodeSystem::Icd10Cm), "R07.9").unwrap();
        assert_eq!(second.role, Role::Secondary);
        // Assigning the principal again keeps it the principal.
        assert_eq!(wb.assign(id, None, "I10").unwrap().role, Role::Principal);
        // Making R07.9 the principal demotes I10 and sequences R07.9 first.
        wb.make_principal(id, "R07.9").unwrap();
        wb.edit(id, "I10", &AssignmentEdit::Role(Role::Secondary))
            .unwrap();
        let err = wb
            .edit(id, "I10", &AssignmentEdit::Poa(Some(Poa::Y)))
            .unwrap_err();
        assert!(err.to_string().contains("inpatient"), "{err}");
        wb.edit(id, "I10", &AssignmentEdit::Modifiers(vec![]))
            .unwrap();
        let view = wb.refresh(id).unwrap();
        let codes: Vec<(&str, Role, Option<Poa>)> = view
            .assignments
            .iter()
            .map(|a| (a.code.as_str(), a.role, a.poa))
            .collect();
        assert_eq!(
            codes,
            [
                ("R07.9", Role::Principal, None),
                ("I10", Role::Secondary, None)
            ]
        );
        assert_eq!(view.documents.len(), 1, "refresh keeps the documents");
        assert!(wb.assign(id, None, "Z99.99").is_err(), "unknown code");

        assert_eq!(wb.finalize(id, None).unwrap(), Vec::<String>::new());
        assert_eq!(wb.refresh(id).unwrap().status, Status::Coded);
        assert!(
            wb.queue().unwrap().iter().all(|r| r.account != "ED-1"),
            "coded charts leave the queue"
        );
    }

    #[test]
    fn a_database_without_users_gets_the_no_users_workbench_and_nobody_is_registered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        let mut wb = workbench_for(Store::open(&path).unwrap(), "ana", None, test_today()).unwrap();
        assert_eq!((wb.user(), wb.role()), ("ana", None));
        assert_eq!(wb.queue().unwrap(), vec![]);
        assert_eq!(wb.chart_count().unwrap(), 0);
        let err = wb.claim_next().unwrap_err().to_string();
        assert!(err.contains("chartq init"), "{err}");
        drop(wb);
        let mut store = Store::open(&path).unwrap();
        assert_eq!(people::count_users(&store).unwrap(), 0, "nobody registered");

        // Once the owner has run `chartq init`: that user's workbench.
        use std::os::unix::fs::MetadataExt;
        let owner = std::fs::metadata(&path).unwrap().uid();
        people::init_as(&mut store, "ana", owner).unwrap();
        let wb = workbench_for(store, "ana", None, test_today()).unwrap();
        assert_eq!(wb.role(), Some(UserRole::Admin));
    }

    #[test]
    fn reports_installed_versions_and_the_chart_count() {
        let mut wb = workbench();
        let versions = wb.code_set_versions().unwrap();
        assert_eq!(
            versions
                .iter()
                .map(|v| (v.system, v.label.as_str()))
                .collect::<Vec<_>>(),
            [(CodeSystem::Icd10Cm, "test")]
        );
        assert_eq!(wb.chart_count().unwrap(), 2);
        assert_eq!(wb.role(), Some(UserRole::Admin));
    }

    #[test]
    fn hold_release_and_provider_queries() {
        let mut wb = workbench();
        let id = wb.claim_next().unwrap().unwrap();
        let draft = ProviderQueryDraft {
            provider: "Dr. Lo".into(),
            question: "Is the chest pain cardiac?".into(),
            options: vec!["Angina".into()],
        };
        wb.ask(id, &draft).unwrap();
        let view = wb.refresh(id).unwrap();
        assert_eq!(view.status, Status::OnHold);
        assert_eq!(view.provider_queries.len(), 1);
        assert_eq!(wb.queue().unwrap()[0].open_queries, 1);

        let other = wb.claim_next().unwrap().unwrap();
        assert_ne!(other, id);
        wb.renew(other).unwrap();
        wb.release(other).unwrap();
        assert_eq!(wb.refresh(other).unwrap().status, Status::New);
        wb.claim(other).unwrap();
        wb.hold(other, "awaiting op note").unwrap();
        assert_eq!(wb.refresh(other).unwrap().status, Status::OnHold);
    }
}
