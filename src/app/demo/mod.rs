//! Demo data: a database of synthetic but realistic charts, so a coder (or
//! a test) can work the queue without any real patient data.
//!
//! `generate` deals charts from the scenario library ([`scenarios`]), fills
//! their documents from templates ([`text`]) and invented names
//! ([`names`]); `build` imports them through the store's chart importer,
//! creates the demo users ([`staff`]) and plays a shift under way
//! ([`shift`]). Everything is a pure function of the seed, except the admin
//! user, who is whoever runs it, and the timestamps the store records.

pub mod feed;
pub mod names;
pub mod rng;
pub mod scenarios;
pub mod shift;
pub mod staff;
pub mod text;
pub mod year;
pub mod year_review;

use crate::store::backend::Backend;
use std::path::PathBuf;

use serde::Serialize;

use crate::domain::people::Actor;
use crate::store::charts::{self as store_charts, Format};
use crate::store::people;
use crate::store::{Store, WorkError};

use crate::domain::people::Role;
pub use feed::{AnswerKey, ChartRecord, DemoChart, FeedReader, ServiceDates, Tally};
pub use scenarios::{ExpectedCode, Scenario, Setting};
pub use shift::ShiftTally;

/// The default number of charts (`chartq demo` without `--charts`).
pub const DEFAULT_CHARTS: usize = 60;
/// The default seed: the same demo on every machine.
pub const DEFAULT_SEED: u64 = 2026;

/// What to build.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub charts: usize,
    pub seed: u64,
    /// Play a shift already under way after the import (some charts coded,
    /// some open, some waiting on provider queries); `false` leaves every
    /// chart new.
    pub shift: bool,
    /// Where dates of service fall (see [`ServiceDates::before`]): with the
    /// seed, it fixes every chart, so a demo is the same for the same seed
    /// and the same "today".
    pub dates: ServiceDates,
}

impl DemoOptions {
    /// The default demo as of `today`.
    pub fn as_of(today: chrono::NaiveDate) -> Self {
        DemoOptions {
            charts: DEFAULT_CHARTS,
            seed: DEFAULT_SEED,
            shift: true,
            dates: ServiceDates::before(today),
        }
    }
}

/// Generates the demo charts for `opts`, chart 0 being the benchmark ED
/// chart (see [`feed::chart`]).
pub fn generate(opts: &DemoOptions) -> Vec<DemoChart> {
    let order = feed::scenario_order(opts.seed);
    (0..opts.charts)
        .map(|i| feed::chart(opts.seed, i, &order, opts.dates))
        .collect()
}

/// What [`build`] created.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub database: PathBuf,
    pub seed: u64,
    #[serde(flatten)]
    pub tally: Tally,
    pub users: Vec<DemoUser>,
    /// What the demo coders have already done.
    pub shift: ShiftTally,
    /// The chart `queue claim` hands out first: the ED chart with three
    /// diagnoses the TUI benchmark codes.
    pub first_claim: AnswerKey,
}

/// A user the demo created (or found: the admin running it).
#[derive(Debug, Clone, Serialize)]
pub struct DemoUser {
    pub login: String,
    pub name: Option<String>,
    pub role: Role,
    pub queues: Vec<String>,
}

/// Why the demo was not built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "{path}: already holds {charts} chart(s); demo data goes into a new or empty database (use another --db)"
    )]
    NotEmpty { path: PathBuf, charts: u64 },
    #[error(transparent)]
    Work(#[from] WorkError),
}

/// Fills a new (or chart-less) database with the demo: the person running
/// it becomes (or stays) admin and joins every queue, the demo staff are
/// added with their queues, and `opts.charts` charts are imported through
/// the store's chart importer in one transaction. Prints nothing.
pub fn build(store: &mut Store, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    let charts = store.chart_count()?;
    if charts > 0 {
        return Err(DemoError::NotEmpty {
            path: store.path().to_path_buf(),
            charts,
        });
    }
    let admin = people::demo_creator_admin(store)?;
    let existing: Vec<String> = people::list_users(store)?
        .into_iter()
        .map(|u| u.login)
        .collect();
    let mut users = vec![join_all(
        store,
        &admin,
        &admin.user.login,
        staff::all_queues(),
    )?];
    for member in staff::STAFF {
        // A chart-less database may already have the demo staff (an earlier
        // demo whose import failed); they are kept, not added twice.
        if !existing.iter().any(|login| login == member.login) {
            let role: Role = member.role.parse().map_err(WorkError::Invalid)?;
            people::add_user(store, &admin, member.login, role, Some(member.name))?;
        }
        users.push(join_all(store, &admin, member.login, member.queues)?);
    }

    let mut feed = FeedReader::new(opts.seed, opts.charts, opts.dates);
    store_charts::import(store, &admin, &mut feed, "demo feed", Format::Jsonl)?;
    let shift = if opts.shift {
        shift::work(store, &admin.user.login, opts.seed, feed.outlines())?
    } else {
        ShiftTally::default()
    };
    let order = feed::scenario_order(opts.seed);
    Ok(DemoSummary {
        database: store.path().to_path_buf(),
        seed: opts.seed,
        tally: feed.tally().clone(),
        users,
        shift,
        first_claim: AnswerKey::for_chart(0, &order),
    })
}

/// Puts `login` into each of `queues` and reports the user.
fn join_all(
    store: &mut Store,
    admin: &Actor,
    login: &str,
    queues: &[&str],
) -> Result<DemoUser, WorkError> {
    let mut user = None;
    for queue in queues {
        user = Some(people::set_membership(
            store,
            admin,
            Some(login),
            queue,
            true,
        )?);
    }
    let user = user.ok_or_else(|| WorkError::Invalid(format!("{login} joins no queue")))?;
    Ok(DemoUser {
        login: user.login,
        name: user.name,
        role: user.role,
        queues: queues.iter().map(|q| q.to_string()).collect(),
    })
}
