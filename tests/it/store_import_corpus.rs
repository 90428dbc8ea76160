//! The bad-input corpus: every broken feed is refused whole with one clear
//! line naming the file, the line and the field (never the patient data in
//! it), nothing is half-imported, and nothing panics. Escape sequences are
//! cleaned instead of refused. Every test runs on both backends (on
//! PostgreSQL the feed goes through COPY and the staged import functions:
//! a refusal there must leave nothing either).

use std::path::{Path, PathBuf};

use crate::support::backends::TestDb;
use crate::support::queue::{ChartSpec, chart_line};

fn fixture(name: &str) -> PathBuf {
    Path::new(crate::support::fixtures::CHARTS).join(name)
}

/// Another fresh database of `db`'s backend.
fn fresh(db: &TestDb) -> TestDb {
    if db.is_pg() {
        TestDb::postgres().expect("PostgreSQL is configured")
    } else {
        TestDb::sqlite()
    }
}

/// Imports `path`, expects a refusal whose one line contains `expected`, and
/// checks that nothing of the file was written.
fn refused(db: &TestDb, path: &Path, expected: &str) {
    let err = db.fails(2, &["charts", "import", path.to_str().unwrap()]);
    let name = path.display().to_string();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("chartq: error: {name}")), "{err}");
    assert!(err.contains(expected), "expected {expected:?} in {err}");
    for phi in ["Harlow", "Muñoz", "Testperson", "Mu\u{f1}oz"] {
        assert!(!err.contains(phi), "patient data in the error: {err}");
    }
    assert_eq!(
        db.count("SELECT count(*) FROM chart"),
        0,
        "{name}: partial import"
    );
    assert_eq!(
        db.count("SELECT count(*) FROM document"),
        0,
        "{name}: partial import"
    );
    assert_eq!(
        db.count("SELECT count(*) FROM audit_event WHERE action LIKE 'chart%'"),
        0,
        "{name}"
    );
}

crate::on_both! {
fn every_broken_fixture_is_refused_with_file_line_and_field(db) {
    let cases = [
        (
            "empty.jsonl",
            "empty.jsonl: no charts in the file (it is empty)",
        ),
        ("blank_lines.jsonl", "no charts in the file"),
        ("latin1.jsonl", "latin1.jsonl:2: not valid UTF-8 at byte"),
        (
            "utf16.jsonl",
            "the file is UTF-16 encoded; save it as UTF-8",
        ),
        (
            "utf16_no_bom.jsonl",
            "utf16_no_bom.jsonl:1: contains a NUL byte",
        ),
        (
            "missing_field.jsonl",
            "missing_field.jsonl:2: field `mrn`: is required",
        ),
        (
            "missing_nested_field.jsonl",
            ":2: field `patient.dob`: is required",
        ),
        (
            "wrong_type.jsonl",
            ":2: field `priority`: must be a whole number, found a string",
        ),
        (
            "wrong_type_document.jsonl",
            ":2: field `documents[0].text`: must be a string, found a number",
        ),
        (
            "bad_date.jsonl",
            ":2: field `due_date`: must be a date YYYY-MM-DD",
        ),
        (
            "bad_enum.jsonl",
            ":2: field `encounter_type`: must be inpatient, outpatient",
        ),
        ("unknown_field.jsonl", ":2: field `acount`: unknown field"),
        (
            "not_an_object.jsonl",
            ":2: expected a JSON object, found an array",
        ),
        ("truncated.jsonl", ":2: malformed JSON at column"),
        (
            "duplicate_accounts.jsonl",
            ":3: field `account`: the same account as line 1",
        ),
        ("nul_byte.jsonl", ":2: contains a NUL byte"),
        (
            "nul_escape.jsonl",
            ":2: field `documents[0].text`: contains a NUL character",
        ),
        (
            "discharge_before_admit.jsonl",
            ":2: field `discharge_date`: is before admit_date",
        ),
        (
            "bad_columns.csv",
            "bad_columns.csv:1: column 9 of the header is not a known column",
        ),
        ("ragged.csv", "ragged.csv:3: 6 columns, the header has 8"),
        (
            "missing_required.csv",
            ":3: field `service_date`: is required for ed charts",
        ),
    ];
    for (name, expected) in cases {
        refused(db, &fixture(name), expected);
    }
}
}

crate::on_both! {
fn malformed_json_on_line_5000_rolls_back_the_4999_before_it(db) {
    let mut text = String::new();
    for i in 1..5000 {
        let account = format!("A{i}");
        text += &chart_line(&ChartSpec {
            account: &account,
            ..Default::default()
        });
        text.push('\n');
    }
    text += "{\"account\": \"A5000\", \"mrn\": }\n";
    text += &chart_line(&ChartSpec {
        account: "A5001",
        ..Default::default()
    });
    let path = db.file("line5000.jsonl", text);
    refused(
        db,
        &path,
        "line5000.jsonl:5000: malformed JSON at column 29: expected value",
    );
}
}

