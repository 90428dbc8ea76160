//! The demo year's quality review (issue 15): once the year is played, the
//! supervisor adds a weekly review plan, samples every closed week of the
//! year (the charts' finalize times are the year's simulated ones, so the
//! sample spreads over the weeks) and the demo auditor works the sampled
//! charts, so `chartq report accuracy` has a year of reviews to show.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use super::{DemoError, staff};
use crate::app::review::{plans, simulate};
use crate::domain::report::FacilityZone;
use crate::domain::review::{Period, ReviewMode, SampleRule};
use crate::store::review::NewPlan;
use crate::store::{Store, WorkError, people};

/// The demo plan's rules: a random 5 % and every chart with a provider
/// query (as a department new to auditing would start).
const RULES: [&str; 2] = ["random:5%", "provider-query"];

/// What the year's review did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReviewTally {
    /// Weeks sampled.
    pub weeks: usize,
    /// Charts sampled over them.
    pub sampled: usize,
    /// Reviews the auditor closed.
    pub reviewed: usize,
    /// Of those, reviews that changed a code.
    pub changed: usize,
}

/// Adds the plan, samples each week that ended by `last` (Monday to
/// Sunday, the facility's days in `zone`), then lets the demo auditor
/// close every review.
pub fn review_year(
    store: &mut Store,
    zone: FacilityZone,
    first: NaiveDate,
    last: NaiveDate,
    seed: u64,
) -> Result<ReviewTally, DemoError> {
    let admin = people::demo_creator_admin(store)?;
    let login = admin.user.login.clone();
    let supervisor = staff::STAFF
        .iter()
        .find(|s| s.role == "supervisor")
        .map(|s| s.login)
        .ok_or_else(|| WorkError::Invalid("the demo staff has no supervisor".into()))?;
    let sup = people::actor_for_login(store, &login, Some(supervisor))?;
    let aud = people::actor_for_login(store, &login, Some(staff::auditor().login))?;
    let rules = RULES
        .iter()
        .map(|r| r.parse::<SampleRule>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| WorkError::Invalid(format!("rule: {e}")))?;
    let plan = crate::store::backend::ReviewStore::add_review_plan(
        store,
        &sup,
        &NewPlan {
            name: "demo weekly".into(),
            queue: None,
            coder: None,
            mode: ReviewMode::Retrospective,
            rules,
            seed,
        },
    )?;
    // The year is over: "today" for sampling is the day after its end.
    let today = last + Days::new(1);
    let mut tally = ReviewTally::default();
    let mut monday = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
    while monday + Days::new(6) <= last {
        let sunday = monday + Days::new(6);
        let period = Period::new(monday, sunday).map_err(WorkError::Invalid)?;
        let outcomes = plans::sample(store, &sup, zone, today, Some(plan.id), period, false)?;
        tally.weeks += 1;
        tally.sampled += outcomes.iter().map(|o| o.picks.len()).sum::<usize>();
        monday = monday + Days::new(7);
        debug_assert_eq!(monday.weekday(), Weekday::Mon);
    }
    let done = simulate::simulate(store, &aud, seed, usize::MAX / 4)?;
    tally.reviewed = done.reviewed;
    tally.changed = done.changed;
    Ok(tally)
}
