//! Issue 9, items 1 and 5, through the real binary: code-set and index
//! imports are admin work with an audit event in the same transaction,
//! reading commands on a database with users need a user record, and a
//! database nobody has run `chartq init` on has no admin for anyone to take.

use crate::support::chartq;
use chartq::domain::people::Role;
use std::path::{Path, PathBuf};

use chartq::domain::people::Actor;
use chartq::store::Store;
use chartq::store::people;
use predicates::str::contains;
use rusqlite::Connection;

use crate::support::backends::TestDb;
use crate::support::fixtures::CODES as FIXTURES;

/// A new database made (and seeded) by the binary, nobody in it.
fn new_db(dir: &Path) -> PathBuf {
    let db = dir.join("chartq.db");
    chartq(&db).args(["codes", "list"]).assert().success();
    db
}

/// A database whose admin is `boss` (another login), with this process's
/// login as `role`, or not a user at all when `role` is `None`.
fn db_with_me_as(dir: &Path, role: Option<Role>) -> PathBuf {
    let db = new_db(dir);
    let mut store = Store::open(&db).unwrap();
    let boss = Actor {
        user: people::init_as(&mut store, "boss", people::process_uid()).unwrap(),
        real_login: None,
    };
    if let Some(role) = role {
        people::add_user(
            &mut store,
            &boss,
            &people::login_name().unwrap(),
            role,
            None,
        )
        .unwrap();
    }
    db
}

/// [`fingerprint`] of either backend's database.
fn counts(db: &TestDb) -> Vec<i64> {
    FINGERPRINT.iter().map(|sql| db.count(sql)).collect()
}

const FINGERPRINT: [&str; 5] = [
    "SELECT count(*) FROM code_set_version",
    "SELECT count(*) FROM code",
    "SELECT count(*) FROM index_term",
    "SELECT count(*) FROM audit_event",
    "SELECT count(*) FROM app_user",
];

/// Runs `args` expecting exit status 2 and stderr saying each of `says`.
fn refused(db: &TestDb, args: &[&str], says: &[&str]) {
    let out = db.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    for s in says {
        assert!(stderr.contains(s), "{args:?}: {s:?} not in {stderr}");
    }
}

fn fixture(name: &str) -> String {
    Path::new(FIXTURES).join(name).to_str().unwrap().to_string()
}

const IMPORT_PCS: [&str; 7] = [
    "codes",
    "import",
    "pcs",
    "--version",
    "mini-pcs",
    "--effective",
    "2025-10-01",
];

/// Every table a code-set or index import writes, and the audit log.
fn fingerprint(db: &Path) -> Vec<i64> {
    let conn = Connection::open(db).unwrap();
    [
        "SELECT count(*) FROM code_set_version",
        "SELECT count(*) FROM code",
        "SELECT count(*) FROM index_term",
        "SELECT count(*) FROM audit_event",
        "SELECT count(*) FROM app_user",
    ]
    .iter()
    .map(|sql| conn.query_row(sql, [], |r| r.get(0)).unwrap())
    .collect()
}

fn import_pcs(db: &Path) -> assert_cmd::assert::Assert {
    chartq(db)
        .args([
            "codes",
            "import",
            "pcs",
            "--version",
            "mini-pcs",
            "--effective",
            "2025-10-01",
        ])
        .arg(Path::new(FIXTURES).join("icd10pcs_order_mini.txt"))
        .assert()
}

fn import_index(db: &Path) -> assert_cmd::assert::Assert {
    chartq(db)
        .args(["codes", "import-index"])
        .arg(Path::new(FIXTURES).join("icd10cm_drug_mini.xml"))
        .assert()
}

// On both backends the one running chartq is checked: on SQLite the
// process's login in a database whose admin is `boss`; on PostgreSQL the
// session user, so the PostgreSQL half runs chartq as the OS user `cq_ana`
// over peer authentication (the test's own login is the database's admin,
// and identity cannot be claimed in the URL). The database refuses too:
// `pg_security` calls the definer functions directly as a coder.
crate::on_both! {
sqlite = TestDb::sqlite_made(|d| db_with_me_as(d, Some(Role::Coder))),
postgres = TestDb::postgres_as("cq_ana", Some(Role::Coder));
fn a_coder_cannot_import_code_sets_or_index_files(db) {
    let before = counts(db);
    let pcs = fixture("icd10pcs_order_mini.txt");
    let mut args = IMPORT_PCS.to_vec();
    args.push(&pcs);
    refused(db, &args, &["importing a code set needs the admin role"]);
    let index = fixture("icd10cm_drug_mini.xml");
    refused(
        db,
        &["codes", "import-index", &index],
        &["importing an index file needs the admin role"],
    );
    assert_eq!(counts(db), before, "nothing changed, nothing audited");
}
}

