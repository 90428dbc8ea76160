//! The working MS-DRG where the coder sees it (issue 12), drawn with
//! ratatui's `TestBackend` at 80x24 and 120x40 over the fake workbench's
//! canned grouper (`support::tui::drg`): the DRG line on the edits pane's
//! bottom border regrouped as codes change, the CC/MCC marks (characters,
//! not colour) with the excluded ones in lower case, v44's "no grouper"
//! notice that does not block finalize, the sentence for a chart without
//! a discharge status, and nothing for an outpatient chart. Snapshots in
//! `tests/snapshots/` (`drg_tui__*.snap`).

use crate::support::tui::drg::{code, drg_store, grouped};
use crate::support::tui::*;
use chartq::domain::drg::{GroupOutcome, GrouperVersion};
use chartq::tui::app::App;
use chartq::tui::theme::{ColorDepth, Theme};
use chartq::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

macro_rules! snapshot {
    ($name:expr, $value:expr $(,)?) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("drg_tui__{}", $name), $value);
        })
    };
}

fn screen(app: &App, (w, h): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| views::render(f, app)).unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| {
            let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Claims the inpatient chart (second in the queue).
const CLAIM_INPATIENT: &str = "j Enter";

#[test]
fn the_working_drg_shows_and_moves_as_codes_change() {
    for size in [(80, 24), (120, 40)] {
        let name = |what: &str| format!("{what}_{}x{}", size.0, size.1);
        let (mut app, _wb, rx) = app_with(drg_store(grouped()), size);
        press(&mut app, &rx, CLAIM_INPATIENT);
        let before = screen(&app, size);
        snapshot!(name("working_drg"), before.clone());
        assert!(
            before.contains("DRG 195 · 0.6932 · SIMPLE PNEUMONIA"),
            "{before}"
        );
        assert!(!before.contains("M MCC"), "no marks, no legend:\n{before}");

        // A CC assigned: regrouped on the same change, marked `C`.
        press(&mut app, &rx, r#"/ "n18.31" Enter"#);
        let with_cc = screen(&app, size);
        snapshot!(name("working_drg_cc"), with_cc.clone());
        assert!(with_cc.contains("DRG 194 · 0.8811"), "{with_cc}");
        assert!(with_cc.contains("N18.31   C -"), "{with_cc}");
        assert!(with_cc.contains("M MCC · C CC · m c excluded"), "{with_cc}");

        // E11.22 excludes N18.31: its mark turns lower case.
        press(&mut app, &rx, r#""e11.22" Enter"#);
        let excluded = screen(&app, size);
        snapshot!(name("working_drg_excluded"), excluded.clone());
        assert!(excluded.contains("N18.31   c -"), "{excluded}");
        assert!(excluded.contains("E11.22   C -"), "{excluded}");
    }
}

#[test]
fn v44_discharges_get_marks_and_the_no_grouper_notice_and_still_finalize() {
    let lists = GroupOutcome::ListsOnly {
        version: GrouperVersion::V44,
        marks: vec![],
    };
    for size in [(80, 24), (120, 40)] {
        let mut store = drg_store(lists.clone());
        let ip = &mut store.charts[1].1;
        ip.assignments
            .push(code("N18.31", chartq::tui::model::Role::Secondary));
        let (mut app, wb, rx) = app_with(store, size);
        press(&mut app, &rx, CLAIM_INPATIENT);
        let s = screen(&app, size);
        snapshot!(format!("v44_lists_only_{}x{}", size.0, size.1), s.clone());
        assert!(s.contains("no MS-DRG v44 grouper installed"), "{s}");
        assert!(s.contains("N18.31   C Y"), "{s}");
        assert!(!s.contains("DRG 1"), "no DRG number:\n{s}");
        // Finalize is not blocked by the missing grouper.
        press(&mut app, &rx, "F Enter");
        let status = wb.0.lock().unwrap().charts[1].1.status;
        assert_eq!(status.as_str(), "coded", "{}", screen(&app, size));
    }
}

#[test]
fn a_chart_without_discharge_status_says_what_is_missing() {
    let why = GroupOutcome::NotGroupable("no discharge status".into());
    let (mut app, _wb, rx) = app_with(drg_store(why), (80, 24));
    press(&mut app, &rx, CLAIM_INPATIENT);
    let s = screen(&app, (80, 24));
    snapshot!("no_discharge_status_80x24", s.clone());
    assert!(s.contains("no DRG: no discharge status"), "{s}");
    assert!(!s.contains("DRG 1"), "{s}");
}

#[test]
fn an_outpatient_chart_shows_no_drg_and_no_marks() {
    let (mut app, _wb, rx) = app_with(sample_store(), (80, 24));
    press(&mut app, &rx, r#"Enter / "n18.31" Enter"#);
    let s = screen(&app, (80, 24));
    assert!(s.contains("N18.31   Y") || s.contains("N18.31   -"), "{s}");
    assert!(!s.contains("DRG"), "{s}");
    assert!(!s.contains("MCC"), "{s}");
}

/// Without colour the marks still read: a character per level, another
/// for an excluded one.
#[test]
fn without_colour_the_marks_read_by_their_characters() {
    let (mut app, _wb, rx) = app_with(drg_store(grouped()), (80, 24));
    app.depth = ColorDepth::None;
    app.theme = Theme::load("mono", ColorDepth::None, false).unwrap();
    press(
        &mut app,
        &rx,
        &format!(r#"{CLAIM_INPATIENT} / "n18.31" Enter "e11.22" Enter"#),
    );
    let s = screen(&app, (80, 24));
    assert!(s.contains("N18.31   c"), "{s}");
    assert!(s.contains("E11.22   C"), "{s}");
    assert!(s.contains("DRG 194"), "{s}");
}

crate::on_both! {
    sqlite = TestDb::sqlite_made(crate::tui_contract::sqlite_file),
    postgres = crate::tui_contract::postgres_db();
    /// Over the real workbench (not the canned grouper), on both backends:
    /// the inpatient chart coded by key gets the bundled grouper's working
    /// DRG on screen (one snapshot for both), and finalizing stores that
    /// DRG with the chart (`chart_drg`), on PostgreSQL through the
    /// database's finalize function.
    fn the_real_workbench_groups_and_finalizes_with_the_drg(db) {
        let wb = crate::tui_contract::real_workbench(db);
        let size = (100, 30);
        let (mut app, rx) = start(Box::new(wb), size, chartq::tui::keymap::Keymap::default());
        press(&mut app, &rx, r#"j Enter / "pneumonia" Enter ctrl-g tab o"#);
        let coded = screen(&app, size);
        snapshot!("real_workbench_working_drg_100x30", coded.clone());
        assert!(coded.contains("DRG "), "{coded}");
        press(&mut app, &rx, "F Enter");
        let stored = db.text(
            "SELECT d.drg || ' ' || d.drg_version FROM chart_drg d \
             JOIN chart c ON c.id = d.chart_id WHERE c.account = 'IP-2'",
        );
        let drg = stored.unwrap_or_else(|| panic!("no DRG stored: {:?}", app.status));
        let shown = drg.split(' ').next().unwrap_or_default().to_string();
        assert!(coded.contains(&format!("DRG {shown}")), "{drg} vs\n{coded}");
    }
}
