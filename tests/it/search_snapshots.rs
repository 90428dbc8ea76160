//! The search snapshot kept in the database per code-set version, end to
//! end through the real binary: written by the first search of a seeded
//! version (and with an imported one), used by later searches, never
//! trusted when damaged or written by another build, replaced with its
//! version, and never worth waiting for a lock.

use crate::support::chartq;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::Connection;
use tempfile::TempDir;

/// A new database, seeded with the bundled code sets (no snapshots yet).
fn seeded(dir: &TempDir) -> PathBuf {
    let db = dir.path().join("chartq.db");
    chartq(&db).args(["codes", "list"]).assert().success();
    // The owner makes themselves its first admin (imports are admin work).
    chartq(&db).arg("init").assert().success();
    db
}

/// A new database searched once: the newest ICD-10-CM and ICD-10-PCS
/// versions have their snapshots.
fn searched(dir: &TempDir) -> PathBuf {
    let db = seeded(dir);
    assert_finds_e11_22(&db);
    assert_eq!(snapshots(&db).len(), 2);
    db
}

/// (version id, format, bytes) of every stored snapshot.
fn snapshots(db: &Path) -> Vec<(i64, i64, i64)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT version_id, format, length(data) FROM search_snapshot ORDER BY version_id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn tamper(db: &Path, sql: &str) {
    Connection::open(db).unwrap().execute_batch(sql).unwrap();
}

