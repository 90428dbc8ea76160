//! The auditor's review screen (issue 15) drawn with ratatui's
//! `TestBackend` at 80x24 (insta snapshot in `tests/snapshots/`): the
//! coder's codes beside the documents, a POA correction and an agree by
//! key, then closing by key makes the chart audited.
//!
//! Every test runs on both backends (`on_both!`, issue 13) over
//! `review_cli`'s coded week: on PostgreSQL the review is claimed, decided
//! and closed through the database's definer functions, and each screen
//! must match the SQLite snapshot: the PostgreSQL database's users have
//! the template's own names (`TestDb::postgres_plain`), so the screens,
//! which show logins, are laid out alike.

use chartq::domain::chart::ChartRef;
use chartq::tui::review::{ReviewKey, ReviewSession, key_for, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::on_both;
use crate::review_cli::coded_week_on;
use crate::support::backends::TestDb;

fn text(session: &ReviewSession<'_>) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::render(f, &session.screen)).unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

on_both! {
    sqlite = coded_week_on(TestDb::sqlite()),
    postgres = TestDb::postgres_plain().map(coded_week_on);
    fn an_auditor_reviews_a_chart_by_key(db) {
    db.ok(&[
        "--as",
        "sup",
        "review",
        "plan",
        "add",
        "--name",
        "weekly",
        "--queue",
        "inpatient",
        "--rule",
        "drg-weight:0.5",
    ]);
    db.ok(&["--as", "sup", "review", "sample", "--period", "2026-W45"]);
    let mut backend = db.backend();
    let aud = db.actor(&*backend, Some("aud"));
    let chart = ChartRef::account("IP-1");
    let mut session = ReviewSession::claim(&mut *backend, &aud, Some(&chart))
        .unwrap()
        .unwrap();
    for c in ['j', 'p', 'k', 'a'] {
        session.key(key_for(c).unwrap());
    }
    let screen = db.unprefixed(&text(&session));
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("review_tui__screen_80x24", screen);
    });
    assert!(
        screen.contains("E11.9    Y change E11.9    N poa"),
        "{screen}"
    );
    assert!(
        screen.contains("History and physical"),
        "the documents beside: {screen}"
    );
    assert!(!screen.contains("Testperson"), "no patient name: {screen}");
    session.key(ReviewKey::Close);
    let done = session.screen.done.clone().expect("closed");
    assert_eq!(done.changed, Some(true));
    drop(session);
    let status = db.text("SELECT status FROM chart WHERE account = 'IP-1'");
    assert_eq!(status.as_deref(), Some("audited"));
    }
}

/// The sampled week of `coded_week` (IP-1 and IP-2, by DRG weight), and
/// an app over the real store acting as `login`.
/// (the database's first admin acting as `login`, through the seam, as the
/// TUI's store bridge opens either backend).
pub(crate) fn wired_app(
    db: &TestDb,
    login: &str,
) -> (
    chartq::tui::app::App,
    std::sync::mpsc::Receiver<chartq::tui::app::Msg>,
) {
    let backend = db.backend();
    let actor = db.actor(&*backend, Some(login));
    let wb = chartq::tui::store_bridge::StoreWorkbench::over(
        backend,
        actor,
        "2026-11-10".parse().unwrap(),
    );
    crate::support::tui::start(
        Box::new(wb),
        (80, 24),
        chartq::tui::keymap::Keymap::default(),
    )
}

pub(crate) fn sampled_week(db: TestDb) -> TestDb {
    let db = coded_week_on(db);
    db.ok(&[
        "--as",
        "sup",
        "review",
        "plan",
        "add",
        "--name",
        "weekly",
        "--queue",
        "inpatient",
        "--rule",
        "drg-weight:0.5",
    ]);
    db.ok(&["--as", "sup", "review", "sample", "--period", "2026-W45"]);
    db
}

/// [`app_text`] as both backends must show it (any PostgreSQL test
/// prefix stripped; a `postgres_plain` database has none).
pub(crate) fn screen_of(db: &TestDb, app: &chartq::tui::app::App) -> String {
    db.unprefixed(&app_text(app))
}

pub(crate) fn app_text(app: &chartq::tui::app::App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| chartq::tui::views::render(f, app))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..24)
        .map(|y| {
            let line: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

on_both! {
    sqlite = sampled_week(TestDb::sqlite()),
    postgres = TestDb::postgres_plain().map(sampled_week);
    /// Issue 15 in the workbench: an auditor presses `V` on the queue, agrees
    /// and closes by key; the review is closed in the store, and the coder
    /// who opens the TUI next is told there is an outcome to see.
    fn an_auditor_reviews_from_the_workbench_and_the_coder_is_told(db) {
    use crate::support::tui::press;
    use chartq::tui::app::Overlay;
    let (mut app, rx) = wired_app(db, "aud");
    press(&mut app, &rx, "V");
    assert!(
        matches!(app.overlay, Some(Overlay::Review(_))),
        "{:?}",
        app.status
    );
    // Help (and the palette) over the screen: it comes back when closed,
    // and a palette command runs on it.
    press(&mut app, &rx, "? ?");
    assert!(matches!(app.overlay, Some(Overlay::Review(_))));
    press(&mut app, &rx, r#": "review_agree" Enter"#);
    let screen = screen_of(db, &app);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("review_tui__wired_80x24", screen);
    });
    assert!(
        screen.contains("a agree"),
        "help line from the keymap: {screen}"
    );
    press(&mut app, &rx, "c ctrl-g");
    assert!(app.overlay.is_none());
    assert_eq!(db.count("SELECT count(*) FROM review WHERE status = 'closed'"), 1);
    let status = app.status.clone().expect("a message");
    assert!(status.text.contains("done"), "{status:?}");
    // The reports screen's Accuracy tab (the last) counts it.
    press(&mut app, &rx, "R shift-tab");
    let screen = screen_of(db, &app);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("review_tui__accuracy_tab_80x24", screen);
    });
    assert!(screen.contains("1 closed reviews"), "{screen}");
    drop(app);

    // The coder who finalized it opens the TUI: the status line says so.
    let (app, _rx) = wired_app(db, "coder1");
    let screen = screen_of(db, &app);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("review_tui__coder_notice_80x24", screen);
    });
    assert!(
        screen.contains("1 review outcome to see: O (or chartq review outcomes --unseen)"),
        "{screen}"
    );
    }
}

on_both! {
    sqlite = coded_week_on(TestDb::sqlite()),
    postgres = TestDb::postgres_plain().map(coded_week_on);
    /// A coder pressing `V` is told reviews are not theirs; an auditor with
    /// nothing sampled is told there is nothing to review.
    fn review_key_refuses_a_coder_and_says_when_nothing_is_sampled(db) {
    use crate::support::tui::press;
    let (mut app, rx) = wired_app(db, "coder1");
    press(&mut app, &rx, "V");
    assert!(app.overlay.is_none());
    let m = app.status.clone().expect("message");
    assert!(m.is_error() && m.text.contains("auditors"), "{m:?}");
    let (mut app, rx) = wired_app(db, "aud");
    press(&mut app, &rx, "V");
    assert!(app.overlay.is_none());
    let m = app.status.clone().expect("message");
    assert!(m.text.contains("nothing to review"), "{m:?}");
    }
}
