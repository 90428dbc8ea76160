//! A year of a coding department (issue 15's Measure): `chartq demo
//! --year` imports charts discharged across FY2026 (2025-10-01 ..
//! 2026-09-30, inside the bundled code sets' coverage), then plays the
//! department's year over them: coders working weekday shifts in the
//! facility's time zone (America/Chicago, 07:00–15:30), pulling the
//! oldest ready chart, some charts held (missing documents) or released
//! mid-way, provider queries sent and answered hours or days later, each
//! chart finalized with its answer key's codes and, inpatient, the MS-DRG
//! those codes group to (grouped as the coding flow's finalize groups
//! them). Steps are stamped by the demo-only clock ([`DemoClock`]), played
//! in a few large transactions, every one audited like the real action.
//!
//! The department grows with the volume: one coder per 4,500 charts a
//! year (about 18 a working day, the demo's mix being inpatient-heavy),
//! at least the demo's four. A pure
//! function of the seed and the chart count.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::Serialize;

use super::feed::{self, ServiceDates};
use super::rng::Rng;
use super::{DemoError, DemoOptions, DemoSummary, staff};
use crate::domain::chart::Chart;
use crate::domain::claim::Claim;
use crate::domain::coding::Assignment;
use crate::domain::drg::FinalDrg;
use crate::domain::people::Role;
use crate::domain::report::FacilityZone;
use crate::store::Store;
use crate::store::people;
use crate::store::reports::simulate::{self, DemoClock, SimChart, SimCode, SimStep};

/// The demo facility's time zone (the benches' `facility_time_zone`).
pub const DEMO_TIME_ZONE: &str = "America/Chicago";
/// Charts a coder finalizes in a year, about.
const CHARTS_PER_CODER: usize = 4_500;
/// Steps per transaction.
const BATCH: usize = 50_000;
const SALT: u64 = 0x5945_4152;

/// The year's dates: FY2026.
pub fn fiscal_year() -> ServiceDates {
    ServiceDates {
        first: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap_or_default(),
        last: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap_or_default(),
    }
}

/// What the year did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct YearTally {
    pub coders: usize,
    pub steps: usize,
    pub finalized: usize,
    pub queries: usize,
    pub answered: usize,
    pub holds: usize,
    /// Charts still not final-coded at the year's end.
    pub backlog: usize,
    /// The weekly quality review over the year ([`super::year_review`]).
    pub review: super::year_review::ReviewTally,
}

/// Builds the demo database (charts over FY2026, the demo staff, no
/// shift), then plays the year.
pub fn build_year(
    store: &mut Store,
    charts: usize,
    seed: u64,
) -> Result<(DemoSummary, YearTally), DemoError> {
    let opts = DemoOptions {
        charts,
        seed,
        shift: false,
        dates: fiscal_year(),
    };
    let summary = super::build(store, &opts)?;
    let clock = DemoClock::for_demo(store)?;
    let coders = year_coders(store, charts)?;
    let list = simulate::charts(store, &clock)?;
    let first_query = simulate::next_query_id(store, &clock)?;
    let zone = FacilityZone::parse(DEMO_TIME_ZONE)
        .map_err(|e| crate::store::WorkError::Invalid(e.to_string()))?;
    let mut plan = Plan::new(seed, zone, coders, first_query);
    plan.inpatient = simulate::inpatient_charts(store, &clock)?;
    plan.run(&list);
    let mut steps = plan.steps;
    steps.sort_by_key(|s| (s.0, s.1));
    let tally = YearTally {
        steps: steps.len(),
        ..plan.tally
    };
    let steps: Vec<(DateTime<Utc>, SimStep)> = steps.into_iter().map(|(t, _, s)| (t, s)).collect();
    for chunk in steps.chunks(BATCH) {
        simulate::play(store, &clock, chunk)?;
    }
    let year = fiscal_year();
    let review = super::year_review::review_year(store, zone, year.first, year.last, seed)?;
    Ok((summary, YearTally { review, ..tally }))
}

/// The demo's coders, and more (`coder05`, …) for a bigger year.
fn year_coders(store: &mut Store, charts: usize) -> Result<Vec<String>, DemoError> {
    let mut coders: Vec<String> = staff::STAFF
        .iter()
        .filter(|s| s.role == "coder")
        .map(|s| s.login.to_string())
        .collect();
    let wanted = charts.div_ceil(CHARTS_PER_CODER).max(coders.len());
    let admin = people::demo_creator_admin(store)?;
    for n in coders.len() + 1..=wanted {
        let login = format!("coder{n:02}");
        people::add_user(store, &admin, &login, Role::Coder, Some("Demo coder"))?;
        coders.push(login);
    }
    Ok(coders)
}

/// What happens to a chart the first time it is worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Finalize,
    Query,
    Hold,
    Release,
}

/// A chart ready to be pulled at a time, for the first time or back from
/// a hold or a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ready {
    at: DateTime<Utc>,
    chart: usize,
    again: bool,
}

