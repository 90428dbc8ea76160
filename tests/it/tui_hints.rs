//! Every key hint on screen names the key the live keymap binds: with the
//! keys remapped (as `[tui.keys]` in config.toml does), each hint shows the
//! new key and none still shows the default one.

use crate::support::tui::*;
use chartq::tui::app::Msg;
use chartq::tui::keymap::Keymap;
use chartq::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A new key for every action a hint names, none of them a default.
const REMAP: &[(&str, &str)] = &[
    ("help", "F2"),
    ("palette", "F3"),
    ("quit", "F4"),
    ("refresh", "F5"),
    ("next", "F6"),
    ("sort", "F7"),
    ("filter", "F8"),
    ("open", "F9"),
    ("prev_document", "F10"),
    ("next_document", "F11"),
    ("find_next", "F12"),
    ("find_prev", "ctrl-a"),
    ("remove", "ctrl-d"),
    ("move_up", "ctrl-k"),
    ("move_down", "ctrl-j"),
    ("principal", "ctrl-r"),
    ("poa", "ctrl-v"),
    ("up", "ctrl-p"),
    ("down", "ctrl-n"),
    ("assign", "ctrl-s"),
    ("system", "ctrl-x"),
    ("search", "ctrl-l"),
    ("next_pane", "ctrl-q"),
    ("submit", "ctrl-m"),
    ("back", "ctrl-y"),
    ("editor", "ctrl-t"),
];

/// Wide enough that no title is cut.
const SIZE: (u16, u16) = (200, 50);

fn remapped() -> Keymap {
    let overrides: Vec<(String, Vec<String>)> = REMAP
        .iter()
        .map(|(a, k)| (a.to_string(), vec![k.to_string()]))
        .collect();
    Keymap::with_overrides(&overrides).expect("the remap is valid")
}

/// The screen after `script` (in the remapped keys) on `store`.
fn screen_of(store: FakeStore, size: (u16, u16), script: &str) -> String {
    let (mut app, _wb, rx) = app_with_keymap(store, size, remapped());
    press(&mut app, &rx, script);
    draw(&app, size)
}

fn draw(app: &chartq::tui::app::App, (w, h): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| views::render(f, app)).unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each `(new, old)`: the hint with the remapped key is on screen, the
/// one with the default key is not.
fn assert_hints(screen: &str, hints: &[(&str, &str)]) {
    for (new, old) in hints {
        assert!(screen.contains(new), "{new:?} missing:\n{screen}");
        assert!(!screen.contains(old), "{old:?} still shown:\n{screen}");
    }
}

