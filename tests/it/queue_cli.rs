//! The work queue end to end through the real binary: import, list, claim,
//! leases, code assignments, finalize rules, provider queries, audit, export.

use crate::support::queue::{ChartSpec, Db, chart_line, me};

// `a_new_database_has_no_admin_until_init_and_the_file_is_private` and
// `unusable_database_files_get_a_one_line_explanation` stay SQLite-only:
// they are about the database file itself (its mode, a file that is not
// chartq's); a team database's first admin is `init-postgres`'s
// (`pg_core`).
use serde_json::Value;

fn accounts(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["account"].as_str().unwrap().to_string())
        .collect()
}

crate::on_both! {
fn claims_follow_priority_then_due_date_then_oldest_date_of_service(db) {
    db.import(&[
        chart_line(&ChartSpec {
            account: "LOW",
            priority: 4,
            ..Default::default()
        }),
        chart_line(&ChartSpec {
            account: "DUE-LATE",
            priority: 2,
            due: Some("2026-06-30"),
            ..Default::default()
        }),
        chart_line(&ChartSpec {
            account: "DUE-SOON",
            priority: 2,
            due: Some("2026-06-01"),
            date: "2026-05-20",
            ..Default::default()
        }),
        chart_line(&ChartSpec {
            account: "DUE-SOON-OLDER",
            priority: 2,
            due: Some("2026-06-01"),
            date: "2026-05-01",
            ..Default::default()
        }),
        chart_line(&ChartSpec {
            account: "ED",
            kind: "ed",
            queue: "ed",
            priority: 1,
            ..Default::default()
        }),
    ]);
    let order = ["ED", "DUE-SOON-OLDER", "DUE-SOON", "DUE-LATE", "LOW"];
    assert_eq!(accounts(&db.json(&["queue", "list"])), order);
    let inpatient_only = db.json(&["queue", "list", "--queue", "inpatient", "--limit", "2"]);
    assert_eq!(accounts(&inpatient_only), ["DUE-SOON-OLDER", "DUE-SOON"]);
    for expected in order {
        let got = db.json(&["--as", "coder1", "queue", "claim"]);
        assert_eq!(got["account"], expected);
        assert_eq!(got["status"], "in_progress");
        assert_eq!(got["lease_holder"], "coder1");
    }
    let stderr = db.fails(1, &["--as", "coder1", "queue", "claim"]);
    assert!(stderr.contains("nothing to claim"), "{stderr}");
    let mine = db.json(&[
        "--as",
        "coder1",
        "queue",
        "list",
        "--mine",
        "--status",
        "in_progress",
    ]);
    assert_eq!(mine.as_array().unwrap().len(), 5);
}
}

crate::on_both! {
fn coders_claim_only_from_their_queues_and_auditors_not_at_all(db) {
    db.import(&[chart_line(&ChartSpec {
        queue: "cardiology",
        ..Default::default()
    })]);
    db.fails(1, &["--as", "coder1", "queue", "claim"]);
    let err = db.fails(2, &["--as", "aud", "queue", "claim"]);
    assert!(err.contains("auditors"), "{err}");
    // Queues are a supervisor's to give (the access matrix): not self-service.
    let err = db.fails(2, &["--as", "coder1", "user", "join", "cardiology"]);
    assert!(err.contains("supervisors and admins only"), "{err}");
    db.ok(&[
        "--as",
        "sup",
        "user",
        "join",
        "cardiology",
        "--user",
        "coder1",
    ]);
    assert_eq!(
        db.json(&["--as", "coder1", "queue", "claim"])["account"],
        "ACC-1"
    );
}
}

crate::on_both! {
fn only_the_lease_holder_changes_a_chart_and_as_is_audited_under_both_names(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    let err = db.fails(
        2,
        &["--as", "coder2", "assign", "ACC-1", "E11.9", "--poa", "Y"],
    );
    assert!(
        err.contains("only the lease holder") && err.contains("coder1"),
        "{err}"
    );
    let err = db.fails(2, &["--as", "coder2", "finalize", "ACC-1"]);
    assert!(err.contains("only the lease holder"), "{err}");
    let err = db.fails(2, &["--as", "coder2", "audit"]);
    assert!(err.contains("auditor"), "{err}");
    db.ok(&["--as", "coder1", "assign", "ACC-1", "e119", "--poa", "Y"]);
    let events = db.json(&["audit", "--chart", "ACC-1", "--user", "coder1"]);
    let assigned = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "code_assigned")
        .expect("code_assigned event");
    assert_eq!(assigned["user"], "coder1");
    assert_eq!(assigned["real_user"], me());
    assert_eq!(assigned["details"]["code"], "E11.9");
}
}

