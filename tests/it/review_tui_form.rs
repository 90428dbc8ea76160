//! Issue 15's "done when" in the TUI, by key over the real store: an
//! auditor changes a code to another code and adds one the coder missed
//! (each picked through the code search, with a reason and a comment),
//! then closes; the coder opens the review outcomes, sees the decision on
//! each code, and sends their one rebuttal; an auditor upholds it. Every
//! screen on the way is an insta snapshot at 80x24 (`tests/snapshots/`).
//!
//! The two in-process tests run on both backends (`on_both!`, issue 13)
//! against the same snapshots; the real-terminal one stays on SQLite
//! (`Pty::spawn` runs the binary on a database file; `pg_tui_team` runs
//! it on PostgreSQL).

use chartq::tui::app::Overlay;

use crate::on_both;
use crate::review_tui::{sampled_week, screen_of, wired_app};
use crate::support::backends::{Kind, TestDb};
use crate::support::tui::press;

/// The screen with the review's close date (the real clock's day, which
/// moves) written as `YYYY-MM-DD`, the same width, so the snapshot holds on
/// any day.
fn undated(screen: &str) -> String {
    let mut out = String::with_capacity(screen.len());
    let mut rest = screen;
    while let Some(at) = rest.find("closed ") {
        let (head, tail) = rest.split_at(at + "closed ".len());
        out.push_str(head);
        let date = tail.get(..10).unwrap_or("");
        let is_date = date.len() == 10
            && date.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if is_date {
            out.push_str("YYYY-MM-DD");
            rest = &tail[10..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

fn snapshot(name: &str, screen: &str) {
    let screen = undated(screen);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, screen);
    });
}

fn one(db: &TestDb, sql: &str) -> String {
    db.text(sql).unwrap_or_default()
}

/// IP-1's codes in order, space-separated (each backend's own aggregate).
fn ip1_codes(db: &TestDb) -> String {
    let from = "FROM assignment a JOIN chart c ON c.id = a.chart_id WHERE c.account = 'IP-1'";
    match db.kind {
        Kind::Sqlite => one(
            db,
            &format!("SELECT group_concat(code, ' ') FROM (SELECT a.code {from} ORDER BY a.seq)"),
        ),
        Kind::Postgres => one(
            db,
            &format!("SELECT string_agg(a.code, ' ' ORDER BY a.seq) {from}"),
        ),
    }
}

on_both! {
    sqlite = sampled_week(TestDb::sqlite()),
    postgres = TestDb::postgres_plain().map(sampled_week);
    fn an_auditor_changes_and_adds_by_key_and_the_coder_rebuts(db) {
    let (mut app, rx) = wired_app(db, "aud");
    // IP-1: I50.21 and E11.9. Change E11.9 to E11.22 through the search.
    press(&mut app, &rx, r#"V j e "e11.22""#);
    let screen = screen_of(db, &app);
    snapshot("review_tui_form__change_80x24", &screen);
    assert!(screen.contains("Change E11.9"), "{screen}");
    assert!(screen.contains("E11.22   Type 2 diabetes"), "{screen}");
    press(
        &mut app,
        &rx,
        r#"tab tab tab tab tab tab "CKD stage 3a documented" enter"#,
    );
    // Add J18.9 (POA Y, missing_secondary) found by words.
    press(
        &mut app,
        &rx,
        r#"+ "pneumonia" tab tab down tab tab tab down down"#,
    );
    let screen = screen_of(db, &app);
    snapshot("review_tui_form__add_80x24", &screen);
    assert!(screen.contains("missing_secondary"), "{screen}");
    press(&mut app, &rx, r#"tab "CXR infiltrate" enter"#);
    let screen = screen_of(db, &app);
    assert!(
        screen.contains("E11.9    Y change E11.22   Y specificity"),
        "{screen}"
    );
    assert!(
        screen.contains("-        - add    J18.9    Y missing_secondary"),
        "{screen}"
    );
    // A refusal stays on the form with the store's reason.
    press(&mut app, &rx, r#"+ "zzz9" enter"#);
    let Some(Overlay::Review(s)) = &app.overlay else {
        panic!("{:?}", app.status)
    };
    assert!(s.form.is_some() && s.message.is_some(), "{:?}", s.message);
    press(&mut app, &rx, "ctrl-g c ctrl-g");
    assert!(app.overlay.is_none());
    assert_eq!(
        one(db, "SELECT status FROM chart WHERE account = 'IP-1'"),
        "audited"
    );
    assert_eq!(ip1_codes(db), "I50.21 E11.22 J18.9");
    let comment = one(
        db,
        "SELECT comment FROM review_code WHERE comment LIKE 'CKD%'",
    );
    assert_eq!(comment, "CKD stage 3a documented");
    drop(app);

    // The coder: told on opening, O shows the decisions, b rebuts once.
    let (mut app, rx) = wired_app(db, "coder1");
    press(&mut app, &rx, "O");
    let screen = screen_of(db, &app);
    snapshot("review_tui_form__outcomes_80x24", &screen);
    assert!(
        screen.contains("\u{201c}CXR infiltrate\u{201d}"),
        "{screen}"
    );
    press(&mut app, &rx, r#"b "E11.22 lacks a documented link""#);
    let screen = screen_of(db, &app);
    snapshot("review_tui_form__rebutting_80x24", &screen);
    assert!(
        screen.contains("rebuttal 30/2000: E11.22 lacks"),
        "{screen}"
    );
    press(&mut app, &rx, "enter b");
    let Some(Overlay::Outcomes(s)) = &app.overlay else {
        panic!("{:?}", app.status)
    };
    assert!(s.writing.is_none(), "once per review");
    assert!(
        s.message
            .as_deref()
            .unwrap_or("")
            .contains("rebutted already"),
        "{:?}",
        s.message
    );
    drop(app);

    // An auditor upholds it from the same screen.
    let (mut app, rx) = wired_app(db, "aud");
    press(&mut app, &rx, r#"O u "link not documented" enter"#);
    assert_eq!(
        one(
            db,
            "SELECT rebuttal_status FROM review WHERE rebuttal IS NOT NULL"
        ),
        "upheld"
    );
    let screen = screen_of(db, &app);
    assert!(screen.contains("answer: link not documented"), "{screen}");
    }
}

on_both! {
    sqlite = sampled_week(TestDb::sqlite()),
    postgres = TestDb::postgres_plain().map(sampled_week);
    /// The rebuttal stops at its bound however much is typed, and chart text
    /// with escape sequences in a comment reaches the screen cleaned.
    fn a_rebuttal_is_bounded_and_comments_are_cleaned(db) {
    use chartq::tui::review::outcomes::{OutcomesScreen, REBUTTAL_MAX, Writing};
    db.ok(&["--as", "aud", "review", "claim", "IP-1"]);
    db.ok(&[
        "--as",
        "aud",
        "review",
        "delete",
        "IP-1",
        "E11.9",
        "--reason",
        "unsupported",
        "--comment",
        "see \u{1b}[2Jnote",
    ]);
    db.ok(&["--as", "aud", "review", "close", "IP-1", "--agree-rest"]);
    let (mut app, rx) = wired_app(db, "coder1");
    press(&mut app, &rx, "O");
    let screen = screen_of(db, &app);
    assert!(!screen.contains('\u{1b}'), "{screen}");
    press(&mut app, &rx, "b");
    let Some(Overlay::Outcomes(s)) = app.overlay.as_mut() else {
        panic!("{:?}", app.status)
    };
    let s: &mut OutcomesScreen = s;
    assert!(matches!(s.writing, Some((Writing::Rebuttal, _))));
    s.text_mut().unwrap().set("x".repeat(REBUTTAL_MAX));
    press(&mut app, &rx, "y y");
    let Some(Overlay::Outcomes(s)) = &app.overlay else {
        panic!()
    };
    let typed = s.writing.as_ref().unwrap().1.as_str().chars().count();
    assert_eq!(typed, REBUTTAL_MAX);
    }
}

/// The real binary in a pseudo-terminal: an auditor opens the review with
/// `V`, changes E11.9 to E11.22 through the real code search, and closes.
// SQLite only: `Pty::spawn` runs the binary on a database file (the
// in-process tests above cover the same review on PostgreSQL).
#[test]
fn an_auditor_changes_a_code_in_a_real_terminal() {
    use crate::support::tui::pty::Pty;
    let db = sampled_week(TestDb::sqlite());
    let mut pty = Pty::spawn(db.sqlite_path().unwrap(), &["--as", "aud"], &[], (80, 24));
    pty.wait_for("chartq");
    pty.send("V");
    pty.wait_for("Review 1");
    pty.send("je");
    pty.wait_for("Change E11.9");
    pty.send("E11.22");
    pty.wait_for("E11.22   Type 2 diabetes");
    pty.send("\r");
    pty.wait_for("changed");
    pty.send("c");
    pty.wait_for("closed: codes changed");
    pty.send("\x07q");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    assert_eq!(
        one(&db, "SELECT status FROM chart WHERE account = 'IP-1'"),
        "audited"
    );
    assert_eq!(ip1_codes(&db), "I50.21 E11.22");
}
