//! The PostgreSQL team backend's core (issue 13): `init-postgres` is
//! idempotent and audited, `user add` makes the login role and its group
//! role, charts import, and claim/renew/release/hold/assign behave as on
//! SQLite, with the lease and audit times from the server and the events
//! chained server-side. Skipped (one line) without `CHARTQ_TEST_PG`.

use crate::support::pg::{PgDb, assert_read_only_through, forget_statistics, rows_read};
use crate::support::queue::{ChartSpec, chart_line};

/// `n` inpatient charts `P0000…` in queue `queue`.
fn charts(n: usize, queue: &str) -> Vec<String> {
    (0..n)
        .map(|i| {
            let account = format!("P{i:04}");
            chart_line(&ChartSpec {
                account: &account,
                queue,
                priority: (i % 5 + 1) as u8,
                ..Default::default()
            })
        })
        .collect()
}

fn json(db: &PgDb, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&db.ok(args)).unwrap()
}

#[test]
fn pg_init_postgres_is_idempotent_and_audited() {
    let Some(db) = PgDb::new("init") else { return };
    // PgDb::new ran it once; again: nothing applied, same prefix.
    let out = db.ok(&[
        "db",
        "init-postgres",
        &db.url,
        "--prefix",
        &db.prefix,
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["applied"], serde_json::json!([]));
    assert_eq!(report["prefix"], db.prefix.as_str());
    // Another prefix on the same database is refused.
    let err = db.fails(2, &["db", "init-postgres", &db.url, "--prefix", "other_"]);
    assert!(err.contains("role prefix"), "{err}");
    assert_eq!(
        db.count("SELECT count(*) FROM chartq.audit_event WHERE action = 'database_initialized'"),
        2
    );
    // The runner is the one admin, and a member of <prefix>admin.
    let me: String = db
        .admin()
        .query_one("SELECT session_user::text", &[])
        .unwrap()
        .get(0);
    let users = json(&db, &["user", "list", "--json"]);
    assert_eq!(users[0]["login"], me.as_str());
    assert_eq!(users[0]["role"], "admin");
    let member: bool = db
        .admin()
        .query_one(
            "SELECT pg_has_role($1, $2, 'MEMBER')",
            &[&me, &format!("{}admin", db.prefix)],
        )
        .unwrap()
        .get(0);
    assert!(member);
    // The four group roles exist and cannot log in.
    let groups: i64 = db.count(&format!(
        "SELECT count(*) FROM pg_roles WHERE NOT rolcanlogin AND rolname IN \
         ('{p}coder', '{p}auditor', '{p}supervisor', '{p}admin')",
        p = db.prefix
    ));
    assert_eq!(groups, 4);
    // The chain verifies.
    let v = json(&db, &["audit", "verify", "--json"]);
    assert_eq!(v["intact"], true, "{v}");
}

#[test]
fn pg_user_add_creates_the_login_role_and_grants_the_group_role() {
    let Some(db) = PgDb::new("users") else { return };
    let maria = db.login("maria");
    db.ok(&["user", "add", &maria, "--role", "coder", "--name", "Maria"]);
    let in_group = |role: &str| -> bool {
        db.admin()
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                 JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 AND u.rolname = $2)",
                &[&format!("{}{role}", db.prefix), &maria],
            )
            .unwrap()
            .get(0)
    };
    assert!(in_group("coder"));
    let login: bool = db
        .admin()
        .query_one(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1",
            &[&maria],
        )
        .unwrap()
        .get(0);
    assert!(login);
    let err = db.fails(2, &["user", "add", &maria]);
    assert!(err.contains("already exists"), "{err}");
    db.ok(&["user", "set-role", &maria, "supervisor"]);
    assert!(in_group("supervisor") && !in_group("coder"));
    // A coder may not add users: refused by the database too.
    let ana = db.login("ana");
    db.ok(&["user", "add", &ana]);
    let err = db
        .as_login(&ana)
        .execute(
            "SELECT chartq.user_add(NULL, 'mallory', 'admin', NULL)",
            &[],
        )
        .unwrap_err();
    assert_eq!(err.code().map(|c| c.code()), Some("CQ403"), "{err}");
    let actions: Vec<String> = db
        .admin()
        .query("SELECT action FROM chartq.audit_event ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "user_added").count(),
        3,
        "{actions:?}"
    );
    assert!(actions.contains(&"role_changed".to_string()));
}

