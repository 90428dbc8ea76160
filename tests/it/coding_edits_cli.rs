//! The coding edits through the binary: `chartq check --batch` reports every
//! edit kind (MCE, POA, tabular conventions) on claims built for each,
//! answers `{"id","error"}` for a claim no table covers and exits 2 for a
//! malformed line while still checking the rest; `chartq check CHART` shows
//! a stored chart's edits; finalize blocks on errors and asks for an
//! acknowledgement with a reason on warnings, which the audit log and
//! `chart show` keep.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::backends::TestDb;

/// The seed template these tests share (kept between runs under target/).
fn template_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("seed-template")
}

fn chartq(db: &Path) -> assert_cmd::Command {
    let mut cmd = crate::support::chartq(db);
    cmd.env("CHARTQ_SEED_TEMPLATE", template_dir());
    cmd
}

/// A database with the bundled code sets (their tabular notes) and the
/// caller as its admin.
fn seeded(dir: &Path) -> PathBuf {
    let db = dir.join("edits.db");
    chartq(&db).arg("init").assert().success();
    db
}

/// A claim line: inpatient, FY2026 (MCE v43.1), a 50-year-old woman, home.
fn claim(id: &str, fields: Value) -> String {
    let mut c = serde_json::json!({
        "id": id, "age": 50, "sex": "F",
        "admit_date": "2026-05-01", "discharge_date": "2026-05-04", "discharge_status": "01",
        "pdx": {"code": "J18.9", "poa": "Y"}, "sdx": [], "procedures": [],
    });
    for (k, v) in fields.as_object().unwrap() {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c.to_string()
}

fn dx(code: &str, poa: &str) -> Value {
    serde_json::json!({"code": code, "poa": poa})
}

fn px(code: &str) -> Value {
    serde_json::json!({"code": code})
}

/// Each claim and the edit it was built to raise (with its severity).
fn claims_by_edit() -> Vec<(&'static str, &'static str, String)> {
    use serde_json::json;
    vec![
        (
            "invalid_code",
            "error",
            claim("c-invalid", json!({"sdx": [dx("I50", "Y")]})),
        ),
        (
            "external_cause_as_pdx",
            "error",
            claim("c-ecode", json!({"pdx": dx("W19.XXXA", "Y")})),
        ),
        (
            "duplicate_of_pdx",
            "error",
            claim("c-dup", json!({"sdx": [dx("J189", "Y")]})),
        ),
        (
            "age_conflict",
            "error",
            claim("c-age", json!({"age": 70, "pdx": dx("O23.40", "Y")})),
        ),
        (
            "manifestation_as_pdx",
            "error",
            claim(
                "c-manif",
                json!({"pdx": dx("F02.811", "Y"), "sdx": [dx("G30.1", "Y")]}),
            ),
        ),
        (
            "questionable_admission",
            "warning",
            claim("c-qadm", json!({"pdx": dx("I10", "Y")})),
        ),
        (
            "unacceptable_pdx",
            "error",
            claim("c-unacc", json!({"pdx": dx("Z87.891", "1")})),
        ),
        (
            "unacceptable_pdx",
            "error",
            claim("c-reqsdx", json!({"pdx": dx("Z51.89", "1")})),
        ),
        (
            "unspecified",
            "warning",
            claim("c-unsp", json!({"sdx": [dx("G81.00", "Y")]})),
        ),
        (
            "non_covered",
            "warning",
            claim("c-noncov", json!({"procedures": [px("00F3XZZ")]})),
        ),
        (
            "limited_coverage",
            "warning",
            claim("c-lcov", json!({"procedures": [px("02WA3QZ")]})),
        ),
        (
            "wrong_procedure",
            "warning",
            claim("c-wrong", json!({"sdx": [dx("Y65.51", "1")]})),
        ),
        (
            "procedure_inconsistent_with_los",
            "error",
            claim(
                "c-los",
                json!({"admit_date": "2026-05-02", "procedures": [px("5A1955Z")]}),
            ),
        ),
        (
            "questionable_obstetric_admission",
            "warning",
            claim(
                "c-obst",
                json!({"age": 30, "pdx": dx("O32.1XX0", "Y"), "procedures": [px("10D00Z1")]}),
            ),
        ),
        (
            "invalid_age",
            "error",
            claim("c-badage", json!({"age": 130})),
        ),
        (
            "invalid_sex",
            "error",
            claim("c-badsex", json!({"sex": "X"})),
        ),
        (
            "invalid_discharge_status",
            "error",
            claim("c-badstat", json!({"discharge_status": "99"})),
        ),
        (
            "missing_discharge_status",
            "error",
            claim("c-nostat", json!({"discharge_status": null})),
        ),
        (
            "sex_conflict",
            "error",
            claim(
                "c-sex",
                json!({"sex": "M", "admit_date": "2024-03-01", "discharge_date": "2024-03-04",
                       "pdx": dx("O80", "Y")}),
            ),
        ),
        (
            "poa_missing",
            "error",
            claim("c-poa-none", json!({"sdx": [dx("I10", "")]})),
        ),
        (
            "poa_invalid",
            "error",
            claim("c-poa-bad", json!({"sdx": [dx("I10", "Q")]})),
        ),
        (
            "poa_on_exempt_code",
            "warning",
            claim("c-poa-exempt", json!({"sdx": [dx("Z87.891", "Y")]})),
        ),
        (
            "excludes1",
            "warning",
            claim(
                "c-excl1",
                json!({"pdx": dx("E11.65", "Y"), "sdx": [dx("E10.9", "Y")]}),
            ),
        ),
        (
            "manifestation_without_etiology",
            "error",
            claim(
                "c-manif-op",
                json!({"encounter_type": "outpatient", "pdx": dx("F02.811", ""),
                       "discharge_status": null}),
            ),
        ),
        (
            "use_additional_code",
            "info",
            claim("c-useadd", json!({"pdx": dx("E11.9", "Y")})),
        ),
        (
            "code_first",
            "info",
            claim("c-codefirst", json!({"sdx": [dx("I25.82", "Y")]})),
        ),
    ]
}

/// The batch's output lines by claim id.
fn by_id(stdout: &[u8]) -> BTreeMap<String, Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

// `check --batch` only reads code sets: on PostgreSQL the process's
// seeded team database serves both tests. The finalize tests below stay
// SQLite-only for now: each needs a database of its own with the bundled
// tabular notes, and seeding one on PostgreSQL takes about a minute
// (docs/pg-both-notes.md).
crate::on_both! {
sqlite = TestDb::sqlite_made(seeded), postgres = TestDb::postgres_seeded();
fn check_batch_reports_every_edit_kind(db) {
    let cases = claims_by_edit();
    let clean = claim("c-clean", serde_json::json!({"sdx": [dx("E78.5", "Y")]}));
    let lines: Vec<&str> = cases
        .iter()
        .map(|(_, _, l)| l.as_str())
        .chain([clean.as_str()])
        .collect();
    let file = db.file("claims.jsonl", lines.join("\n"));
    let out = db.ok(&["check", "--batch", file.to_str().unwrap(), "--json"]);
    let got = by_id(out.as_bytes());
    assert_eq!(got.len(), lines.len());
    for (name, severity, line) in &cases {
        let id: Value = serde_json::from_str::<Value>(line).unwrap()["id"].clone();
        let edits = got[id.as_str().unwrap()]["edits"].as_array().unwrap();
        let found = edits
            .iter()
            .find(|e| e["name"] == *name)
            .unwrap_or_else(|| panic!("{id}: no {name} in {edits:?}"));
        assert_eq!(found["severity"], *severity, "{id}: {found}");
        assert!(found["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(found["codes"].is_array());
    }
    // The clean claim carries nothing a coder must act on.
    let clean_edits = got["c-clean"]["edits"].as_array().unwrap();
    assert!(
        clean_edits.iter().all(|e| e["severity"] == "info"),
        "{clean_edits:?}"
    );
}
}

crate::on_both! {
sqlite = TestDb::sqlite_made(seeded), postgres = TestDb::postgres_seeded();
fn check_batch_answers_errors_per_claim_and_exits_2_on_a_malformed_line(db) {
    let late = claim(
        "c-2028",
        serde_json::json!({"admit_date": "2028-01-01", "discharge_date": "2028-01-03"}),
    );
    let ok = claim("c-ok", serde_json::json!({}));
    let bad = ok.replace("\"age\":50", "\"age\":\"50\"");
    assert_ne!(bad, ok);
    let file = db.file("claims.jsonl", format!("{late}\n{bad}\n\n{ok}\n"));
    let file = file.to_str().unwrap();
    let out = db.run(&["check", "--batch", file, "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("claims.jsonl:2: field `age`: must be a whole number, found a string"),
        "{stderr}"
    );
    let got = by_id(&out.stdout);
    assert_eq!(got.len(), 2, "the malformed line has no result line");
    assert!(
        got["c-2028"]["error"]
            .as_str()
            .unwrap()
            .contains("no Medicare Code Editor table covers the discharge date 2028-01-03"),
        "{:?}",
        got["c-2028"]
    );
    assert!(got["c-ok"]["edits"].is_array());
    // --batch without --json is refused by the command line itself.
    assert!(!db.run(&["check", "--batch", file]).status.success());
}
}

/// One inpatient chart for a 70-year-old woman, discharged home in FY2026.
fn import_chart(db: &TestDb, account: &str, discharge_status: Option<&str>) {
    let mut line = serde_json::json!({
        "account": account, "mrn": format!("MRN-{account}"),
        "patient": {"name": "Testperson, Alex", "dob": "1956-01-10", "sex": "F"},
        "encounter_type": "inpatient", "admit_date": "2026-05-01", "discharge_date": "2026-05-04",
        "queue": "inpatient", "priority": 2,
        "documents": [{"type": "discharge_summary", "text": "Invented discharge summary."}],
    });
    if let Some(status) = discharge_status {
        line["discharge_status"] = status.into();
    }
    let feed = db.file(&format!("{account}.jsonl"), line.to_string());
    db.ok(&["charts", "import", feed.to_str().unwrap()]);
    db.ok(&["queue", "claim", account]);
}

crate::on_both! {
sqlite = TestDb::sqlite_made(seeded), postgres = TestDb::postgres_seeded_copy();
fn errors_block_finalize_until_the_coding_is_fixed(db) {
    import_chart(db, "IP-AGE", Some("01"));
    for (code, poa) in [("O23.40", "Y"), ("B96.20", "Y"), ("I10", "Y")] {
        db.ok(&["assign", "IP-AGE", code, "--poa", poa]);
    }
    let check = db.run(&["check", "IP-AGE", "--json"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(report["errors"].as_u64().unwrap() >= 1, "{report}");
    let age = report["edits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "age_conflict")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(age["codes"], serde_json::json!(["O2340"]));
    let text = db.run(&["check", "IP-AGE"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("age_conflict"));

    let refused = db.run(&["finalize", "IP-AGE"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("age_conflict"));
    // An error cannot be acknowledged away.
    let acked = db.run_with_stdin(&[
            "finalize",
            "IP-AGE",
            "--acknowledge",
            "age_conflict",
            "--reason-file",
            "-",
        ], "it is fine");
    assert_eq!(acked.status.code(), Some(2), "{acked:?}");
    assert!(String::from_utf8_lossy(&acked.stderr).contains("no age_conflict warning"));

    db.ok(&["unassign", "IP-AGE", "O23.40"]);
    db.ok(&[
            "assign",
            "IP-AGE",
            "N39.0",
            "--poa",
            "Y",
            "--role",
            "principal",
        ]);
    db.ok(&["sequence", "IP-AGE", "N39.0", "1"]);
    let done = db.run(&["finalize", "IP-AGE", "--json"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stdout)
    );
}
}

crate::on_both! {
sqlite = TestDb::sqlite_made(seeded), postgres = TestDb::postgres_seeded_copy();
fn a_missing_discharge_status_blocks_finalize(db) {
    import_chart(db, "IP-NOSTAT", None);
    db.ok(&["assign", "IP-NOSTAT", "N39.0", "--poa", "Y"]);
    let refused = db.run(&["finalize", "IP-NOSTAT", "--json"]);
    assert_eq!(refused.status.code(), Some(2));
    let body: Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert!(
        body["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().starts_with("missing_discharge_status")),
        "{body}"
    );
}
}

crate::on_both! {
sqlite = TestDb::sqlite_made(seeded), postgres = TestDb::postgres_seeded_copy();
fn warnings_are_acknowledged_with_a_reason_and_audited(db) {
    import_chart(db, "IP-EXCL", Some("01"));
    for code in ["E11.65", "E10.9"] {
        db.ok(&["assign", "IP-EXCL", code, "--poa", "Y"]);
    }
    let refused = db.run(&["finalize", "IP-EXCL"]);
    assert_eq!(refused.status.code(), Some(2));
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        why.contains("excludes1") && why.contains("acknowledge"),
        "{why}"
    );

    // A typo is not an acknowledgement, and a reason is required.
    let typo = db.run(&["finalize", "IP-EXCL", "--acknowledge", "exclude1"]);
    assert_eq!(typo.status.code(), Some(2));
    let no_reason = db.run_with_stdin(&[
            "finalize",
            "IP-EXCL",
            "--acknowledge",
            "excludes1",
            "--reason-file",
            "-",
        ], "   \n");
    assert_eq!(no_reason.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_reason.stderr).contains("needs a reason"));

    let done = db.run_with_stdin(&[
            "finalize",
            "IP-EXCL",
            "--acknowledge",
            "excludes1",
            "--reason-file",
            "-",
            "--json",
        ], "both documented: new type 1 diagnosis under review\n");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let shown: Value =
        serde_json::from_slice(&db.run(&["chart", "show", "IP-EXCL", "--json"]).stdout).unwrap();
    let finalized = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "chart_finalized")
        .unwrap_or_else(|| panic!("{shown}"))
        .clone();
    let details = &finalized["details"];
    let details: Value = match details {
        Value::String(s) => serde_json::from_str(s).unwrap(),
        other => other.clone(),
    };
    assert_eq!(details["acknowledged"][0]["edit"], "excludes1", "{details}");
    assert_eq!(
        details["reason"],
        "both documented: new type 1 diagnosis under review"
    );
    let text = db.run(&["chart", "show", "IP-EXCL"]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("excludes1"),
        "chart show names the acknowledged edit"
    );
}
}

crate::on_both! {
sqlite = TestDb::sqlite_made(seeded), postgres = TestDb::postgres_seeded_copy();
fn a_site_imports_the_official_poa_exempt_list_of_a_fiscal_year(db) {
    // FY2027 claims: Z87.891 is exempt by the FY2026 list carried over;
    // I10 is not exempt.
    let fy2027 = |id: &str, sdx: Value| {
        claim(
            id,
            serde_json::json!({"admit_date": "2026-11-01", "discharge_date": "2026-11-04",
                               "sdx": [sdx]}),
        )
    };
    let file = db.file(
        "claims.jsonl",
        [
            fy2027("i10-blank", dx("I10", "")),
            fy2027("z87-y", dx("Z87.891", "Y")),
        ]
        .join("\n"),
    );
    let file = file.to_str().unwrap();
    let names = |db: &TestDb| -> BTreeMap<String, Vec<String>> {
        let out = db.run(&["check", "--batch", file, "--json"]);
        by_id(&out.stdout)
            .into_iter()
            .map(|(id, v)| {
                let names = v["edits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|e| e["name"].as_str().unwrap().starts_with("poa_"))
                    .map(|e| format!("{}:{}", e["name"].as_str().unwrap(), e["severity"]))
                    .collect();
                (id, names)
            })
            .collect()
    };
    let before = names(db);
    assert_eq!(before["i10-blank"], ["poa_missing:\"error\""]);
    assert_eq!(before["z87-y"], ["poa_on_exempt_code:\"warning\""]);

    // The site's official FY2027 list (invented for the test: I10 exempt,
    // Z87.891 not), CMS's layout.
    let list = db.file(
        "POAexemptCodesFY27.txt",
        "Order27\tPOAexemptCode\tDescription\r\n01000\tI10\tEssential (primary) hypertension\r\n",
    );
    let list = list.to_str().unwrap();
    // Admins only: a coder may not replace the list.
    db.ok(&["user", "add", "coder9", "--role", "coder"]);
    assert!(
        !db.run(&["--as", "coder9", "codes", "import", "poa", list])
            .status
            .success()
    );
    let out = db.run(&["codes", "import", "poa", list]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("FY2027 POA-exempt list: 1 codes"));
    let after = names(db);
    assert!(after["i10-blank"].is_empty(), "{after:?}");
    assert_eq!(after["z87-y"], Vec::<String>::new(), "Y on a required code");
    // The import is audited.
    let audit = db.run(&["audit", "--json"]);
    assert!(String::from_utf8_lossy(&audit.stdout).contains("poa_list_imported"));
    // A list whose file name says no year needs --fiscal-year.
    let unnamed = db.file("exempt.txt", "I10\n");
    let unnamed = unnamed.to_str().unwrap();
    let refused = db.run(&["codes", "import", "poa", unnamed]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--fiscal-year"));
    db.ok(&["codes", "import", "poa", "--fiscal-year", "2027", unnamed]);
}
}
