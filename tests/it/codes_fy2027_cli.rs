//! Today's charts can be coded out of the box, through the real binary: a
//! new database holds ICD-10-CM and ICD-10-PCS from 2025-10-01 to
//! 2027-09-30; a database made by the chartq that bundled only the April
//! 2026 ICD-10-CM gains the new versions when opened; a site's own imports
//! win; concurrent first opens seed once; CMS codes files import with
//! their addenda checked.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use rusqlite::Connection;
use serde_json::Value;

const CODESETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/codesets");

/// The seed template these tests share (kept between runs under target/).
fn template_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("seed-template")
}

/// `chartq --db DB` (`support::chartq`) with the seed template these tests share.
fn chartq(db: &Path) -> Command {
    let mut cmd = crate::support::chartq(db);
    cmd.env("CHARTQ_SEED_TEMPLATE", template_dir());
    cmd
}

fn json(cmd: &mut Command) -> Vec<Value> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// (label, effective_from, effective_to) per system, as `codes list` says.
fn ranges(db: &Path) -> Vec<String> {
    json(chartq(db).args(["codes", "list", "--json"]))
        .iter()
        .map(|v| {
            format!(
                "{} {} {}..{}",
                v["system"].as_str().unwrap(),
                v["label"].as_str().unwrap(),
                v["effective_from"].as_str().unwrap(),
                v["effective_to"].as_str().unwrap()
            )
        })
        .collect()
}

const FIVE: [&str; 5] = [
    "ICD-10-CM FY2027 2026-10-01..2027-09-30",
    "ICD-10-CM FY2026 2025-10-01..2026-09-30",
    "ICD-10-PCS FY2027 2026-10-01..2027-09-30",
    "ICD-10-PCS FY2026-Apr 2026-04-01..2026-09-30",
    "ICD-10-PCS FY2026 2025-10-01..2026-09-30",
];

