//! The coding half of the PostgreSQL backend (issue 13): code-set import
//! through the admin-only definer function, search through the seam, and
//! `chartq search` as a whole process whose snapshot comes from the server
//! on the first run and from the host's cache after (a tampered cache file
//! is refetched, never trusted).
//!
//! Gated by the PostgreSQL harness (`support::pg`: `CHARTQ_TEST_PG`, one
//! skip line when unset, a failure under `CHARTQ_TEST_PG_REQUIRED=1`); each
//! test gets its own database set up by `init-postgres`.

use chartq::domain::codes::{Code, CodeKind, CodeSet, CodeSystem, Note, NoteKind};
use chartq::domain::people::{Actor, Role, User};
use chartq::search::{DatedSearch, SearchOptions, Uncovered, snapshot_encoder};
use chartq::store::backend::Backend;
use chartq::store::backend::postgres::Postgres;
use chartq::store::code_sets::NewCodeSet;
use chartq::store::code_tables::VersionSpec;

use crate::support;
use crate::support::pg::PgDb;

fn admin_actor(pg: &Postgres) -> Actor {
    Actor {
        user: User {
            id: 1,
            login: pg.login().unwrap(),
            name: None,
            role: Role::Admin,
            queues: vec![],
            created_at: String::new(),
        },
        real_login: None,
    }
}

fn code(code: &str, title: &str, inclusion: &[&str]) -> Code {
    Code {
        code: code.into(),
        kind: CodeKind::Code,
        billable: true,
        short_title: None,
        long_title: title.into(),
        parent: None,
        notes: inclusion
            .iter()
            .map(|t| Note {
                kind: NoteKind::Inclusion,
                text: (*t).into(),
            })
            .collect(),
        valid_until: None,
    }
}

/// Imports a small ICD-10-CM version as the admin (the test's login).
pub(crate) fn import_small_version(url: &str) -> i64 {
    let mut pg = Postgres::connect(url).expect("connect as admin");
    let actor = admin_actor(&pg);
    let set = CodeSet {
        codes: vec![
            code(
                "E11.9",
                "Type 2 diabetes mellitus without complications",
                &["Diabetes NOS"],
            ),
            code(
                "E10.9",
                "Type 1 diabetes mellitus without complications",
                &[],
            ),
            code(
                "I10",
                "Essential (primary) hypertension",
                &["High blood pressure"],
            ),
        ],
    };
    let spec = VersionSpec {
        system: CodeSystem::Icd10Cm,
        label: "FY2026".into(),
        effective_from: "2025-10-01".parse().unwrap(),
        effective_to: Some("2026-09-30".parse().unwrap()),
        source: "test-codes.txt".into(),
    };
    let encode = snapshot_encoder(CodeSystem::Icd10Cm);
    pg.import_code_set(
        &actor,
        &NewCodeSet {
            spec: &spec,
            set: &set,
            borrowed: None,
        },
        &encode,
    )
    .expect("import")
}

#[test]
fn an_imported_code_set_is_searched_through_the_seam() {
    let Some(db) = PgDb::new("coding") else {
        return;
    };
    let url = db.url.clone();
    let id = import_small_version(&url);
    let pg = Postgres::connect(&url).unwrap();
    let versions = pg.versions().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!((versions[0].id, versions[0].code_count), (id, 3));
    assert_eq!(versions[0].billable_count, 3);
    let on = pg
        .version_on(CodeSystem::Icd10Cm, "2026-01-15".parse().unwrap())
        .unwrap();
    assert_eq!(on.map(|v| v.label), Some("FY2026".to_string()));
    assert!(
        pg.version_on(CodeSystem::Icd10Cm, "2027-01-15".parse().unwrap())
            .unwrap()
            .is_none()
    );
    let set = pg.code_set(id).unwrap();
    assert_eq!(set.codes[0].code, "E11.9");
    assert_eq!(set.codes[0].notes[0].text, "Diabetes NOS");
    let searcher = DatedSearch::from_backend(Box::new(pg)).unwrap();
    let hits = searcher
        .search("diabetes", &SearchOptions::default(), Uncovered::Refuse)
        .unwrap();
    let codes: Vec<&str> = hits.iter().map(|h| h.code.as_str()).collect();
    assert!(
        codes.contains(&"E11.9") && codes.contains(&"E10.9"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"I10"), "{codes:?}");
}

#[test]
fn chartq_search_downloads_the_snapshot_once_then_reads_the_host_cache() {
    let Some(db) = PgDb::new("coding") else {
        return;
    };
    let url = db.url.clone();
    import_small_version(&url);
    let cache = tempfile::tempdir().unwrap();
    let search = || search_through(cache.path(), &url, &["diabetes"]);
    let first = search();
    assert!(first.contains("E11.9"), "{first}");
    let cached: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert_eq!(cached[0].extension().unwrap(), "snap");
    // Warm: the same answer from the cache.
    assert_eq!(search(), first);
    // A tampered file is not trusted: refetched, same answer, file fixed.
    let good = std::fs::read(&cached[0]).unwrap();
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0xff;
    std::fs::remove_file(&cached[0]).unwrap();
    std::fs::write(&cached[0], &bad).unwrap();
    assert_eq!(search(), first);
    assert_eq!(std::fs::read(&cached[0]).unwrap(), good);
}

