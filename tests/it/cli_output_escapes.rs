//! Escape sequences stored in the database never reach the terminal through
//! the CLI's human-readable output (issue 9, item 7). The values are
//! written straight into the database with SQL, as a tool other than chartq
//! (or an older chartq) could have; every plain output that shows stored
//! text is then checked, and `--json` must stay exact.

use crate::support::queue::{ChartSpec, Db, chart_line};

/// Screen-changing payloads around words that must stay visible: CSI
/// (clear screen), OSC (window title), a C1 CSI, a bidi override, a
/// backspace and a carriage return.
fn hostile(word: &str) -> String {
    format!("{word}\x1b[2J\x1b]0;pwned\x07\u{9b}31m \u{202e}tail\x08\rend")
}

/// No control character but newline and tab, and no bidi control.
fn assert_inert(what: &str, out: &str) {
    let bad: Vec<char> = out
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t') || chartq::domain::text::is_bidi_control(c)
        })
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in {out:?}");
}

/// Runs `args` and checks both streams; returns stdout.
fn plain(db: &Db, args: &[&str]) -> String {
    let out = db.run(args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_inert(&format!("{args:?} stdout"), &stdout);
    assert_inert(&format!("{args:?} stderr"), &stderr);
    stdout + &stderr
}

#[test]
fn stored_escapes_are_cleaned_in_every_plain_output_and_kept_in_json() {
    let db = Db::new();
    db.import(&[
        chart_line(&ChartSpec::default()),
        chart_line(&ChartSpec {
            account: "ACC-2",
            ..Default::default()
        }),
    ]);
    // ACC-1 coded and finalized (for export), ACC-2 asked about (on hold).
    db.ok(&["queue", "claim", "ACC-1"]);
    db.ok(&["assign", "ACC-1", "E11.22", "--poa", "Y"]);
    db.ok(&["finalize", "ACC-1"]);
    db.ok(&["queue", "claim", "ACC-2"]);
    db.ok(&[
        "ask",
        "ACC-2",
        "--provider",
        "Dr. Invented",
        "--question",
        "Which type of heart failure?",
        "--option",
        "Acute systolic",
    ]);
    db.ok(&["ask", "answer", "1", "--response", "Acute systolic"]);

    let conn = db.sql();
    let set = |sql: &str, value: &str| {
        conn.execute(sql, [value]).unwrap();
    };
    set("UPDATE chart SET patient_name = ?1", &hostile("Testperson"));
    set("UPDATE chart SET mrn = ?1 || id", &hostile("MRN"));
    set(
        "UPDATE chart SET attending = ?1, payer = ?1, facility = ?1",
        &hostile("Dr"),
    );
    set(
        "UPDATE chart SET hold_reason = ?1 WHERE account = 'ACC-2'",
        &hostile("waiting"),
    );
    set(
        "UPDATE document SET text = ?1, author = ?1",
        &hostile("Assessment"),
    );
    set("UPDATE assignment SET title = ?1", &hostile("Diabetes"));
    set(
        "UPDATE provider_query SET provider = ?1, question = ?1, response = ?1",
        &hostile("Question"),
    );
    set(
        "UPDATE code SET long_title = ?1 WHERE code = 'E11.22'",
        &hostile("Diabetes"),
    );
    set(
        "UPDATE code_set_version SET label = ?1 WHERE system = 'CPT'",
        &hostile("2026"),
    );
    set(
        "INSERT INTO app_user (login, name, role, created_at) VALUES (?1, ?1, 'coder', '2026-01-01')",
        &hostile("mallory"),
    );
    set(
        "INSERT INTO queue_member SELECT id, ?1 FROM app_user WHERE login = 'sup'",
        &hostile("ed"),
    );
    set(
        "UPDATE chart SET queue = ?1 WHERE account = 'ACC-2'",
        &hostile("ed"),
    );
    // Last: the account is how the other commands find the chart.
    set(
        "UPDATE chart SET account = ?1 WHERE account = 'ACC-2'",
        &hostile("ACC"),
    );
    drop(conn);
    let acc2 = format!(
        "#{}",
        db.count("SELECT id FROM chart WHERE account <> 'ACC-1'")
    );

    let shown = plain(&db, &["chart", "show", "ACC-1"]);
    for visible in [
        "Testperson",
        "Assessment",
        "Diabetes",
        "MRN",
        "Dr",
        "tail",
        "end",
    ] {
        assert!(shown.contains(visible), "{visible} missing from {shown}");
    }
    let shown = plain(&db, &["chart", "show", &acc2]);
    for visible in ["Question", "waiting", "ACC"] {
        assert!(shown.contains(visible), "{visible} missing from {shown}");
    }
    for args in [
        &["queue", "list"][..],
        &["queue", "list", "--status", "on_hold"],
        &["user", "list"],
        &["user", "whoami"],
        &["--as", "sup", "user", "whoami"],
        &["ask", "list"],
        &["audit", "--limit", "0"],
        &["export", "--format", "csv"],
        &["codes", "list"],
        &["code", "show", "E11.22"],
        &["search", "diabetes"],
        &["search", "--system", "cm", "E11.22"],
    ] {
        let out = plain(&db, args);
        assert!(!out.trim().is_empty(), "{args:?} printed nothing");
    }
    // Errors that quote stored or typed text are cleaned too.
    let login = hostile("mallory");
    plain(&db, &["user", "add", &login]);
    plain(&db, &["chart", "show", &hostile("nope")]);

    // JSON is exact: JSON escapes control characters itself.
    let detail = db.json(&["chart", "show", "ACC-1"]);
    assert_eq!(detail["chart"]["patient"]["name"], hostile("Testperson"));
    assert_eq!(detail["documents"][0]["text"], hostile("Assessment"));
    let users = db.json(&["user", "list"]);
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["login"] == login.as_str()),
        "{users}"
    );
}
