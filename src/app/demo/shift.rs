//! A shift already under way: after the import, the demo coders have
//! finalized some charts, have others open, and have sent provider queries
//! on charts with documentation gaps (some already answered). So the queue
//! screen, `chartq ask list` and the audit log show a working day, not an
//! empty inbox.
//!
//! Everything goes through the store's own functions (claim, assign,
//! finalize, ask, answer), done by the admin acting as each coder, so every
//! step is audited under both names like any `--as` action. The plan is a
//! pure function of the seed; chart 0 (the benchmark chart) is never
//! touched.

use serde::Serialize;

use super::feed::ChartOutline;
use super::rng::Rng;
use super::scenarios::{ExpectedCode, Scenario, Setting};
use super::staff::{self, STAFF, StaffMember};
use crate::app::coding_edits::{self, EditChecker};
use crate::domain::chart::ChartRef;
use crate::domain::codes::CodeSystem;
use crate::domain::coding::NewAssignment;
use crate::domain::people::Actor;
use crate::store::assignments;
use crate::store::backend::Backend;
use crate::store::people;
use crate::store::provider_query::{self, NewProviderQuery};
use crate::store::queue::{self, ClaimRequest};
use crate::store::{Store, WorkError};

/// Keeps the shift's random stream apart from the charts' own.
const SHIFT_SALT: u64 = 0x5348_4946_5421;

/// What a coder has done to a chart so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Untouched, waiting in its queue.
    New,
    /// Coded in part by a coder who went off shift: the scenario's draft
    /// (with the mistake the coding edits catch) is on it, and it waits
    /// in its queue for the next coder.
    Drafted,
    /// Claimed and open on a coder's screen (the lease runs out later).
    InProgress,
    /// A provider query about its documentation gap awaits an answer.
    OnHold,
    /// The provider answered: back in its coder's queue, flagged.
    Answered,
    /// Coded from its answer key and finalized.
    Coded,
    /// Coded, then reviewed by the auditor.
    Audited,
}

/// A day's work, whatever the size of the queue: about a hundred charts
/// coded by four coders, some dozens of provider queries, and at most one
/// chart open per coder. (It also keeps a 10,000-chart demo quick: every
/// assignment is validated against the code set.)
pub const MAX_CODED: usize = 100;
pub const MAX_QUERIED: usize = 40;

/// What chart `index` of a run seeded with `seed` is drawn to become,
/// before the day's limits ([`plan`]) apply. Charts with a documentation gap
/// get queried, others coded; only charts whose answer key is all
/// ICD-10-CM are coded (the bundled code set; procedure code sets are
/// imported separately).
fn draw(seed: u64, index: usize, scenario: &Scenario) -> Progress {
    if index == 0 {
        return Progress::New;
    }
    let roll = Rng::for_item(seed ^ SHIFT_SALT, index as u64).below(100);
    // Coded charts are finalized, which an inpatient stay without a
    // discharge status cannot be: such charts are left for a coder to see why.
    let diagnoses_only = scenario.key.iter().all(|c| c.system == CodeSystem::Icd10Cm)
        && (scenario.setting != Setting::Inpatient || scenario.discharge_status.is_some());
    if !scenario.draft.is_empty() {
        return Progress::Drafted;
    }
    match (scenario.gap.is_some(), roll) {
        (true, 0..35) => Progress::OnHold,
        (true, 35..50) => Progress::Answered,
        (false, 0..4) if diagnoses_only => Progress::Audited,
        (false, 4..18) if diagnoses_only => Progress::Coded,
        (false, 18..23) => Progress::InProgress,
        _ => Progress::New,
    }
}

/// How far each chart (in feed order) has got: the draws, cut off in feed
/// order at [`MAX_CODED`] coded and [`MAX_QUERIED`] queried charts and one
/// open chart per coder. A pure function of the seed; chart 0 stays new.
pub fn plan(seed: u64, charts: &[ChartOutline]) -> Vec<Progress> {
    let (mut coded, mut queried) = (0, 0);
    let mut coders_busy: Vec<&str> = Vec::new();
    charts
        .iter()
        .map(|chart| {
            let drawn = draw(seed, chart.index, chart.scenario);
            let fits = match drawn {
                Progress::New | Progress::Drafted => true,
                Progress::Coded | Progress::Audited => bump(&mut coded, MAX_CODED),
                Progress::OnHold | Progress::Answered => bump(&mut queried, MAX_QUERIED),
                Progress::InProgress => {
                    let coder = coder_for(seed, chart).login;
                    let free = !coders_busy.contains(&coder);
                    coders_busy.push(coder);
                    free
                }
            };
            if fits { drawn } else { Progress::New }
        })
        .collect()
}

/// Counts one more against `limit`; false once the limit is reached.
fn bump(count: &mut usize, limit: usize) -> bool {
    *count += 1;
    *count <= limit
}

