//! The work queue's commands: users, chart import and display, the queue,
//! code assignments, provider queries, audit and export. Each group lives in
//! its own file; handlers call `crate::store` and only format the results.
//!
//! Everything printed for a person goes out through one function,
//! [`say`] (`say!`, `say_err!`), which cleans it with
//! [`crate::domain::text::for_terminal`]: stored text (names, document text, titles,
//! hold reasons, provider answers) may hold escape sequences written into
//! the database by other means than chartq's importers. The lints below
//! refuse a bare `println!`/`eprintln!` here. JSON is printed exact
//! ([`print_json`]): it escapes control characters itself.
#![deny(clippy::print_stdout, clippy::print_stderr)]

/// `println!` for a person: through [`say`].
macro_rules! say {
    () => {
        $crate::cli::work::say(false, format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::work::say(false, format_args!($($arg)*))
    };
}

/// `eprintln!` for a person: through [`say`].
macro_rules! say_err {
    ($($arg:tt)*) => {
        $crate::cli::work::say(true, format_args!($($arg)*))
    };
}

mod ask;
mod audit;
mod audit_chain;
mod chart_arg;
mod charts;
mod check;
mod claims_batch;
mod coding;
mod export;
mod group;
mod phi_text;
mod queue;
mod user;

use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::Result;
use serde::Serialize;

use super::Context;
use crate::app::context::current_actor;
use crate::domain::people::Actor;
use crate::store::WorkError;
use crate::store::backend::Backend;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Users, roles and queue membership.
    #[command(subcommand)]
    User(user::Command),
    /// Import charts from a feed.
    #[command(subcommand)]
    Charts(charts::ChartsCommand),
    /// Look at one chart (the view is audited).
    #[command(subcommand)]
    Chart(charts::ChartCommand),
    /// List, claim, renew, release and assign charts.
    #[command(subcommand)]
    Queue(queue::Command),
    /// Put your in-progress chart on hold.
    Hold(queue::HoldArgs),
    /// Assign a code to your in-progress chart (or change one already on it).
    Assign(coding::AssignArgs),
    /// Remove a code from your in-progress chart.
    Unassign(coding::UnassignArgs),
    /// Move a code to another position on your in-progress chart.
    Sequence(coding::SequenceArgs),
    /// Finalize your in-progress chart (refuses, listing every reason).
    Finalize(coding::FinalizeArgs),
    /// The coding edits of a chart (MCE, tabular conventions, POA), or of a
    /// file of claims (--batch FILE --json).
    Check(check::CheckArgs),
    /// The MS-DRG of a chart, or of a file of claims (--batch FILE --json).
    Group(group::GroupArgs),
    /// Ask a provider a question about a chart, or answer, close, list queries.
    Ask(ask::Args),
    /// Read the audit log.
    Audit(audit::Args),
    /// Export coded charts with their codes.
    Export(export::Args),
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    if let Command::Check(a) = &cmd
        && a.is_batch()
    {
        return check::run_batch(ctx, a);
    }
    if let Command::Group(a) = &cmd
        && a.is_batch()
    {
        return group::run_batch(a);
    }
    let mut store = ctx.open_backend()?;
    let actor = current_actor(&*store, ctx.options.acting_as.as_deref())?;
    let mut session = Session {
        store: &mut *store,
        actor: &actor,
    };
    let result = match cmd {
        Command::User(c) => user::run(&mut session, c),
        Command::Charts(c) => charts::run_import(&mut session, c),
        Command::Chart(c) => charts::run_show(&mut session, c),
        Command::Queue(c) => queue::run(&mut session, c),
        Command::Hold(a) => queue::run_hold(&mut session, a),
        Command::Assign(a) => coding::run_assign(&mut session, a),
        Command::Unassign(a) => coding::run_unassign(&mut session, a),
        Command::Sequence(a) => coding::run_sequence(&mut session, a),
        Command::Finalize(a) => coding::run_finalize(&mut session, a),
        Command::Check(a) => check::run_check(&mut session, a),
        Command::Group(a) => group::run_group(&mut session, a),
        Command::Ask(a) => ask::run(&mut session, a),
        Command::Audit(a) => audit::run(&mut session, a),
        Command::Export(a) => export::run(&mut session, a),
    };
    // A chart, user or query that does not exist is "nothing found" (exit
    // 1, like `chartq codes show`), not a failure of chartq (exit 2).
    match result {
        Err(err) if matches!(err.downcast_ref(), Some(WorkError::NotFound { .. })) => {
            say_err!("chartq: {err}");
            Ok(found(false))
        }
        other => other,
    }
}

/// The open database (either backend) and who is acting, for one command.
struct Session<'a> {
    store: &'a mut dyn Backend,
    actor: &'a Actor,
}

/// The one way a work command prints for a person: one line, on stdout
/// (or stderr), cleaned of terminal control sequences.
#[allow(clippy::print_stdout)]
pub(crate) fn say(to_stderr: bool, line: std::fmt::Arguments<'_>) {
    let line = line.to_string();
    let clean = crate::domain::text::for_terminal(&line);
    if to_stderr {
        // One write for the line (see `main`): stderr is unbuffered, and
        // `eprintln!` would write the text and its newline separately.
        let mut whole = clean.into_owned();
        whole.push('\n');
        let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), whole.as_bytes());
    } else {
        println!("{clean}");
    }
}

/// Prints `value` as pretty JSON on stdout, exactly (JSON escapes control
/// characters itself).
#[allow(clippy::print_stdout)]
fn print_json(value: &impl Serialize) -> Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

/// `--since` values: a calendar date, with the expected shape in the error
/// (clap would only pass on chrono's "input contains invalid characters").
fn parse_date(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("expected a date YYYY-MM-DD ({e})"))
}

/// The exit status of a listing or lookup: 1 when it found nothing, like
/// `grep` and `chartq codes show`, so a script can ask "anything there?".
fn found(any: bool) -> ExitCode {
    if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints rows as space-aligned columns under a header. Cells are made one
/// clean line first, so what is measured is what is shown.
fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| crate::domain::text::single_line(c))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let parts: Vec<String> = cells
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        say!("{}", parts.join("  ").trim_end());
    };
    line(&mut header.iter().copied());
    for row in &rows {
        line(&mut row.iter().map(String::as_str));
    }
}

/// `-` for an absent value in a table.
fn or_dash(v: Option<&str>) -> String {
    v.unwrap_or("-").to_string()
}