/// The codes `chartq search --json ARGS` prints, best first.
fn codes(db: &Path, args: &[&str]) -> Vec<String> {
    let out = chartq(db)
        .arg("search")
        .arg("--json")
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["code"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn assert_finds_e11_22(db: &Path) {
    let top = codes(db, &["dm2", "w", "ckd", "3a"]);
    assert!(
        top.iter().take(3).any(|c| c == "E11.22"),
        "E11.22 not in the top 3: {top:?}"
    );
}

#[test]
fn a_new_database_stores_each_index_at_its_first_search() {
    let dir = TempDir::new().unwrap();
    let db = seeded(&dir);
    // Seeding five versions writes no index: most are never searched.
    assert!(snapshots(&db).is_empty());
    assert_finds_e11_22(&db);
    // The first search stored the two it searched (the newest ICD-10-CM
    // and ICD-10-PCS).
    let stored = snapshots(&db);
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert!(stored.iter().all(|s| s.2 > 1_000_000), "{stored:?}");
    assert_finds_e11_22(&db);
    // Searching reads them; it does not write them again.
    assert_eq!(snapshots(&db), stored);
}

#[test]
fn a_damaged_snapshot_is_rebuilt_not_trusted() {
    let dir = TempDir::new().unwrap();
    let db = searched(&dir);
    let good = snapshots(&db);
    for damage in [
        "UPDATE search_snapshot SET data = substr(data, 1, length(data) / 2)",
        "UPDATE search_snapshot SET data = substr(data, 1, 5000) || X'FF' || substr(data, 5002)",
        "UPDATE search_snapshot SET data = X''",
        "UPDATE search_snapshot SET data = randomblob(4096)",
    ] {
        tamper(&db, damage);
        assert_ne!(snapshots(&db), good, "{damage}");
        assert_finds_e11_22(&db);
        // The first search after the damage stored a good one again.
        assert_eq!(snapshots(&db), good, "after {damage}");
    }
}

#[test]
fn a_snapshot_from_another_build_is_replaced() {
    let dir = TempDir::new().unwrap();
    let db = searched(&dir);
    let good = snapshots(&db);
    tamper(&db, "UPDATE search_snapshot SET format = 12345");
    assert_finds_e11_22(&db);
    assert_eq!(snapshots(&db), good);
    // Without one at all (a database from before snapshots), the same.
    tamper(&db, "DELETE FROM search_snapshot");
    assert_finds_e11_22(&db);
    assert_eq!(snapshots(&db), good);
}

#[test]
fn a_reimported_version_is_searched_afresh() {
    let dir = TempDir::new().unwrap();
    let db = searched(&dir);
    let fixture = &crate::support::fixtures::code_file("hcpcs_anweb_mini.txt");
    let import = |file: &Path| {
        chartq(&db)
            .args(["codes", "import", "hcpcs", "--version", "2019"])
            .args(["--effective", "2019-01-01"])
            .arg(file)
            .assert()
            .success();
    };
    import(fixture);
    assert_eq!(snapshots(&db).len(), 3);
    assert_eq!(
        codes(&db, &["--system", "hcpcs", "cpap", "device"])[0],
        "E0601"
    );

    // Same label, changed title (same width, so the layout holds).
    let bytes = std::fs::read(fixture).unwrap();
    let text: Vec<u8> = String::from_utf8_lossy(&bytes)
        .replace("(cpap) device", "(cpap) widget")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let changed = dir.path().join("hcpcs_changed.txt");
    std::fs::write(&changed, text).unwrap();
    import(&changed);
    assert_eq!(snapshots(&db).len(), 3);
    assert_eq!(
        codes(&db, &["--system", "hcpcs", "cpap", "widget"])[0],
        "E0601"
    );
    chartq(&db)
        .args(["search", "--system", "hcpcs", "widget"])
        .assert()
        .success();
    // No other entry of the fixture says "device": the old title is gone.
    chartq(&db)
        .args(["search", "--system", "hcpcs", "device"])
        .assert()
        .code(1);
}

#[test]
fn terminated_codes_follow_the_date_of_service() {
    let dir = TempDir::new().unwrap();
    let db = seeded(&dir);
    chartq(&db)
        .args(["codes", "import", "hcpcs", "--version", "2019"])
        .args(["--effective", "2017-01-01"])
        .arg(crate::support::fixtures::code_file("hcpcs_anweb_mini.txt"))
        .assert()
        .success();
    let on = |date: &str| {
        chartq(&db)
            .args(["search", "--system", "hcpcs", "--date", date, "adjunctive"])
            .assert()
    };
    // CP is valid through 2017-12-31.
    on("2017-12-31")
        .success()
        .stdout(predicates::str::contains("CP"));
    on("2018-01-01").code(1);
    // The same index answers without a date, terminated codes included.
    assert_eq!(codes(&db, &["--system", "hcpcs", "adjunctive"]), ["CP"]);
}

#[test]
fn a_busy_database_does_not_wait_to_store_a_snapshot() {
    let dir = TempDir::new().unwrap();
    let db = searched(&dir);
    // What a search that rebuilds the indexes costs on this machine now
    // (a debug build under load: seconds), with nobody holding the lock.
    tamper(&db, "DELETE FROM search_snapshot");
    let started = Instant::now();
    assert_finds_e11_22(&db);
    let free = started.elapsed();
    tamper(&db, "DELETE FROM search_snapshot");
    let writer = Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    assert_finds_e11_22(&db);
    // The store waits up to 10 s for a lock; a cache write must not: the
    // same search with the lock held costs no wait on top.
    let held = started.elapsed();
    assert!(
        held < free + chartq::store::BUSY_TIMEOUT / 2,
        "with the lock held {held:?}, without {free:?}"
    );
    writer.execute_batch("COMMIT").unwrap();
    assert!(snapshots(&db).is_empty());
    assert_finds_e11_22(&db);
    assert_eq!(snapshots(&db).len(), 2);
}

#[test]
fn many_processes_meeting_a_missing_snapshot_all_answer_and_one_stores_it() {
    let dir = TempDir::new().unwrap();
    let db = searched(&dir);
    let good = snapshots(&db);
    tamper(&db, "DELETE FROM search_snapshot");
    let searches: Vec<std::process::Child> = (0..6)
        .map(|_| {
            crate::support::command()
                .arg("--db")
                .arg(&db)
                .args(["search", "--json", "dm2", "w", "ckd", "3a"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in searches {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let first3 = String::from_utf8(out.stdout).unwrap();
        assert!(
            first3.lines().take(3).any(|l| l.contains(r#""E11.22""#)),
            "{first3}"
        );
    }
    assert_eq!(snapshots(&db), good);
    let conn = Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
