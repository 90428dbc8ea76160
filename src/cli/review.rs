//! `chartq review …`: supervisors' plans and sampling (`review/plan.rs`),
//! the auditor's queue, claim, decisions and close (`review/audit.rs`),
//! the coder's outcomes and rebuttal (`review/outcome.rs`). Every line for
//! a person goes out cleaned ([`crate::cli::work::say`]); `--json` prints
//! exact JSON.
#![deny(clippy::print_stdout, clippy::print_stderr)]

/// One cleaned line on stdout.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::work::say(false, format_args!($($arg)*))
    };
}

mod audit;
mod outcome;
mod plan;

use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::Result;
use serde::Serialize;

use super::Context;
use crate::domain::chart::ChartRef;
use crate::domain::people::Actor;
use crate::store::WorkError;
use crate::store::review::{ReviewCode, ReviewDetail, ReviewRow};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Review plans: add, list, end (supervisors).
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// Sample a closed period by the plans (supervisors).
    Sample(plan::SampleArgs),
    /// The review queue (auditors, supervisors).
    Queue(audit::QueueArgs),
    /// Claim the next review (or a chart's) under a lease.
    Claim(audit::ClaimArgs),
    /// A review: the coder's codes and the decisions so far.
    Show(audit::ChartJson),
    /// Give a claimed review back to the queue.
    Release(audit::ChartJson),
    /// Agree with a code of the coder's.
    Agree(audit::AgreeArgs),
    /// Change a code (code, sequence, POA, modifiers), with a reason.
    Change(audit::ChangeArgs),
    /// Add a code the coder missed, with a reason.
    Add(audit::AddArgs),
    /// Delete a code, with a reason.
    Delete(audit::DeleteArgs),
    /// Close the review: the reviewed codes become the chart's final codes
    /// (DRG re-grouped) and the chart becomes audited.
    Close(audit::CloseArgs),
    /// The outcomes of reviews of your charts (coders: your own only).
    Outcomes(outcome::OutcomesArgs),
    /// Rebut a review of your chart, once.
    Rebut(outcome::RebutArgs),
    /// Accept or uphold a coder's rebuttal (auditors).
    Answer(outcome::AnswerArgs),
}

/// The open store and who is acting.
struct Session {
    store: Box<dyn crate::store::backend::Backend>,
    actor: Actor,
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let store = ctx.open_backend()?;
    let actor = crate::app::context::current_actor(&*store, ctx.options.acting_as.as_deref())?;
    let mut s = Session { store, actor };
    let result = match cmd {
        Command::Plan(c) => plan::run_plan(&mut s, ctx, c),
        Command::Sample(a) => plan::run_sample(&mut s, ctx, a),
        Command::Queue(a) => audit::run_queue(&mut s, a),
        Command::Claim(a) => audit::run_claim(&mut s, a),
        Command::Show(a) => audit::run_show(&mut s, a),
        Command::Release(a) => audit::run_release(&mut s, a),
        Command::Agree(a) => audit::run_agree(&mut s, a),
        Command::Change(a) => audit::run_change(&mut s, a),
        Command::Add(a) => audit::run_add(&mut s, a),
        Command::Delete(a) => audit::run_delete(&mut s, a),
        Command::Close(a) => audit::run_close(&mut s, a),
        Command::Outcomes(a) => outcome::run_outcomes(&mut s, a),
        Command::Rebut(a) => outcome::run_rebut(&mut s, a),
        Command::Answer(a) => outcome::run_answer(&mut s, a),
    };
    match result {
        Err(err) if matches!(err.downcast_ref(), Some(WorkError::NotFound { .. })) => {
            crate::cli::work::say(true, format_args!("chartq: {err}"));
            Ok(ExitCode::from(1))
        }
        other => other,
    }
}

/// Pretty JSON on stdout, exact.
#[allow(clippy::print_stdout)]
fn print_json(value: &impl Serialize) -> Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(ExitCode::SUCCESS)
}

/// Parses CHART (account number, or `#ID`).
fn parse_chart(s: &str) -> std::result::Result<ChartRef, String> {
    ChartRef::parse(s).ok_or_else(|| "a chart's account number (or '#ID') is required".into())
}

/// One review's header line.
fn row_line(r: &ReviewRow) {
    let drg = |d: &Option<crate::domain::drg::FinalDrg>| {
        d.map(|d| {
            format!(
                "{} ({})",
                d.drg,
                d.weight.map(|w| w.to_string()).unwrap_or("-".into())
            )
        })
        .unwrap_or_else(|| "-".into())
    };
    let rules: Vec<&str> = r.rules.iter().map(|k| k.as_str()).collect();
    out!(
        "chart {}  review {}  {}  {}  coder {}  queue {}  picked by {}  DRG {} -> {}",
        r.account,
        r.id,
        r.mode,
        r.status,
        r.coder.as_deref().unwrap_or("-"),
        r.queue,
        rules.join("+"),
        drg(&r.original_drg),
        drg(&r.reviewed_drg)
    );
    if let Some(text) = &r.rebuttal {
        let status = r.rebuttal_status.map(|s| s.as_str()).unwrap_or("-");
        out!("  rebuttal ({status}): {text}");
        if let Some(a) = &r.rebuttal_answer {
            out!("  answer: {a}");
        }
    }
}

/// A review's codes side by side: the coder's, the decision, as reviewed.
fn codes_table(codes: &[ReviewCode]) {
    out!(
        "  {:<3} {:<10} {:<10} {:<4} {:<9} {:<10} {:<10} {:<4} reason",
        "seq",
        "coded",
        "role",
        "poa",
        "decision",
        "reviewed",
        "role",
        "poa"
    );
    for c in codes {
        let side = |l: &Option<crate::store::review::CodeLine>| match l {
            Some(l) => (
                l.code.clone(),
                l.role.as_str().to_string(),
                l.poa.map(|p| p.as_str()).unwrap_or("-").to_string(),
            ),
            None => ("-".into(), "-".into(), "-".into()),
        };
        let (oc, or, op) = side(&c.original);
        let (rc, rr, rp) = side(&c.reviewed);
        let seq = c
            .original
            .as_ref()
            .map(|o| o.seq.to_string())
            .unwrap_or("+".into());
        let decision = c.decision.map(|d| d.as_str()).unwrap_or("?");
        let reason = c.reason.map(|r| r.as_str()).unwrap_or("");
        out!(
            "  {seq:<3} {oc:<10} {or:<10} {op:<4} {decision:<9} {rc:<10} {rr:<10} {rp:<4} {reason}"
        );
        if let Some(comment) = &c.comment {
            out!("      {comment}");
        }
    }
}

/// A review whole.
fn print_detail(d: &ReviewDetail) {
    row_line(&d.review);
    codes_table(&d.codes);
}
