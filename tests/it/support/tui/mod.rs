//! An in-memory [`Workbench`] and [`CodeSearcher`] for the TUI's tests and
//! benches: a few synthetic charts and codes, with the store's rules that
//! the screens react to (lease holder only, finalize problems). Shared by
//! the `tui_*` tests and `benches/tui.rs` (`#[path]`); `tui_contract` checks
//! the fake against the real `StoreWorkbench`.
#![allow(dead_code)] // not every test module or bench uses every item

pub mod code_sets;
pub mod drg;
pub mod edits;
pub mod pty;

use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chartq::domain::codes::{CodeSetVersion, CodeSystem};
use chartq::tui::app::{App, AppOptions, Msg};
use chartq::tui::key_script;
use chartq::tui::keymap::Keymap;
use chartq::tui::model::*;
use chartq::tui::theme::{ColorDepth, Theme};
use chartq::tui::workbench::{
    AssignmentEdit, CodeSearcher, FinalizeCheck, SearchRequest, Workbench,
};
use chartq::tui::worker;
use chrono::NaiveDate;
use color_eyre::eyre::{Result, bail, eyre};
use crossterm::event::{KeyEvent, KeyEventKind};

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// What the fake store holds, shared so tests can look inside.
#[derive(Debug, Default)]
pub struct FakeStore {
    pub charts: Vec<(QueueRow, ChartView)>,
    pub released: Vec<ChartId>,
    pub renewed: Vec<ChartId>,
    pub holds: Vec<(ChartId, String)>,
    pub asked: Vec<(ChartId, ProviderQueryDraft)>,
    pub opened: usize,
    /// The installed code-set versions.
    pub versions: Vec<CodeSetVersion>,
    /// The database has no users yet (`role()` is `None`).
    pub no_users: bool,
    /// What `claim_next` fails with, if anything (a read-only database).
    pub claim_error: Option<String>,
    /// Charts finalized with warnings acknowledged, and how.
    pub acknowledged: Vec<(ChartId, Acknowledgement)>,
    /// The Alphabetic Index the browser reads (`None`: not imported). Its
    /// codes check as: `N18.3` a category, `X…` not in the version, the
    /// rest reportable.
    pub index_tree: Option<Arc<chartq::domain::index_tree::IndexTree>>,
}

/// An installed version of `system` valid `from..=to`.
pub fn version(system: CodeSystem, label: &str, from: &str, to: Option<&str>) -> CodeSetVersion {
    CodeSetVersion {
        id: 0,
        system,
        label: label.into(),
        effective_from: date(from),
        effective_to: to.map(date),
        source: "test".into(),
        imported_at: "2026-04-01T00:00:00Z".into(),
        code_count: 1,
        billable_count: 1,
        notes_from: None,
    }
}

/// ICD-10-CM FY2026 and its April update, and ICD-10-PCS FY2026: the
/// sample charts (and the tests' "today", 2026-04-10) are covered; no CPT
/// or HCPCS.
pub fn fy2026_versions() -> Vec<CodeSetVersion> {
    vec![
        version(
            CodeSystem::Icd10Cm,
            "FY2026-Apr",
            "2026-04-01",
            Some("2026-09-30"),
        ),
        version(
            CodeSystem::Icd10Cm,
            "FY2026",
            "2025-10-01",
            Some("2026-09-30"),
        ),
        version(
            CodeSystem::Icd10Pcs,
            "FY2026",
            "2025-10-01",
            Some("2026-09-30"),
        ),
    ]
}

#[derive(Clone)]
pub struct FakeWorkbench(pub Arc<Mutex<FakeStore>>);

fn doc(kind: &str, text: &str) -> Document {
    Document {
        kind: kind.into(),
        author: "Dr. Avery Stone".into(),
        time: "2026-04-03 10:15".into(),
        text: text.into(),
    }
}

