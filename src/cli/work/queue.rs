//! `chartq queue list|claim|renew|release|assign|audited` and `chartq hold`.

use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;
use color_eyre::eyre::Result;

use super::chart_arg::ChartArg;
use super::charts::status_line;
use super::{Session, found, or_dash, print_json, print_table};
use crate::app::work;
use crate::domain::chart::Chart;
use crate::domain::chart::Status;
use crate::store::queue::{ClaimRequest, ListFilter};
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Charts in claim order (priority, due date, oldest date of service).
    List {
        /// Only this work queue (inpatient, ed, ...).
        #[arg(long)]
        queue: Option<String>,
        /// new, in_progress, on_hold, coded or audited.
        #[arg(long)]
        status: Option<Status>,
        /// Only charts you hold, coded last, or were assigned.
        #[arg(long)]
        mine: bool,
        /// Page size; 0 for all.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Skip this many charts (the next page: --offset 50).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Take the best chart you may work (or the one named) under a lease.
    /// Exit status 1 when there is nothing to claim.
    Claim {
        /// A specific chart (account number, or `#ID`): a new one, or your
        /// on-hold one.
        #[arg(value_parser = super::chart_arg::parse_chart)]
        chart: Option<crate::domain::chart::ChartRef>,
        /// Only from this work queue.
        #[arg(long)]
        queue: Option<String>,
        /// Lease length in minutes (1 to 1440); any activity of yours on the
        /// chart extends it to at least 30 minutes from then.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=1440))]
        lease: u64,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Extend your lease on a chart.
    Renew {
        #[command(flatten)]
        chart: ChartArg,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Give a chart back to the queue as new.
    Release {
        #[command(flatten)]
        chart: ChartArg,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Assign a chart to a user (supervisors): only they may claim it.
    Assign {
        #[command(flatten)]
        chart: ChartArg,
        /// The coder (or supervisor) who alone may claim it.
        #[arg(long = "to", value_name = "USER")]
        to: String,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Mark a coded chart audited (auditors, supervisors).
    Audited {
        #[command(flatten)]
        chart: ChartArg,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct HoldArgs {
    #[command(flatten)]
    chart: ChartArg,
    /// Why (missing documentation, ...). Visible to every local user
    /// through `ps` (a warning says so): prefer --reason-file, or leave
    /// both out on a terminal to write it in $EDITOR.
    #[arg(long, conflicts_with = "reason_file")]
    reason: Option<String>,
    /// Read the reason from FILE (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    reason_file: Option<std::path::PathBuf>,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

pub(super) fn run(s: &mut Session<'_>, cmd: Command) -> Result<ExitCode> {
    let (chart, json) = match cmd {
        Command::List {
            queue,
            status,
            mine,
            limit,
            offset,
            json,
        } => {
            let filter = ListFilter {
                queue,
                status,
                mine,
                limit,
                offset,
            };
            let charts = s.store.charts(s.actor, &filter)?;
            if let Some(message) = crate::store::access::no_queue_message(s.actor) {
                say_err!("chartq: note: {message}");
            }
            if json {
                print_json(&charts)?;
            } else {
                print_list(&charts);
            }
            return Ok(found(!charts.is_empty()));
        }
        Command::Claim {
            chart,
            queue,
            lease,
            json,
        } => {
            let request = ClaimRequest {
                queue,
                chart,
                lease: Duration::from_secs(lease.saturating_mul(60)),
            };
            let Some(chart) = work::queue::claim(s.store, s.actor, &request)? else {
                if json {
                    print_json(&Option::<Chart>::None)?;
                } else {
                    say_err!("nothing to claim");
                }
                return Ok(ExitCode::from(1));
            };
            if json {
                return print_json(&chart);
            }
            say!(
                "claimed chart {} (account {}, {} queue, priority {}), lease until {}",
                chart.id,
                chart.account,
                chart.queue,
                chart.priority,
                or_dash(chart.lease_until.as_deref())
            );
            return Ok(ExitCode::SUCCESS);
        }
        Command::Renew { chart, json } => {
            (work::queue::renew(s.store, s.actor, chart.chart())?, json)
        }
        Command::Release { chart, json } => {
            (work::queue::release(s.store, s.actor, chart.chart())?, json)
        }
        Command::Assign { chart, to, json } => {
            (s.store.assign_to(s.actor, chart.chart(), &to)?, json)
        }
        Command::Audited { chart, json } => (s.store.mark_audited(s.actor, chart.chart())?, json),
    };
    show_state(&chart, json)
}

pub(super) fn run_hold(s: &mut Session<'_>, args: HoldArgs) -> Result<ExitCode> {
    let reason = super::phi_text::read("reason", args.reason, args.reason_file.as_deref())?;
    let chart = work::queue::hold(s.store, s.actor, args.chart.chart(), &reason)?;
    show_state(&chart, args.json)
}

/// The chart after a queue action: JSON, or its one-line state.
fn show_state(chart: &Chart, json: bool) -> Result<ExitCode> {
    if json {
        return print_json(chart);
    }
    print_state(chart);
    Ok(ExitCode::SUCCESS)
}

/// `chart 12 (ACC-1): on_hold: reason`.
pub(super) fn print_state(c: &Chart) {
    say!("chart {} ({}): {}", c.id, c.account, status_line(c));
}

fn print_list(charts: &[Chart]) {
    if charts.is_empty() {
        say!("(no charts)");
        return;
    }
    let rows: Vec<Vec<String>> = charts
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.account.clone(),
                c.priority.to_string(),
                or_dash(c.due_date.map(|d| d.to_string()).as_deref()),
                c.date_of_service.to_string(),
                c.encounter_type.to_string(),
                c.queue.clone(),
                c.status.to_string() + if c.flagged { "*" } else { "" },
                or_dash(
                    c.lease_holder
                        .as_deref()
                        .or(c.assigned_to.as_deref())
                        .or(c.coder.as_deref()),
                ),
            ]
        })
        .collect();
    print_table(
        &[
            "ID", "ACCOUNT", "P", "DUE", "DOS", "TYPE", "QUEUE", "STATUS", "USER",
        ],
        &rows,
    );
}
