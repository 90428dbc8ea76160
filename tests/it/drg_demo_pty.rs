//! The demo's inpatient charts show their MS-DRG while being coded, in the
//! real binary in a pseudo-terminal (issue 12): `chartq --demo`, an
//! inpatient chart discharged before 2026-10-01 (drafted by the demo's
//! shift) claimed from the queue: its DRG, weight and title appear on the
//! edits pane's bottom border.

use crate::support::tui::pty::Pty;

/// The queue rows on screen, in order, as their text.
fn rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.contains("ACC-2026-"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_demo_inpatient_chart_shows_its_drg_while_being_coded() {
    let home = tempfile::tempdir().unwrap();
    // The demo database built first, by the CLI (building it takes longer
    // than the terminal's patience on a loaded machine), where `--demo`
    // keeps it (`--keep`).
    let cache = home.path().join(".cache/chartq");
    std::fs::create_dir_all(&cache).unwrap();
    let built = std::process::Command::new(crate::support::bin())
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", "/usr/bin:/bin")
        .env("CHARTQ_CONFIG", "/dev/null")
        .env("CHARTQ_TODAY", crate::support::TODAY)
        .arg("--db")
        .arg(cache.join("demo.db"))
        .arg("demo")
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let mut pty = Pty::spawn_in(home.path(), &["--demo", "--keep"], &[], (120, 40));
    pty.wait_for("ACC-2026");
    pty.wait_stable(std::time::Duration::from_millis(300));
    // The first new inpatient chart discharged in FY2026 (v43/v43.1): the
    // queue shows its discharge date as the date of service.
    let screen = pty.screen();
    let queue = rows(&screen);
    let at = queue
        .iter()
        .position(|r| r.contains(" Inpatient ") && r.contains(" new ") && r.contains(" 2026-0"))
        .unwrap_or_else(|| panic!("no FY2026 inpatient chart in the queue:\n{screen}"));
    pty.send(&"j".repeat(at));
    pty.send("\r");
    pty.wait_for("claimed");
    // The demo's shift left it drafted (codes, a principal): its working
    // DRG, weight and title are on the edits pane's bottom border.
    pty.wait_until("a DRG with its weight", |s| drg_on(s).is_some());
    let screen = pty.screen();
    let line = drg_on(&screen).unwrap();
    assert!(!line.contains("DRG 999"), "{line}\n{screen}");
}

/// The `└ DRG NNN · W.WWWW · title` line of the screen, if there is one.
fn drg_on(screen: &str) -> Option<String> {
    screen.lines().find_map(|l| {
        let at = l.find("└ DRG ")?;
        let rest: Vec<char> = l[at + "└ DRG ".len()..].chars().collect();
        let number = rest.len() > 12 && rest[..3].iter().all(char::is_ascii_digit);
        let weight = rest[3..6] == [' ', '·', ' '] && rest[7] == '.';
        (number && weight).then(|| l[at..].to_string())
    })
}