/// Counts of what the shift did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ShiftTally {
    /// Coded and finalized (the audited ones included).
    pub coded: usize,
    /// Of the coded, those the auditor has reviewed.
    pub audited: usize,
    pub in_progress: usize,
    pub on_hold: usize,
    pub answered: usize,
    /// Left with a draft coding for the next coder.
    pub drafted: usize,
    /// Charts meant to be coded but left new: no ICD-10-CM version in the
    /// database covers their date of service.
    pub left_new_without_code_set: usize,
}

/// Works the charts as [`plan`] says.
pub fn work(
    store: &mut Store,
    admin_login: &str,
    seed: u64,
    charts: &[ChartOutline],
) -> Result<ShiftTally, WorkError> {
    let diagnosis_versions: Vec<_> = store
        .versions()?
        .into_iter()
        .filter(|v| v.system == CodeSystem::Icd10Cm)
        .collect();
    let mut tally = ShiftTally::default();
    // One checker for the shift: each version's notes are read once.
    let mut checker = EditChecker::new();
    for (chart, step) in charts.iter().zip(plan(seed, charts)) {
        if step == Progress::New {
            continue;
        }
        if matches!(
            step,
            Progress::Coded | Progress::Audited | Progress::Drafted
        ) && !diagnosis_versions
            .iter()
            .any(|v| v.covers(chart.date_of_service))
        {
            tally.left_new_without_code_set += 1;
            continue;
        }
        let coder = coder_for(seed, chart);
        let actor = people::actor_for_login(store, admin_login, Some(coder.login))?;
        let claim = ClaimRequest {
            chart: Some(ChartRef::Account(chart.account.clone())),
            ..ClaimRequest::default()
        };
        queue::claim(store, &actor, &claim)?;
        match step {
            Progress::New => unreachable!("skipped above"),
            Progress::InProgress => tally.in_progress += 1,
            Progress::Drafted => {
                assign_all(store, &actor, chart, chart.scenario.draft)?;
                queue::release(store, &actor, &ChartRef::Account(chart.account.clone()))?;
                tally.drafted += 1;
            }
            Progress::Coded => {
                code(store, &mut checker, &actor, chart)?;
                tally.coded += 1;
            }
            Progress::Audited => {
                code(store, &mut checker, &actor, chart)?;
                let auditor =
                    people::actor_for_login(store, admin_login, Some(staff::auditor().login))?;
                queue::mark_audited(store, &auditor, &ChartRef::Account(chart.account.clone()))?;
                tally.coded += 1;
                tally.audited += 1;
            }
            Progress::OnHold => {
                query(store, &actor, chart)?;
                tally.on_hold += 1;
            }
            Progress::Answered => {
                let asked = query(store, &actor, chart)?;
                let response = asked.options.first().cloned().unwrap_or_default();
                provider_query::answer(store, &actor, asked.id, &response)?;
                tally.answered += 1;
            }
        }
    }
    Ok(tally)
}

/// A coder who works the chart's queue (there is one for every queue).
fn coder_for(seed: u64, chart: &ChartOutline) -> &'static StaffMember {
    let coders: Vec<&StaffMember> = STAFF
        .iter()
        .filter(|s| s.role == "coder" && s.queues.contains(&chart.queue.as_str()))
        .collect();
    let mut rng = Rng::for_item(seed ^ SHIFT_SALT ^ 1, chart.index as u64);
    coders[rng.below(coders.len() as u64) as usize]
}

/// Assigns the answer key in sequence and finalizes.
fn code(
    store: &mut Store,
    checker: &mut EditChecker,
    actor: &Actor,
    chart: &ChartOutline,
) -> Result<(), WorkError> {
    assign_all(store, actor, chart, chart.scenario.key)?;
    coding_edits::finalize(
        store,
        checker,
        actor,
        &ChartRef::Account(chart.account.clone()),
        None,
    )?;
    Ok(())
}

/// Assigns `codes` in sequence, with their roles and POA.
fn assign_all(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartOutline,
    codes: &[ExpectedCode],
) -> Result<(), WorkError> {
    for expected in codes {
        let new = NewAssignment {
            code: expected.code.to_string(),
            system: Some(expected.system),
            role: Some(expected.role),
            poa: expected.poa,
            ..NewAssignment::default()
        };
        assignments::assign(
            store,
            actor,
            &ChartRef::Account(chart.account.clone()),
            &new,
        )?;
    }
    Ok(())
}

/// Sends the scenario's provider query to the attending.
fn query(
    store: &mut Store,
    actor: &Actor,
    chart: &ChartOutline,
) -> Result<provider_query::ProviderQuery, WorkError> {
    let gap = chart
        .scenario
        .gap
        .ok_or_else(|| WorkError::Invalid(format!("{}: no documentation gap", chart.account)))?;
    let new = NewProviderQuery {
        provider: chart.attending.clone(),
        question: gap.question.to_string(),
        options: gap.options.iter().map(|o| o.to_string()).collect(),
    };
    provider_query::ask(
        store,
        actor,
        &ChartRef::Account(chart.account.clone()),
        &new,
    )
}
