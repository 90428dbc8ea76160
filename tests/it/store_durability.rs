//! Durability: `chartq db backup FILE` copies the live database while
//! another process writes, into one self-contained file that is a chartq
//! database, passes `PRAGMA integrity_check`, and holds every transaction
//! committed before it started (and only whole ones); it is written like an
//! export and only by admins, audited. A clean TUI exit checkpoints: the
//! database file alone then holds every change, so losing the `-wal` after
//! it loses nothing.

use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::queue::{ChartSpec, Db, chart_line};
use crate::support::tui::pty::{Pty, restored, seed_demo_codes};
use rusqlite::{Connection, OpenFlags};

/// Charts each import of the writer adds.
const PER_IMPORT: usize = 4;
/// Imports the writer makes at most (it stops once the backups are taken).
const IMPORTS: usize = 400;

/// Checks a backup with plain SQLite (not through chartq): integrity,
/// chartq's mark, a single file. Returns its number of charts.
fn check_backup_file(path: &Path) -> i64 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, chartq::store::APPLICATION_ID);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "a backup is one file, not a WAL database");
    conn.query_row("SELECT count(*) FROM chart", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_backup_taken_while_another_process_writes_is_whole_and_consistent() {
    let db = Db::new();
    // The writer: another process importing PER_IMPORT charts at a time,
    // writing the number of each import to its log once it is committed.
    let feeds = db.dir.path().join("feeds");
    std::fs::create_dir(&feeds).unwrap();
    for i in 0..IMPORTS {
        let lines: Vec<String> = (0..PER_IMPORT)
            .map(|j| {
                chart_line(&ChartSpec {
                    account: &format!("W-{i}-{j}"),
                    ..Default::default()
                })
            })
            .collect();
        std::fs::write(feeds.join(format!("{i}.jsonl")), lines.join("\n") + "\n").unwrap();
    }
    let log = db.dir.path().join("committed.log");
    // The writer goes on until the test has its backups (the stop file),
    // so the race does not depend on how long one backup takes.
    let stop = db.dir.path().join("stop");
    let script = format!(
        "i=0; while [ $i -lt {IMPORTS} ] && [ ! -e \"$4\" ]; do \
           \"$0\" --db \"$1\" charts import \"$2/$i.jsonl\" >/dev/null || exit 1; \
           echo $i >> \"$3\"; i=$((i + 1)); done",
    );
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(crate::support::queue::bin())
        .arg(&db.path)
        .arg(&feeds)
        .arg(&log)
        .arg(&stop)
        .env("CHARTQ_CONFIG", "/dev/null")
        .env("CHARTQ_TODAY", "2026-11-30")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let committed = || -> usize {
        std::fs::File::open(&log)
            .map(|f| std::io::BufReader::new(f).lines().count())
            .unwrap_or(0)
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while committed() < 5 {
        assert!(Instant::now() < deadline, "the writer made no progress");
        std::thread::sleep(Duration::from_millis(20));
    }

    // Backups while it writes; every one a whole, consistent state.
    let mut taken = 0;
    let mut backups = Vec::new();
    while writer.try_wait().unwrap().is_none() || taken == 0 {
        let before = committed();
        let path = db.dir.path().join(format!("backup-{taken}.db"));
        let out = db.run(&["db", "backup", path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        backups.push((path, before));
        taken += 1;
        if taken >= 4 {
            break;
        }
    }
    std::fs::write(&stop, b"").unwrap();
    assert!(writer.wait().unwrap().success(), "the writer failed");
    assert!(
        taken >= 2,
        "the backups raced with the writer only {taken} times"
    );
    for (path, before) in &backups {
        assert_eq!(
            std::fs::metadata(path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            assert!(!Path::new(&side).exists(), "{suffix} left beside {path:?}");
        }
        let charts = check_backup_file(path) as usize;
        assert_eq!(charts % PER_IMPORT, 0, "{path:?} holds half an import");
        assert!(
            charts >= before * PER_IMPORT,
            "{path:?}: {charts} charts, but {before} imports had committed before it started"
        );
        // chartq opens it like any database of yours; its audit log is
        // intact and holds the backup's own event (recorded in the source
        // just before the copy; the writer may have committed after it).
        let copy = Db {
            dir: tempfile::tempdir().unwrap(),
            path: path.clone(),
        };
        let out = copy.run(&["audit", "verify"]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let own = copy.count(&format!(
            "SELECT count(*) FROM audit_event WHERE action = 'database_backed_up'
             AND json_extract(details, '$.file') = '{}'",
            path.display()
        ));
        assert_eq!(own, 1, "{path:?} lacks the record of its own making");
    }
    assert_eq!(
        db.count("SELECT count(*) FROM audit_event WHERE action = 'database_backed_up'"),
        taken as i64
    );
}

#[test]
fn a_backup_is_written_like_an_export_and_only_by_admins() {
    let db = Db::new();
    let dest = db.dir.path().join("b.db");

    let err = db.fails(
        2,
        &["--as", "coder1", "db", "backup", dest.to_str().unwrap()],
    );
    assert!(err.contains("admin role"), "{err}");
    assert!(!dest.exists());

    db.ok(&["db", "backup", dest.to_str().unwrap()]);
    let err = db.fails(2, &["db", "backup", dest.to_str().unwrap()]);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = db.json(&["db", "backup", dest.to_str().unwrap(), "--force"]);
    assert!(out["audit_head"].as_str().unwrap().contains(':'), "{out}");
    assert_eq!(
        std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let target = db.dir.path().join("target.db");
    let link = db.dir.path().join("link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for force in [false, true] {
        let mut args = vec!["db", "backup", link.to_str().unwrap()];
        if force {
            args.push("--force");
        }
        let err = db.fails(2, &args);
        assert!(err.contains("symbolic link"), "{err}");
        assert!(!target.exists());
    }
    // Nothing half-written is left behind by the refusals.
    let stray: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.ends_with(".tmp").then_some(name)
        })
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// The case: the `-wal` deleted after coders were told their work
/// was saved. After a clean TUI exit the database file holds it all.
#[test]
fn after_a_clean_tui_exit_the_database_file_alone_holds_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chartq.db");
    seed_demo_codes(&db);
    {
        let mut store = chartq::store::Store::open(&db).unwrap();
        chartq::store::people::init(&mut store).unwrap();
    }
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        chart_line(&ChartSpec {
            account: "DUR-1",
            kind: "ed",
            queue: "ed",
            ..Default::default()
        }) + "\n",
    )
    .unwrap();
    let out = Command::new(crate::support::queue::bin())
        .args(["--db", db.to_str().unwrap(), "charts", "import"])
        .arg(&feed)
        .env("CHARTQ_CONFIG", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    let mut pty = Pty::spawn(&db, &[], &[], (80, 24));
    pty.wait_for("chartq new ");
    // Claim the chart (a write the coder is told succeeded), back, quit.
    pty.send("n");
    pty.wait_for("History and physical");
    pty.send("\x1b");
    pty.wait_for("chartq ");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
    assert!(restored(&pty.output()));

    let wal = dir.path().join("chartq.db-wal");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the WAL still holds changes after a clean exit"
    );
    // The -wal and -shm lost (deleted, or a copy of the .db alone).
    let _ = std::fs::remove_file(&wal);
    let _ = std::fs::remove_file(dir.path().join("chartq.db-shm"));
    let conn = Connection::open(&db).unwrap();
    let claimed: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_event WHERE action = 'chart_claimed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        claimed, 1,
        "the claim made in the TUI is in the database file"
    );
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
