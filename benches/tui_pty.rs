//! The TUI as a coder's terminal sees it: the real binary in an 80x24
//! pseudo-terminal on a fresh `--demo` database. Prints
//! - bytes written to the terminal per keystroke while typing a
//!   10-character code search (median and max),
//! - keystrokes to code the demo's ED chart (three diagnoses) from
//!   "claim next" to "finalized", replaying the script this bench types,
//! - resident memory of the process once the code index is ready,
//! - time to the first frame and to the queue.
//!
//! Run: `cargo bench --bench tui_pty`.

#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;
#[path = "../tests/it/support/tui/mod.rs"]
mod tui_support;

use std::time::Duration;

use tui_support::pty::Pty;

/// What is typed into the search, one character at a time.
const TYPED: &str = "chest pain";

fn rss_kib(pid: i32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // Every code system when ../shared/data is there; else chartq seeds
    // the bundled ICD-10-CM into a new file.
    let (db, sets) = match tui_support::code_sets::all_code_sets(dir.path()) {
        Some(db) => (db, "all code sets"),
        None => (dir.path().join("demo.db"), "bundled ICD-10-CM only"),
    };
    let started = std::time::Instant::now();
    let mut pty = Pty::spawn(&db, &["--demo"], &[], (80, 24));
    pty.wait_for("chartq");
    let first_frame = started.elapsed();
    pty.wait_for("Queue ·");
    let queue_shown = started.elapsed();
    pty.wait_until("the index to load or fail", |s| {
        !s.contains("index loading")
    });
    let rss = rss_kib(pty.pid());

    // Keystrokes from claim-next to finalized, counted as they are sent.
    let keystrokes = std::cell::Cell::new(0);
    let send = |pty: &mut Pty, keys: &str| {
        keystrokes.set(keystrokes.get() + keys.chars().count());
        pty.send(keys);
    };
    send(&mut pty, "n");
    pty.wait_for("ED note");
    send(&mut pty, "/");
    pty.wait_stable(Duration::from_millis(100));
    let mut per_key = Vec::new();
    for (i, c) in TYPED.char_indices() {
        let before = pty.bytes_written();
        pty.send(&c.to_string());
        let typed = &TYPED[..i + c.len_utf8()];
        pty.wait_for(&format!("/ {typed}"));
        pty.wait_stable(Duration::from_millis(60));
        per_key.push(pty.bytes_written() - before);
    }
    // Clearing the measurement's query is not part of the coding count.
    pty.send("\x15");
    pty.wait_stable(Duration::from_millis(60));
    for (typed, code) in [("uti", "N39.0"), ("dehyd", "E86.0"), ("htn", "I10")] {
        send(&mut pty, typed);
        pty.wait_for(&format!("● {code} "));
        send(&mut pty, "\r");
        pty.wait_for(&format!("assigned {code}"));
    }
    send(&mut pty, "\x07F");
    pty.wait_for("Enter finalizes");
    send(&mut pty, "\r");
    pty.wait_for("is coded");
    pty.send("\rq");
    pty.wait_exit();

    println!(
        "tui pty: first frame {:.0} ms after start; queue on screen after {:.0} ms (--demo builds its database in between)",
        first_frame.as_secs_f64() * 1000.0,
        queue_shown.as_secs_f64() * 1000.0
    );
    let mut sorted = per_key.clone();
    sorted.sort();
    println!(
        "tui pty 80x24 ({sets}): bytes per search keystroke median {} B, max {} B ({per_key:?})",
        sorted[sorted.len() / 2],
        sorted[sorted.len() - 1]
    );
    println!(
        "tui pty: {} keystrokes from claim-next to finalized (ED chart, 3 diagnoses)",
        keystrokes.get()
    );
    match rss {
        Some(kib) => println!(
            "tui pty: resident memory with the code index ready ({sets}): {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("tui pty: resident memory unknown (no /proc)"),
    }
}
