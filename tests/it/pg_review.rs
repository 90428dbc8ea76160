//! Second-level review on PostgreSQL (issue 15 on the team backend), by
//! CLI, beside the same script on SQLite (`review_cli`'s week): the plan,
//! the seeded sample (the same charts), claim, decide, close (the reviewed
//! codes become the chart's, the DRG re-grouped), outcomes, rebuttal and
//! answer; the accuracy report's JSON equal on both; and a coder's session
//! refused by the database itself when it calls the review functions or
//! writes the review tables. Gated by the harness (`support::pg`).

use chartq::domain::codes::{Code, CodeKind, CodeSet, CodeSystem};
use chartq::domain::people::{Actor, Role, User};
use chartq::search::snapshot_encoder;
use chartq::store::backend::Backend;
use chartq::store::backend::postgres::Postgres;
use chartq::store::code_sets::NewCodeSet;
use chartq::store::code_tables::VersionSpec;

use crate::support::pg::{PgDb, assert_read_only_through, rows_read};
use crate::support::queue::{ChartSpec, Db, chart_line};

/// The logins the script uses (SQLite's template has them; a PostgreSQL
/// test database prefixes them, roles being cluster-wide).
pub(crate) const PEOPLE: [(&str, &str); 4] = [
    ("sup", "supervisor"),
    ("aud", "auditor"),
    ("coder1", "coder"),
    ("coder2", "coder"),
];

/// One side of the comparison: a SQLite file or a PostgreSQL database,
/// run by the same arguments (PostgreSQL's logins prefixed on the way in,
/// unprefixed on the way out, so the outputs compare as they are).
pub(crate) enum Side {
    Lite(Db),
    Pg(PgDb),
}

impl Side {
    fn args(&self, args: &[&str]) -> Vec<String> {
        args.iter()
            .map(|a| match self {
                Side::Pg(db) if PEOPLE.iter().any(|(p, _)| p == a) => db.login(a),
                _ => a.to_string(),
            })
            .collect()
    }

    fn out(&self, text: &str) -> String {
        match self {
            Side::Pg(db) => text.replace(&db.prefix, ""),
            Side::Lite(_) => text.to_string(),
        }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        let args = self.args(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match self {
            Side::Lite(db) => db.run(&args),
            Side::Pg(db) => db.chartq(&args).output().unwrap(),
        }
    }

    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "chartq {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.out(&String::from_utf8_lossy(&out.stdout))
    }