#[test]
fn pg_claim_renew_hold_release_as_on_sqlite() {
    let Some(db) = PgDb::new("queue") else { return };
    let (ana, ben) = (db.login("ana"), db.login("ben"));
    for who in [&ana, &ben] {
        db.ok(&["user", "add", who]);
        db.ok(&["user", "join", "inpatient", "--user", who]);
    }
    db.import(&charts(5, "inpatient"));
    assert_eq!(db.count("SELECT count(*) FROM chartq.chart"), 5);
    // Re-importing the same feed changes nothing.
    db.import(&charts(5, "inpatient"));
    assert_eq!(
        db.count("SELECT count(*) FROM chartq.audit_event WHERE action = 'chart_created'"),
        5
    );
    // Claims go in claim order: priority 1 first (P0000, then P0005…).
    let claimed = json(&db, &["--as", &ana, "queue", "claim", "--json"]);
    assert_eq!(claimed["account"], "P0000");
    assert_eq!(claimed["status"], "in_progress");
    assert_eq!(claimed["lease_holder"], ana.as_str());
    let second = json(&db, &["--as", &ben, "queue", "claim", "--json"]);
    assert_eq!(second["account"], "P0001");
    // Only the holder renews or holds.
    let err = db.fails(2, &["--as", &ben, "queue", "renew", "P0000"]);
    assert!(err.contains("only the lease holder"), "{err}");
    db.ok(&["--as", &ana, "queue", "renew", "P0000"]);
    let held = json(
        &db,
        &[
            "--as",
            &ana,
            "hold",
            "P0000",
            "--reason",
            "missing op note",
            "--json",
        ],
    );
    assert_eq!(held["status"], "on_hold");
    assert_eq!(held["hold_reason"], "missing op note");
    // The coder claims their on-hold chart again by name, then releases it.
    let again = json(&db, &["--as", &ana, "queue", "claim", "P0000", "--json"]);
    assert_eq!(again["status"], "in_progress");
    let released = json(&db, &["--as", &ana, "queue", "release", "P0000", "--json"]);
    assert_eq!(released["status"], "new");
    assert!(released["lease_holder"].is_null());
    // A supervisor's assignment: only that coder may claim it.
    db.ok(&["queue", "assign", "P0002", "--to", &ben]);
    let err = db.fails(2, &["--as", &ana, "queue", "claim", "P0002"]);
    assert!(err.contains("assigned to someone else"), "{err}");
    let mine = json(&db, &["--as", &ben, "queue", "list", "--mine", "--json"]);
    assert_eq!(mine.as_array().unwrap().len(), 2, "{mine}");
    // Every change is audited server-side: the admin behind --as recorded.
    let me: String = db
        .admin()
        .query_one("SELECT session_user::text", &[])
        .unwrap()
        .get(0);
    let row = db
        .admin()
        .query_one(
            "SELECT user_login, real_login, at FROM chartq.audit_event
             WHERE action = 'chart_held'",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), ana);
    assert_eq!(row.get::<_, Option<String>>(1), Some(me));
    let at: String = row.get(2);
    assert!(at.ends_with('Z') && at.len() == 20, "{at}");
    // A lease that ran out goes back to the queue as `system`.
    db.admin()
        .execute(
            "UPDATE chartq.chart SET lease_until = 1 WHERE account = 'P0001'",
            &[],
        )
        .unwrap();
    let list = json(&db, &["queue", "list", "--json"]);
    let p1 = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["account"] == "P0001")
        .unwrap();
    assert_eq!(p1["status"], "new");
    assert_eq!(
        db.count("SELECT count(*) FROM chartq.audit_event WHERE action = 'lease_expired' AND user_login = 'system'"),
        1
    );
    let v = json(&db, &["audit", "verify", "--json"]);
    assert_eq!(v["intact"], true, "{v}");
}

/// A queue just imported has statistics that count no chart in progress;
/// once coders have claimed thousands, the check every claim makes (has
/// any lease run out?) must still read one entry of `chart_lease`, not
/// every chart in progress through another index (it once took a quarter
/// of the server's CPU in a 64-coder drain). Counted by the server's own
/// per-index statistics, with the lease index's answer checked both ways.
#[test]
fn pg_the_lease_check_reads_one_index_entry_on_stale_statistics() {
    let Some(db) = PgDb::new("leasechk") else {
        return;
    };
    db.import(&charts(3000, "inpatient"));
    let mut su = db.admin();
    su.batch_execute(
        "ALTER TABLE chartq.chart SET (autovacuum_enabled = off);
         ANALYZE chartq.chart;
         UPDATE chartq.chart SET status = 'in_progress', lease_holder = 1, coder_id = 1,
             lease_until = chartq.epoch() + 1800
         WHERE id IN (SELECT id FROM chartq.chart ORDER BY id LIMIT 2500);
         SELECT pg_stat_reset();",
    )
    .unwrap();
    let reads = |su: &mut postgres::Client| rows_read(su, "chartq.chart", "chart_lease");
    let ran_out = |su: &mut postgres::Client| -> bool {
        su.query_one("SELECT chartq.lease_ran_out()", &[])
            .unwrap()
            .get(0)
    };
    let before = reads(&mut su);
    assert!(!ran_out(&mut su));
    let after = reads(&mut su);
    assert_read_only_through("chart_lease", before, after);
    // One lease ends in the past: seen, and the sweep returns just it.
    su.batch_execute(
        "UPDATE chartq.chart SET lease_until = 1
         WHERE id = (SELECT min(id) FROM chartq.chart WHERE status = 'in_progress')",
    )
    .unwrap();
    assert!(ran_out(&mut su));
    let swept: i32 = su
        .query_one("SELECT chartq.expire_leases()", &[])
        .unwrap()
        .get(0);
    assert_eq!(swept, 1);
    assert!(!ran_out(&mut su));
}

