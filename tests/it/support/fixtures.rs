//! The tests' data: the fixture files kept in the repository
//! (`tests/fixtures`) and the official code files kept beside it
//! (`../shared/data`). Benches include this file too
//! (`#[path = "../tests/it/support/fixtures.rs"] mod fixtures;`), so it
//! uses nothing else from `support`.
#![allow(dead_code)] // not every test module or bench uses every item

use std::path::PathBuf;

/// Small code files (invented or public-domain excerpts): `tests/fixtures/codes`.
pub const CODES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/codes");

/// Chart feeds: `tests/fixtures/charts`.
pub const CHARTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/charts");

/// A file in `tests/fixtures/codes`.
pub fn code_file(name: &str) -> PathBuf {
    PathBuf::from(CODES).join(name)
}

/// The official code files kept beside the repository (`../shared/data`),
/// or `CHARTQ_SHARED_DATA`. `None`, with the reason printed, when absent:
/// tests that need them skip instead of failing on a machine without them.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let root = std::env::var_os("CHARTQ_SHARED_DATA")
        .map(PathBuf::from)
        .or_else(|| {
            let crate_root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
            ["../shared/data", "../../shared/data"]
                .iter()
                .map(|p| crate_root.join(p))
                .find(|p| p.is_dir())
        });
    let path = root.map(|r| r.join(relative));
    match path {
        Some(p) if p.exists() => Some(p),
        other => {
            let reason = format!(
                "official data file {relative} not found ({}); set CHARTQ_SHARED_DATA",
                other.map_or("no ../shared/data".into(), |p| p.display().to_string())
            );
            eprintln!("skipped: {reason}");
            skip_summary::record(reason);
            None
        }
    }
}

/// One line on a normal `cargo test` run (whose output capture hides the
/// per-test `skipped:` lines of passing tests) saying how many tests of
/// this binary skipped their data checks, and why: a test that skips
/// passes, and must not pass unnoticed.
mod skip_summary {
    use std::io::Write;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static SKIPPED: AtomicUsize = AtomicUsize::new(0);
    static FIRST_REASON: Mutex<Option<String>> = Mutex::new(None);

    pub fn record(reason: String) {
        if SKIPPED.fetch_add(1, Ordering::SeqCst) == 0 {
            *FIRST_REASON.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason);
            // SAFETY: registers a plain `extern "C"` function with no
            // captured state; it only reads statics.
            unsafe {
                libc::atexit(print_summary);
            }
        }
    }

    extern "C" fn print_summary() {
        let n = SKIPPED.load(Ordering::SeqCst);
        let reason = FIRST_REASON
            .lock()
            .map(|r| r.clone().unwrap_or_default())
            .unwrap_or_default();
        let binary = std::env::args()
            .next()
            .and_then(|a| {
                std::path::Path::new(&a)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
            })
            .unwrap_or_default();
        // Straight to the process's stderr: the test harness captures only
        // the print macros, and this runs after it has finished.
        let _ = writeln!(
            std::io::stderr(),
            "chartq tests: {n} data check(s) in {binary} skipped: {reason}"
        );
    }
}

/// A stored zip64 member named `name` holding `data` whose local and
/// central headers declare `declared` bytes uncompressed.
pub fn zip_declaring(name: &[u8], data: &[u8], declared: u64) -> Vec<u8> {
    let crc = 0u32; // never checked: the declaration is refused first
    let mut extra = Vec::new();
    extra.extend(1u16.to_le_bytes());
    extra.extend(16u16.to_le_bytes());
    extra.extend(declared.to_le_bytes());
    extra.extend((data.len() as u64).to_le_bytes());
    let mut local = Vec::new();
    local.extend(0x04034B50u32.to_le_bytes());
    for v in [45u16, 0, 0, 0, 0x21] {
        local.extend(v.to_le_bytes());
    }
    local.extend(crc.to_le_bytes());
    local.extend(u32::MAX.to_le_bytes());
    local.extend(u32::MAX.to_le_bytes());
    local.extend((name.len() as u16).to_le_bytes());
    local.extend((extra.len() as u16).to_le_bytes());
    local.extend(name);
    local.extend(&extra);
    local.extend(data);
    let mut central = Vec::new();
    central.extend(0x02014B50u32.to_le_bytes());
    for v in [45u16, 45, 0, 0, 0, 0x21] {
        central.extend(v.to_le_bytes());
    }
    central.extend(crc.to_le_bytes());
    central.extend(u32::MAX.to_le_bytes());
    central.extend(u32::MAX.to_le_bytes());
    central.extend((name.len() as u16).to_le_bytes());
    central.extend((extra.len() as u16).to_le_bytes());
    for v in [0u16, 0, 0] {
        central.extend(v.to_le_bytes());
    }
    central.extend(0u32.to_le_bytes());
    central.extend(0u32.to_le_bytes());
    central.extend(name);
    central.extend(&extra);
    let mut end = Vec::new();
    end.extend(0x06054B50u32.to_le_bytes());
    for v in [0u16, 0, 1, 1] {
        end.extend(v.to_le_bytes());
    }
    end.extend((central.len() as u32).to_le_bytes());
    end.extend((local.len() as u32).to_le_bytes());
    end.extend(0u16.to_le_bytes());
    [local, central, end].concat()
}
