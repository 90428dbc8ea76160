//! The seam's review operations (issue 15): plans, sampling, the auditor's
//! review and the coder's rebuttal, and the facts accuracy is computed
//! from. A supertrait of [`super::Backend`], so every backend offers them;
//! each is one transaction, authorized against the actor and audited in it.

use std::time::Duration;

use chrono::NaiveDate;

use crate::domain::chart::ChartRef;
use crate::domain::drg::FinalDrg;
use crate::domain::people::Actor;
use crate::domain::review::Period;
use crate::store::review::{
    self, AccuracyFilter, NewPlan, ReviewDecision, ReviewDetail, ReviewFacts, ReviewFilter,
    ReviewPlan, ReviewRow, ReviewTally, ReviewedSet, SampleOutcome,
};
use crate::store::{Store, WorkError};

/// The review operations the use cases need from a database.
pub trait ReviewStore {
    /// Adds a review plan (supervisors and admins).
    fn add_review_plan(&mut self, actor: &Actor, new: &NewPlan) -> Result<ReviewPlan, WorkError>;
    /// The plans, ended ones too when `all` (auditors and up).
    fn review_plans(&self, actor: &Actor, all: bool) -> Result<Vec<ReviewPlan>, WorkError>;
    /// Ends a plan on `on`.
    fn end_review_plan(
        &mut self,
        actor: &Actor,
        plan: i64,
        on: NaiveDate,
    ) -> Result<ReviewPlan, WorkError>;
    /// Samples one closed period by one plan (nothing stored when `dry_run`).
    fn sample_reviews(
        &mut self,
        actor: &Actor,
        plan: i64,
        period: Period,
        dry_run: bool,
    ) -> Result<SampleOutcome, WorkError>;
    /// The review queue (auditors and up).
    fn review_queue(
        &mut self,
        actor: &Actor,
        filter: &ReviewFilter,
    ) -> Result<Vec<ReviewRow>, WorkError>;
    /// Claims the next review, or the one of `chart`, under a lease.
    fn claim_review(
        &mut self,
        actor: &Actor,
        chart: Option<&ChartRef>,
        lease: Duration,
    ) -> Result<Option<ReviewDetail>, WorkError>;
    fn release_review(&mut self, actor: &Actor, chart: &ChartRef) -> Result<ReviewRow, WorkError>;
    /// A review whole (auditors; the chart's coder once it is closed).
    fn review(&self, actor: &Actor, chart: &ChartRef) -> Result<ReviewDetail, WorkError>;
    /// One decision on a code of the actor's claimed review.
    fn decide_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        decision: &ReviewDecision,
    ) -> Result<ReviewDetail, WorkError>;
    /// The chart's codes as closing the review would leave them.
    fn reviewed_set(&self, actor: &Actor, chart: &ChartRef) -> Result<ReviewedSet, WorkError>;
    /// Closes the review: `judged` is the fingerprint of the reviewed codes
    /// `drg` was grouped from.
    fn close_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        judged: &str,
        drg: Option<&FinalDrg>,
    ) -> Result<ReviewRow, WorkError>;
    /// Closed reviews of a coder's charts (a coder: their own only).
    fn review_outcomes(
        &mut self,
        actor: &Actor,
        coder: Option<&str>,
        unseen: bool,
    ) -> Result<Vec<ReviewDetail>, WorkError>;
    /// How many outcomes of the actor's charts they have not seen.
    fn unseen_outcomes(&self, actor: &Actor) -> Result<u64, WorkError>;
    /// The coder's one rebuttal of a review.
    fn rebut_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        text: &str,
    ) -> Result<ReviewRow, WorkError>;
    /// An auditor accepts or upholds a rebuttal.
    fn answer_rebuttal(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        accept: bool,
        comment: Option<&str>,
    ) -> Result<ReviewRow, WorkError>;
    /// What the accuracy report counts (a coder: their own reviews only).
    fn accuracy_facts(
        &self,
        actor: &Actor,
        filter: &AccuracyFilter,
    ) -> Result<Vec<ReviewFacts>, WorkError>;
    /// Each selected closed review's counts for the accuracy report. A
    /// backend that keeps them (SQLite: `review_tally`) reads them; this
    /// default tallies [`Self::accuracy_facts`], the same numbers.
    fn accuracy_tallies(
        &self,
        actor: &Actor,
        filter: &AccuracyFilter,
    ) -> Result<Vec<ReviewTally>, WorkError> {
        Ok(self
            .accuracy_facts(actor, filter)?
            .iter()
            .map(|f| ReviewTally {
                review: f.review,
                coder: f.coder.clone(),
                queue: f.queue.clone(),
                finalized: f.finalized,
                tally: crate::domain::review::accuracy::Tally::of(f),
            })
            .collect())
    }
}

