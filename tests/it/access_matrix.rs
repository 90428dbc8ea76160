//! The PHI access matrix (issue 9, item 11), end to end through the CLI:
//! a coder sees and works only the charts of the queues a supervisor put
//! them in, plus their own (coded, assigned, asked about); a chart they may
//! not see is refused exactly like one that does not exist; only
//! supervisors and admins change queue membership; auditors, supervisors
//! and admins see every chart.
//!
//! Every test runs on both backends (`on_both!`). On PostgreSQL the
//! database itself holds the matrix: the chart functions decide what the
//! acting user sees, and a coder's own connection (as `psql` would be)
//! reads exactly the charts the CLI shows her ([`own_connection_sees`]).

use crate::support::backends::TestDb;

/// The accounts `queue list --json` shows `login` (exit 1 when none).
fn listed(db: &TestDb, login: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["--as", login, "queue", "list", "--limit", "0", "--json"];
    args.extend_from_slice(extra);
    let out = db.run(&args);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = !list.as_array().unwrap().is_empty();
    assert_eq!(
        out.status.code(),
        Some(if found { 0 } else { 1 }),
        "{args:?}"
    );
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["account"].as_str().unwrap().to_string())
        .collect()
}

fn chart(account: &str, queue: &str, priority: u8) -> String {
    format!(
        r#"{{"account":"{account}","mrn":"M-{account}","patient":{{"name":"Invented Person","dob":"1970-01-02","sex":"F"}},"encounter_type":"ed","service_date":"2026-04-03","queue":"{queue}","priority":{priority},"documents":[{{"type":"ed_note","author":"Dr. Invented","text":"Chest pain."}}]}}"#
    )
}

/// Who the matrix's database holds, on top of `fresh` (a database fresh
/// from `chartq init` / `chartq db init-postgres`, whose owner, this
/// process, is its first admin): `sup` (supervisor), `aud` (auditor), `ann`
/// and `bob` (coders, put in queue `a` by the supervisor) and `cat` (a
/// coder in no queue); charts A-1, A-2 in queue `a` and B-1, B-2 in queue
/// `b`.
fn matrix(fresh: TestDb) -> TestDb {
    let db = fresh;
    for (login, role) in [
        ("sup", "supervisor"),
        ("aud", "auditor"),
        ("ann", "coder"),
        ("bob", "coder"),
        ("cat", "coder"),
    ] {
        db.ok(&["user", "add", login, "--role", role]);
    }
    db.ok(&["--as", "sup", "user", "join", "a", "--user", "ann"]);
    db.ok(&["--as", "sup", "user", "join", "a", "--user", "bob"]);
    let lines = [
        chart("A-1", "a", 1),
        chart("A-2", "a", 2),
        chart("B-1", "b", 1),
        chart("B-2", "b", 2),
    ];
    let feed = db.file("feed.jsonl", lines.join("\n") + "\n");
    db.ok(&["--as", "sup", "charts", "import", feed.to_str().unwrap()]);
    db
}