#[test]
fn todays_codes_are_there_in_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chartq.db");
    assert_eq!(ranges(&db), FIVE);

    chartq(&db)
        .args(["code", "show", "--date", "2026-11-30", "K6A.01"])
        .assert()
        .success()
        .stdout(predicate::str::contains("K6A.01  Prevesical abscess"))
        .stdout(predicate::str::contains("ICD-10-CM FY2027 · billable"))
        .stdout(predicate::str::contains(
            "K6A  (title not in the FY2027 codes file)",
        ))
        .stdout(predicate::str::contains("Notes (from FY2026):"))
        .stdout(predicate::str::contains("(inherited from 11)"));
    let d = &json(chartq(&db).args(["code", "show", "--date", "2026-11-30", "k6a01", "--json"]))[0];
    assert_eq!(d["version"], "FY2027");
    assert_eq!(d["notes_borrowed_from"], "FY2026");
    assert_eq!(d["valid_on_date"], true);
    let path: Vec<&str> = d["hierarchy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(path, ["11", "K65-K68", "K6A", "K6A.0"]);
    let notes = d["notes"].as_array().unwrap();
    assert!(!notes.is_empty());
    assert!(notes.iter().all(|n| n["borrowed_from"] == "FY2026"));

    // A 7th-character injury code: its 7th characters from S72, FY2026's.
    chartq(&db)
        .args(["code", "show", "--date", "2026-11-30", "S72.001A"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ICD-10-CM FY2027 · billable"))
        .stdout(predicate::str::contains(
            "7th characters (defined at S72 in FY2026):",
        ));

    // ICD-10-PCS FY2027: a code new in FY2027, in a table new in FY2027.
    let d =
        &json(chartq(&db).args(["code", "show", "--date", "2026-11-30", "XEZ5XKC", "--json"]))[0];
    assert_eq!(
        (
            d["system"].as_str(),
            d["version"].as_str(),
            d["billable"].as_bool()
        ),
        (Some("ICD-10-PCS"), Some("FY2027"), Some(true))
    );
    assert_eq!(d["hierarchy"][0]["code"], "XEZ");
    assert_eq!(d["notes_borrowed_from"], Value::Null);
    // Not valid before FY2027: the April 2026 release lacks it.
    chartq(&db)
        .args(["code", "show", "--date", "2026-05-01", "XEZ5XKC"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no code XEZ5XKC in ICD-10-CM FY2026, ICD-10-PCS FY2026-Apr",
        ));
    // October 2025 is covered by the bundled FY2026 releases.
    chartq(&db)
        .args(["code", "show", "--date", "2025-10-01", "E11.22"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ICD-10-CM FY2026 · billable"));
}

/// A database as the chartq that bundled only the April 2026 ICD-10-CM left
/// it: schema 7 (before borrowed notes and the audit chain), one version
/// `FY2026-Apr` (2026-04-01..2026-09-30) from
/// `bundled:icd10cm-tabular-2026-04-01.xml`, no audit events for it.
fn landed_database(dir: &Path) -> PathBuf {
    let db = dir.join("old.db");
    chartq(&db).args(["codes", "list"]).assert().success();
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         DELETE FROM code_set_version WHERE source != 'bundled:icd10cm-tabular-2026-04-01.xml';
         UPDATE code_set_version SET label = 'FY2026-Apr', effective_from = '2026-04-01'
             WHERE source = 'bundled:icd10cm-tabular-2026-04-01.xml';
         DROP TRIGGER report_claimed;
         DROP TRIGGER report_work_ended;
         DROP TRIGGER report_chart_finalized;
         DROP TRIGGER report_chart_held;
         DROP TABLE report_open_claim;
         DROP TABLE report_work;
         DROP TABLE report_finalized;
         DROP TABLE report_hold;
         DROP TABLE report_day;
         DROP TABLE report_hour;
         DROP INDEX provider_query_by_asked;
         DROP INDEX chart_backlog;
         ALTER TABLE provider_query DROP COLUMN chosen_option;
         ALTER TABLE chart DROP COLUMN expected_charges_cents;
         ALTER TABLE code_note DROP COLUMN borrowed_from;
         ALTER TABLE code_set_version DROP COLUMN notes_from;
         ALTER TABLE provider_query DROP COLUMN attributed_to;
         ALTER TABLE provider_query DROP COLUMN entered_on_behalf;
         ALTER TABLE chart DROP COLUMN discharge_status;
         DROP TABLE poa_exempt_code;
         DROP TABLE poa_exempt_list;
         DROP TABLE chart_drg;
         DROP TABLE index_node;
         DROP TABLE index_tree;
         DROP TABLE chart_working_drg;
         DROP TABLE review_tally;
         DROP TABLE review_code;
         DROP TABLE review;
         DROP TABLE review_sample;
         DROP TABLE review_plan;
         DROP TRIGGER audit_event_chained;
         DROP TRIGGER audit_event_no_delete;
         DELETE FROM audit_event;
         ALTER TABLE audit_event DROP COLUMN hash;
         ALTER TABLE audit_event DROP COLUMN mac;
         CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
         BEGIN
             SELECT RAISE(ABORT, 'audit events are append-only');
         END;
         PRAGMA user_version = 7;",
    )
    .unwrap();
    drop(conn);
    db
}

#[test]
fn a_database_from_the_landed_version_gains_the_new_versions() {
    let dir = tempfile::tempdir().unwrap();
    let db = landed_database(dir.path());
    let old_id = count(&db, "SELECT id FROM code_set_version");
    let events_before = count(&db, "SELECT coalesce(max(id), 0) FROM audit_event");
    assert_eq!(count(&db, "SELECT count(*) FROM code_set_version"), 1);

    assert_eq!(ranges(&db), FIVE);
    assert_eq!(
        count(&db, "PRAGMA user_version"),
        chartq::store::migrations::SCHEMA_VERSION
    );
    // The tabular was relabelled in place, not stored again: codes already
    // assigned against it keep their version.
    assert_eq!(
        count(
            &db,
            "SELECT id FROM code_set_version WHERE source = 'bundled:icd10cm-tabular-2026-04-01.xml'"
        ),
        old_id
    );
    let conn = Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT user_login, action, json_extract(details, '$.label'),
                    coalesce(json_extract(details, '$.previous_label'), '')
             FROM audit_event WHERE id > ?1 ORDER BY id",
        )
        .unwrap();
    let events: Vec<String> = stmt
        .query_map([events_before], |r| {
            Ok(format!(
                "{} {} {} {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        events,
        [
            "system code_set_updated FY2026 FY2026-Apr",
            "system code_set_seeded FY2027 ",
            "system code_set_seeded FY2026 ",
            "system code_set_seeded FY2026-Apr ",
            "system code_set_seeded FY2027 ",
        ]
    );
    // Opening again changes nothing.
    let all = count(&db, "SELECT count(*) FROM audit_event");
    assert_eq!(ranges(&db), FIVE);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_event"), all);
    chartq(&db)
        .args(["code", "show", "--date", "2025-11-01", "E11.22"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ICD-10-CM FY2026 · billable"));
}

#[test]
fn a_version_the_site_imported_wins_over_the_bundled_one() {
    let dir = tempfile::tempdir().unwrap();
    let mini = crate::support::fixtures::code_file("icd10cm_mini.xml");

    // Under the bundled label: it replaces the bundled version for good.
    let db = dir.path().join("same-label.db");
    chartq(&db).arg("init").assert().success();
    chartq(&db)
        .args([
            "codes",
            "import",
            "cm",
            "--version",
            "FY2027",
            "--effective",
            "2026-10-01..2027-09-30",
        ])
        .arg(&mini)
        .assert()
        .success();
    let seeded = count(
        &db,
        "SELECT count(*) FROM audit_event WHERE action = 'code_set_seeded'",
    );
    assert_eq!(ranges(&db), FIVE);
    let v = json(chartq(&db).args(["codes", "list", "--json"]));
    assert_eq!(v[0]["label"], "FY2027");
    assert_eq!(v[0]["codes"], 57);
    assert!(
        v[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("icd10cm_mini.xml")
    );
    assert_eq!(v[0]["notes_borrowed_from"], Value::Null);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_event WHERE action = 'code_set_seeded'"
        ),
        seeded
    );

    // Under a label of its own, starting the same day: the date of service
    // picks the site's.
    let db = dir.path().join("own-label.db");
    chartq(&db).arg("init").assert().success();
    chartq(&db)
        .args([
            "codes",
            "import",
            "cm",
            "--version",
            "site-FY2027",
            "--effective",
            "2026-10-01..2027-09-30",
        ])
        .arg(&mini)
        .assert()
        .success();
    let d =
        &json(chartq(&db).args(["code", "show", "--date", "2026-11-30", "E11.22", "--json"]))[0];
    assert_eq!(d["version"], "site-FY2027");
    assert_eq!(d["notes_borrowed_from"], Value::Null);
    let d = &json(chartq(&db).args(["code", "show", "E11.22", "--json"]))[0];
    assert_eq!(d["version"], "site-FY2027");
    let top = json(chartq(&db).args(["search", "--date", "2026-11-30", "--json", "e1122"]));
    assert!(top.iter().any(|h| h["code"] == "E11.22"));
}

/// Four processes opening one brand-new database at once: each version is
/// stored once, with one event each, whether the file is copied from a
/// template (built once, under a lock) or seeded directly.
#[test]
fn concurrent_first_opens_seed_each_version_once() {
    let dir = tempfile::tempdir().unwrap();
    for (case, template) in [
        ("direct", "off".to_string()),
        ("template", {
            dir.path().join("fresh-template").display().to_string()
        }),
    ] {
        let db = dir.path().join(format!("{case}.db"));
        let children: Vec<std::process::Child> = (0..4)
            .map(|_| {
                crate::support::command()
                    .arg("--db")
                    .arg(&db)
                    .args(["codes", "list"])
                    .env("CHARTQ_SEED_TEMPLATE", &template)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{case}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(ranges(&db), FIVE, "{case}");
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM audit_event WHERE action = 'code_set_seeded'"
            ),
            5,
            "{case}"
        );
        let check: String = Connection::open(&db)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{case}");
        // Private, and no temporary file left beside it.
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{case}");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{case}: {left:?}");
    }
}

#[test]
fn a_damaged_template_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    let new_db = |name: &str| {
        let db = dir.path().join(name);
        let mut cmd = crate::support::chartq(&db);
        cmd.args(["codes", "list", "--json"])
            .env("CHARTQ_SEED_TEMPLATE", &templates);
        assert_eq!(json(&mut cmd).len(), 5);
        db
    };
    new_db("first.db");
    let template = std::fs::read_dir(&templates)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "db"))
        .expect("a template");
    let good = std::fs::metadata(&template).unwrap().len();
    // Cut in half: not used, rebuilt, and the new database is whole.
    let bytes = std::fs::read(&template).unwrap();
    std::fs::write(&template, &bytes[..bytes.len() / 2]).unwrap();
    let db = new_db("second.db");
    assert_eq!(std::fs::metadata(&template).unwrap().len(), good);
    assert_eq!(ranges(&db), FIVE);
    // Something else under its name: the same.
    std::fs::write(&template, b"not a database").unwrap();
    new_db("third.db");
    assert_eq!(std::fs::metadata(&template).unwrap().len(), good);
}

fn zip(members: &[(&str, &[u8])], to: &Path) {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for (name, bytes) in members {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

fn gunzip(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// `codes import` of the CMS codes files: hierarchy and notes from the
/// installed FY2026, changes against the version before, the addenda
/// checked (given with --addenda or found in the zip).
#[test]
fn codes_files_import_with_their_addenda_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chartq.db");
    chartq(&db).arg("init").assert().success();
    let cm = Path::new(CODESETS).join("icd10cm/fy2027");
    chartq(&db)
        .args(["codes", "import", "cm", "--addenda"])
        .arg(cm.join("icd10cm_codes_addenda_2027.txt"))
        .arg(cm.join("icd10cm_codes_2027.txt.gz"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported ICD-10-CM FY2027 (2026-10-01..2027-09-30): 98722 entries, 74879 billable",
        ))
        .stdout(predicate::str::contains(
            "codes file: hierarchy and header titles from ICD-10-CM FY2026;",
        ))
        .stdout(predicate::str::contains("codes became headers (D69.1,"))
        .stdout(predicate::str::contains(
            "notes borrowed from FY2026 for",
        ))
        .stdout(predicate::str::contains(
            "changes against ICD-10-CM FY2026: 190 added, 30 deleted, 4 retitled (119 more titles differ only in accents)",
        ))
        .stdout(predicate::str::contains(
            "addenda icd10cm_codes_addenda_2027.txt: 190 adds, 30 deletes, 4 revisions: all reflected in the file",
        ));
    let v = json(chartq(&db).args(["codes", "list", "--json"]));
    assert_eq!(v[0]["label"], "FY2027");
    assert!(
        v[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("icd10cm_codes_2027.txt.gz")
    );
    assert_eq!(v[0]["notes_borrowed_from"], "FY2026");
    chartq(&db)
        .args(["code", "show", "M67.A0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("M67.A0  Plantar fasciitis"));

    // PCS: the official zip shape, the addenda beside the codes file, one
    // Add line the file does not have: listed, and the import goes ahead.
    let pcs = Path::new(CODESETS).join("icd10pcs/fy2027");
    let mut addenda = std::fs::read(pcs.join("icd10pcs_codes_addenda_2027.txt")).unwrap();
    let first_delete = addenda.windows(7).position(|w| w == b"Delete:").unwrap();
    addenda.splice(
        first_delete..first_delete,
        b"Add:         0TXB0Z6 Transfer Nothing to Nowhere, Open Approach\n"
            .iter()
            .copied(),
    );
    let text = String::from_utf8(addenda)
        .unwrap()
        .replace("    101 additions", "    102 additions");
    let zipped = dir.path().join("2027-icd-10-pcs-codes-file.zip");
    zip(
        &[
            (
                "icd10pcs_codes_2027.txt",
                &gunzip(&pcs.join("icd10pcs_codes_2027.txt.gz")),
            ),
            ("icd10pcs_codes_addenda_2027.txt", text.as_bytes()),
            ("icd10pcs_codes_file.pdf", b"%PDF"),
        ],
        &zipped,
    );
    chartq(&db)
        .args(["codes", "import", "pcs"])
        .arg(&zipped)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported ICD-10-PCS FY2027 (2026-10-01..2027-09-30): 80174 entries, 79256 billable",
        ))
        .stdout(predicate::str::contains(
            "codes file: hierarchy and header titles from ICD-10-PCS FY2026-Apr;",
        ))
        .stdout(predicate::str::contains(
            "changes against ICD-10-PCS FY2026-Apr: 101 added, 38 deleted, 3 retitled",
        ))
        .stdout(predicate::str::contains(
            "addenda icd10pcs_codes_addenda_2027.txt: 1 of 143 changes NOT reflected in the file:\n  Add 0TXB0Z6: the file's title is \"Transfer Bladder to Right Ureter, Open Approach\", the addenda's \"Transfer Nothing to Nowhere, Open Approach\"",
        ));
}
