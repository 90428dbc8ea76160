//! `chartq export [--since DATE] [--format jsonl|csv] [--output FILE [--force]]`
//! to standard output or a private file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::Session;
use crate::domain::text::Sanitizing;
use crate::store::charts::Format;
use crate::store::export;
use crate::store::files::PrivateOutput;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only charts coded on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_parser = super::parse_date)]
    since: Option<NaiveDate>,
    /// jsonl (one chart a line) or csv (one code a row).
    #[arg(long, default_value = "jsonl")]
    format: Format,
    /// Write to FILE instead of standard output: created with mode 0600,
    /// never through a symbolic link, and put in place only when complete.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// With --output: replace FILE if it exists.
    #[arg(long, requires = "output")]
    force: bool,
}

pub(super) fn run(s: &mut Session<'_>, a: Args) -> Result<ExitCode> {
    // Refused before anything is read (or audited) when FILE cannot be used.
    let file = a
        .output
        .as_deref()
        .map(|path| PrivateOutput::start(path, a.force))
        .transpose()?;
    let charts = s.store.coded_charts(s.actor, a.since)?;
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(out);
        match a.format {
            // JSON escapes control characters itself: exact.
            Format::Jsonl => export::write_jsonl(&mut out, &charts)?,
            // CSV does not: its cells are cleaned on the way out like any
            // text a person reads (a spreadsheet, or the terminal it is
            // printed on).
            Format::Csv => {
                let mut clean = Sanitizing::new(&mut out);
                export::write_csv(&mut clean, &charts)?;
                clean.flush()?;
            }
        }
        out.flush()
    };
    match file {
        Some((output, mut f)) => {
            write(&mut f)?;
            drop(f);
            output.commit()?;
        }
        None => write(&mut std::io::stdout().lock())?,
    }
    if charts.is_empty() {
        say_err!("chartq: no coded charts to export");
    }
    Ok(super::found(!charts.is_empty()))
}
