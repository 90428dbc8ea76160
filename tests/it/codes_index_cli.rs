//! `chartq codes import-index` end to end: the ICD-10-CM index files
//! (Table of Drugs and Chemicals, Neoplasm Table, External Cause Index)
//! attach their terms to an ICD-10-CM version, and search then finds codes
//! by words their titles do not use.

use crate::support::chartq;
use std::path::{Path, PathBuf};

use predicates::str::contains;
use rusqlite::Connection;
use tempfile::TempDir;

fn seeded(dir: &TempDir) -> PathBuf {
    let db = dir.path().join("chartq.db");
    chartq(&db).args(["codes", "list"]).assert().success();
    // The owner makes themselves its first admin (imports are admin work).
    chartq(&db).arg("init").assert().success();
    db
}

/// The codes `chartq search --json --system cm QUERY` prints, best first.
fn top(db: &Path, query: &str) -> Vec<String> {
    let out = chartq(db)
        .args(["search", "--json", "--system", "cm", "--limit", "10"])
        .args(query.split(' '))
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["code"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// (index terms, snapshot bytes) in the database.
fn stored(db: &Path) -> (i64, i64) {
    let conn = Connection::open(db).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get(0)).unwrap();
    (
        count("SELECT count(*) FROM index_term"),
        count("SELECT coalesce(sum(length(data)), 0) FROM search_snapshot"),
    )
}

#[test]
fn the_fixture_tables_attach_and_search_finds_codes_by_them() {
    let dir = TempDir::new().unwrap();
    let db = seeded(&dir);
    for fixture in [
        "icd10cm_drug_mini.xml",
        "icd10cm_neoplasm_mini.xml",
        "icd10cm_eindex_mini.xml",
    ] {
        chartq(&db)
            .args(["codes", "import-index"])
            .arg(crate::support::fixtures::code_file(fixture))
            .assert()
            .success()
            // The newest ICD-10-CM by default: the bundled FY2027.
            .stdout(contains("to ICD-10-CM FY2027"));
    }
    assert!(stored(&db).0 > 0);
}

#[test]
fn the_real_drug_table_finds_poisoning_codes_by_substance() {
    let Some(drugs) =
        crate::support::fixtures::shared_data("icd10cm/fy2022/icd10cm_drug_2022.xml.gz")
    else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let db = seeded(&dir);
    assert!(!top(&db, "acetaminophen poisoning").contains(&"T39.1X1A".to_owned()));
    chartq(&db)
        .args(["codes", "import-index"])
        .arg(&drugs)
        .assert()
        .success()
        .stdout(contains("attached the drug index (FY2022)"));
    let first = stored(&db);
    let found = top(&db, "acetaminophen poisoning");
    assert!(found.iter().take(3).any(|c| c == "T39.1X1A"), "{found:?}");
    chartq(&db)
        .args(["code", "show", "T39.1X1A"])
        .assert()
        .success()
        .stdout(contains("Index entries leading here:"))
        .stdout(contains("Acetaminophen"));

    // Importing it again replaces its terms: nothing doubles.
    chartq(&db)
        .args(["codes", "import-index"])
        .arg(&drugs)
        .assert()
        .success();
    assert_eq!(stored(&db).0, first.0);

    // A broken file changes nothing and names its line.
    let text = String::from_utf8(
        std::process::Command::new("gzip")
            .arg("-dc")
            .arg(&drugs)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let cut = dir.path().join("drug_truncated.xml");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    chartq(&db)
        .args(["codes", "import-index"])
        .arg(&cut)
        .assert()
        .code(2)
        .stderr(contains("drug_truncated.xml:"));
    assert_eq!(stored(&db), first);

    // An unknown version label is refused, naming the installed ones.
    chartq(&db)
        .args(["codes", "import-index", "--version", "FY1999"])
        .arg(&drugs)
        .assert()
        .code(2)
        .stderr(contains("installed: FY2027, FY2026"));
}
