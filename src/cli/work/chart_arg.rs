//! How a command names a chart: its account number, as printed on the
//! worklist (`chartq chart show A100`), or its id written `#12` (quoted in a
//! shell, where a word starting with `#` is a comment: `'#12'`). A bare
//! number is an account number: feeds may use numeric account numbers, and
//! "12" must never reach chart id 12.

use crate::domain::chart::ChartRef;

/// Parses what a user typed for CHART (clap value parser).
pub fn parse_chart(s: &str) -> Result<ChartRef, String> {
    ChartRef::parse(s).ok_or_else(|| {
        if s.trim_start().starts_with('#') {
            format!("{s:?} is not a chart id (expected #N, N a positive number)")
        } else {
            "a chart's account number (or '#ID') is required".to_string()
        }
    })
}

/// CHART as a positional argument.
#[derive(Debug, Clone, clap::Args)]
pub struct ChartArg {
    /// The chart's account number; '#12' (quoted) is chart id 12.
    #[arg(value_name = "CHART", value_parser = parse_chart)]
    chart: ChartRef,
}

impl ChartArg {
    /// The chart named.
    pub fn chart(&self) -> &ChartRef {
        &self.chart
    }
}