/// A queue imported and never analysed has no statistics at all; a claim
/// must still walk the claim-order index and stop at the first chart it
/// can take, not read every new chart and sort them (it once did, at 15.8
/// ms of server CPU per claim). Counted by the server's per-index
/// statistics.
#[test]
fn pg_a_claim_reads_a_few_index_entries_without_statistics() {
    let Some(db) = PgDb::new("pickchk") else {
        return;
    };
    let ana = db.login("ana");
    db.ok(&["user", "add", &ana]);
    db.ok(&["user", "join", "inpatient", "--user", &ana]);
    db.import(&charts(2000, "inpatient"));
    let mut su = db.admin();
    forget_statistics(&mut su, "chartq.chart");
    let read = |su: &mut postgres::Client| {
        let (lease, rest) = rows_read(su, "chartq.chart", "chart_lease");
        lease + rest
    };
    let before = read(&mut su);
    let claimed = json(&db, &["--as", &ana, "queue", "claim", "--json"]);
    assert_eq!(claimed["account"], "P0000");
    let after = read(&mut su);
    assert!(
        after - before < 100,
        "one claim read {} chart index entries",
        after - before
    );
}

/// Sealing links the pending events by reading each one's own entry of
/// `audit_event_pkey`, whatever the statistics say. With statistics taken
/// when the log was half as long, the planner merge-joined the pending
/// marks with the whole log from its first event: a claim that sealed one
/// event read every event before it (7,660 at 5,000 charts, 2.5 k
/// buffers). Counted by the server's per-index statistics.
#[test]
fn pg_sealing_reads_only_the_pending_events_on_stale_statistics() {
    let Some(db) = PgDb::new("sealchk") else {
        return;
    };
    let mut su = db.admin();
    let append = "SELECT chartq.audit_append('system', NULL, 'seal_check', NULL, '{}')
                  FROM generate_series(1, 3000)";
    su.batch_execute(&format!(
        "ALTER TABLE chartq.audit_event SET (autovacuum_enabled = off);
         ALTER TABLE chartq.audit_pending SET (autovacuum_enabled = off);
         {append};
         ANALYZE chartq.audit_event; ANALYZE chartq.audit_pending;
         SELECT chartq.audit_seal(true, NULL);
         {append};
         SELECT chartq.audit_seal(true, NULL);
         SELECT chartq.audit_append('system', NULL, 'seal_check', NULL, '{{}}');"
    ))
    .unwrap();
    let reads = |su: &mut postgres::Client| rows_read(su, "chartq.audit_event", "audit_event_pkey");
    su.batch_execute("SELECT pg_stat_reset()").unwrap();
    let before = reads(&mut su);
    let sealed: i64 = su
        .query_one("SELECT chartq.audit_seal(false, 2000)", &[])
        .unwrap()
        .get(0);
    assert_eq!(sealed, 1);
    let after = reads(&mut su);
    assert_read_only_through("audit_event_pkey", before, after);
    // The chain is whole: verify (exit 0) finds no problem.
    db.ok(&["audit", "verify"]);
}

/// A coder who joined one of three queues claims from the head of their
/// own queue (and of the charts assigned to them), not by walking the
/// whole claim order past the other queues' new charts: on a 1,000,000-
/// chart database that walk read 10,911 rows (21 ms) for one claim.
/// Counted by the server's per-index statistics, without statistics on
/// the table. The assigned chart, earlier in claim order than the queue's
/// head, comes first.
#[test]
fn pg_a_coder_of_one_queue_claims_from_its_head() {
    let Some(db) = PgDb::new("pickq") else {
        return;
    };
    let ana = db.login("ana");
    db.ok(&["user", "add", &ana]);
    db.ok(&["user", "join", "ed", "--user", &ana]);
    let line = |account: String, queue: &str, priority: u8| {
        chart_line(&ChartSpec {
            account: &account,
            queue,
            priority,
            ..Default::default()
        })
    };
    let mut feed: Vec<String> = (0..1500)
        .map(|i| line(format!("P{i:04}"), "inpatient", 1))
        .collect();
    feed.extend((0..10).map(|i| line(format!("E{i:04}"), "ed", 5)));
    db.import(&feed);
    db.ok(&["queue", "assign", "P1400", "--to", &ana]);
    let mut su = db.admin();
    forget_statistics(&mut su, "chartq.chart");
    let read = |su: &mut postgres::Client| {
        let (lease, rest) = rows_read(su, "chartq.chart", "chart_lease");
        lease + rest
    };
    for expected in ["P1400", "E0000", "E0001"] {
        let before = read(&mut su);
        let claimed = json(&db, &["--as", &ana, "queue", "claim", "--json"]);
        assert_eq!(claimed["account"], expected);
        let after = read(&mut su);
        assert!(
            after - before < 100,
            "claiming {expected} read {} chart index entries",
            after - before
        );
    }
}
