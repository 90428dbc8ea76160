//! The real binary in a pseudo-terminal: it starts and draws, honours
//! NO_COLOR and 16-colour terminals, shows the too-small screen, never
//! repaints without a change, and always restores the terminal (quit,
//! SIGTERM, SIGHUP).

use std::time::Duration;

use crate::support::tui::pty::{Pty, restored, seed_demo_codes};

/// A new chartq database (a copy of the seeded template) holding a small
/// ICD-10-CM version of the demo's codes, whose first admin is this test's
/// login (`chartq init`'s store function), and no charts.
fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path) = users_less_db();
    let mut store = chartq::store::Store::open(&path).unwrap();
    chartq::store::people::init(&mut store).unwrap();
    (dir, path)
}

/// [`db`] before `chartq init`: no users.
fn users_less_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chartq.db");
    seed_demo_codes(&path);
    (dir, path)
}

/// On the queue screen (a first run's included): its header line.
const QUEUE_SCREEN: &str = "chartq new ";

#[test]
fn starts_draws_and_quit_restores_the_terminal() {
    let (_dir, db) = db();
    let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
    pty.wait_for(QUEUE_SCREEN);
    pty.send("?");
    pty.wait_for("Help");
    pty.send("?q");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    let out = pty.output();
    assert!(restored(&out), "terminal not restored");
    // Frames are wrapped in synchronized output; the mouse is left alone.
    let has = |p: &[u8]| out.windows(p.len()).any(|w| w == p);
    assert!(has(b"\x1b[?2026h") && has(b"\x1b[?2026l"));
    assert!(!has(b"\x1b[?1000h"), "mouse capture must stay off");
}

#[test]
fn no_repaint_without_a_change() {
    let (_dir, db) = db();
    let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
    pty.wait_for(QUEUE_SCREEN);
    // The code index loads in the background and says so on the status
    // line; its arrival is a change, so the quiet starts after it.
    pty.wait_until("the code index", |s| !s.contains("index loading"));
    pty.wait_stable(Duration::from_millis(300));
    let before = pty.bytes_written();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        pty.bytes_written(),
        before,
        "something redrew with nothing changed"
    );
    pty.send("q");
    pty.wait_exit();
}

#[test]
fn no_color_and_plain_xterm_start_and_render() {
    let has = |out: &[u8], p: &[u8]| out.windows(p.len()).any(|w| w == p);
    for env in [
        vec![("NO_COLOR", "1")],
        vec![("TERM", "xterm")],
        vec![("TERM", "xterm"), ("COLORTERM", "")],
    ] {
        let (_dir, db) = db();
        let mut pty = Pty::spawn(&db, &[], &env, (80, 24));
        pty.wait_for(QUEUE_SCREEN);
        pty.wait_for("? help");
        pty.send("q");
        assert_eq!(pty.wait_exit(), 0);
        let out = pty.output();
        assert!(
            !has(&out, b"38;2;") && !has(&out, b"48;2;"),
            "{env:?}: truecolor sent"
        );
        if env.contains(&("NO_COLOR", "1")) {
            assert!(
                !has(&out, b"38;5;") && !has(&out, b"48;5;"),
                "NO_COLOR: colour sent"
            );
            // Still visible: the status line is reverse video.
            assert!(has(&out, b"\x1b[7m"), "NO_COLOR: no reverse video");
        }
        assert!(restored(&out));
    }
}

#[test]
fn too_small_then_resized_back() {
    let (_dir, db) = db();
    let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
    pty.wait_for(QUEUE_SCREEN);
    pty.resize(60, 20);
    pty.wait_for("terminal too small (need 80x24, now 60x20)");
    pty.resize(100, 30);
    pty.wait_for(QUEUE_SCREEN);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let (_dir, db) = db();
        let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
        pty.wait_for(QUEUE_SCREEN);
        // SAFETY: kill() sends a signal to the child we started.
        unsafe {
            libc::kill(pty.pid(), signal);
        }
        pty.wait_exit();
        assert!(
            restored(&pty.output()),
            "signal {signal}: terminal not restored"
        );
    }
}

