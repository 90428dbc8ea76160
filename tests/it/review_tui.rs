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
