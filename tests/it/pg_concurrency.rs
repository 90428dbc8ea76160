//! The claim race on PostgreSQL (issue 13): 64 real `chartq` processes
//! claim from one queue until it is empty, each as its own coder. Every
//! chart is claimed exactly once (`FOR UPDATE SKIP LOCKED` in one short
//! transaction), no process sees an error, and every claim is one chained
//! audit event. The SQLite race is `queue_concurrency` (8 processes).

use std::collections::HashMap;

use crate::support::pg::PgDb;
use crate::support::queue::{ChartSpec, chart_line};

const CHARTS: usize = 640;
const PROCESSES: usize = 64;

#[test]
fn pg_64_processes_claim_every_chart_exactly_once() {
    let Some(db) = PgDb::new("race") else { return };
    let lines: Vec<String> = (0..CHARTS)
        .map(|i| {
            let account = format!("R{i:05}");
            chart_line(&ChartSpec {
                account: &account,
                priority: (i % 5 + 1) as u8,
                ..Default::default()
            })
        })
        .collect();
    db.import(&lines);
    let coders: Vec<String> = (1..=PROCESSES)
        .map(|n| db.login(&format!("c{n}")))
        .collect();
    for coder in &coders {
        db.ok(&["user", "add", coder]);
        db.ok(&["user", "join", "inpatient", "--user", coder]);
    }
    let workers: Vec<_> = coders
        .iter()
        .map(|coder| {
            let script = "while :; do out=$(\"$0\" --db \"$1\" --as \"$2\" queue claim); rc=$?; \
                 [ $rc -eq 0 ] || break; printf '%s\\n' \"$out\"; done; [ $rc -eq 1 ]";
            std::process::Command::new("sh")
                .args(["-c", script, crate::support::bin(), &db.url, coder])
                .env_remove("CHARTQ_DB")
                .env("CHARTQ_CONFIG", "/dev/null")
                .env("CHARTQ_TODAY", crate::support::TODAY)
                .current_dir("/tmp")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut claimed: HashMap<String, usize> = HashMap::new();
    let mut per_worker = Vec::new();
    for (n, w) in workers.into_iter().enumerate() {
        let out = w.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "worker {n}: {stderr}");
        assert!(
            stderr.lines().all(|l| l == "nothing to claim"),
            "worker {n}: {stderr}"
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut count = 0;
        for line in stdout.lines() {
            let account = line
                .split("(account ")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
                .unwrap_or_else(|| panic!("unexpected output: {line}"))
                .to_string();
            *claimed.entry(account).or_default() += 1;
            count += 1;
        }
        per_worker.push(count);
    }
    let twice: Vec<_> = claimed.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "claimed more than once: {twice:?}");
    assert_eq!(claimed.len(), CHARTS, "per worker: {per_worker:?}");
    assert!(
        per_worker.iter().filter(|&&n| n > 0).count() > 1,
        "{per_worker:?}"
    );
    assert_eq!(
        db.count("SELECT count(*) FROM chartq.chart WHERE status = 'in_progress'"),
        CHARTS as i64
    );
    assert_eq!(
        db.count("SELECT count(*) FROM chartq.audit_event WHERE action = 'chart_claimed'"),
        CHARTS as i64
    );
    // The chain stayed whole under 64 concurrent appenders.
    let out = db.ok(&["audit", "verify", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["intact"], true, "{v}");
    // Every event linked once verify has sealed: none pending, one link each.
    assert_eq!(db.count("SELECT count(*) FROM chartq.audit_pending"), 0);
    assert_eq!(
        db.count("SELECT count(*) FROM chartq.audit_seal"),
        db.count("SELECT count(*) FROM chartq.audit_event")
    );
    assert_eq!(
        v["verification"]["events"],
        db.count("SELECT count(*) FROM chartq.audit_event")
    );
}

/// The id of the head `verify --json` reports (`ID:HASH`).
fn head_id(v: &serde_json::Value) -> i64 {
    let head = v["verification"]["head"].as_str().unwrap_or_default();
    head.split(':')
        .next()
        .unwrap_or_default()
        .parse()
        .unwrap_or(-1)
}

/// `chartq audit verify --json` on `db`, as its admin: (exit code, JSON).
fn verify(db: &PgDb) -> (i32, serde_json::Value) {
    let out = db.chartq(&["audit", "verify", "--json"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), v)
}

/// The chain is linked after commit, in the order events are found
/// committed: an event whose transaction commits after a later id's is
/// linked after it, verify passes while it is in flight and after, and
/// nothing stays pending once verify has sealed.
#[test]
fn pg_events_committed_out_of_id_order_are_linked_in_commit_order() {
    let Some(db) = PgDb::new("order") else { return };
    let (mut slow, mut fast) = (db.admin(), db.admin());
    let mut in_flight = slow.transaction().unwrap();
    // As a writer that found the chain's lock taken: it leaves sealing to
    // others (else it would hold the lock, and verify would wait for it).
    in_flight
        .batch_execute("SET LOCAL chartq.seal_tried = 'yes'")
        .unwrap();
    let early: i64 = in_flight
        .query_one(
            "SELECT chartq.audit_append('early', NULL, 'chart_viewed', NULL, '{}')",
            &[],
        )
        .unwrap()
        .get(0);
    let late: i64 = fast
        .query_one(
            "SELECT chartq.audit_append('late', NULL, 'chart_viewed', NULL, '{}')",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(late > early, "{late} {early}");
    let (code, v) = verify(&db);
    assert_eq!((code, &v["intact"]), (0, &serde_json::json!(true)), "{v}");
    assert_eq!(head_id(&v), late, "{v}");
    in_flight.commit().unwrap();
    let (code, v) = verify(&db);
    assert_eq!((code, &v["intact"]), (0, &serde_json::json!(true)), "{v}");
    assert_eq!(head_id(&v), early, "{v}");
    let pos = |id: i64| {
        db.count(&format!(
            "SELECT pos FROM chartq.audit_seal WHERE event_id = {id}"
        ))
    };
    assert_eq!(pos(early), pos(late) + 1);
    assert_eq!(db.count("SELECT count(*) FROM chartq.audit_pending"), 0);
    assert_eq!(
        db.count("SELECT count(*) FROM chartq.audit_seal"),
        db.count("SELECT count(*) FROM chartq.audit_event")
    );
}
