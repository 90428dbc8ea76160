//! A first hour on the command line: `--help` says what `chartq` alone
//! does, `chartq init` makes the database file's owner the first admin
//! (once), and completions and the manual page come from the clap
//! definitions.

use std::path::Path;
use std::process::Output;

/// `chartq [--db DB] ARGS` in the tests' environment (`support::command`).
fn run(db: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = crate::support::command();
    if let Some(db) = db {
        cmd.arg("--db").arg(db);
    }
    cmd.args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_says_chartq_alone_opens_the_tui() {
    for flag in ["--help", "-h"] {
        let out = run(None, &[flag]);
        assert!(out.status.success());
        let text = stdout(&out);
        assert!(
            text.contains("`chartq` with no subcommand opens the coder's workbench (the TUI)"),
            "{text}"
        );
        for want in [
            "--demo",
            "chartq init",
            "chartq charts import FILE",
            "completions",
        ] {
            assert!(text.contains(want), "{flag}: {want}:\n{text}");
        }
    }
}

/// A small database with a tiny ICD-10-CM version, so opening it does not
/// seed the bundled release; no users.
fn new_db(dir: &Path) -> std::path::PathBuf {
    use chartq::domain::codes::{Code, CodeKind, CodeSet, CodeSystem};
    use chartq::store::code_tables::{VersionSpec, insert_code_set};
    let path = dir.join("chartq.db");
    let mut store = chartq::store::Store::open(&path).unwrap();
    let spec = VersionSpec {
        system: CodeSystem::Icd10Cm,
        label: "test".into(),
        effective_from: "2025-10-01".parse().unwrap(),
        effective_to: None,
        source: "tests/firstrun_cli.rs".into(),
    };
    let set = CodeSet {
        codes: vec![Code {
            code: "I10".into(),
            kind: CodeKind::Code,
            billable: true,
            short_title: None,
            long_title: "Essential (primary) hypertension".into(),
            parent: None,
            valid_until: None,
            notes: vec![],
        }],
    };
    store
        .write(|tx| insert_code_set(tx, &spec, &set).map_err(chartq::store::StoreError::from))
        .unwrap();
    path
}

#[test]
fn init_makes_the_owner_the_first_admin_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let me = chartq::store::people::login_name().unwrap();

    let out = run(Some(&db), &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{me} is now the admin of")),
        "{text}"
    );
    for next in [
        "chartq user add LOGIN --role coder",
        "chartq charts import FILE",
        "chartq codes list",
    ] {
        assert!(text.contains(next), "{next}:\n{text}");
    }

    let whoami = run(Some(&db), &["user", "whoami", "--json"]);
    let actor: serde_json::Value = serde_json::from_slice(&whoami.stdout).unwrap();
    assert_eq!(actor["user"]["role"], "admin");
    let audit = run(Some(&db), &["audit", "--json"]);
    let events: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    // The seeding of the bundled code sets comes first (system events);
    // then the one user event, made by init.
    let events = events.as_array().unwrap();
    assert!(
        events
            .iter()
            .take_while(|e| e["action"] != "user_added")
            .all(|e| e["user"] == "system"),
        "{events:?}"
    );
    let added: Vec<_> = events
        .iter()
        .filter(|e| e["action"] == "user_added")
        .collect();
    assert_eq!(added.len(), 1, "{events:?}");
    assert_eq!(added[0]["details"]["init"], true);

    // Once only.
    let again = run(Some(&db), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already a user of this database (admin)"),
        "{}",
        stderr(&again)
    );
    let users = run(Some(&db), &["user", "list", "--json"]);
    let users: serde_json::Value = serde_json::from_slice(&users.stdout).unwrap();
    assert_eq!(users.as_array().unwrap().len(), 1);

    let as_other = run(Some(&db), &["--as", "someone", "init"]);
    assert_eq!(as_other.status.code(), Some(2));
    assert!(stderr(&as_other).contains("does not take --as"));
}

#[test]
fn init_refuses_a_database_that_has_users() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    {
        // Someone else is the admin already.
        let mut store = chartq::store::Store::open(&db).unwrap();
        chartq::store::people::init_as(&mut store, "ana", chartq::store::people::process_uid())
            .unwrap();
    }
    let out = run(Some(&db), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("already has 1 user (admin: ana)") && err.contains("chartq user add"),
        "{err}"
    );
}

#[test]
fn completions_for_each_shell_and_an_unknown_shell_is_an_error() {
    let bash = run(None, &["completions", "bash"]);
    assert!(bash.status.success(), "{}", stderr(&bash));
    let text = stdout(&bash);
    assert!(
        text.contains("_chartq()") && text.contains("complete"),
        "{text}"
    );
    for sub in ["init", "charts", "queue", "completions", "man"] {
        assert!(text.contains(sub), "bash completion lacks {sub}");
    }
    for shell in ["zsh", "fish"] {
        let out = run(None, &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("init"), "{shell}");
    }
    let tcsh = run(None, &["completions", "tcsh"]);
    assert_eq!(tcsh.status.code(), Some(2));
    assert!(
        stderr(&tcsh).contains("invalid value 'tcsh'"),
        "{}",
        stderr(&tcsh)
    );
    assert!(tcsh.stdout.is_empty());
}

#[test]
fn man_prints_roff_and_writes_a_page_per_subcommand() {
    let out = run(None, &["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let roff = stdout(&out);
    assert!(roff.contains(".TH chartq 1"), "{roff}");
    assert!(
        roff.contains(".SH SUBCOMMANDS") && roff.contains("chartq\\-init(1)"),
        "{roff}"
    );
    assert!(
        roff.contains("opens the coder"),
        "the after-help text: {roff}"
    );

    let dir = tempfile::tempdir().unwrap();
    let out = run(None, &["man", "--dir", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in ["chartq.1", "chartq-init.1", "chartq-charts-import.1"] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
}

#[test]
fn completions_and_man_need_no_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "not = [valid toml").unwrap();
    let out = crate::support::command()
        .args(["completions", "bash"])
        .env("CHARTQ_CONFIG", &config)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}
