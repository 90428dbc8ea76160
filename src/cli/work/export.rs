//! `chartq export [--since DATE] [--format jsonl|csv]` to standard output.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::Session;
use crate::store::charts::Format;
use crate::store::export;
use crate::text::Sanitizing;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only charts coded on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_parser = super::parse_date)]
    since: Option<NaiveDate>,
    /// jsonl (one chart a line) or csv (one code a row).
    #[arg(long, default_value = "jsonl")]
    format: Format,
}

pub(super) fn run(s: &mut Session<'_>, a: Args) -> Result<ExitCode> {
    let charts = export::coded_charts(s.store, s.actor, a.since)?;
    let mut out = std::io::stdout().lock();
    match a.format {
        // JSON escapes control characters itself: exact.
        Format::Jsonl => export::write_jsonl(&mut out, &charts)?,
        // CSV does not: its cells are cleaned on the way out like any text
        // a person reads (a spreadsheet, or the terminal it is printed on).
        Format::Csv => {
            let mut clean = Sanitizing::new(&mut out);
            export::write_csv(&mut clean, &charts)?;
            clean.flush()?;
        }
    }
    out.flush()?;
    if charts.is_empty() {
        say_err!("chartq: no coded charts to export");
    }
    Ok(super::found(!charts.is_empty()))
}
