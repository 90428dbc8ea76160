//! The first-hour messages of issue 8, through the real binary: a word
//! that is a command only inside a group gets that group's commands as the
//! suggestion (not clap's nearest spelling), a `CHARTQ_CONFIG` naming a
//! missing file is an error, the system aliases are in `--help`, and a
//! directory given as the database is named as such.
//!
//! SQLite-only, all four: they are about the command line and the config
//! (decided before any database is opened) or a SQLite path that is a
//! directory; no backend is reached.

use std::process::Output;

/// `chartq ARGS` in the tests' environment (`support::command`) plus `env`.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = crate::support::command();
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_group_command_typed_alone_suggests_its_groups() {
    let out = run(&["import"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("chartq codes import") && err.contains("chartq charts import"),
        "{err}"
    );
    assert!(!err.contains("'export'"), "suggests export: {err}");
    // A plain typo still gets clap's own suggestion.
    let out = run(&["serch"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("search"), "{}", stderr(&out));
}

#[test]
fn a_missing_config_file_named_by_chartq_config_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let db = dir.path().join("chartq.db");
    let out = run(
        &["--db", db.to_str().unwrap(), "codes", "list"],
        &[("CHARTQ_CONFIG", missing.to_str().unwrap())],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("nope.toml") && err.contains("no such file") && err.contains("CHARTQ_CONFIG"),
        "{err}"
    );
    assert!(!db.exists(), "nothing was opened");
}

#[test]
fn system_aliases_are_documented_and_accepted() {
    let help = run(&["search", "--help"], &[]);
    let text = String::from_utf8_lossy(&help.stdout);
    for alias in ["icd10cm", "icd10", "dx", "icd10pcs", "px"] {
        assert!(
            text.contains(alias),
            "{alias} not in search --help:\n{text}"
        );
    }
    let bad = run(&["search", "--system", "icd9", "x"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("also accepted"), "{}", stderr(&bad));
}

#[test]
fn a_directory_as_the_database_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &["--db", dir.path().to_str().unwrap(), "codes", "list"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("is a directory") && err.contains("chartq.db"),
        "{err}"
    );
}
