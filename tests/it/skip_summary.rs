//! A test that skips for want of `../shared/data` passes, so it must not
//! pass unnoticed: a test binary with skipped data checks prints one line
//! past the harness's output capture saying how many and why.

/// Skips when the data is absent (the other test runs it that way); with
/// the data, checks the file is there to read.
#[test]
fn needs_data() {
    if let Some(path) = crate::support::fixtures::shared_data("icd10cm/icd10cm_order_2026.txt.gz") {
        assert!(std::fs::metadata(path).unwrap().len() > 0);
    }
}

#[test]
fn skipped_data_checks_print_one_summary_line() {
    let me = std::env::current_exe().unwrap();
    let out = std::process::Command::new(me)
        .args(["skip_summary::needs_data", "--exact", "--test-threads", "1"])
        .env("CHARTQ_SHARED_DATA", "/nonexistent/shared-data")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("chartq tests:"))
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        // The binary is `tests/it` (`it-<hash>`), every test module in it.
        lines[0].contains("1 data check(s) in it-")
            && lines[0].contains("icd10cm_order_2026.txt.gz not found")
            && lines[0].contains("CHARTQ_SHARED_DATA"),
        "{}",
        lines[0]
    );
}