crate::on_both! {
fn showing_a_chart_is_an_audit_event_and_text_is_clean(db) {
    let mut line: Value = serde_json::from_str(&chart_line(&ChartSpec::default())).unwrap();
    line["documents"][0]["text"] =
        "Plan:\u{1b}[2J\u{1b}]0;pwned\u{7} rest \u{9b}31m ok\r\nnext".into();
    line["attending"] = "Dr.\u{1b}[5m Blink\nName".into();
    db.import(&[line.to_string()]);
    let detail = db.json(&["--as", "coder3", "chart", "show", "ACC-1"]);
    // U+009B (8-bit CSI) goes alone; the text after it stays.
    assert_eq!(detail["documents"][0]["text"], "Plan: rest 31m ok\nnext");
    assert_eq!(detail["chart"]["attending"], "Dr. Blink Name");
    let views = db.count(
        "SELECT count(*) FROM audit_event WHERE action = 'chart_viewed' AND user_login = 'coder3'",
    );
    assert_eq!(views, 1);
    let text = db.ok(&["chart", "show", "#1"]);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("Testperson, Alex"), "{text}");
    assert_eq!(
        db.count("SELECT count(*) FROM audit_event WHERE action = 'chart_viewed'"),
        2
    );
}
}

crate::on_both! {
fn codes_are_checked_against_the_version_valid_on_the_date_of_service(db) {
    db.import(&[
        chart_line(&ChartSpec {
            account: "FY25",
            date: "2025-06-01",
            ..Default::default()
        }),
        chart_line(&ChartSpec {
            account: "FY26",
            date: "2026-06-01",
            ..Default::default()
        }),
        chart_line(&ChartSpec {
            account: "FUTURE",
            date: "2031-01-01",
            ..Default::default()
        }),
        chart_line(&ChartSpec {
            account: "CLINIC",
            kind: "outpatient",
            queue: "outpatient",
            date: "2026-06-01",
            ..Default::default()
        }),
    ]);
    for a in ["FY25", "FY26", "FUTURE", "CLINIC"] {
        db.ok(&["--as", "coder1", "queue", "claim", a]);
    }
    let err = db.fails(
        2,
        &["--as", "coder1", "assign", "FY25", "E11.A", "--poa", "Y"],
    );
    assert!(
        err.contains("E11.A is not a code in ICD-10-CM FY2025") && err.contains("2025-06-01"),
        "{err}"
    );
    db.ok(&["--as", "coder1", "assign", "FY26", "E11.A", "--poa", "Y"]);
    let err = db.fails(
        2,
        &[
            "--as", "coder1", "assign", "FUTURE", "E11.9", "--system", "cm",
        ],
    );
    assert!(
        err.contains("no ICD-10-CM code set covers the chart's date of service 2031-01-01"),
        "{err}"
    );
    let err = db.fails(2, &["--as", "coder1", "assign", "FY26", "ZZZ99"]);
    assert!(err.contains("ZZZ99 is not a code in"), "{err}");
    // The system is found from the code; attributes are checked against it.
    let px = db.json(&[
        "--as",
        "coder1",
        "assign",
        "CLINIC",
        "99902",
        "--modifier",
        "lt",
        "--units",
        "2",
    ]);
    assert_eq!(px["system"], "CPT");
    assert_eq!(px["role"], "procedure");
    assert_eq!(px["modifiers"], serde_json::json!(["LT"]));
    let err = db.fails(
        2,
        &["--as", "coder1", "assign", "CLINIC", "R07.9", "--poa", "Y"],
    );
    assert!(
        err.contains("POA indicators apply to inpatient diagnoses only"),
        "{err}"
    );
    let err = db.fails(2, &["--as", "coder1", "assign", "CLINIC", "LT"]);
    assert!(err.contains("modifier"), "{err}");
    let err = db.fails(
        2,
        &[
            "--as",
            "coder1",
            "assign",
            "CLINIC",
            "G9901",
            "--pointer",
            "3",
        ],
    );
    assert!(err.contains("pointer 3"), "{err}");
}
}

