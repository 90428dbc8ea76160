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
    // A drug the bundled lexicon's drug area does not name (it names
    // acetaminophen) is found by its class only once the table is in.
    assert!(!top(&db, "acebutolol poisoning").contains(&"T44.7X1A".to_owned()));
    chartq(&db)
        .args(["codes", "import-index"])
        .arg(&drugs)
        .assert()
        .success()
        .stdout(contains("attached the drug index (FY2022)"));
    let first = stored(&db);
    let found = top(&db, "acebutolol poisoning");
    assert!(found.iter().take(3).any(|c| c == "T44.7X1A"), "{found:?}");
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

/// An Index to Diseases over the work-queue template's invented ICD-10-CM
/// FY2026: a category (`I50`), codes, a "see", and a code the version
/// does not have.
const TEMPLATE_INDEX: &str = r#"<?xml version="1.0"?>
<ICD10CM.index><version>2026</version>
<title>ICD-10-CM INDEX TO DISEASES and INJURIES</title>
<letter><title>D</title>
<mainTerm><title>Diabetes, diabetic<nemod>(mellitus)</nemod></title><code>E11.9</code>
 <term level="1"><title>type 2</title><code>E11.9</code>
  <term level="2"><title>with chronic kidney disease</title><code>E11.22</code></term>
 </term>
</mainTerm>
</letter>
<letter><title>F</title>
<mainTerm><title>Failure</title>
 <term level="1"><title>heart</title><code>I50</code>
  <term level="2"><title>systolic</title>
   <term level="3"><title>acute</title><code>I50.21</code></term>
  </term>
 </term>
 <term level="1"><title>obsolete</title><code>X99.9</code></term>
</mainTerm>
</letter>
<letter><title>P</title>
<mainTerm><title>Pneumonia</title><code>J18.9</code></mainTerm>
<mainTerm><title>Pneumonitis</title><see>Pneumonia</see></mainTerm>
</letter>
</ICD10CM.index>
"#;

// The Alphabetic Index, a code's detail, the code-set list and the PCS
// builder read alike on both backends (on PostgreSQL: the index through
// the admin-only `chartq.import_index_terms`, the reads through SELECT).
crate::on_both! {
fn the_index_tree_code_detail_and_pcs_read_alike_on_both_backends(db) {
    let file = db.file("icd10cm_index_2026.xml", TEMPLATE_INDEX);
    let file = file.to_str().unwrap();
    let err = db.fails(2, &["--as", "coder1", "codes", "import-index", file, "--version", "FY2026"]);
    assert!(err.contains("admin"), "{err}");
    let out = db.ok(&["codes", "import-index", file, "--version", "FY2026"]);
    assert!(out.contains("kept the index tree: 10 terms"), "{out}");
    assert!(out.contains("X99.9"), "unmatched codes are named: {out}");

    let found = db.json(&["index", "--date", "2026-05-01", "failure", "heart"]);
    assert_eq!(found["version"], "FY2026");
    assert_eq!(found["index_fiscal_year"], 2026);
    let heart = &found["matches"][0];
    assert_eq!(heart["code"]["code"], "I50");
    assert_eq!(heart["code"]["status"], "category");
    assert_eq!(heart["code"]["codes_below"], serde_json::json!(["I50.21", "I50.23"]));
    assert_eq!(heart["subterms"], 1);
    let acute = db.json(&["index", "--date", "2026-05-01", "failure", "heart", "systolic", "acute"]);
    assert_eq!(acute["matches"][0]["code"]["status"], "reportable");
    let gone = db.json(&["index", "--date", "2026-05-01", "failure", "obsolete"]);
    assert_eq!(gone["matches"][0]["code"]["status"], "not_in_version");
    let see = db.json(&["index", "--date", "2026-05-01", "pneumonitis"]);
    assert_eq!(see["matches"][0]["see"], "Pneumonia");
    let text = db.ok(&["index", "--date", "2026-05-01", "diabetes", "type", "2"]);
    assert!(text.contains("Diabetes, diabetic (mellitus), type 2  E11.9"), "{text}");

    // The terms reach the code's detail (and search: the snapshot was
    // rewritten in the import's transaction).
    let detail = db.json(&["code", "show", "e119", "--date", "2026-05-01"]);
    assert_eq!(detail["code"], "E11.9");
    assert_eq!(detail["version"], "FY2026");
    assert_eq!(detail["billable"], true);
    assert_eq!(detail["valid_on_date"], true);
    assert!(!detail["index_terms"].as_array().unwrap().is_empty(), "{detail}");
    let shown = db.ok(&["code", "show", "I50.23", "--date", "2026-05-01"]);
    assert!(shown.contains("Acute on chronic systolic heart failure"), "{shown}");
    let missing = db.run(&["code", "show", "Q99.99", "--system", "cm", "--date", "2026-05-01"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Q99.99"));

    let listed = db.ok(&["codes", "list", "--json"]);
    let fy2026: serde_json::Value = listed
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["system"] == "ICD-10-CM" && v["label"] == "FY2026")
        .unwrap();
    assert_eq!((fy2026["codes"].as_i64(), fy2026["billable"].as_i64()), (Some(9), Some(8)));

    // March: the bundled FY2026-Apr PCS (SQLite template only) starts in April.
    let step = db.json(&["pcs", "--date", "2026-03-01", "0DT"]);
    assert_eq!(step["version"], "FY2026");
    assert!(step.to_string().contains("\"J\""), "{step}");

    let events = db.json(&["audit"]);
    let imported = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "index_imported")
        .expect("index_imported event");
    assert_eq!(imported["details"]["version"], "FY2026");
    assert!(imported["details"]["entries"].as_u64() > Some(0), "{imported}");
    assert_eq!(db.run(&["audit", "verify"]).status.code(), Some(0));

    // On PostgreSQL the database refuses a coder who calls the code-set
    // functions directly (as `psql` would), and lets no coder write the
    // index tables.
    if let Some(pg) = db.pg() {
        let mut coder = pg.as_login(&db.login("coder1"));
        for sql in [
            "SELECT chartq.import_index_terms(NULL, 1, 'drug', '[]', 0, NULL, NULL)",
            "SELECT chartq.seed_code_set('CPT', 'x', '2026-01-01', NULL, 'bundled:x', NULL, '[]', '[]', true)",
            "SELECT chartq.update_bundled('ICD-10-CM', 'FY2026', '2025-10-01', '2026-09-30', 'test', true)",
            "DELETE FROM chartq.index_node",
            "INSERT INTO chartq.index_tree (version_id) VALUES (1)",
        ] {
            let err = coder.batch_execute(sql).unwrap_err();
            let err = err
                .as_db_error()
                .map_or_else(|| err.to_string(), |d| d.message().to_string());
            assert!(err.contains("admin") || err.contains("permission denied"), "{sql}: {err}");
        }
        assert_eq!(db.count("SELECT count(*) FROM index_node"), 10);
    }
}
}
