//! Second-level review end to end by CLI (issue 15): a supervisor's plan
//! samples a closed week, prebill charts are held from export until their
//! review closes, an auditor agrees, changes and closes (the reviewed codes
//! become the chart's, the coder's stay as the original set, the chart is
//! audited), the coder sees the outcome and rebuts once; a retrospective
//! change is exported again flagged as a replacement; bad input gets an
//! error naming the field.

use crate::support::backends::{Cli, TestDb};
use crate::support::queue::{ChartSpec, Db, chart_line};

// On both backends (`on_both!`): the refusals, the retrospective
// replacement and the simulated auditor. The end-to-end prebill script
// stays SQLite-only here: `pg_review` runs the same script on both
// backends and compares their outputs.

/// Codes `account` as coder1 with `codes` (code, POA) and finalizes it.
fn code(db: &impl Cli, account: &str, codes: &[(&str, Option<&str>)]) {
    db.ok(&["--as", "coder1", "queue", "claim", account]);
    for (c, poa) in codes {
        let mut args = vec!["--as", "coder1", "assign", account, c];
        if let Some(p) = poa {
            args.extend(["--poa", p]);
        }
        db.ok(&args);
    }
    db.ok(&["--as", "coder1", "finalize", account]);
}

/// Three inpatient charts and one outpatient, coded by coder1 and
/// finalized (as far as sampling knows) on 2026-11-03, in ISO week 45.
pub(crate) fn coded_week() -> Db {
    let db = Db::new();
    fill_week(&db);
    // Finalize stamps the real time; the week sampled is fixed.
    db.sql()
        .execute("UPDATE chart SET coded_at = '2026-11-03T10:00:00Z'", [])
        .unwrap();
    db
}

/// [`coded_week`] on either backend.
pub(crate) fn coded_week_on(db: TestDb) -> TestDb {
    fill_week(&db);
    db.execute("UPDATE chart SET coded_at = '2026-11-03T10:00:00Z'");
    db
}

/// [`coded_week`]'s charts, imported, coded and finalized.
fn fill_week(db: &impl Cli) {
    let spec = |account, kind, queue| ChartSpec {
        account,
        kind,
        queue,
        ..Default::default()
    };
    db.import(&[
        chart_line(&spec("IP-1", "inpatient", "inpatient")),
        chart_line(&spec("IP-2", "inpatient", "inpatient")),
        chart_line(&spec("IP-3", "inpatient", "retro")),
        chart_line(&spec("OP-1", "outpatient", "inpatient")),
    ]);
    db.ok(&["user", "join", "retro", "--user", "coder1"]);
    code(db, "IP-1", &[("I50.21", Some("Y")), ("E11.9", Some("Y"))]);
    code(db, "IP-2", &[("I50.21", Some("Y"))]);
    code(db, "IP-3", &[("I50.21", Some("Y")), ("N18.31", Some("N"))]);
    code(db, "OP-1", &[("R07.9", None)]);
}

fn accounts(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["account"].as_str().unwrap().to_string())
        .collect()
}

