//! The audit log's chain: `chartq audit verify` finds every kind of
//! tampering done with direct SQL (an edited detail, a deleted event, a
//! forged insert, two events swapped, the trigger dropped and put back
//! around an edit) and names the first bad event, exit 1; an intact log
//! exits 0; a log rebuilt from scratch (every hash recomputed) or cut short
//! shows against a kept head (`audit head`) or with a key
//! (CHARTQ_AUDIT_KEY_FILE), not otherwise.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::backends::Cli;
use crate::support::queue::Db;

// On both backends: the untouched log and who may verify. The tampering
// tests stay SQLite-only: they edit the file as its owner could (dropping
// the triggers); on PostgreSQL no chartq role can write the table at all
// (`pg_security`), and a superuser's edit is found by the same verifier
// (`pg_core`).
use chartq::store::audit_chain::{Field, GENESIS, event_hash};
use rusqlite::Connection;
use rusqlite::types::ValueRef;

const NO_UPDATE: &str = "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;";
const NO_DELETE: &str = "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;";

/// Runs `sql` the way someone with write access to the file would: the
/// append-only triggers dropped first and put back, identical, after.
fn tamper(db: &Db, sql: &str) {
    db.sql()
        .execute_batch(&format!(
            "BEGIN; DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;
             {sql};
             {NO_UPDATE} {NO_DELETE} COMMIT;"
        ))
        .unwrap();
}

/// Recomputes every hash from event `from` on, as chartq would have (the
/// encoding is public): what someone covering their tracks does.
fn rechain_from(db: &Db, from: i64) {
    let conn = db.sql();
    conn.execute_batch("DROP TRIGGER audit_event_no_update")
        .unwrap();
    let mut prev: Vec<u8> = conn
        .query_row(
            "SELECT hash FROM audit_event WHERE id < ?1 ORDER BY id DESC LIMIT 1",
            [from],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| GENESIS.to_vec());
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM audit_event WHERE id >= ?1 ORDER BY id")
        .unwrap()
        .query_map([from], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for id in ids {
        let hash = conn
            .query_row(
                "SELECT id, at, user_login, real_login, action, chart_id, details
                 FROM audit_event WHERE id = ?1",
                [id],
                |r| {
                    let cols: [Field<'_>; 7] =
                        std::array::from_fn(|i| Field::from(r.get_ref(i).unwrap()));
                    Ok(event_hash(Field::Blob(&prev), &cols))
                },
            )
            .unwrap();
        conn.execute(
            "UPDATE audit_event SET hash = ?1 WHERE id = ?2",
            rusqlite::params![&hash[..], id],
        )
        .unwrap();
        prev = hash.to_vec();
    }
    conn.execute_batch(NO_UPDATE).unwrap();
}

fn verify(db: &impl Cli, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["audit", "verify"];
    args.extend_from_slice(extra);
    let out = db.run(&args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap(), format!("{stdout}{stderr}"))
}

fn head(db: &impl Cli) -> String {
    db.ok(&["audit", "head"]).trim().to_string()
}

fn last_id(db: &impl Cli) -> i64 {
    db.count("SELECT max(id) FROM audit_event")
}

/// The template's events plus a few of every shape (chart ids, `--as`).
fn busy_db() -> Db {
    let db = Db::new();
    busy(&db);
    db
}

/// [`busy_db`]'s events on any database.
fn busy(db: &impl Cli) {
    let lines: Vec<String> = (1..=3)
        .map(|i| {
            crate::support::queue::chart_line(&crate::support::queue::ChartSpec {
                account: &format!("ACC-{i}"),
                ..Default::default()
            })
        })
        .collect();
    db.import(&lines);
    db.ok(&["--as", "coder1", "queue", "claim", "ACC-1"]);
    db.ok(&["chart", "show", "ACC-2"]);
}

crate::on_both! {
fn an_untouched_log_is_intact_and_its_head_anchors_it(db) {
    busy(db);
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("audit log intact"), "{out}");
    let h = head(&db);
    assert!(h.starts_with(&format!("{}:", last_id(&db))), "{h}");
    assert_eq!(h.len(), h.find(':').unwrap() + 65, "{h}");
    db.ok(&["chart", "show", "ACC-3"]);
    let (code, out) = verify(&db, &["--from-head", &h]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("matches the kept head {h}")), "{out}");
    let json = db.json(&["audit", "verify"]);
    assert_eq!(json["intact"], true);

    // A head that is not one: exit 2, not "tampered".
    let (code, out) = verify(&db, &["--from-head", "12:abc"]);
    assert_eq!(code, 2, "{out}");
}
}