crate::on_both! {
fn finalize_refuses_listing_every_reason_then_codes_and_exports(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    let a = |args: &[&str]| {
        let mut all = vec!["--as", "coder1", "assign", "ACC-1"];
        all.extend_from_slice(args);
        db.ok(&all)
    };
    a(&["I50", "--poa", "Y"]);
    a(&["E11.22", "--role", "principal"]);
    a(&["99901"]);
    let err = db.fails(2, &["--as", "coder1", "finalize", "ACC-1"]);
    for reason in [
        "more than one principal diagnosis (I50, E11.22)",
        "header (non-billable) codes need a more specific code: I50",
        "poa_missing: E11.22 has no POA indicator",
        "invalid_code: I50 (principal diagnosis) is not a valid ICD-10-CM code",
        "inpatient procedures need ICD-10-PCS codes (the chart has CPT/HCPCS only)",
    ] {
        assert!(err.contains(reason), "missing {reason:?} in {err}");
    }
    let refused = db.run(&["--as", "coder1", "finalize", "ACC-1", "--json"]);
    let refused: Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(refused["reasons"].as_array().unwrap().len(), 5);
    assert_eq!(
        db.count("SELECT count(*) FROM chart WHERE status = 'coded'"),
        0
    );

    db.ok(&["--as", "coder1", "unassign", "ACC-1", "i50"]);
    db.ok(&["--as", "coder1", "unassign", "ACC-1", "99901"]);
    a(&["I50.23", "--role", "secondary", "--poa", "N"]);
    a(&["E11.22", "--poa", "Y"]);
    a(&["N18.31", "--role", "secondary", "--poa", "Y"]);
    a(&["0DTJ4ZZ"]);
    let seq = db.json(&["--as", "coder1", "sequence", "ACC-1", "N18.31", "2"]);
    let order: Vec<&str> = seq
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["E11.22", "N18.31", "I50.23", "0DTJ4ZZ"]);
    let done = db.json(&["--as", "coder1", "finalize", "ACC-1"]);
    assert_eq!(done["status"], "coded");
    assert_eq!(done["coded_by"], "coder1");
    assert!(done["lease_holder"].is_null());

    let err = db.fails(2, &["--as", "coder1", "export"]);
    assert!(err.contains("auditor"), "{err}");
    let jsonl = db.ok(&["--as", "aud", "export", "--since", "2000-01-01"]);
    let chart: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(chart["account"], "ACC-1");
    let codes: Vec<(&str, &str, Option<&str>)> = chart["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap(),
                c["role"].as_str().unwrap(),
                c["poa"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("E11.22", "principal", Some("Y")),
            ("N18.31", "secondary", Some("Y")),
            ("I50.23", "secondary", Some("N")),
            ("0DTJ4ZZ", "procedure", None)
        ]
    );
    let csv = db.ok(&["--as", "aud", "export", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "account,mrn,encounter_type,date_of_service,coded_at,coded_by,seq,system,code,role,poa,modifiers,units,pointers,\
         drg,drg_mdc,drg_version,drg_weight,original_drg,original_drg_mdc,original_drg_version,original_drg_weight"
    );
    assert_eq!(lines.len(), 5);
    assert!(
        lines[1].contains(",1,ICD-10-CM,E11.22,principal,Y,"),
        "{}",
        lines[1]
    );
    let none = db.run(&["--as", "aud", "export", "--since", "2999-01-01"]);
    assert_eq!(none.status.code(), Some(1), "nothing to export exits 1");
    assert!(none.stdout.is_empty());
    db.ok(&["--as", "aud", "queue", "audited", "ACC-1"]);
    assert_eq!(
        db.count("SELECT count(*) FROM chart WHERE status = 'audited'"),
        1
    );
}
}

