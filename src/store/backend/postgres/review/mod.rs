//! Second-level review on PostgreSQL (issue 15 on the team backend): the
//! seam's [`ReviewStore`] with the SQLite store's behaviour. chartq checks
//! *what* here, as the SQLite store does (the seeded sample, a code valid
//! on the date of service, the re-grouped DRG); the definer functions of
//! `sql/review_functions.sql` decide *who* (the access matrix, the
//! review's lease), re-check what a caller could fake (each pick a
//! candidate, the reviewed set the decisions leave), write, and append the
//! audit event in the same transaction. Reads go through row-level
//! security. Split by job: `reads` (rows, plans, candidates), `lines` (the
//! reviewed codes in order), `writes` (every change).

use std::time::Duration;

use chrono::NaiveDate;

use super::{Postgres, acting_as, pg_error};
use crate::domain::chart::ChartRef;
use crate::domain::drg::FinalDrg;
use crate::domain::people::{Actor, Role};
use crate::domain::review::Period;
use crate::store::WorkError;
use crate::store::backend::ReviewStore;
use crate::store::review::{
    AccuracyFilter, NewPlan, ReviewDecision, ReviewDetail, ReviewFacts, ReviewFilter, ReviewPlan,
    ReviewRow, ReviewedSet, SampleOutcome, chart_key,
};

mod facts;
mod lines;
mod reads;
mod writes;

/// The review migration (SQLite's number, PostgreSQL's dialect).
pub const MIGRATIONS: &[(i64, &str)] = &[(15, include_str!("../sql/0015_review.sql"))];

/// The review functions and policies, re-created by every init.
pub const FUNCTIONS: &[&str] = &[include_str!("../sql/review_functions.sql")];

/// Review tables every chartq role may SELECT (row-level security decides
/// which rows: plans for auditors and up, a closed review also for its
/// chart's coder).
pub const READ_TABLES: &[&str] = &[
    "chartq.review_plan",
    "chartq.review_sample",
    "chartq.review",
    "chartq.review_code",
];

/// The review definer functions every chartq role may EXECUTE (each checks
/// the caller itself).
pub const API_FUNCTIONS: &[&str] = &[
    "chartq.review_plan_add",
    "chartq.review_plan_end",
    "chartq.review_sample",
    "chartq.review_expire",
    "chartq.review_claim",
    "chartq.review_release",
    "chartq.review_decide",
    "chartq.review_close",
    "chartq.review_outcomes_seen",
    "chartq.review_rebut",
    "chartq.review_answer",
];

