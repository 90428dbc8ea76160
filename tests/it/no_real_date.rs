//! No test reads the real date: every test file that starts the `chartq`
//! binary fixes "today" with `CHARTQ_TODAY`, so nothing breaks the day a
//! fiscal year turns (2027-10-01). In-process tests pass dates explicitly
//! (`DemoOptions::as_of`, `StoreWorkbench::new(.., today)`); only
//! `Clock::from_env` reads the system date, and only `cli::Context` calls it.
//! And since every test shares one process, none changes its environment,
//! working directory or umask.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_test_that_runs_the_binary_fixes_today() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests", "benches"] {
        sources(&root.join(dir), &mut files);
    }
    let this = Path::new(file!()).file_name().unwrap();
    let mut starters = 0;
    let mut missing = Vec::new();
    for file in files.iter().filter(|f| f.file_name() != Some(this)) {
        let text = std::fs::read_to_string(file).unwrap();
        let starts_binary =
            text.contains("CARGO_BIN_EXE_chartq") || text.contains("cargo_bin(\"chartq\")");
        // Through `support::chartq`/`support::command` (or the queue's
        // `Db`, built on them): today is the builder's `CHARTQ_TODAY`,
        // checked here as a file that starts the binary itself.
        let through_support = ["support::chartq", "support::command()", "support::queue::"]
            .iter()
            .any(|s| text.contains(s));
        if starts_binary && !text.contains("CHARTQ_TODAY") {
            missing.push(file.strip_prefix(root).unwrap().display().to_string());
        }
        if starts_binary || through_support {
            starters += 1;
        }
    }
    assert!(starters >= 5, "only {starters} files start the binary?");
    assert!(
        missing.is_empty(),
        "these start chartq without CHARTQ_TODAY (the real date): {missing:?}"
    );
}

#[test]
fn only_the_app_context_asks_the_system_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut readers = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let rel = file.strip_prefix(root).unwrap().display().to_string();
        if text.contains("Local::now") && rel != "src/domain/clock.rs" {
            readers.push(rel.clone());
        }
        if text.contains("Clock::from_env")
            && !["src/domain/clock.rs", "src/app/context.rs"].contains(&rel.as_str())
        {
            readers.push(rel);
        }
    }
    assert!(
        readers.is_empty(),
        "the system date is read outside the clock: {readers:?}"
    );
}

/// Every integration test runs in one process (`tests/it`): a test that
/// changed the environment, the working directory or the umask would
/// change them under every test running beside it. Children get their own
/// (`Command::env`, `Command::current_dir`, `sh -c 'umask 077; exec ..'`).
#[test]
fn no_test_changes_process_global_state() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("tests"), &mut files);
    let this = Path::new(file!()).file_name().unwrap();
    let calls = [
        "env::set_var(",
        "env::remove_var(",
        "set_current_dir(",
        "libc::umask(",
        "libc::signal(",
        "libc::sigaction(",
        "libc::setenv(",
        "libc::unsetenv(",
        "libc::chdir(",
    ];
    let mut found = Vec::new();
    for file in files.iter().filter(|f| f.file_name() != Some(this)) {
        let text = std::fs::read_to_string(file).unwrap();
        for call in calls.iter().filter(|c| text.contains(*c)) {
            found.push(format!(
                "{}: {call}",
                file.strip_prefix(root).unwrap().display()
            ));
        }
    }
    assert!(files.len() > 40, "only {} test sources?", files.len());
    assert!(
        found.is_empty(),
        "process-global state changed by a test (set it on the child command instead): {found:?}"
    );
}
