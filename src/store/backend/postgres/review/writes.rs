//! Every change second-level review makes on PostgreSQL, each one
//! transaction around one definer function: chartq words the refusal
//! first (as the SQLite store does, from what the session reads) and
//! computes what only it can (the seeded sample, the checked code line,
//! the re-grouped DRG); the function checks the caller, re-checks, writes
//! and audits.

use std::collections::HashMap;
use std::time::Duration;

use postgres::Transaction;

use super::{lines, reads};
use crate::domain::chart::{Chart, ChartRef};
use crate::domain::codes::lookup_key;
use crate::domain::coding::CodeRole;
use crate::domain::drg::FinalDrg;
use crate::domain::edit::coding_fingerprint;
use crate::domain::people::{Actor, Role};
use crate::domain::review::sampling;
use crate::domain::review::{Decision, Period, ReviewStatus, SampleRule};
use crate::domain::text::single_line;
use crate::store::WorkError;
use crate::store::assignments::checks::check_attributes_on;
use crate::store::backend::postgres::coding::reads as coding_reads;
use crate::store::backend::postgres::{Postgres, acting_as, pg_error};
use crate::store::queue::MAX_LEASE;
use crate::store::review::decide::{
    as_assignments, deleted, edited_assignment, edited_code, find, shown,
};
use crate::store::review::flow::may_claim;
use crate::store::review::rebuttal::may_rebut;
use crate::store::review::{
    CodeEdit, CodeLine, NewPlan, ReviewChange, ReviewDecision, ReviewDetail, ReviewPlan, ReviewRow,
    SampleOutcome, SampledChart, chart_key, drg_json,
};

/// `ReviewStore::add_review_plan` on PostgreSQL.
pub(super) fn add_plan(
    pg: &Postgres,
    actor: &Actor,
    new: &NewPlan,
) -> Result<ReviewPlan, WorkError> {
    actor.require(Role::Supervisor, "adding a review plan")?;
    let name = single_line(&new.name);
    if name.trim().is_empty() {
        return Err(WorkError::Invalid(
            "name: a review plan needs a name".into(),
        ));
    }
    if new.rules.is_empty() {
        return Err(WorkError::Invalid(
            "rule: a review plan needs at least one rule (--rule random:5%)".into(),
        ));
    }
    let queue = new.queue.as_deref().map(single_line);
    let rules: Vec<String> = new.rules.iter().map(SampleRule::to_string).collect();
    let rule_coders: Vec<String> = new
        .rules
        .iter()
        .filter_map(|r| match r {
            SampleRule::NewCoder { coder, .. } => Some(coder.clone()),
            _ => None,
        })
        .collect();
    pg.transact(|tx| {
        let id: i64 = tx
            .query_one(
                "SELECT chartq.review_plan_add($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &acting_as(actor),
                    &name,
                    &queue,
                    &new.coder,
                    &new.mode.as_str(),
                    &serde_json::json!(rules),
                    &(new.seed as i64),
                    &rule_coders,
                ],
            )
            .map_err(pg_error)?
            .get(0);
        reads::plan(tx, id)
    })
}

