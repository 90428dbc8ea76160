//! `chartq codes import|list` and `chartq code show` through the real
//! binary: seeding, imports of every format (plain, gzip, zip), defaults,
//! and malformed files that must exit 2 naming file and line while leaving
//! the database unchanged.

use crate::support::chartq;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::backends::TestDb;
use crate::support::fixtures::CODES as FIXTURES;

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// A database seeded once by the binary itself; each test works on a copy
/// (seeding in a debug build takes seconds).
fn seeded_db(dir: &Path) -> PathBuf {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_keep, template) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("template.db");
        chartq(&db).args(["codes", "list"]).assert().success();
        // The owner makes themselves its first admin (imports are admin work).
        chartq(&db).arg("init").assert().success();
        // Copies take the file alone: move init's commit out of the WAL.
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        (dir, db)
    });
    let db = dir.join("chartq.db");
    std::fs::copy(template, &db).unwrap();
    db
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn versions(db: &TestDb) -> Vec<Value> {
    json_lines(db.ok(&["codes", "list", "--json"]).as_bytes())
}

/// A path as a command-line argument.
fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `args`, asserting exit status `code` (`None`: any failure);
/// (stdout, stderr).
fn check(db: &TestDb, args: &[&str], code: Option<i32>) -> (String, String) {
    let out = db.run(args);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    match code {
        Some(code) => assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}"),
        None => assert!(!out.status.success(), "{args:?}: {stdout}"),
    }
    (stdout, stderr)
}

/// Runs `args`, asserting exit status `code` and that stderr says `says`.
fn exits(db: &TestDb, code: i32, args: &[&str], says: &str) {
    let out = db.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: {says:?} not in {stderr}");
}

// Every test runs on both backends, each over a database holding the
// bundled releases: the reading tests on PostgreSQL share one seeded by
// `chartq init`; the import tests each get a writable copy of a seeded
// template (`TestDb::postgres_seeded_copy`, about a second where seeding
// takes a minute).
crate::on_both! {
sqlite = TestDb::sqlite_made(seeded_db), postgres = TestDb::postgres_seeded();
fn a_new_database_has_the_bundled_releases_and_shows_e11_22(db) {
    let v = json_lines(db.ok(&["codes", "list", "--json"]).as_bytes());
    let rows: Vec<String> = v
        .iter()
        .map(|v| {
            format!(
                "{} {} {}..{} {}/{} {}",
                v["system"].as_str().unwrap(),
                v["label"].as_str().unwrap(),
                v["effective_from"].as_str().unwrap(),
                v["effective_to"].as_str().unwrap(),
                v["codes"],
                v["billable"],
                v["notes_borrowed_from"]
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "ICD-10-CM FY2027 2026-10-01..2027-09-30 98722/74879 \"FY2026\"",
            "ICD-10-CM FY2026 2025-10-01..2026-09-30 98505/74719 null",
            "ICD-10-PCS FY2027 2026-10-01..2027-09-30 80174/79256 null",
            "ICD-10-PCS FY2026-Apr 2026-04-01..2026-09-30 80110/79193 null",
            "ICD-10-PCS FY2026 2025-10-01..2026-09-30 80029/79115 null",
        ]
    );

    // The FY2026 tabular, with its own notes.
    let out = db.ok(&["code", "show", "E11.22", "--date", "2026-06-15"]);
    for says in [
        "ICD-10-CM FY2026 · billable",
        "Use additional code: code to identify stage of chronic kidney disease (N18.1-N18.6)",
        "E11  Type 2 diabetes mellitus",
        "(inherited from E11)",
    ] {
        assert!(out.contains(says), "{says:?} not in {out}");
    }
    assert!(!out.contains("borrowed"), "{out}");
    // Without a date: the newest, FY2027, whose notes are FY2026's.
    let out = db.ok(&["code", "show", "E11.22"]);
    for says in [
        "ICD-10-CM FY2027 · billable",
        "Notes borrowed from FY2026: this version's file has none",
        "Use additional code: code to identify stage of chronic kidney disease (N18.1-N18.6)",
        "E11  Type 2 diabetes mellitus",
    ] {
        assert!(out.contains(says), "{says:?} not in {out}");
    }
    let out = db.ok(&["codes", "list"]);
    assert!(
        out.contains("bundled:icd10cm_codes_2027.txt (notes borrowed from FY2026)"),
        "{out}"
    );
}
}

crate::on_both! {
sqlite = TestDb::sqlite_made(seeded_db), postgres = TestDb::postgres_seeded();
fn show_json_has_hierarchy_inherited_notes_and_seventh_characters(db) {
    let out = db.ok(&["code", "show", "s72001", "--json"]);
    let d = &json_lines(out.as_bytes())[0];
    assert_eq!(d["code"], "S72.001");
    assert_eq!(d["billable"], false);
    let path: Vec<&str> = d["hierarchy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(path, ["19", "S70-S79", "S72", "S72.0", "S72.00"]);
    assert_eq!(d["seventh_characters_from"], "S72");
    let sevenths = d["seventh_characters"].as_array().unwrap();
    assert_eq!(sevenths.len(), 16);
    assert_eq!(sevenths[0]["character"], "A");
    assert_eq!(
        sevenths[0]["meaning"],
        "initial encounter for closed fracture"
    );
    assert!(
        d["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "excludes1"
                && n["inherited_from"] == "S72"
                && n["text"] == "traumatic amputation of hip and thigh (S78.-)")
    );

    let out = db.ok(&["code", "show", "E08.3211", "--json"]);
    let d = &json_lines(out.as_bytes())[0];
    assert_eq!(d["billable"], true);
    assert_eq!(
        d["title"],
        "Diabetes mellitus due to underlying condition with mild nonproliferative diabetic retinopathy with macular edema, right eye"
    );
}
}

crate::on_both! {
sqlite = TestDb::sqlite_made(seeded_db), postgres = TestDb::postgres_seeded();
fn unknown_code_exits_1_and_uncovered_date_exits_2(db) {
    exits(
        db,
        1,
        &["code", "show", "Q99.999"],
        "no code Q99.999 in ICD-10-CM FY2027, ICD-10-PCS FY2027",
    );
    exits(
        db,
        2,
        &["code", "show", "E11.22", "--date", "2030-01-01"],
        "no installed code set version covers 2030-01-01",
    );
    exits(
        db,
        2,
        &["code", "show", "E0601", "--system", "hcpcs"],
        "no HCPCS is installed",
    );
}
}

fn gzip(path: &Path, to: &Path) {
    let mut e = flate2::write::GzEncoder::new(
        std::fs::File::create(to).unwrap(),
        flate2::Compression::default(),
    );
    e.write_all(&std::fs::read(path).unwrap()).unwrap();
    e.finish().unwrap();
}

fn zip(members: &[(&str, &Path)], to: &Path) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for (name, path) in members {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&std::fs::read(path).unwrap()).unwrap();
    }
    w.finish().unwrap();
}