/// On PostgreSQL, the accounts `login`'s own connection reads from the
/// chart table directly (row-level security, not chartq, deciding), which
/// must be what the CLI lists for her, in any order; nothing on SQLite.
fn own_connection_sees(db: &TestDb, login: &str, expected: &[&str]) {
    let Some(pg) = db.pg() else { return };
    let mut own = pg.as_login(&db.login(login));
    let mut seen: Vec<String> = own
        .query("SELECT account FROM chartq.chart", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    seen.sort();
    let mut expected: Vec<String> = expected.iter().map(|a| a.to_string()).collect();
    expected.sort();
    assert_eq!(seen, expected, "{login}'s own connection");
}

crate::on_both! {
    sqlite = matrix(TestDb::sqlite_init()),
    postgres = TestDb::postgres_bare().map(matrix);
fn a_coder_cannot_list_show_or_claim_a_chart_of_another_queue(db) {
    assert_eq!(listed(db, "ann", &[]), ["A-1", "A-2"]);
    assert!(listed(db, "ann", &["--queue", "b"]).is_empty());
    own_connection_sees(db, "ann", &["A-1", "A-2"]);
    own_connection_sees(db, "cat", &[]);

    // Refused exactly like a chart that does not exist.
    let hidden = db.fails(1, &["--as", "ann", "chart", "show", "B-1"]);
    let missing = db.fails(1, &["--as", "ann", "chart", "show", "NOPE-9"]);
    assert_eq!(
        hidden.replace("B-1", "KEY"),
        missing.replace("NOPE-9", "KEY")
    );
    assert!(hidden.contains("chart B-1 not found"), "{hidden}");
    // By chart id too (B-1 is chart 3).
    let by_id = db.fails(1, &["--as", "ann", "chart", "show", "3"]);
    assert!(by_id.contains("chart 3 not found"), "{by_id}");

    let err = db.fails(1, &["--as", "ann", "queue", "claim", "B-1"]);
    assert!(err.contains("chart B-1 not found"), "{err}");
    for args in [
        &["queue", "renew", "B-1"][..],
        &["queue", "release", "B-1"],
        &["hold", "B-1", "--reason", "missing op note"],
        &["assign", "B-1", "R07.9"],
        &["finalize", "B-1"],
        &["ask", "list", "--chart", "B-1"],
    ] {
        let mut all = vec!["--as", "ann"];
        all.extend_from_slice(args);
        let err = db.fails(1, &all);
        assert!(err.contains("chart B-1 not found"), "{args:?}: {err}");
    }
    // The best chart of her queues, never one of queue b (priority 1 there).
    assert_eq!(
        db.json(&["--as", "ann", "queue", "claim"])["account"],
        "A-1"
    );
    assert_eq!(
        db.json(&["--as", "ann", "queue", "claim"])["account"],
        "A-2"
    );
    let err = db.fails(1, &["--as", "ann", "queue", "claim", "--queue", "b"]);
    assert!(err.contains("nothing to claim"), "{err}");
    // Nothing of queue b was viewed or changed by her.
    let events = db.json(&["audit", "--user", "ann", "--limit", "0"]);
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !matches!(e["account"].as_str(), Some("B-1" | "B-2"))),
        "{events}"
    );
}
}

crate::on_both! {
    sqlite = matrix(TestDb::sqlite_init()),
    postgres = TestDb::postgres_bare().map(matrix);
fn a_coder_sees_a_chart_of_another_queue_they_coded_or_are_assigned(db) {
    // Ann codes B-1 while assigned to it (a supervisor's assignment).
    db.ok(&["--as", "sup", "queue", "assign", "B-1", "--to", "ann"]);
    assert_eq!(listed(db, "ann", &[]), ["A-1", "B-1", "A-2"]);
    db.ok(&["--as", "ann", "queue", "claim", "B-1"]);
    db.ok(&["--as", "ann", "hold", "B-1", "--reason", "op note missing"]);
    assert!(listed(db, "ann", &[]).contains(&"B-1".to_string()));
    // Bob, in the same queue a, does not see it.
    assert_eq!(listed(db, "bob", &[]), ["A-1", "A-2"]);
    own_connection_sees(db, "ann", &["A-1", "B-1", "A-2"]);
    own_connection_sees(db, "bob", &["A-1", "A-2"]);
    let err = db.fails(1, &["--as", "bob", "chart", "show", "B-1"]);
    assert!(err.contains("chart B-1 not found"), "{err}");
    // Still Ann's after she is taken out of every queue.
    db.ok(&["--as", "sup", "user", "leave", "a", "--user", "ann"]);
    assert_eq!(listed(db, "ann", &[]), ["B-1"]);
    own_connection_sees(db, "ann", &["B-1"]);
    let shown = db.json(&["--as", "ann", "chart", "show", "B-1"]);
    assert_eq!(shown["chart"]["account"], "B-1");
    assert_eq!(shown["chart"]["coder"], "ann");
}
}

