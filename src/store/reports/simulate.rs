//! The demo year's writer: a department's year of work (claims, holds,
//! provider queries and answers, finalizes) played into a demo database
//! at simulated times, in few large transactions, every step audited
//! like the real one (same actions, same details, chained), so the
//! reports read it exactly as they read real work.
//!
//! Simulated times go only through a [`DemoClock`], which only a demo
//! database (one whose first admin was made by `chartq demo`, audited
//! `{"demo": true}`) hands out: a real database refuses it, so no real
//! log ever gets a made-up time.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::domain::audit::{AuditDetail, Yes};
use crate::domain::chart::Status;
use crate::domain::codes::CodeSystem;
use crate::domain::coding::{CodeRole, Poa};
use crate::domain::drg::FinalDrg;
use crate::store::{Store, WorkError, audit, chart_drg, clock};

/// A clock that says what time the simulation has reached; made only for
/// a demo database ([`DemoClock::for_demo`]).
#[derive(Debug)]
pub struct DemoClock {
    admin: String,
}

impl DemoClock {
    /// The demo clock of `store`, refused unless the database is a demo
    /// one; steps are audited as done by their coder, by `admin`.
    pub fn for_demo(store: &Store) -> Result<DemoClock, WorkError> {
        let admin: Option<String> = store.read(|c| {
            Ok(c.prepare_cached(
                "SELECT user_login FROM audit_event WHERE action = 'user_added'
                   AND json_extract(details, '$.demo') = 1 ORDER BY id LIMIT 1",
            )?
            .query_row([], |r| r.get(0))
            .optional()?)
        })?;
        admin.map(|admin| DemoClock { admin }).ok_or_else(|| {
            WorkError::Forbidden(format!(
                "{}: the demo clock runs only on a demo database (made by `chartq demo`)",
                store.path().display()
            ))
        })
    }
}

/// A code the simulated coder assigns at finalize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimCode {
    pub system: CodeSystem,
    pub code: String,
    pub role: CodeRole,
    pub poa: Option<Poa>,
}

/// One step of the simulated year, at its time.
#[derive(Debug, Clone, PartialEq)]
pub enum SimStep {
    Claim {
        chart: i64,
        coder: String,
    },
    Release {
        chart: i64,
        coder: String,
    },
    Hold {
        chart: i64,
        coder: String,
        reason: String,
    },
    /// Opens provider query `query` (its id, chosen by the caller, who
    /// numbers them in order after the database's last).
    Ask {
        chart: i64,
        coder: String,
        query: i64,
        provider: String,
        options: Vec<String>,
    },
    Answer {
        chart: i64,
        query: i64,
        provider: String,
        chosen: usize,
        entered_by: String,
    },
    Finalize {
        chart: i64,
        coder: String,
        codes: Vec<SimCode>,
        drg: Option<FinalDrg>,
    },
}

/// Plays `steps` (in time order) in one transaction.
pub fn play(
    store: &mut Store,
    clock: &DemoClock,
    steps: &[(DateTime<Utc>, SimStep)],
) -> Result<(), WorkError> {
    let admin = clock.admin.clone();
    store.transact(|tx| {
        let users = user_ids(tx)?;
        for (at, step) in steps {
            play_one(tx, &admin, &users, *at, step)?;
        }
        Ok(())
    })
}

