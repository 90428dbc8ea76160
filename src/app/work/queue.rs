//! The queue's use cases: claiming the next chart or a named one, renewing
//! the lease, releasing and holding a chart.

use crate::domain::chart::{Chart, ChartRef};
use crate::domain::people::Actor;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::queue::ClaimRequest;

/// Claims the best chart `request` allows (its queue, its lease); `None`
/// when there is nothing to claim — not an error, the queue may be empty.
pub fn claim(
    backend: &mut dyn Backend,
    actor: &Actor,
    request: &ClaimRequest,
) -> Result<Option<Chart>, WorkError> {
    backend.claim(actor, request)
}

/// Claims one named chart with the default lease. A chart that cannot be
/// claimed (another coder's, coded) is a conflict: the coder asked for it.
pub fn claim_chart(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<Chart, WorkError> {
    let request = ClaimRequest {
        chart: Some(chart.clone()),
        ..ClaimRequest::default()
    };
    backend
        .claim(actor, &request)?
        .ok_or_else(|| WorkError::Conflict("the chart could not be claimed".into()))
}

/// Extends the actor's lease on a chart they hold.
pub fn renew(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<Chart, WorkError> {
    backend.renew(actor, chart)
}

/// Gives a chart back to the queue.
pub fn release(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<Chart, WorkError> {
    backend.release(actor, chart)
}

/// Puts a chart on hold with the reason the coder gave (the store refuses
/// an empty one and keeps it to one line).
pub fn hold(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: &ChartRef,
    reason: &str,
) -> Result<Chart, WorkError> {
    backend.hold(actor, chart, reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::chart::ChartId;
    use crate::domain::people::{Role, User};
    use crate::store::offline::Offline;

    fn coder() -> Actor {
        Actor {
            user: User {
                id: 2,
                login: "bo".into(),
                name: None,
                role: Role::Coder,
                queues: vec!["ed".into()],
                created_at: String::new(),
            },
            real_login: None,
        }
    }

    /// The use cases run on any backend: on one without a database every
    /// change is refused with its reason, never reported as done.
    #[test]
    fn the_use_cases_run_on_the_second_backend() {
        let mut offline = Offline {
            reason: "db.example: connection refused".into(),
            login: "bo".into(),
            versions: Vec::new(),
        };
        let chart = ChartRef::Id(ChartId(7));
        let refused = claim_chart(&mut offline, &coder(), &chart).unwrap_err();
        assert!(
            refused.to_string().contains("connection refused"),
            "{refused}"
        );
        assert!(hold(&mut offline, &coder(), &chart, "op note").is_err());
        assert!(release(&mut offline, &coder(), &chart).is_err());
        assert!(crate::app::work::chart::refresh(&offline, &coder(), &chart).is_err());
    }
}
