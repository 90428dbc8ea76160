//! `chartq search` end to end through the real binary: the JSON contract,
//! exit statuses, dates of service, batches, system filters.

use crate::support::chartq;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
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

#[test]
fn json_results_follow_the_contract() {
    let out = stdout_of(seeded_db(), &["search", "--json", "dm2", "w", "ckd", "3a"]);
    let hits = json_lines(&out);
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

#[test]
fn a_code_prefix_lists_its_seventh_characters() {
    let out = stdout_of(seeded_db(), &["search", "--system", "cm", "S72.001"]);
    let text = String::from_utf8(out).unwrap();
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for c in ["S72.001A", "S72.001B", "S72.001D", "S72.001S"] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    assert!(codes.iter().all(|c| c.starts_with("S72.001")), "{codes:?}");
    let limited = stdout_of(seeded_db(), &["search", "--json", "--limit", "3", "e1122"]);
    let hits = json_lines(&limited);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["code"], "E11.22");
    assert_eq!(hits[0]["billable"], true);
}

#[test]
fn no_result_exits_1_and_errors_exit_2() {
    chartq(seeded_db())
        .args(["search", "qqxzzv"])
        .assert()
        .code(1)
        .stdout("");
    // Today (2026-11-22) is covered by the bundled FY2027 releases; the
    // bundled releases end 2027-09-30: a later date of service is a clear
    // error naming the system and the installed ranges.
    chartq(seeded_db())
        .args(["search", "--date", "2026-11-22", "diabetes"])
        .assert()
        .success();
    chartq(seeded_db())
        .args(["search", "--date", "2027-11-22", "diabetes"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("ICD-10-CM"))
        .stderr(predicates::str::contains("2026-10-01..2027-09-30"));
    chartq(seeded_db())
        .args([
            "search",
            "--date",
            "2026-06-01",
            "--system",
            "cm",
            "diabetes",
        ])
        .assert()
        .success();
    chartq(seeded_db())
        .args(["search", "--system", "hcpcs", "cpap"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no HCPCS code set is installed"));
    chartq(seeded_db())
        .args(["search", "--batch", "/nonexistent/queries.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("/nonexistent/queries.txt"));
}

#[test]
fn batch_answers_every_line_in_one_process() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("queries.txt");
    std::fs::write(&file, "htn\n\nchf\nqqxzzv\n").unwrap();
    let out = chartq(seeded_db())
        .args(["search", "--json", "--limit", "2", "--batch"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let hits = json_lines(&out);
    let queries: Vec<&str> = hits.iter().map(|h| h["query"].as_str().unwrap()).collect();
    assert_eq!(queries, ["htn", "htn", "chf", "chf"]);
    assert_eq!(hits[0]["code"], "I10");
    std::fs::write(&file, b"htn\n\xff\xfe\n").unwrap();
    chartq(seeded_db())
        .args(["search", "--batch"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("queries.txt:2"));
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