#[test]
fn a_coder_cannot_import_a_code_set_or_store_a_snapshot() {
    let Some(db) = PgDb::new("coding") else {
        return;
    };
    let url = db.url.clone();
    let id = import_small_version(&url);
    // The database's coder group role, reached by SET ROLE from the
    // test's superuser login (logging in as a coder over peer
    // authentication is pg-core's harness): the tables refuse a coder's
    // direct writes whatever the functions would allow.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let prefix: String = client
        .query_one("SELECT prefix FROM chartq.install", &[])
        .unwrap()
        .get(0);
    client
        .batch_execute(&format!("SET ROLE {prefix}coder"))
        .unwrap();
    for sql in [
        "INSERT INTO chartq.code_set_version (system, label, effective_from, source) VALUES ('CPT', 'x', '2026-01-01', 'x')",
        "UPDATE chartq.search_snapshot SET data = '\\x00'",
        "DELETE FROM chartq.code",
        "INSERT INTO chartq.assignment (chart_id, seq, system, code, billable, title, role, assigned_by) VALUES (1, 1, 'CPT', 'x', true, 'x', 'procedure', 2)",
    ] {
        let err = client.batch_execute(sql).unwrap_err();
        let message = err.as_db_error().map(|d| d.message().to_string());
        assert!(
            message
                .as_deref()
                .is_some_and(|m| m.contains("permission denied")),
            "{sql}: {err:?}"
        );
    }
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM chartq.search_snapshot WHERE version_id = $1",
            &[&id],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "code sets stay readable to a coder");
}

#[test]
fn chartq_codes_import_writes_a_team_database_and_search_reads_it() {
    let Some(db) = PgDb::new("codescli") else {
        return;
    };
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/codes/icd10cm_mini.xml"
    );
    let out = db.ok(&["codes", "import", "cm", "--version", "mini", fixture]);
    assert!(
        out.contains("imported ICD-10-CM mini (2025-10-01..2026-09-30)"),
        "{out}"
    );
    let cache = tempfile::tempdir().unwrap();
    let found = db
        .chartq(&["search", "diabetes", "--json"])
        .env("CHARTQ_SNAPSHOT_CACHE", cache.path())
        .output()
        .unwrap();
    assert!(
        found.status.success(),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    let text = String::from_utf8(found.stdout).unwrap();
    assert!(text.contains("\"code\""), "{text}");
    // A coder's own session (session_user the coder) may not import,
    // even calling the function directly: the database refuses it.
    let coder = format!("{}cy", db.prefix);
    db.ok(&["user", "add", &coder, "--role", "coder"]);
    let mut client = crate::support::pg::connect(&db.url);
    client
        .batch_execute(&format!("SET SESSION AUTHORIZATION \"{coder}\""))
        .unwrap();
    let err = client
        .execute(
            "SELECT chartq.import_code_set(NULL, 'CPT', 'x', '2026-01-01', NULL, 'x', NULL, '[]', '[]')",
            &[],
        )
        .unwrap_err();
    let refusal = err.as_db_error().map(|e| e.message().to_string());
    assert!(
        refusal.as_deref().is_some_and(|m| m.contains("for admins")),
        "{err:?}"
    );
}

/// Every bundled system's snapshot read through the host cache (each
/// decoded on a thread of its own while the next is read) gives the SQLite
/// file's answer, in the same order; and a system whose snapshot is gone
/// is rebuilt from its codes between the others, same answer again.
#[test]
fn several_systems_from_the_host_cache_answer_as_the_sqlite_file_does() {
    let Some(seeded) = support::backends::TestDb::postgres_seeded_copy() else {
        return;
    };
    let pg = seeded.pg().expect("a PostgreSQL database");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seeded.db");
    support::chartq(&file).arg("init").assert().success();
    let cache = tempfile::tempdir().unwrap();
    let search =
        |db: &str, query: &str| search_through(cache.path(), db, &[query, "--limit", "40"]);
    let mut answers = String::new();
    for query in ["appendectomy", "fracture of femur", "0DT"] {
        let expected = search(file.to_str().unwrap(), query);
        // First run downloads, the second reads the cache.
        assert_eq!(search(&pg.url, query), expected, "{query}");
        assert_eq!(search(&pg.url, query), expected, "{query}");
        answers.push_str(&expected);
    }
    assert!(
        answers.contains("\"ICD-10-CM\"") && answers.contains("\"ICD-10-PCS\""),
        "{answers}"
    );
    // The first system's snapshot removed: rebuilt, stored again.
    let mut su = support::pg::connect(&pg.url);
    let removed = su
        .execute(
            "DELETE FROM chartq.search_snapshot WHERE version_id = (
                 SELECT min(version_id) FROM chartq.search_snapshot)",
            &[],
        )
        .unwrap();
    assert_eq!(removed, 1);
    let expected = search(file.to_str().unwrap(), "appendectomy");
    assert_eq!(search(&pg.url, "appendectomy"), expected);
}

/// `chartq --db DB search ARGS… --json` with the host cache in `cache`;
/// its standard output, the run asserted successful.
fn search_through(cache: &std::path::Path, db: &str, args: &[&str]) -> String {
    let out = support::command()
        .args(["--db", db, "search", "--json"])
        .args(args)
        .env("CHARTQ_SNAPSHOT_CACHE", cache)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