/// Three charts: an ED visit (priority 1), an inpatient stay, one on hold.
pub fn sample_store() -> FakeStore {
    let ed = ChartView {
        id: 1,
        account: "ED-1001".into(),
        mrn: "M0001".into(),
        patient: "Harriet Quill".into(),
        dob: Some(date("1961-02-14")),
        sex: "F".into(),
        encounter_type: "ED".into(),
        inpatient: false,
        coding_date: date("2026-04-03"),
        attending: "Dr. Avery Stone".into(),
        status: Status::New,
        mine: false,
        documents: vec![
            doc(
                "ED note",
                "Chief complaint: chest pain since this morning.\nHistory: type 2 diabetes with diabetic chronic kidney disease, stage 3a.\nHypertension, on lisinopril.\n\nAssessment: chest pain, unspecified. Troponin negative.\nPlan: discharge, follow up with cardiology for chest pain.",
            ),
            doc("Discharge summary", "Discharged home in stable condition."),
        ],
        assignments: vec![],
        provider_queries: vec![],
        edits: vec![],
        edits_unchecked: None,
        grouping: None,
        final_drg: None,
    };
    let ip = ChartView {
        id: 2,
        account: "IP-2002".into(),
        patient: "Otto Brandvold".into(),
        encounter_type: "inpatient".into(),
        inpatient: true,
        coding_date: date("2026-04-05"),
        documents: vec![doc("H&P", "Admitted with pneumonia.")],
        ..ed.clone()
    };
    let held = ChartView {
        id: 3,
        account: "CL-3003".into(),
        patient: "Mira Okafor".into(),
        encounter_type: "clinic".into(),
        status: Status::OnHold,
        ..ed.clone()
    };
    let row = |v: &ChartView, priority, waiting| QueueRow {
        id: v.id,
        account: v.account.clone(),
        patient: v.patient.clone(),
        encounter_type: v.encounter_type.clone(),
        date_of_service: v.coding_date,
        due: Some(date("2026-04-10")),
        days_waiting: waiting,
        priority,
        status: v.status,
        open_queries: i64::from(v.status == Status::OnHold),
        mine: false,
        flagged: false,
    };
    FakeStore {
        charts: vec![
            (row(&ed, 1, 2), ed),
            (row(&ip, 2, 5), ip),
            (row(&held, 3, 9), held),
        ],
        versions: fy2026_versions(),
        ..Default::default()
    }
}

/// A database with no charts (a first run) and the FY2026 code sets.
pub fn empty_store() -> FakeStore {
    FakeStore {
        versions: fy2026_versions(),
        ..Default::default()
    }
}

impl FakeWorkbench {
    pub fn new(store: FakeStore) -> Self {
        FakeWorkbench(Arc::new(Mutex::new(store)))
    }

    fn with_chart<T>(
        &self,
        id: ChartId,
        f: impl FnOnce(&mut QueueRow, &mut ChartView) -> Result<T>,
    ) -> Result<T> {
        let mut s = self.0.lock().unwrap();
        let (row, view) = s
            .charts
            .iter_mut()
            .find(|(r, _)| r.id == id)
            .ok_or_else(|| eyre!("no chart {id}"))?;
        f(row, view)
    }

    /// A change: only the lease holder of an in-progress chart may.
    fn change<T>(&self, id: ChartId, f: impl FnOnce(&mut ChartView) -> Result<T>) -> Result<T> {
        self.with_chart(id, |_, v| {
            if !v.mine || v.status != Status::InProgress {
                bail!("the chart is not claimed by you");
            }
            f(v)
        })
    }
}

impl FakeWorkbench {
    /// The store's own problems (`store::assignments`) for what the fake
    /// can hold: the principal diagnosis, POA on inpatient diagnoses.
    fn store_problems(&self, chart: ChartId) -> Result<Vec<String>> {
        self.with_chart(chart, |_, v| {
            let mut p = Vec::new();
            let principals: Vec<&str> = v
                .assignments
                .iter()
                .filter(|a| a.role == Role::Principal)
                .map(|a| a.code.as_str())
                .collect();
            let is_dx = |a: &&Assignment| matches!(a.role, Role::Principal | Role::Secondary);
            match principals.len() {
                0 => p.push("no principal (first-listed) diagnosis".to_string()),
                1 => {
                    if v.assignments
                        .iter()
                        .find(is_dx)
                        .is_some_and(|a| a.role != Role::Principal)
                    {
                        p.push(format!(
                            "the principal diagnosis {} is not sequenced first among the diagnoses (`chartq sequence {} {} 1`)",
                            principals[0], v.account, principals[0]
                        ));
                    }
                }
                _ => p.push(format!(
                    "more than one principal diagnosis ({})",
                    principals.join(", ")
                )),
            }
            // POA is the edits' (the fake's canned POA edit), as in the
            // store, where the exemption-aware POA edits replaced the rule.
            Ok(p)
        })
    }
}