crate::on_both! {
sqlite = TestDb::sqlite_made(|d| db_with_me_as(d, None)),
postgres = TestDb::postgres_as("cq_ana", None);
fn someone_not_in_the_users_table_cannot_import(db) {
    let before = counts(db);
    let pcs = fixture("icd10pcs_order_mini.txt");
    let mut args = IMPORT_PCS.to_vec();
    args.push(&pcs);
    refused(db, &args, &["not a chartq user", "chartq user add"]);
    let index = fixture("icd10cm_drug_mini.xml");
    refused(db, &["codes", "import-index", &index], &["not a chartq user"]);
    // Nor read: on PostgreSQL the database itself lets no one in who holds
    // no chartq role (on SQLite, `reading_commands_need_a_user_record_…`).
    if db.is_pg() {
        for args in [&["codes", "list"][..], &["code", "show", "E11.9"], &["queue", "list"]] {
            refused(db, args, &["not a chartq user", "chartq user add"]);
        }
    }
    assert_eq!(counts(db), before);
}
}

// The admin's imports, on both backends: on SQLite the process's login as
// an admin beside `boss`; on PostgreSQL the test's login, the database's
// first admin, on a copy of a seeded database (the index import needs the
// bundled ICD-10-CM).
crate::on_both! {
sqlite = TestDb::sqlite_made(|d| db_with_me_as(d, Some(Role::Admin))),
postgres = TestDb::postgres_seeded_copy();
fn an_admins_imports_are_audited_with_the_change(db) {
    let pcs = fixture("icd10pcs_order_mini.txt");
    let mut args = IMPORT_PCS.to_vec();
    args.push(&pcs);
    db.ok(&args);
    db.ok(&["codes", "import-index", &fixture("icd10cm_drug_mini.xml")]);
    let imports = "FROM audit_event WHERE action IN ('code_set_imported', 'index_imported')";
    assert_eq!(db.count(&format!("SELECT count(*) {imports}")), 2);
    let nth = |column: &str, n: usize| {
        db.text(&format!("SELECT {column} {imports} ORDER BY id LIMIT 1 OFFSET {n}"))
            .unwrap()
    };
    let me = db.backend().login().unwrap();
    assert_eq!(
        (nth("action", 0), nth("user_login", 0)),
        ("code_set_imported".to_string(), me.clone())
    );
    let details: serde_json::Value = serde_json::from_str(&nth("details", 0)).unwrap();
    assert_eq!(details["label"], "mini-pcs");
    assert_eq!(details["system"], "ICD-10-PCS");
    assert_eq!(
        (nth("action", 1), nth("user_login", 1)),
        ("index_imported".to_string(), me)
    );
    // The audit chain still verifies with the new events in it.
    db.ok(&["audit", "verify"]);
}
}

// SQLite-only: a SQLite file is readable by whoever can open it, so chartq
// itself asks for a user record; on PostgreSQL the database lets no one
// without a chartq role in (`someone_not_in_the_users_table_cannot_import`).
#[test]
fn reading_commands_need_a_user_record_once_there_are_users() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_me_as(dir.path(), None);
    for args in [
        &["codes", "list"][..],
        &["code", "show", "E11.9"],
        &["search", "dm2"],
        &["queue", "list"],
    ] {
        chartq(&db)
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("not a chartq user"))
            .stderr(contains("chartq user add"));
    }
    // A coder reads them.
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_me_as(dir.path(), Some(Role::Coder));
    chartq(&db).args(["codes", "list"]).assert().success();
    chartq(&db).args(["search", "dm2"]).assert().success();
}

// SQLite-only: a file nobody ran `chartq init` on; a team database's first
// admin is `chartq db init-postgres`'s (`pg_core`).
#[test]
fn nobody_becomes_admin_by_coming_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    // Search works on a database with no users (whoever can open the file
    // reads it), and registers nobody.
    chartq(&db).args(["search", "dm2"]).assert().success();
    for args in [
        &["queue", "list"][..],
        &["user", "whoami"],
        &["user", "add", "mallory", "--role", "admin"],
    ] {
        chartq(&db)
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("no users yet"))
            .stderr(contains("chartq init"));
    }
    let before = fingerprint(&db);
    import_pcs(&db).code(2).stderr(contains("chartq init"));
    import_index(&db).code(2).stderr(contains("chartq init"));
    assert_eq!(fingerprint(&db), before);
    assert_eq!(before[4], 0, "no user was registered");

    // `chartq init` is the way in; then the work commands answer.
    chartq(&db).arg("init").assert().success();
    chartq(&db)
        .args(["user", "whoami"])
        .assert()
        .success()
        .stdout(contains("admin"));
    import_pcs(&db).success();
}
