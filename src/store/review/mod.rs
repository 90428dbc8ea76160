//! Second-level review in SQLite (tables `review_plan`, `review_sample`,
//! `review`, `review_code`, migration 0015), split by job: `plans.rs`
//! supervisors' plans, `sample.rs` sampling a closed period, `flow.rs` the
//! auditor's queue, lease, decisions and close, `rebuttal.rs` the coder's
//! outcomes and rebuttal, `facts.rs` what the accuracy report counts.
//!
//! Who may: supervisors and admins manage plans and sample; auditors,
//! supervisors and admins review and answer rebuttals; a coder sees only
//! the outcomes of their own charts and rebuts each once. Every write is
//! one transaction with its audit event ([`ReviewEvent`]).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::WorkError;
use crate::domain::audit::AuditDetail;
use crate::domain::chart::ChartRef;
use crate::domain::codes::CodeSystem;
use crate::domain::coding::{Assignment, CodeRole, Poa};
use crate::domain::drg::FinalDrg;
use crate::domain::people::Actor;
use crate::domain::review::{
    Period, ReasonCategory, RebuttalStatus, ReviewEvent, ReviewMode, ReviewStatus, RuleKind,
    SampleRule,
};

pub(crate) mod decide;
pub(crate) mod facts;
pub(crate) mod flow;
pub(crate) mod plans;
pub(crate) mod rebuttal;
pub(crate) mod sample;

pub use crate::domain::review::accuracy::{CodeLine, ReviewCode, ReviewFacts};
pub use facts::{AccuracyFilter, CodeFacts, ReviewTally};
pub use flow::ReviewFilter;

/// A new review plan as a supervisor asks for it.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub name: String,
    /// Only charts of this work queue.
    pub queue: Option<String>,
    /// Only charts this coder finalized (a login).
    pub coder: Option<String>,
    pub mode: ReviewMode,
    pub rules: Vec<SampleRule>,
    pub seed: u64,
}

/// A stored review plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewPlan {
    pub id: i64,
    pub name: String,
    pub queue: Option<String>,
    pub coder: Option<String>,
    pub mode: ReviewMode,
    /// As written (`random:5%`, ...).
    pub rules: Vec<String>,
    pub seed: u64,
    pub created_by: String,
    pub created_at: String,
    /// The day it ended (no more sampling after), if it did.
    pub ended_on: Option<NaiveDate>,
}

impl ReviewPlan {
    /// The plan's rules, typed (they were checked when it was added).
    pub fn typed_rules(&self) -> Result<Vec<SampleRule>, WorkError> {
        self.rules
            .iter()
            .map(|r| {
                r.parse()
                    .map_err(|e| WorkError::Invalid(format!("review plan {}: {e}", self.id)))
            })
            .collect()
    }
}

/// What sampling one period by one plan picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleOutcome {
    pub plan: i64,
    pub period: Period,
    /// Charts finalized in the period in the plan's scope (not yet sampled).
    pub finalized: usize,
    pub picks: Vec<SampledChart>,
    /// True when nothing was stored (`--dry-run`).
    pub dry_run: bool,
}

/// One sampled chart (no patient data: account, coder, queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampledChart {
    pub chart_id: i64,
    pub account: String,
    pub coder: Option<String>,
    pub rules: Vec<RuleKind>,
}

/// One review as its queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub chart_id: i64,
    pub account: String,
    pub plan: i64,
    pub mode: ReviewMode,
    pub rules: Vec<RuleKind>,
    pub status: ReviewStatus,
    pub coder: Option<String>,
    pub queue: String,
    pub finalized_at: String,
    pub auditor: Option<String>,
    pub lease_until: Option<String>,
    pub closed_at: Option<String>,
    pub changed: Option<bool>,
    pub original_drg: Option<FinalDrg>,
    pub reviewed_drg: Option<FinalDrg>,
    pub outcome_seen: bool,
    pub rebuttal: Option<String>,
    pub rebuttal_status: Option<RebuttalStatus>,
    pub rebuttal_answer: Option<String>,
}

/// A review whole: its row and its codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewDetail {
    pub review: ReviewRow,
    pub codes: Vec<ReviewCode>,
}

/// What the auditor decides about one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewChange {
    Agree {
        code: String,
    },
    /// `code` (on the chart) becomes what `to` says; what `to` leaves out
    /// is kept.
    Change {
        code: String,
        to: CodeEdit,
    },
    /// A code the coder missed.
    Add(CodeEdit),
    Delete {
        code: String,
    },
}

/// The parts of a code a review changes or adds; `None` keeps (or, for
/// an added code, defaults) each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeEdit {
    pub code: Option<String>,
    pub system: Option<CodeSystem>,
    pub role: Option<CodeRole>,
    pub poa: Option<Poa>,
    pub modifiers: Option<Vec<String>>,
    /// The 1-based position in the reviewed codes.
    pub seq: Option<i64>,
}

/// One decision with its reason category (needed for anything but agree)
/// and comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDecision {
    pub change: ReviewChange,
    pub reason: Option<ReasonCategory>,
    pub comment: Option<String>,
}

