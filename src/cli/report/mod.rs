//! `chartq report productivity|backlog|queries|accuracy [--from --to
//! --queue --coder] [--json|--csv]`: the department's reports (issue 15),
//! as text tables by default. Accuracy, computed from closed reviews, lives
//! beside the review commands (`super::report_accuracy`).

mod render;

use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use crate::app::Context;
use crate::app::reports::{self, ReportRequest};

/// The department's reports.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Charts finalized and charts per hour, by coder and encounter type
    /// (coders see their own).
    Productivity(Args),
    /// Charts not yet final-coded by queue and days since discharge
    /// (DNFB), with DRG weight and expected charges; holds by reason.
    Backlog(Args),
    /// Provider queries by provider: sent, answered, median response
    /// time, agreement rate.
    Queries(Args),
    /// Coding accuracy from closed reviews, per coder, queue and month
    /// (coders see their own).
    Accuracy(super::report_accuracy::Args),
}

/// What every report takes.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// First day (YYYY-MM-DD, the facility's time zone); default: 7 days
    /// ending --to or today.
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Last day, included (YYYY-MM-DD, the facility's time zone).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Only this work queue.
    #[arg(long)]
    queue: Option<String>,
    /// Only this coder (login).
    #[arg(long)]
    coder: Option<String>,
    /// Print the report as JSON (stable field names, for scripts).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print the report's table as CSV.
    #[arg(long)]
    csv: bool,
}

fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD ({e})"))
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Text,
    Json,
    Csv,
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let (kind, args) = match cmd {
        Command::Productivity(a) => ("productivity", a),
        Command::Backlog(a) => ("backlog", a),
        Command::Queries(a) => ("queries", a),
        Command::Accuracy(a) => return super::report_accuracy::run(ctx, a),
    };
    let zone = reports::facility_zone(&ctx.config)?;
    let store = ctx.open_backend()?;
    let actor = crate::app::context::current_actor(&*store, ctx.options.acting_as.as_deref())?;
    let today = ctx.clock.today();
    let req = ReportRequest {
        from: args.from,
        to: args.to,
        queue: args.queue,
        coder: args.coder,
    };
    let out = match (args.json, args.csv) {
        (true, _) => Output::Json,
        (_, true) => Output::Csv,
        _ => Output::Text,
    };
    let text = match kind {
        "productivity" => {
            let r = reports::productivity(&*store, &actor, zone, today, &req)?;
            render::productivity(&r, out)?
        }
        "backlog" => {
            let r = reports::backlog(&*store, &actor, zone, today, &req)?;
            render::backlog(&r, out)?
        }
        _ => {
            let r = reports::queries(&*store, &actor, zone, today, &req)?;
            render::queries(&r, out)?
        }
    };
    print(&text);
    Ok(ExitCode::SUCCESS)
}

/// Prints a rendered report, cleaned for the terminal (JSON and CSV escape
/// their own text; the table's cells were made single-line).
#[allow(clippy::print_stdout)]
fn print(text: &str) {
    print!("{}", crate::domain::text::for_terminal(text));
}
