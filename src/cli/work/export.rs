//! `chartq export [--since DATE] [--format jsonl|csv]` to standard output.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::Session;
use crate::store::charts::Format;
use crate::store::export;

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
        Format::Jsonl => export::write_jsonl(&mut out, &charts)?,
        Format::Csv => export::write_csv(&mut out, &charts)?,
    }
    out.flush()?;
    if charts.is_empty() {
        eprintln!("chartq: no coded charts to export");
    }
    Ok(super::found(!charts.is_empty()))
}
