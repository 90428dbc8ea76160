//! Demo data never mixes with real data: `chartq demo` needs an explicit
//! `--db`, and `chartq --demo` works on one demo database per user in the
//! cache directory, rebuilt on each run (`--keep` reuses it), under a lock,
//! removing the per-run files earlier versions left in the data directory.
//! Driven through the real binary, in a pseudo-terminal for the TUI.

use std::path::Path;

use crate::support::tui::pty::{Pty, restored};

/// A scratch HOME with a "real" database at the default place and an old
/// per-run demo file beside it.
fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join(".local/share/chartq");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("demo-20260101-120000.db"), vec![0u8; 4096]).unwrap();
    std::fs::write(data.join("demo-20260101-120000.db-wal"), b"x").unwrap();
    home
}

fn demo_db(home: &Path) -> std::path::PathBuf {
    home.join(".cache/chartq/demo.db")
}

/// `chartq` with nothing but a scratch `HOME` (no `--db`: the demo finds
/// its own database under `HOME`), no config, and the tests' today.
fn chartq_home(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(crate::support::bin());
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .env("CHARTQ_CONFIG", "/dev/null")
        .env("CHARTQ_TODAY", crate::support::TODAY);
    cmd
}

#[test]
fn chartq_demo_without_db_is_refused_and_touches_nothing() {
    let home = home();
    let real = home.path().join("real.db");
    let out = chartq_home(home.path())
        .env("CHARTQ_DB", &real)
        .args(["demo", "--charts", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs --db PATH") && err.contains("chartq demo --db demo.db"),
        "{err}"
    );
    assert!(!real.exists(), "the configured database was created");
    assert!(
        !home.path().join(".local/share/chartq/chartq.db").exists(),
        "the default database was created"
    );
}

#[test]
fn demo_tui_uses_its_own_database_and_cleans_up_old_per_run_files() {
    let home = home();
    let mut pty = Pty::spawn_in(home.path(), &["--demo"], &[], (80, 24));
    pty.wait_for("ACC-2026");

    // While it runs, a second `--demo` is refused instead of rebuilding
    // the file under the first one.
    let mut second = Pty::spawn_in(home.path(), &["--demo"], &[], (80, 24));
    assert_eq!(second.wait_exit(), 2, "screen:\n{}", second.screen());
    let said = String::from_utf8_lossy(&second.output()).into_owned();
    assert!(said.contains("another `chartq --demo` is using"), "{said}");
    assert!(
        restored(&second.output()),
        "second run left the terminal raw"
    );

    pty.send("q");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    let said = String::from_utf8_lossy(&pty.output()).into_owned();
    assert!(said.contains("rebuilt for this run"), "{said}");
    assert!(
        said.contains("removed 2 old per-run demo file(s)"),
        "{said}"
    );

    let data = home.path().join(".local/share/chartq");
    let left: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "data dir still holds {left:?}");
    assert!(demo_db(home.path()).exists());

    // `--keep` reopens the same file as it is.
    use std::os::unix::fs::MetadataExt;
    let before = std::fs::metadata(demo_db(home.path())).unwrap().ino();
    let mut kept = Pty::spawn_in(home.path(), &["--demo", "--keep"], &[], (80, 24));
    kept.wait_for("ACC-2026");
    kept.send("q");
    assert_eq!(kept.wait_exit(), 0, "screen:\n{}", kept.screen());
    let said = String::from_utf8_lossy(&kept.output()).into_owned();
    assert!(said.contains("kept from the last run"), "{said}");
    let after = std::fs::metadata(demo_db(home.path())).unwrap().ino();
    assert_eq!(before, after, "--keep rebuilt the demo database");
}