/// The screen's text with the rows joined by spaces and runs of spaces
/// made one (for hints that wrap), border characters dropped.
fn flat(screen: &str) -> String {
    screen
        .replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn queue_hints_follow_the_keymap() {
    let screen = screen_of(sample_store(), SIZE, "");
    assert_hints(
        &screen,
        &[
            (
                "F2 help · F3 commands · F4 quit",
                "? help · : commands · q quit",
            ),
            (
                "sort priority (F7) · show all (F8) · F9 opens · F6 next",
                "sort priority (s) · show all (f) · Enter opens · n next",
            ),
        ],
    );
    // The filter key shows my charts: none, so the empty queue's title.
    let screen = screen_of(sample_store(), SIZE, "F8");
    assert_hints(
        &screen,
        &[(
            "empty · F5 reloads · F6 claims the next chart",
            "empty · r reloads · n claims the next chart",
        )],
    );
    // No code set covers today.
    let mut store = sample_store();
    store.versions.clear();
    let screen = screen_of(store, SIZE, "");
    assert_hints(
        &flat(&screen),
        &[("(F2 lists the code sets)", "(? lists the code sets)")],
    );
}

#[test]
fn getting_started_hints_follow_the_keymap() {
    let screen = screen_of(empty_store(), SIZE, "");
    assert_hints(
        &screen,
        &[(
            "Getting started · F5 reloads · F2 help",
            "Getting started · r reloads · ? help",
        )],
    );
    let mut store = sample_store();
    store.no_users = true;
    let screen = screen_of(store, SIZE, "");
    assert_hints(
        &screen,
        &[(
            "no users yet · F2 help · F4 quits",
            "no users yet · ? help · q quits",
        )],
    );
}

#[test]
fn workspace_pane_hints_follow_the_keymap() {
    let screen = screen_of(sample_store(), SIZE, "F6");
    assert_hints(
        &screen,
        &[
            ("Dr. Avery Stone F10 F11", "Dr. Avery Stone [ ]"),
            ("Ctrl-L to search codes", "/ to search codes"),
            (
                "Search all (Ctrl-X) · Ctrl-S assigns",
                "Search all (Ctrl-T) · Enter assigns",
            ),
        ],
    );
    let screen = screen_of(sample_store(), SIZE, r#"F6 f "chest" ctrl-m"#);
    assert_hints(&screen, &[("(F12/Ctrl-A)", "(n/N)")]);
    let screen = screen_of(sample_store(), SIZE, "F6 ctrl-q");
    assert_hints(
        &screen,
        &[(
            "Codes · Ctrl-D remove · Ctrl-K/Ctrl-J move · Ctrl-R principal · Ctrl-V POA",
            "Codes · d remove · K/J move · p principal · o POA",
        )],
    );
    let screen = screen_of(sample_store(), SIZE, r#"F6 ctrl-l "s72.001""#);
    assert_hints(
        &screen,
        &[(
            "7th character: Ctrl-Q here to pick",
            "7th character: Tab here to pick",
        )],
    );
    let screen = screen_of(sample_store(), SIZE, r#"F6 ctrl-l "s72.001" ctrl-q"#);
    assert_hints(
        &screen,
        &[(
            "7th character (Ctrl-N/Ctrl-P, Ctrl-S assigns):",
            "7th character (j/k, Enter assigns):",
        )],
    );
}

#[test]
fn search_unavailable_names_the_palette_key() {
    let (mut app, _wb, rx) = app_with_keymap(sample_store(), SIZE, remapped());
    app.update(Msg::IndexFailed("no index".into()));
    press(&mut app, &rx, "F6");
    assert_hints(
        &flat(&draw(&app, SIZE)),
        &[(
            "F3 assign CODE still assigns a code you know",
            ":assign CODE still assigns",
        )],
    );
}

#[test]
fn finalize_hints_follow_the_keymap() {
    let screen = screen_of(sample_store(), SIZE, "F6 F");
    assert_hints(
        &screen,
        &[(
            "Ctrl-Y goes back to fix them",
            "Ctrl-G goes back to fix them",
        )],
    );
    let script = r#"F6 ctrl-l "chest" ctrl-s ctrl-y F"#;
    let screen = screen_of(sample_store(), SIZE, script);
    assert_hints(
        &screen,
        &[(
            "Ctrl-M finalizes · Ctrl-Y goes back",
            "Enter finalizes · Ctrl-G goes back",
        )],
    );
    let screen = screen_of(sample_store(), SIZE, &format!("{script} ctrl-m"));
    assert_hints(
        &screen,
        &[(
            "F6 claims the next chart · Ctrl-M goes to the queue",
            "n claims the next chart · Enter goes to the queue",
        )],
    );
}

#[test]
fn palette_hints_follow_the_keymap() {
    let screen = screen_of(sample_store(), SIZE, r#"F3 "sea""#);
    assert_hints(
        &screen,
        &[
            (
                " F3 command · Ctrl-M runs · Ctrl-Y closes ",
                " : command · Enter runs · Ctrl-G closes ",
            ),
            // The palette box is 70 wide: the text is cut there.
            ("search codes (type; Ctrl-S assigns", "Enter assigns"),
        ],
    );
    // A hold needs a reason: the status line says how to give one.
    let screen = screen_of(sample_store(), SIZE, r#"F6 F3 "hold" ctrl-m"#);
    assert_hints(&screen, &[("type F3 hold REASON", ":hold REASON")]);
}

#[test]
fn composer_hints_follow_the_keymap() {
    let screen = screen_of(sample_store(), SIZE, "F6 a");
    assert_hints(
        &screen,
        &[
            ("(Ctrl-T edits in $EDITOR)", "(Ctrl-O edits in $EDITOR)"),
            (
                "(type one, Ctrl-M adds it; Ctrl-M on empty moves on)",
                "(type one, Enter adds it; Enter on empty moves on)",
            ),
            (
                "Ctrl-Q moves between fields · Ctrl-Y cancels",
                "Tab moves between fields · Ctrl-G cancels",
            ),
        ],
    );
}

#[test]
fn help_hints_follow_the_keymap() {
    // Tall enough for the whole help; exactly the help box wide.
    let size = (110, 200);
    let screen = screen_of(sample_store(), size, "F2");
    assert_hints(
        &screen,
        &[(
            "Ctrl-N/Ctrl-P scroll · F2 or Ctrl-Y closes",
            "j/k scroll · ? or Ctrl-G closes",
        )],
    );
    let text = flat(&screen);
    assert_hints(
        &text,
        &[
            ("F6 claims the next chart", "n claims the next chart"),
            ("Ctrl-L searches codes", "/ searches codes"),
            ("Ctrl-S assigns the highlighted", "Enter assigns the"),
            ("Ctrl-Y leaves the search", "Ctrl-G leaves"),
            ("Ctrl-Q moves between panes", "Tab moves between panes"),
            ("Ctrl-V sets POA", "o sets POA"),
            (
                "F finalizes, Ctrl-M confirms · Ctrl-Y goes back · F4 quits",
                "Enter confirms",
            ),
            (
                "command palette (type a command, Ctrl-M runs it)",
                "Enter runs it",
            ),
            ("Commands (type F3 then the name", "Commands (type : then"),
            ("F3 hold REASON", ":hold REASON"),
        ],
    );
}