crate::on_both! {
    sqlite = TestDb::sqlite_made(seeded_db),
    postgres = TestDb::postgres_seeded_copy();
fn imports_plain_gzip_and_zip_with_derived_versions(db) {
    let p = db.dir.path();

    // PCS: the official zip shape (order file beside its addenda and a PDF).
    let pcs_zip = p.join("2026-icd-10-pcs-order-file.zip");
    zip(
        &[
            (
                "icd10pcs_order_2026.txt",
                &fixture("icd10pcs_order_mini.txt"),
            ),
            ("order_addenda_2026.txt", &fixture("cpt_invented.csv")),
            ("icd10pcsOrderFile.pdf", &fixture("cpt_invented.csv")),
        ],
        &pcs_zip,
    );
    let (out, _) = check(db, &["codes", "import", "pcs", s(&pcs_zip)], Some(0));
    assert!(predicate::str::contains(
            "imported ICD-10-PCS FY2026 (2025-10-01..2026-09-30): 5 entries, 4 billable",
        ).eval(&out), "{out}");

    // HCPCS: gzip, year from the name, disclaimer lines skipped.
    let anweb = p.join("HCPC2019_CONTR_ANWEB.txt.gz");
    gzip(&fixture("hcpcs_anweb_mini.txt"), &anweb);
    let (out, _) = check(db, &["codes", "import", "hcpcs", s(&anweb)], Some(0));
    assert!(predicate::str::contains(
            "imported HCPCS 2019 (2019-01-01..): 5 entries, 2 billable",
        ).eval(&out), "{out}");

    // CM tabular XML, plain, with an explicit label.
    let (out, _) = check(db, &["codes", "import", "cm", "--version", "mini", s(&fixture("icd10cm_mini.xml"))], Some(0));
    assert!(predicate::str::contains(
            "imported ICD-10-CM mini (2025-10-01..2026-09-30)",
        ).eval(&out), "{out}");

    // CPT: no year in the name, so --effective is required.
    let (_, err) = check(db, &["codes", "import", "cpt", s(&fixture("cpt_longult_invented.txt"))], Some(2));
    assert!(predicate::str::contains("pass --effective FROM[..TO]").eval(&err), "{err}");
    let (out, _) = check(db, &["codes", "import", "cpt", "--version", "2026", "--effective", "2026-01-01..2026-12-31", s(&fixture("cpt_longult_invented.txt"))], Some(0));
    assert!(predicate::str::contains(
            "imported CPT 2026 (2026-01-01..2026-12-31): 5 entries, 4 billable",
        ).eval(&out), "{out}");

    let v = versions(db);
    let labels: Vec<String> = v
        .iter()
        .map(|v| {
            format!(
                "{} {} {}",
                v["system"].as_str().unwrap(),
                v["label"].as_str().unwrap(),
                v["codes"]
            )
        })
        .collect();
    // The PCS import took the bundled FY2026's label: the site's file
    // replaced it and is not seeded over. The CM "mini" starts the same day
    // as the bundled FY2026 and, being the site's, comes first.
    assert_eq!(
        labels,
        [
            "CPT 2026 5",
            "HCPCS 2019 5",
            "ICD-10-CM FY2027 98722",
            "ICD-10-CM mini 57",
            "ICD-10-CM FY2026 98505",
            "ICD-10-PCS FY2027 80174",
            "ICD-10-PCS FY2026-Apr 80110",
            "ICD-10-PCS FY2026 5"
        ]
    );

    // The date of service picks the version; a terminated code says so.
    let (out, _) = check(db, &["code", "show", "cp", "--system", "hcpcs", "--date", "2019-06-01"], Some(0));
    assert!(predicate::str::contains(
            "Terminated: valid through 2017-12-31 — NOT valid on 2019-06-01",
        ).eval(&out), "{out}");
    let (out, _) = check(db, &["code", "show", "E11.22", "--date", "2026-01-15", "--json"], Some(0));
    assert!(predicate::str::contains(r#""version":"mini""#).eval(&out), "{out}");
    let (out, _) = check(db, &["code", "show", "0016070", "--date", "2026-01-15"], Some(0));
    assert!(predicate::str::contains("ICD-10-PCS FY2026 · billable").eval(&out), "{out}");
    let (out, _) = check(db, &["code", "show", "0016070"], Some(0));
    assert!(predicate::str::contains("ICD-10-PCS FY2027 · billable").eval(&out), "{out}");

    // Re-importing a label replaces that version.
    check(db, &["codes", "import", "cpt", "--version", "2026", "--effective", "2026-01-01", s(&fixture("cpt_invented.csv"))], Some(0));
    let cpt: Vec<Value> = versions(db)
        .into_iter()
        .filter(|v| v["system"] == "CPT")
        .collect();
    assert_eq!((cpt.len(), cpt[0]["codes"].as_i64()), (1, Some(3)));
}}

/// Everything `codes list` and a few lookups can see, to compare a
/// database before and after a failed import.
fn snapshot(db: &TestDb) -> String {
    db.ok(&["codes", "list", "--json"])
}

crate::on_both! {
    sqlite = TestDb::sqlite_made(seeded_db),
    postgres = TestDb::postgres_seeded_copy();
fn malformed_files_exit_2_with_file_and_line_and_change_nothing(db) {
    let p = db.dir.path();
    // A first good import, so "unchanged" covers more than the seed.
    check(db, &["codes", "import", "pcs", "--effective", "2025-10-01..2026-09-30", s(&fixture("icd10pcs_order_mini.txt"))], Some(0));
    let before = snapshot(db);

    let xml = std::fs::read_to_string(fixture("icd10cm_mini.xml")).unwrap();
    let truncated = p.join("truncated.xml");
    let cut = &xml[..xml.find("<name>E11.9").unwrap()];
    std::fs::write(&truncated, cut).unwrap();
    let line = cut.lines().count();
    let (_, err) = check(db, &["codes", "import", "cm", "--version", "FY2026-Apr", s(&truncated)], Some(2));
    assert!(predicate::str::contains(format!(
            "truncated.xml:{line}: field `xml`: unexpected end of file"
        )).eval(&err), "{err}");

    let bad_utf8 = p.join("latin1.xml");
    let mut bytes = xml.into_bytes();
    let at = bytes.windows(6).position(|w| w == b"Type 2").unwrap();
    bytes[at] = 0xE9;
    std::fs::write(&bad_utf8, &bytes).unwrap();
    let (_, err) = check(db, &["codes", "import", "cm", s(&bad_utf8)], Some(2));
    assert!(predicate::str::is_match(r"latin1\.xml:\d+: field `encoding`: invalid UTF-8").unwrap().eval(&err), "{err}");

    let order = std::fs::read_to_string(fixture("icd10pcs_order_mini.txt")).unwrap();
    let mut lines: Vec<String> = order.lines().map(str::to_string).collect();
    lines[3].replace_range(14..15, "7");
    let bad_flag = p.join("icd10pcs_order_2026.txt");
    std::fs::write(&bad_flag, lines.join("\r\n")).unwrap();
    let (_, err) = check(db, &["codes", "import", "pcs", s(&bad_flag)], Some(2));
    assert!(predicate::str::contains(
            "icd10pcs_order_2026.txt:4: field `flag`:",
        ).eval(&err), "{err}");

    // The last record (line 17) cut to 170 columns.
    let mut anweb = std::fs::read(fixture("hcpcs_anweb_mini.txt")).unwrap();
    let end = anweb.iter().rposition(|&b| b == b'\r').unwrap();
    anweb.drain(end - 150..end);
    let short_line = p.join("HCPC2019_ANWEB.txt");
    std::fs::write(&short_line, anweb).unwrap();
    let (_, err) = check(db, &["codes", "import", "hcpcs", s(&short_line)], Some(2));
    assert!(predicate::str::contains(
            "HCPC2019_ANWEB.txt:17: field `record length`:",
        ).eval(&err), "{err}");

    let empty_zip = p.join("download.zip");
    zip(&[("README.pdf", &fixture("cpt_invented.csv"))], &empty_zip);
    let (_, err) = check(db, &["codes", "import", "pcs", "--effective", "2025-10-01", s(&empty_zip)], Some(2));
    assert!(predicate::str::contains(
            "download.zip: zip holds no file of the expected kind",
        ).eval(&err), "{err}");

    let tables = p.join("icd10pcs_tables_2026.xml");
    std::fs::write(&tables, "<?xml version=\"1.0\"?>\n<ICD10PCS.tabular/>\n").unwrap();
    let (_, err) = check(db, &["codes", "import", "pcs", s(&tables)], Some(2));
    assert!(predicate::str::contains(
            "ICD-10-PCS is imported from CMS's order file",
        ).eval(&err), "{err}");

    check(db, &["codes", "import", "cm", "--effective", "2026-02-30", s(&fixture("icd10cm_mini.xml"))], Some(2));

    // A file in none of the formats is said to be none of them, at its
    // first line (not "an order record too short").
    let junk = p.join("junk.txt");
    std::fs::write(&junk, "\r\nthis is a shopping list\r\neggs\r\n").unwrap();
    let (_, err) = check(db, &["codes", "import", "cm", s(&junk)], Some(2));
    assert!(predicate::str::contains(
            "junk.txt:2: field `format`: not an ICD-10-CM tabular XML, order file or codes file",
        ).eval(&err), "{err}");
    let (_, err) = check(db, &["codes", "import", "pcs", s(&junk)], Some(2));
    assert!(predicate::str::contains(
            "junk.txt:2: field `format`: not an ICD-10-PCS order file or codes file",
        ).eval(&err), "{err}");
    let empty = p.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let (_, err) = check(db, &["codes", "import", "cm", s(&empty)], Some(2));
    assert!(predicate::str::contains("empty.txt: the file is empty").eval(&err), "{err}");

    // A codes file with a bad line names it; so does a bad addenda.
    let codes = p.join("icd10cm_codes_2027.txt");
    std::fs::write(
        &codes,
        "A000    Cholera due to Vibrio cholerae 01, biovar cholerae\r\n\
         A001    Cholera due to Vibrio cholerae 01, biovar eltor\r\n\
         A00.9   Cholera, unspecified\r\n",
    )
    .unwrap();
    let (_, err) = check(db, &["codes", "import", "cm", s(&codes)], Some(2));
    assert!(predicate::str::contains(
            "icd10cm_codes_2027.txt:3: field `code`: \"A00.9  \" is not a code",
        ).eval(&err), "{err}");
    let good_codes = p.join("icd10cm_codes_2028.txt");
    std::fs::write(&good_codes, "A000    Cholera\r\n").unwrap();
    let addenda = p.join("icd10cm_codes_addenda_2028.txt");
    std::fs::write(&addenda, "Add:         A000    Cholera\r\nAdd A001\r\n").unwrap();
    let (_, err) = check(db, &["codes", "import", "cm", "--addenda", s(&addenda), s(&good_codes)], Some(2));
    assert!(predicate::str::contains(
            "icd10cm_codes_addenda_2028.txt:2: field `action`:",
        ).eval(&err), "{err}");

    assert_eq!(snapshot(db), before);
}}