/// `ReviewStore::sample_reviews` on PostgreSQL: the candidates read and
/// the seeded selection made here exactly as on SQLite, the picks stored
/// (and re-checked) by `chartq.review_sample` in the same transaction.
pub(super) fn sample(
    pg: &Postgres,
    actor: &Actor,
    plan_id: i64,
    period: Period,
    dry_run: bool,
) -> Result<SampleOutcome, WorkError> {
    actor.require(Role::Supervisor, "sampling charts for review")?;
    pg.transact(|tx| {
        let plan = reads::plan(tx, plan_id)?;
        if plan.ended_on.is_some_and(|e| e < period.from) {
            return Err(WorkError::Conflict(format!(
                "review plan {plan_id} ended before {}",
                period.from
            )));
        }
        let done: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM chartq.review_sample
                                WHERE plan_id = $1 AND period_from = $2)",
                &[&plan_id, &period.from.to_string()],
            )
            .map_err(pg_error)?
            .get(0);
        if done && !dry_run {
            return Err(WorkError::Conflict(format!(
                "review plan {plan_id} sampled the period from {} already",
                period.from
            )));
        }
        let candidates = reads::candidates(tx, &plan, period)?;
        let so_far = reads::month_so_far(tx, plan_id, Period::month_of(period.to))?;
        let picks = sampling::sample(&plan.typed_rules()?, &candidates, plan.seed, &so_far);
        let coders: HashMap<i64, Option<String>> = candidates
            .iter()
            .map(|c| (c.chart_id, c.coder.clone()))
            .collect();
        let mut out = Vec::with_capacity(picks.len());
        for pick in &picks {
            let account: String = tx
                .query_one(
                    "SELECT account FROM chartq.chart WHERE id = $1",
                    &[&pick.chart_id],
                )
                .map_err(pg_error)?
                .get(0);
            out.push(SampledChart {
                chart_id: pick.chart_id,
                account,
                coder: coders.get(&pick.chart_id).cloned().flatten(),
                rules: pick.rules.clone(),
            });
        }
        if !dry_run {
            let picks: Vec<serde_json::Value> = picks
                .iter()
                .map(|p| {
                    let rules: Vec<&str> = p.rules.iter().map(|k| k.as_str()).collect();
                    serde_json::json!({ "chart_id": p.chart_id, "rules": rules })
                })
                .collect();
            tx.execute(
                "SELECT chartq.review_sample($1, $2, $3, $4, $5)",
                &[
                    &acting_as(actor),
                    &plan_id,
                    &period.from,
                    &period.to,
                    &serde_json::Value::Array(picks),
                ],
            )
            .map_err(pg_error)?;
        }
        Ok(SampleOutcome {
            plan: plan_id,
            period,
            finalized: candidates.len(),
            picks: out,
            dry_run,
        })
    })
}

/// `ReviewStore::claim_review` on PostgreSQL.
pub(super) fn claim(
    pg: &Postgres,
    actor: &Actor,
    chart: Option<&ChartRef>,
    lease: Duration,
) -> Result<Option<ReviewDetail>, WorkError> {
    actor.require(Role::Auditor, "reviewing charts")?;
    if lease.is_zero() || lease > MAX_LEASE {
        return Err(WorkError::Invalid(format!(
            "lease: a lease is 1 minute to {} hours",
            MAX_LEASE.as_secs() / 3600
        )));
    }
    pg.transact(|tx| {
        tx.execute("SELECT chartq.review_expire()", &[])
            .map_err(pg_error)?;
        let (chart_id, key) = match chart {
            Some(key) => {
                let (id, chart_id) = reads::review_of(tx, actor, key)?;
                may_claim(&reads::load_row(tx, id)?, actor, key)?;
                (Some(chart_id), Some(chart_key(key)))
            }
            None => (None, None),
        };
        let id: Option<i64> = tx
            .query_one(
                "SELECT chartq.review_claim($1, $2, $3, $4)",
                &[
                    &acting_as(actor),
                    &chart_id,
                    &key,
                    &(lease.as_secs() as i64),
                ],
            )
            .map_err(pg_error)?
            .get(0);
        let Some(id) = id else { return Ok(None) };
        Ok(Some(ReviewDetail {
            review: reads::load_row(tx, id)?,
            codes: reads::load_codes(tx, id)?,
        }))
    })
}

/// The words of a review not held by the actor (the function refuses too).
fn require_holder(row: &ReviewRow, actor: &Actor, chart: &ChartRef) -> Result<(), WorkError> {
    if row.status != ReviewStatus::InReview || row.auditor.as_deref() != Some(&actor.user.login) {
        return Err(WorkError::Conflict(format!(
            "the review of chart {} is {}; claim it first (`chartq review claim {}`)",
            chart_key(chart),
            row.status,
            chart_key(chart)
        )));
    }
    Ok(())
}

