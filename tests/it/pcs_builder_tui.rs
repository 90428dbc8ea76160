//! The TUI's ICD-10-PCS table builder by key script over the fake
//! workbench (the real tables and FY2026 codes): a coder builds `0SRB0J9`
//! axis by axis without typing the code, each axis drawn (insta snapshots
//! at 80x24), the code assigned through the search hit's path; the search
//! pane opens it at a PCS query; a character no valid code continues with
//! is refused; the hints name the live keys. The same flow in the real
//! binary in a pseudo-terminal is `tui_pty_pcs_builder_*` below.

use crate::support::tui::*;
use chartq::tui::app::{App, Overlay};
use chartq::tui::keymap::Keymap;
use chartq::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

macro_rules! snapshot {
    ($name:expr, $value:expr $(,)?) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("pcs_builder__{}", $name), $value);
        })
    };
}

fn screen(app: &App) -> String {
    let (w, h) = app.size;
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

fn prefix(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::PcsBuilder(b)) => b.step.prefix.clone(),
        other => panic!("the builder is not open: {other:?}"),
    }
}

/// Moves the highlight to the value `ch` with the list keys, then picks it
/// with Enter: building without typing the code.
fn pick(app: &mut App, rx: &std::sync::mpsc::Receiver<chartq::tui::app::Msg>, ch: char) {
    let Some(Overlay::PcsBuilder(b)) = &app.overlay else {
        panic!("the builder is not open");
    };
    let at = b.step.values.iter().position(|v| v.ch == ch).unwrap();
    press(app, rx, "home");
    for _ in 0..at {
        press(app, rx, "down");
    }
    press(app, rx, "Enter");
}

#[test]
fn builds_0srb0j9_axis_by_axis_and_assigns_it() {
    let (mut app, wb, rx) = app_with(sample_store(), (80, 24));
    // The inpatient chart, then the builder from the documents pane.
    press(&mut app, &rx, "j Enter ctrl-x");
    assert_eq!(prefix(&app), "");
    snapshot!("axis1_section_80x24", screen(&app));
    let names = [
        "axis2_body_system",
        "axis3_operation",
        "axis4_body_part",
        "axis5_approach",
        "axis6_device",
        "axis7_qualifier",
        "code_built",
    ];
    for (i, (ch, name)) in "0SRB0J9".chars().zip(names).enumerate() {
        pick(&mut app, &rx, ch);
        assert_eq!(prefix(&app), &"0SRB0J9"[..=i]);
        snapshot!(format!("{name}_80x24"), screen(&app));
    }
    press(&mut app, &rx, "Enter");
    assert!(app.overlay.is_none(), "the builder closes once assigned");
    let status = app.status.as_ref().unwrap();
    assert!(status.text.contains("assigned 0SRB0J9"), "{status:?}");
    let store = wb.0.lock().unwrap();
    let chart = store.charts.iter().find(|(r, _)| r.id == 2).unwrap();
    assert!(chart.1.assignments.iter().any(|a| a.code == "0SRB0J9"));
}