crate::on_both! {
    sqlite = matrix(TestDb::sqlite_init()),
    postgres = TestDb::postgres_bare().map(matrix);
fn a_coder_sees_the_answer_to_her_query_and_others_do_not(db) {
    db.ok(&["--as", "ann", "queue", "claim", "A-1"]);
    db.ok(&[
        "--as",
        "ann",
        "ask",
        "A-1",
        "--provider",
        "Dr. Invented",
        "--question",
        "Cardiac cause?",
        "--option",
        "Angina",
    ]);
    db.ok(&["--as", "ann", "ask", "answer", "1", "--response", "Angina"]);
    // The chart moves to queue b (a re-import by the supervisor).
    let feed = db.file("moved.jsonl", chart("A-1", "b", 1) + "\n");
    db.ok(&["--as", "sup", "charts", "import", feed.to_str().unwrap()]);
    // Ann asked and coded it: hers to see; Bob (queue a) no longer sees it.
    let asked = db.json(&["--as", "ann", "ask", "list"]);
    assert_eq!(asked.as_array().unwrap().len(), 1);
    db.fails(1, &["--as", "bob", "ask", "list"]);
    let err = db.fails(1, &["--as", "bob", "ask", "close", "1"]);
    assert!(err.contains("provider query #1 not found"), "{err}");
    let err = db.fails(1, &["--as", "cat", "ask", "close", "1"]);
    assert!(err.contains("provider query #1 not found"), "{err}");
    // Plain `ask list` says who typed the answer in, for whom.
    let plain = db.ok(&["--as", "ann", "ask", "list"]);
    assert!(
        plain.contains("entered by ann on behalf of Dr. Invented"),
        "{plain}"
    );
    // Supervisors and auditors see every query.
    for who in ["sup", "aud"] {
        let all = db.json(&["--as", who, "ask", "list"]);
        assert_eq!(all.as_array().unwrap().len(), 1, "{who}");
    }
}
}

