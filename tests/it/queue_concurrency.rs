//! Many coders claiming at once: ≥ 8 real `chartq` processes claim from a
//! 2,000-chart queue until it is empty. Every chart is claimed exactly once
//! and no process ever reports a locked database.

use std::collections::HashMap;

use crate::support::queue::{ChartSpec, Db, chart_line};

const CHARTS: usize = 2000;
const PROCESSES: usize = 8;

#[test]
fn concurrent_claims_hand_out_every_chart_exactly_once() {
    let db = Db::new();
    let lines: Vec<String> = (0..CHARTS)
        .map(|i| {
            let account = format!("C{i:05}");
            chart_line(&ChartSpec {
                account: &account,
                priority: (i % 5 + 1) as u8,
                ..Default::default()
            })
        })
        .collect();
    db.import(&lines);

    // Each worker is a shell loop running one `chartq queue claim` per chart,
    // as a coder's session would, until the queue answers "nothing" (exit 1).
    let workers: Vec<_> = (1..=PROCESSES)
        .map(|n| {
            let script = format!(
                "while :; do out=$(\"$0\" --db \"$1\" --as coder{n} queue claim); rc=$?; \
                 [ $rc -eq 0 ] || break; printf '%s\\n' \"$out\"; done; [ $rc -eq 1 ]"
            );
            std::process::Command::new("sh")
                .args([
                    "-c",
                    &script,
                    crate::support::queue::bin(),
                    db.path.to_str().unwrap(),
                ])
                .env("CHARTQ_CONFIG", "/dev/null")
                .env("CHARTQ_TODAY", "2026-11-30")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut claimed: HashMap<String, usize> = HashMap::new();
    let mut per_worker = Vec::new();
    for (n, w) in workers.into_iter().enumerate() {
        let out = w.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The loop ends on exit status 1 ("nothing to claim"), never on an
        // error (2): no locked or busy database reached the coder.
        assert!(out.status.success(), "worker {n}: {stderr}");
        assert!(
            stderr.lines().all(|l| l == "nothing to claim"),
            "worker {n}: {stderr}"
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut count = 0;
        for line in stdout.lines() {
            // "claimed chart 12 (account C00011, inpatient queue, ...)"
            let account = line
                .split("(account ")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
                .unwrap_or_else(|| panic!("unexpected output: {line}"))
                .to_string();
            *claimed.entry(account).or_default() += 1;
            count += 1;
        }
        per_worker.push(count);
    }
    let twice: Vec<_> = claimed.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "claimed more than once: {twice:?}");
    assert_eq!(claimed.len(), CHARTS, "per worker: {per_worker:?}");
    assert!(
        per_worker.iter().filter(|&&n| n > 0).count() > 1,
        "{per_worker:?}"
    );
    assert_eq!(
        db.count("SELECT count(*) FROM chart WHERE status = 'in_progress'"),
        CHARTS as i64
    );
    assert_eq!(
        db.count("SELECT count(*) FROM audit_event WHERE action = 'chart_claimed'"),
        CHARTS as i64
    );
}
