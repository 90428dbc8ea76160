//! SIGKILL in the middle of work: after an import or a finalize is killed,
//! `PRAGMA integrity_check` is ok and the interrupted work is wholly absent
//! or wholly present. Finalize is killed both at swept delays over the
//! process's life and at exact points between its statements (held there
//! by a test-only trigger in the test's database).

use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::queue::{ChartSpec, Db, chart_line};

fn integrity(db: &Db) -> String {
    db.sql()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Kills `child` with SIGKILL; true when it was still running.
fn kill(child: &mut Child) -> bool {
    let running = child.try_wait().unwrap().is_none();
    // SAFETY: kill(2) on our own child's pid.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGKILL);
    }
    child.wait().unwrap();
    running
}

#[test]
fn a_killed_import_is_all_or_nothing() {
    const CHARTS: usize = 30_000;
    let db = Db::new();
    let path = db.dir.path().join("big.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let text = "Progress note. ".repeat(100);
        for i in 0..CHARTS {
            let account = format!("K{i:06}");
            let mut v: serde_json::Value = serde_json::from_str(&chart_line(&ChartSpec {
                account: &account,
                ..Default::default()
            }))
            .unwrap();
            v["documents"][0]["text"] = text.clone().into();
            writeln!(f, "{v}").unwrap();
        }
    }
    let mut child = db
        .cmd(&["charts", "import", path.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the transaction's pages are going into the WAL (the
    // import's big page cache holds them until its commit starts writing):
    // the import is writing, not parsing or waiting.
    let wal = db.path.with_extension("db-wal");
    // Generous: on a machine loaded by other builds, parsing 30,000 charts
    // in a debug build once took longer than 60 s.
    let deadline = Instant::now() + Duration::from_secs(180);
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "import ended before it could be killed"
        );
        assert!(Instant::now() < deadline, "import never wrote");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(kill(&mut child), "import was not running when killed");
    assert_eq!(integrity(&db), "ok");
    let state = (
        db.count("SELECT count(*) FROM chart"),
        db.count("SELECT count(*) FROM document"),
        db.count("SELECT count(*) FROM audit_event WHERE action = 'chart_created'"),
        db.count("SELECT count(*) FROM audit_event WHERE action = 'charts_imported'"),
    );
    let all = CHARTS as i64;
    // Killed before the commit frame reached the WAL: nothing; after it
    // (while the process was emptying the WAL): everything.
    assert!(
        state == (0, 0, 0, 0) || state == (all, all, all, 1),
        "partial import: {state:?}"
    );
    eprintln!("import killed mid-write; afterwards {} charts", state.0);
    // The database works afterwards.
    db.import(&[chart_line(&ChartSpec {
        account: "AFTER",
        priority: 1,
        ..Default::default()
    })]);
    assert_eq!(
        db.json(&["--as", "coder1", "queue", "claim"])["account"],
        "AFTER"
    );
}

/// `chartq finalize ACCOUNT` as coder1, running in the background.
fn spawn_finalize(db: &Db, account: &str) -> Child {
    db.cmd(&["--as", "coder1", "finalize", account])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Inpatient charts `accounts`, claimed by coder1 with three codes that
/// pass every finalize rule.
fn ready_to_finalize(db: &Db, accounts: &[String]) {
    let lines: Vec<String> = accounts
        .iter()
        .map(|a| {
            chart_line(&ChartSpec {
                account: a,
                ..Default::default()
            })
        })
        .collect();
    db.import(&lines);
    for a in accounts {
        db.ok(&["--as", "coder1", "queue", "claim", a]);
        db.ok(&["--as", "coder1", "assign", a, "E11.22", "--poa", "Y"]);
        db.ok(&["--as", "coder1", "assign", a, "N18.31", "--poa", "Y"]);
        db.ok(&["--as", "coder1", "assign", a, "02703ZZ"]);
    }
}

#[test]
fn a_killed_finalize_is_all_or_nothing() {
    const CHARTS: usize = 24;
    let db = Db::new();
    let accounts: Vec<String> = (0..CHARTS).map(|i| format!("F{i:03}")).collect();
    ready_to_finalize(&db, &accounts);
    // Kill each finalize after a different delay, sweeping across the
    // process's whole life (start-up, lookup, the transaction, exit).
    let mut killed = 0;
    for (i, a) in accounts.iter().enumerate() {
        let mut child = spawn_finalize(&db, a);
        std::thread::sleep(Duration::from_millis(2 * i as u64));
        if kill(&mut child) {
            killed += 1;
        }
        assert_eq!(integrity(&db), "ok");
        let conn = db.sql();
        let (status, coded_at, holder): (String, Option<String>, Option<i64>) = conn
            .query_row(
                "SELECT status, coded_at, lease_holder FROM chart WHERE account = ?1",
                [a],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        let events: i64 = conn
            .query_row(
                "SELECT count(*) FROM audit_event e JOIN chart c ON c.id = e.chart_id
                 WHERE c.account = ?1 AND e.action = 'chart_finalized'",
                [a],
                |r| r.get(0),
            )
            .unwrap();
        let codes: i64 = conn
            .query_row(
                "SELECT count(*) FROM assignment s JOIN chart c ON c.id = s.chart_id WHERE c.account = ?1",
                [a],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(codes, 3, "{a}: codes lost");
        match status.as_str() {
            "coded" => assert!(
                coded_at.is_some() && holder.is_none() && events == 1,
                "{a}: half coded"
            ),
            "in_progress" => assert!(
                coded_at.is_none() && holder.is_some() && events == 0,
                "{a}: half coded"
            ),
            other => panic!("{a}: unexpected status {other}"),
        }
    }
    assert!(killed > 0, "no finalize was killed while running");
    let coded = db.count("SELECT count(*) FROM chart WHERE status = 'coded'");
    eprintln!("{killed} of {CHARTS} finalizes killed while running; {coded} charts coded");
}

/// Points inside the finalize transaction, each made to stall by a
/// test-only trigger (a long cross join) so the process is killed exactly
/// there, not at a guessed delay.
const FINALIZE_KILL_POINTS: [(&str, &str); 3] = [
    (
        "after the lease renewal, before the status update",
        "BEFORE UPDATE OF status ON chart WHEN NEW.status = 'coded'",
    ),
    (
        "after the status update, before the audit event",
        "BEFORE INSERT ON audit_event WHEN NEW.action = 'chart_finalized'",
    ),
    (
        "after the audit event, before the commit",
        "AFTER INSERT ON audit_event WHEN NEW.action = 'chart_finalized'",
    ),
];

/// Waits until `child` holds the write lock for half a second without a
/// break: only the stalled finalize transaction does (every other write of
/// a `chartq` process takes milliseconds).
fn wait_for_stalled_writer(db: &Db, child: &mut Child) {
    let probe = db.sql();
    probe.busy_timeout(Duration::ZERO).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut busy_since: Option<Instant> = None;
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "finalize ended before reaching the kill point"
        );
        assert!(Instant::now() < deadline, "finalize never stalled");
        let locked = match probe.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
            Ok(()) => false,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                true
            }
            Err(e) => panic!("probe: {e}"),
        };
        match (locked, busy_since) {
            (false, _) => busy_since = None,
            (true, None) => busy_since = Some(Instant::now()),
            (true, Some(t)) if t.elapsed() >= Duration::from_millis(500) => return,
            (true, Some(_)) => {}
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_finalize_killed_between_its_statements_leaves_no_trace() {
    let db = Db::new();
    let accounts: Vec<String> = (0..FINALIZE_KILL_POINTS.len())
        .map(|i| format!("S{i}"))
        .collect();
    ready_to_finalize(&db, &accounts);
    // A lease shorter than a renewal would make it, so a renewal that
    // survived the kill would show.
    let lease_until = chrono::Utc::now().timestamp() + 600;
    let conn = db.sql();
    conn.execute("UPDATE chart SET lease_until = ?1", [lease_until])
        .unwrap();
    conn.execute_batch(
        "CREATE TABLE stall (n INTEGER);
         WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 2000)
         INSERT INTO stall SELECT n FROM k;",
    )
    .unwrap();

    for ((point, when), a) in FINALIZE_KILL_POINTS.iter().zip(&accounts) {
        conn.execute_batch(&format!(
            "CREATE TRIGGER stall_finalize {when}
             BEGIN SELECT count(*) FROM stall x, stall y, stall z; END;"
        ))
        .unwrap();
        let mut child = spawn_finalize(&db, a);
        wait_for_stalled_writer(&db, &mut child);
        assert!(kill(&mut child), "{point}: finalize was not running");
        conn.execute_batch("DROP TRIGGER stall_finalize").unwrap();

        assert_eq!(integrity(&db), "ok", "{point}");
        let after: (String, Option<String>, Option<i64>) = conn
            .query_row(
                "SELECT status, coded_at, lease_until FROM chart WHERE account = ?1",
                [a],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            after,
            ("in_progress".to_string(), None, Some(lease_until)),
            "{point}: the chart changed"
        );
        let events = db.count(&format!(
            "SELECT count(*) FROM audit_event e JOIN chart c ON c.id = e.chart_id
             WHERE c.account = '{a}' AND e.action = 'chart_finalized'"
        ));
        assert_eq!(events, 0, "{point}: an audit event without its change");
    }
    // Without the stall, the same charts finalize.
    for a in &accounts {
        assert_eq!(
            db.json(&["--as", "coder1", "finalize", a])["status"],
            "coded"
        );
    }
}