crate::on_both! {
fn bad_plans_periods_and_reports_name_the_field(db) {
    let plan = |extra: &[&str]| {
        let mut args = vec!["--as", "sup", "review", "plan", "add", "--name", "p"];
        args.extend(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        db.fails(2, &refs)
    };
    let err = run(plan(&["--rule", "random:5%", "--coder", "nobody"]));
    assert!(err.contains("coder: no chartq user 'nobody'"), "{err}");
    let err = run(plan(&["--rule", "random:150%"]));
    assert!(err.contains("share: '150%' is over 100%"), "{err}");
    let err = run(plan(&["--rule", "new-coder:ghost:2026-12-31"]));
    assert!(
        err.contains("rule: new-coder: no chartq user 'ghost'"),
        "{err}"
    );
    let err = db.fails(
        2,
        &[
            "--as",
            "sup",
            "review",
            "sample",
            "--period",
            "2026-11-08..2026-11-02",
        ],
    );
    assert!(
        err.contains("period: to (2026-11-02) is before from"),
        "{err}"
    );
    db.ok(&[
        "--as",
        "sup",
        "review",
        "plan",
        "add",
        "--name",
        "p",
        "--rule",
        "random:5%",
    ]);
    let err = db.fails(
        2,
        &["--as", "sup", "review", "sample", "--period", "2026-W49"],
    );
    assert!(
        err.contains("period: 2026-11-30..2026-12-06 is not closed yet"),
        "{err}"
    );
    let err = db.fails(
        2,
        &[
            "report",
            "accuracy",
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
        ],
    );
    assert!(err.contains("--to: 2026-11-01 is before --from"), "{err}");
    let err = db.fails(
        2,
        &[
            "--as",
            "coder1",
            "review",
            "plan",
            "add",
            "--name",
            "x",
            "--rule",
            "random:5%",
        ],
    );
    assert!(err.contains("not allowed"), "{err}");
}
}

#[test]
fn prebill_review_end_to_end_with_outcome_and_rebuttal() {
    let db = coded_week();
    let plan = db.json(&[
        "--as",
        "sup",
        "review",
        "plan",
        "add",
        "--name",
        "inpatient weekly",
        "--queue",
        "inpatient",
        "--rule",
        "drg-weight:0.5",
        "--seed",
        "7",
    ]);
    assert_eq!(plan[0]["mode"], "prebill");
    // A dry run replays exactly and stores nothing.
    let args = [
        "--as",
        "sup",
        "review",
        "sample",
        "--period",
        "2026-W45",
        "--dry-run",
    ];
    let dry = db.json(&args);
    assert_eq!(db.json(&args), dry);
    assert_eq!(db.count("SELECT count(*) FROM review"), 0);
    let sampled = db.json(&["--as", "sup", "review", "sample", "--period", "2026-W45"]);
    assert_eq!(sampled[0]["picks"], dry[0]["picks"]);
    let picked = accounts(&sampled[0]["picks"]);
    assert_eq!(
        picked,
        ["IP-1", "IP-2"],
        "OP-1 has no DRG; IP-3 is another queue"
    );
    assert_eq!(
        sampled[0]["picks"][0]["rules"],
        serde_json::json!(["drg-weight"])
    );
    assert_eq!(sampled[0]["finalized"], 3);
    let err = db.fails(
        2,
        &["--as", "sup", "review", "sample", "--period", "2026-W45"],
    );
    assert!(err.contains("already"), "{err}");

    // Prebill: held from export until the review closes.
    let export = db.ok(&["--as", "aud", "export"]);
    assert!(
        !export.contains("IP-1") && export.contains("IP-3"),
        "{export}"
    );

    // Coders do not see the review queue; auditors do.
    db.fails(2, &["--as", "coder1", "review", "queue"]);
    let queue = db.json(&["--as", "aud", "review", "queue"]);
    assert_eq!(queue.as_array().unwrap().len(), 2);

    db.ok(&["--as", "aud", "review", "claim", "IP-1"]);
    let err = db.fails(
        2,
        &[
            "--as", "aud", "review", "change", "IP-1", "E11.9", "--to", "E11.22",
        ],
    );
    assert!(err.contains("reason:"), "{err}");
    db.ok(&[
        "--as",
        "aud",
        "review",
        "change",
        "IP-1",
        "E11.9",
        "--to",
        "E11.22",
        "--reason",
        "specificity",
        "--comment",
        "CKD documented",
    ]);
    let err = db.fails(2, &["--as", "aud", "review", "close", "IP-1"]);
    assert!(err.contains("I50.21 has no decision"), "{err}");
    db.ok(&["--as", "aud", "review", "agree", "IP-1", "I50.21"]);
    let closed = db.json(&["--as", "aud", "review", "close", "IP-1"]);
    assert_eq!(
        (closed["status"].as_str(), closed["changed"].as_bool()),
        (Some("closed"), Some(true))
    );
    let chart = db.json(&["--as", "aud", "chart", "show", "IP-1"]);
    assert_eq!(chart["chart"]["status"], "audited", "{chart}");
    let codes: Vec<&str> = chart["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["I50.21", "E11.22"]);
    // The coder's original set is kept beside the reviewed one.
    assert_eq!(
        db.count(
            "SELECT count(*) FROM review_code WHERE orig_code = 'E11.9' AND new_code = 'E11.22'"
        ),
        1
    );

    db.ok(&["--as", "aud", "review", "claim"]);
    db.ok(&["--as", "aud", "review", "close", "IP-2", "--agree-rest"]);
    let export = db.ok(&["--as", "aud", "export"]);
    assert!(
        export.contains("IP-1") && export.contains("E11.22"),
        "{export}"
    );

    // The coder sees the outcomes of their charts, only theirs.
    let outcomes = db.json(&["--as", "coder1", "review", "outcomes", "--unseen"]);
    assert_eq!(outcomes.as_array().unwrap().len(), 2);
    db.fails(1, &["--as", "coder1", "review", "outcomes", "--unseen"]);
    let err = db.fails(
        2,
        &["--as", "coder1", "review", "outcomes", "--coder", "coder2"],
    );
    assert!(err.contains("coder:"), "{err}");
    let err = db.fails(
        2,
        &["--as", "coder1", "review", "rebut", "IP-2", "--text", "x"],
    );
    assert!(err.contains("agreed with every code"), "{err}");
    db.ok(&[
        "--as",
        "coder1",
        "review",
        "rebut",
        "IP-1",
        "--text",
        "the CKD is not linked",
    ]);
    let err = db.fails(
        2,
        &[
            "--as", "coder1", "review", "rebut", "IP-1", "--text", "again",
        ],
    );
    assert!(err.contains("once per review"), "{err}");
    let answered = db.json(&["--as", "aud", "review", "answer", "IP-1", "--uphold"]);
    assert_eq!(answered["rebuttal_status"], "upheld");

    // Accuracy: coders see their own only; IP-1 changed, IP-2 did not.
    let err = db.fails(
        2,
        &["--as", "coder1", "report", "accuracy", "--coder", "coder2"],
    );
    assert!(
        err.contains("coder: coders see only their own accuracy"),
        "{err}"
    );
    let report = db.json(&["--as", "coder1", "report", "accuracy"]);
    assert_eq!(
        report["all"]["charts"],
        serde_json::json!({"agreed": 1, "total": 2})
    );
    assert_eq!(
        report["all"]["principal"],
        serde_json::json!({"agreed": 2, "total": 2})
    );
    assert_eq!(
        report["all"]["secondary"],
        serde_json::json!({"agreed": 0, "total": 1})
    );
    let text = db.ok(&["--as", "sup", "report", "accuracy"]);
    assert!(text.contains("Top reasons: specificity 1"), "{text}");
    assert!(
        !text.contains("Testperson") && !text.contains("MRN"),
        "no patient data: {text}"
    );
    let events = db.count("SELECT count(*) FROM audit_event WHERE action LIKE 'review_%'");
    assert!(events >= 10, "{events} review events");
}

crate::on_both! {
    sqlite = coded_week_on(TestDb::sqlite()),
    postgres = TestDb::postgres().map(coded_week_on);
fn a_retrospective_change_is_exported_again_as_a_replacement(db) {
    db.ok(&[
        "--as",
        "sup",
        "review",
        "plan",
        "add",
        "--name",
        "retro",
        "--queue",
        "retro",
        "--mode",
        "retrospective",
        "--rule",
        "random:100%",
    ]);
    db.ok(&["--as", "sup", "review", "sample", "--period", "2026-W45"]);
    let before = db.ok(&["--as", "aud", "export"]);
    assert!(
        before.contains("IP-3") && !before.contains("replaces"),
        "{before}"
    );
    db.ok(&["--as", "aud", "review", "claim", "IP-3"]);
    db.ok(&[
        "--as", "aud", "review", "change", "IP-3", "N18.31", "--poa", "Y", "--reason", "poa",
    ]);
    db.ok(&["--as", "aud", "review", "close", "IP-3", "--agree-rest"]);
    let after = db.ok(&["--as", "aud", "export"]);
    let line = after.lines().find(|l| l.contains("\"IP-3\"")).unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    assert!(v["replaces"]["review"].is_i64(), "{v}");
    assert_eq!(v["codes"][1]["poa"], "Y");
    assert_eq!(v["status"], "audited");
}
}

crate::on_both! {
    sqlite = coded_week_on(TestDb::sqlite()),
    postgres = TestDb::postgres().map(coded_week_on);
fn the_simulated_auditor_closes_every_open_review_and_replays(db) {
    db.ok(&[
        "--as",
        "sup",
        "review",
        "plan",
        "add",
        "--name",
        "all",
        "--queue",
        "inpatient",
        "--rule",
        "random:100%",
    ]);
    db.ok(&["--as", "sup", "review", "sample", "--period", "2026-W45"]);
    let mut store = db.backend();
    let aud = db.actor(&*store, Some("aud"));
    let done = chartq::app::review::simulate::simulate(&mut *store, &aud, 11, 0).unwrap();
    assert_eq!(done.reviewed, 3, "IP-1, IP-2 and OP-1");
    let filter = chartq::store::review::ReviewFilter::default();
    assert!(store.review_queue(&aud, &filter).unwrap().is_empty());
    assert_eq!(
        db.count("SELECT count(*) FROM chart WHERE status = 'audited'"),
        3
    );
}
}