fn set_status(row: &mut QueueRow, view: &mut ChartView, status: Status, mine: bool) {
    row.status = status;
    view.status = status;
    row.mine = mine;
    view.mine = mine;
}

impl Workbench for FakeWorkbench {
    fn user(&self) -> &str {
        "coder1"
    }

    fn role(&self) -> Option<UserRole> {
        (!self.0.lock().unwrap().no_users).then_some(UserRole::Coder)
    }

    fn database(&self) -> String {
        "/srv/chartq/chartq.db".into()
    }

    fn code_set_versions(&mut self) -> Result<Vec<CodeSetVersion>> {
        Ok(self.0.lock().unwrap().versions.clone())
    }

    fn chart_count(&mut self) -> Result<u64> {
        Ok(self.0.lock().unwrap().charts.len() as u64)
    }

    fn queue(&mut self) -> Result<Vec<QueueRow>> {
        // As the store's queue: finalized charts are done, not listed.
        Ok(self
            .0
            .lock()
            .unwrap()
            .charts
            .iter()
            .filter(|(r, _)| !matches!(r.status, Status::Coded | Status::Audited))
            .map(|(r, _)| r.clone())
            .collect())
    }

    fn claim_next(&mut self) -> Result<Option<ChartId>> {
        let next = {
            let s = self.0.lock().unwrap();
            if s.no_users {
                bail!("the database has no users yet");
            }
            if let Some(e) = &s.claim_error {
                bail!("{e}");
            }
            s.charts
                .iter()
                .filter(|(r, _)| r.status == Status::New)
                .min_by_key(|(r, _)| r.priority)
                .map(|(r, _)| r.id)
        };
        if let Some(id) = next {
            self.claim(id)?;
        }
        Ok(next)
    }

    fn claim(&mut self, chart: ChartId) -> Result<()> {
        self.with_chart(chart, |r, v| {
            if r.status != Status::New && !r.mine {
                bail!("already claimed");
            }
            set_status(r, v, Status::InProgress, true);
            Ok(())
        })
    }

    fn open(&mut self, chart: ChartId) -> Result<ChartView> {
        self.0.lock().unwrap().opened += 1;
        self.refresh(chart)
    }

    fn refresh(&mut self, chart: ChartId) -> Result<ChartView> {
        // As the real workbench: the edits of the codes as they stand.
        self.with_chart(chart, |_, v| {
            if v.edits_unchecked.is_none() {
                v.edits = edits::canned_edits(v);
            }
            // And regrouped, as the real workbench does on the same change.
            v.grouping = drg::regroup(v);
            Ok(v.clone())
        })
    }

    fn renew(&mut self, chart: ChartId) -> Result<()> {
        self.0.lock().unwrap().renewed.push(chart);
        Ok(())
    }

    fn release(&mut self, chart: ChartId) -> Result<()> {
        self.with_chart(chart, |r, v| {
            set_status(r, v, Status::New, false);
            Ok(())
        })?;
        self.0.lock().unwrap().released.push(chart);
        Ok(())
    }

    fn hold(&mut self, chart: ChartId, reason: &str) -> Result<()> {
        self.change(chart, |_| Ok(()))?;
        self.with_chart(chart, |r, v| {
            set_status(r, v, Status::OnHold, true);
            Ok(())
        })?;
        self.0.lock().unwrap().holds.push((chart, reason.into()));
        Ok(())
    }

