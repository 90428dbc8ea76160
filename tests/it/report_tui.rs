//! Issue 15, item 5: the TUI's reports screen over the hand-computed
//! fixture (`report_fixture`), drawn at 80x24 with 16 colours and with
//! NO_COLOR (insta snapshots): each tab, and a coder's view (their own
//! productivity; the other tabs say why not).
//!
//! SQLite only: the fixture is played with the demo clock's writer, which
//! stamps chosen past times into a database file; PostgreSQL stamps the
//! server's clock (the reports' TUI tab on PostgreSQL is `review_tui`'s
//! Accuracy tab, and `pg_reports` compares every report's JSON).

use chartq::domain::report::FacilityZone;
use chartq::tui::app::App;
use chartq::tui::keymap::Keymap;
use chartq::tui::store_bridge::StoreWorkbench;
use chartq::tui::theme::{ColorDepth, Theme};
use chartq::tui::views;
use chartq::tui::workbench::Workbench;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::report_fixture::fixture;
use crate::support::tui::{press, start};

macro_rules! snapshot {
    ($name:expr, $value:expr $(,)?) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("report_tui__{}", $name), $value);
        })
    };
}

fn text(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| views::render(f, app)).unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..24)
        .map(|y| {
            let line: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn reports_app(login: &str) -> (App, std::sync::mpsc::Receiver<chartq::tui::app::Msg>) {
    let mut f = fixture();
    let actor = f.actor(login);
    let (dir, store) = f.into_parts();
    let mut wb = StoreWorkbench::new(store, actor, "2026-03-09".parse().unwrap());
    wb.set_facility_zone(FacilityZone::parse("America/Chicago").unwrap());
    // The fixture's directory must outlive the app: kept for the test.
    std::mem::forget(dir);
    start(Box::new(wb), (80, 24), Keymap::default())
}

#[test]
fn the_reports_screen_shows_each_tab_at_80x24() {
    let (mut app, rx) = reports_app("aud");
    press(&mut app, &rx, "R");
    snapshot!("productivity", text(&app));
    press(&mut app, &rx, "tab");
    snapshot!("backlog", text(&app));
    press(&mut app, &rx, "tab");
    snapshot!("queries", text(&app));
    // Without colour the same text (bars are block characters).
    app.depth = ColorDepth::None;
    app.theme = Theme::load("16-colour", ColorDepth::None, false).unwrap();
    // Past the Accuracy tab (tested in `review_tui`) back to the first.
    press(&mut app, &rx, "tab tab");
    let plain = text(&app);
    assert!(
        plain.contains("Productivity") && plain.contains("finalized"),
        "{plain}"
    );
    press(&mut app, &rx, "ctrl-g");
    assert!(!text(&app).contains("Reports"), "Esc closes the screen");
}

#[test]
fn a_coder_sees_their_own_productivity_only() {
    let (mut app, rx) = reports_app("ana");
    press(&mut app, &rx, "R");
    let screen = text(&app);
    assert!(
        screen.contains("ana") && !screen.contains("ben"),
        "{screen}"
    );
    press(&mut app, &rx, "tab");
    let screen = text(&app);
    assert!(screen.contains("needs the auditor role"), "{screen}");
}
