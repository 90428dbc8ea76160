//! The auditor's commands: `chartq review queue|claim|show|release|agree|
//! change|add|delete|close`.

use std::process::ExitCode;
use std::time::Duration;

use color_eyre::eyre::Result;

use super::{Session, parse_chart, print_detail, print_json, row_line};
use crate::domain::chart::ChartRef;
use crate::domain::codes::CodeSystem;
use crate::domain::coding::{CodeRole, Poa};
use crate::domain::review::{ReasonCategory, ReviewStatus};
use crate::store::review::{CodeEdit, ReviewChange, ReviewDecision, ReviewFilter};

#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    /// open, in_review or closed (default: open and in review).
    #[arg(long)]
    status: Option<ReviewStatus>,
    /// Only this work queue.
    #[arg(long)]
    queue: Option<String>,
    /// Only this coder's charts.
    #[arg(long)]
    coder: Option<String>,
    /// Page size; 0 for all.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ClaimArgs {
    /// A specific chart's review (default: the next one; prebill first).
    #[arg(value_parser = parse_chart)]
    chart: Option<ChartRef>,
    /// Lease length in minutes (1 to 1440).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=1440))]
    lease: u64,
    #[arg(long)]
    json: bool,
}

/// CHART and `--json`.
#[derive(Debug, clap::Args)]
pub struct ChartJson {
    /// The chart's account number; '#12' (quoted) is chart id 12.
    #[arg(value_name = "CHART", value_parser = parse_chart)]
    pub(super) chart: ChartRef,
    #[arg(long)]
    pub(super) json: bool,
}

/// The reason category and comment every decision may carry.
#[derive(Debug, clap::Args)]
pub struct Why {
    /// specificity, sequencing, missing_secondary, unsupported, poa or
    /// guideline (required for change, add and delete).
    #[arg(long)]
    reason: Option<ReasonCategory>,
    /// A comment for the coder (no patient identifiers).
    #[arg(long)]
    comment: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    #[command(flatten)]
    chart: ChartJson,
    /// The coder's code(s); `--all` agrees with every undecided one.
    codes: Vec<String>,
    /// Agree with every code not yet decided.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    why: Why,
}

/// What a change or an addition sets.
#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The code as reviewed.
    #[arg(long, value_name = "CODE")]
    to: Option<String>,
    /// Its code system (default: the code's own, else whichever set has it).
    #[arg(long)]
    system: Option<CodeSystem>,
    /// principal, secondary, admitting, reason or procedure.
    #[arg(long)]
    role: Option<CodeRole>,
    /// Y, N, U, W or 1.
    #[arg(long)]
    poa: Option<Poa>,
    /// Modifiers (repeatable).
    #[arg(long = "modifier")]
    modifiers: Vec<String>,
    /// Its position among the reviewed codes (1-based).
    #[arg(long)]
    seq: Option<i64>,
}

