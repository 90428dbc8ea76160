//! The department's reports on PostgreSQL (issue 15 on the team backend):
//! each report's JSON equal to SQLite's on the same data (`pg_review`'s
//! week, coded and reviewed by the same script on both), and the reports
//! row of the access matrix held by the database.

use crate::pg_review::{Side, coded_week, pg_side};
use crate::support::queue::Db;

/// The reports a supervisor and a coder run over the week, as JSON.
fn reports(side: &Side) -> Vec<serde_json::Value> {
    side.ok(&["--as", "coder1", "queue", "claim", "IP-9"]);
    side.ok(&["--as", "coder1", "hold", "IP-9", "--reason", "missing op note"]);
    let period = ["--from", "2026-11-01", "--to", "2026-12-31"];
    let mut out = Vec::new();
    for report in ["productivity", "backlog", "queries", "accuracy"] {
        let mut args = vec!["--as", "sup", "report", report];
        args.extend(period);
        out.push(side.json(&args));
    }
    let mut args = vec!["--as", "coder1", "report", "productivity"];
    args.extend(period);
    out.push(side.json(&args));
    for report in ["backlog", "queries"] {
        side.fails(2, &["--as", "coder1", "report", report]);
    }
    let err = side.fails(2, &["--as", "sup", "report", "backlog", "--queue", "nosuch"]);
    assert!(err.contains("--queue"), "{err}");
    out
}

#[test]
fn pg_reports_json_equals_sqlite() {
    let Some(pg) = pg_side("reports") else {
        return;
    };
    let lite = Side::Lite(Db::new());
    for side in [&lite, &pg] {
        coded_week(side);
        side.import(&[crate::support::queue::chart_line(
            &crate::support::queue::ChartSpec {
                account: "IP-9",
                ..Default::default()
            },
        )]);
    }
    let on_lite = reports(&lite);
    let on_pg = reports(&pg);
    for (i, (p, l)) in on_pg.iter().zip(&on_lite).enumerate() {
        assert_eq!(p, l, "report {i}: PostgreSQL and SQLite disagree");
    }
}
