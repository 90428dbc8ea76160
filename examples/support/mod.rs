//! What the TUI bench examples (`tui_edits`, `tui_drg`, `tui_index`,
//! `tui_pcs_builder`) share: the percentile they report. "Today" is the
//! project's one clock (`CHARTQ_TODAY`, which the bench scripts set).

use std::time::Duration;

/// The `q` quantile (0.5 median, 0.99 p99) of `times`, which it sorts.
pub fn percentile(times: &mut [Duration], q: f64) -> Duration {
    times.sort();
    times[((times.len() as f64 * q) as usize).min(times.len() - 1)]
}
