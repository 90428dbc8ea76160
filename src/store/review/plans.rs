//! Review plans: a supervisor adds one (scope, mode, rules, seed), lists
//! them and ends one. Each write audited.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{NewPlan, ReviewPlan, record};
use crate::domain::people::{Actor, Role};
use crate::domain::review::{ReviewEvent, SampleRule};
use crate::domain::text::single_line;
use crate::store::{Store, WorkError, clock, people};

const PLAN_COLUMNS: &str = "p.id, p.name, p.queue, cu.login, p.mode, p.rules, p.seed,
    bu.login, p.created_at, p.ended_on";
const PLAN_FROM: &str = "review_plan p LEFT JOIN app_user cu ON cu.id = p.coder_id
    JOIN app_user bu ON bu.id = p.created_by";

fn plan_from_row(r: &Row<'_>) -> rusqlite::Result<(ReviewPlan, String, String)> {
    let seed: i64 = r.get(6)?;
    let ended: Option<String> = r.get(9)?;
    Ok((
        ReviewPlan {
            id: r.get(0)?,
            name: r.get(1)?,
            queue: r.get(2)?,
            coder: r.get(3)?,
            mode: crate::domain::review::ReviewMode::Prebill,
            rules: vec![],
            seed: seed as u64,
            created_by: r.get(7)?,
            created_at: r.get(8)?,
            ended_on: ended.and_then(|d| d.parse().ok()),
        },
        r.get(4)?,
        r.get(5)?,
    ))
}

fn finish(row: (ReviewPlan, String, String)) -> Result<ReviewPlan, WorkError> {
    let (mut plan, mode, rules) = row;
    plan.mode = mode.parse().map_err(WorkError::Invalid)?;
    plan.rules = serde_json::from_str(&rules)
        .map_err(|e| WorkError::Invalid(format!("review plan {}: rules: {e}", plan.id)))?;
    Ok(plan)
}

/// One plan by id.
pub(crate) fn load(conn: &Connection, id: i64) -> Result<ReviewPlan, WorkError> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {PLAN_COLUMNS} FROM {PLAN_FROM} WHERE p.id = ?1"
        ))?
        .query_row([id], plan_from_row)
        .optional()?
        .ok_or_else(|| WorkError::NotFound {
            what: "review plan",
            key: id.to_string(),
        })?;
    finish(row)
}

/// The user id of `login`, or an error naming `field`.
fn user_id(conn: &Connection, field: &str, login: &str) -> Result<i64, WorkError> {
    people::find_user(conn, login)?
        .map(|u| u.id)
        .ok_or_else(|| {
            WorkError::Invalid(format!("{field}: no chartq user '{}'", single_line(login)))
        })
}

/// Adds a plan (supervisors and admins). Refused, naming the field, for an
/// empty name, no rules, or a coder (scope or new-coder rule) who is not
/// a user.
pub fn add(store: &mut Store, actor: &Actor, new: &NewPlan) -> Result<ReviewPlan, WorkError> {
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
    store.transact(|tx| {
        let coder_id = match &new.coder {
            Some(login) => Some(user_id(tx, "coder", login)?),
            None => None,
        };
        for rule in &new.rules {
            if let SampleRule::NewCoder { coder, .. } = rule {
                user_id(tx, "rule: new-coder", coder)?;
            }
        }
        tx.execute(
            "INSERT INTO review_plan (name, queue, coder_id, mode, rules, seed, created_by,
                created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                name,
                queue,
                coder_id,
                new.mode.as_str(),
                serde_json::to_string(&rules).unwrap_or_default(),
                new.seed as i64,
                actor.user.id,
                clock::stamp(clock::now()),
            ],
        )?;
        let id = tx.last_insert_rowid();
        record(
            tx,
            actor,
            None,
            ReviewEvent::PlanAdded {
                review_plan: id,
                name: name.clone(),
                mode: new.mode,
                rules: rules.clone(),
                seed: new.seed,
                queue: queue.clone(),
                coder: new.coder.clone(),
            },
        )?;
        load(tx, id)
    })
}

/// Every plan (auditors and up), ended ones only when `all`.
pub fn list(store: &Store, actor: &Actor, all: bool) -> Result<Vec<ReviewPlan>, WorkError> {
    actor.require(Role::Auditor, "listing review plans")?;
    store.read(|c| {
        let rows: Vec<(ReviewPlan, String, String)> = c
            .prepare_cached(&format!(
                "SELECT {PLAN_COLUMNS} FROM {PLAN_FROM}
                 WHERE ?1 OR p.ended_on IS NULL ORDER BY p.id"
            ))?
            .query_map([all], plan_from_row)?
            .collect::<Result<_, _>>()?;
        rows.into_iter().map(finish).collect()
    })
}

/// Ends a plan on `on` (supervisors and admins): no period after it is
/// sampled; its reviews go on.
pub fn end(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    on: NaiveDate,
) -> Result<ReviewPlan, WorkError> {
    actor.require(Role::Supervisor, "ending a review plan")?;
    store.transact(|tx| {
        let plan = load(tx, id)?;
        if let Some(ended) = plan.ended_on {
            return Err(WorkError::Conflict(format!(
                "review plan {id} ended on {ended} already"
            )));
        }
        tx.execute(
            "UPDATE review_plan SET ended_on = ?1, ended_by = ?2 WHERE id = ?3",
            params![on.to_string(), actor.user.id, id],
        )?;
        record(
            tx,
            actor,
            None,
            ReviewEvent::PlanEnded {
                review_plan: id,
                ended: on,
            },
        )?;
        load(tx, id)
    })
}