    pub(crate) fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = self.out(&String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(code), "chartq {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    pub(crate) fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Sets every coded chart's finalize time (sampling reads it).
    pub(crate) fn set_coded_at(&self, at: &str) {
        match self {
            Side::Lite(db) => {
                db.sql()
                    .execute("UPDATE chart SET coded_at = ?1", [at])
                    .unwrap();
            }
            Side::Pg(db) => {
                db.admin()
                    .execute(
                        "UPDATE chartq.chart SET coded_at = $1 WHERE coded_at IS NOT NULL",
                        &[&at],
                    )
                    .unwrap();
            }
        }
    }

    /// Every stretch of work made 300 seconds long, the daily sums
    /// recomputed (the wall-clock seconds of two runs never agree; what
    /// the reports read from equal rows must).
    pub(crate) fn even_work(&self) {
        let sql = |p: &str| {
            format!(
                "UPDATE {p}report_work SET seconds = 300;
                 UPDATE {p}report_day SET seconds = (SELECT coalesce(sum(w.seconds), 0)
                     FROM {p}report_work w JOIN {p}chart c ON c.id = w.chart_id
                     WHERE substr(w.ended_at, 1, 10) = {p}report_day.day
                       AND w.user_login = {p}report_day.user_login
                       AND w.encounter_type = {p}report_day.encounter_type
                       AND c.queue = {p}report_day.queue);"
            )
        };
        match self {
            Side::Lite(db) => db.sql().execute_batch(&sql("")).unwrap(),
            Side::Pg(db) => db.admin().batch_execute(&sql("chartq.")).unwrap(),
        }
    }

    pub(crate) fn import(&self, lines: &[String]) {
        match self {
            Side::Lite(db) => db.import(lines),
            Side::Pg(db) => db.import(lines),
        }
    }
}

fn code(code: &str, title: &str) -> Code {
    Code {
        code: code.into(),
        kind: CodeKind::Code,
        billable: true,
        short_title: None,
        long_title: title.into(),
        parent: None,
        notes: vec![],
        valid_until: None,
    }
}

/// The SQLite template's FY2026 ICD-10-CM and -PCS codes the script uses,
/// imported as the admin through the seam.
fn import_codes(url: &str) {
    let mut pg = Postgres::connect(url).unwrap();
    let actor = Actor {
        user: User {
            id: 1,
            login: pg.login().unwrap(),
            name: None,
            role: Role::Admin,
            queues: vec![],
            created_at: String::new(),
        },
        real_login: None,
    };
    let cm = [
        ("I50.21", "Acute systolic heart failure"),
        ("I50.23", "Acute on chronic systolic heart failure"),
        ("E11.9", "Type 2 diabetes mellitus without complications"),
        ("E11.22", "Type 2 diabetes mellitus with diabetic CKD"),
        ("N18.31", "Chronic kidney disease, stage 3a"),
        ("J18.9", "Pneumonia, unspecified organism"),
        ("R07.9", "Chest pain, unspecified"),
    ];
    let pcs = [
        ("0DTJ4ZZ", "Resection of appendix, endoscopic"),
        ("02703ZZ", "Dilation of coronary artery, one artery"),
    ];
    for (system, codes) in [
        (CodeSystem::Icd10Cm, &cm[..]),
        (CodeSystem::Icd10Pcs, &pcs[..]),
    ] {
        let set = CodeSet {
            codes: codes.iter().map(|(c, t)| code(c, t)).collect(),
        };
        let spec = VersionSpec {
            system,
            label: "FY2026".into(),
            effective_from: "2025-10-01".parse().unwrap(),
            effective_to: Some("2026-09-30".parse().unwrap()),
            source: "test-codes.txt".into(),
        };
        let new = NewCodeSet {
            spec: &spec,
            set: &set,
            borrowed: None,
        };
        pg.import_code_set(&actor, &new, &snapshot_encoder(system))
            .unwrap();
    }
}

/// A PostgreSQL side with the SQLite template's people and codes.
pub(crate) fn pg_side(tag: &str) -> Option<Side> {
    let db = PgDb::new(tag)?;
    import_codes(&db.url);
    for (login, role) in PEOPLE {
        db.ok(&["user", "add", &db.login(login), "--role", role]);
    }
    for q in ["inpatient", "ed", "outpatient", "retro"] {
        for coder in ["coder1", "coder2"] {
            db.ok(&["user", "join", q, "--user", &db.login(coder)]);
        }
    }
    Some(Side::Pg(db))
}

/// Codes `account` as coder1 with `codes` (code, POA) and finalizes it.
fn code_chart(side: &Side, account: &str, codes: &[(&str, Option<&str>)]) {
    side.ok(&["--as", "coder1", "queue", "claim", account]);
    for (c, poa) in codes {
        let mut args = vec!["--as", "coder1", "assign", account, c];
        if let Some(p) = poa {
            args.extend(["--poa", p]);
        }
        side.ok(&args);
    }
    side.ok(&["--as", "coder1", "finalize", account]);
}

/// `review_cli`'s week on `side`: three inpatient charts and one
/// outpatient, coded by coder1, finalized (as sampling knows) 2026-11-03.
pub(crate) fn coded_week(side: &Side) {
    let spec = |account, kind, queue| ChartSpec {
        account,
        kind,
        queue,
        ..Default::default()
    };
    side.import(&[
        chart_line(&spec("IP-1", "inpatient", "inpatient")),
        chart_line(&spec("IP-2", "inpatient", "inpatient")),
        chart_line(&spec("IP-3", "inpatient", "retro")),
        chart_line(&spec("OP-1", "outpatient", "inpatient")),
    ]);
    if let Side::Lite(_) = side {
        side.ok(&["user", "join", "retro", "--user", "coder1"]);
    }
    code_chart(side, "IP-1", &[("I50.21", Some("Y")), ("E11.9", Some("Y"))]);
    code_chart(side, "IP-2", &[("I50.21", Some("Y"))]);
    code_chart(
        side,
        "IP-3",
        &[("I50.21", Some("Y")), ("N18.31", Some("N"))],
    );
    code_chart(side, "OP-1", &[("R07.9", None)]);
    side.set_coded_at("2026-11-03T10:00:00Z");
}

fn accounts(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["account"].as_str().unwrap().to_string())
        .collect()
}

