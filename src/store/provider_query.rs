//! Provider queries: a coder asks the attending a multiple-choice question
//! when the documentation is unclear. Asking puts the chart on hold; the
//! answer sends it back to its coder's queue, flagged. A compliant query
//! always offers "Other (please specify)" and "Unable to determine" besides
//! the clinically reasonable options, so they are added to every query.

use crate::domain::audit::{AuditDetail, Yes};
use crate::domain::chart::ChartRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Store, WorkError, access, audit, clock, queue};
use crate::domain::people::Actor;
use crate::domain::people::Role;
use crate::domain::query::ProviderQueryStatus;
use crate::domain::text::single_line;

/// The options every provider query carries.
pub const ALWAYS_OFFERED: [&str; 2] = ["Other (please specify)", "Unable to determine"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderQuery {
    pub id: i64,
    pub chart_id: i64,
    pub account: String,
    pub provider: String,
    pub question: String,
    pub options: Vec<String>,
    pub status: ProviderQueryStatus,
    pub response: Option<String>,
    pub asked_by: String,
    pub asked_at: String,
    /// The chartq user who entered the answer (same as `entered_by`; kept
    /// under its old name for scripts).
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
    /// The chartq user who entered the answer.
    pub entered_by: Option<String>,
    /// The provider the answer is attributed to (the provider asked).
    pub attributed_to: Option<String>,
    /// True when `entered_by` typed the answer in for `attributed_to` (a
    /// provider's reply transcribed by a coder): not the provider's own
    /// entry. chartq has no provider identity, so every answer is.
    pub entered_on_behalf: bool,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
}

/// What the coder asks.
#[derive(Debug, Clone, Default)]
pub struct NewProviderQuery {
    pub provider: String,
    pub question: String,
    /// The clinically reasonable options; [`ALWAYS_OFFERED`] are appended.
    pub options: Vec<String>,
}

/// Opens a provider query on the holder's chart and puts the chart on hold.
pub fn ask(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartRef,
    new: &NewProviderQuery,
) -> Result<ProviderQuery, WorkError> {
    let provider = single_line(&new.provider);
    let question = crate::domain::text::sanitize(&new.question)
        .trim()
        .to_string();
    if provider.is_empty() || question.is_empty() {
        return Err(WorkError::Invalid(
            "a provider query needs a provider and a question".into(),
        ));
    }
    let options = with_required_options(&new.options)?;
    store.transact(|tx| {
        let id = access::resolve(tx, actor, chart)?;
        queue::require_holder(tx, actor, id)?;
        tx.execute(
            "INSERT INTO provider_query (chart_id, provider, question, options, status, asked_by, asked_at)
             VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6)",
            params![
                id,
                provider,
                question,
                serde_json::to_string(&options).unwrap_or_default(),
                actor.user.id,
                clock::stamp(clock::now())
            ],
        )?;
        let query_id = tx.last_insert_rowid();
        queue::put_on_hold(tx, id, &format!("provider query #{query_id}"))?;
        audit::record(
            tx,
            actor,
            Some(id),
            AuditDetail::ProviderQueryOpened {
                provider_query: query_id,
                provider: provider.clone(),
            },
        )?;
        load(tx, query_id)
    })
}

/// The given options, cleaned and de-duplicated, then the two every
/// compliant query offers.
fn with_required_options(given: &[String]) -> Result<Vec<String>, WorkError> {
    let mut options: Vec<String> = Vec::new();
    for o in given
        .iter()
        .map(|o| single_line(o))
        .filter(|o| !o.is_empty())
    {
        let taken = options.iter().any(|x| x.eq_ignore_ascii_case(&o))
            || ALWAYS_OFFERED.iter().any(|x| x.eq_ignore_ascii_case(&o));
        if !taken {
            options.push(o);
        }
    }
    if options.is_empty() {
        return Err(WorkError::Invalid(
            "a provider query needs at least one clinical option (--option TEXT)".into(),
        ));
    }
    options.extend(ALWAYS_OFFERED.iter().map(|s| s.to_string()));
    Ok(options)
}

