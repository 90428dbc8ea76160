//! `chartq check CHART` (a chart's coding edits as they stand) and
//! `chartq check --batch FILE --json` (claims as JSON lines, one result
//! line each).

use std::path::PathBuf;
use std::process::ExitCode;

use color_eyre::eyre::{Result, bail, eyre};
use serde::Serialize;

use super::chart_arg::parse_chart;
use super::claims_batch;
use super::{Session, print_json, print_table};
use crate::app::Context;
use crate::app::coding_edits::{ChartEdits, EditChecker, Unchecked};
use crate::domain::chart::ChartRef;
use crate::domain::edit::{Edit, Severity};
use crate::store::backend::Backend;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The chart's account number ('#12' quoted: chart id 12).
    #[arg(value_name = "CHART", value_parser = parse_chart, required_unless_present = "batch")]
    chart: Option<ChartRef>,
    /// Check the claims in FILE (JSON lines, `-` standard input; the
    /// README gives the format) instead of a chart; needs --json.
    #[arg(long, value_name = "FILE", conflicts_with = "chart", requires = "json")]
    batch: Option<PathBuf>,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

impl CheckArgs {
    /// A batch needs no user: it reads only the claims and the code tables.
    pub fn is_batch(&self) -> bool {
        self.batch.is_some()
    }
}

/// One chart's edits: a table (or JSON). Exit 0 whatever the edits say:
/// it is a report; `finalize` is what refuses.
pub(super) fn run_check(s: &mut Session<'_>, a: CheckArgs) -> Result<ExitCode> {
    let chart = a
        .chart
        .ok_or_else(|| eyre!("a chart's account number (or --batch FILE) is required"))?;
    let mut checker = EditChecker::new();
    let found = checker.check_chart(&*s.store, s.actor, &chart)?;
    if a.json {
        return print_json(&ChartReport::of(&found));
    }
    print_edits(&found);
    Ok(ExitCode::SUCCESS)
}

/// `chartq check` as JSON.
#[derive(Serialize)]
struct ChartReport<'a> {
    chart: &'a str,
    /// `null` when the edits ran.
    error: Option<&'a str>,
    errors: usize,
    warnings: usize,
    edits: &'a [Edit],
}

impl<'a> ChartReport<'a> {
    fn of(found: &'a ChartEdits) -> Self {
        ChartReport {
            chart: &found.chart.account,
            error: found.unchecked.as_ref().map(|Unchecked(why)| why.as_str()),
            errors: found.count(Severity::Error),
            warnings: found.count(Severity::Warning),
            edits: &found.edits,
        }
    }
}

fn print_edits(found: &ChartEdits) {
    if let Some(Unchecked(why)) = &found.unchecked {
        say!(
            "chart {}: the coding edits cannot run: {why}",
            found.chart.account
        );
        return;
    }
    if found.edits.is_empty() {
        say!("chart {}: no edits", found.chart.account);
        return;
    }
    let rows: Vec<Vec<String>> = found
        .edits
        .iter()
        .map(|e| {
            vec![
                e.severity.to_string(),
                e.name.to_string(),
                e.codes.join(" "),
                e.message.clone(),
            ]
        })
        .collect();
    print_table(&["SEVERITY", "EDIT", "CODES", "MESSAGE"], &rows);
    say!(
        "chart {}: {} error(s) (block finalize), {} warning(s) (acknowledge with a reason)",
        found.chart.account,
        found.count(Severity::Error),
        found.count(Severity::Warning)
    );
}

/// One line of `check --batch` output.
#[derive(Serialize)]
#[serde(untagged)]
enum BatchLine<'a> {
    Edits { id: &'a str, edits: &'a [Edit] },
    Error { id: &'a str, error: &'a str },
}

/// Checks every claim of the file; malformed lines go to stderr as
/// `FILE:LINE: field: message` and make the exit status 2 (the other
/// claims are still checked and printed).
pub fn run_batch(ctx: &Context, a: &CheckArgs) -> Result<ExitCode> {
    let Some(path) = &a.batch else {
        bail!("--batch FILE is required");
    };
    let store = ctx.open_backend_to_read()?;
    let mut checker = EditChecker::new();
    claims_batch::run(path, |claim| result_line(&mut checker, &*store, claim))
}

fn result_line(
    checker: &mut EditChecker,
    store: &dyn Backend,
    claim: &crate::domain::claim::Claim,
) -> Result<String> {
    Ok(match checker.check(store, claim)? {
        Ok(edits) => serde_json::to_string(&BatchLine::Edits {
            id: &claim.id,
            edits: &edits,
        })?,
        Err(Unchecked(why)) => serde_json::to_string(&BatchLine::Error {
            id: &claim.id,
            error: &why,
        })?,
    })
}