/// A fresh `--demo` database (chartq seeds the bundled ICD-10-CM into
/// it), the first chart claimed and coded through the code search.
#[test]
fn codes_the_demo_ed_chart_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut pty = Pty::spawn(&db, &["--demo"], &[], (80, 24));
    pty.wait_for("Queue ·");
    pty.send("n");
    pty.wait_for("ED note");
    let account = pty.screen().split_whitespace().next().unwrap().to_string();
    pty.send("/");
    for (typed, code) in [("uti", "N39.0"), ("dehyd", "E86.0"), ("htn", "I10")] {
        pty.assign_best_hit(typed, code);
    }
    pty.finalize_and_quit();
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    assert!(restored(&pty.output()));

    // The CLI sees it: coded, three codes in order, principal first.
    let cli = |args: &[&str]| -> serde_json::Value {
        let out = crate::support::chartq(&db).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let first = text.lines().find(|l| l.contains(&account)).unwrap_or(&text);
        serde_json::from_str(if args[0] == "export" { first } else { &text }).unwrap()
    };
    let shown = cli(&["chart", "show", &account, "--json"]);
    assert_eq!(shown["chart"]["status"], "coded");
    let codes: Vec<(String, String)> = shown["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["code"].as_str().unwrap().into(),
                a["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("N39.0", "principal"),
        ("E86.0", "secondary"),
        ("I10", "secondary"),
    ];
    assert_eq!(codes, want.map(|(c, r)| (c.to_string(), r.to_string())));
    let exported = cli(&["export"]);
    assert!(exported.to_string().contains("E86.0"), "{exported}");
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_resumes() {
    let (_dir, db) = db();
    let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
    pty.wait_for(QUEUE_SCREEN);
    let count = |out: &[u8], p: &[u8]| out.windows(p.len()).filter(|w| *w == p).count();
    let entered = count(&pty.output(), b"\x1b[?1049h");
    pty.send("\x1a");
    // Under a shell the process stops here until `fg`; in this session-less
    // pty the stop is discarded, so chartq comes straight back.
    pty.wait_until("leaving and re-entering the alternate screen", |_| {
        let out = pty.output();
        count(&out, b"\x1b[?1049l") >= 1 && count(&out, b"\x1b[?1049h") > entered
    });
    pty.wait_for(QUEUE_SCREEN);
    // SAFETY: SIGCONT to our own child, in case it did stop.
    unsafe {
        libc::kill(pty.pid(), libc::SIGCONT);
    }
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert!(restored(&pty.output()));
}

#[test]
fn a_dropped_session_releases_the_lease() {
    let (_dir, db) = db();
    let mut pty = Pty::spawn(&db, &["--demo"], &[], (80, 24));
    pty.wait_for("Queue ·");
    pty.send("n");
    pty.wait_for("ED note");
    let account = pty.screen().split_whitespace().next().unwrap().to_string();
    // The SSH session drops: the terminal hangs up.
    // SAFETY: SIGHUP to the child we started.
    unsafe {
        libc::kill(pty.pid(), libc::SIGHUP);
    }
    pty.wait_exit();
    let out = crate::support::chartq(&db)
        .args(["chart", "show", &account, "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        shown["chart"]["status"], "new",
        "the chart went back to the queue"
    );
    assert!(shown["chart"]["lease_holder"].is_null());
}

#[test]
fn without_a_terminal_it_says_so_and_touches_nothing() {
    let (_dir, db) = db();
    let out = crate::support::chartq(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(out.stdout.is_empty(), "no escape sequences on a pipe");
}

#[test]
fn a_bad_tui_setting_is_named_before_the_screen_changes() {
    let (dir, db) = db();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[tui]\ncolour = \"16\"\n").unwrap();
    let mut pty = Pty::spawn(
        &db,
        &[],
        &[("CHARTQ_CONFIG", config.to_str().unwrap())],
        (80, 24),
    );
    assert_eq!(pty.wait_exit(), 2);
    let screen = pty.screen();
    assert!(screen.contains("tui.colour: unknown setting"), "{screen}");
    assert!(!String::from_utf8_lossy(&pty.output()).contains("\x1b[?1049h"));
    let mut pty = Pty::spawn(&db, &["--theme", "neon"], &[], (80, 24));
    assert_eq!(pty.wait_exit(), 2);
    assert!(
        pty.screen().contains("unknown theme \"neon\""),
        "{}",
        pty.screen()
    );
}

#[test]
fn provider_query_question_edited_in_editor() {
    let (_dir, db) = db();
    // `sed -i` stands in for an editor: it rewrites the file in place.
    let env = [("VISUAL", "sed -i s/cardiac/pulmonary/")];
    let mut pty = Pty::spawn(&db, &["--demo"], &env, (80, 24));
    pty.wait_for("Queue ·");
    pty.send("n");
    pty.wait_for("ED note");
    pty.send("aIs it cardac?");
    pty.wait_for("Is it cardac?");
    // Line editing from a real terminal: Left x3 (escape sequences), type.
    pty.send("\x1b[D\x1b[D\x1b[Di");
    pty.wait_for("Is it cardiac?");
    // Ctrl-E is end of line in a text field, not the editor.
    pty.send("\x05!");
    pty.wait_for("Is it cardiac?!");
    pty.send("\x0f"); // Ctrl-O: $EDITOR
    pty.wait_for("Is it pulmonary?!");
    pty.send("\x07q");
    assert_eq!(pty.wait_exit(), 0);
    assert!(restored(&pty.output()));
}

/// A first run: on a database with no users the TUI shows `chartq init`
/// and registers nobody; after `chartq init` it shows how charts come in,
/// the demo, the user's role and the code sets; quitting restores the
/// terminal both times.
#[test]
fn first_run_guidance_on_an_empty_database() {
    let (_dir, db) = users_less_db();
    // A fixed "today" for when the one clock reads it (no assertion here
    // depends on the date: the test code set is open-ended).
    let env = [("CHARTQ_TODAY", "2026-04-10")];
    let mut pty = Pty::spawn(&db, &[], &env, (80, 24));
    pty.wait_for("no users yet");
    pty.wait_for("  chartq init");
    pty.send("n?");
    pty.wait_for("Getting started");
    pty.send("?q");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    assert!(restored(&pty.output()), "terminal not restored");
    let store = chartq::store::Store::open(&db).unwrap();
    assert_eq!(
        chartq::store::people::count_users(&store).unwrap(),
        0,
        "the TUI registered nobody"
    );
    drop(store);

    let init = crate::support::chartq(&db).arg("init").output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let me = chartq::store::people::login_name().unwrap();

    let mut pty = Pty::spawn(&db, &[], &env, (80, 24));
    pty.wait_for("Getting started");
    for want in [
        "No charts in this database yet",
        "chartq charts import FILE",
        "chartq --demo",
        "ICD-10-CM",
    ] {
        pty.wait_for(want);
    }
    pty.wait_for(&format!("You are {me} (admin)"));
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    assert!(restored(&pty.output()), "terminal not restored");
}

/// A demo database whose shift left drafts (`chartq demo`, seed 1): the
/// drafted COPD stay (`ip_copd_exempt_poa_y_draft`: Z87.891, POA-exempt,
/// with "Y") claimed and opened; its warning shows in the edits pane and
/// beside the code; `F` lists it apart, `A` takes a reason, and the chart
/// is finalized with the acknowledgement in its audit history.
#[test]
fn a_drafted_demo_chart_shows_its_edit_and_finalizes_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let key = dir.path().join("key.jsonl");
    let key_arg = key.to_str().unwrap();
    let built = crate::support::chartq(&db)
        .args([
            "demo",
            "--charts",
            "60",
            "--seed",
            "1",
            "--answer-key",
            key_arg,
        ])
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let account = std::fs::read_to_string(&key)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|k| k["scenario"] == "ip_copd_exempt_poa_y_draft")
        .map(|k| k["account"].as_str().unwrap().to_string())
        .expect("the seed-1 demo drafts the COPD stay");
    let claimed = crate::support::chartq(&db)
        .args(["queue", "claim", &account])
        .output()
        .unwrap();
    assert!(
        claimed.status.success(),
        "{}",
        String::from_utf8_lossy(&claimed.stderr)
    );

    let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
    pty.wait_for("Queue ·");
    // The "mine" filter: the claimed chart alone; Enter opens it.
    pty.send("f");
    pty.wait_for(&account);
    pty.send("\r");
    pty.wait_for("Edits · 1 warning");
    pty.wait_for("! Z87.891 poa_on_exempt_code");
    pty.wait_for("! 2  SDX Z87.891  Y");
    pty.send("F");
    pty.wait_for("A acknowledges the warnings");
    pty.send("A");
    pty.wait_for("Reason:");
    pty.send("history of nicotine dependence, reviewed\r");
    pty.wait_for("is coded");
    pty.send("\rq");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    assert!(restored(&pty.output()));

    let shown = crate::support::chartq(&db)
        .args(["chart", "show", &account, "--json"])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["chart"]["status"], "coded");
    let text = shown.to_string();
    assert!(
        text.contains("poa_on_exempt_code") && text.contains("nicotine dependence, reviewed"),
        "{text}"
    );
}
