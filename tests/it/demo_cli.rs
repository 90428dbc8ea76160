//! `chartq demo` end to end through the real binary: it builds a database
//! the queue can work, the same seed builds the same charts, and it never
//! touches a database that already holds charts.

use crate::support::chartq;
use chartq::domain::chart::{ChartRef, Status};
use std::path::Path;

use chartq::domain::chart::Chart;
use chartq::store::Store;
use chartq::store::chart_detail;
use chartq::store::people;
use chartq::store::queue::{self, ListFilter};
use predicates::prelude::*;
use serde_json::Value;

fn demo(db: &Path, args: &[&str]) -> Value {
    let out = chartq(db)
        .arg("demo")
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// Every chart of the database, in claim order, as the queue lists it.
fn all_charts(db: &Path) -> Vec<Chart> {
    let mut store = Store::open(db).unwrap();
    let me = people::current_actor(&mut store, None).unwrap();
    let filter = ListFilter {
        limit: 100_000,
        ..ListFilter::default()
    };
    queue::list(&mut store, &me, &filter).unwrap()
}

#[test]
fn demo_builds_a_workable_queue() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let keys = dir.path().join("keys.jsonl");
    let summary = demo(
        &db,
        &["--charts", "40", "--answer-key", keys.to_str().unwrap()],
    );
    assert_eq!(summary["charts"], 40);
    assert_eq!(
        summary["by_queue"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>(),
        40
    );
    let users = summary["users"].as_array().unwrap();
    let roles: Vec<&str> = users.iter().map(|u| u["role"].as_str().unwrap()).collect();
    assert_eq!(
        roles[0], "admin",
        "the person running the demo is its admin"
    );
    for role in ["coder", "supervisor", "auditor"] {
        assert!(roles.contains(&role), "{role}");
    }

    // The queue, through the CLI, lists all 40 charts.
    let out = chartq(&db)
        .args(["queue", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let cli_listed: Vec<Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(cli_listed.len(), 40);
    // Dates of service: the six months up to a week before "today"
    // (CHARTQ_TODAY=2026-11-30), across FY2026 and FY2027.
    assert!(cli_listed.iter().all(|c| {
        let dos = c["date_of_service"].as_str().unwrap();
        ("2026-05-25"..="2026-11-23").contains(&dos)
    }));
    assert!(
        cli_listed
            .iter()
            .any(|c| c["date_of_service"].as_str().unwrap() >= "2026-10-01"),
        "some charts fall in FY2027"
    );

    // The shift under way shows in the statuses.
    let listed = all_charts(&db);
    let count = |status: Status| listed.iter().filter(|c| c.status == status).count() as u64;
    let shift = &summary["shift"];
    // A new database carries the bundled ICD-10-CM, so charts get coded.
    assert!(shift["coded"].as_u64().unwrap() > 0, "{shift}");
    assert_eq!(shift["left_new_without_code_set"], 0);
    assert_eq!(
        count(Status::Coded) + count(Status::Audited),
        shift["coded"].as_u64().unwrap()
    );
    assert_eq!(count(Status::Audited), shift["audited"].as_u64().unwrap());
    assert_eq!(count(Status::OnHold), shift["on_hold"].as_u64().unwrap());
    assert_eq!(
        count(Status::InProgress),
        shift["in_progress"].as_u64().unwrap()
    );
    assert!(count(Status::New) >= 20);

    // The first chart `queue claim` hands the person who ran the demo is the
    // benchmark ED chart, whose answer key has exactly three diagnoses.
    let out = chartq(&db)
        .args(["queue", "claim", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let claimed: Value = serde_json::from_slice(&out).unwrap();
    let account = claimed["account"].as_str().unwrap();
    assert_eq!(account, summary["first_claim"]["account"].as_str().unwrap());
    assert_eq!(claimed["encounter_type"], "ed");
    let first_key: Value = serde_json::from_str(
        std::fs::read_to_string(&keys)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first_key["account"], account);
    assert_eq!(first_key["codes"].as_array().unwrap().len(), 3);

    // Every chart has its documents, and the answer keys cover every chart.
    let keys = std::fs::read_to_string(&keys).unwrap();
    assert_eq!(keys.lines().count(), 40);
    let mut store = Store::open(&db).unwrap();
    let me = people::current_actor(&mut store, None).unwrap();
    let detail = chart_detail::show(
        &mut store,
        &me,
        &ChartRef::account(listed[5].account.clone()),
    )
    .unwrap();
    assert!(!detail.documents.is_empty());
}

#[test]
fn same_seed_same_charts_other_seed_other_charts() {
    let dir = tempfile::tempdir().unwrap();
    let build = |name: &str, seed: &str| {
        let db = dir.path().join(format!("{name}.db"));
        let feed = dir.path().join(format!("{name}.jsonl"));
        demo(
            &db,
            &[
                "--charts",
                "25",
                "--seed",
                seed,
                "--feed",
                feed.to_str().unwrap(),
            ],
        );
        let charts: Vec<_> = all_charts(&db)
            .into_iter()
            .map(|c| {
                (
                    c.account,
                    c.mrn,
                    c.patient.name,
                    c.date_of_service,
                    c.queue,
                    c.priority,
                    c.due_date,
                    c.status,
                )
            })
            .collect();
        (charts, std::fs::read_to_string(feed).unwrap())
    };
    let (a, feed_a) = build("a", "7");
    assert_eq!(a.len(), 25);
    let (b, feed_b) = build("b", "7");
    assert_eq!(a, b);
    assert_eq!(feed_a, feed_b);
    let (c, feed_c) = build("c", "8");
    assert_ne!(a, c);
    assert_ne!(feed_a, feed_c);

    // The feed file is exactly what was imported: one line per chart.
    let mut fed: Vec<String> = feed_a
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["account"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    fed.sort();
    let mut listed: Vec<String> = a.into_iter().map(|c| c.0).collect();
    listed.sort();
    assert_eq!(fed, listed);
}

#[test]
fn a_database_with_charts_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("full.db");
    demo(&db, &["--charts", "10"]);
    let keys = dir.path().join("keys.jsonl");
    chartq(&db)
        .args(["demo", "--charts", "30", "--seed", "5"])
        .arg("--answer-key")
        .arg(&keys)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already holds 10 chart(s)"));
    assert_eq!(all_charts(&db).len(), 10);
    assert!(!keys.exists(), "a refused demo leaves no output file");
}

#[test]
fn bad_arguments_are_refused_without_creating_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    for args in [
        &["--charts", "0"][..],
        &["--charts", "many"],
        &["--seed", "-1"],
    ] {
        chartq(&db)
            .arg("demo")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--"));
    }
    assert!(!db.exists());
}

#[test]
fn human_summary_names_the_database_and_the_first_chart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    chartq(&db)
        .args(["demo", "--charts", "8"])
        .assert()
        .success()
        .stdout(predicate::str::contains("8 charts"))
        .stdout(predicate::str::contains(
            "First chart to claim: ACC-2026-000001",
        ))
        .stdout(predicate::str::contains("N39.0, E86.0, I10"))
        .stdout(predicate::str::contains(db.to_str().unwrap()));
}

#[test]
fn an_unwritable_output_file_fails_before_any_database_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.db");
    let bad = dir.path().join("no/such/dir/keys.jsonl");
    chartq(&db)
        .args(["demo", "--answer-key", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("keys.jsonl: cannot create"));
    assert!(!db.exists());
}

/// The demo year ends with a quality review: a weekly plan sampled over
/// the year's closed weeks (by the simulated finalize dates) and worked
/// by the demo auditor, so the accuracy report has reviews to show.
#[test]
fn demo_year_reviews_its_weeks_for_the_accuracy_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let summary = demo(&db, &["--year", "--charts", "60"]);
    let review = &summary["year"]["review"];
    assert!(review["weeks"].as_u64().unwrap() >= 50, "{review}");
    let reviewed = review["reviewed"].as_u64().unwrap();
    assert!(reviewed > 0, "{review}");
    assert_eq!(review["sampled"], review["reviewed"], "{review}");
    let out = chartq(&db)
        .args(["report", "accuracy", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["reviews"].as_u64(), Some(reviewed), "{report}");
    // The sample spread over the year, not one week.
    let store = rusqlite::Connection::open(&db).unwrap();
    let weeks: i64 = store
        .query_row("SELECT count(DISTINCT period_from) FROM review", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(weeks > 5, "sampled weeks: {weeks}");
}