/// `ReviewStore::decide_review` on PostgreSQL: the row and the checked
/// code line found here, written by `chartq.review_decide`.
pub(super) fn decide(
    pg: &Postgres,
    actor: &Actor,
    chart: &ChartRef,
    decision: &ReviewDecision,
) -> Result<ReviewDetail, WorkError> {
    let needs_reason = !matches!(decision.change, ReviewChange::Agree { .. });
    if needs_reason && decision.reason.is_none() {
        return Err(WorkError::Invalid(
            "reason: a change, addition or deletion needs a reason category \
             (specificity, sequencing, missing_secondary, unsupported, poa or guideline)"
                .into(),
        ));
    }
    let comment = decision.comment.as_deref().map(single_line);
    let on_chart = crate::store::backend::Backend::reload(pg, actor, chart)?.chart;
    pg.transact(|tx| {
        let (id, chart_id) = reads::review_of(tx, actor, chart)?;
        require_holder(&reads::load_row(tx, id)?, actor, chart)?;
        let codes = reads::load_codes(tx, id)?;
        let (row, kind, line) = match &decision.change {
            ReviewChange::Agree { code } => {
                (Some(find(&codes, code, true)?.id), Decision::Agree, None)
            }
            ReviewChange::Delete { code } => {
                (Some(find(&codes, code, false)?.id), Decision::Delete, None)
            }
            ReviewChange::Change { code, to } => {
                let row = find(&codes, code, false)?;
                let base = row.reviewed.clone().or_else(|| row.original.clone());
                let base = base.ok_or_else(|| deleted(code))?;
                let line = checked(tx, &on_chart, Some(&base), to)?;
                (Some(row.id), Decision::Change, Some(line))
            }
            ReviewChange::Add(edit) => {
                let line = checked(tx, &on_chart, None, edit)?;
                let key = lookup_key(line["code"].as_str().unwrap_or_default());
                if codes.iter().any(|c| {
                    c.reviewed
                        .as_ref()
                        .is_some_and(|r| lookup_key(&r.code) == key)
                }) {
                    return Err(WorkError::Conflict(format!(
                        "{} is on the reviewed codes already; change it instead",
                        line["code"].as_str().unwrap_or_default()
                    )));
                }
                (None, Decision::Add, Some(line))
            }
        };
        tx.execute(
            "SELECT chartq.review_decide($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &acting_as(actor),
                &chart_id,
                &chart_key(chart),
                &row,
                &kind.as_str(),
                &line,
                &decision.reason.map(|r| r.as_str()),
                &comment,
            ],
        )
        .map_err(pg_error)?;
        Ok(ReviewDetail {
            review: reads::load_row(tx, id)?,
            codes: reads::load_codes(tx, id)?,
        })
    })
}

/// `edit` over `base` (or a new code), checked as an assignment would be
/// (the code valid on the date of service, role, POA, modifiers), as the
/// JSON line `chartq.review_decide` stores.
fn checked(
    tx: &mut Transaction<'_>,
    chart: &Chart,
    base: Option<&CodeLine>,
    edit: &CodeEdit,
) -> Result<serde_json::Value, WorkError> {
    let code = edited_code(edit, base)?;
    let system = edit.system.or(base.map(|b| b.system));
    let (system, found) = coding_reads::find_valid_code(tx, chart, &code, system)?;
    let new = edited_assignment(edit, base, code, system);
    let (poa, modifiers) = (new.poa, new.modifiers.clone());
    let current = coding_reads::assignments(tx, chart.id)?;
    let has_principal = current.iter().any(|a| a.role == CodeRole::Principal);
    let diagnoses = current
        .iter()
        .filter(|a| a.system == crate::domain::codes::CodeSystem::Icd10Cm)
        .count() as i64;
    let role = check_attributes_on(chart, system, new.role, &new, has_principal, diagnoses)?;
    Ok(serde_json::json!({
        "seq": edit.seq,
        "system": system.as_str(),
        "code": found.code.code,
        "title": found.code.long_title,
        "role": role.as_str(),
        "poa": poa.map(|p| p.as_str()),
        "modifiers": modifiers,
        "version_id": found.version_id,
        "billable": found.code.billable,
    }))
}

