//! The fake and the real workbench agree: the same key scripts run against
//! `FakeWorkbench` (what `tui_keys` and `tui_snapshots` test the screens
//! with) and `StoreWorkbench` on a scratch database holding the same
//! charts, and after every script line both apps show the same outcome:
//! the same screen and overlay, the same status (error or not, and its
//! text), the same queue, the same chart with the same codes.
//!
//! The fake is filled from the real store (its queue rows and chart views,
//! its installed code-set versions), so the two start from the same data;
//! both search with `FakeSearcher` (code search is not the `Workbench`
//! contract: `search_*` tests the real index).
//!
//! Every script runs on both backends (`on_both!`, issue 13): the real
//! workbench over SQLite's `Store`, and over a PostgreSQL team database
//! (a copy of the seeded template) as the TUI's `team` bridge opens it,
//! so claims, codes, finalizing, holds and provider queries made by key
//! go through the database's definer functions and policies and must
//! still agree with the fake, line by line.

use chartq::domain::chart::Status;
use chartq::tui::keymap::Keymap;
use std::path::{Path, PathBuf};

use chartq::domain::people::Role as UserRoleName;
use chartq::store::Store;
use chartq::store::backend::Backend;
use chartq::store::charts::Format;
use chartq::store::people;
use chartq::tui::app::App;
use chartq::tui::model::{QueueRow, Role};
use chartq::tui::store_bridge::StoreWorkbench;
use chartq::tui::workbench::Workbench;

use crate::on_both;
use crate::support::backends::TestDb;
use crate::support::tui::{FakeStore, FakeWorkbench, date, press, start};

/// Today for both workbenches.
const TODAY: &str = "2026-04-10";

/// The two charts: an ED visit (priority 1) and an inpatient stay.
fn feed() -> String {
    [
        serde_json::json!({
            "account": "ED-1", "mrn": "M-ED-1",
            "patient": {"name": "Testperson, Alex", "dob": "1970-01-02", "sex": "U"},
            "encounter_type": "ed", "service_date": "2026-04-03", "queue": "ed",
            "priority": 1, "due_date": "2026-04-10",
            "documents": [{"type": "ed_note", "author": "Dr. Invented",
                           "text": "Chest pain. Type 2 diabetes with CKD stage 3a."}]
        }),
        serde_json::json!({
            "account": "IP-2", "mrn": "M-IP-2",
            "patient": {"name": "Testperson, Sam", "dob": "1950-02-03", "sex": "U"},
            "encounter_type": "inpatient", "admit_date": "2026-04-01",
            "discharge_date": "2026-04-05", "discharge_status": "01",
            "queue": "inpatient", "priority": 2,
            "documents": [{"type": "hp", "author": "Dr. Invented",
                           "text": "Admitted with pneumonia."}]
        }),
    ]
    .map(|v| v.to_string())
    .join("\n")
}

/// `coder1` (a coder in `ed` and `inpatient`) and the two charts, added
/// by the database's first admin through the seam.
fn fill(backend: &mut dyn Backend, admin: &chartq::domain::people::Actor, coder1: &str) {
    backend
        .add_user(admin, coder1, UserRoleName::Coder, None)
        .unwrap();
    for q in ["ed", "inpatient"] {
        backend
            .set_membership(admin, Some(coder1), q, true)
            .unwrap();
    }
    backend
        .import_charts(admin, &mut feed().as_bytes(), "feed.jsonl", Format::Jsonl)
        .unwrap();
}

/// A scratch SQLite database from the seeded template (the bundled code
/// sets, at least ICD-10-CM FY2026): `admin` (its first admin), `coder1`
/// and the two charts.
pub(crate) fn sqlite_file(dir: &Path) -> PathBuf {
    let path = dir.join("chartq.db");
    chartq::app::codesets::template::create_from_template(&path);
    let mut store = Store::open(&path).unwrap();
    // Without a usable template (another process building it, no cache
    // directory) the new database is empty: the charts' ICD-10-CM FY2026.
    chartq::app::codesets::bundled::seed_if_missing(&mut store).unwrap();
    people::init_as(&mut store, "admin", people::process_uid()).unwrap();
    let admin = people::actor_for_login(&mut store, "admin", None).unwrap();
    fill(&mut store, &admin, "coder1");
    path
}