struct Plan {
    seed: u64,
    zone: FacilityZone,
    coders: Vec<String>,
    next_query: i64,
    end: DateTime<Utc>,
    /// (time, order) keeps a chart's own steps in order at equal times.
    steps: Vec<(DateTime<Utc>, u64, SimStep)>,
    order: u64,
    tally: YearTally,
    /// The inpatient charts whole, by id: their finalize stores a DRG.
    inpatient: HashMap<i64, Chart>,
}

impl Plan {
    fn new(seed: u64, zone: FacilityZone, coders: Vec<String>, next_query: i64) -> Plan {
        let end = zone.start_of(fiscal_year().last + Days::new(1));
        Plan {
            seed,
            zone,
            tally: YearTally {
                coders: coders.len(),
                ..YearTally::default()
            },
            coders,
            next_query,
            end,
            steps: Vec::new(),
            order: 0,
            inpatient: HashMap::new(),
        }
    }

    /// The MS-DRG finalize stores for `codes` on chart `chart`: grouped as
    /// the coding flow's finalize groups (`Claim::from_chart`, then
    /// `coding_edits::group`); `None` for an outpatient chart or a claim
    /// that does not group.
    fn drg_of(&self, chart: i64, codes: &[SimCode]) -> Option<FinalDrg> {
        let chart = self.inpatient.get(&chart)?;
        let lines: Vec<Assignment> = codes
            .iter()
            .zip(1..)
            .map(|(c, seq)| Assignment {
                seq,
                system: c.system,
                code: c.code.clone(),
                title: String::new(),
                billable: true,
                role: c.role,
                poa: c.poa,
                modifiers: vec![],
                units: None,
                pointers: vec![],
                assigned_by: String::new(),
                assigned_at: String::new(),
            })
            .collect();
        let claim = Claim::from_chart(chart, &lines);
        FinalDrg::of(&crate::app::coding_edits::group(&claim))
    }

    fn push(&mut self, at: DateTime<Utc>, step: SimStep) {
        self.order += 1;
        self.steps.push((at, self.order, step));
    }

    /// Local `time` on `date`, as UTC.
    fn at(&self, date: NaiveDate, minutes: u32) -> DateTime<Utc> {
        let t = NaiveTime::from_hms_opt(7, 0, 0).unwrap_or_default()
            + chrono::Duration::minutes(i64::from(minutes));
        self.zone
            .0
            .from_local_datetime(&date.and_time(t))
            .earliest()
            .map_or_else(|| self.zone.start_of(date), |t| t.with_timezone(&Utc))
    }