impl ReviewStore for Postgres {
    fn add_review_plan(&mut self, actor: &Actor, new: &NewPlan) -> Result<ReviewPlan, WorkError> {
        writes::add_plan(self, actor, new)
    }
    fn review_plans(&self, actor: &Actor, all: bool) -> Result<Vec<ReviewPlan>, WorkError> {
        actor.require(Role::Auditor, "listing review plans")?;
        self.transact(|tx| reads::plans(tx, all))
    }
    fn end_review_plan(
        &mut self,
        actor: &Actor,
        plan: i64,
        on: NaiveDate,
    ) -> Result<ReviewPlan, WorkError> {
        actor.require(Role::Supervisor, "ending a review plan")?;
        self.transact(|tx| {
            let current = reads::plan(tx, plan)?;
            if let Some(ended) = current.ended_on {
                return Err(WorkError::Conflict(format!(
                    "review plan {plan} ended on {ended} already"
                )));
            }
            tx.execute(
                "SELECT chartq.review_plan_end($1, $2, $3)",
                &[&acting_as(actor), &plan, &on],
            )
            .map_err(pg_error)?;
            reads::plan(tx, plan)
        })
    }
    fn sample_reviews(
        &mut self,
        actor: &Actor,
        plan: i64,
        period: Period,
        dry_run: bool,
    ) -> Result<SampleOutcome, WorkError> {
        writes::sample(self, actor, plan, period, dry_run)
    }
    fn review_queue(
        &mut self,
        actor: &Actor,
        filter: &ReviewFilter,
    ) -> Result<Vec<ReviewRow>, WorkError> {
        actor.require(Role::Auditor, "the review queue")?;
        self.transact(|tx| {
            tx.execute("SELECT chartq.review_expire()", &[])
                .map_err(pg_error)?;
            let limit = if filter.limit == 0 {
                None
            } else {
                Some(filter.limit as i64)
            };
            let rows = tx
                .query(
                    &format!(
                        "{} WHERE ($1::text IS NULL AND r.status <> 'closed' OR r.status = $1)
                           AND ($2::text IS NULL OR r.queue = $2)
                           AND ($3::text IS NULL OR cu.login = $3)
                         ORDER BY r.status = 'closed', r.mode <> 'prebill', r.finalized_at, r.id
                         LIMIT $4",
                        reads::ROW_SQL
                    ),
                    &[
                        &filter.status.map(|s| s.as_str()),
                        &filter.queue,
                        &filter.coder,
                        &limit,
                    ],
                )
                .map_err(pg_error)?;
            rows.iter().map(reads::row_from).collect()
        })
    }
    fn claim_review(
        &mut self,
        actor: &Actor,
        chart: Option<&ChartRef>,
        lease: Duration,
    ) -> Result<Option<ReviewDetail>, WorkError> {
        writes::claim(self, actor, chart, lease)
    }
    fn release_review(&mut self, actor: &Actor, chart: &ChartRef) -> Result<ReviewRow, WorkError> {
        actor.require(Role::Auditor, "reviewing charts")?;
        self.transact(|tx| {
            let (id, chart_id) = reads::review_of(tx, actor, chart)?;
            let row = reads::load_row(tx, id)?;
            let mine = row.auditor.as_deref() == Some(&actor.user.login);
            if row.status != crate::domain::review::ReviewStatus::InReview
                || !(mine || actor.is_at_least(Role::Supervisor))
            {
                return Err(WorkError::Conflict(format!(
                    "the review of chart {} is {}, not yours to release",
                    chart_key(chart),
                    row.status
                )));
            }
            tx.execute(
                "SELECT chartq.review_release($1, $2, $3)",
                &[&acting_as(actor), &chart_id, &chart_key(chart)],
            )
            .map_err(pg_error)?;
            reads::load_row(tx, id)
        })
    }
    fn review(&self, actor: &Actor, chart: &ChartRef) -> Result<ReviewDetail, WorkError> {
        self.transact(|tx| {
            let (id, _) = reads::review_of(tx, actor, chart)?;
            let row = reads::load_row(tx, id)?;
            let own = row.coder.as_deref() == Some(&actor.user.login);
            let closed = row.status == crate::domain::review::ReviewStatus::Closed;
            if !(actor.is_at_least(Role::Auditor) || (own && closed)) {
                return Err(WorkError::NotFound {
                    what: "review of chart",
                    key: chart_key(chart),
                });
            }
            Ok(ReviewDetail {
                codes: reads::load_codes(tx, id)?,
                review: row,
            })
        })
    }
    fn decide_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        decision: &ReviewDecision,
    ) -> Result<ReviewDetail, WorkError> {
        writes::decide(self, actor, chart, decision)
    }
    fn reviewed_set(&self, actor: &Actor, chart: &ChartRef) -> Result<ReviewedSet, WorkError> {
        actor.require(Role::Auditor, "reviewing charts")?;
        let loaded = crate::store::backend::Backend::reload(self, actor, chart)?.chart;
        self.transact(|tx| {
            let (id, _) = reads::review_of(tx, actor, chart)?;
            let lines: Vec<_> = lines::reviewed_lines(tx, id, actor.user.id)?
                .into_iter()
                .map(|(_, l)| l)
                .collect();
            Ok(ReviewedSet {
                chart: loaded,
                codes: crate::store::review::decide::as_assignments(&lines),
            })
        })
    }
    fn close_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        judged: &str,
        drg: Option<&FinalDrg>,
    ) -> Result<ReviewRow, WorkError> {
        writes::close(self, actor, chart, judged, drg)
    }
    fn review_outcomes(
        &mut self,
        actor: &Actor,
        coder: Option<&str>,
        unseen: bool,
    ) -> Result<Vec<ReviewDetail>, WorkError> {
        facts::outcomes(self, actor, coder, unseen)
    }
    fn unseen_outcomes(&self, actor: &Actor) -> Result<u64, WorkError> {
        let n: i64 = self
            .client()
            .query_one(
                "SELECT count(*) FROM chartq.review
                 WHERE status = 'closed' AND outcome_seen_at IS NULL AND coder_id = $1",
                &[&actor.user.id],
            )
            .map_err(pg_error)?
            .get(0);
        Ok(n.max(0) as u64)
    }
    fn rebut_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        text: &str,
    ) -> Result<ReviewRow, WorkError> {
        writes::rebut(self, actor, chart, text)
    }
    fn answer_rebuttal(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        accept: bool,
        comment: Option<&str>,
    ) -> Result<ReviewRow, WorkError> {
        writes::answer(self, actor, chart, accept, comment)
    }
    fn accuracy_facts(
        &self,
        actor: &Actor,
        filter: &AccuracyFilter,
    ) -> Result<Vec<ReviewFacts>, WorkError> {
        facts::facts(self, actor, filter)
    }
}
