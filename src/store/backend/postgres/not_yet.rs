//! The review and report operations (issue 15) on PostgreSQL: not built
//! yet. Review plans, sampling, the review itself and the department's
//! reports landed on SQLite in the same session as the team backend; their
//! tables, definer functions and row-level policies in the PostgreSQL
//! dialect are the next step. Until then every one of them refuses with one
//! sentence naming the operation (never a wrong or empty answer), so a team
//! database never silently reports nothing.

use std::time::Duration;

use chrono::NaiveDate;

use super::{Postgres, not_yet};
use crate::domain::chart::ChartRef;
use crate::domain::drg::FinalDrg;
use crate::domain::people::Actor;
use crate::domain::review::Period;
use crate::store::WorkError;
use crate::store::backend::{ReportStore, ReviewStore};
use crate::store::reports::ReportFilter;
use crate::store::reports::backlog::BacklogCount;
use crate::store::reports::productivity::ProductivityCounts;
use crate::store::reports::queries::QueryFact;
use crate::store::review::{
    AccuracyFilter, NewPlan, ReviewDecision, ReviewDetail, ReviewFacts, ReviewFilter, ReviewPlan,
    ReviewRow, ReviewedSet, SampleOutcome,
};

const REVIEW: &str = "second-level review";
const REPORTS: &str = "the department's reports";

impl ReviewStore for Postgres {
    fn add_review_plan(&mut self, _: &Actor, _: &NewPlan) -> Result<ReviewPlan, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn review_plans(&self, _: &Actor, _: bool) -> Result<Vec<ReviewPlan>, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn end_review_plan(
        &mut self,
        _: &Actor,
        _: i64,
        _: NaiveDate,
    ) -> Result<ReviewPlan, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn sample_reviews(
        &mut self,
        _: &Actor,
        _: i64,
        _: Period,
        _: bool,
    ) -> Result<SampleOutcome, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn review_queue(&mut self, _: &Actor, _: &ReviewFilter) -> Result<Vec<ReviewRow>, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn claim_review(
        &mut self,
        _: &Actor,
        _: Option<&ChartRef>,
        _: Duration,
    ) -> Result<Option<ReviewDetail>, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn release_review(&mut self, _: &Actor, _: &ChartRef) -> Result<ReviewRow, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn review(&self, _: &Actor, _: &ChartRef) -> Result<ReviewDetail, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn decide_review(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: &ReviewDecision,
    ) -> Result<ReviewDetail, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn reviewed_set(&self, _: &Actor, _: &ChartRef) -> Result<ReviewedSet, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn close_review(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: &str,
        _: Option<&FinalDrg>,
    ) -> Result<ReviewRow, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn review_outcomes(
        &mut self,
        _: &Actor,
        _: Option<&str>,
        _: bool,
    ) -> Result<Vec<ReviewDetail>, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn unseen_outcomes(&self, _: &Actor) -> Result<u64, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn rebut_review(&mut self, _: &Actor, _: &ChartRef, _: &str) -> Result<ReviewRow, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn answer_rebuttal(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: bool,
        _: Option<&str>,
    ) -> Result<ReviewRow, WorkError> {
        Err(not_yet(REVIEW))
    }
    fn accuracy_facts(&self, _: &Actor, _: &AccuracyFilter) -> Result<Vec<ReviewFacts>, WorkError> {
        Err(not_yet(REVIEW))
    }
}

impl ReportStore for Postgres {
    fn productivity_counts(
        &self,
        _: &Actor,
        _: &ReportFilter,
    ) -> Result<ProductivityCounts, WorkError> {
        Err(not_yet(REPORTS))
    }
    fn backlog_counts(
        &self,
        _: &Actor,
        _: NaiveDate,
        _: Option<&str>,
    ) -> Result<Vec<BacklogCount>, WorkError> {
        Err(not_yet(REPORTS))
    }
    fn hold_counts(
        &self,
        _: &Actor,
        _: &ReportFilter,
    ) -> Result<Vec<(String, u64, u64)>, WorkError> {
        Err(not_yet(REPORTS))
    }
    fn queries_sent(&self, _: &Actor, _: &ReportFilter) -> Result<Vec<QueryFact>, WorkError> {
        Err(not_yet(REPORTS))
    }
}