/// `ReviewStore::close_review` on PostgreSQL: refused with every reason at
/// once as on SQLite; `chartq.review_close` re-checks the reviewed set
/// against the decisions and stores the DRG beside the original.
pub(super) fn close(
    pg: &Postgres,
    actor: &Actor,
    chart: &ChartRef,
    judged: &str,
    drg: Option<&FinalDrg>,
) -> Result<ReviewRow, WorkError> {
    pg.transact(|tx| {
        let (id, chart_id) = reads::review_of(tx, actor, chart)?;
        let row = reads::load_row(tx, id)?;
        require_holder(&row, actor, chart)?;
        let codes = reads::load_codes(tx, id)?;
        let mut reasons: Vec<String> = codes
            .iter()
            .filter(|c| c.decision.is_none())
            .map(|c| format!("{} has no decision (agree, change or delete)", shown(c)))
            .collect();
        let lines = lines::reviewed_lines(tx, id, actor.user.id)?;
        let principals: Vec<&str> = lines
            .iter()
            .filter(|(_, l)| l.line.role == CodeRole::Principal)
            .map(|(_, l)| l.line.code.as_str())
            .collect();
        if principals.len() > 1 {
            reasons.push(format!(
                "more than one principal diagnosis: {}",
                principals.join(", ")
            ));
        }
        let stored: Vec<_> = lines.iter().map(|(_, l)| l.clone()).collect();
        if coding_fingerprint(&as_assignments(&stored)) != judged {
            reasons.push("the reviewed codes changed while grouping; close again".into());
        }
        let status: String = tx
            .query_one(
                "SELECT status FROM chartq.chart WHERE id = $1",
                &[&chart_id],
            )
            .map_err(pg_error)?
            .get(0);
        let status: crate::domain::chart::Status = status.parse().map_err(WorkError::Invalid)?;
        if !matches!(
            status,
            crate::domain::chart::Status::Coded | crate::domain::chart::Status::Audited
        ) {
            reasons.push(format!(
                "the chart is {status}; only coded charts close a review"
            ));
        }
        if !reasons.is_empty() {
            return Err(WorkError::Refused {
                chart: chart_key(chart),
                reasons,
            });
        }
        let changed = codes.iter().any(|c| c.decision != Some(Decision::Agree));
        let reviewed = if changed {
            drg.copied()
        } else {
            row.original_drg
        };
        let cells: Option<serde_json::Value> = drg_json(drg)
            .map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|e| WorkError::Invalid(format!("drg: {e}")))?;
        let order: Vec<i64> = lines.iter().map(|(id, _)| *id).collect();
        let detail = reviewed.map(|d| serde_json::to_value(d).unwrap_or_default());
        tx.execute(
            "SELECT chartq.review_close($1, $2, $3, $4, $5, $6)",
            &[
                &acting_as(actor),
                &chart_id,
                &chart_key(chart),
                &order,
                &cells,
                &detail,
            ],
        )
        .map_err(pg_error)?;
        reads::load_row(tx, id)
    })
}

/// The code a row is known by: the coder's, else the added one.
/// `ReviewStore::rebut_review` on PostgreSQL.
pub(super) fn rebut(
    pg: &Postgres,
    actor: &Actor,
    chart: &ChartRef,
    text: &str,
) -> Result<ReviewRow, WorkError> {
    let text = single_line(text);
    if text.trim().is_empty() {
        return Err(WorkError::Invalid(
            "text: a rebuttal says why (--text or --text-file)".into(),
        ));
    }
    pg.transact(|tx| {
        let (id, chart_id) = reads::review_of(tx, actor, chart)?;
        let row = reads::load_row(tx, id)?;
        may_rebut(&row, actor, chart)?;
        tx.execute(
            "SELECT chartq.review_rebut($1, $2, $3, $4)",
            &[&acting_as(actor), &chart_id, &chart_key(chart), &text],
        )
        .map_err(pg_error)?;
        reads::load_row(tx, id)
    })
}

/// `ReviewStore::answer_rebuttal` on PostgreSQL.
pub(super) fn answer(
    pg: &Postgres,
    actor: &Actor,
    chart: &ChartRef,
    accept: bool,
    comment: Option<&str>,
) -> Result<ReviewRow, WorkError> {
    actor.require(Role::Auditor, "answering a rebuttal")?;
    pg.transact(|tx| {
        let (id, chart_id) = reads::review_of(tx, actor, chart)?;
        let row = reads::load_row(tx, id)?;
        if row.rebuttal_status != Some(crate::domain::review::RebuttalStatus::Open) {
            return Err(WorkError::Conflict(format!(
                "the review of chart {} has no open rebuttal",
                chart_key(chart)
            )));
        }
        tx.execute(
            "SELECT chartq.review_answer($1, $2, $3, $4, $5)",
            &[
                &acting_as(actor),
                &chart_id,
                &chart_key(chart),
                &accept,
                &comment.map(single_line),
            ],
        )
        .map_err(pg_error)?;
        reads::load_row(tx, id)
    })
}
