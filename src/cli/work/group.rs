//! `chartq group CHART [--json]` (a chart's MS-DRG as its codes stand,
//! recorded as its working DRG when the chart is not yet final and the
//! user holds it or supervises) and
//! `chartq group --batch FILE --json` (claims as JSON lines, one result
//! line each: `{"id","drg","mdc","severity","weight","description",
//! "return_code","codes"}` or `{"id","error"}`).

use std::path::PathBuf;
use std::process::ExitCode;

use color_eyre::eyre::{Result, bail, eyre};
use serde::Serialize;

use super::chart_arg::parse_chart;
use super::claims_batch;
use super::{Session, print_json, print_table};
use crate::app::grouping::{group, group_and_record};
use crate::domain::chart::ChartRef;
use crate::domain::drg::{CcLevel, CodeGrouping, GroupOutcome, Grouping};

#[derive(Debug, clap::Args)]
pub struct GroupArgs {
    /// The chart's account number ('#12' quoted: chart id 12).
    #[arg(value_name = "CHART", value_parser = parse_chart, required_unless_present = "batch")]
    chart: Option<ChartRef>,
    /// Group the claims in FILE (JSON lines, `-` standard input; the same
    /// format as `check --batch`) instead of a chart; needs --json.
    #[arg(long, value_name = "FILE", conflicts_with = "chart", requires = "json")]
    batch: Option<PathBuf>,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

impl GroupArgs {
    /// A batch needs no user and no database: only the claims.
    pub fn is_batch(&self) -> bool {
        self.batch.is_some()
    }
}

/// One line of output (batch) or the chart's JSON.
#[derive(Serialize)]
#[serde(untagged)]
enum Line<'a> {
    Grouped {
        id: &'a str,
        drg: String,
        mdc: String,
        severity: CcLevel,
        weight: Option<f64>,
        description: &'a str,
        return_code: String,
        codes: &'a [CodeGrouping],
    },
    ListsOnly {
        id: &'a str,
        version: String,
        marks: &'a [crate::domain::drg::CcMark],
    },
    Error {
        id: &'a str,
        error: &'a str,
    },
}

fn line<'a>(id: &'a str, outcome: &'a GroupOutcome) -> Line<'a> {
    match outcome {
        GroupOutcome::Grouped(g) => grouped(id, g),
        GroupOutcome::ListsOnly { version, marks } => Line::ListsOnly {
            id,
            version: version.to_string(),
            marks,
        },
        GroupOutcome::NotGroupable(why) => Line::Error { id, error: why },
    }
}

fn grouped<'a>(id: &'a str, g: &'a Grouping) -> Line<'a> {
    Line::Grouped {
        id,
        drg: g.drg.to_string(),
        mdc: g.mdc.to_string(),
        severity: g.severity,
        weight: g.weight.map(|w| w.as_f64()),
        description: &g.description,
        return_code: g.return_code.to_string(),
        codes: &g.codes,
    }
}

/// One chart's DRG: a summary and a table of its codes (or JSON).
pub(super) fn run_group(s: &mut Session<'_>, a: GroupArgs) -> Result<ExitCode> {
    let chart = a
        .chart
        .ok_or_else(|| eyre!("a chart's account number (or --batch FILE) is required"))?;
    let (account, outcome) = group_and_record(s.store, s.actor, &chart)?;
    if a.json {
        return print_json(&line(&account, &outcome));
    }
    match &outcome {
        GroupOutcome::Grouped(g) => print_grouping(&account, g),
        GroupOutcome::ListsOnly { version, marks } => {
            say!("chart {account}: MS-DRG {version} logic is not installed; CC/MCC marks only");
            let rows: Vec<Vec<String>> = marks
                .iter()
                .map(|m| vec![m.code.clone(), m.level.to_string()])
                .collect();
            print_table(&["CODE", "LEVEL"], &rows);
        }
        GroupOutcome::NotGroupable(why) => say!("chart {account}: not groupable: {why}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_grouping(account: &str, g: &Grouping) {
    let weight = g.weight.map_or_else(|| "-".to_string(), |w| w.to_string());
    say!(
        "chart {account}: MS-DRG {} {} (MDC {}, severity {}, weight {weight}, {})",
        g.drg,
        g.description,
        g.mdc,
        g.severity,
        g.return_code
    );
    let rows: Vec<Vec<String>> = g
        .codes
        .iter()
        .map(|c| {
            let mut notes = Vec::new();
            if c.excluded {
                notes.push("excluded".to_string());
            }
            if c.sets_severity {
                notes.push("sets severity".to_string());
            }
            if c.operating_room {
                notes.push("O.R.".to_string());
            }
            if !c.hac_categories.is_empty() {
                notes.push(format!("HAC {}", c.hac));
            }
            vec![
                c.role.to_string(),
                c.code.clone(),
                c.level.to_string(),
                if c.affects_drg { "yes" } else { "" }.to_string(),
                notes.join(", "),
            ]
        })
        .collect();
    print_table(&["ROLE", "CODE", "LEVEL", "MOVES DRG", "NOTES"], &rows);
}

/// Groups every claim of the file; malformed lines go to stderr as
/// `FILE:LINE: field: message` and make the exit status 2 (the other
/// claims are still grouped and printed).
pub fn run_batch(a: &GroupArgs) -> Result<ExitCode> {
    let Some(path) = &a.batch else {
        bail!("--batch FILE is required");
    };
    claims_batch::run(path, |claim| {
        Ok(serde_json::to_string(&line(&claim.id, &group(claim)))?)
    })
}