fn user_ids(tx: &Transaction<'_>) -> Result<std::collections::HashMap<String, i64>, WorkError> {
    let mut stmt = tx.prepare("SELECT login, id FROM app_user")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn play_one(
    tx: &Transaction<'_>,
    admin: &str,
    users: &std::collections::HashMap<String, i64>,
    at: DateTime<Utc>,
    step: &SimStep,
) -> Result<(), WorkError> {
    let now = clock::stamp(at);
    let id_of = |login: &str| {
        users
            .get(login)
            .copied()
            .ok_or_else(|| WorkError::Invalid(format!("demo year: no user {login}")))
    };
    let real = Some(admin);
    match step {
        SimStep::Claim { chart, coder } => {
            let until = at.timestamp() + 30 * 60;
            tx.prepare_cached(
                "UPDATE chart SET status = 'in_progress', lease_holder = ?1, lease_until = ?2,
                     coder_id = ?1, assigned_to = NULL, hold_reason = NULL, updated_at = ?3
                 WHERE id = ?4",
            )?
            .execute(params![id_of(coder)?, until, now, chart])?;
            let detail = AuditDetail::ChartClaimed {
                lease_until: clock::stamp_secs(until),
            };
            audit::record_at(tx, &now, coder, real, Some(*chart), &detail)
        }
        SimStep::Release { chart, coder } => {
            tx.prepare_cached(
                "UPDATE chart SET status = 'new', lease_holder = NULL, lease_until = NULL,
                     updated_at = ?1 WHERE id = ?2",
            )?
            .execute(params![now, chart])?;
            let detail = AuditDetail::ChartReleased {
                from: Status::InProgress,
            };
            audit::record_at(tx, &now, coder, real, Some(*chart), &detail)
        }
        SimStep::Hold {
            chart,
            coder,
            reason,
        } => {
            hold(tx, *chart, reason, &now)?;
            let detail = AuditDetail::ChartHeld {
                reason: reason.clone(),
            };
            audit::record_at(tx, &now, coder, real, Some(*chart), &detail)
        }
        SimStep::Ask {
            chart,
            coder,
            query,
            provider,
            options,
        } => {
            ask_row(tx, *chart, *query, provider, options, id_of(coder)?, &now)?;
            hold(tx, *chart, &format!("provider query #{query}"), &now)?;
            let detail = AuditDetail::ProviderQueryOpened {
                provider_query: *query,
                provider: provider.clone(),
            };
            audit::record_at(tx, &now, coder, real, Some(*chart), &detail)
        }
        SimStep::Answer {
            chart,
            query,
            provider,
            chosen,
            entered_by,
        } => {
            answer_row(tx, *chart, *query, *chosen as i64, id_of(entered_by)?, &now)?;
            let detail = AuditDetail::ProviderQueryAnswered {
                provider_query: *query,
                attributed_to: provider.clone(),
                entered_on_behalf: Yes,
            };
            audit::record_at(tx, &now, entered_by, real, Some(*chart), &detail)
        }
        SimStep::Finalize {
            chart,
            coder,
            codes,
            drg,
        } => {
            finalize(tx, *chart, id_of(coder)?, codes, drg.as_ref(), &now)?;
            let detail = AuditDetail::ChartFinalized {
                codes: codes.iter().map(|c| c.code.clone()).collect(),
                drg: *drg,
            };
            audit::record_at(tx, &now, coder, real, Some(*chart), &detail)
        }
    }
}

/// The provider query row of an `Ask`.
fn ask_row(
    tx: &Transaction<'_>,
    chart: i64,
    query: i64,
    provider: &str,
    options: &[String],
    asked_by: i64,
    now: &str,
) -> Result<(), WorkError> {
    tx.prepare_cached(
        "INSERT INTO provider_query (id, chart_id, provider, question, options, status,
             asked_by, asked_at)
         VALUES (?1, ?2, ?3, 'Please clarify the diagnosis documented.', ?4, 'open', ?5, ?6)",
    )?
    .execute(params![
        query,
        chart,
        provider,
        serde_json::to_string(options).unwrap_or_else(|_| "[]".into()),
        asked_by,
        now
    ])?;
    Ok(())
}

/// The provider query and chart rows of an `Answer`: the chosen option's
/// text is the response, the chart goes back to its coder, flagged.
fn answer_row(
    tx: &Transaction<'_>,
    chart: i64,
    query: i64,
    chosen: i64,
    entered_by: i64,
    now: &str,
) -> Result<(), WorkError> {
    let option: Option<String> = tx
        .prepare_cached(
            "SELECT json_extract(options, '$[' || ?1 || ']') FROM provider_query WHERE id = ?2",
        )?
        .query_row(params![chosen, query], |r| r.get(0))
        .optional()?
        .flatten();
    tx.prepare_cached(
        "UPDATE provider_query SET status = 'answered', response = ?1, answered_by = ?2,
             answered_at = ?3, attributed_to = provider, entered_on_behalf = 1,
             chosen_option = ?4 WHERE id = ?5",
    )?
    .execute(params![
        option.unwrap_or_default(),
        entered_by,
        now,
        chosen,
        query
    ])?;
    tx.prepare_cached(
        "UPDATE chart SET status = 'new', assigned_to = coder_id, hold_reason = NULL,
             flagged = 1, updated_at = ?1 WHERE id = ?2 AND status = 'on_hold'",
    )?
    .execute(params![now, chart])?;
    Ok(())
}