#[test]
fn an_edited_detail_is_found_at_its_event() {
    let db = busy_db();
    tamper(
        &db,
        "UPDATE audit_event SET details = json_set(details, '$.role', 'coder') WHERE id = 3",
    );
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("TAMPERED: first bad event 3"), "{out}");
    assert_eq!(
        out.matches("  event ").count(),
        1,
        "only the edited event: {out}"
    );
}

#[test]
fn a_deleted_event_is_found_at_the_next_one() {
    let db = busy_db();
    tamper(&db, "DELETE FROM audit_event WHERE id = 5");
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("TAMPERED: first bad event 6"), "{out}");
    assert!(out.contains("event 5 before it is missing"), "{out}");
}

#[test]
fn forged_inserts_are_refused_or_found() {
    let db = busy_db();
    // Without a hash: the trigger refuses it.
    let err = db
        .sql()
        .execute_batch(
            "INSERT INTO audit_event (at, user_login, action) VALUES ('2026-01-01T00:00:00Z', 'x', 'y')",
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("chained"), "{err}");

    // With a made-up hash at the end.
    let next = last_id(&db) + 1;
    tamper(
        &db,
        &format!(
            "INSERT INTO audit_event (id, at, user_login, action, details, hash)
             VALUES ({next}, '2026-01-01T00:00:00Z', 'mallory', 'chart_viewed', '{{}}', randomblob(32))"
        ),
    );
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("first bad event {next}")), "{out}");

    // In the middle, the later events renumbered to make room.
    let db = busy_db();
    tamper(
        &db,
        "UPDATE audit_event SET id = id + 1000000 WHERE id >= 4;
         UPDATE audit_event SET id = id - 1000000 + 1 WHERE id >= 1000000;
         INSERT INTO audit_event (id, at, user_login, action, details, hash)
             VALUES (4, '2026-01-01T00:00:00Z', 'mallory', 'user_added', '{}', randomblob(32))",
    );
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("first bad event 4"), "{out}");
}

#[test]
fn two_swapped_events_are_found() {
    let db = busy_db();
    tamper(
        &db,
        "UPDATE audit_event SET id = -7 WHERE id = 7;
         UPDATE audit_event SET id = 7 WHERE id = 8;
         UPDATE audit_event SET id = 8 WHERE id = -7",
    );
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("first bad event 7"), "{out}");
}

#[test]
fn dropping_the_trigger_editing_and_putting_it_back_is_found() {
    let db = busy_db();
    // Left dropped: said so even with no edit.
    db.sql()
        .execute_batch("DROP TRIGGER audit_event_no_update")
        .unwrap();
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("trigger audit_event_no_update is missing"),
        "{out}"
    );
    // Edited and put back exactly: the trigger check passes, the hash not.
    db.sql()
        .execute_batch(&format!(
            "UPDATE audit_event SET user_login = 'someone_else' WHERE id = 2; {NO_UPDATE}"
        ))
        .unwrap();
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("trigger"), "{out}");
    assert!(out.contains("first bad event 2"), "{out}");
    // A trigger put back that no longer refuses anything.
    db.sql()
        .execute_batch(
            "DROP TRIGGER audit_event_no_delete;
             CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT 1; END;",
        )
        .unwrap();
    let (_, out) = verify(&db, &[]);
    assert!(
        out.contains("trigger audit_event_no_delete was changed"),
        "{out}"
    );
}

#[test]
fn a_rebuilt_chain_shows_only_against_a_kept_head() {
    let db = busy_db();
    let kept = head(&db);
    let kept_id = last_id(&db);
    tamper(
        &db,
        "UPDATE audit_event SET details = '{\"login\":\"mallory\",\"role\":\"admin\"}' WHERE id = 2",
    );
    rechain_from(&db, 2);
    // What the chain alone cannot show (said in the README).
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 0, "a rebuilt chain is consistent: {out}");
    let (code, out) = verify(&db, &["--from-head", &kept]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("first bad event {kept_id}")) && out.contains("rewritten"),
        "{out}"
    );
}

#[test]
fn events_cut_from_the_end_show_against_a_kept_head() {
    let db = busy_db();
    let kept = head(&db);
    let last = last_id(&db);
    tamper(
        &db,
        &format!("DELETE FROM audit_event WHERE id > {}", last - 2),
    );
    assert_eq!(verify(&db, &[]).0, 0);
    let (code, out) = verify(&db, &["--from-head", &kept]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("removed from its end"), "{out}");
    assert!(out.contains(&format!("first bad event {last}")), "{out}");
}