impl EditArgs {
    fn edit(self) -> CodeEdit {
        CodeEdit {
            code: self.to,
            system: self.system,
            role: self.role,
            poa: self.poa,
            modifiers: (!self.modifiers.is_empty()).then_some(self.modifiers),
            seq: self.seq,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ChangeArgs {
    #[command(flatten)]
    chart: ChartJson,
    /// The coder's code to change.
    code: String,
    #[command(flatten)]
    edit: EditArgs,
    #[command(flatten)]
    why: Why,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[command(flatten)]
    chart: ChartJson,
    #[command(flatten)]
    edit: EditArgs,
    #[command(flatten)]
    why: Why,
}

#[derive(Debug, clap::Args)]
pub struct DeleteArgs {
    #[command(flatten)]
    chart: ChartJson,
    /// The code to delete.
    code: String,
    #[command(flatten)]
    why: Why,
}

#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    #[command(flatten)]
    chart: ChartJson,
    /// Agree with every code not yet decided, then close.
    #[arg(long)]
    agree_rest: bool,
}

pub(super) fn run_queue(s: &mut Session, a: QueueArgs) -> Result<ExitCode> {
    let filter = ReviewFilter {
        status: a.status,
        queue: a.queue,
        coder: a.coder,
        limit: a.limit,
    };
    let rows = s.store.review_queue(&s.actor, &filter)?;
    if a.json {
        return print_json(&rows);
    }
    rows.iter().for_each(row_line);
    Ok(if rows.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(super) fn run_claim(s: &mut Session, a: ClaimArgs) -> Result<ExitCode> {
    let lease = Duration::from_secs(a.lease * 60);
    let Some(detail) = s.store.claim_review(&s.actor, a.chart.as_ref(), lease)? else {
        crate::cli::work::say(true, format_args!("chartq: no review to claim"));
        return Ok(ExitCode::from(1));
    };
    if a.json {
        return print_json(&detail);
    }
    print_detail(&detail);
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_show(s: &mut Session, a: ChartJson) -> Result<ExitCode> {
    let detail = s.store.review(&s.actor, &a.chart)?;
    if a.json {
        return print_json(&detail);
    }
    print_detail(&detail);
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_release(s: &mut Session, a: ChartJson) -> Result<ExitCode> {
    let row = s.store.release_review(&s.actor, &a.chart)?;
    if a.json {
        return print_json(&row);
    }
    row_line(&row);
    Ok(ExitCode::SUCCESS)
}

/// Records `changes` one by one, then prints the review.
fn decide(
    s: &mut Session,
    chart: &ChartJson,
    changes: Vec<ReviewChange>,
    why: Why,
) -> Result<ExitCode> {
    let mut last = None;
    for change in changes {
        let decision = ReviewDecision {
            change,
            reason: why.reason,
            comment: why.comment.clone(),
        };
        last = Some(s.store.decide_review(&s.actor, &chart.chart, &decision)?);
    }
    let detail = match last {
        Some(d) => d,
        None => s.store.review(&s.actor, &chart.chart)?,
    };
    if chart.json {
        return print_json(&detail);
    }
    print_detail(&detail);
    Ok(ExitCode::SUCCESS)
}

/// The coder's codes not yet decided.
fn undecided(s: &Session, chart: &ChartRef) -> Result<Vec<String>> {
    Ok(s.store
        .review(&s.actor, chart)?
        .codes
        .into_iter()
        .filter(|c| c.decision.is_none())
        .filter_map(|c| c.original.map(|o| o.code))
        .collect())
}

pub(super) fn run_agree(s: &mut Session, a: AgreeArgs) -> Result<ExitCode> {
    let mut codes = a.codes;
    if a.all {
        codes.extend(undecided(s, &a.chart.chart)?);
    }
    if codes.is_empty() {
        color_eyre::eyre::bail!("code: name the code(s) to agree with, or --all");
    }
    let changes = codes
        .into_iter()
        .map(|code| ReviewChange::Agree { code })
        .collect();
    decide(s, &a.chart, changes, a.why)
}

pub(super) fn run_change(s: &mut Session, a: ChangeArgs) -> Result<ExitCode> {
    let change = ReviewChange::Change {
        code: a.code,
        to: a.edit.edit(),
    };
    decide(s, &a.chart, vec![change], a.why)
}

pub(super) fn run_add(s: &mut Session, a: AddArgs) -> Result<ExitCode> {
    decide(s, &a.chart, vec![ReviewChange::Add(a.edit.edit())], a.why)
}

pub(super) fn run_delete(s: &mut Session, a: DeleteArgs) -> Result<ExitCode> {
    decide(
        s,
        &a.chart,
        vec![ReviewChange::Delete { code: a.code }],
        a.why,
    )
}

pub(super) fn run_close(s: &mut Session, a: CloseArgs) -> Result<ExitCode> {
    if a.agree_rest {
        for code in undecided(s, &a.chart.chart)? {
            let decision = ReviewDecision {
                change: ReviewChange::Agree { code },
                reason: None,
                comment: None,
            };
            s.store.decide_review(&s.actor, &a.chart.chart, &decision)?;
        }
    }
    let row = crate::app::review::close(&mut *s.store, &s.actor, &a.chart.chart)?;
    if a.chart.json {
        return print_json(&row);
    }
    row_line(&row);
    out!(
        "closed: {}; chart {} is audited",
        if row.changed == Some(true) {
            "codes changed"
        } else {
            "every code agreed"
        },
        row.account
    );
    Ok(ExitCode::SUCCESS)
}