fn hold(tx: &Transaction<'_>, chart: i64, reason: &str, now: &str) -> Result<(), WorkError> {
    tx.prepare_cached(
        "UPDATE chart SET status = 'on_hold', hold_reason = ?1, lease_holder = NULL,
             lease_until = NULL, updated_at = ?2 WHERE id = ?3",
    )?
    .execute(params![reason, now, chart])?;
    Ok(())
}

/// Puts `codes` on the chart (each from the code-set version valid on the
/// chart's date of service; one not found there is left off) and marks it
/// coded, with its DRG.
fn finalize(
    tx: &Transaction<'_>,
    chart: i64,
    coder: i64,
    codes: &[SimCode],
    drg: Option<&FinalDrg>,
    now: &str,
) -> Result<(), WorkError> {
    let mut seq = 0i64;
    for c in codes {
        let found: Option<(i64, i64, String)> = tx
            .prepare_cached(
                "SELECT k.version_id, k.billable, k.long_title FROM code k
                 JOIN code_set_version v ON v.id = k.version_id
                 JOIN chart ch ON ch.id = ?3
                 WHERE k.lookup_key = ?1 AND v.system = ?2
                   AND v.effective_from <= ch.date_of_service
                   AND (v.effective_to IS NULL OR v.effective_to >= ch.date_of_service)
                 LIMIT 1",
            )?
            .query_row(
                params![
                    c.code.replace('.', "").to_ascii_uppercase(),
                    c.system.as_str(),
                    chart
                ],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((version, billable, title)) = found else {
            continue;
        };
        seq += 1;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO assignment (chart_id, seq, system, code, version_id, billable,
                 title, role, poa, assigned_by, assigned_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            chart,
            seq,
            c.system.as_str(),
            c.code,
            version,
            billable,
            title,
            c.role.as_str(),
            c.poa.map(|p| p.as_str()),
            coder,
            now
        ])?;
    }
    tx.prepare_cached(
        "UPDATE chart SET status = 'coded', coded_at = ?1, coded_by = ?2, coder_id = ?2,
             lease_holder = NULL, lease_until = NULL, hold_reason = NULL, flagged = 0,
             assigned_to = NULL, updated_at = ?1 WHERE id = ?3",
    )?
    .execute(params![now, coder, chart])?;
    chart_drg::record(tx, chart, drg, now)
}

/// A chart as the simulation schedules it (no patient data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimChart {
    pub id: i64,
    pub account: String,
    pub encounter_type: String,
    /// Discharge date, or date of service without one.
    pub ready_on: chrono::NaiveDate,
    pub attending: Option<String>,
}

/// Every chart of the demo database, oldest first.
pub fn charts(store: &Store, _clock: &DemoClock) -> Result<Vec<SimChart>, WorkError> {
    store.read(|c| {
        let mut stmt = c.prepare(
            "SELECT id, account, encounter_type, coalesce(discharge_date, date_of_service), attending
             FROM chart ORDER BY 4, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, account, encounter_type, date, attending) = row?;
            let ready_on = date
                .parse()
                .map_err(|_| WorkError::Invalid(format!("chart {account}: date {date}")))?;
            out.push(SimChart {
                id,
                account,
                encounter_type,
                ready_on,
                attending,
            });
        }
        Ok(out)
    })
}

/// The demo's inpatient charts whole, by id: what the simulated coder's
/// finalize groups a claim from (the coding flow's `Claim::from_chart`).
pub fn inpatient_charts(
    store: &Store,
    _clock: &DemoClock,
) -> Result<std::collections::HashMap<i64, crate::domain::chart::Chart>, WorkError> {
    use crate::store::charts::{CHART_COLUMNS, chart_from_row};
    store.read(|c| {
        let mut stmt = c.prepare(&format!(
            "SELECT {CHART_COLUMNS} FROM chart c WHERE c.encounter_type = 'inpatient'"
        ))?;
        let rows = stmt.query_map([], chart_from_row)?;
        rows.map(|r| r.map(|ch| (ch.id, ch)).map_err(Into::into))
            .collect()
    })
}

/// The id the next provider query gets (the simulation numbers its own).
pub fn next_query_id(store: &Store, _clock: &DemoClock) -> Result<i64, WorkError> {
    store.read(|c| {
        Ok(c.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM provider_query",
            [],
            |r| r.get(0),
        )?)
    })
}