    fn assign(
        &mut self,
        chart: ChartId,
        system: Option<CodeSystem>,
        code: &str,
    ) -> Result<Assignment> {
        let title = CODES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, t, _)| t.to_string())
            .unwrap_or_default();
        let system = system.unwrap_or_else(|| guess_system(code));
        self.change(chart, |v| {
            // As the store: a code already on the chart keeps its role;
            // otherwise the first diagnosis is the principal.
            if let Some(x) = v.assignments.iter().find(|x| x.code == code) {
                return Ok(x.clone());
            }
            let has_principal = v.assignments.iter().any(|a| a.role == Role::Principal);
            let role = match (system.is_diagnosis(), has_principal) {
                (false, _) => Role::Procedure,
                (true, true) => Role::Secondary,
                (true, false) => Role::Principal,
            };
            let a = Assignment {
                system,
                code: code.to_string(),
                title,
                role,
                // Assigned blank, exempt or not.
                poa: None,
                modifiers: Vec::new(),
                units: None,
                poa_exempt: v.inpatient && edits::POA_EXEMPT.contains(&code),
            };
            v.assignments.push(a.clone());
            Ok(a)
        })
    }

    fn make_principal(&mut self, chart: ChartId, code: &str) -> Result<()> {
        self.change(chart, |v| {
            let at = v
                .assignments
                .iter()
                .position(|a| a.code == code)
                .ok_or_else(|| eyre!("{code} is not on the chart"))?;
            for a in v
                .assignments
                .iter_mut()
                .filter(|a| a.role == Role::Principal)
            {
                a.role = Role::Secondary;
            }
            let mut a = v.assignments.remove(at);
            a.role = Role::Principal;
            v.assignments.insert(0, a);
            Ok(())
        })
    }

    fn unassign(&mut self, chart: ChartId, code: &str) -> Result<()> {
        self.change(chart, |v| {
            v.assignments.retain(|a| a.code != code);
            Ok(())
        })
    }

    fn sequence(&mut self, chart: ChartId, code: &str, position: usize) -> Result<()> {
        self.change(chart, |v| {
            let at = v
                .assignments
                .iter()
                .position(|a| a.code == code)
                .ok_or_else(|| eyre!("not assigned"))?;
            let a = v.assignments.remove(at);
            let to = position.saturating_sub(1).min(v.assignments.len());
            v.assignments.insert(to, a);
            Ok(())
        })
    }

    fn edit(&mut self, chart: ChartId, code: &str, edit: &AssignmentEdit) -> Result<()> {
        self.change(chart, |v| {
            // As the store: one attribute changes, nothing else (making a
            // code the principal is `make_principal`).
            let a = v
                .assignments
                .iter_mut()
                .find(|a| a.code == code)
                .ok_or_else(|| eyre!("not assigned"))?;
            match edit {
                AssignmentEdit::Role(r) => a.role = *r,
                AssignmentEdit::Poa(p) => a.poa = *p,
                AssignmentEdit::Modifiers(m) => a.modifiers = m.clone(),
                AssignmentEdit::Units(u) => a.units = *u,
            }
            Ok(())
        })
    }

    fn finalize_problems(&mut self, chart: ChartId) -> Result<FinalizeCheck> {
        let problems = self.store_problems(chart)?;
        let view = self.refresh(chart)?;
        Ok(edits::check(&view, problems, None, true))
    }

    fn finalize(&mut self, chart: ChartId, ack: Option<&Acknowledgement>) -> Result<Vec<String>> {
        self.change(chart, |_| Ok(()))?;
        let view = self.refresh(chart)?;
        if let Some(ack) = ack {
            if ack.reason.trim().is_empty() {
                bail!("acknowledging a warning needs a reason");
            }
            for name in &ack.edits {
                if !view
                    .edits
                    .iter()
                    .any(|e| e.name == *name && e.severity == EditSeverity::Warning)
                {
                    bail!("--acknowledge {name}: the chart has no {name} warning to acknowledge");
                }
            }
        }
        let problems = self.store_problems(chart)?;
        let problems = edits::check(&view, problems, ack, false).blocking;
        if problems.is_empty() {
            // Finalizing ends the lease: the chart is no longer the coder's.
            self.with_chart(chart, |r, v| {
                set_status(r, v, Status::Coded, false);
                Ok(())
            })?;
            if let Some(ack) = ack {
                self.0
                    .lock()
                    .unwrap()
                    .acknowledged
                    .push((chart, ack.clone()));
            }
        }
        Ok(problems)
    }

    fn ask(&mut self, chart: ChartId, draft: &ProviderQueryDraft) -> Result<()> {
        self.change(chart, |_| Ok(()))?;
        self.with_chart(chart, |r, v| {
            set_status(r, v, Status::OnHold, true);
            r.open_queries += 1;
            Ok(())
        })?;
        self.0.lock().unwrap().asked.push((chart, draft.clone()));
        Ok(())
    }

    /// The real builder over the bundled FY2026 PCS codes (read once).
    fn pcs_builder(&mut self, _date: NaiveDate) -> Result<chartq::app::pcs_builder::PcsBuilder> {
        use chartq::app::codesets::bundled::Release;
        use chartq::app::pcs_builder::{PcsBuilder, bundled_codes};
        static CODES: std::sync::OnceLock<Arc<chartq::engines::pcs_builder::PcsCodes>> =
            std::sync::OnceLock::new();
        let codes =
            CODES.get_or_init(|| Arc::new(bundled_codes(&[Release::PcsFy2026]).unwrap().remove(0)));
        PcsBuilder::new(Arc::clone(codes), "FY2026")
    }

    fn index_tree(
        &mut self,
        _date: NaiveDate,
    ) -> Result<Option<Arc<chartq::domain::index_tree::IndexTree>>> {
        Ok(self.0.lock().unwrap().index_tree.clone())
    }

    fn index_code_status(
        &mut self,
        _date: NaiveDate,
        code: &str,
    ) -> Result<Option<chartq::domain::index_tree::IndexCodeStatus>> {
        use chartq::domain::index_tree::IndexCodeStatus;
        Ok(Some(match code {
            "N18.3" => IndexCodeStatus::Category {
                codes: vec!["N18.30".into(), "N18.31".into(), "N18.32".into()],
                more: 0,
            },
            c if c.starts_with('X') => IndexCodeStatus::NotInVersion,
            _ => IndexCodeStatus::Reportable,
        }))
    }

    fn code_detail(
        &mut self,
        system: CodeSystem,
        code: &str,
        _date: NaiveDate,
    ) -> Result<Option<CodeDetail>> {
        use chartq::domain::codes::{CodeKind, NoteKind};
        use chartq::store::code_tables::{Ancestor, DetailNote, SeventhCharacter};
        Ok(CODES
            .iter()
            .find(|(c, ..)| *c == code)
            .map(|(c, title, billable)| {
                let seventh = |character: &str, meaning: &str| SeventhCharacter {
                    character: character.into(),
                    meaning: meaning.into(),
                };
                CodeDetail {
                    system,
                    version: "test".into(),
                    code: c.to_string(),
                    kind: if *billable {
                        CodeKind::Code
                    } else {
                        CodeKind::Category
                    },
                    billable: *billable,
                    title: title.to_string(),
                    short_title: None,
                    valid_until: None,
                    notes_borrowed_from: None,
                    hierarchy: vec![Ancestor {
                        code: c[..3].to_string(),
                        kind: CodeKind::Category,
                        title: "the category".into(),
                    }],
                    notes: vec![DetailNote {
                        kind: NoteKind::Excludes1,
                        text: "an excluded condition".into(),
                        inherited_from: Some(c[..3].to_string()),
                        borrowed_from: None,
                    }],
                    seventh_characters: if c.starts_with('S') {
                        vec![
                            seventh("A", "initial encounter"),
                            seventh("B", "initial encounter, open fracture"),
                            seventh("D", "subsequent encounter"),
                        ]
                    } else {
                        vec![]
                    },
                    seventh_characters_from: None,
                    index_terms: vec![],
                }
            }))
    }
}

