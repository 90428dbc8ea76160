//! The auditor's review screen (issue 15) drawn with ratatui's
//! `TestBackend` at 80x24 (insta snapshot in `tests/snapshots/`): the
//! coder's codes beside the documents, a POA correction and an agree by
//! key, then closing by key makes the chart audited.

use chartq::domain::chart::ChartRef;
use chartq::store::Store;
use chartq::store::people;
use chartq::tui::review::{ReviewKey, ReviewSession, key_for, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::review_cli::coded_week;
use crate::support::queue::me;

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

#[test]
fn an_auditor_reviews_a_chart_by_key() {
    let db = coded_week();
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
    let mut store = Store::open(&db.path).unwrap();
    let aud = people::actor_for_login(&mut store, &me(), Some("aud")).unwrap();
    let chart = ChartRef::account("IP-1");
    let mut session = ReviewSession::claim(&mut store, &aud, Some(&chart))
        .unwrap()
        .unwrap();
    for c in ['j', 'p', 'k', 'a'] {
        session.key(key_for(c).unwrap());
    }
    let screen = text(&session);
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
    let status: String = db
        .sql()
        .query_row("SELECT status FROM chart WHERE account = 'IP-1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "audited");
}

/// The sampled week of `coded_week` (IP-1 and IP-2, by DRG weight), and
/// an app over the real store acting as `login`.
pub(crate) fn wired_app(
    db: &crate::support::queue::Db,
    login: &str,
) -> (
    chartq::tui::app::App,
    std::sync::mpsc::Receiver<chartq::tui::app::Msg>,
) {
    let mut store = Store::open(&db.path).unwrap();
    let actor = people::actor_for_login(&mut store, &me(), Some(login)).unwrap();
    let wb =
        chartq::tui::store_bridge::StoreWorkbench::new(store, actor, "2026-11-10".parse().unwrap());
    crate::support::tui::start(
        Box::new(wb),
        (80, 24),
        chartq::tui::keymap::Keymap::default(),
    )
}

pub(crate) fn sampled_week() -> crate::support::queue::Db {
    let db = coded_week();
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

/// Issue 15 in the workbench: an auditor presses `V` on the queue, agrees
/// and closes by key; the review is closed in the store, and the coder
/// who opens the TUI next is told there is an outcome to see.
#[test]
fn an_auditor_reviews_from_the_workbench_and_the_coder_is_told() {
    use crate::support::tui::press;
    use chartq::tui::app::Overlay;
    let db = sampled_week();
    let (mut app, rx) = wired_app(&db, "aud");
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
    let screen = app_text(&app);
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
    let closed: i64 = db
        .sql()
        .query_row(
            "SELECT count(*) FROM review WHERE status = 'closed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(closed, 1);
    let status = app.status.clone().expect("a message");
    assert!(status.text.contains("done"), "{status:?}");
    // The reports screen's Accuracy tab (the last) counts it.
    press(&mut app, &rx, "R shift-tab");
    let screen = app_text(&app);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("review_tui__accuracy_tab_80x24", screen);
    });
    assert!(screen.contains("1 closed reviews"), "{screen}");
    drop(app);

    // The coder who finalized it opens the TUI: the status line says so.
    let (app, _rx) = wired_app(&db, "coder1");
    let screen = app_text(&app);
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

/// A coder pressing `V` is told reviews are not theirs; an auditor with
/// nothing sampled is told there is nothing to review.
#[test]
fn review_key_refuses_a_coder_and_says_when_nothing_is_sampled() {
    use crate::support::tui::press;
    let db = coded_week();
    let (mut app, rx) = wired_app(&db, "coder1");
    press(&mut app, &rx, "V");
    assert!(app.overlay.is_none());
    let m = app.status.clone().expect("message");
    assert!(m.is_error() && m.text.contains("auditors"), "{m:?}");
    let (mut app, rx) = wired_app(&db, "aud");
    press(&mut app, &rx, "V");
    assert!(app.overlay.is_none());
    let m = app.status.clone().expect("message");
    assert!(m.text.contains("nothing to review"), "{m:?}");
}