/// What the script shows that must not depend on the backend: the plan,
/// the samples, the closed review, the outcomes, the rebuttal, accuracy.
fn script(side: &Side) -> Vec<serde_json::Value> {
    let mut seen = Vec::new();
    let plan = side.json(&[
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
        "--rule",
        "random:50%",
        "--seed",
        "7",
    ]);
    assert_eq!(plan[0]["mode"], "prebill");
    let dry = side.json(&[
        "--as",
        "sup",
        "review",
        "sample",
        "--period",
        "2026-W45",
        "--dry-run",
    ]);
    let sampled = side.json(&["--as", "sup", "review", "sample", "--period", "2026-W45"]);
    assert_eq!(sampled[0]["picks"], dry[0]["picks"]);
    let picked = accounts(&sampled[0]["picks"]);
    assert!(picked.contains(&"IP-1".to_string()), "{sampled}");
    seen.push(sampled[0]["picks"].clone());
    seen.push(sampled[0]["finalized"].clone());
    let err = side.fails(
        2,
        &["--as", "sup", "review", "sample", "--period", "2026-W45"],
    );
    assert!(err.contains("already"), "{err}");

    // Prebill: held from export until the review closes.
    let export = side.ok(&["--as", "aud", "export"]);
    assert!(
        !export.contains("IP-1") && export.contains("IP-3"),
        "{export}"
    );

    side.fails(2, &["--as", "coder1", "review", "queue"]);
    let queue = side.json(&["--as", "aud", "review", "queue"]);
    seen.push(serde_json::json!(accounts(&queue)));

    side.ok(&["--as", "aud", "review", "claim", "IP-1"]);
    let err = side.fails(
        2,
        &[
            "--as", "aud", "review", "change", "IP-1", "E11.9", "--to", "E11.22",
        ],
    );
    assert!(err.contains("reason:"), "{err}");
    side.ok(&[
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
    side.ok(&[
        "--as",
        "aud",
        "review",
        "add",
        "IP-1",
        "--to",
        "J18.9",
        "--poa",
        "Y",
        "--reason",
        "missing_secondary",
    ]);
    let err = side.fails(2, &["--as", "aud", "review", "close", "IP-1"]);
    assert!(err.contains("I50.21 has no decision"), "{err}");
    side.ok(&["--as", "aud", "review", "agree", "IP-1", "I50.21"]);
    let closed = side.json(&["--as", "aud", "review", "close", "IP-1"]);
    assert_eq!(
        (closed["status"].as_str(), closed["changed"].as_bool()),
        (Some("closed"), Some(true))
    );
    seen.push(closed["original_drg"].clone());
    seen.push(closed["reviewed_drg"].clone());
    let chart = side.json(&["--as", "aud", "chart", "show", "IP-1"]);
    assert_eq!(chart["chart"]["status"], "audited", "{chart}");
    let codes: Vec<&str> = chart["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["I50.21", "E11.22", "J18.9"]);
    seen.push(serde_json::json!([
        chart["drg"]["current"],
        chart["drg"]["original"]
    ]));

    // The rest of the sample, agreed whole.
    for account in picked.iter().filter(|a| *a != "IP-1") {
        side.ok(&["--as", "aud", "review", "claim", account]);
        side.ok(&["--as", "aud", "review", "close", account, "--agree-rest"]);
    }
    let export = side.ok(&["--as", "aud", "export"]);
    assert!(export.contains("E11.22"), "{export}");

    let outcomes = side.json(&["--as", "coder1", "review", "outcomes", "--unseen"]);
    assert_eq!(outcomes.as_array().unwrap().len(), picked.len());
    side.fails(1, &["--as", "coder1", "review", "outcomes", "--unseen"]);
    let err = side.fails(
        2,
        &["--as", "coder1", "review", "outcomes", "--coder", "coder2"],
    );
    assert!(err.contains("coder:"), "{err}");
    side.ok(&[
        "--as",
        "coder1",
        "review",
        "rebut",
        "IP-1",
        "--text",
        "the CKD is not linked",
    ]);
    let err = side.fails(
        2,
        &[
            "--as", "coder1", "review", "rebut", "IP-1", "--text", "again",
        ],
    );
    assert!(err.contains("once per review"), "{err}");
    let answered = side.json(&["--as", "aud", "review", "answer", "IP-1", "--accept"]);
    assert_eq!(answered["rebuttal_status"], "accepted");
    let chart = side.json(&["--as", "aud", "chart", "show", "IP-1"]);
    let codes: Vec<&str> = chart["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["I50.21", "E11.9"], "the accepted rebuttal restores");
    seen.push(chart["drg"]["current"].clone());

    let err = side.fails(
        2,
        &["--as", "coder1", "report", "accuracy", "--coder", "coder2"],
    );
    assert!(err.contains("coders see only their own accuracy"), "{err}");
    seen.push(side.json(&["--as", "coder1", "report", "accuracy"]));
    seen.push(side.json(&["--as", "sup", "report", "accuracy"]));
    seen
}

#[test]
fn pg_review_end_to_end_matches_sqlite() {
    let Some(pg) = pg_side("review") else {
        return;
    };
    let lite = Side::Lite(Db::new());
    coded_week(&lite);
    coded_week(&pg);
    let on_lite = script(&lite);
    let on_pg = script(&pg);
    assert_eq!(on_pg, on_lite, "PostgreSQL and SQLite disagree");
    let Side::Pg(db) = &pg else { unreachable!() };
    let events = db.count("SELECT count(*) FROM chartq.audit_event WHERE action LIKE 'review_%'");
    assert!(events >= 10, "{events} review events");
    // The chain still verifies with the server's review events in it.
    db.ok(&["audit", "verify"]);
}

#[test]
fn pg_a_coder_cannot_review_or_write_review_tables() {
    let Some(side) = pg_side("reviewsec") else {
        return;
    };
    coded_week(&side);
    side.ok(&[
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
    side.ok(&["--as", "sup", "review", "sample", "--period", "2026-W45"]);
    let Side::Pg(db) = &side else { unreachable!() };
    let chart: i64 = db
        .admin()
        .query_one("SELECT id FROM chartq.chart WHERE account = 'IP-1'", &[])
        .unwrap()
        .get(0);
    let mut coder = db.as_login(&db.login("coder2"));
    let refused = |c: &mut postgres::Client, sql: &str| {
        let err = c.batch_execute(sql).expect_err(sql);
        let code = err.as_db_error().map(|e| e.code().code().to_string());
        assert!(
            matches!(code.as_deref(), Some("CQ403" | "42501" | "CQ404")),
            "{sql}: {err:?}"
        );
    };
    for sql in [
        "SELECT chartq.review_plan_add(NULL, 'x', NULL, NULL, 'prebill', '[\"random:5%\"]', 1, '{}')"
            .to_string(),
        "SELECT chartq.review_plan_end(NULL, 1, '2026-12-01')".to_string(),
        "SELECT chartq.review_sample(NULL, 1, '2026-11-09', '2026-11-15', '[]')".to_string(),
        format!("SELECT chartq.review_claim(NULL, {chart}, 'IP-1', 600)"),
        format!("SELECT chartq.review_release(NULL, {chart}, 'IP-1')"),
        format!(
            "SELECT chartq.review_decide(NULL, {chart}, 'IP-1', NULL, 'delete', NULL, 'poa', NULL)"
        ),
        format!("SELECT chartq.review_close(NULL, {chart}, 'IP-1', '{{}}', NULL, NULL)"),
        format!("SELECT chartq.review_answer(NULL, {chart}, 'IP-1', true, NULL)"),
        "UPDATE chartq.review SET status = 'closed'".to_string(),
        "DELETE FROM chartq.review".to_string(),
        "INSERT INTO chartq.review_plan (name, mode, rules, seed, created_by, created_at)
         VALUES ('x', 'prebill', '[]', 1, 1, 'now')"
            .to_string(),
        "UPDATE chartq.review_code SET decision = 'agree'".to_string(),
        "DELETE FROM chartq.report_finalized".to_string(),
    ] {
        refused(&mut coder, &sql);
    }
    // A coder reads no plan and no open review (their own once closed).
    let plans: i64 = coder
        .query_one("SELECT count(*) FROM chartq.review_plan", &[])
        .unwrap()
        .get(0);
    let reviews: i64 = coder
        .query_one("SELECT count(*) FROM chartq.review", &[])
        .unwrap()
        .get(0);
    assert_eq!((plans, reviews), (0, 0));
    // The reviews are coder1's charts: coder2 may not rebut them either.
    refused(
        &mut coder,
        &format!("SELECT chartq.review_rebut(NULL, {chart}, 'IP-1', 'no')"),
    );
}

/// The review sweep run by every review claim reads one entry of index
/// `review_lease` when no review lease has run out, whatever the
/// statistics say (statistics taken while every review was open, as
/// after a sample); before, it walked every review in review and filtered
/// each by its lease end. One lease in the past: swept, and just it.
#[test]
fn pg_the_review_sweep_reads_one_index_entry_on_stale_statistics() {
    let Some(db) = PgDb::new("revexp") else {
        return;
    };
    let feed: Vec<String> = (0..600)
        .map(|i| {
            chart_line(&ChartSpec {
                account: &format!("R{i:04}"),
                ..Default::default()
            })
        })
        .collect();
    db.import(&feed);
    let mut su = db.admin();
    su.batch_execute(
        "INSERT INTO chartq.review_plan (name, mode, rules, seed, created_by, created_at)
         VALUES ('stale', 'retrospective', '[]', 1, 1, '2026-11-30T00:00:00Z');
         INSERT INTO chartq.review (chart_id, plan_id, period_from, period_to, rules, mode,
                                    queue, finalized_at, sampled_at)
         SELECT c.id, p.id, '2026-11-01', '2026-11-30', '[]', 'retrospective', c.queue,
                '2026-11-29T00:00:00Z', '2026-11-30T00:00:00Z'
         FROM chartq.chart c, chartq.review_plan p;
         ALTER TABLE chartq.review SET (autovacuum_enabled = off);
         ANALYZE chartq.review;
         UPDATE chartq.review SET status = 'in_review', lease_holder = 1,
             lease_until = chartq.epoch() + 1800
         WHERE id IN (SELECT id FROM chartq.review ORDER BY id LIMIT 500);",
    )
    .unwrap();
    let reads = |su: &mut postgres::Client| rows_read(su, "chartq.review", "review_lease");
    let expire = |su: &mut postgres::Client| -> i32 {
        su.query_one("SELECT chartq.review_expire()", &[])
            .unwrap()
            .get(0)
    };
    su.batch_execute("SELECT pg_stat_reset()").unwrap();
    let before = reads(&mut su);
    assert_eq!(expire(&mut su), 0);
    let after = reads(&mut su);
    assert_read_only_through("review_lease", before, after);
    su.batch_execute(
        "UPDATE chartq.review SET lease_until = 1
         WHERE id = (SELECT min(id) FROM chartq.review WHERE status = 'in_review')",
    )
    .unwrap();
    assert_eq!(expire(&mut su), 1);
    assert_eq!(expire(&mut su), 0);
}
