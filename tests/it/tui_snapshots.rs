//! Every screen drawn with ratatui's `TestBackend` at 80x24 and 120x40
//! (insta snapshots in `tests/snapshots/`), the too-small screen, and
//! explicit style checks that selection and match highlights stand out,
//! with colour and without.

use crate::support::tui::edits::edits_store;
use crate::support::tui::*;
use chartq::tui::app::{App, Msg};
use chartq::tui::theme::{ColorDepth, Theme};
use chartq::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// `insta::assert_snapshot!` on the files in `tests/snapshots/`, named
/// `tui_snapshots__NAME.snap` as when this module was a test binary of its
/// own (insta would otherwise look in `tests/it/snapshots/` and prefix the
/// module path, `it__tui_snapshots__`).
macro_rules! snapshot {
    ($name:expr, $value:expr $(,)?) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("tui_snapshots__{}", $name), $value);
        })
    };
}

fn draw(app: &App, (w, h): (u16, u16)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| views::render(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let line: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screens, each reached by a key script from a fresh app.
const SCREENS: &[(&str, &str)] = &[
    ("queue", ""),
    ("workspace_documents", r#"n f "chest" Enter"#),
    ("workspace_find_typing", r#"n f "pain""#),
    ("workspace_search", r#"n / "chest pain""#),
    (
        "workspace_coding",
        r#"n / "chest" Enter "i10" Enter tab tab tab"#,
    ),
    ("detail_seventh", r#"n / "s72.001" tab"#),
    ("help", "?"),
    ("palette", r#": "th""#),
    (
        "provider_query",
        r#"n a "Cardiac cause?" Enter "Angina" Enter"#,
    ),
    ("finalize_confirm", r#"n / "chest" Enter ctrl-g F"#),
    ("finalize_problems", r#"n F"#),
    ("finalized", r#"n / "chest" Enter ctrl-g F Enter"#),
];

#[test]
fn every_screen_at_both_sizes() {
    for size in [(80, 24), (120, 40)] {
        for (name, script) in SCREENS {
            let (mut app, _wb, rx) = app_with(sample_store(), size);
            press(&mut app, &rx, script);
            let buf = draw(&app, size);
            snapshot!(format!("{name}_{}x{}", size.0, size.1), text(&buf));
        }
    }
}

#[test]
fn an_answered_provider_query_says_who_entered_it() {
    let mut store = sample_store();
    store.charts[0].1.provider_queries = vec![chartq::tui::model::ProviderQuerySummary {
        id: 7,
        provider: "Dr. Avery Stone".into(),
        question: "Cardiac cause?".into(),
        status: "answered".into(),
        response: Some("Angina".into()),
        answered_by: Some("Dr. Avery Stone".into()),
        entered_by: Some("cdi2".into()),
    }];
    let (mut app, _wb, rx) = app_with(store, (80, 24));
    press(&mut app, &rx, "n");
    let screen = text(&draw(&app, (80, 24)));
    let joined = screen
        .lines()
        .map(|l| l.split('│').nth(1).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains("query #7 answered by Dr. Avery Stone (entered by cdi2): Angina"),
        "{screen}"
    );
    assert!(
        screen.contains("Chief complaint"),
        "the document still shows"
    );
    snapshot!("workspace_answered_query_80x24", screen);
}

#[test]
fn locked_and_masked_screens_hide_patient_names() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    press(&mut app, &rx, "n");
    app.update(Msg::Tick(
        std::time::Instant::now() + std::time::Duration::from_secs(3600),
    ));
    let locked = text(&draw(&app, (80, 24)));
    snapshot!("locked_80x24", locked);
    assert!(!locked.contains("Harriet") && !locked.contains("Quill") && !locked.contains("chest"));

    let (mut app, _wb, rx) = crate::support::tui::app();
    press(&mut app, &rx, "M");
    let queue = text(&draw(&app, (80, 24)));
    assert!(
        queue.contains("H****** Q****") && !queue.contains("Harriet"),
        "{queue}"
    );
    press(&mut app, &rx, "n");
    let chart = text(&draw(&app, (80, 24)));
    assert!(
        !chart.contains("Harriet") && !chart.contains("Quill"),
        "{chart}"
    );
}

#[test]
fn too_small_screen_says_what_it_needs() {
    for size in [(79, 24), (80, 23), (40, 10)] {
        let (app, _wb, _rx) = app_with(sample_store(), size);
        let t = text(&draw(&app, size));
        let want = format!("terminal too small (need 80x24, now {}x{})", size.0, size.1);
        assert!(
            t.replace('\n', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(&want),
            "{t}"
        );
    }
    let (app, _wb, _rx) = app_with(sample_store(), (60, 20));
    snapshot!("too_small_60x20", text(&draw(&app, (60, 20))));
}

/// The cell where `needle` starts on the screen.
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    let t = text(buf);
    for (y, line) in t.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            return (line[..byte].chars().count() as u16, y as u16);
        }
    }
    panic!("{needle:?} not on screen:\n{t}");
}

#[test]
fn selection_and_match_highlight_styles() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    press(&mut app, &rx, r#"n / "chest pain""#);
    let buf = draw(&app, (80, 24));
    // R07.9 is the selected hit: the selection style (cyan background).
    let (x, y) = find(&buf, "R07.9");
    assert_eq!(buf[(x, y)].bg, Color::Cyan);
    // The matched word "Chest" in the unselected hit is bold + underlined.
    let (x, y) = find(&buf, "Other chest");
    let cell = &buf[(x + 6, y)];
    assert_eq!(cell.symbol(), "c");
    assert!(
        cell.modifier
            .contains(Modifier::BOLD | Modifier::UNDERLINED),
        "{cell:?}"
    );
    let plain = &buf[(x, y)];
    assert!(!plain.modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn without_colour_selection_is_reversed_and_matches_underlined() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    app.depth = ColorDepth::None;
    app.theme = Theme::load("dark", ColorDepth::None, false).unwrap();
    press(&mut app, &rx, r#"n / "chest pain""#);
    let buf = draw(&app, (80, 24));
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert!(
                matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                "colour at {x},{y}: {c:?}"
            );
        }
    }
    let (x, y) = find(&buf, "R07.9");
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find(&buf, "Other chest");
    assert!(buf[(x + 6, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn ascii_borders_draw_no_box_characters() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    app.theme = Theme::load("16-colour", ColorDepth::Ansi16, true).unwrap();
    press(&mut app, &rx, "n");
    let t = text(&draw(&app, (80, 24)));
    assert!(
        t.contains("+-") && !t.contains('┌') && !t.contains('│'),
        "{t}"
    );
}

#[test]
fn help_lists_remapped_keys() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    app.keymap =
        chartq::tui::keymap::Keymap::with_overrides(&[("next".into(), vec!["ctrl-x".into()])])
            .unwrap();
    press(&mut app, &rx, "?");
    let t = text(&draw(&app, (120, 40)));
    let line = t
        .lines()
        .find(|l| l.contains("claim the next chart and open it"))
        .expect(&t);
    assert!(line.contains("Ctrl-X"), "{line}");
}

#[test]
fn masking_covers_names_in_document_text() {
    let mut store = sample_store();
    store.charts[0].1.documents[0].text = "Patient: Quill, Harriet seen today.".into();
    store.charts[0].1.patient = "Quill, Harriet".into();
    let (mut app, _wb, rx) = app_with(store, (80, 24));
    press(&mut app, &rx, "M n");
    let t = text(&draw(&app, (80, 24)));
    assert!(!t.contains("Quill") && !t.contains("Harriet"), "{t}");
    assert!(t.contains("Patient: Q****, H******"), "{t}");
}

#[test]
fn the_chosen_seventh_character_stays_in_view() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    press(&mut app, &rx, r#"n / "s72.001" tab"#);
    let chart = app.chart.as_mut().unwrap();
    let detail = chart.detail.as_mut().unwrap();
    detail.seventh_characters = (0..16)
        .map(|i| chartq::store::code_tables::SeventhCharacter {
            character: char::from(b'A' + i).to_string(),
            meaning: format!("meaning number {i}"),
        })
        .collect();
    chart.detail_selected = 15;
    let t = text(&draw(&app, (80, 24)));
    assert!(t.contains("meaning number 15"), "{t}");
}

/// At 80x24 long help entries wrap under their own text column (never to
/// the left edge, where they read as headings), long keys do not run into
/// their text, and `G` lands on the last page so `k` moves at once.
#[test]
fn help_wraps_under_its_column_and_scrolls_to_the_end() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    press(&mut app, &rx, "? G");
    let t = text(&draw(&app, (80, 24)));
    let rows: Vec<&str> = t.lines().collect();
    // With charts in the database, the getting-started part comes last.
    let hcpcs = rows.iter().rposition(|l| l.contains("  HCPCS")).expect(&t);
    assert!(
        rows[hcpcs + 1..rows.len() - 2]
            .iter()
            .all(|l| l.starts_with(&format!("│{}", " ".repeat(14)))),
        "{t}"
    );
    assert!(
        rows[rows.len() - 3].contains("hcpcs FILE") && rows[rows.len() - 2].starts_with('└'),
        "the last page ends on the last line:\n{t}"
    );
    // Page up to the palette commands (and one line up: the reports
    // action's help line moved them down by one).
    press(&mut app, &rx, "pgup k");
    let t = text(&draw(&app, (80, 24)));
    let rows: Vec<&str> = t.lines().collect();
    let last = rows
        .iter()
        .rposition(|l| l.contains(":role ROLE"))
        .expect(&t);
    assert!(rows[last + 1].contains("admitting"), "{t}");
    assert!(
        rows[last + 1].starts_with(&format!("│{}", " ".repeat(24))),
        "{t}"
    );
    for row in &rows[1..rows.len() - 2] {
        let inner = row.trim_start_matches('│');
        assert!(
            !inner.starts_with('('),
            "a wrapped name at the left edge: {row}"
        );
    }
    // The typed commands come before the action names (pages up: the
    // review screens' actions joined them).
    let mut t = String::new();
    for _ in 0..4 {
        press(&mut app, &rx, "pgup");
        t = text(&draw(&app, (80, 24)));
        if t.contains(":assign [CODE") {
            break;
        }
    }
    let rows: Vec<&str> = t.lines().collect();
    let assign = rows.iter().find(|l| l.contains(":assign [CODE")).expect(&t);
    assert!(assign.contains("[SYSTEM]] assign"), "{assign}");
    for row in &rows[1..rows.len() - 2] {
        let inner = row.trim_start_matches('│');
        assert!(
            !inner.starts_with('('),
            "a wrapped name at the left edge: {row}"
        );
    }
    press(&mut app, &rx, "G k");
    let up = text(&draw(&app, (80, 24)));
    press(&mut app, &rx, "G");
    assert_ne!(up, text(&draw(&app, (80, 24))), "k right after G scrolls");
}

/// The chart header puts the status (and read-only / open-query warnings)
/// before the patient details, so an 80-column terminal cuts the details,
/// not the warnings.
#[test]
fn chart_header_keeps_the_status_visible_at_80_columns() {
    let mut store = sample_store();
    store.charts[0].1.patient = "Quillfeather-Montgomery, Harriet Alexandra".into();
    let (mut app, _wb, rx) = app_with(store, (80, 24));
    press(&mut app, &rx, "n");
    let t = text(&draw(&app, (80, 24)));
    let header = t.lines().find(|l| l.contains("ED-1001")).expect(&t);
    assert!(header.contains("in_progress"), "{header}");
}

/// The queue screen's row for `account`.
fn queue_row(screen: &str, account: &str) -> String {
    let row = screen.lines().find(|l| l.contains(account));
    row.unwrap_or_else(|| panic!("{account} not on screen:\n{screen}"))
        .to_string()
}

/// The work-queue template on either backend (`TestDb::sqlite`, or
/// `TestDb::postgres_plain`: the same users under the same names, so the
/// screens are laid out alike) with [`store_app`]'s two ED charts, and an
/// app over the real workbench: its first admin acting as `coder1`.
fn queue_app(db: &crate::support::backends::TestDb) -> (App, std::sync::mpsc::Receiver<Msg>) {
    let feed = ed_feed();
    db.import(&feed);
    let backend = db.backend();
    let coder = db.actor(&*backend, Some("coder1"));
    let wb = chartq::tui::store_bridge::StoreWorkbench::over(backend, coder, date("2026-04-10"));
    start(
        Box::new(wb),
        (80, 24),
        chartq::tui::keymap::Keymap::default(),
    )
}

crate::on_both! {
    sqlite = TestDb::sqlite(),
    postgres = TestDb::postgres_plain();
    /// Over the real store: a chart the coder released is back in the
    /// queue like any unclaimed chart (no `*`, not counted as mine), while
    /// a held one stays theirs. On PostgreSQL the claim, release and hold
    /// go through the database's functions and the queue is read under
    /// its policies; the screen after the hold is one snapshot for both.
    fn a_released_chart_is_not_marked_mine(db) {
        let (mut app, rx) = queue_app(db);
        press(&mut app, &rx, r#"n : "release" Enter"#);
        let screen = text(&draw(&app, (80, 24)));
        let released = queue_row(&screen, "ED-1");
        assert!(
            released.contains("new ") && !released.contains('*'),
            "{screen}"
        );
        assert!(screen.contains("new 2 · mine 0"), "{screen}");

        press(&mut app, &rx, r#"n : "hold awaiting op note" Enter"#);
        let screen = text(&draw(&app, (80, 24)));
        assert!(queue_row(&screen, "ED-1").contains("on_hold*"), "{screen}");
        assert!(!queue_row(&screen, "ED-2").contains('*'), "{screen}");
        assert!(screen.contains("mine 1"), "{screen}");
        snapshot!("released_and_held_queue_80x24", screen);
        let held = "SELECT count(*) FROM chart c JOIN app_user u ON u.id = c.coder_id \
                    WHERE c.account = 'ED-1' AND c.status = 'on_hold' AND u.login = 'coder1'";
        assert_eq!(db.count(held), 1);
    }
}

/// The modifiers of the first cell of the `nth` (0-based) occurrence of
/// `needle` on the screen.
fn nth_modifier(buf: &Buffer, needle: &str, nth: usize) -> Modifier {
    let t = text(buf);
    let (x, y) = t
        .lines()
        .enumerate()
        .flat_map(|(y, line)| {
            line.match_indices(needle)
                .map(move |(byte, _)| (line[..byte].chars().count() as u16, y as u16))
        })
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not on screen:\n{t}"));
    buf[(x, y)].modifier
}

#[test]
fn without_colour_the_current_find_match_stands_out_from_the_others() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    app.depth = ColorDepth::None;
    app.theme = Theme::load("16-colour", ColorDepth::None, false).unwrap();
    press(&mut app, &rx, r#"n f "chest" Enter"#);
    let buf = draw(&app, (80, 24));
    assert_eq!(
        (0..3)
            .map(|i| nth_modifier(&buf, "chest", i).contains(Modifier::REVERSED))
            .collect::<Vec<_>>(),
        [true, false, false],
        "only match 1/3 is reversed"
    );
    for i in 0..3 {
        let m = nth_modifier(&buf, "chest", i);
        assert!(
            m.contains(Modifier::BOLD | Modifier::UNDERLINED),
            "{i}: {m:?}"
        );
    }
    assert!(!nth_modifier(&buf, "Chief", 0).intersects(Modifier::REVERSED | Modifier::UNDERLINED));

    // n moves the reversed match to the next one (the view scrolls to it).
    press(&mut app, &rx, "n");
    let buf = draw(&app, (80, 24));
    assert!(text(&buf).contains("\"chest\": 2/3"));
    let (x, y) = find(&buf, "Assessment: chest");
    assert!(buf[(x + 12, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find(&buf, "for chest");
    let other = buf[(x + 4, y)].modifier;
    assert!(other.contains(Modifier::UNDERLINED) && !other.contains(Modifier::REVERSED));
}

#[test]
fn the_text_cursor_is_drawn_where_it_is() {
    let (mut app, _wb, rx) = crate::support::tui::app();
    press(&mut app, &rx, r#"n / "chest" left left"#);
    let buf = draw(&app, (80, 24));
    let (x, y) = find(&buf, "/ chest");
    let reversed: Vec<bool> = (x + 2..x + 8)
        .map(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
        .collect();
    assert_eq!(
        reversed,
        [false, false, false, true, false, false],
        "on the s"
    );

    press(&mut app, &rx, "end");
    let buf = draw(&app, (80, 24));
    let (x, y) = find(&buf, "/ chest");
    assert!(!buf[(x + 5, y)].modifier.contains(Modifier::REVERSED));
    let past = &buf[(x + 7, y)];
    assert_eq!(past.symbol(), " ");
    assert!(past.modifier.contains(Modifier::REVERSED), "past the end");

    // Another pane has focus: no cursor in the search box.
    press(&mut app, &rx, "tab");
    let buf = draw(&app, (80, 24));
    let (x, y) = find(&buf, "/ chest");
    assert!(
        (x..x + 8).all(|x| !buf[(x, y)].modifier.contains(Modifier::REVERSED)),
        "no cursor without focus"
    );
}

/// A store whose one chart (an inpatient stay discharged 2026-10-05) falls
/// after the installed FY2026 code sets; "today" is 2026-10-06.
fn fy2027_store() -> FakeStore {
    let mut store = sample_store();
    store.charts.truncate(2);
    store.charts.remove(0);
    let (row, view) = &mut store.charts[0];
    view.coding_date = date("2026-10-05");
    row.date_of_service = view.coding_date;
    store
}

/// A chart whose date of service no installed version covers still finds
/// codes (from the newest version), every hit marked "not valid on the date
/// of service" — the one rule of `search::dated` for the TUI.
#[test]
fn a_search_off_the_date_of_service_marks_every_hit() {
    let size = (80, 24);
    let (mut app, _wb, rx) = app_with(fy2027_store(), size);
    press(&mut app, &rx, r#"n / "chest""#);
    let screen = text(&draw(&app, size));
    snapshot!("search_off_date_80x24", screen);
    assert!(screen.contains("✗ = not valid on DOS"), "{screen}");
    let marked = screen.lines().filter(|l| l.contains("│✗ R07")).count();
    assert!(marked >= 2, "every hit marked:\n{screen}");
    assert!(!screen.contains("● R07"), "{screen}");

    // The same search on a covered chart marks nothing.
    let (mut app, _wb, rx) = app_with(sample_store(), size);
    press(&mut app, &rx, r#"n / "chest""#);
    let screen = text(&draw(&app, size));
    assert!(!screen.contains('✗'), "{screen}");
}

/// A first run, a database without users, the help's getting-started part,
/// a chart no installed code set covers, and a long error in the status
/// line, at 80x24.
#[test]
fn first_run_screens_at_80x24() {
    let size = (80, 24);
    let (mut app, _wb, rx) = app_with(empty_store(), size);
    let first_run = text(&draw(&app, size));
    snapshot!("first_run_80x24", first_run);
    for want in [
        "No charts in this database yet",
        "chartq charts import FILE",
        "chartq --demo",
        "You are coder1 (coder)",
        "ICD-10-CM",
        "covers today",
    ] {
        assert!(first_run.contains(want), "{want}:\n{first_run}");
    }
    press(&mut app, &rx, "?");
    let help = text(&draw(&app, size));
    snapshot!("help_getting_started_80x24", help);
    assert!(
        help.lines().nth(1).unwrap().contains("Getting started"),
        "{help}"
    );

    let store = FakeStore {
        no_users: true,
        ..empty_store()
    };
    let (app, _wb, _rx) = app_with(store, size);
    let no_users = text(&draw(&app, size));
    snapshot!("no_users_80x24", no_users);
    assert!(
        no_users.contains("no users yet") && no_users.contains("  chartq init"),
        "{no_users}"
    );

    let (mut app, _wb, rx) = app_with(fy2027_store(), size);
    app.today = date("2026-10-06");
    let queue = text(&draw(&app, size));
    snapshot!("queue_today_not_covered_80x24", queue);
    assert!(queue.contains("covers today (2026-10-06)"), "{queue}");
    press(&mut app, &rx, "n");
    let chart = text(&draw(&app, size));
    snapshot!("chart_not_covered_80x24", chart);
    let flat = chart.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "no ICD-10-CM/ICD-10-PCS for this date",
        "icd10cm_codes_2027.txt",
        "icd10pcs_order_2027.txt",
        "chartq codes import cm|pcs FILE",
    ] {
        assert!(flat.contains(want), "{want}:\n{chart}");
    }

    let error = "/home/coder/.local/share/chartq/chartq.db: cannot open the database: \
                 attempt to write a readonly database";
    let store = FakeStore {
        claim_error: Some(error.into()),
        ..sample_store()
    };
    let (mut app, _wb, rx) = app_with(store, size);
    press(&mut app, &rx, "n");
    let status = text(&draw(&app, size));
    snapshot!("status_long_error_80x24", status);
    // The message's rows, less the user name at the end of the first.
    let rows: Vec<&str> = status.lines().skip(22).collect();
    let flat = rows.join(" ").replace(" coder1", "");
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(flat, format!("claim: {error}"), "shown whole:\n{status}");
}

/// The edits pane (counts in the title, a character per severity, the
/// codes and the message cut to the pane), the codes pane's markers, and
/// in the detail pane the selected edit whole; then finalize listing the
/// errors apart from the warnings, the warnings alone with the key that
/// acknowledges them, and the reason prompt.
#[test]
fn the_edits_pane_markers_and_finalize_with_warnings() {
    for size in [(80, 24), (120, 40)] {
        let name = |what: &str| format!("{what}_{}x{}", size.0, size.1);
        let (mut app, _wb, rx) = app_with(edits_store(true), size);
        press(&mut app, &rx, "j Enter tab tab j");
        let screen = text(&draw(&app, size));
        snapshot!(name("edits_pane"), screen.clone());
        assert!(
            screen.contains("Edits · 1 error · 2 warnings · 1 info"),
            "{screen}"
        );
        for marker in ["│✗ 1", "│! 2", "│! 3", "│i 4", "│! 5"] {
            assert!(screen.contains(marker), "{marker}:\n{screen}");
        }
        press(&mut app, &rx, "F");
        snapshot!(
            name("finalize_errors_and_warnings"),
            text(&draw(&app, size))
        );

        let (mut app, _wb, rx) = app_with(edits_store(false), size);
        press(&mut app, &rx, "j Enter F");
        let screen = text(&draw(&app, size));
        snapshot!(name("finalize_warnings"), screen.clone());
        assert!(screen.contains("A acknowledges the warnings"), "{screen}");
        press(&mut app, &rx, r#"A "unrelated: chest wall pain""#);
        snapshot!(name("finalize_reason"), text(&draw(&app, size)));
    }
}

/// Without colour the edits still read: each severity has its character,
/// in the edits pane and beside the code.
#[test]
fn without_colour_the_edits_read_by_their_characters() {
    let (mut app, _wb, rx) = app_with(edits_store(true), (80, 24));
    app.depth = ColorDepth::None;
    app.theme = Theme::load("mono", ColorDepth::None, false).unwrap();
    press(&mut app, &rx, "j Enter");
    let buf = draw(&app, (80, 24));
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert!(
                matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                "colour at {x},{y}: {c:?}"
            );
        }
    }
    let screen = text(&buf);
    for line in [
        "│✗ J18.9 poa_missing",
        "│! R07.9 R07.89 excludes1",
        "│i E11.22",
    ] {
        assert!(screen.contains(line), "{line}:\n{screen}");
    }
    assert!(screen.contains("│✗ 1  PDX J18.9"), "{screen}");
}