crate::on_both! {
    sqlite = matrix(TestDb::sqlite_init()),
    postgres = TestDb::postgres_bare().map(matrix);
fn a_coder_cannot_join_or_leave_a_queue_a_supervisor_can_add_them(db) {
    let err = db.fails(2, &["--as", "cat", "user", "join", "b"]);
    assert!(
        err.contains("supervisors and admins only")
            && err.contains("chartq user join QUEUE --user cat"),
        "{err}"
    );
    let err = db.fails(2, &["--as", "ann", "user", "leave", "a"]);
    assert!(err.contains("supervisors and admins only"), "{err}");
    let err = db.fails(2, &["--as", "aud", "user", "join", "b"]);
    assert!(err.contains("supervisors and admins only"), "{err}");
    let err = db.fails(2, &["--as", "ann", "user", "join", "b", "--user", "cat"]);
    assert!(err.contains("supervisors and admins only"), "{err}");
    let users = db.json(&["user", "list"]);
    let queues = |login: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["login"] == login)
            .unwrap()["queues"]
            .clone()
    };
    assert_eq!(queues("cat"), serde_json::json!([]));
    assert_eq!(queues("ann"), serde_json::json!(["a"]));

    // A supervisor adds her (audited), an admin too.
    db.ok(&["--as", "sup", "user", "join", "b", "--user", "cat"]);
    assert_eq!(listed(db, "cat", &[]), ["B-1", "B-2"]);
    db.ok(&["user", "join", "a", "--user", "cat"]);
    assert_eq!(listed(db, "cat", &[]), ["A-1", "B-1", "A-2", "B-2"]);
    let events = db.json(&["audit", "--limit", "0"]);
    let joins: Vec<(&str, &str)> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "queue_joined" && e["details"]["login"] == "cat")
        .map(|e| {
            (
                e["user"].as_str().unwrap(),
                e["details"]["queue"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(joins.len(), 2, "{events}");
    assert_eq!(joins[0], ("sup", "b"));
    assert_eq!(joins[1].1, "a");
}
}

crate::on_both! {
    sqlite = matrix(TestDb::sqlite_init()),
    postgres = TestDb::postgres_bare().map(matrix);
fn a_coder_in_no_queue_is_told_to_ask_a_supervisor(db) {
    let err = db.fails(2, &["--as", "cat", "queue", "claim"]);
    assert!(
        err.contains(
            "you are in no work queue; ask a supervisor to add you (`chartq user join QUEUE --user cat`)"
        ),
        "{err}"
    );
    assert!(!err.contains("join one with"), "{err}");
    let out = db.run(&["--as", "cat", "queue", "list"]);
    assert_eq!(out.status.code(), Some(1), "nothing to list");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("you are in no work queue; ask a supervisor"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("(no charts)"));
    // A coder with queues gets no such note.
    let out = db.run(&["--as", "ann", "queue", "list"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
}

crate::on_both! {
    sqlite = matrix(TestDb::sqlite_init()),
    postgres = TestDb::postgres_bare().map(matrix);
fn queue_list_json_counts_what_each_role_may_see(db) {
    let everything = ["A-1", "B-1", "A-2", "B-2"];
    for who in ["sup", "aud"] {
        assert_eq!(listed(db, who, &[]), everything, "{who}");
        own_connection_sees(db, who, &everything);
    }
    assert_eq!(
        db.json(&["queue", "list"]).as_array().unwrap().len(),
        4,
        "admin"
    );
    assert_eq!(listed(db, "ann", &[]).len(), 2);
    assert_eq!(listed(db, "ann", &["--status", "new"]).len(), 2);
    assert!(listed(db, "cat", &[]).is_empty());
    // Auditors, supervisors and admins open any chart.
    for who in ["sup", "aud"] {
        let shown = db.json(&["--as", who, "chart", "show", "B-2"]);
        assert_eq!(shown["chart"]["account"], "B-2", "{who}");
    }
    db.json(&["chart", "show", "A-2"]);
    // A supervisor claims from any queue.
    db.ok(&["--as", "sup", "queue", "claim", "B-2"]);
}
}

crate::on_both! {
    sqlite = matrix(TestDb::sqlite_init()),
    postgres = TestDb::postgres_bare().map(matrix);
fn an_admin_acting_as_a_coder_looks_up_only_her_charts_in_audit_and_review(db) {
    // Review lookups narrow to the acted-as coder (issue 13): B-1 is
    // refused like a chart that does not exist; A-1 (her queue) is found
    // and only its review is missing.
    for sub in [&["review", "show"][..], &["review", "rebut"]] {
        let run = |key: &str| {
            let mut args = vec!["--as", "ann"];
            args.extend_from_slice(sub);
            args.push(key);
            if sub[1] == "rebut" {
                args.extend_from_slice(&["--text", "why"]);
            }
            db.fails(1, &args)
        };
        let hidden = run("B-1");
        assert!(hidden.contains("chart B-1 not found"), "{sub:?}: {hidden}");
        assert!(!hidden.contains("review of chart"), "{sub:?}: {hidden}");
        assert_eq!(hidden.replace("B-1", "KEY"), run("NOPE-9").replace("NOPE-9", "KEY"));
        let inside = run("A-1");
        assert!(inside.contains("review of chart A-1 not found"), "{sub:?}: {inside}");
    }
    // An auditor sees every chart: B-1 is found, it has no review.
    let err = db.fails(1, &["--as", "aud", "review", "show", "B-1"]);
    assert!(err.contains("review of chart B-1 not found"), "{err}");

    // The audit log is for auditors and up: a coder is refused it whatever
    // the chart (hers, another queue's, none), so no chart's existence is
    // told; an auditor reads any chart's history.
    let refused: Vec<String> = ["A-1", "B-1", "NOPE-9"]
        .iter()
        .map(|key| db.fails(2, &["--as", "ann", "audit", "--chart", key]))
        .collect();
    assert!(refused[0].contains("reading the audit log"), "{}", refused[0]);
    assert!(refused.iter().all(|r| r == &refused[0]), "{refused:?}");
    let events = db.json(&["--as", "aud", "audit", "--chart", "B-1", "--limit", "0"]);
    assert!(
        events.as_array().unwrap().iter().all(|e| e["account"] == "B-1"),
        "{events}"
    );
    let err = db.fails(1, &["--as", "aud", "audit", "--chart", "NOPE-9"]);
    assert!(err.contains("chart NOPE-9 not found"), "{err}");
}
}
