//! What the integration tests share: the one `chartq` command builder,
//! the fixtures, the seeded work-queue database (`queue`), the TUI's fake
//! workbench and key scripts (`tui`), and the real search corpus.
//!
//! All tests run in one process (`tests/it`): none may change
//! process-global state (environment, working directory, umask, signal
//! dispositions). A child process gets its own with `Command::env`,
//! `Command::current_dir` or a `sh -c 'umask ...; exec ...'` wrapper;
//! `process_global_state_is_left_alone` (in `no_real_date`) checks the test
//! sources for it.
#![allow(dead_code)] // not every helper is used by every test module

pub mod backends;
pub mod fixtures;
pub mod pg;
pub mod queue;
#[path = "../../search_corpus/mod.rs"]
pub mod search_corpus;
pub mod tui;

use std::path::Path;
use std::process::Command;

/// The date every test takes as today (`CHARTQ_TODAY`): never the real
/// date, so nothing breaks the day a fiscal year turns.
pub const TODAY: &str = "2026-11-30";

/// The `chartq` binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_chartq")
}

/// `chartq` with the environment every test runs it in, without `--db`:
/// no `CHARTQ_DB` or `CHARTQ_AUDIT_KEY_FILE` from the outer environment,
/// no user or system-wide config (`CHARTQ_CONFIG=/dev/null`,
/// `CHARTQ_SYSTEM_CONFIG=`), `CHARTQ_TODAY` fixed,
/// `NO_COLOR=1`. `HOME` stays the caller's: the commands name their
/// database, the config is `/dev/null`, and the seeded-template cache
/// (`~/.cache/chartq`) is meant to be shared between runs. A test that
/// needs more (a scratch `HOME`, `CHARTQ_SEED_TEMPLATE`, another config)
/// adds it; a later `.env` wins.
pub fn command() -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_remove("CHARTQ_DB")
        .env_remove("CHARTQ_AUDIT_KEY_FILE")
        .env("CHARTQ_CONFIG", "/dev/null")
        .env("CHARTQ_SYSTEM_CONFIG", "")
        .env("CHARTQ_TODAY", TODAY)
        .env("NO_COLOR", "1");
    cmd
}

/// `chartq --db DB` in the tests' environment ([`command`]), as an
/// `assert_cmd` command: the one builder every test file uses.
pub fn chartq(db: &Path) -> assert_cmd::Command {
    let mut cmd = command();
    cmd.arg("--db").arg(db);
    assert_cmd::Command::from_std(cmd)
}
