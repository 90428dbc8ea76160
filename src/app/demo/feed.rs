//! Demo charts as chart-feed records (the JSON Lines contract the store's
//! importer reads: one chart a line with its documents).

use std::collections::BTreeMap;
use std::io::Read;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::names::{self, PersonName};
use super::rng::Rng;
use super::scenarios::{self, ExpectedCode, Scenario, Setting, SexRule};
use super::text::{self, ChartFacts};
use crate::domain::chart::DocumentType;

/// The range demo dates of service fall in, fixed by "today".
///
/// A demo is a picture of a coding department now: the charts waiting are
/// from the last six months, the newest a week old (a chart reaches coding
/// after discharge and documentation). Six months back from any date in a
/// fiscal year's first half reaches into the previous release, so the demo
/// spans two code-set versions the way a real backlog does after Oct 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceDates {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl ServiceDates {
    /// Days between the newest date of service and today.
    pub const LAG_DAYS: u64 = 7;
    /// Days from the oldest date of service to the newest.
    pub const SPAN_DAYS: u64 = 182;

    /// The window ending [`Self::LAG_DAYS`] before `today`.
    pub fn before(today: NaiveDate) -> ServiceDates {
        let last = today - Days::new(Self::LAG_DAYS);
        ServiceDates {
            first: last - Days::new(Self::SPAN_DAYS),
            last,
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.first..=self.last).contains(&date)
    }
}

/// One line of the chart feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartRecord {
    pub account: String,
    pub mrn: String,
    pub patient: PatientRecord,
    pub encounter_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admit_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discharge_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_date: Option<NaiveDate>,
    /// NUBC discharge status (inpatient stays whose scenario gives one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discharge_status: Option<String>,
    pub attending: String,
    pub payer: String,
    pub facility: String,
    pub queue: String,
    pub priority: u8,
    pub due_date: NaiveDate,
    pub documents: Vec<DocumentRecord>,
}

