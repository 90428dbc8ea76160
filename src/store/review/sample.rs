//! Sampling one closed period for one plan, in one transaction: the
//! candidates (charts finalized in the period, in the plan's scope, never
//! sampled), the plan's rules over them ([`sampling::sample`]), and for
//! each pick a review with the coder's codes copied as its original set.

use std::collections::HashMap;

use rusqlite::{Connection, Transaction, params};

use super::{SampleOutcome, SampledChart, drg_json, plans, record};
use crate::domain::people::{Actor, Role};
use crate::domain::review::sampling::{self, Candidate, Pick};
use crate::domain::review::{Period, ReviewEvent};
use crate::store::{Store, WorkError, chart_drg, clock};

/// The period's UTC bounds as stored stamps: from (included), to
/// (excluded), its days in the period's zone.
fn stamp_bounds(period: Period) -> (String, String) {
    let (start, end) = period.utc_bounds();
    (clock::stamp(start), clock::stamp(end))
}

/// Samples `period` by plan `plan_id` (supervisors and admins). With
/// `dry_run` nothing is stored or audited: the picks a real run would make.
/// A period is sampled once per plan; a plan that ended before the period
/// began samples nothing.
pub fn sample(
    store: &mut Store,
    actor: &Actor,
    plan_id: i64,
    period: Period,
    dry_run: bool,
) -> Result<SampleOutcome, WorkError> {
    actor.require(Role::Supervisor, "sampling charts for review")?;
    store.transact(|tx| {
        let plan = plans::load(tx, plan_id)?;
        if plan.ended_on.is_some_and(|e| e < period.from) {
            return Err(WorkError::Conflict(format!(
                "review plan {plan_id} ended before {}",
                period.from
            )));
        }
        let done: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM review_sample WHERE plan_id = ?1 AND period_from = ?2)",
            params![plan_id, period.from.to_string()],
            |r| r.get(0),
        )?;
        if done && !dry_run {
            return Err(WorkError::Conflict(format!(
                "review plan {plan_id} sampled the period from {} already",
                period.from
            )));
        }
        let candidates = candidates(tx, &plan, period)?;
        let month = Period::month_of(period.to).in_zone(period.zone);
        let so_far = month_so_far(tx, plan_id, month)?;
        let picks = sampling::sample(&plan.typed_rules()?, &candidates, plan.seed, &so_far);
        let coders: HashMap<i64, Option<String>> = candidates
            .iter()
            .map(|c| (c.chart_id, c.coder.clone()))
            .collect();
        let mut out = Vec::with_capacity(picks.len());
        for pick in &picks {
            let account: String = tx.query_row(
                "SELECT account FROM chart WHERE id = ?1",
                [pick.chart_id],
                |r| r.get(0),
            )?;
            if !dry_run {
                insert_review(tx, &plan, period, pick)?;
            }
            out.push(SampledChart {
                chart_id: pick.chart_id,
                account,
                coder: coders.get(&pick.chart_id).cloned().flatten(),
                rules: pick.rules.clone(),
            });
        }
        if !dry_run {
            tx.execute(
                "INSERT INTO review_sample (plan_id, period_from, period_to, finalized, sampled,
                    sampled_by, sampled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    plan_id,
                    period.from.to_string(),
                    period.to.to_string(),
                    candidates.len() as i64,
                    out.len() as i64,
                    actor.user.id,
                    clock::stamp(clock::now())
                ],
            )?;
            record(
                tx,
                actor,
                None,
                ReviewEvent::Sampled {
                    review_plan: plan_id,
                    period,
                    finalized: candidates.len(),
                    sampled: out.len(),
                },
            )?;
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

/// Charts finalized in `period` in the plan's scope, never sampled.
fn candidates(
    conn: &Connection,
    plan: &super::ReviewPlan,
    period: Period,
) -> Result<Vec<Candidate>, WorkError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, u.login, c.coded_at, d.drg_weight,
            EXISTS (SELECT 1 FROM provider_query q WHERE q.chart_id = c.id)
         FROM chart c LEFT JOIN app_user u ON u.id = c.coded_by
            LEFT JOIN chart_drg d ON d.chart_id = c.id
         WHERE c.status IN ('coded', 'audited') AND c.coded_at >= ?1 AND c.coded_at < ?2
           AND (?3 IS NULL OR c.queue = ?3) AND (?4 IS NULL OR u.login = ?4)
           AND NOT EXISTS (SELECT 1 FROM review r WHERE r.chart_id = c.id)
         ORDER BY c.id",
    )?;
    let (from, to) = stamp_bounds(period);
    let rows = stmt.query_map(params![from, to, plan.queue, plan.coder], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, bool>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (chart_id, coder, coded_at, weight, had_query) = row?;
        let finalized = chrono::DateTime::parse_from_rfc3339(&coded_at)
            .map(|t| period.zone.local_date(t.with_timezone(&chrono::Utc)))
            .unwrap_or(period.from);
        let weight = weight
            .map(|w| w.parse())
            .transpose()
            .map_err(|e| WorkError::Invalid(format!("chart_drg: chart {chart_id}: {e}")))?;
        Ok(Candidate {
            chart_id,
            coder,
            finalized,
            weight,
            had_query,
        })
    })
    .collect()
}

/// Charts this plan sampled per coder among those finalized in `month`.
fn month_so_far(
    conn: &Connection,
    plan_id: i64,
    month: Period,
) -> Result<HashMap<String, u64>, WorkError> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.login, count(*) FROM review r JOIN app_user u ON u.id = r.coder_id
         WHERE r.plan_id = ?1 AND r.finalized_at >= ?2 AND r.finalized_at < ?3 GROUP BY u.login",
    )?;
    let (from, to) = stamp_bounds(month);
    let rows = stmt.query_map(params![plan_id, from, to], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    rows.map(|r| r.map(|(l, n)| (l, n.max(0) as u64)).map_err(Into::into))
        .collect()
}

/// The review of one pick, with the coder's codes as its original set and
/// the chart's DRG as its original DRG.
fn insert_review(
    tx: &Transaction<'_>,
    plan: &super::ReviewPlan,
    period: Period,
    pick: &Pick,
) -> Result<(), WorkError> {
    let drg = chart_drg::load(tx, pick.chart_id)?.and_then(|d| d.current);
    let rules: Vec<&str> = pick.rules.iter().map(|k| k.as_str()).collect();
    tx.execute(
        "INSERT INTO review (chart_id, plan_id, period_from, period_to, rules, mode, coder_id,
            queue, finalized_at, sampled_at, original_drg)
         SELECT id, ?2, ?3, ?4, ?5, ?6, coded_by, queue, coded_at, ?7, ?8 FROM chart WHERE id = ?1",
        params![
            pick.chart_id,
            plan.id,
            period.from.to_string(),
            period.to.to_string(),
            serde_json::to_string(&rules).unwrap_or_default(),
            plan.mode.as_str(),
            clock::stamp(clock::now()),
            drg_json(drg.as_ref()),
        ],
    )?;
    let review = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO review_code (review_id, orig_seq, orig_system, orig_code, orig_title,
            orig_role, orig_poa, orig_modifiers, orig_units, orig_pointers, orig_version_id,
            orig_billable, orig_assigned_by)
         SELECT ?1, seq, system, code, title, role, poa, modifiers, units, pointers, version_id,
            billable, assigned_by FROM assignment WHERE chart_id = ?2 ORDER BY seq",
        params![review, pick.chart_id],
    )?;
    Ok(())
}