/// A PostgreSQL copy of the seeded template (every bundled code set):
/// this login its first admin, `coder1` (under that name: screens drawn
/// over it show the login as SQLite's do) and the two charts. `None` when
/// skipped.
pub(crate) fn postgres_db() -> Option<TestDb> {
    let db = TestDb::postgres_seeded_copy()?.with_plain_logins();
    let mut backend = db.backend();
    let admin = db.actor(&*backend, None);
    fill(&mut *backend, &admin, &db.login("coder1"));
    Some(db)
}

/// The real workbench on `db`: its first admin acting as `coder1`.
pub(crate) fn real_workbench(db: &TestDb) -> StoreWorkbench {
    let (backend, coder): (Box<dyn Backend>, _) = match db.sqlite_path() {
        Some(path) => {
            let mut store = Store::open(path).unwrap();
            let coder = people::actor_for_login(&mut store, "admin", Some("coder1")).unwrap();
            (Box::new(store), coder)
        }
        None => {
            let backend = db.backend();
            let coder = db.actor(&*backend, Some("coder1"));
            (backend, coder)
        }
    };
    StoreWorkbench::over(backend, coder, date(TODAY))
}

/// The fake holding what `real` holds: its queue rows with their chart
/// views, and its installed code-set versions.
fn same_data(real: &mut StoreWorkbench) -> FakeStore {
    let rows: Vec<QueueRow> = real.queue().unwrap();
    let charts = rows
        .into_iter()
        .map(|row| {
            let view = real.open(row.id).unwrap();
            (row, view)
        })
        .collect();
    FakeStore {
        charts,
        versions: real.code_set_versions().unwrap(),
        ..Default::default()
    }
}

/// What a coder sees of the workbench after a script line.
#[derive(Debug, PartialEq)]
struct Outcome {
    screen: String,
    overlay: Option<String>,
    status: Option<chartq::tui::app::StatusMessage>,
    /// Account, status, mine, open queries.
    queue: Vec<(String, Status, bool, i64)>,
    /// The open chart: account, status, mine, and its codes.
    chart: Option<(String, Status, bool, Vec<Code>)>,
}

/// An assigned code as the coding pane shows it.
type Code = (
    String,
    Role,
    Option<chartq::tui::model::Poa>,
    Vec<String>,
    Option<u32>,
);

fn outcome(app: &mut App) -> Outcome {
    let overlay = app.overlay.as_ref().map(|o| {
        use chartq::tui::app::Overlay;
        match o {
            Overlay::Problems(p) => format!("Problems{p:?}"),
            Overlay::Acknowledge(a) => format!("Acknowledge{:?} {:?}", a.warnings, a.reason),
            Overlay::Finalized { account } => format!("Finalized {account}"),
            Overlay::ConfirmFinalize => "ConfirmFinalize".into(),
            Overlay::Help { .. } => "Help".into(),
            Overlay::Palette(_) => "Palette".into(),
            Overlay::Composer(_) => "Composer".into(),
            Overlay::PcsBuilder(b) => format!("PcsBuilder {}", b.step.prefix),
            Overlay::Index(_) => "Index".into(),
            Overlay::Reports(s) => format!("Reports {}", s.tab),
            Overlay::Review(s) => format!("Review {}", s.detail.review.id),
            Overlay::Outcomes(s) => format!("Outcomes {}", s.outcomes.len()),
        }
    });
    let chart = app.chart.as_ref().map(|c| {
        let v = &c.view;
        let codes = v
            .assignments
            .iter()
            .map(|a| (a.code.clone(), a.role, a.poa, a.modifiers.clone(), a.units))
            .collect();
        (v.account.clone(), v.status, v.mine, codes)
    });
    let queue = app
        .workbench
        .queue()
        .unwrap()
        .into_iter()
        .map(|r| (r.account, r.status, r.mine, r.open_queries))
        .collect();
    Outcome {
        screen: format!("{:?}", app.screen),
        overlay,
        status: app.status.clone(),
        queue,
        chart,
    }
}

