//! Review periods and the accuracy report in the facility's time zone, and
//! the accuracy report's maintained tallies (issue 15): a chart finalized
//! at 2026-11-09T03:00Z is Sunday 2026-11-08 evening in America/Chicago,
//! so it belongs to 2026-W45 there (W46 in UTC); the report summed from
//! the tallies kept at close equals the report computed from every
//! review's codes, also for reviews closed before tallies were kept.

use std::path::Path;

use crate::review_cli::coded_week;
use crate::support::queue::Db;
use chartq::app::review::accuracy;
use chartq::domain::report::FacilityZone;
use chartq::store::Store;
use chartq::store::backend::ReviewStore;
use chartq::store::people;
use chartq::store::review::AccuracyFilter;

/// `chartq --as sup review sample --period P --dry-run --json` with the
/// facility in `zone` (none: UTC); the accounts picked.
fn picks(db: &Db, zone: Option<&str>, period: &str) -> Vec<String> {
    let config = db.file(
        "config.toml",
        zone.map(|z| format!("facility_time_zone = \"{z}\"\n"))
            .unwrap_or_default(),
    );
    let out = db
        .cmd(&[
            "--as",
            "sup",
            "review",
            "sample",
            "--period",
            period,
            "--dry-run",
            "--json",
        ])
        .env("CHARTQ_CONFIG", &config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v[0]["picks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["account"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_chart_finalized_sunday_evening_in_chicago_is_sampled_in_that_week() {
    let db = coded_week();
    db.ok(&[
        "--as",
        "sup",
        "review",
        "plan",
        "add",
        "--name",
        "all",
        "--rule",
        "random:100%",
    ]);
    db.sql()
        .execute(
            "UPDATE chart SET coded_at = '2026-11-09T03:00:00Z' WHERE account = 'IP-1'",
            [],
        )
        .unwrap();
    let chicago = Some("America/Chicago");
    assert!(picks(&db, chicago, "2026-W45").contains(&"IP-1".to_string()));
    assert!(!picks(&db, chicago, "2026-W46").contains(&"IP-1".to_string()));
    // In UTC the same instant is Monday 2026-11-09: week 46.
    assert!(!picks(&db, None, "2026-W45").contains(&"IP-1".to_string()));
    assert!(picks(&db, None, "2026-W46").contains(&"IP-1".to_string()));
    // A month and an explicit range follow the zone too.
    assert!(picks(&db, chicago, "2026-11-02..2026-11-08").contains(&"IP-1".to_string()));
}

#[test]
fn a_period_is_closed_by_today_in_the_facility_zone() {
    let db = coded_week();
    db.ok(&[
        "--as",
        "sup",
        "review",
        "plan",
        "add",
        "--name",
        "all",
        "--rule",
        "random:100%",
    ]);
    // Today is the period's last day: still open, whatever the zone.
    let err = db
        .cmd(&["--as", "sup", "review", "sample", "--period", "2026-W45"])
        .env("CHARTQ_TODAY", "2026-11-08")
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&err.stderr).contains("is not closed yet"),
        "{}",
        String::from_utf8_lossy(&err.stderr)
    );
}

fn report(path: &Path, zone: FacilityZone, from: Option<&str>) -> accuracy::AccuracyReport {
    let mut store = Store::open(path).unwrap();
    let actor = people::current_actor(&mut store, None).unwrap();
    let filter = AccuracyFilter {
        from: from.map(|d| d.parse().unwrap()),
        zone: Some(zone),
        ..AccuracyFilter::default()
    };
    let kept = accuracy::report(&store, &actor, &filter).unwrap();
    let facts = store.accuracy_facts(&actor, &filter).unwrap();
    assert_eq!(kept, accuracy::compute(&facts), "kept tallies = computed");
    kept
}

#[test]
fn the_kept_tallies_match_the_computed_report_in_the_facility_zone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = crate::support::chartq(&db)
        .args(["demo", "--year", "--charts", "60", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let chicago = FacilityZone::parse("America/Chicago").unwrap();
    let sql = rusqlite::Connection::open(&db).unwrap();
    let count = |q: &str| -> i64 { sql.query_row(q, [], |r| r.get(0)).unwrap() };
    let closed = count("SELECT count(*) FROM review WHERE status = 'closed'");
    assert!(closed > 0);
    assert_eq!(count("SELECT count(*) FROM review_tally"), closed);
    // The demo's inpatient charts carry the DRG their codes group to.
    assert!(count("SELECT count(*) FROM chart_drg") > 0);
    // One review finalized 2026-09-01T03:00Z: in Chicago that is August 31.
    let id: i64 = sql
        .query_row(
            "SELECT min(id) FROM review WHERE status = 'closed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    sql.execute(
        "UPDATE review SET finalized_at = '2026-09-01T03:00:00Z' WHERE id = ?1",
        [id],
    )
    .unwrap();
    let utc = report(&db, FacilityZone::utc(), Some("2026-09-01"));
    let local = report(&db, chicago, Some("2026-09-01"));
    assert_eq!(
        utc.reviews,
        local.reviews + 1,
        "the review is August's in Chicago"
    );
    let whole = report(&db, chicago, None);
    assert!(whole.by_period.iter().any(|l| l.group == "2026-08"));
    // Reviews closed before tallies were kept are tallied from their codes.
    sql.execute("DELETE FROM review_tally WHERE review_id % 2 = 0", [])
        .unwrap();
    assert_eq!(report(&db, chicago, None), whole);
}
