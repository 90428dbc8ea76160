//! The Alphabetic Index as a tree (issue 14): the real FY2017 Index to
//! Diseases imports whole (see, see also, manifestation codes in
//! brackets), "Hernia → inguinal → unilateral" is walked and a "see"
//! followed, `chartq index` answers end to end, and the TUI's index
//! browser is driven by key scripts (over the fake and over the real
//! store) and in a pseudo-terminal.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chartq::domain::index_tree::{IndexCodeStatus, IndexTree};
use chartq::ingest::cm_index_tree;
use chartq::ingest::source::Source;
use chartq::tui::app::Overlay;
use chartq::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

use crate::support::chartq;
use crate::support::tui::pty::Pty;
use crate::support::tui::*;

const REAL: &str = "icd10cm/fy2017/icd10cm_index_2017.xml.gz";

/// A small index with what the browser must show: nemod, see, see also, a
/// manifestation in brackets, a category code and a code not in the
/// version.
const FIXTURE: &str = r#"<?xml version="1.0"?>
<ICD10CM.index><version>2017</version>
<title>ICD-10-CM INDEX TO DISEASES and INJURIES</title>
<letter><title>A</title>
<mainTerm><title>Amyloid heart<nemod>(disease)</nemod></title><code>E85.4</code><manif>I43</manif></mainTerm>
</letter>
<letter><title>D</title>
<mainTerm><title>Disease, diseased</title><seeAlso>Syndrome</seeAlso>
 <term level="1"><title>kidney</title>
  <term level="2"><title>chronic</title><code>N18.9</code>
   <term level="3"><title>stage 3<nemod>(moderate)</nemod></title><code>N18.3</code></term>
  </term>
 </term>
</mainTerm>
</letter>
<letter><title>H</title>
<mainTerm><title>Hernia, hernial<nemod>(acquired) (recurrent)</nemod></title><code>K46.9</code>
 <term level="1"><title>double<nemod>(inguinal)</nemod></title><see>Hernia, inguinal, bilateral</see></term>
 <term level="1"><title>inguinal<nemod>(direct) (external)</nemod></title><code>K40.90</code>
  <term level="2"><title>bilateral</title><code>K40.20</code></term>
  <term level="2"><title>unilateral</title><code>K40.90</code></term>
 </term>
 <term level="1"><title>obsolete</title><code>X99.9</code></term>
</mainTerm>
<mainTerm><title>Herniation</title><see>Hernia</see></mainTerm>
</letter>
<letter><title>S</title><mainTerm><title>Syndrome</title><code>R68.89</code></mainTerm></letter>
</ICD10CM.index>
"#;

fn fixture_tree() -> IndexTree {
    cm_index_tree::parse(&Source::from_bytes(
        "fixture.xml",
        FIXTURE.as_bytes().to_vec(),
    ))
    .unwrap()
}

fn seeded(dir: &TempDir) -> PathBuf {
    let db = dir.path().join("chartq.db");
    chartq(&db).args(["codes", "list"]).assert().success();
    chartq(&db).arg("init").assert().success();
    db
}