crate::on_both! {
fn provider_query_holds_the_chart_and_the_answer_returns_it_flagged_to_its_coder(db) {
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
        "Please clarify the type of heart failure.",
        "--option",
        "Acute systolic",
        "--option",
        "Acute on chronic systolic",
    ]);
    assert_eq!(
        q["options"],
        serde_json::json!([
            "Acute systolic",
            "Acute on chronic systolic",
            "Other (please specify)",
            "Unable to determine"
        ])
    );
    assert_eq!(q["status"], "open");
    let id = q["id"].as_i64().unwrap().to_string();
    let chart = db.json(&["queue", "list"]);
    assert_eq!(chart[0]["status"], "on_hold");
    assert_eq!(chart[0]["hold_reason"], format!("provider query #{id}"));
    let open = db.json(&["--as", "coder1", "ask", "list", "--open", "--mine"]);
    assert_eq!(open.as_array().unwrap().len(), 1);
    let err = db.fails(2, &["--as", "coder1", "queue", "claim", "ACC-1"]);
    assert!(err.contains("open provider query"), "{err}");
    let err = db.fails(
        2,
        &["--as", "coder2", "ask", "answer", &id, "--response", "x"],
    );
    assert!(err.contains("not allowed"), "{err}");

    db.ok(&[
        "--as",
        "coder1",
        "ask",
        "answer",
        &id,
        "--response",
        "Acute on chronic systolic",
    ]);
    let chart = &db.json(&["queue", "list"])[0];
    assert_eq!(chart["status"], "new");
    assert_eq!(chart["flagged"], true);
    assert_eq!(chart["assigned_to"], "coder1");
    db.fails(1, &["--as", "coder2", "queue", "claim"]);
    let back = db.json(&["--as", "coder1", "queue", "claim"]);
    assert_eq!(back["account"], "ACC-1");
    assert_eq!(back["flagged"], true);
    let none = db.run(&["ask", "list", "--open", "--json"]);
    assert_eq!(none.status.code(), Some(1), "an empty listing exits 1");
    assert_eq!(String::from_utf8_lossy(&none.stdout).trim(), "[]");
    let closed = db.json(&["--as", "coder1", "ask", "close", &id]);
    assert_eq!(closed["status"], "closed");
}
}

crate::on_both! {
fn hold_release_and_supervisor_assignment(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    let err = db.fails(2, &["--as", "coder1", "hold", "ACC-1", "--reason", " "]);
    assert!(err.contains("reason"), "{err}");
    let out = db.ok(&[
        "--as",
        "coder1",
        "hold",
        "ACC-1",
        "--reason",
        "operative report missing",
    ]);
    assert!(out.contains("on_hold: operative report missing"), "{out}");
    db.fails(1, &["--as", "coder2", "queue", "claim"]);
    db.ok(&["--as", "coder1", "queue", "claim", "ACC-1"]);
    db.ok(&["--as", "coder1", "queue", "release", "ACC-1"]);
    let err = db.fails(
        2,
        &[
            "--as", "coder1", "queue", "assign", "ACC-1", "--to", "coder2",
        ],
    );
    assert!(err.contains("supervisor"), "{err}");
    db.ok(&["--as", "sup", "queue", "assign", "ACC-1", "--to", "coder2"]);
    db.fails(1, &["--as", "coder1", "queue", "claim"]);
    assert_eq!(
        db.json(&["--as", "coder2", "queue", "claim"])["account"],
        "ACC-1"
    );
    let renewed = db.json(&["--as", "coder2", "queue", "renew", "ACC-1"]);
    assert_eq!(renewed["lease_holder"], "coder2");
}
}

crate::on_both! {
fn an_expired_lease_returns_the_chart_to_new(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim", "--lease", "1"]);
    // Past every check: the lease's end moved two minutes back (both
    // backends store it as epoch seconds).
    db.execute("UPDATE chart SET lease_until = lease_until - 120");
    let err = db.fails(
        2,
        &["--as", "coder1", "assign", "ACC-1", "E11.9", "--poa", "Y"],
    );
    assert!(err.contains("ran out"), "{err}");
    assert_eq!(db.json(&["queue", "list"])[0]["status"], "new");
    let expired = db.json(&["audit", "--chart", "ACC-1"]);
    let last = expired.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["action"].as_str(), last["user"].as_str()),
        (Some("lease_expired"), Some("system"))
    );
    assert_eq!(last["details"]["holder"], "coder1");
    assert_eq!(
        db.json(&["--as", "coder2", "queue", "claim"])["lease_holder"],
        "coder2"
    );
}
}

