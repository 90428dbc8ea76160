//! `chartq export --format csv` end to end: chart-feed text that a
//! spreadsheet would run as a formula is written as text (OWASP "CSV
//! injection"), while codes, dates and numbers keep their exact value and the
//! JSONL export keeps the stored text unchanged.

use crate::support::backends::TestDb;
use crate::support::queue::{ChartSpec, chart_line};
use serde_json::Value;

/// An outpatient chart with this account and MRN (feed text, untrusted).
fn chart(account: &str, mrn: &str) -> String {
    let mut line: Value = serde_json::from_str(&chart_line(&ChartSpec {
        account,
        kind: "outpatient",
        queue: "outpatient",
        ..Default::default()
    }))
    .unwrap();
    line["mrn"] = mrn.into();
    line.to_string()
}

/// Claims, codes and finalizes the chart with this account as coder1.
fn code_chart(db: &TestDb, account: &str) {
    db.ok(&["--as", "coder1", "queue", "claim", account]);
    db.ok(&["--as", "coder1", "assign", account, "R07.9"]);
    db.ok(&["--as", "coder1", "assign", account, "99901", "--units", "2"]);
    db.ok(&["--as", "coder1", "finalize", account]);
}

crate::on_both! {
fn csv_export_writes_formula_like_feed_text_as_text(db) {
    let hyperlink = r#"=HYPERLINK("http://evil.example/x","open")"#;
    db.import(&[chart(hyperlink, "@SUM(1+1)"), chart("+CMD", "-2+3")]);
    code_chart(db, hyperlink);
    code_chart(db, "+CMD");

    let out = db.ok(&["--as", "aud", "export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "{out}");

    let cells = |row: &csv::StringRecord| {
        [
            "account", "mrn", "coded_by", "seq", "code", "units", "coded_at",
        ]
        .map(|name| row[col(name)].to_string())
    };
    let first = cells(&rows[0]);
    assert_eq!(first[0], format!("'{hyperlink}"));
    assert_eq!(first[1], "'@SUM(1+1)");
    assert_eq!(first[2], "coder1");
    assert_eq!(&first[3..6], ["1", "R07.9", ""]);
    let second_code = cells(&rows[1]);
    assert_eq!(&second_code[3..6], ["2", "99901", "2"]);
    let other = cells(&rows[2]);
    assert_eq!(&other[..2], ["'+CMD", "'-2+3"]);
    for row in &rows {
        let coded_at = &row[col("coded_at")];
        assert!(
            coded_at.starts_with("20"),
            "a date keeps its value: {coded_at}"
        );
        assert_eq!(&row[col("date_of_service")], "2026-05-06");
    }

    let jsonl = db.ok(&["--as", "aud", "export"]);
    let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["account"], hyperlink, "JSONL keeps the stored text");
    assert_eq!(first["mrn"], "@SUM(1+1)");
}
}
