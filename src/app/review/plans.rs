//! Sampling as a use case: only a closed period (it ended before today, by
//! the project's clock, in the facility's time zone), by one plan or by
//! every plan active in it, over the charts finalized in the period's days
//! in that zone.

use chrono::NaiveDate;

use crate::domain::people::Actor;
use crate::domain::report::FacilityZone;
use crate::domain::review::Period;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::review::SampleOutcome;

/// Samples `period` (the facility's days in `zone`) by plan `plan` (or by
/// every plan not ended before the period began). Refused, naming the
/// field, while the period is open (`today` is the facility's).
pub fn sample(
    backend: &mut dyn Backend,
    actor: &Actor,
    zone: FacilityZone,
    today: NaiveDate,
    plan: Option<i64>,
    period: Period,
    dry_run: bool,
) -> Result<Vec<SampleOutcome>, WorkError> {
    let period = period.in_zone(zone);
    if period.to >= today {
        return Err(WorkError::Invalid(format!(
            "period: {period} is not closed yet (sampling is over periods that ended before today, {today})"
        )));
    }
    let plans: Vec<i64> = match plan {
        Some(id) => vec![id],
        None => backend
            .review_plans(actor, false)?
            .into_iter()
            .filter(|p| p.ended_on.is_none_or(|e| e >= period.from))
            .map(|p| p.id)
            .collect(),
    };
    if plans.is_empty() {
        return Err(WorkError::Invalid(
            "plan: no active review plan (`chartq review plan add`)".into(),
        ));
    }
    plans
        .into_iter()
        .map(|id| backend.sample_reviews(actor, id, period, dry_run))
        .collect()
}