crate::on_both! {
fn users_roles_and_membership(db) {
    let err = db.fails(2, &["--as", "coder1", "user", "add", "newbie"]);
    assert!(err.contains("admin"), "{err}");
    db.ok(&[
        "user", "add", "newbie", "--role", "coder", "--name", "New Bie",
    ]);
    let err = db.fails(2, &["user", "add", "newbie"]);
    assert!(err.contains("already exists"), "{err}");
    let err = db.fails(2, &["user", "add", "bad login;rm"]);
    assert!(err.contains("not a valid login"), "{err}");
    db.ok(&["user", "set-role", "newbie", "supervisor"]);
    db.ok(&["--as", "sup", "user", "join", "ed", "--user", "newbie"]);
    let users = db.json(&["user", "list"]);
    let newbie = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "newbie")
        .unwrap();
    assert_eq!(newbie["role"], "supervisor");
    assert_eq!(newbie["queues"], serde_json::json!(["ed"]));
    let err = db.fails(2, &["user", "set-role", &me(), "coder"]);
    assert!(err.contains("only admin"), "{err}");
    let err = db.fails(2, &["--as", "nobody", "queue", "list"]);
    assert!(err.contains("user nobody not found"), "{err}");
}
}

#[test]
fn a_new_database_has_no_admin_until_init_and_the_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let db = Db::new();
    let fresh = db.dir.path().join("fresh.db");
    let run = |args: &[&str]| {
        std::process::Command::new(crate::support::queue::bin())
            .env("CHARTQ_DB", &fresh)
            .env("CHARTQ_CONFIG", "/dev/null")
            .env("CHARTQ_TODAY", "2026-11-30")
            .args(args)
            .output()
            .unwrap()
    };
    // The first login to run a work command is not made admin.
    let out = run(&["user", "whoami", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chartq init"));
    let out = run(&["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["user", "whoami", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let who: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(who["user"]["login"], me());
    assert_eq!(who["user"]["role"], "admin");
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn unusable_database_files_get_a_one_line_explanation() {
    let db = Db::new();
    type MakeFile<'a> = Box<dyn Fn(&std::path::Path) + 'a>;
    let cases: [(&str, MakeFile<'_>, &str); 3] = [
        (
            "foreign.db",
            Box::new(|p| {
                rusqlite::Connection::open(p)
                    .unwrap()
                    .execute_batch("CREATE TABLE t (x)")
                    .unwrap();
            }),
            "not a chartq database",
        ),
        (
            "text.db",
            Box::new(|p| {
                std::fs::write(p, "hello, this is not a database at all".repeat(200)).unwrap()
            }),
            "not a chartq database",
        ),
        (
            "newer.db",
            Box::new(|p| {
                std::fs::copy(&db.path, p).unwrap();
                rusqlite::Connection::open(p)
                    .unwrap()
                    .execute_batch("PRAGMA user_version = 99")
                    .unwrap();
            }),
            "newer chartq",
        ),
    ];
    for (name, make, expected) in cases {
        let path = db.dir.path().join(name);
        make(&path);
        let out = std::process::Command::new(crate::support::queue::bin())
            .env("CHARTQ_CONFIG", "/dev/null")
            .env("CHARTQ_TODAY", "2026-11-30")
            .args(["--db", path.to_str().unwrap(), "queue", "list"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
    }
}

crate::on_both! {
fn reimport_updates_demographics_and_documents_but_keeps_the_work(db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    db.ok(&["--as", "coder1", "assign", "ACC-1", "E11.9", "--poa", "Y"]);
    let mut changed: Value = serde_json::from_str(&chart_line(&ChartSpec::default())).unwrap();
    changed["patient"]["name"] = "Renamed, Alex".into();
    changed["documents"][0]["text"] = "Updated H&P.".into();
    let summary = {
        let path = db.file("again.jsonl", changed.to_string());
        db.json(&["charts", "import", path.to_str().unwrap()])
    };
    assert_eq!(
        (summary["updated"].as_u64(), summary["created"].as_u64()),
        (Some(1), Some(0))
    );
    let detail = db.json(&["--as", "coder1", "chart", "show", "ACC-1"]);
    assert_eq!(detail["chart"]["patient"]["name"], "Renamed, Alex");
    assert_eq!(detail["documents"][0]["text"], "Updated H&P.");
    assert_eq!(detail["documents"].as_array().unwrap().len(), 1);
    assert_eq!(detail["assignments"][0]["code"], "E11.9");
    assert_eq!(detail["chart"]["status"], "in_progress");
    let csv = db.file(
        "charts.csv",
        "account,mrn,patient_name,patient_dob,patient_sex,encounter_type,admit_date,discharge_date,queue,priority\n\
         ACC-1,MRN-ACC-1,\"Csv, Alex\",1950-02-03,U,inpatient,2024-01-01,2026-05-06,inpatient,1\n",
    );
    db.ok(&["charts", "import", csv.to_str().unwrap()]);
    let detail = db.json(&["--as", "coder1", "chart", "show", "ACC-1"]);
    assert_eq!(detail["chart"]["patient"]["name"], "Csv, Alex");
    assert_eq!(detail["chart"]["priority"], 1);
    assert_eq!(
        detail["documents"].as_array().unwrap().len(),
        1,
        "CSV keeps documents"
    );
    let mut no_docs = changed.clone();
    no_docs.as_object_mut().unwrap().remove("documents");
    no_docs["priority"] = 4.into();
    let path = db.file("no-docs.jsonl", no_docs.to_string());
    db.ok(&["charts", "import", path.to_str().unwrap()]);
    let detail = db.json(&["--as", "coder1", "chart", "show", "ACC-1"]);
    assert_eq!(detail["chart"]["priority"], 4);
    assert_eq!(detail["documents"][0]["text"], "Updated H&P.");
    let err = db.fails(
        2,
        &["--as", "coder1", "charts", "import", csv.to_str().unwrap()],
    );
    assert!(err.contains("supervisor"), "{err}");
}
}

crate::on_both! {
/// A feed with numeric account numbers: "1" is not chart id 1. A bare CHART
/// is always an account number; `#N` names the chart id.
fn a_numeric_account_number_is_never_taken_for_a_chart_id(db) {
    db.import(&[
        chart_line(&ChartSpec {
            account: "2",
            ..Default::default()
        }),
        chart_line(&ChartSpec {
            account: "1",
            ..Default::default()
        }),
    ]);
    let list = db.json(&["queue", "list"]);
    let id_of = |account: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["account"] == account)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    // Imported in file order: account "2" is chart id 1, account "1" id 2.
    assert_eq!((id_of("2"), id_of("1")), (1, 2));
    let shown = db.json(&["chart", "show", "1"]);
    assert_eq!(shown["chart"]["account"], "1");
    assert_eq!(shown["chart"]["id"], 2);
    let by_hash = db.json(&["chart", "show", "#1"]);
    assert_eq!(by_hash["chart"]["account"], "2");
    let coded = db.json(&["--as", "coder1", "queue", "claim", "#1"]);
    assert_eq!(coded["account"], "2");
    // Claiming by account claims that account's chart.
    let claimed = db.json(&["--as", "coder1", "queue", "claim", "1"]);
    assert_eq!(claimed["account"], "1");
    let released = db.json(&["--as", "coder1", "queue", "release", "1"]);
    assert_eq!(released["account"], "1");
    // An id that does not exist is not found, never an account lookup.
    let stderr = db.fails(1, &["chart", "show", "#9"]);
    assert!(stderr.contains("chart #9 not found"), "{stderr}");
    let stderr = db.fails(1, &["chart", "show", "9"]);
    assert!(stderr.contains("chart 9 not found"), "{stderr}");
    let stderr = db.fails(2, &["chart", "show", "#x"]);
    assert!(stderr.contains("not a chart id"), "{stderr}");
}
}