    /// The first shift minute at or after `t` (weekdays 07:00–15:30).
    fn in_shift(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let local = t.with_timezone(&self.zone.0);
        let mut date = local.date_naive();
        let minutes =
            (local.time() - NaiveTime::from_hms_opt(7, 0, 0).unwrap_or_default()).num_minutes();
        let mut start = if minutes < 0 {
            self.at(date, 0)
        } else if minutes >= 510 {
            date = date + Days::new(1);
            self.at(date, 0)
        } else {
            t
        };
        while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            date = date + Days::new(1);
            start = self.at(date, 0);
        }
        start
    }

    fn run(&mut self, charts: &[SimChart]) {
        let mut ready: BinaryHeap<Reverse<Ready>> = BinaryHeap::new();
        for (i, c) in charts.iter().enumerate() {
            let mut rng = Rng::for_item(self.seed ^ SALT, c.id as u64);
            let at = self.at(c.ready_on + Days::new(1), rng.between(0, 480));
            ready.push(Reverse(Ready {
                at,
                chart: i,
                again: false,
            }));
        }
        // Each coder's next free minute.
        let mut free: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = (0..self.coders.len())
            .map(|k| Reverse((self.at(fiscal_year().first, 0), k)))
            .collect();
        let order = feed::scenario_order(self.seed);
        while let Some(Reverse(r)) = ready.pop() {
            let Some(Reverse((cursor, k))) = free.pop() else {
                break;
            };
            let start = self.in_shift(r.at.max(cursor));
            if start >= self.end {
                free.push(Reverse((cursor, k)));
                continue;
            }
            let chart = &charts[r.chart];
            let coder = self.coders[k].clone();
            let mut rng = Rng::for_item(self.seed ^ SALT ^ u64::from(r.again), chart.id as u64);
            let minutes = i64::from(work_minutes(&chart.encounter_type, &mut rng));
            let fate = if r.again {
                Fate::Finalize
            } else {
                fate(&mut rng)
            };
            let done = self.work(chart, &coder, start, minutes, fate, &order, &mut rng);
            if let Some(back) = done.back {
                ready.push(Reverse(Ready {
                    at: back,
                    chart: r.chart,
                    again: true,
                }));
            }
            free.push(Reverse((
                done.free + chrono::Duration::minutes(1 + rng.below(4) as i64),
                k,
            )));
        }
        self.tally.backlog = charts.len() - self.tally.finalized;
    }

    /// One stretch of work on `chart` from `start`; when the coder is free
    /// again, and when the chart comes back (a hold, a query, a release).
    #[allow(clippy::too_many_arguments)]
    fn work(
        &mut self,
        chart: &SimChart,
        coder: &str,
        start: DateTime<Utc>,
        minutes: i64,
        fate: Fate,
        order: &[&'static super::Scenario],
        rng: &mut Rng,
    ) -> Worked {
        let min = |m: i64| start + chrono::Duration::minutes(m.max(1));
        let claim = SimStep::Claim {
            chart: chart.id,
            coder: coder.to_string(),
        };
        self.push(start, claim);
        match fate {
            Fate::Finalize => {
                let index = account_index(&chart.account);
                let scenario = feed::scenario_for(index, order);
                let codes = scenario
                    .key
                    .iter()
                    .map(|c| SimCode {
                        system: c.system,
                        code: c.code.to_string(),
                        role: c.role,
                        poa: c.poa,
                    })
                    .collect::<Vec<_>>();
                let end = min(minutes);
                let step = SimStep::Finalize {
                    chart: chart.id,
                    coder: coder.to_string(),
                    drg: self.drg_of(chart.id, &codes),
                    codes,
                };
                self.push(end, step);
                self.tally.finalized += 1;
                Worked {
                    free: end,
                    back: None,
                }
            }
            Fate::Query => self.query(chart, coder, min(minutes * 2 / 5), rng),
            Fate::Hold => {
                let end = min(minutes * 3 / 10);
                let reason = rng.pick(&[
                    "missing discharge summary",
                    "pending pathology report",
                    "awaiting operative report",
                    "unsigned documentation",
                ]);
                let step = SimStep::Hold {
                    chart: chart.id,
                    coder: coder.to_string(),
                    reason: reason.to_string(),
                };
                self.push(end, step);
                self.tally.holds += 1;
                let back = (!rng.chance(15))
                    .then(|| end + chrono::Duration::hours(i64::from(rng.between(20, 96))));
                Worked { free: end, back }
            }
            Fate::Release => {
                let end = min(minutes / 5);
                let step = SimStep::Release {
                    chart: chart.id,
                    coder: coder.to_string(),
                };
                self.push(end, step);
                Worked {
                    free: end,
                    back: Some(end + chrono::Duration::minutes(90)),
                }
            }
        }
    }

    /// A provider query sent at `end`, answered (most of the time) hours
    /// or days later, when the chart comes back.
    fn query(
        &mut self,
        chart: &SimChart,
        coder: &str,
        end: DateTime<Utc>,
        rng: &mut Rng,
    ) -> Worked {
        let query = self.next_query;
        self.next_query += 1;
        let provider = chart
            .attending
            .clone()
            .unwrap_or_else(|| "Attending".into());
        let options = vec![
            "Clinically supported as documented".to_string(),
            "A more specific diagnosis".to_string(),
            "Other (please specify)".to_string(),
            "Unable to determine".to_string(),
        ];
        let ask = SimStep::Ask {
            chart: chart.id,
            coder: coder.to_string(),
            query,
            provider: provider.clone(),
            options,
        };
        self.push(end, ask);
        self.tally.queries += 1;
        if !rng.chance(92) {
            return Worked {
                free: end,
                back: None,
            };
        }
        let answered = end + chrono::Duration::minutes(i64::from(rng.between(120, 4320)));
        let chosen = match rng.below(100) {
            0..70 => 0,
            70..80 => 1,
            80..90 => 2,
            _ => 3,
        };
        let step = SimStep::Answer {
            chart: chart.id,
            query,
            provider,
            chosen,
            entered_by: coder.to_string(),
        };
        if answered < self.end {
            self.push(answered, step);
            self.tally.answered += 1;
        }
        Worked {
            free: end,
            back: Some(answered),
        }
    }
}

struct Worked {
    free: DateTime<Utc>,
    back: Option<DateTime<Utc>>,
}

/// The chart's index in the demo feed (`ACC-2026-000001` is 0).
fn account_index(account: &str) -> usize {
    account
        .rsplit('-')
        .next()
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(0, |n| n.saturating_sub(1))
}

fn fate(rng: &mut Rng) -> Fate {
    match rng.below(100) {
        0..6 => Fate::Query,
        6..10 => Fate::Hold,
        10..13 => Fate::Release,
        _ => Fate::Finalize,
    }
}

/// Minutes of work by encounter type (a coder's usual pace).
fn work_minutes(encounter_type: &str, rng: &mut Rng) -> u32 {
    match encounter_type {
        "inpatient" => rng.between(18, 40),
        "observation" => rng.between(10, 20),
        "outpatient" => rng.between(6, 12),
        "ed" => rng.between(4, 9),
        _ => rng.between(2, 5),
    }
}