crate::on_both! {
fn only_auditors_and_up_verify(db) {
    busy(db);
    let out = db.run(&["--as", "coder1", "audit", "verify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("auditor role"));
    let out = db.run(&["--as", "aud", "audit", "verify"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
}

/// A key file (mode 0600) in the test's directory.
fn key_file(db: &Db, name: &str, byte: u8) -> PathBuf {
    let path = db.dir.path().join(name);
    std::fs::write(&path, [byte; 32]).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

fn run_keyed(db: &Db, key: &Path, args: &[&str]) -> Output {
    db.cmd(args)
        .env("CHARTQ_AUDIT_KEY_FILE", key)
        .output()
        .unwrap()
}

#[test]
fn with_a_key_a_rebuilt_chain_and_a_forged_event_show_without_a_head() {
    let db = busy_db();
    let key = key_file(&db, "audit.key", 7);
    // Events written with the key from here on carry a MAC.
    for account in ["ACC-1", "ACC-2", "ACC-3"] {
        let out = run_keyed(&db, &key, &["chart", "show", account]);
        assert!(out.status.success(), "{out:?}");
    }
    let out = run_keyed(&db, &key, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 events signed"));

    // A keyed log takes no event from a process without the key, or with
    // another one.
    let err = db.fails(2, &["chart", "show", "ACC-1"]);
    assert!(err.contains("CHARTQ_AUDIT_KEY_FILE"), "{err}");
    let other = key_file(&db, "other.key", 9);
    let out = run_keyed(&db, &other, &["chart", "show", "ACC-1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("another key"));

    // Rebuilt from an early event on: consistent, but the MACs no longer
    // match (the key is not in the database).
    tamper(
        &db,
        "UPDATE audit_event SET user_login = 'mallory' WHERE id = 2",
    );
    rechain_from(&db, 2);
    assert_eq!(verify(&db, &[]).0, 0);
    let out = run_keyed(&db, &key, &["audit", "verify"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("MAC does not match"), "{text}");

    // A forged event appended with a correct hash but no MAC.
    let db = busy_db();
    let out = run_keyed(&db, &key, &["chart", "show", "ACC-1"]);
    assert!(out.status.success());
    let next = last_id(&db) + 1;
    tamper(
        &db,
        &format!(
            "INSERT INTO audit_event (id, at, user_login, action, details, hash)
             VALUES ({next}, '2026-01-01T00:00:00Z', 'mallory', 'chart_viewed', '{{}}', zeroblob(32))"
        ),
    );
    rechain_from(&db, next);
    assert_eq!(
        verify(&db, &[]).0,
        0,
        "a well-made forgery passes the chain"
    );
    let out = run_keyed(&db, &key, &["audit", "verify"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("first bad event {next}")), "{text}");
    assert!(text.contains("has no MAC"), "{text}");
}

#[test]
fn a_key_readable_by_everyone_is_refused() {
    let db = busy_db();
    let key = key_file(&db, "audit.key", 7);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run_keyed(&db, &key, &["chart", "show", "ACC-1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("readable by everyone"));
}

/// Migration 0009 chains the events of an older database in place: a
/// database of the previous version with events, upgraded, verifies, and
/// its chaining is a `system` event.
#[test]
fn the_migration_chains_an_older_log() {
    use chartq::store::migrations::MIGRATIONS;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let conn = Connection::open(&path).unwrap();
    let before_chain = MIGRATIONS
        .iter()
        .position(|m| m.contains("chartq_audit_hash"))
        .unwrap();
    for m in &MIGRATIONS[..before_chain] {
        conn.execute_batch(m).unwrap();
    }
    for i in 1..=50 {
        conn.execute(
            "INSERT INTO audit_event (at, user_login, action, details) VALUES ('2026-01-01T00:00:00Z', ?1, 'chart_viewed', ?2)",
            rusqlite::params![format!("u{i}"), format!("{{\"i\":{i}}}")],
        )
        .unwrap();
    }
    conn.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = {before_chain};",
        chartq::store::APPLICATION_ID
    ))
    .unwrap();
    drop(conn);
    let store = chartq::store::Store::open(&path).unwrap();
    let v = store
        .read(|c| chartq::store::audit_chain::verify(c, &[], None, 20))
        .unwrap();
    assert!(v.intact(), "{:?}", v.problems);
    assert_eq!(v.events, 51);
    let (user, details): (String, String) = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT user_login, details FROM audit_event WHERE id = 51",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(user, "system");
    assert!(details.contains("\"events\":50"), "{details}");
    let _ = ValueRef::Null;
}