/// Records the provider's response, entered by `actor` on behalf of the
/// provider the query was addressed to: the row keeps who entered it
/// (`answered_by`), who it is attributed to (`attributed_to`) and that it
/// was entered on the provider's behalf (`entered_on_behalf`), and so does
/// its audit event. When no other query on the chart is open, the chart
/// returns to its coder's queue, flagged.
pub fn answer(
    store: &mut Store,
    actor: &Actor,
    query_id: i64,
    response: &str,
) -> Result<ProviderQuery, WorkError> {
    let response = crate::domain::text::sanitize(response).trim().to_string();
    if response.is_empty() {
        return Err(WorkError::Invalid("the response is empty".into()));
    }
    store.transact(|tx| {
        let q = load_visible(tx, actor, query_id)?;
        require_open(&q, "answered")?;
        require_party(tx, actor, &q)?;
        tx.execute(
            "UPDATE provider_query SET status = 'answered', response = ?1, answered_by = ?2,
                answered_at = ?3, attributed_to = ?4, entered_on_behalf = 1,
                chosen_option = ?6 WHERE id = ?5",
            params![
                response,
                actor.user.id,
                clock::stamp(clock::now()),
                q.provider,
                query_id,
                chosen_option(&q.options, &response).map(|i| i as i64)
            ],
        )?;
        if queue::open_queries(tx, q.chart_id)? == 0 {
            queue::return_to_coder(tx, q.chart_id, true)?;
        }
        audit::record(
            tx,
            actor,
            Some(q.chart_id),
            AuditDetail::ProviderQueryAnswered {
                provider_query: query_id,
                attributed_to: q.provider.clone(),
                entered_on_behalf: Yes,
            },
        )?;
        load(tx, query_id)
    })
}

/// The option an answer chose, stored beside its text for the reports'
/// agreement rate: the answer names an option (its text, any case and
/// spacing), or its number as listed (`2`, `#2`, `option 2`). Free text
/// that names none chooses none.
pub fn chosen_option(options: &[String], response: &str) -> Option<usize> {
    let squash = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let answer = squash(response);
    if let Some(i) = options.iter().position(|o| squash(o) == answer) {
        return Some(i);
    }
    let number = answer
        .trim_start_matches("option")
        .trim()
        .trim_start_matches('#')
        .trim();
    match number.parse::<usize>() {
        Ok(n) if (1..=options.len()).contains(&n) => Some(n - 1),
        _ => None,
    }
}

/// Closes a query (answered, or withdrawn unanswered). Withdrawing the last
/// open query sends the chart back to its coder's queue unflagged.
pub fn close(store: &mut Store, actor: &Actor, query_id: i64) -> Result<ProviderQuery, WorkError> {
    store.transact(|tx| {
        let q = load_visible(tx, actor, query_id)?;
        if q.status == ProviderQueryStatus::Closed {
            return Err(WorkError::Conflict(format!(
                "provider query #{query_id} is already closed"
            )));
        }
        require_party(tx, actor, &q)?;
        tx.execute(
            "UPDATE provider_query SET status = 'closed', closed_by = ?1, closed_at = ?2 WHERE id = ?3",
            params![actor.user.id, clock::stamp(clock::now()), query_id],
        )?;
        if q.status != ProviderQueryStatus::Answered && queue::open_queries(tx, q.chart_id)? == 0 {
            queue::return_to_coder(tx, q.chart_id, false)?;
        }
        audit::record(
            tx,
            actor,
            Some(q.chart_id),
            AuditDetail::ProviderQueryClosed {
                provider_query: query_id,
                was: q.status,
            },
        )?;
        load(tx, query_id)
    })
}

/// Which queries to list.
#[derive(Debug, Clone, Default)]
pub struct ProviderQueryFilter {
    /// Only draft and open ones.
    pub open: bool,
    /// Only ones the actor asked or on charts they code.
    pub mine: bool,
    /// Only this chart's.
    pub chart: Option<ChartRef>,
}

/// Lists provider queries, newest first.
pub fn list(
    store: &Store,
    actor: &Actor,
    filter: &ProviderQueryFilter,
) -> Result<Vec<ProviderQuery>, WorkError> {
    store.read(|c| {
        let chart_id = filter
            .chart
            .as_ref()
            .map(|k| access::resolve(c, actor, k))
            .transpose()?;
        let sql = format!(
            "SELECT q.id FROM provider_query q JOIN chart c ON c.id = q.chart_id
             WHERE (?1 = 0 OR q.status IN ('draft', 'open'))
               AND (?2 = 0 OR q.asked_by = ?3 OR c.coder_id = ?3)
               AND (?4 IS NULL OR q.chart_id = ?4)
               AND (?5 OR {})
             ORDER BY q.id DESC",
            access::visible_sql("?3")
        );
        let ids: Vec<i64> = c
            .prepare_cached(&sql)?
            .query_map(
                params![
                    filter.open,
                    filter.mine,
                    actor.user.id,
                    chart_id,
                    access::sees_all(actor)
                ],
                |r| r.get(0),
            )?
            .collect::<Result<_, _>>()?;
        ids.into_iter().map(|id| load(c, id)).collect()
    })
}

/// A chart's queries, oldest first (for `chart show`).
pub(crate) fn for_chart(conn: &Connection, chart_id: i64) -> Result<Vec<ProviderQuery>, WorkError> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM provider_query WHERE chart_id = ?1 ORDER BY id")?
        .query_map([chart_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| load(conn, id)).collect()
}