crate::on_both! {
fn a_10_mib_line_is_refused_by_the_document_limit_and_1_mib_is_fine(db) {
    let mut big: serde_json::Value =
        serde_json::from_str(&chart_line(&ChartSpec::default())).unwrap();
    big["documents"][0]["text"] = "x".repeat(10 << 20).into();
    let path = db.file("big.jsonl", big.to_string());
    refused(
        db,
        &path,
        "big.jsonl:1: field `documents[0].text`: document is 10485760 bytes of UTF-8; the limit is 1 MiB (1048576 bytes)",
    );
    big["documents"][0]["text"] = "y".repeat(1 << 20).into();
    let path = db.file("limit.jsonl", big.to_string());
    db.ok(&["charts", "import", path.to_str().unwrap()]);
    assert_eq!(db.count("SELECT length(text) FROM document"), 1 << 20);
}
}

crate::on_both! {
fn escape_sequences_are_cleaned_and_good_csv_imports(db) {
    db.ok(&[
        "charts",
        "import",
        fixture("ansi_escapes.jsonl").to_str().unwrap(),
    ]);
    let detail = db.json(&["chart", "show", "ACC-2"]);
    assert_eq!(detail["chart"]["patient"]["name"], "Harlow, June");
    // The 8-bit CSI (U+009B) goes alone: C1 characters never start a
    // sequence (see `chartq::domain::text`), so its "1m" stays as text.
    assert_eq!(
        detail["documents"][0]["text"],
        "Title text cleared\nnext 1m line"
    );
    let shown = db.ok(&["chart", "show", "ACC-2"]);
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "{shown:?}"
    );

    let summary = db.json(&["charts", "import", fixture("good.csv").to_str().unwrap()]);
    assert_eq!(summary["created"], 2);
    let b2 = db.json(&["chart", "show", "B2"]);
    assert_eq!(b2["chart"]["date_of_service"], "2026-06-02");
    assert_eq!(b2["chart"]["priority"], 3);
    assert_eq!(b2["chart"]["queue"], "inpatient");
    let again = db.json(&["charts", "import", fixture("good.csv").to_str().unwrap()]);
    assert_eq!(again["unchanged"], 2);
}
}

// Issue 9, item 2: a broken sequence or a C1 character (a mis-decoded
// Windows-1252 `ž` is U+009E) removes itself only, never the clinical text
// after it; the import says which documents it changed and by how many
// characters, never what they say.
crate::on_both! {
fn clinical_text_after_a_broken_sequence_survives_and_the_import_reports_it(db) {
    let mut line: serde_json::Value =
        serde_json::from_str(&chart_line(&ChartSpec::default())).unwrap();
    let texts = [
        "Dose \u{9b} 5 mg daily.\nPlan: continue.",
        "Seen by Dr. Babi\u{9e}. Assessment: sepsis.",
        "Note\u{1b}]0;never closed. Lactate 4.1, start fluids.",
        "Plain text\r\nwith CRLF only.",
        "Colour\u{1b}[31m red\u{1b}[0m and \u{202e}reversed",
    ];
    line["documents"] = texts
        .iter()
        .map(|t| serde_json::json!({"type": "progress_note", "text": t}))
        .collect();
    let second = chart_line(&ChartSpec {
        account: "ACC-2",
        ..Default::default()
    });
    let path = db.file("feed.jsonl", format!("{line}\n{second}\n"));
    let summary = db.json(&["charts", "import", path.to_str().unwrap()]);
    assert_eq!(
        summary["cleaned_documents"],
        serde_json::json!([
            {"line": 1, "document": 0, "characters": 1},
            {"line": 1, "document": 1, "characters": 1},
            {"line": 1, "document": 2, "characters": 1},
            {"line": 1, "document": 4, "characters": 10},
        ]),
        "{summary}"
    );
    let stored = db.json(&["chart", "show", "ACC-1"])["documents"].clone();
    let stored: Vec<&str> = stored
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        stored,
        [
            "Dose  5 mg daily.\nPlan: continue.",
            "Seen by Dr. Babi. Assessment: sepsis.",
            "Note]0;never closed. Lactate 4.1, start fluids.",
            "Plain text\nwith CRLF only.",
            "Colour red and reversed",
        ]
    );
    assert_eq!(
        db.count(if db.is_pg() {
            "SELECT (details::jsonb->>'documents_cleaned')::bigint FROM audit_event
             WHERE action = 'charts_imported'"
        } else {
            "SELECT json_extract(details, '$.documents_cleaned') FROM audit_event
             WHERE action = 'charts_imported'"
        }),
        4
    );

    // The plain report names line and document, never the text.
    let fresh = fresh(db);
    let path = fresh.file("feed.jsonl", format!("{line}\n"));
    let report = fresh.ok(&["charts", "import", path.to_str().unwrap()]);
    assert!(
        report.contains(
            "4 documents cleaned of terminal control characters (13 characters removed):\n  line 1, documents[0]: 1 character\n"
        ),
        "{report}"
    );
    for phi in ["Dose", "Babi", "sepsis", "Lactate"] {
        assert!(!report.contains(phi), "{report}");
    }
}
}