/// SQLite: each operation is a call into `store::review`.
impl ReviewStore for Store {
    fn add_review_plan(&mut self, actor: &Actor, new: &NewPlan) -> Result<ReviewPlan, WorkError> {
        review::plans::add(self, actor, new)
    }
    fn review_plans(&self, actor: &Actor, all: bool) -> Result<Vec<ReviewPlan>, WorkError> {
        review::plans::list(self, actor, all)
    }
    fn end_review_plan(
        &mut self,
        actor: &Actor,
        plan: i64,
        on: NaiveDate,
    ) -> Result<ReviewPlan, WorkError> {
        review::plans::end(self, actor, plan, on)
    }
    fn sample_reviews(
        &mut self,
        actor: &Actor,
        plan: i64,
        period: Period,
        dry_run: bool,
    ) -> Result<SampleOutcome, WorkError> {
        review::sample::sample(self, actor, plan, period, dry_run)
    }
    fn review_queue(
        &mut self,
        actor: &Actor,
        filter: &ReviewFilter,
    ) -> Result<Vec<ReviewRow>, WorkError> {
        review::flow::queue(self, actor, filter)
    }
    fn claim_review(
        &mut self,
        actor: &Actor,
        chart: Option<&ChartRef>,
        lease: Duration,
    ) -> Result<Option<ReviewDetail>, WorkError> {
        review::flow::claim(self, actor, chart, lease)
    }
    fn release_review(&mut self, actor: &Actor, chart: &ChartRef) -> Result<ReviewRow, WorkError> {
        review::flow::release(self, actor, chart)
    }
    fn review(&self, actor: &Actor, chart: &ChartRef) -> Result<ReviewDetail, WorkError> {
        review::flow::show(self, actor, chart)
    }
    fn decide_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        decision: &ReviewDecision,
    ) -> Result<ReviewDetail, WorkError> {
        review::decide::decide(self, actor, chart, decision)
    }
    fn reviewed_set(&self, actor: &Actor, chart: &ChartRef) -> Result<ReviewedSet, WorkError> {
        review::decide::reviewed_set(self, actor, chart)
    }
    fn close_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        judged: &str,
        drg: Option<&FinalDrg>,
    ) -> Result<ReviewRow, WorkError> {
        review::decide::close(self, actor, chart, judged, drg)
    }
    fn review_outcomes(
        &mut self,
        actor: &Actor,
        coder: Option<&str>,
        unseen: bool,
    ) -> Result<Vec<ReviewDetail>, WorkError> {
        review::rebuttal::outcomes(self, actor, coder, unseen)
    }
    fn unseen_outcomes(&self, actor: &Actor) -> Result<u64, WorkError> {
        review::rebuttal::unseen(self, actor)
    }
    fn rebut_review(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        text: &str,
    ) -> Result<ReviewRow, WorkError> {
        review::rebuttal::rebut(self, actor, chart, text)
    }
    fn answer_rebuttal(
        &mut self,
        actor: &Actor,
        chart: &ChartRef,
        accept: bool,
        comment: Option<&str>,
    ) -> Result<ReviewRow, WorkError> {
        review::rebuttal::answer(self, actor, chart, accept, comment)
    }
    fn accuracy_facts(
        &self,
        actor: &Actor,
        filter: &AccuracyFilter,
    ) -> Result<Vec<ReviewFacts>, WorkError> {
        review::facts::facts(self, actor, filter)
    }
    fn accuracy_tallies(
        &self,
        actor: &Actor,
        filter: &AccuracyFilter,
    ) -> Result<Vec<ReviewTally>, WorkError> {
        review::facts::tallies(self, actor, filter)
    }
}