fn json(db: &Path, words: &[&str]) -> serde_json::Value {
    let out = chartq(db)
        .arg("index")
        .args(words)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_real_index_imports_as_a_tree_and_is_walked() {
    let Some(path) = crate::support::fixtures::shared_data(REAL) else {
        return;
    };
    let tree = cm_index_tree::read_file(&path).unwrap_or_else(|e| panic!("{e}"));
    // 7,973 main terms, 69,226 subterms; 746 manifestation codes.
    assert_eq!(
        (tree.fiscal_year, tree.main_terms.len()),
        (Some(2017), 7_973)
    );
    assert_eq!(tree.nodes.len(), 7_973 + 69_226);
    let count = |f: &dyn Fn(&chartq::domain::index_tree::IndexNode) -> bool| {
        tree.nodes.iter().filter(|n| f(n)).count()
    };
    assert_eq!(count(&|n| n.manifestation.is_some()), 746);
    assert_eq!(count(&|n| n.see.is_some()), 11_979);
    assert_eq!(count(&|n| n.see_also.is_some()), 1_704);
    let found = tree.find_paths(&["hernia", "inguinal", "unilateral"], 5);
    assert_eq!(found.len(), 1);
    let unilateral = &tree.nodes[found[0].index()];
    assert_eq!(unilateral.code.as_ref().unwrap().code, "K40.90");
    assert_eq!(
        tree.path_text(found[0]),
        "Hernia, hernial, inguinal, unilateral"
    );
    // "double (inguinal) — see Hernia, inguinal, bilateral" leads there.
    let double = tree.find_paths(&["hernia", "double"], 5)[0];
    let see = tree.nodes[double.index()].see.clone().unwrap();
    let (to, complete) = tree.resolve(&see).unwrap();
    assert!(complete);
    assert_eq!(tree.path_text(to), "Hernia, hernial, inguinal, bilateral");
    assert_eq!(tree.nodes[to.index()].code.as_ref().unwrap().code, "K40.20");
}

#[test]
fn chartq_index_answers_end_to_end_with_codes_checked() {
    let Some(path) = crate::support::fixtures::shared_data(REAL) else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let db = seeded(&dir);
    chartq(&db)
        .args(["codes", "import-index"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "kept the index tree: 77199 terms",
        ));
    let v = json(&db, &["hernia", "inguinal"]);
    assert_eq!(v["version"], "FY2027");
    assert_eq!(v["index_fiscal_year"], 2017);
    let inguinal = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"]["code"] == "K40.90")
        .expect("Hernia, inguinal → K40.90");
    assert_eq!(inguinal["path"][1]["title"], "inguinal");
    assert_eq!(inguinal["code"]["status"], "reportable");
    // N18.3 is a category since FY2021: the codes below it are named.
    let v = json(&db, &["disease", "kidney", "chronic", "stage", "3"]);
    let ckd = &v["matches"][0]["code"];
    assert_eq!(
        (ckd["code"].as_str(), ckd["status"].as_str()),
        (Some("N18.3"), Some("category"))
    );
    assert_eq!(
        ckd["codes_below"],
        serde_json::json!(["N18.30", "N18.31", "N18.32"])
    );
    // A manifestation in brackets, and a see followed.
    let v = json(&db, &["amyloid", "heart"]);
    assert_eq!(v["matches"][0]["manifestation"]["code"], "I43");
    let v = json(&db, &["hernia", "double"]);
    assert_eq!(
        v["matches"][0]["see_leads_to"],
        "Hernia, hernial, inguinal, bilateral"
    );
    // Text output, and no match is exit 1.
    chartq(&db)
        .args(["index", "hernia", "inguinal", "unilateral"])
        .assert()
        .success()
        .stdout(predicates::str::contains("unilateral  K40.90"));
    chartq(&db).args(["index", "zzzzqx"]).assert().code(1);
}

#[test]
fn without_an_index_the_command_says_how_to_import_one() {
    let dir = TempDir::new().unwrap();
    let db = seeded(&dir);
    chartq(&db)
        .args(["index", "hernia"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("chartq codes import-index"));
}

fn browser_app(
    size: (u16, u16),
) -> (
    chartq::tui::app::App,
    FakeWorkbench,
    std::sync::mpsc::Receiver<chartq::tui::app::Msg>,
) {
    let mut store = sample_store();
    store.index_tree = Some(Arc::new(fixture_tree()));
    app_with(store, size)
}

fn browser(app: &chartq::tui::app::App) -> &chartq::tui::app::IndexBrowser {
    match &app.overlay {
        Some(Overlay::Index(b)) => b,
        other => panic!("no index browser: {other:?}"),
    }
}

fn selected_path(app: &chartq::tui::app::App) -> String {
    let b = browser(app);
    b.tree.path_text(b.selected_node().unwrap())
}

#[test]
fn the_browser_walks_by_keys_follows_see_and_comes_back() {
    let (mut app, wb, rx) = browser_app((120, 40));
    // Type part of the main term; open it; walk to inguinal; open; down to
    // unilateral.
    press(
        &mut app,
        &rx,
        r#"n i "hern" right down down right down down"#,
    );
    assert_eq!(selected_path(&app), "Hernia, hernial, inguinal, unilateral");
    // Left closes (here: goes to the parent), right opens again.
    press(&mut app, &rx, "left");
    assert_eq!(selected_path(&app), "Hernia, hernial, inguinal");
    // "double" has a see: Enter follows it, Back returns.
    press(&mut app, &rx, "up enter");
    assert_eq!(selected_path(&app), "Hernia, hernial, inguinal, bilateral");
    assert_eq!(browser(&app).trail.len(), 1);
    press(&mut app, &rx, "ctrl-g");
    assert_eq!(selected_path(&app), "Hernia, hernial, double");
    // Commas walk down as typed, the code is checked, ctrl-y assigns it.
    press(&mut app, &rx, r#"ctrl-u "hernia, ingu, unil" ctrl-y"#);
    assert!(app.overlay.is_none(), "{:?}", app.status);
    let assigned: Vec<String> = wb.0.lock().unwrap().charts[0]
        .1
        .assignments
        .iter()
        .map(|a| a.code.clone())
        .collect();
    assert!(assigned.contains(&"K40.90".to_string()), "{assigned:?}");
}

#[test]
fn categories_and_codes_not_in_the_version_are_flagged_not_assigned() {
    let (mut app, _wb, rx) = browser_app((120, 40));
    press(
        &mut app,
        &rx,
        r#"n i "disease, kidney, chronic, stage" ctrl-y"#,
    );
    assert_eq!(
        selected_path(&app),
        "Disease, diseased, kidney, chronic, stage 3"
    );
    let b = browser(&app);
    assert!(matches!(
        b.checked.get("N18.3"),
        Some(Some(IndexCodeStatus::Category { .. }))
    ));
    let status = app.status.clone().unwrap();
    assert!(
        status.is_error() && status.text.contains("N18.30"),
        "{status:?}"
    );
    press(&mut app, &rx, r#"ctrl-u "hernia, obsolete" ctrl-y"#);
    assert!(
        app.status
            .clone()
            .unwrap()
            .text
            .contains("not a code of this chart's version")
    );
    // See also (Tab) leads to Syndrome; Back returns; Back again closes.
    press(&mut app, &rx, r#"ctrl-u "disease" tab"#);
    assert_eq!(selected_path(&app), "Syndrome");
    press(&mut app, &rx, "esc esc");
    assert!(app.overlay.is_none());
}

fn screen(app: &chartq::tui::app::App, (w, h): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| views::render(f, app)).unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| {
            let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_browser_draws_at_both_sizes() {
    for size in [(80, 24), (120, 40)] {
        for (name, script) in [
            ("walk", r#"n i "hernia, inguinal, unil""#),
            ("manifestation", r#"n i "amyl""#),
            ("category", r#"n i "disease, kidney, chronic, stage""#),
        ] {
            let (mut app, _wb, rx) = browser_app(size);
            press(&mut app, &rx, script);
            insta::with_settings!({
                snapshot_path => "../snapshots",
                prepend_module_to_snapshot => false,
            }, {
                insta::assert_snapshot!(
                    format!("cm_index_tree__{name}_{}x{}", size.0, size.1),
                    screen(&app, size)
                );
            });
        }
    }
}

#[test]
fn the_real_store_serves_the_real_index_to_the_browser() {
    let Some(path) = crate::support::fixtures::shared_data(REAL) else {
        return;
    };
    let dir = TempDir::new().unwrap();
    attach_tree(
        &dir.path().join("chartq.db"),
        cm_index_tree::read_file(&path).unwrap(),
    );
    let (mut app, rx) = store_app(dir.path(), (120, 40));
    press(&mut app, &rx, r#"n i "hernia, inguinal, unilateral""#);
    assert_eq!(selected_path(&app), "Hernia, hernial, inguinal, unilateral");
    let b = browser(&app);
    assert_eq!(
        b.checked.get("K40.90"),
        Some(&Some(IndexCodeStatus::Reportable))
    );
    press(&mut app, &rx, r#"ctrl-u "hernia, double" enter"#);
    assert_eq!(selected_path(&app), "Hernia, hernial, inguinal, bilateral");
}

/// Writes `tree` to the ICD-10-CM version of 2026-04-03 (the test charts'
/// date) of the database at `db` (made from the seeded template if new).
fn attach_tree(db: &Path, tree: IndexTree) {
    use chartq::domain::codes::CodeSystem;
    use chartq::store::Store;
    use chartq::store::code_tables::{replace_index_tree, version_for_date};
    if !db.exists() {
        chartq::app::codesets::template::create_from_template(db);
    }
    let mut store = Store::open(db).unwrap();
    let version = store
        .read(|c| {
            Ok(version_for_date(
                c,
                CodeSystem::Icd10Cm,
                date("2026-04-03"),
            )?)
        })
        .unwrap()
        .unwrap();
    store
        .write(|tx| {
            replace_index_tree(tx, version.id, &tree).map_err(chartq::store::StoreError::from)
        })
        .unwrap();
}

#[test]
fn the_binary_browses_the_index_in_a_terminal() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("chartq.db");
    attach_tree(&db, fixture_tree());
    {
        // This process's login as the first admin, and one ED chart.
        use chartq::store::{Store, charts, people};
        let mut store = Store::open(&db).unwrap();
        let login = people::init(&mut store).unwrap().login;
        let admin = people::actor_for_login(&mut store, &login, None).unwrap();
        let feed = serde_json::json!({
            "account": "ED-1", "mrn": "M-1",
            "patient": {"name": "Testperson, Alex", "dob": "1970-01-02", "sex": "U"},
            "encounter_type": "ed", "service_date": "2026-04-03", "queue": "ed",
            "priority": 1,
            "documents": [{"type": "ed_note", "author": "Dr. Invented", "text": "Chest pain."}]
        });
        let format = charts::Format::Jsonl;
        charts::import(
            &mut store,
            &admin,
            feed.to_string().as_bytes(),
            "feed.jsonl",
            format,
        )
        .unwrap();
    }
    let mut pty = Pty::spawn(&db, &[], &[("CHARTQ_TODAY", "2026-04-10")], (100, 30));
    pty.wait_for("ED-1");
    pty.send("n");
    pty.wait_for("Chest pain");
    pty.send("i");
    pty.wait_for("Alphabetic Index");
    pty.send("hernia, ingu");
    pty.wait_for("K40.90");
    pty.send("\r"); // inguinal has subterms: Enter opens it
    pty.wait_for("unilateral");
    pty.send("\x19"); // ctrl-y
    pty.wait_for("assigned K40.90");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
}