impl ChartRecord {
    /// The date that picks the code-set version: discharge for inpatient
    /// stays, the service date otherwise.
    pub fn date_of_service(&self) -> NaiveDate {
        let date = if self.encounter_type == "inpatient" {
            self.discharge_date
        } else {
            self.service_date
        };
        date.expect("demo charts always carry their date of service")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatientRecord {
    /// "Last, First".
    pub name: String,
    pub dob: NaiveDate,
    /// F or M (the demo does not generate U).
    pub sex: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub author: String,
    pub time: NaiveDateTime,
    pub text: String,
}

/// A generated chart with the scenario it tells (its answer key).
#[derive(Debug, Clone)]
pub struct DemoChart {
    pub record: ChartRecord,
    pub scenario: &'static Scenario,
}

impl DemoChart {
    /// The codes the chart's documentation supports, in claim sequence.
    pub fn answer_key(&self) -> &'static [ExpectedCode] {
        self.scenario.key
    }
}

/// Generates chart `index` (0-based) of a run seeded with `seed`.
///
/// Chart 0 is always the benchmark ED chart, set up to be the first chart a
/// claim hands out: priority 1 and the earliest due date of the run. Every
/// other chart depends only on `(seed, index)`, so a larger run extends a
/// smaller one instead of reshuffling it.
pub fn chart(
    seed: u64,
    index: usize,
    order: &[&'static Scenario],
    dates: ServiceDates,
) -> DemoChart {
    let mut rng = Rng::for_item(seed, index as u64);
    let scenario = scenario_for(index, order);
    let setting = scenario.setting;

    let female = match scenario.sex {
        SexRule::Female => true,
        SexRule::Male => false,
        SexRule::Any => rng.chance(50),
    };
    let age = rng.between(scenario.ages.0, scenario.ages.1);
    let name = PersonName::random(&mut rng, female);

    let window = (dates.last - dates.first).num_days() as u32;
    let stay = if setting.is_admitted() {
        rng.between(scenario.stay.0, scenario.stay.1)
    } else {
        0
    };
    let (admit, priority, due_in) = if index == 0 {
        (dates.first, 1, 1)
    } else {
        let admit = dates.first + Days::new(u64::from(rng.between(0, window - stay)));
        let priority = priority_for(setting, &mut rng);
        // Higher priority, shorter turnaround; never earlier than 3 days
        // after discharge, so chart 0 (due the day after) stays first.
        let due_in = 3 + u32::from(priority - 1) * 3 + rng.between(0, 3);
        (admit, priority, due_in)
    };
    let discharge = admit + Days::new(u64::from(stay));
    let due_date = discharge + Days::new(u64::from(due_in));

    let attending = attending_for(setting, &mut rng);
    let facts = ChartFacts {
        patient: name.sorted(),
        age,
        female,
        mrn: mrn(seed, index),
        attending,
        requesting: other_provider(attending, &mut rng),
        facility: rng.pick(names::FACILITIES),
        admit,
        discharge,
        vitals: scenario
            .vitals
            .map_or_else(|| normal_vitals(&mut rng), str::to_string),
        later_vitals: normal_vitals(&mut rng),
        style: rng.between(0, 1000),
    };

    let documents = scenario
        .documents
        .iter()
        .map(|&kind| DocumentRecord {
            kind: kind.as_str().to_string(),
            author: match kind {
                DocumentType::Pathology => facts.requesting,
                _ => facts.attending,
            }
            .to_string(),
            time: document_time(kind, scenario, &facts, &mut rng),
            text: text::document(kind, scenario, &facts),
        })
        .collect();

    let (admit_date, discharge_date, service_date) = match setting {
        Setting::Inpatient => (Some(admit), Some(discharge), None),
        Setting::Observation => (Some(admit), Some(discharge), Some(admit)),
        _ => (None, None, Some(admit)),
    };
    let record = ChartRecord {
        account: account(index),
        mrn: facts.mrn.clone(),
        patient: PatientRecord {
            name: facts.patient.clone(),
            dob: birth_date(admit, age, &mut rng),
            sex: if female { "F" } else { "M" }.to_string(),
        },
        encounter_type: setting.encounter_type().as_str().to_string(),
        admit_date,
        discharge_date,
        service_date,
        discharge_status: discharge_status(scenario),
        attending: attending.to_string(),
        payer: payer_for(age, &mut rng).to_string(),
        facility: facts.facility.to_string(),
        queue: setting.queue().to_string(),
        priority,
        due_date,
        documents,
    };
    DemoChart { record, scenario }
}

/// The discharge status the feed gives: an inpatient scenario's, if any.
fn discharge_status(scenario: &Scenario) -> Option<String> {
    (scenario.setting == Setting::Inpatient)
        .then_some(scenario.discharge_status)
        .flatten()
        .map(str::to_string)
}

/// The order scenarios are dealt in for a seed: every scenario once per
/// round, shuffled, so even a small run covers many of them.
pub fn scenario_order(seed: u64) -> Vec<&'static Scenario> {
    let mut order: Vec<&'static Scenario> = scenarios::SCENARIOS.iter().collect();
    Rng::new(seed).shuffle(&mut order);
    order
}

/// The scenario chart `index` tells (no text generated).
pub fn scenario_for(index: usize, order: &[&'static Scenario]) -> &'static Scenario {
    if index == 0 {
        scenarios::benchmark()
    } else {
        order[(index - 1) % order.len()]
    }
}

/// What a run generated, counted as the charts stream past.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    pub charts: usize,
    pub documents: usize,
    pub by_encounter_type: BTreeMap<String, usize>,
    pub by_queue: BTreeMap<String, usize>,
    pub by_priority: BTreeMap<u8, usize>,
    /// Charts whose documentation has a gap worth a provider query.
    pub with_documentation_gap: usize,
    pub first_date_of_service: Option<NaiveDate>,
    pub last_date_of_service: Option<NaiveDate>,
}

impl Tally {
    fn add(&mut self, chart: &DemoChart) {
        let r = &chart.record;
        self.charts += 1;
        self.documents += r.documents.len();
        *self
            .by_encounter_type
            .entry(r.encounter_type.clone())
            .or_default() += 1;
        *self.by_queue.entry(r.queue.clone()).or_default() += 1;
        *self.by_priority.entry(r.priority).or_default() += 1;
        self.with_documentation_gap += usize::from(chart.scenario.gap.is_some());
        let dos = r.date_of_service();
        self.first_date_of_service = Some(self.first_date_of_service.map_or(dos, |d| d.min(dos)));
        self.last_date_of_service = Some(self.last_date_of_service.map_or(dos, |d| d.max(dos)));
    }
}

/// What the shift needs to know about an imported chart.
#[derive(Debug, Clone)]
pub struct ChartOutline {
    pub index: usize,
    pub account: String,
    pub queue: String,
    pub attending: String,
    pub date_of_service: NaiveDate,
    pub scenario: &'static Scenario,
}

impl ChartOutline {
    pub fn of(index: usize, chart: &DemoChart) -> ChartOutline {
        ChartOutline {
            index,
            account: chart.record.account.clone(),
            queue: chart.record.queue.clone(),
            attending: chart.record.attending.clone(),
            date_of_service: chart.record.date_of_service(),
            scenario: chart.scenario,
        }
    }
}

/// The chart feed of a run as a byte stream (JSON Lines), generated one
/// chart at a time as the reader asks for it, so a 10,000-chart demo never
/// sits in memory as text.
pub struct FeedReader {
    seed: u64,
    dates: ServiceDates,
    order: Vec<&'static Scenario>,
    next: usize,
    total: usize,
    line: Vec<u8>,
    pos: usize,
    tally: Tally,
    outlines: Vec<ChartOutline>,
}

impl FeedReader {
    pub fn new(seed: u64, charts: usize, dates: ServiceDates) -> FeedReader {
        FeedReader {
            seed,
            dates,
            order: scenario_order(seed),
            next: 0,
            total: charts,
            line: Vec::with_capacity(16 << 10),
            pos: 0,
            tally: Tally::default(),
            outlines: Vec::new(),
        }
    }

    /// What has been read so far (everything, once the reader is drained).
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// The charts read so far, in feed order.
    pub fn outlines(&self) -> &[ChartOutline] {
        &self.outlines
    }
}

impl Read for FeedReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.line.len() {
            if self.next == self.total {
                return Ok(0);
            }
            let chart = chart(self.seed, self.next, &self.order, self.dates);
            self.tally.add(&chart);
            self.outlines.push(ChartOutline::of(self.next, &chart));
            self.line.clear();
            self.pos = 0;
            serde_json::to_writer(&mut self.line, &chart.record)?;
            self.line.push(b'\n');
            self.next += 1;
        }
        let n = out.len().min(self.line.len() - self.pos);
        out[..n].copy_from_slice(&self.line[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// One line of an answer-key file: what a chart's documentation supports.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerKey {
    pub account: String,
    pub scenario: &'static str,
    pub title: &'static str,
    pub codes: &'static [ExpectedCode],
    /// The documentation gap to query, if any.
    pub provider_query: Option<scenarios::Gap>,
}

impl AnswerKey {
    pub fn for_chart(index: usize, order: &[&'static Scenario]) -> AnswerKey {
        let scenario = scenario_for(index, order);
        AnswerKey {
            account: account(index),
            scenario: scenario.id,
            title: scenario.title,
            codes: scenario.key,
            provider_query: scenario.gap,
        }
    }
}

/// The account number of chart `index`.
pub fn account(index: usize) -> String {
    format!("ACC-2026-{:06}", index + 1)
}

/// A medical record number unique within a run: index times a constant
/// coprime to 10^7, plus a seed offset, modulo 10^7, is a bijection.
fn mrn(seed: u64, index: usize) -> String {
    const SPACE: u64 = 10_000_000;
    let n = (index as u64 % SPACE * 7_368_787 + seed % SPACE) % SPACE;
    format!("MRN{n:07}")
}

fn priority_for(setting: Setting, rng: &mut Rng) -> u8 {
    let (lo, hi) = match setting {
        Setting::Inpatient => (1, 3),
        Setting::Observation | Setting::Ed => (2, 4),
        Setting::OutpatientSurgery => (2, 5),
        Setting::Clinic | Setting::ProFee => (3, 5),
    };
    rng.between(lo, hi) as u8
}

fn attending_for(setting: Setting, rng: &mut Rng) -> &'static str {
    let app_writes = matches!(setting, Setting::Ed | Setting::Clinic) && rng.chance(30);
    if app_writes {
        rng.pick(names::ADVANCED_PRACTICE)
    } else {
        rng.pick(names::PROVIDERS)
    }
}

fn other_provider(attending: &str, rng: &mut Rng) -> &'static str {
    loop {
        let other = rng.pick(names::PROVIDERS);
        if other != attending {
            return other;
        }
    }
}

fn payer_for(age: u32, rng: &mut Rng) -> &'static str {
    let roll = rng.below(100);
    match (age >= 65, roll) {
        (true, 0..80) => "Medicare",
        (false, 0..25) => "Medicaid",
        (false, 25..30) => "Self-pay",
        _ => rng.pick(names::COMMERCIAL_PAYERS),
    }
}

/// A birth date that makes the patient exactly `age` on `on`.
fn birth_date(on: NaiveDate, age: u32, rng: &mut Rng) -> NaiveDate {
    let birthday = on
        .checked_sub_months(chrono::Months::new(12 * age))
        .unwrap_or(on);
    birthday - Days::new(rng.below(365))
}

fn normal_vitals(rng: &mut Rng) -> String {
    format!(
        "T {:.1} HR {} BP {}/{} RR {} SpO2 {}% RA",
        f64::from(rng.between(365, 372)) / 10.0,
        rng.between(62, 92),
        rng.between(112, 142),
        rng.between(66, 88),
        rng.between(14, 18),
        rng.between(95, 99)
    )
}

/// When a document of `kind` was signed: H&P on the admit day, progress note
/// the next morning, operative report on the procedure day, discharge
/// summary on the discharge day.
fn document_time(
    kind: DocumentType,
    scenario: &Scenario,
    facts: &ChartFacts,
    rng: &mut Rng,
) -> NaiveDateTime {
    let (day, hours) = match kind {
        DocumentType::Hp => (facts.admit, (13, 22)),
        DocumentType::ProgressNote if scenario.setting.is_admitted() => {
            ((facts.admit + Days::new(1)).min(facts.discharge), (7, 11))
        }
        DocumentType::OperativeReport => {
            let day = scenario.procedure.map_or(0, |p| p.day);
            (
                (facts.admit + Days::new(u64::from(day))).min(facts.discharge),
                (8, 15),
            )
        }
        DocumentType::DischargeSummary => (facts.discharge, (10, 16)),
        DocumentType::Pathology => {
            let day = scenario.procedure.map_or(0, |p| p.day) + 1;
            (facts.admit + Days::new(u64::from(day)), (9, 17))
        }
        DocumentType::EdNote => (facts.admit, (0, 23)),
        DocumentType::Radiology => (facts.admit, (6, 22)),
        DocumentType::ProgressNote | DocumentType::ClinicNote | DocumentType::Consult => {
            (facts.admit, (8, 17))
        }
    };
    let time = NaiveTime::from_hms_opt(rng.between(hours.0, hours.1), rng.between(0, 59), 0)
        .expect("hours and minutes are in range");
    day.and_time(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mrns_are_unique_within_a_run() {
        let mut seen: Vec<String> = (0..20_000).map(|i| mrn(42, i)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 20_000);
    }

    #[test]
    fn birth_date_gives_the_stated_age() {
        let mut rng = Rng::new(3);
        let on = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        for age in [0, 1, 45, 90] {
            for _ in 0..50 {
                let dob = birth_date(on, age, &mut rng);
                assert_eq!(on.years_since(dob), Some(age), "{dob}");
            }
        }
    }
}