/// The review's chart and its reviewed codes, as close would make them:
/// what the use case groups before closing.
#[derive(Debug, Clone)]
pub struct ReviewedSet {
    pub chart: crate::domain::chart::Chart,
    pub codes: Vec<Assignment>,
}

/// The review of `chart` (resolved under the actor's access), or
/// `review of chart KEY not found`.
pub(crate) fn review_of(
    conn: &Connection,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<(i64, i64), WorkError> {
    let chart_id = super::access::resolve(conn, actor, chart)?;
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM review WHERE chart_id = ?1")?
        .query_row([chart_id], |r| r.get(0))
        .optional()?;
    let id = id.ok_or_else(|| WorkError::NotFound {
        what: "review of chart",
        key: chart_key(chart),
    })?;
    Ok((id, chart_id))
}

/// How the user named the chart, for messages.
pub(crate) fn chart_key(chart: &ChartRef) -> String {
    match chart {
        ChartRef::Id(id) => id.to_string(),
        ChartRef::Account(a) => crate::domain::text::single_line(a),
    }
}

/// Records a review event on chart `chart_id` (or none).
pub(crate) fn record(
    conn: &Connection,
    actor: &Actor,
    chart_id: Option<i64>,
    event: ReviewEvent,
) -> Result<(), WorkError> {
    super::audit::record(conn, actor, chart_id, AuditDetail::Review(event))
}

/// A DRG as stored in `review` (a JSON array of four cells).
pub(crate) fn drg_json(drg: Option<&FinalDrg>) -> Option<String> {
    drg.map(|d| {
        serde_json::json!([
            d.drg.to_string(),
            d.mdc.to_string(),
            d.version.as_str(),
            d.weight.map(|w| w.to_string())
        ])
        .to_string()
    })
}

/// A DRG read back from [`drg_json`]'s cells.
pub(crate) fn drg_from_json(
    review: i64,
    column: &str,
    text: Option<String>,
) -> Result<Option<FinalDrg>, WorkError> {
    let Some(text) = text else { return Ok(None) };
    let cells: Vec<Option<String>> = serde_json::from_str(&text)
        .map_err(|e| WorkError::Invalid(format!("review {review}: {column}: {e}")))?;
    let cells: [Option<String>; 4] = cells
        .try_into()
        .map_err(|_| WorkError::Invalid(format!("review {review}: {column}: not 4 cells")))?;
    super::chart_drg::parse(review, column, &cells)
}

/// Sets `lease_until` stamps etc.: the chart's codes replaced by `codes`
/// (each with its version and who it is attributed to).
pub(crate) fn replace_codes(
    conn: &Connection,
    chart_id: i64,
    codes: &[StoredLine],
) -> Result<(), WorkError> {
    conn.execute("DELETE FROM assignment WHERE chart_id = ?1", [chart_id])?;
    for (i, c) in codes.iter().enumerate() {
        conn.execute(
            "INSERT INTO assignment (chart_id, seq, system, code, version_id, billable, title,
                role, poa, modifiers, units, pointers, assigned_by, assigned_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                chart_id,
                i as i64 + 1,
                c.line.system.as_str(),
                c.line.code,
                c.version_id,
                c.billable,
                c.line.title,
                c.line.role.as_str(),
                c.line.poa.map(Poa::as_str),
                serde_json::to_string(&c.line.modifiers).unwrap_or_default(),
                c.units,
                c.pointers,
                c.by,
                c.at,
            ],
        )?;
    }
    Ok(())
}

/// A code line with what the assignment table needs beside it.
#[derive(Debug, Clone)]
pub(crate) struct StoredLine {
    pub line: CodeLine,
    pub version_id: Option<i64>,
    pub billable: bool,
    pub units: Option<i64>,
    /// JSON array of pointers.
    pub pointers: String,
    /// Who the code is attributed to (user id) and since when.
    pub by: i64,
    pub at: String,
}

/// SQL over `chart c`: a prebill review of the chart is not closed yet,
/// so the export holds the chart back.
pub(crate) const HELD_FOR_REVIEW_SQL: &str = "EXISTS (SELECT 1 FROM review hr
    WHERE hr.chart_id = c.id AND hr.mode = 'prebill' AND hr.status <> 'closed')";

/// SQL over `chart c` with the export's `since` at `?1`: a review corrected
/// the chart on or after it (so it is exported again).
pub(crate) const CORRECTED_SINCE_SQL: &str = "EXISTS (SELECT 1 FROM review cr
    WHERE cr.chart_id = c.id AND cr.corrected_at >= ?1)";

/// What an export line says when it replaces an earlier export of the
/// chart: the retrospective review that corrected it, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    pub review: i64,
    pub corrected_at: String,
}

/// The correction of chart `chart_id`, if a retrospective review made one.
pub(crate) fn replacement(
    conn: &Connection,
    chart_id: i64,
) -> Result<Option<Replacement>, WorkError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, corrected_at FROM review WHERE chart_id = ?1 AND corrected_at IS NOT NULL",
        )?
        .query_row([chart_id], |r| {
            Ok(Replacement {
                review: r.get(0)?,
                corrected_at: r.get(1)?,
            })
        })
        .optional()?)
}
