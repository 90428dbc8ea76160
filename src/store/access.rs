//! PHI access scope: which charts a user may see, open and work. The one
//! place the access matrix (README, Security → "Who sees which charts")
//! is enforced; every store function that takes a chart key goes through
//! [`resolve`], and every list of charts or provider queries filters with
//! [`visible_sql`].
//!
//! - Auditors, supervisors and admins see every chart.
//! - A coder sees the charts of the work queues a supervisor put them in,
//!   plus the charts that are theirs whatever the queue: a chart they coded
//!   or work on (`coder_id`, `coded_by`, the lease they hold), a chart
//!   assigned to them (`assigned_to`), and a chart on which they asked a
//!   provider query (their own queries and the answers to them).
//!
//! A chart the user may not see is refused exactly like a chart that does
//! not exist (`chart KEY not found`), so its existence is not leaked; the
//! same goes for a provider query on such a chart.

use rusqlite::{Connection, OptionalExtension};

use super::WorkError;
use crate::domain::chart::ChartRef;
use crate::domain::people::Actor;
use crate::domain::people::Role;

/// True when `actor` sees every chart: auditors, supervisors and admins.
pub fn sees_all(actor: &Actor) -> bool {
    actor.is_at_least(Role::Auditor)
}

/// SQL over `chart c`, true when the chart is one a coder whose user id is
/// bound at `user` (a placeholder such as `?3`) may see. Callers add it
/// only when [`sees_all`] is false.
pub(crate) fn visible_sql(user: &str) -> String {
    format!(
        "(c.queue IN (SELECT m.queue FROM queue_member m WHERE m.user_id = {user})
          OR c.coder_id = {user} OR c.coded_by = {user} OR c.assigned_to = {user}
          OR c.lease_holder = {user}
          OR EXISTS (SELECT 1 FROM provider_query pq
                     WHERE pq.chart_id = c.id AND pq.asked_by = {user}))"
    )
}

/// Whether `actor` may see chart `chart_id` (which exists or not).
pub fn can_see(conn: &Connection, actor: &Actor, chart_id: i64) -> Result<bool, WorkError> {
    if sees_all(actor) {
        return Ok(true);
    }
    let sql = format!(
        "SELECT 1 FROM chart c WHERE c.id = ?1 AND {}",
        visible_sql("?2")
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([chart_id, actor.user.id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The chart `actor` means by `chart`, or `chart KEY not found` both when
/// there is none and when it is one they may not see.
pub(crate) fn resolve(
    conn: &Connection,
    actor: &Actor,
    chart: &ChartRef,
) -> Result<i64, WorkError> {
    let id = super::charts::resolve(conn, chart)?;
    if can_see(conn, actor, id)? {
        Ok(id)
    } else {
        Err(super::charts::not_found(chart))
    }
}

/// For a coder in no work queue: what to tell them when they ask for
/// work (a coder cannot join a queue themselves). `None` for everyone else.
pub fn no_queue_message(actor: &Actor) -> Option<String> {
    (actor.user.role == Role::Coder && actor.user.queues.is_empty()).then(|| {
        format!(
            "you are in no work queue; ask a supervisor to add you (`chartq user join QUEUE --user {}`)",
            actor.user.login
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::User;
    use crate::store::people;
    use crate::store::{Store, chart_detail, charts, queue};

    fn feed() -> &'static str {
        concat!(
            r#"{"account":"A-1","mrn":"M1","patient":{"name":"Ada Vell","dob":"1970-01-02","sex":"F"},"encounter_type":"ed","service_date":"2026-04-03","queue":"ed","priority":1}"#,
            "\n",
            r#"{"account":"B-1","mrn":"M2","patient":{"name":"Bo Rand","dob":"1980-03-04","sex":"M"},"encounter_type":"ed","service_date":"2026-04-04","queue":"clinic","priority":1}"#,
            "\n"
        )
    }

    #[test]
    fn coders_see_their_queues_and_their_own_charts_others_see_all() {
        let mut store = Store::open_in_memory().unwrap();
        people::init_as(&mut store, "ana", people::process_uid()).unwrap();
        let admin = people::actor_for_login(&mut store, "ana", None).unwrap();
        for (login, role) in [("cy", Role::Coder), ("au", Role::Auditor)] {
            people::add_user(&mut store, &admin, login, role, None).unwrap();
        }
        people::set_membership(&mut store, &admin, Some("cy"), "ed", true).unwrap();
        charts::import(
            &mut store,
            &admin,
            feed().as_bytes(),
            "feed.jsonl",
            charts::Format::Jsonl,
        )
        .unwrap();
        let cy = people::actor_for_login(&mut store, "cy", None).unwrap();
        let au = people::actor_for_login(&mut store, "au", None).unwrap();
        let seen = |store: &mut Store, who: &Actor| -> Vec<String> {
            let filter = queue::ListFilter::default();
            queue::list(store, who, &filter)
                .unwrap()
                .into_iter()
                .map(|c| c.account)
                .collect()
        };
        assert_eq!(seen(&mut store, &cy), ["A-1"]);
        assert_eq!(seen(&mut store, &au), ["A-1", "B-1"]);
        assert_eq!(seen(&mut store, &admin), ["A-1", "B-1"]);
        let err = chart_detail::show(&mut store, &cy, &ChartRef::account("B-1"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "chart B-1 not found");
        let err = chart_detail::show(&mut store, &cy, &ChartRef::account("NOPE"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "chart NOPE not found");

        // Assigned to cy: now cy's to see, whatever the queue.
        queue::assign_to(&mut store, &admin, &ChartRef::account("B-1"), "cy").unwrap();
        assert_eq!(seen(&mut store, &cy), ["A-1", "B-1"]);
        assert!(no_queue_message(&cy).is_none());
        let coder_without_queue = Actor {
            user: User {
                queues: vec![],
                ..cy.user.clone()
            },
            real_login: None,
        };
        assert!(
            no_queue_message(&coder_without_queue)
                .unwrap()
                .contains("--user cy")
        );
        assert!(no_queue_message(&au).is_none());
    }
}