fn require_open(q: &ProviderQuery, what: &str) -> Result<(), WorkError> {
    match q.status {
        ProviderQueryStatus::Draft | ProviderQueryStatus::Open => Ok(()),
        other => Err(WorkError::Conflict(format!(
            "provider query #{} is {}; only open queries are {what}",
            q.id,
            other.as_str()
        ))),
    }
}

/// The asker, the chart's coder, or a supervisor may record an answer or
/// close a query.
fn require_party(conn: &Connection, actor: &Actor, q: &ProviderQuery) -> Result<(), WorkError> {
    if actor.is_at_least(Role::Supervisor) || q.asked_by == actor.user.login {
        return Ok(());
    }
    let coder: Option<i64> = conn
        .query_row(
            "SELECT coder_id FROM chart WHERE id = ?1",
            [q.chart_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if coder == Some(actor.user.id) {
        Ok(())
    } else {
        Err(WorkError::Forbidden(format!(
            "provider query #{} belongs to {} and the chart's coder",
            q.id, q.asked_by
        )))
    }
}

/// Query `id` when `actor` may see its chart; otherwise refused exactly as
/// a query that does not exist.
fn load_visible(conn: &Connection, actor: &Actor, id: i64) -> Result<ProviderQuery, WorkError> {
    let q = load(conn, id)?;
    if access::can_see(conn, actor, q.chart_id)? {
        Ok(q)
    } else {
        Err(not_found(id))
    }
}

fn not_found(id: i64) -> WorkError {
    WorkError::NotFound {
        what: "provider query",
        key: format!("#{id}"),
    }
}

fn load(conn: &Connection, id: i64) -> Result<ProviderQuery, WorkError> {
    let row = conn
        .prepare_cached(
            "SELECT q.id, q.chart_id, c.account, q.provider, q.question, q.options, q.status,
                q.response, (SELECT login FROM app_user WHERE id = q.asked_by), q.asked_at,
                (SELECT login FROM app_user WHERE id = q.answered_by), q.answered_at,
                (SELECT login FROM app_user WHERE id = q.closed_by), q.closed_at,
                q.attributed_to, coalesce(q.entered_on_behalf, 0)
             FROM provider_query q JOIN chart c ON c.id = q.chart_id WHERE q.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<String>>(12)?,
                r.get::<_, Option<String>>(13)?,
                r.get::<_, Option<String>>(14)?,
                r.get::<_, bool>(15)?,
            ))
        })
        .optional()?
        .ok_or_else(|| not_found(id))?;
    Ok(ProviderQuery {
        id: row.0,
        chart_id: row.1,
        account: row.2,
        provider: row.3,
        question: row.4,
        options: serde_json::from_str(&row.5).unwrap_or_default(),
        status: ProviderQueryStatus::parse(&row.6).ok_or_else(|| {
            WorkError::Invalid(format!("unknown provider query status {}", row.6))
        })?,
        response: row.7,
        asked_by: row.8,
        asked_at: row.9,
        entered_by: row.10.clone(),
        answered_by: row.10,
        answered_at: row.11,
        attributed_to: row.14,
        entered_on_behalf: row.15,
        closed_by: row.12,
        closed_at: row.13,
    })
}

impl ProviderQuery {
    /// Who typed the answer in, for a table: `entered by ana on behalf of
    /// Dr. Lo`; `None` when unanswered.
    pub fn entry_note(&self) -> Option<String> {
        let entered_by = self.entered_by.as_deref()?;
        let provider = self.attributed_to.as_deref().unwrap_or(&self.provider);
        Some(if self.entered_on_behalf {
            format!("entered by {entered_by} on behalf of {provider}")
        } else {
            format!("entered by {entered_by}")
        })
    }

    /// Who the answer is from, for a person: `Dr. Lo (entered by ana on
    /// the provider's behalf)`; `None` when unanswered.
    pub fn answer_source(&self) -> Option<String> {
        let entered_by = self.entered_by.as_deref()?;
        let provider = self.attributed_to.as_deref().unwrap_or(&self.provider);
        Some(if self.entered_on_behalf {
            format!("{provider} (entered by {entered_by} on the provider's behalf)")
        } else {
            format!("{provider} (entered by {entered_by})")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_compliant_options_are_always_there_once() {
        let got = with_required_options(&[
            "Acute on chronic systolic heart failure".into(),
            "unable to determine".into(),
            "  ".into(),
        ])
        .unwrap();
        assert_eq!(
            got,
            [
                "Acute on chronic systolic heart failure",
                "Other (please specify)",
                "Unable to determine"
            ]
        );
        assert!(with_required_options(&[]).is_err());
    }
}