/// A handful of real ICD-10-CM codes (public domain) to search.
pub const CODES: &[(&str, &str, bool)] = &[
    ("R07.9", "Chest pain, unspecified", true),
    ("R07.89", "Other chest pain", true),
    (
        "E11.22",
        "Type 2 diabetes mellitus with diabetic chronic kidney disease",
        true,
    ),
    ("N18.31", "Chronic kidney disease, stage 3a", true),
    ("I10", "Essential (primary) hypertension", true),
    ("J18.9", "Pneumonia, unspecified organism", true),
    ("Z79.4", "Long term (current) use of insulin", true),
    (
        "S72.001",
        "Fracture of unspecified part of neck of right femur",
        false,
    ),
    (
        "S72.001B",
        "Fracture of unspecified part of neck of right femur, initial encounter for open fracture",
        true,
    ),
];

/// Finds codes whose code or title contains every query word (test-only:
/// the real ranking is `search::Index`). Installed: the FY2026 versions of
/// [`fy2026_versions`]; a date of service none covers is searched anyway
/// and every hit marked not valid on it, as `search::DatedSearch` does in
/// the TUI.
pub struct FakeSearcher;

impl CodeSearcher for FakeSearcher {
    fn search(&self, r: &SearchRequest) -> Vec<SearchHit> {
        let valid_on_date = r.date_of_service.is_none_or(|d| {
            fy2026_versions()
                .iter()
                .any(|v| v.system == CodeSystem::Icd10Cm && v.covers(d))
        });
        let words: Vec<String> = r.text.split_whitespace().map(str::to_lowercase).collect();
        CODES
            .iter()
            .filter(|(code, title, _)| {
                let hay = format!("{} {}", code.to_lowercase(), title.to_lowercase());
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .take(r.limit)
            .map(|(code, title, billable)| {
                let lower = title.to_lowercase();
                let matched = words
                    .iter()
                    .filter_map(|w| lower.find(w.as_str()).map(|at| at..at + w.len()))
                    .collect();
                SearchHit {
                    system: CodeSystem::Icd10Cm,
                    code: code.to_string(),
                    title: title.to_string(),
                    billable: *billable,
                    kind: if *billable {
                        chartq::domain::codes::CodeKind::Code
                    } else {
                        chartq::domain::codes::CodeKind::Category
                    },
                    score: 1.0,
                    matched,
                    valid_on_date,
                }
            })
            .collect()
    }
}

/// An app over the sample store with the real search worker on the fake
/// searcher; returns the channel the worker answers on.
pub fn app_with(store: FakeStore, size: (u16, u16)) -> (App, FakeWorkbench, Receiver<Msg>) {
    app_with_keymap(store, size, Keymap::default())
}

/// [`app_with`], the keys bound as `keymap` has them (a remapped
/// `[tui.keys]`).
pub fn app_with_keymap(
    store: FakeStore,
    size: (u16, u16),
    keymap: Keymap,
) -> (App, FakeWorkbench, Receiver<Msg>) {
    let wb = FakeWorkbench::new(store);
    let (app, rx) = start(Box::new(wb.clone()), size, keymap);
    (app, wb, rx)
}

/// An app over `wb` with the real search worker on the fake searcher, the
/// index loaded first so every script starts from the same state.
pub fn start(wb: Box<dyn Workbench>, size: (u16, u16), keymap: Keymap) -> (App, Receiver<Msg>) {
    let (tx, rx) = channel();
    let search_tx = worker::spawn(
        Box::new(|| Ok(Arc::new(FakeSearcher) as Arc<dyn CodeSearcher>)),
        tx,
    )
    .unwrap();
    let mut opts = options(size, Some(search_tx));
    opts.keymap = keymap;
    let mut app = App::new(wb, opts);
    settle(&mut app, &rx);
    (app, rx)
}

/// Two invented ED charts as feed lines, `ED-1` (priority 1) and `ED-2`.
pub fn ed_feed() -> [String; 2] {
    [("ED-1", 1), ("ED-2", 2)].map(|(account, priority)| {
        serde_json::json!({
            "account": account, "mrn": format!("M-{account}"),
            "patient": {"name": "Testperson, Alex", "dob": "1970-01-02", "sex": "U"},
            "encounter_type": "ed", "service_date": "2026-04-03", "queue": "ed",
            "priority": priority,
            "documents": [{"type": "ed_note", "author": "Dr. Invented", "text": "Chest pain."}]
        })
        .to_string()
    })
}

/// An app over the real store (`StoreWorkbench` on a fresh database in
/// `dir`): `admin` (its first admin, by `init`) acting as `coder1`, a coder in the `ed`
/// queue, with two invented ED charts, `ED-1` (priority 1) and `ED-2`.
pub fn store_app(dir: &std::path::Path, size: (u16, u16)) -> (App, Receiver<Msg>) {
    use chartq::store::people;
    use chartq::store::{Store, charts};
    let mut store = Store::open(&dir.join("chartq.db")).unwrap();
    people::init_as(&mut store, "admin", people::process_uid()).unwrap();
    let admin = people::actor_for_login(&mut store, "admin", None).unwrap();
    people::add_user(&mut store, &admin, "coder1", UserRole::Coder, None).unwrap();
    people::set_membership(&mut store, &admin, Some("coder1"), "ed", true).unwrap();
    let feed = ed_feed();
    charts::import(
        &mut store,
        &admin,
        feed.join("\n").as_bytes(),
        "feed.jsonl",
        charts::Format::Jsonl,
    )
    .unwrap();
    let coder = people::actor_for_login(&mut store, "admin", Some("coder1")).unwrap();
    let wb = chartq::tui::store_bridge::StoreWorkbench::new(store, coder, date("2026-04-10"));
    start(Box::new(wb), size, Keymap::default())
}

/// An app with no search worker (benches answer searches themselves).
pub fn new_app(
    store: FakeStore,
    size: (u16, u16),
    search_tx: Option<std::sync::mpsc::Sender<SearchRequest>>,
) -> (App, FakeWorkbench) {
    let wb = FakeWorkbench::new(store);
    let app = App::new(Box::new(wb.clone()), options(size, search_tx));
    (app, wb)
}

/// The defaults every test and bench app starts from: the 16-colour
/// theme, the default keymap, a fixed "today".
pub fn options(
    size: (u16, u16),
    search_tx: Option<std::sync::mpsc::Sender<SearchRequest>>,
) -> AppOptions {
    AppOptions {
        keymap: Keymap::default(),
        theme: Theme::load("16-colour", ColorDepth::Ansi16, false).unwrap(),
        depth: ColorDepth::Ansi16,
        ascii_borders: false,
        masked: false,
        idle_lock: Some(Duration::from_secs(600)),
        size,
        today: date("2026-04-10"),
        search_tx,
    }
}

pub fn app() -> (App, FakeWorkbench, Receiver<Msg>) {
    app_with(sample_store(), (80, 24))
}

/// One key press from its name in the keymap's syntax (`"ctrl-g"`, `"G"`)
/// or a single character (`chartq::tui::key_script`).
pub fn key(name: &str) -> KeyEvent {
    key_script::key(name).unwrap()
}

/// Feeds a script (`chartq::tui::key_script`): whitespace-separated key
/// names; `"text"` in quotes is typed character by character. After each
/// key, waits for the search worker to answer the current query so the
/// script sees settled state.
pub fn press(app: &mut App, rx: &Receiver<Msg>, script: &str) {
    for step in key_script::parse(script).unwrap() {
        for key in step.events() {
            app.update(Msg::Key(key));
        }
        settle(app, rx);
    }
}

/// Applies worker messages until no search is pending.
pub fn settle(app: &mut App, rx: &Receiver<Msg>) {
    loop {
        let waiting = matches!(app.index, chartq::tui::app::IndexState::Loading)
            || app.chart.as_ref().is_some_and(|c| c.search.pending)
            || app.review_search_pending();
        let msg = if waiting {
            rx.recv_timeout(Duration::from_secs(5))
                .expect("search worker answers")
        } else {
            match rx.try_recv() {
                Ok(m) => m,
                // Idle, as the event loop would be: run held-back work.
                Err(_) if app.has_deferred() => {
                    app.run_deferred();
                    continue;
                }
                Err(_) => return,
            }
        };
        app.update(msg);
    }
}

/// A release event (terminals with the kitty protocol send these).
pub fn release_of(name: &str) -> KeyEvent {
    let mut k = key(name);
    k.kind = KeyEventKind::Release;
    k
}

/// The code system a typed code most likely belongs to (the fake's stand-in
/// for the store's lookup in every installed code set): a dot means
/// ICD-10-CM; seven characters without one ICD-10-PCS; five digits (or four
/// and a letter) CPT; a letter and four digits HCPCS.
fn guess_system(code: &str) -> CodeSystem {
    let c: Vec<char> = code.trim().chars().collect();
    let digits = |s: &[char]| s.iter().all(|c| c.is_ascii_digit());
    if c.contains(&'.') {
        CodeSystem::Icd10Cm
    } else if c.len() == 7 && c.iter().all(|c| c.is_ascii_alphanumeric()) {
        CodeSystem::Icd10Pcs
    } else if c.len() == 5 && digits(&c[..4]) {
        CodeSystem::Cpt
    } else if c.len() == 5 && c[0].is_ascii_alphabetic() && digits(&c[1..]) {
        CodeSystem::Hcpcs
    } else {
        CodeSystem::Icd10Cm
    }
}

#[test]
fn the_fake_guesses_the_system_from_the_code_shape() {
    assert_eq!(guess_system("E11.22"), CodeSystem::Icd10Cm);
    assert_eq!(guess_system("I10"), CodeSystem::Icd10Cm);
    assert_eq!(guess_system("0DTJ4ZZ"), CodeSystem::Icd10Pcs);
    assert_eq!(guess_system("99213"), CodeSystem::Cpt);
    assert_eq!(guess_system("0001F"), CodeSystem::Cpt);
    assert_eq!(guess_system("E0601"), CodeSystem::Hcpcs);
}
