//! The department's reports on PostgreSQL (issue 15 on the team backend):
//! each report's JSON equal to SQLite's on the same data (`pg_review`'s
//! week, coded and reviewed by the same script on both), and the reports
//! row of the access matrix held by the database.

use crate::pg_review::{Side, coded_week, pg_side};
use crate::support::queue::Db;

/// The reports a supervisor and a coder run over the week, as JSON.
fn reports(side: &Side) -> Vec<serde_json::Value> {
    side.ok(&["--as", "coder1", "queue", "claim", "IP-9"]);
    // A query answered by an option's number: the answer's chosen option
    // is what the queries report's agreement rate counts (computed by the
    // database on PostgreSQL, by the store on SQLite).
    let q = side.json(&[
        "--as",
        "coder1",
        "ask",
        "IP-9",
        "--provider",
        "Dr. Invented",
        "--question",
        "Which type of heart failure?",
        "--option",
        "Acute systolic",
        "--option",
        "Chronic diastolic",
    ]);
    let id = q["id"].as_i64().expect("a query id").to_string();
    side.ok(&[
        "--as",
        "coder1",
        "ask",
        "answer",
        &id,
        "--response",
        "option  2",
    ]);
    // The answer sends the chart back to the queue; the coder takes it up.
    side.ok(&["--as", "coder1", "queue", "claim", "IP-9"]);
    side.ok(&[
        "--as",
        "coder1",
        "hold",
        "IP-9",
        "--reason",
        "missing op note",
    ]);
    side.even_work();
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
    let err = side.fails(
        2,
        &["--as", "sup", "report", "backlog", "--queue", "nosuch"],
    );
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
        let mut ip9: serde_json::Value = serde_json::from_str(&crate::support::queue::chart_line(
            &crate::support::queue::ChartSpec {
                account: "IP-9",
                ..Default::default()
            },
        ))
        .expect("a feed line");
        ip9["expected_charges"] = "12345.67".into();
        side.import(&[ip9.to_string()]);
    }
    let on_lite = reports(&lite);
    let on_pg = reports(&pg);
    // The two fields only the feed and the answer carry are really there,
    // so their equality below means something.
    let lite_text = format!("{} {}", on_lite[1], on_lite[2]);
    assert!(
        lite_text.contains(r#""expected_charges_cents":1234567"#)
            && lite_text.contains(r#""agreed":1"#),
        "{lite_text}"
    );
    for (i, (p, l)) in on_pg.iter().zip(&on_lite).enumerate() {
        let mut found = Vec::new();
        differences(&format!("report {i}"), p, l, &mut found);
        assert!(
            found.is_empty(),
            "PostgreSQL and SQLite disagree: {found:#?}"
        );
    }
}

/// Where two JSON values differ (path: PostgreSQL's vs SQLite's).
fn differences(at: &str, pg: &serde_json::Value, lite: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match (pg, lite) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let none = Value::Null;
                let (x, y) = (a.get(key).unwrap_or(&none), b.get(key).unwrap_or(&none));
                differences(&format!("{at}.{key}"), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{at}[{i}]"), x, y, out);
            }
        }
        (a, b) if a != b => out.push(format!("{at}: {a} vs {b}")),
        _ => {}
    }
}