#[test]
fn the_search_pane_opens_the_builder_at_a_pcs_query() {
    let (mut app, _wb, rx) = app_with(sample_store(), (80, 24));
    press(&mut app, &rx, r#"j Enter / "0dt""#);
    assert!(
        screen(&app).contains("Ctrl-X builds 0DT"),
        "{}",
        screen(&app)
    );
    press(&mut app, &rx, "ctrl-x");
    assert_eq!(prefix(&app), "0DT");
    let shown = screen(&app);
    assert!(
        shown.contains("4 Body Part") && shown.contains("Resection"),
        "{shown}"
    );
    snapshot!("from_search_0dt_120x40", {
        app.update(chartq::tui::app::Msg::Resize(120, 40));
        screen(&app)
    });
    // Typing picks; a character no valid code continues with is refused.
    press(&mut app, &rx, r#""j""#);
    assert_eq!(prefix(&app), "0DTJ");
    press(&mut app, &rx, r#""q""#);
    assert_eq!(prefix(&app), "0DTJ");
    assert!(app.status.as_ref().unwrap().is_error());
    // The field's delete key steps back an axis; Ctrl-G closes.
    press(&mut app, &rx, "backspace backspace");
    assert_eq!(prefix(&app), "0D");
    press(&mut app, &rx, "ctrl-g");
    assert!(app.overlay.is_none());
}

#[test]
fn hints_name_the_live_keys() {
    let keymap = Keymap::with_overrides(&[
        ("pcs_builder".into(), vec!["ctrl-y".into()]),
        ("submit".into(), vec!["ctrl-j".into()]),
    ])
    .unwrap();
    let (mut app, _wb, rx) = app_with_keymap(sample_store(), (80, 24), keymap);
    press(&mut app, &rx, r#"j Enter / "0sr""#);
    assert!(
        screen(&app).contains("Ctrl-Y builds 0SR"),
        "{}",
        screen(&app)
    );
    press(&mut app, &rx, "ctrl-y");
    let shown = screen(&app);
    assert!(shown.contains("type or Ctrl-J picks"), "{shown}");
}

/// The rows of the builder's value list on a PTY screen, by character.
fn list_chars(screen: &str) -> Vec<char> {
    screen
        .lines()
        .filter(|l| l.trim_end().ends_with("codes│") || l.trim_end().ends_with("codes"))
        .filter_map(|l| l.trim_start_matches('│').strip_prefix(' ')?.chars().next())
        .collect()
}

/// The real binary on a fresh demo database, in a pseudo-terminal: an
/// inpatient chart opened, `0SR` typed in the code search, the builder
/// opened there with Ctrl-X, body part, approach, device and qualifier
/// picked with the arrow keys and Enter, the code assigned with Enter; the
/// CLI then shows it on the chart.
#[test]
fn tui_pty_pcs_builder_builds_and_assigns_on_a_demo_inpatient_chart() {
    use crate::support::tui::pty::{Pty, restored};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut pty = Pty::spawn(&db, &["--demo"], &[], (80, 24));
    pty.wait_for("Queue ·");
    pty.wait_stable(std::time::Duration::from_millis(200));
    let screen = pty.screen();
    let rows: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("Account"))
        .skip(1)
        .collect();
    let at = rows
        .iter()
        .position(|l| l.to_lowercase().contains("inpatient") && l.contains(" new "))
        .unwrap_or_else(|| panic!("no new inpatient chart on screen:\n{screen}"));
    let account = rows[at]
        .trim_start_matches('│')
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    pty.send(&"j".repeat(at));
    pty.send("\r");
    pty.wait_for(&format!("{account} in_progress"));
    pty.send("/0sr");
    pty.wait_for("Ctrl-X builds 0SR");
    pty.send("\x18");
    pty.wait_for("4 Body Part");
    // After each pick, wait until the code line shows it: on a loaded
    // machine the next axis may not be drawn within any fixed pause.
    let mut code = String::from("0SR");
    for ch in ['B', '0', 'J', '9'] {
        pty.wait_stable(std::time::Duration::from_millis(100));
        let chars = list_chars(&pty.screen());
        let n = chars
            .iter()
            .position(|c| *c == ch)
            .unwrap_or_else(|| panic!("{ch} not listed in {chars:?}:\n{}", pty.screen()));
        pty.send(&"\x1b[B".repeat(n));
        pty.send("\r");
        code.push(ch);
        pty.wait_for(&format!("Code {code}"));
    }
    pty.wait_for("Code 0SRB0J9");
    pty.send("\r");
    pty.wait_for("assigned 0SRB0J9");
    pty.send("\x07\x07q");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    assert!(restored(&pty.output()));
    let out = crate::support::chartq(&db)
        .args(["chart", "show", &account, "--json"])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = shown["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"0SRB0J9"), "{codes:?}");
}
