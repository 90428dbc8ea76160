//! Reviewer's end-to-end checks of the work-queue CLI through the real
//! binary: how it behaves in pipes, with odd input, and in its messages.

use std::io::Read;
use std::process::Stdio;

use crate::support::backends::TestDb;
use crate::support::queue::{ChartSpec, Db, chart_line};

// Every test runs on both backends (`on_both!`) but two about the command
// line alone, which never reach a database:
// `every_work_command_option_is_explained_in_help` and
// `a_bad_since_date_names_the_expected_shape` stay SQLite-only.

/// Imports `n` default charts, accounts `ACC-0` .. `ACC-{n-1}`.
fn import_charts(db: &TestDb, n: usize) {
    let lines: Vec<String> = (0..n)
        .map(|i| {
            chart_line(&ChartSpec {
                account: &format!("ACC-{i}"),
                ..ChartSpec::default()
            })
        })
        .collect();
    db.import(&lines);
}

crate::on_both! {
fn a_closed_pipe_ends_the_listing_quietly(db) {
    import_charts(db, 300);
    // The reader goes away before chartq writes (`chartq queue list | head -0`).
    let mut child = db
        .cmd(&["queue", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
}

crate::on_both! {
fn listings_and_lookups_that_find_nothing_exit_1(db) {
    for args in [
        &["queue", "list"][..],
        &["queue", "list", "--json"],
        &["ask", "list"],
        &["audit", "--chart", "ACC-NONE"],
        &["audit", "--since", "2999-01-01", "--json"],
        &["export"],
        &["chart", "show", "ACC-NONE"],
    ] {
        let out = db.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "chartq {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let out = db.run(&["queue", "list", "--json"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    let out = db.run(&["chart", "show", "ACC-NONE"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "chartq: chart ACC-NONE not found"
    );
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["queue", "list"]);
    db.ok(&["chart", "show", "ACC-1"]);
    db.ok(&["audit", "--chart", "ACC-1"]);
}
}

crate::on_both! {
fn import_summary_and_chart_text_read_naturally(db) {
    let mut line: serde_json::Value =
        serde_json::from_str(&chart_line(&ChartSpec::default())).unwrap();
    line["documents"] = serde_json::json!([]);
    let path = db.file("one.jsonl", format!("{line}\n"));
    let out = db.ok(&["charts", "import", path.to_str().unwrap()]);
    assert!(
        out.contains(": 1 chart (1 new, 0 updated, 0 unchanged), 0 documents"),
        "{out}"
    );
    let shown = db.ok(&["chart", "show", "ACC-1"]);
    assert!(shown.contains("Documents\n  (none)\n"), "{shown}");
}
}

crate::on_both! {
fn finalize_wants_the_principal_diagnosis_sequenced_first(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    db.ok(&[
        "--as",
        "coder1",
        "assign",
        "ACC-1",
        "I50.23",
        "--role",
        "secondary",
        "--poa",
        "N",
    ]);
    db.ok(&[
        "--as",
        "coder1",
        "assign",
        "ACC-1",
        "E11.22",
        "--role",
        "principal",
        "--poa",
        "Y",
    ]);
    let err = db.fails(2, &["--as", "coder1", "finalize", "ACC-1"]);
    assert!(
        err.contains("the principal diagnosis E11.22 is not sequenced first"),
        "{err}"
    );
    db.ok(&["--as", "coder1", "sequence", "ACC-1", "E11.22", "1"]);
    let done = db.json(&["--as", "coder1", "finalize", "ACC-1"]);
    assert_eq!(done["status"], "coded");
}
}

#[test]
fn every_work_command_option_is_explained_in_help() {
    let db = Db::new();
    for args in [
        &["assign", "--help"][..],
        &["unassign", "--help"],
        &["sequence", "--help"],
        &["finalize", "--help"],
        &["ask", "--help"],
        &["ask", "list", "--help"],
        &["queue", "list", "--help"],
        &["queue", "claim", "--help"],
        &["audit", "--help"],
        &["export", "--help"],
        &["charts", "import", "--help"],
        &["chart", "show", "--help"],
        &["user", "list", "--help"],
        &["user", "add", "--help"],
        &["user", "set-role", "--help"],
        &["user", "join", "--help"],
        &["user", "whoami", "--help"],
        &["queue", "renew", "--help"],
        &["queue", "release", "--help"],
        &["queue", "assign", "--help"],
        &["queue", "audited", "--help"],
        &["hold", "--help"],
        &["ask", "answer", "--help"],
        &["ask", "close", "--help"],
    ] {
        let help = db.ok(args);
        for line in help.lines() {
            let option = line.trim_start();
            if option.starts_with("--") || option.starts_with("-h") || option.starts_with('<') {
                // `--flag <VALUE>  Explanation` (or `<ARG>  Explanation`).
                let words: Vec<&str> = option
                    .split("  ")
                    .filter(|w| !w.trim().is_empty())
                    .collect();
                assert!(
                    words.len() >= 2,
                    "chartq {args:?}: `{option}` has no help text"
                );
            }
        }
    }
}

#[test]
fn a_bad_since_date_names_the_expected_shape() {
    let db = Db::new();
    for cmd in ["audit", "export"] {
        let err = db.fails(2, &[cmd, "--since", "last week"]);
        assert!(err.contains("expected a date YYYY-MM-DD"), "{cmd}: {err}");
    }
}

crate::on_both! {
fn a_document_just_over_the_limit_says_by_how_much(db) {
    let mut line: serde_json::Value =
        serde_json::from_str(&chart_line(&ChartSpec::default())).unwrap();
    // 2 bytes a character: one character over the limit.
    line["documents"][0]["text"] = "é".repeat((1 << 19) + 1).into();
    let path = db.file("over.jsonl", format!("{line}\n"));
    let err = db.fails(2, &["charts", "import", path.to_str().unwrap()]);
    assert!(
        err.contains("over.jsonl:1: field `documents[0].text`: document is 1048578 bytes"),
        "{err}"
    );
    assert_eq!(db.count("SELECT count(*) FROM chart"), 0);
}
}

crate::on_both! {
fn a_lease_is_bounded_and_activity_never_shortens_it(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    for lease in ["0", "1441", "307445734561825860"] {
        let err = db.fails(2, &["--as", "coder1", "queue", "claim", "--lease", lease]);
        assert!(err.contains("--lease"), "{lease}: {err}");
    }
    let claimed = db.json(&["--as", "coder1", "queue", "claim", "--lease", "120"]);
    let until = claimed["lease_until"].as_str().unwrap().to_string();
    db.ok(&["--as", "coder1", "assign", "ACC-1", "E11.22", "--poa", "Y"]);
    db.ok(&["--as", "coder1", "queue", "renew", "ACC-1"]);
    let shown = db.json(&["--as", "coder1", "chart", "show", "ACC-1"]);
    assert_eq!(shown["chart"]["lease_until"], until.as_str());
}
}

crate::on_both! {
fn the_library_refuses_an_unbounded_lease_too(db) {
    use chartq::store::queue::{ClaimRequest, MAX_LEASE};
    db.import(&[chart_line(&ChartSpec::default())]);
    let mut store = db.backend();
    let me = db.actor(&*store, None);
    for lease in [
        std::time::Duration::ZERO,
        MAX_LEASE * 2,
        std::time::Duration::MAX,
    ] {
        let request = ClaimRequest {
            lease,
            ..ClaimRequest::default()
        };
        let err = store.claim(&me, &request).unwrap_err();
        assert!(
            err.to_string().contains("a lease is 1 minute to 24 hours"),
            "{err}"
        );
    }
    assert_eq!(
        db.count("SELECT count(*) FROM chart WHERE status = 'new'"),
        1
    );
}
}

crate::on_both! {
fn a_coded_chart_is_final_and_the_message_does_not_suggest_claiming_it(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    db.ok(&["--as", "coder1", "assign", "ACC-1", "E11.22", "--poa", "Y"]);
    db.ok(&["--as", "coder1", "finalize", "ACC-1"]);
    for args in [
        &["assign", "ACC-1", "N18.31", "--poa", "Y"][..],
        &["unassign", "ACC-1", "E11.22"],
        &["finalize", "ACC-1"],
    ] {
        let mut all = vec!["--as", "coder1"];
        all.extend_from_slice(args);
        let err = db.fails(2, &all);
        assert!(
            err.contains("chart ACC-1 is already coded; its coding is final"),
            "{err}"
        );
        assert!(!err.contains("claim it"), "{err}");
    }
}
}

crate::on_both! {
fn queue_list_limit_0_lists_every_chart_like_audit(db) {
    import_charts(db, 60);
    let page = db.json(&["queue", "list"]);
    assert_eq!(page.as_array().unwrap().len(), 50);
    let all = db.json(&["queue", "list", "--limit", "0"]);
    assert_eq!(all.as_array().unwrap().len(), 60);
    let rest = db.json(&["queue", "list", "--limit", "0", "--offset", "50"]);
    assert_eq!(rest.as_array().unwrap().len(), 10);
}
}

crate::on_both! {
fn joining_a_queue_no_chart_names_gets_a_note(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    let out = db.run(&["user", "join", "inpatient"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = db.run(&["user", "join", "inpatinet"]);
    assert!(out.status.success(), "the join itself is allowed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no chart is in queue 'inpatinet' yet"),
        "{err}"
    );
}
}

crate::on_both! {
fn a_terminated_code_is_refused_after_its_end_date(db) {
    let spec = |account, date| ChartSpec {
        account,
        kind: "outpatient",
        date,
        queue: "outpatient",
        ..ChartSpec::default()
    };
    db.import(&[
        chart_line(&spec("ACC-Q1", "2026-03-15")),
        chart_line(&spec("ACC-Q2", "2026-05-15")),
    ]);
    db.ok(&["--as", "coder1", "queue", "claim", "ACC-Q1"]);
    db.ok(&["--as", "coder1", "assign", "ACC-Q1", "G9902"]);
    db.ok(&["--as", "coder1", "queue", "claim", "ACC-Q2"]);
    let err = db.fails(2, &["--as", "coder1", "assign", "ACC-Q2", "G9902"]);
    assert!(
        err.contains("G9902 is not valid on the chart's date of service 2026-05-15: HCPCS G9902 ended 2026-03-31"),
        "{err}"
    );
}
}

crate::on_both! {
fn finalize_rechecks_codes_when_a_reimport_moved_the_date_of_service(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    // E11.A exists in FY2026 only.
    db.ok(&["--as", "coder1", "assign", "ACC-1", "E11.A", "--poa", "Y"]);
    db.ok(&["--as", "coder1", "assign", "ACC-1", "N18.31", "--poa", "Y"]);
    // The feed corrects the discharge date into FY2025.
    db.import(&[chart_line(&ChartSpec {
        date: "2025-09-20",
        ..ChartSpec::default()
    })]);
    let err = db.fails(2, &["--as", "coder1", "finalize", "ACC-1"]);
    assert!(
        err.contains("codes not valid on the chart's date of service 2025-09-20: E11.A"),
        "{err}"
    );
    assert!(!err.contains("N18.31"), "{err}");
    db.ok(&["--as", "coder1", "unassign", "ACC-1", "E11.A"]);
    db.ok(&["--as", "coder1", "assign", "ACC-1", "E11.9", "--poa", "Y"]);
    db.ok(&["--as", "coder1", "sequence", "ACC-1", "E11.9", "1"]);
    db.ok(&[
        "--as",
        "coder1",
        "assign",
        "ACC-1",
        "E11.9",
        "--role",
        "principal",
        "--poa",
        "Y",
    ]);
    db.ok(&[
        "--as",
        "coder1",
        "assign",
        "ACC-1",
        "N18.31",
        "--role",
        "secondary",
        "--poa",
        "Y",
    ]);
    // E11.9 as principal is a questionable admission to the MCE: a warning
    // the coder acknowledges with a reason.
    let err = db.fails(2, &["--as", "coder1", "finalize", "ACC-1"]);
    assert!(err.contains("questionable_admission"), "{err}");
    let done = db.json(&[
        "--as",
        "coder1",
        "finalize",
        "ACC-1",
        "--acknowledge",
        "questionable_admission",
        "--reason",
        "admitted for uncontrolled diabetes, per the attending",
    ]);
    assert_eq!(done["status"], "coded");
}
}

crate::on_both! {
fn every_queue_action_can_answer_in_json(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    let held = db.json(&[
        "--as",
        "coder1",
        "hold",
        "ACC-1",
        "--reason",
        "need op note",
    ]);
    assert_eq!(held["status"], "on_hold");
    assert_eq!(held["hold_reason"], "need op note");
    let released = db.json(&["--as", "coder1", "queue", "release", "ACC-1"]);
    assert_eq!(released["status"], "new");
    let assigned = db.json(&["--as", "sup", "queue", "assign", "ACC-1", "--to", "coder2"]);
    assert_eq!(assigned["assigned_to"], "coder2");
    db.ok(&["--as", "coder2", "queue", "claim"]);
    db.ok(&["--as", "coder2", "assign", "ACC-1", "E11.22", "--poa", "Y"]);
    db.ok(&["--as", "coder2", "finalize", "ACC-1"]);
    let audited = db.json(&["--as", "aud", "queue", "audited", "ACC-1"]);
    assert_eq!(audited["status"], "audited");
}
}
