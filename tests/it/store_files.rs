//! The database file and the files chartq writes beside it hold PHI: a new
//! database is created 0600 with O_CREAT|O_EXCL|O_NOFOLLOW and appears at
//! its path only once it is a chartq database; a symbolic link, an existing
//! file that is not a chartq database (an empty one included), or a
//! database owned by someone else (without `--allow-foreign-db`) is
//! refused; `-wal`/`-shm` are never more open than the database; exports
//! are written the same way and never replace a file without `--force`.
//!
//! Ownership cases need a file owned by another uid: as root (CI) the test
//! `chown`s it to 65534 (nobody); otherwise it says why it skips.

use crate::support::chartq;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use crate::support::queue::{Db, bin};

/// Runs `chartq --db DB ARGS`: (exit code, stdout, stderr).
fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = chartq(db).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

fn is_root() -> bool {
    // SAFETY: geteuid cannot fail and has no side effects.
    unsafe { libc::geteuid() == 0 }
}

/// 65534 (nobody) owns `path` when this process may give it away (root);
/// otherwise prints why the calling test skips and returns false.
fn give_to_nobody(path: &Path, test: &str) -> bool {
    if !is_root() {
        eprintln!(
            "SKIP {test}: needs root to chown a file to another uid (run as root, as CI does)"
        );
        return false;
    }
    std::os::unix::fs::lchown(path, Some(65534), Some(65534)).unwrap();
    true
}

#[test]
fn a_dangling_symlink_at_the_database_path_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere/target.db");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let link = dir.path().join("chartq.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (code, _, err) = run(&link, &["codes", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert!(
        !target.exists(),
        "a database was created at the link's target"
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_symlink_to_an_existing_database_is_refused() {
    let db = Db::new();
    let link = db.dir.path().join("link.db");
    std::os::unix::fs::symlink(&db.path, &link).unwrap();
    let (code, _, err) = run(&link, &["user", "whoami"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("symbolic link") && err.contains(db.path.to_str().unwrap()),
        "{err}"
    );
}

#[test]
fn an_existing_empty_file_is_not_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chartq.db");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, err) = run(&path, &["codes", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("empty file") && err.contains("not a chartq database"),
        "{err}"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "it was written");
    assert_eq!(mode(&path), 0o644);
}

#[test]
fn a_new_database_and_its_wal_files_are_private_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/chartq.db");
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$@\"")
        .arg("sh")
        .arg(bin())
        .args(["--db", path.to_str().unwrap(), "init"])
        .env_remove("CHARTQ_DB")
        .env("CHARTQ_CONFIG", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700, "a new directory");
    for suffix in ["-wal", "-shm"] {
        let side = with_suffix(&path, suffix);
        assert!(side.exists(), "{suffix} is kept beside the database");
        assert_eq!(mode(&side), 0o600, "{suffix}");
    }
    // Nothing else was left in the directory (no temporary file).
    let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn wal_files_more_open_than_the_database_are_made_private() {
    let db = Db::new();
    db.ok(&["user", "whoami"]);
    for suffix in ["-wal", "-shm"] {
        let side = with_suffix(&db.path, suffix);
        std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    db.ok(&["user", "whoami"]);
    for suffix in ["-wal", "-shm"] {
        assert_eq!(mode(&with_suffix(&db.path, suffix)), 0o600, "{suffix}");
    }
}

#[test]
fn a_symlinked_wal_file_is_refused() {
    let db = Db::new();
    let wal = with_suffix(&db.path, "-wal");
    let _ = std::fs::remove_file(&wal);
    let elsewhere = db.dir.path().join("stolen-wal");
    std::os::unix::fs::symlink(&elsewhere, &wal).unwrap();
    let err = db.fails(2, &["user", "whoami"]);
    assert!(
        err.contains("-wal") && err.contains("symbolic link"),
        "{err}"
    );
    assert!(!elsewhere.exists());
}

#[test]
fn a_stale_wal_file_without_its_database_is_not_applied_to_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chartq.db");
    std::fs::write(with_suffix(&path, "-wal"), b"left over").unwrap();
    let (code, _, err) = run(&path, &["codes", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("-wal") && err.contains("left"), "{err}");
    assert!(!path.exists());
}

#[test]
fn a_database_readable_by_others_is_used_with_one_warning() {
    let db = Db::new();
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = db.run(&["user", "whoami"]);
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(
        err.contains("readable by") && err.contains("0644") && err.contains("chmod 600"),
        "{err}"
    );
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = db.run(&["user", "whoami"]);
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[test]
fn a_database_owned_by_someone_else_needs_allow_foreign_db() {
    let db = Db::new();
    db.ok(&["user", "whoami"]);
    if !give_to_nobody(
        &db.path,
        "a_database_owned_by_someone_else_needs_allow_foreign_db",
    ) {
        return;
    }
    for suffix in ["-wal", "-shm"] {
        std::os::unix::fs::lchown(with_suffix(&db.path, suffix), Some(65534), Some(65534)).unwrap();
    }
    let err = db.fails(2, &["user", "whoami"]);
    assert!(
        err.contains("belongs to uid 65534") && err.contains("--allow-foreign-db"),
        "{err}"
    );
    let out = db.ok(&["--allow-foreign-db", "user", "whoami"]);
    assert!(out.contains("admin"), "{out}");
    assert_eq!(std::fs::metadata(&db.path).unwrap().uid(), 65534);
}

#[test]
fn an_empty_file_owned_by_someone_else_is_refused_even_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chartq.db");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    if !give_to_nobody(&path, "an_empty_file_owned_by_someone_else_is_refused") {
        return;
    }
    for args in [
        &["codes", "list"][..],
        &["--allow-foreign-db", "codes", "list"],
    ] {
        let (code, _, err) = run(&path, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("chartq"), "{err}");
    }
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
}

#[test]
fn a_wal_file_owned_by_someone_else_is_refused() {
    let db = Db::new();
    db.ok(&["user", "whoami"]);
    let wal = with_suffix(&db.path, "-wal");
    if !give_to_nobody(&wal, "a_wal_file_owned_by_someone_else_is_refused") {
        return;
    }
    let err = db.fails(2, &["user", "whoami"]);
    assert!(err.contains("-wal") && err.contains("65534"), "{err}");
}

#[test]
fn export_output_is_private_never_follows_links_and_needs_force_to_replace() {
    let db = Db::new();
    let out = db.dir.path().join("export.jsonl");
    let (code, _, err) = run(&db.path, &["export", "--output", out.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(out.exists());
    assert_eq!(mode(&out), 0o600);

    // An existing file: refused without --force, replaced with it.
    std::fs::write(&out, "keep me").unwrap();
    let (code, _, err) = run(&db.path, &["export", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, err) = run(
        &db.path,
        &["export", "--output", out.to_str().unwrap(), "--force"],
    );
    assert!(code == 0 || code == 1, "{err}");
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "keep me");
    assert_eq!(mode(&out), 0o600);

    // A link, dangling or not: refused, its target untouched.
    let target = db.dir.path().join("target.jsonl");
    let link = db.dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for force in [false, true] {
        let mut args = vec!["export", "--output", link.to_str().unwrap()];
        if force {
            args.push("--force");
        }
        let (code, _, err) = run(&db.path, &args);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("symbolic link"), "{err}");
        assert!(!target.exists());
    }
}
