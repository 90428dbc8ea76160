//! Issue 9, item 12: a provider query's answer records who entered it, the
//! provider it is attributed to, and that it was entered on the provider's
//! behalf: in the row, the audit event, `ask list --json`, `chart show`
//! (plain and JSON).

use crate::support::queue::{ChartSpec, chart_line};

crate::on_both! {
fn an_answer_says_who_entered_it_and_for_which_provider(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    let q = db.json(&[
        "--as",
        "coder1",
        "ask",
        "ACC-1",
        "--provider",
        "Dr. Invented",
        "--question",
        "Which type of heart failure?",
        "--option",
        "Acute systolic",
    ]);
    assert_eq!(q["entered_on_behalf"], false, "not answered yet");
    assert_eq!(q["attributed_to"], serde_json::Value::Null);
    let id = q["id"].as_i64().unwrap().to_string();
    db.ok(&[
        "--as",
        "coder1",
        "ask",
        "answer",
        &id,
        "--response",
        "Acute systolic",
    ]);

    let listed = db.json(&["ask", "list"]);
    let a = &listed[0];
    assert_eq!(a["entered_by"], "coder1");
    assert_eq!(a["answered_by"], "coder1");
    assert_eq!(a["attributed_to"], "Dr. Invented");
    assert_eq!(a["entered_on_behalf"], true);

    let shown = db.ok(&["chart", "show", "ACC-1"]);
    assert!(
        shown.contains("answered by: Dr. Invented (entered by coder1 on the provider's behalf)"),
        "{shown}"
    );
    let json = db.json(&["chart", "show", "ACC-1"]);
    let text = json.to_string();
    assert!(
        text.contains(r#""entered_on_behalf":true"#)
            && text.contains(r#""attributed_to":"Dr. Invented""#),
        "{text}"
    );

    // The row and the audit event say the same.
    let row = (
        db.text("SELECT attributed_to FROM provider_query"),
        db.count("SELECT CAST(entered_on_behalf AS integer) FROM provider_query"),
        db.text("SELECT (SELECT login FROM app_user WHERE id = answered_by) FROM provider_query"),
    );
    assert_eq!(
        row,
        (Some("Dr. Invented".to_string()), 1, Some("coder1".to_string()))
    );
    let details = db
        .text("SELECT details FROM audit_event WHERE action = 'provider_query_answered'")
        .unwrap();
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["attributed_to"], "Dr. Invented");
    assert_eq!(details["entered_on_behalf"], true);
}
}
