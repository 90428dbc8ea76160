//! `chartq search` end to end through the real binary: the JSON contract,
//! exit statuses, dates of service, batches, system filters.

use crate::support::chartq;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::backends::TestDb;
use tempfile::TempDir;

/// A database seeded once with the bundled code sets (searches only read
/// it, so tests share it).
fn seeded_db() -> &'static Path {
    static DB: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("chartq.db");
        chartq(&path).args(["codes", "list"]).assert().success();
        chartq(&path).arg("init").assert().success();
        // Copies take the file alone: move init's commit out of the WAL.
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        (dir, path)
    });
    path
}

/// Runs `chartq --db DB ARGS…`, expects success, returns stdout.
fn stdout_of(db: &Path, args: &[&str]) -> Vec<u8> {
    chartq(db)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Runs `args`, asserting exit status `code` and that stderr says each of
/// `says`.
fn exits(db: &TestDb, code: i32, args: &[&str], says: &[&str]) -> std::process::Output {
    let out = db.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    for s in says {
        assert!(stderr.contains(s), "{args:?}: {s:?} not in {stderr}");
    }
    out
}

// The searches below run on both backends, each over a database seeded
// with the bundled code sets (on PostgreSQL by `chartq init`, the team
// database's seeding; its snapshot comes through the host's cache).
crate::on_both! {
sqlite = TestDb::sqlite_file(seeded_db()), postgres = TestDb::postgres_seeded();
fn json_results_follow_the_contract(db) {
    let out = db.ok(&["search", "--json", "dm2", "w", "ckd", "3a"]);
    let hits = json_lines(out.as_bytes());
    assert!(!hits.is_empty() && hits.len() <= 20);
    let top3: Vec<&str> = hits[..3]
        .iter()
        .map(|h| h["code"].as_str().unwrap())
        .collect();
    assert!(top3.contains(&"E11.22"), "{top3:?}");
    let first = hits[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["billable", "code", "score", "system", "title"]);
    assert_eq!(first["system"], "ICD-10-CM");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
}
}

crate::on_both! {
sqlite = TestDb::sqlite_file(seeded_db()), postgres = TestDb::postgres_seeded();
fn a_code_prefix_lists_its_seventh_characters(db) {
    let text = db.ok(&["search", "--system", "cm", "S72.001"]);
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for c in ["S72.001A", "S72.001B", "S72.001D", "S72.001S"] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    assert!(codes.iter().all(|c| c.starts_with("S72.001")), "{codes:?}");
    let limited = db.ok(&["search", "--json", "--limit", "3", "e1122"]);
    let hits = json_lines(limited.as_bytes());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["code"], "E11.22");
    assert_eq!(hits[0]["billable"], true);
}
}

crate::on_both! {
sqlite = TestDb::sqlite_file(seeded_db()), postgres = TestDb::postgres_seeded();
fn no_result_exits_1_and_errors_exit_2(db) {
    let out = exits(db, 1, &["search", "qqxzzv"], &[]);
    assert!(out.stdout.is_empty());
    // Today (2026-11-22) is covered by the bundled FY2027 releases; the
    // bundled releases end 2027-09-30: a later date of service is a clear
    // error naming the system and the installed ranges.
    db.ok(&["search", "--date", "2026-11-22", "diabetes"]);
    exits(
        db,
        2,
        &["search", "--date", "2027-11-22", "diabetes"],
        &["ICD-10-CM", "2026-10-01..2027-09-30"],
    );
    db.ok(&["search", "--date", "2026-06-01", "--system", "cm", "diabetes"]);
    exits(
        db,
        2,
        &["search", "--system", "hcpcs", "cpap"],
        &["no HCPCS code set is installed"],
    );
    exits(
        db,
        2,
        &["search", "--batch", "/nonexistent/queries.txt"],
        &["/nonexistent/queries.txt"],
    );
}
}

crate::on_both! {
sqlite = TestDb::sqlite_file(seeded_db()), postgres = TestDb::postgres_seeded();
fn batch_answers_every_line_in_one_process(db) {
    let file = db.file("queries.txt", "htn\n\nchf\nqqxzzv\n");
    let out = db.ok(&["search", "--json", "--limit", "2", "--batch", file.to_str().unwrap()]);
    let hits = json_lines(out.as_bytes());
    let queries: Vec<&str> = hits.iter().map(|h| h["query"].as_str().unwrap()).collect();
    assert_eq!(queries, ["htn", "htn", "chf", "chf"]);
    assert_eq!(hits[0]["code"], "I10");
    let file = db.file("queries.txt", b"htn\n\xff\xfe\n");
    exits(db, 2, &["search", "--batch", file.to_str().unwrap()], &["queries.txt:2"]);
}
}

#[test]
fn hcpcs_search_finds_cpap() {
    let Some(hcpcs) = crate::support::fixtures::shared_data("hcpcs/HCPC2019_CONTR_ANWEB.txt.gz")
    else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("chartq.db");
    std::fs::copy(seeded_db(), &db).unwrap();
    chartq(&db)
        .args(["codes", "import", "hcpcs"])
        .arg(&hcpcs)
        .assert()
        .success();
    let out = stdout_of(&db, &["search", "--json", "--system", "hcpcs", "cpap"]);
    let hits = json_lines(&out);
    assert_eq!(hits[0]["code"], "E0601");
    assert!(hits.iter().all(|h| h["system"] == "HCPCS"));
    // Without --system, both sets are searched.
    chartq(&db)
        .args(["search", "e0601"])
        .assert()
        .success()
        .stdout(predicates::str::contains("E0601"));
}
