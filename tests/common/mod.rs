//! Helpers shared by the integration tests and benches (benches include this
//! file with `#[path = "../tests/common/mod.rs"] mod common;`).
#![allow(dead_code)] // each test crate uses a different subset

use std::path::PathBuf;

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
            eprintln!(
                "skipped: official data file {relative} not found ({}); set CHARTQ_SHARED_DATA",
                other.map_or("no ../shared/data".into(), |p| p.display().to_string())
            );
            None
        }
    }
}
