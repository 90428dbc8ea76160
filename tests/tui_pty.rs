//! The real binary in a pseudo-terminal: it starts and draws, honours
//! NO_COLOR and 16-colour terminals, shows the too-small screen, never
//! repaints without a change, and always restores the terminal (quit,
//! SIGTERM, SIGHUP).

mod tui_support;

use std::time::Duration;

use tui_support::pty::{Pty, restored};

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chartq.db");
    (dir, path)
}

#[test]
fn starts_draws_and_quit_restores_the_terminal() {
    let (_dir, db) = db();
    let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
    pty.wait_for("Queue");
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
    pty.wait_for("Queue");
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
        pty.wait_for("Queue");
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
    pty.wait_for("Queue");
    pty.resize(60, 20);
    pty.wait_for("terminal too small (need 80x24, now 60x20)");
    pty.resize(100, 30);
    pty.wait_for("Queue");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let (_dir, db) = db();
        let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
        pty.wait_for("Queue");
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

/// The codes the demo's first (ED) chart needs, as a stand-in code set
/// where the bundled ICD-10-CM is not seeded.
fn seed_codes(db: &std::path::Path) {
    use chartq::codes::{Code, CodeKind, CodeSet, CodeSystem};
    use chartq::store::Store;
    use chartq::store::code_tables::{VersionSpec, insert_code_set};
    let mut store = Store::open(db).unwrap();
    let code = |c: &str, t: &str| Code {
        code: c.into(),
        kind: CodeKind::Code,
        billable: true,
        short_title: None,
        long_title: t.into(),
        parent: None,
        notes: vec![],
    };
    let set = CodeSet {
        codes: vec![
            code("N39.0", "Urinary tract infection, site not specified"),
            code("E86.0", "Dehydration"),
            code("I10", "Essential (primary) hypertension"),
        ],
    };
    let spec = VersionSpec {
        system: CodeSystem::Icd10Cm,
        label: "e2e".into(),
        effective_from: "2025-10-01".parse().unwrap(),
        effective_to: None,
        source: "e2e".into(),
    };
    store
        .write(|tx| {
            insert_code_set(tx, &spec, &set)
                .map_err(|e| chartq::store::StoreError::from_sqlite(db, e))
        })
        .unwrap();
}

#[test]
fn codes_the_demo_ed_chart_end_to_end() {
    let (_dir, db) = db();
    seed_codes(&db);
    let mut pty = Pty::spawn(&db, &["--demo"], &[], (80, 24));
    pty.wait_for("Queue ·");
    pty.send("n");
    pty.wait_for("ED note");
    let account = {
        let screen = pty.screen();
        let header = screen.lines().next().unwrap().trim().to_string();
        header.split_whitespace().next().unwrap().to_string()
    };
    for code in ["N39.0", "E86.0", "I10"] {
        pty.send(&format!(":assign {code}\r"));
        pty.wait_for(&format!("assigned {code}"));
    }
    // Finalize, confirm.
    pty.send("F");
    pty.wait_for("Enter finalizes");
    pty.send("\r");
    pty.wait_for("is coded");
    pty.send("\rq");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    assert!(restored(&pty.output()));

    // The store has it: coded, three codes in order, principal first.
    let mut store = chartq::store::Store::open(&db).unwrap();
    let actor = chartq::store::people::current_actor(&mut store, None).unwrap();
    let detail = chartq::store::charts::show(&mut store, &actor, &account).unwrap();
    assert_eq!(detail.chart.status.as_str(), "coded");
    let codes: Vec<(String, &str)> = detail
        .assignments
        .iter()
        .map(|a| (a.code.clone(), a.role.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("N39.0".to_string(), "principal"),
            ("E86.0".to_string(), "secondary"),
            ("I10".to_string(), "secondary")
        ]
    );
}
