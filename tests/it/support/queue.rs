//! Helpers for the work-queue tests: one seeded template database per test
//! process (invented code sets, users, queues), copied for each test so every
//! test gets a fresh database cheaply; the real `chartq` binary to run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use chartq::domain::codes::{Code, CodeKind, CodeSet, CodeSystem};
use chartq::domain::people::Role;
use chartq::store::Store;
use chartq::store::code_tables::{VersionSpec, insert_code_set};
use chartq::store::people;
/// Coders in the template: `coder1` .. `coder16`, members of `inpatient`,
/// `ed` and `outpatient`.
pub const CODERS: usize = 16;

pub use super::bin;

/// The real login of this process: the template's admin.
pub fn me() -> String {
    people::login_name().unwrap()
}

fn code(code: &str, billable: bool, title: &str) -> Code {
    Code {
        code: code.into(),
        kind: if billable {
            CodeKind::Code
        } else {
            CodeKind::Category
        },
        billable,
        short_title: None,
        long_title: title.into(),
        parent: None,
        notes: vec![],
        valid_until: None,
    }
}

fn set(codes: Vec<Code>) -> CodeSet {
    CodeSet { codes }
}

fn spec(system: CodeSystem, label: &str, from: &str, to: &str) -> VersionSpec {
    VersionSpec {
        system,
        label: label.into(),
        effective_from: from.parse().unwrap(),
        effective_to: Some(to.parse().unwrap()),
        source: "test".into(),
    }
}

/// Small invented code sets: ICD-10-CM FY2026 (2025-10-01..2026-09-30) and
/// an older FY2025 without `E11.A`; PCS, CPT (invented codes and titles) and
/// HCPCS (with a modifier) for FY2026 dates.
pub fn insert_test_code_sets(store: &mut Store) {
    for (spec, codes) in test_code_sets() {
        store
            .write(|tx| insert_code_set(tx, &spec, &codes).map_err(chartq::store::StoreError::from))
            .unwrap();
    }
}

/// The invented code sets [`insert_test_code_sets`] stores, for a backend
/// that takes them through its import (PostgreSQL, `support::backends`).
pub fn test_code_sets() -> Vec<(VersionSpec, CodeSet)> {
    let cm = vec![
        code("I50", false, "Heart failure"),
        code("I50.21", true, "Acute systolic heart failure"),
        code("I50.23", true, "Acute on chronic systolic heart failure"),
        code(
            "E11.9",
            true,
            "Type 2 diabetes mellitus without complications",
        ),
        code("E11.22", true, "Type 2 diabetes mellitus with diabetic CKD"),
        code(
            "E11.A",
            true,
            "Type 2 diabetes mellitus without complications in remission",
        ),
        code("N18.31", true, "Chronic kidney disease, stage 3a"),
        code("J18.9", true, "Pneumonia, unspecified organism"),
        code("R07.9", true, "Chest pain, unspecified"),
    ];
    let old_cm: Vec<Code> = cm.iter().filter(|c| c.code != "E11.A").cloned().collect();
    let versions = [
        (
            spec(CodeSystem::Icd10Cm, "FY2026", "2025-10-01", "2026-09-30"),
            set(cm),
        ),
        (
            spec(CodeSystem::Icd10Cm, "FY2025", "2024-10-01", "2025-09-30"),
            set(old_cm),
        ),
        (
            spec(CodeSystem::Icd10Pcs, "FY2026", "2025-10-01", "2026-09-30"),
            set(vec![
                code("0DTJ4ZZ", true, "Resection of appendix, endoscopic"),
                code("02703ZZ", true, "Dilation of coronary artery, one artery"),
            ]),
        ),
        (
            spec(CodeSystem::Cpt, "2026", "2026-01-01", "2026-12-31"),
            set(vec![
                code("99901", true, "Invented office visit, level one"),
                code("99902", true, "Invented minor procedure"),
            ]),
        ),
        (
            spec(CodeSystem::Hcpcs, "2026Q2", "2026-01-01", "2026-12-31"),
            set(vec![
                code("G9901", true, "Invented supply item"),
                Code {
                    valid_until: Some("2026-03-31".parse().unwrap()),
                    ..code("G9902", true, "Invented item, terminated after Q1")
                },
                Code {
                    kind: CodeKind::Modifier,
                    ..code("LT", true, "Left side")
                },
            ]),
        ),
    ];
    versions.into()
}

