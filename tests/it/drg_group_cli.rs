//! `chartq group` through the binary: a batch of claims (JSON lines) gets
//! one result line each with the DRG as three digits, a claim the grouper
//! cannot take an `{"id","error"}` line, a malformed line a
//! `FILE:LINE: field: message` on stderr and exit 2; a chart in the queue
//! groups as its codes stand (`chartq group ACCOUNT [--json]`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The seed template these tests share (kept between runs under target/).
fn template_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("seed-template")
}

fn chartq(db: &Path) -> assert_cmd::Command {
    let mut cmd = crate::support::chartq(db);
    cmd.env("CHARTQ_SEED_TEMPLATE", template_dir());
    cmd
}

fn claim(id: &str, fields: Value) -> String {
    let mut c = json!({
        "id": id, "encounter_type": "inpatient", "age": 70, "sex": "F",
        "admit_date": "2026-05-01", "discharge_date": "2026-05-04", "discharge_status": "01",
        "pdx": {"code": "J18.9", "poa": "Y"}, "sdx": [], "procedures": [],
    });
    for (k, v) in fields.as_object().unwrap() {
        c[k] = v.clone();
    }
    c.to_string()
}

fn by_id(stdout: &[u8]) -> BTreeMap<String, Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

fn batch(dir: &Path, lines: &[String]) -> std::process::Output {
    let file = dir.join("claims.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    chartq(&dir.join("unused.db"))
        .args(["group", "--batch"])
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap()
}

#[test]
fn group_batch_answers_drg_mdc_severity_weight_and_codes() {
    let dir = tempfile::tempdir().unwrap();
    let lines = vec![
        claim("pneumonia", json!({})),
        claim(
            "pneumonia-mcc",
            json!({"sdx": [{"code": "J96.01", "poa": "Y"}]}),
        ),
        claim(
            "ami-died",
            json!({"pdx": {"code": "I21.4", "poa": "Y"}, "discharge_status": "20"}),
        ),
        claim(
            "appendectomy",
            json!({"pdx": {"code": "K35.80", "poa": "Y"}, "procedures": [{"code": "0DTJ4ZZ"}]}),
        ),
        claim(
            "v43",
            json!({"admit_date": "2026-01-02", "discharge_date": "2026-01-05"}),
        ),
        claim(
            "fy2027",
            json!({"admit_date": "2026-10-01", "discharge_date": "2026-10-03",
            "sdx": [{"code": "J96.01", "poa": "Y"}]}),
        ),
        claim(
            "old",
            json!({"admit_date": "2025-09-01", "discharge_date": "2025-09-03"}),
        ),
        claim("bad-pdx", json!({"pdx": {"code": "I50", "poa": "Y"}})),
        claim("outpatient", json!({"encounter_type": "outpatient"})),
    ];
    let out = batch(dir.path(), &lines);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = by_id(&out.stdout);
    assert_eq!(got.len(), lines.len());
    let p = &got["pneumonia"];
    assert_eq!(p["drg"], "195");
    assert_eq!(p["mdc"], "04");
    assert_eq!(p["severity"], "NONE");
    assert_eq!(p["return_code"], "OK");
    assert!(p["weight"].as_f64().unwrap() > 0.0);
    assert!(
        p["description"]
            .as_str()
            .unwrap()
            .starts_with("Simple Pneumonia")
    );
    assert_eq!(p["codes"][0]["role"], "principal");
    let mcc = &got["pneumonia-mcc"];
    assert_eq!(mcc["drg"], "193");
    assert_eq!(mcc["severity"], "MCC");
    assert_eq!(mcc["codes"][1]["level"], "MCC");
    assert_eq!(mcc["codes"][1]["sets_severity"], true);
    assert_eq!(got["ami-died"]["drg"], "285");
    assert_eq!(got["appendectomy"]["drg"], "399");
    assert_eq!(got["appendectomy"]["codes"][1]["operating_room"], true);
    assert_eq!(got["appendectomy"]["codes"][1]["affects_drg"], true);
    assert_eq!(got["v43"]["drg"], "195");
    assert_eq!(got["fy2027"]["version"], "44.0");
    assert_eq!(got["fy2027"]["marks"][0]["level"], "MCC");
    assert!(got["old"]["error"].as_str().unwrap().contains("2025-10-01"));
    assert_eq!(got["bad-pdx"]["drg"], "999");
    assert_eq!(got["bad-pdx"]["return_code"], "INVALID_PDX");
    assert!(
        got["outpatient"]["error"]
            .as_str()
            .unwrap()
            .contains("inpatient")
    );
}

#[test]
fn group_batch_reports_a_malformed_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let ok = claim("ok", json!({}));
    let bad = ok.replace("\"age\":70", "\"age\":\"70\"");
    assert_ne!(bad, ok);
    let out = batch(dir.path(), &[bad, String::new(), ok]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("claims.jsonl:1: field `age`"), "{stderr}");
    let got = by_id(&out.stdout);
    assert_eq!(got.len(), 1);
    assert_eq!(got["ok"]["drg"], "195");
}

fn seeded(dir: &Path) -> PathBuf {
    let db = dir.join("group.db");
    chartq(&db).arg("init").assert().success();
    db
}

// A stored chart groups alike on both backends (`on_both!`, PostgreSQL on a
// copy of a seeded database). The batch tests stay SQLite-only: `group
// --batch` reads claims and the bundled tables, no database.
crate::on_both! {
    sqlite = TestDb::sqlite_made(seeded),
    postgres = TestDb::postgres_seeded_copy();
fn group_chart_groups_the_codes_as_they_stand(db) {
    let line = json!({
        "account": "IP-DRG", "mrn": "MRN-IP-DRG",
        "patient": {"name": "Testperson, Alex", "dob": "1956-01-10", "sex": "F"},
        "encounter_type": "inpatient", "admit_date": "2026-05-01", "discharge_date": "2026-05-04",
        "discharge_status": "01", "queue": "inpatient", "priority": 2,
        "documents": [{"type": "discharge_summary", "text": "Invented discharge summary."}],
    });
    let feed = db.file("feed.jsonl", line.to_string());
    db.ok(&["charts", "import", feed.to_str().unwrap()]);
    db.ok(&["queue", "claim", "IP-DRG"]);
    for code in ["J18.9", "N17.9"] {
        db.ok(&["assign", "IP-DRG", code, "--poa", "Y"]);
    }
    let v = db.json(&["group", "IP-DRG"]);
    assert_eq!(v["id"], "IP-DRG");
    assert_eq!(v["drg"], "194", "{v}");
    assert_eq!(v["severity"], "CC");
    let text = db.ok(&["group", "IP-DRG"]);
    assert!(text.contains("MS-DRG 194"), "{text}");
    assert!(text.contains("N17.9") || text.contains("N179"), "{text}");
}
}
