//! Clinical free text kept off the command line (issue 9, item 9):
//! `--question`, `--response` and `--reason` come from a file, standard
//! input (`-`) or `$EDITOR` on a terminal; the argv forms still work for
//! scripts but warn; with no terminal and no input the command fails at
//! once instead of waiting.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::backends::TestDb;
use crate::support::queue::{ChartSpec, chart_line};

// The text read from a file or stdin is stored on both backends
// (`on_both!`). `without_a_terminal_or_input_it_fails_at_once` and
// `argv_text_still_works_but_warns_and_help_says_why` stay SQLite-only:
// they are about the command line (stdin, argv, help), decided before any
// database call.

/// `db` with ACC-1 claimed by coder1.
fn claimed(db: TestDb) -> TestDb {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
    db
}

/// Exit code, stdout and stderr of `chartq ARGS` with `input` on stdin.
fn with_stdin(db: &TestDb, args: &[&str], input: &str) -> (Option<i32>, String, String) {
    let out = db.run_with_stdin(args, input);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Waits at most 10 s for `child` (its stdin an open pipe nobody writes).
fn exits_quickly(mut child: Child) -> (Option<i32>, String) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            return (status.code(), err);
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("chartq waited for input that never came");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

crate::on_both! {
    sqlite = claimed(TestDb::sqlite()),
    postgres = TestDb::postgres().map(claimed);
fn hold_reason_from_stdin_or_a_file_with_no_warning(db) {
    let (code, out, err) = with_stdin(
        db,
        &["--as", "coder1", "hold", "ACC-1", "--reason-file", "-"],
        "operative report missing\n",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("on_hold: operative report missing"), "{out}");
    assert!(!err.contains("warning"), "{err}");
    let reason = db.text("SELECT hold_reason FROM chart");
    assert_eq!(reason.as_deref(), Some("operative report missing"));

    db.ok(&["--as", "coder1", "queue", "claim", "ACC-1"]);
    let file = db.file("reason.txt", "pathology pending\n");
    let out = db.run(&[
        "--as",
        "coder1",
        "hold",
        "ACC-1",
        "--reason-file",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("on_hold: pathology pending"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
}

crate::on_both! {
    sqlite = claimed(TestDb::sqlite()),
    postgres = TestDb::postgres().map(claimed);
fn question_and_response_from_files_and_stdin(db) {
    let q = db.file("q.txt", "Please clarify the type of heart failure.\n");
    let out = db.ok(&[
        "--as",
        "coder1",
        "ask",
        "ACC-1",
        "--provider",
        "Dr. Invented",
        "--question-file",
        q.to_str().unwrap(),
        "--option",
        "Acute systolic",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["question"], "Please clarify the type of heart failure.");
    let id = v["id"].as_i64().unwrap().to_string();
    let (code, out, err) = with_stdin(
        db,
        &[
            "--as",
            "coder1",
            "ask",
            "answer",
            &id,
            "--response-file",
            "-",
            "--json",
        ],
        "Acute systolic\n",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["response"], "Acute systolic");
}
}

#[test]
fn without_a_terminal_or_input_it_fails_at_once() {
    let db = claimed(TestDb::sqlite());
    for args in [
        &["--as", "coder1", "hold", "ACC-1"][..],
        &[
            "--as",
            "coder1",
            "ask",
            "ACC-1",
            "--provider",
            "Dr. Invented",
            "--option",
            "A",
        ][..],
        &["--as", "coder1", "ask", "answer", "1"][..],
    ] {
        // Standard input is a pipe that stays open: reading it would hang.
        let child = db
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (code, err) = exits_quickly(child);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains("is missing") && err.contains("-file"), "{err}");
    }
    assert_eq!(
        db.count("SELECT count(*) FROM chart WHERE status = 'in_progress'"),
        1
    );
}

#[test]
fn argv_text_still_works_but_warns_and_help_says_why() {
    let db = claimed(TestDb::sqlite());
    let out = db.run(&[
        "--as",
        "coder1",
        "hold",
        "ACC-1",
        "--reason",
        "operative report missing",
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: --reason on the command line is visible to other users")
            && err.contains("--reason-file"),
        "{err}"
    );
    // Both forms at once is a usage error.
    let f = db.file("r.txt", "x");
    let out = db.run(&[
        "--as",
        "coder1",
        "hold",
        "ACC-1",
        "--reason",
        "x",
        "--reason-file",
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    for (cmd, flag) in [
        (&["hold", "--help"][..], "--reason-file"),
        (&["ask", "--help"][..], "--question-file"),
        (&["ask", "answer", "--help"][..], "--response-file"),
    ] {
        let help = db.ok(cmd);
        assert!(help.contains(flag) && help.contains("ps"), "{help}");
    }
}