/// The template: code sets, this login as admin, `sup` (supervisor), `aud`
/// (auditor), and the coders, each in the three queues.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.db");
        // Made as chartq makes a new database (a copy of the seeded
        // template), so the tests' first commands have no bundled version
        // to seed; the invented FY2026 sets then replace the bundled ones
        // of that label, as a site's imports would.
        chartq::app::codesets::template::create_from_template(&path);
        let mut store = Store::open(&path).unwrap();
        insert_test_code_sets(&mut store);
        // The template's first admin is made the one way there is: `init`
        // by the owner of the file (this process).
        people::init_as(&mut store, &me(), people::process_uid()).unwrap();
        let admin = people::actor_for_login(&mut store, &me(), None).unwrap();
        people::add_user(&mut store, &admin, "sup", Role::Supervisor, None).unwrap();
        people::add_user(&mut store, &admin, "aud", Role::Auditor, None).unwrap();
        for i in 1..=CODERS {
            let login = format!("coder{i}");
            people::add_user(&mut store, &admin, &login, Role::Coder, None).unwrap();
            for q in ["inpatient", "ed", "outpatient"] {
                people::set_membership(&mut store, &admin, Some(&login), q, true).unwrap();
            }
        }
        store.checkpoint().unwrap();
        drop(store);
        (dir, path)
    });
    path
}

/// A fresh copy of the template in its own directory.
pub struct Db {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        std::fs::copy(template(), &path).unwrap();
        Db { dir, path }
    }

    /// `chartq --db <this> ARGS` in the tests' environment (`support::command`).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = super::command();
        cmd.arg("--db").arg(&self.path).args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs and asserts exit status 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "chartq {args:?} failed ({:?}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs expecting exit status `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "chartq {args:?}: stdout {} stderr {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Runs with `--json` appended and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Writes `text` to a file in this test's directory.
    pub fn file(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Imports JSON lines (as the admin).
    pub fn import(&self, lines: &[String]) {
        let path = self.file("feed.jsonl", lines.join("\n") + "\n");
        self.ok(&["charts", "import", path.to_str().unwrap()]);
    }

    /// A direct connection, for checks the CLI does not offer.
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.path).unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.sql().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

/// A chart of the feed. `kind` is the encounter type; the date is the
/// discharge date for inpatients, the service date otherwise.
pub struct ChartSpec<'a> {
    pub account: &'a str,
    pub kind: &'a str,
    pub date: &'a str,
    pub queue: &'a str,
    pub priority: u8,
    pub due: Option<&'a str>,
}

impl Default for ChartSpec<'_> {
    fn default() -> Self {
        ChartSpec {
            account: "ACC-1",
            kind: "inpatient",
            date: "2026-05-06",
            queue: "inpatient",
            priority: 3,
            due: None,
        }
    }
}

/// One JSON line of the feed contract.
pub fn chart_line(c: &ChartSpec<'_>) -> String {
    let mut v = serde_json::json!({
        "account": c.account,
        "mrn": format!("MRN-{}", c.account),
        "patient": {"name": "Testperson, Alex", "dob": "1950-02-03", "sex": "U"},
        "encounter_type": c.kind,
        "attending": "Dr. Invented",
        "payer": "Medicare",
        "facility": "Test General",
        "queue": c.queue,
        "priority": c.priority,
        "documents": [{"type": "hp", "author": "Dr. Invented", "time": "2026-05-02T08:00:00",
                       "text": "History and physical: shortness of breath."}]
    });
    if c.kind == "inpatient" || c.kind == "observation" {
        v["admit_date"] = "2024-01-01".into();
    }
    if c.kind == "inpatient" {
        v["discharge_date"] = c.date.into();
        v["discharge_status"] = "01".into();
    } else {
        v["service_date"] = c.date.into();
    }
    if let Some(due) = c.due {
        v["due_date"] = due.into();
    }
    v.to_string()
}

/// Imports JSON lines through the library (as `actor`).
pub fn import_lines(
    store: &mut Store,
    actor: &chartq::domain::people::Actor,
    lines: &[String],
) -> chartq::store::charts::ImportSummary {
    let feed = lines.join("\n");
    chartq::store::charts::import(
        store,
        actor,
        feed.as_bytes(),
        "feed.jsonl",
        chartq::store::charts::Format::Jsonl,
    )
    .unwrap()
}

/// A good chart line and a second chart (`ACC-2`) whose payer is an array
/// of a million values (over 2 MB on one line): a parser-bomb feed.
pub fn good_line_and_million_value_bomb() -> (String, String) {
    let good = chart_line(&ChartSpec::default());
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    v["account"] = "ACC-2".into();
    let bomb = v.to_string().replacen(
        "\"payer\":\"Medicare\"",
        &format!("\"payer\":[{}0]", "0,".repeat(1_000_000)),
        1,
    );
    (good, bomb)
}