/// Runs `lines` against both workbenches, comparing after every line.
fn agree(db: &TestDb, lines: &[&str]) {
    let mut real = real_workbench(db);
    let fake = FakeWorkbench::new(same_data(&mut real));
    let (mut real_app, real_rx) = start(Box::new(real), (100, 30), Keymap::default());
    let (mut fake_app, fake_rx) = start(Box::new(fake), (100, 30), Keymap::default());
    for script in std::iter::once(&"").chain(lines) {
        press(&mut real_app, &real_rx, script);
        press(&mut fake_app, &fake_rx, script);
        assert_eq!(
            outcome(&mut fake_app),
            outcome(&mut real_app),
            "after {script:?} the fake (left) and the real workbench (right) disagree"
        );
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    fn claiming_the_next_chart(db) {
        agree(db, &["n", "ctrl-g ctrl-g", "n"]);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    fn coding_and_finalizing_an_outpatient_chart(db) {
        agree(db, &[
            r#"n / "chest pain" Enter "e11.22" Enter"#,
            "ctrl-g F",
            "Enter",
            "n",
        ]);
        // The database holds what the screens said: ED-1 coded by coder1.
        let coded = "SELECT count(*) FROM chart c JOIN app_user u ON u.id = c.coded_by \
                     WHERE c.account = 'ED-1' AND c.status = 'coded' AND u.login = 'coder1'";
        assert_eq!(db.count(coded), 1);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    fn an_inpatient_diagnosis_needs_poa(db) {
        agree(db, &[
            "j Enter",
            r#"/ "pneumonia" Enter ctrl-g F"#,
            "ctrl-g tab o F",
            "Enter",
        ]);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    fn reordering_and_removing(db) {
        agree(db, &[
            r#"n / "chest pain" Enter "i10" Enter "n18.31" Enter"#,
            "tab tab tab K",
            "G d",
            "F",
        ]);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    /// `p` makes the selected code principal: the old principal becomes
    /// secondary and the new one goes first (`store::assignments::
    /// make_principal`, one transaction). This once disagreed: the real adapter
    /// re-assigned the role in place and left two principals.
    fn setting_principal_demotes_the_old_one(db) {
        agree(db, &[
            r#"n / "chest pain" Enter "i10" Enter "n18.31" Enter"#,
            "tab tab tab K",
            "p",
            "G d",
        ]);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    fn assigning_a_code_twice(db) {
        agree(db, &[r#"n / "chest pain" Enter"#, r#""chest pain" Enter"#]);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    fn release_and_hold(db) {
        agree(db, &[
            r#"n : "release" Enter"#,
            r#"n : "hold awaiting op note" Enter"#,
        ]);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    fn finalizing_without_codes(db) {
        agree(db, &["n F", "ctrl-g"]);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    fn asking_the_provider(db) {
        agree(db, &[
            r#"n a "Is it cardiac?" shift-tab "Dr. Lo" Enter Enter "Angina" Enter "GERD" Enter Enter Enter"#,
        ]);
    }
}

on_both! {
    sqlite = TestDb::sqlite_made(sqlite_file), postgres = postgres_db();
    /// An exempt code steps to `1` first; `Y` on it is a warning that the
    /// acknowledge key passes with a reason (none: refused).
    fn acknowledging_a_warning_at_finalize(db) {
        agree(db, &[
            r#"j Enter / "pneumonia" Enter "insulin" Enter"#,
            "ctrl-g tab o j o",
            "o F",
            "A Enter",
            r#""documented as present on admission" Enter"#,
        ]);
    }
}
