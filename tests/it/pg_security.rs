//! The database refuses what chartq would refuse, even to a coder with
//! `psql` (issue 13): connected as a coder's own PostgreSQL login, every
//! forbidden write fails in the database — editing, deleting or forging an
//! audit event, editing a chart someone else holds (directly or through
//! the functions), reading a queue they did not join, importing charts or
//! code sets, creating objects. And two OS users code from one queue over
//! the local socket with their own identities (peer authentication).

use crate::support::pg::{PgDb, os_user};
use crate::support::queue::{ChartSpec, chart_line};

fn feed() -> Vec<String> {
    [("E-1", "ed"), ("E-2", "ed"), ("C-1", "clinic")]
        .iter()
        .map(|(account, queue)| {
            chart_line(&ChartSpec {
                account,
                queue,
                kind: "ed",
                ..Default::default()
            })
        })
        .collect()
}

/// The SQLSTATE of a refused statement.
fn refused(result: Result<u64, postgres::Error>, what: &str) -> String {
    let err = result.expect_err(&format!("{what}: the database allowed it"));
    err.code()
        .map(|c| c.code().to_string())
        .unwrap_or_else(|| panic!("{what}: {err}"))
}

#[test]
fn pg_forbidden_writes_are_refused_by_the_database() {
    let Some(db) = PgDb::new("sec") else { return };
    let (ana, ben) = (db.login("ana"), db.login("ben"));
    for who in [&ana, &ben] {
        db.ok(&["user", "add", who]);
        db.ok(&["user", "join", "ed", "--user", who]);
    }
    db.import(&feed());
    db.ok(&["--as", &ben, "queue", "claim", "E-1"]);
    let mut ana_db = db.as_login(&ana);
    let who: String = ana_db
        .query_one("SELECT session_user::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(who, ana);

    // The audit log: no UPDATE, DELETE or INSERT, not even through the
    // append function (only the definer functions may call it).
    for (what, sql) in [
        (
            "update an audit event",
            "UPDATE chartq.audit_event SET user_login = 'nobody'",
        ),
        (
            "delete an audit event",
            "DELETE FROM chartq.audit_event WHERE id = 1",
        ),
        (
            "insert an audit event under another name",
            "INSERT INTO chartq.audit_event (id, at, user_login, action, details)
             VALUES (9999, '2026-01-01T00:00:00Z', 'someone', 'chart_viewed', '{}')",
        ),
        ("truncate the audit log", "TRUNCATE chartq.audit_event"),
    ] {
        assert_eq!(refused(ana_db.execute(sql, &[]), what), "42501", "{what}");
    }
    let forged = ana_db.execute(
        "SELECT chartq.audit_append('someone', NULL, 'chart_viewed', NULL, '{}')",
        &[],
    );
    assert_eq!(refused(forged, "append a forged event"), "42501");

    // A chart someone else holds: no direct UPDATE; the functions refuse.
    let direct = ana_db.execute(
        "UPDATE chartq.chart SET lease_holder = chartq.my_id() WHERE account = 'E-1'",
        &[],
    );
    assert_eq!(refused(direct, "edit a chart"), "42501");
    let release = ana_db.execute("SELECT chartq.release(NULL, NULL, 'E-1')", &[]);
    assert_eq!(refused(release, "release ben's chart"), "CQ403");
    let hold = ana_db.execute("SELECT chartq.hold(NULL, NULL, 'E-1', 'mine now')", &[]);
    assert_eq!(refused(hold, "hold ben's chart"), "CQ403");
    // Acting as someone else is an admin's only.
    let as_ben = ana_db.execute(&format!("SELECT chartq.renew('{ben}', NULL, 'E-1')"), &[]);
    assert_eq!(refused(as_ben, "act as ben"), "CQ403");

    // A queue not joined: its charts are not there for her.
    let seen: Vec<String> = ana_db
        .query("SELECT account FROM chartq.chart ORDER BY account", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(seen, ["E-1", "E-2"]);
    let docs: i64 = ana_db
        .query_one(
            "SELECT count(*) FROM chartq.document d JOIN chartq.chart c ON c.id = d.chart_id
             WHERE c.account = 'C-1'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(docs, 0);
    let claim_other = ana_db.execute("SELECT chartq.claim(NULL, NULL, NULL, 'C-1', 60)", &[]);
    assert_eq!(
        refused(claim_other, "claim from a queue not joined"),
        "CQ404"
    );
    // The audit log's other events are not hers to read either.
    let events: i64 = ana_db
        .query_one(
            "SELECT count(*) FROM chartq.audit_event WHERE chart_id IS NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(events, 0);

    // Imports: charts through the function refuse a coder; no table takes
    // a direct write (code sets included, whatever tables hold them).
    for call in [
        "SELECT chartq.import_begin(NULL)",
        "SELECT chartq.import_batch(NULL, 'x.jsonl')",
        "SELECT chartq.import_seal(10)",
    ] {
        let import = ana_db.execute(call, &[]);
        assert_eq!(refused(import, "import charts"), "CQ403", "{call}");
    }
    let writable: Vec<String> = ana_db
        .query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'chartq' AND c.relkind = 'r'
               AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')
                    OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE'))",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(writable.is_empty(), "writable by a coder: {writable:?}");
    let create = ana_db.execute("CREATE TABLE chartq.code_set_forged (x int)", &[]);
    assert_eq!(refused(create, "create a table"), "42501");
    let user = ana_db.execute("SELECT chartq.user_set_role(NULL, $1, 'admin')", &[&ana]);
    assert_eq!(refused(user, "make herself admin"), "CQ403");
    // None of it left a trace but the refusals: ben still holds E-1.
    let holder: String = db
        .admin()
        .query_one(
            "SELECT u.login FROM chartq.chart c JOIN chartq.app_user u ON u.id = c.lease_holder
             WHERE c.account = 'E-1'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(holder, ben);
}

#[test]
fn pg_two_os_users_code_from_one_queue_as_themselves() {
    let Some(db) = PgDb::new("peer") else { return };
    if !(os_user("cq_ana") && os_user("cq_ben")) {
        return;
    }
    for who in ["cq_ana", "cq_ben"] {
        // The login roles are cluster-wide: another test may have made them.
        let out = db.chartq(&["user", "add", who]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        db.ok(&["user", "join", "ed", "--user", who]);
    }
    db.import(&feed());
    let run = |who: &str, args: &[&str]| -> String {
        let out = db.chartq_as(who, args).output().unwrap();
        assert!(
            out.status.success(),
            "{who} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run("cq_ana", &["user", "whoami"]).starts_with("cq_ana"));
    let a = run("cq_ana", &["queue", "claim", "--json"]);
    let b = run("cq_ben", &["queue", "claim", "--json"]);
    let a: serde_json::Value = serde_json::from_str(&a).unwrap();
    let b: serde_json::Value = serde_json::from_str(&b).unwrap();
    assert_eq!(a["lease_holder"], "cq_ana");
    assert_eq!(b["lease_holder"], "cq_ben");
    assert_ne!(a["account"], b["account"]);
    // A coder's own list (found by queue index, then the policy): their
    // queue's charts in claim order, nothing from a queue not joined;
    // --mine and --status narrow it the same way.
    let accounts = |out: String| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let list = v.as_array().cloned().unwrap_or_default();
        list.iter()
            .map(|c| c["account"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let listed = accounts(run("cq_ana", &["queue", "list", "--json"]));
    assert_eq!(listed, ["E-1", "E-2"], "{listed:?}");
    let mine = accounts(run("cq_ana", &["queue", "list", "--mine", "--json"]));
    assert_eq!(mine, [a["account"].as_str().unwrap_or_default()]);
    let held = accounts(run(
        "cq_ana",
        &["queue", "list", "--status", "in_progress", "--json"],
    ));
    assert_eq!(held, ["E-1", "E-2"], "{held:?}");
    // cq_ben cannot pretend to be cq_ana: --as is an admin's, and the
    // database knows him by his socket's peer.
    let out = db
        .chartq_as("cq_ben", &["--as", "cq_ana", "queue", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let by: Vec<(String, Option<String>)> = db
        .admin()
        .query(
            "SELECT user_login, real_login FROM chartq.audit_event
             WHERE action = 'chart_claimed' ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        by,
        [("cq_ana".to_string(), None), ("cq_ben".to_string(), None)]
    );
}

/// What verify finds on PostgreSQL when someone with the table owner's
/// rights goes around the functions: an event inserted directly is never
/// pending nor linked (reported as outside the chain); an event changed
/// after it was linked no longer matches its link. A coder can neither
/// link (`audit_seal`) nor ask for a seal (`audit_seal_now`).
#[test]
fn pg_verify_finds_events_outside_the_chain_and_changed_ones() {
    let Some(db) = PgDb::new("forge") else { return };
    let ana = db.login("ana");
    db.ok(&["user", "add", &ana]);
    db.ok(&["user", "join", "ed", "--user", &ana]);
    db.import(&feed());
    db.ok(&["--as", &ana, "queue", "claim", "E-1"]);
    let mut ana_db = db.as_login(&ana);
    let seal = ana_db.execute("SELECT chartq.audit_seal(true, NULL)", &[]);
    assert_eq!(refused(seal, "link the chain"), "42501");
    let seal_now = ana_db.execute("SELECT chartq.audit_seal_now()", &[]);
    assert_eq!(refused(seal_now, "seal as a coder"), "CQ403");
    let verify = || {
        let out = db.chartq(&["audit", "verify", "--json"]).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), v)
    };
    let (code, v) = verify();
    assert_eq!(code, Some(0), "{v}");

    let mut owner = db.admin();
    let forged: i64 = owner
        .query_one(
            "INSERT INTO chartq.audit_event (id, at, user_login, action, details)
             VALUES (nextval('chartq.audit_event_id_seq'), '2026-01-01T00:00:00Z', 'someone',
                     'chart_viewed', '{}') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let (code, v) = verify();
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["first_bad_event"], forged, "{v}");
    assert!(v.to_string().contains("not in the chain"), "{v}");

    let claimed: i64 = db.count(
        "SELECT id FROM chartq.audit_event WHERE action = 'chart_claimed' ORDER BY id LIMIT 1",
    );
    owner
        .batch_execute(&format!(
            "ALTER TABLE chartq.audit_event DISABLE TRIGGER audit_event_no_update;
             UPDATE chartq.audit_event SET user_login = 'nobody' WHERE id = {claimed};
             ALTER TABLE chartq.audit_event ENABLE TRIGGER audit_event_no_update;"
        ))
        .unwrap();
    let (code, v) = verify();
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["first_bad_event"], claimed, "{v}");
}
