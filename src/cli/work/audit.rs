//! `chartq audit [--chart] [--user] [--since] [--json]`.

use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::{Session, found, or_dash, print_json, print_table};
use crate::store::audit_log::AuditFilter;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// `audit head` / `audit verify`: the tamper-evident chain.
    #[command(subcommand)]
    chain: Option<super::audit_chain::Command>,
    /// Only this chart's events (account number, or `#ID`).
    #[arg(long, value_parser = super::chart_arg::parse_chart)]
    chart: Option<crate::domain::chart::ChartRef>,
    /// Only this user's events (as themselves or behind --as).
    #[arg(long)]
    user: Option<String>,
    /// Only events on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_parser = super::parse_date)]
    since: Option<NaiveDate>,
    /// At most this many (the newest); 0 for all.
    #[arg(long, default_value_t = 200)]
    limit: usize,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

pub(super) fn run(s: &mut Session<'_>, a: Args) -> Result<ExitCode> {
    if let Some(cmd) = a.chain {
        return super::audit_chain::run(s, cmd);
    }
    let filter = AuditFilter {
        chart: a.chart,
        user: a.user,
        since: a.since,
        limit: a.limit,
    };
    let events = s.store.audit_events(s.actor, &filter)?;
    if a.json {
        print_json(&events)?;
        return Ok(found(!events.is_empty()));
    }
    if events.is_empty() {
        say!("(no audit events)");
        return Ok(found(false));
    }
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                e.at.clone(),
                match &e.real_user {
                    Some(real) => format!("{} (by {real})", e.user),
                    None => e.user.clone(),
                },
                e.action.clone(),
                or_dash(e.account.as_deref()),
                e.details.to_string(),
            ]
        })
        .collect();
    print_table(&["AT", "USER", "ACTION", "CHART", "DETAILS"], &rows);
    Ok(found(true))
}
