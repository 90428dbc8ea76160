//! The demo generator's chart feed: every line is a valid chart record of
//! the JSON Lines contract, inside the bundled code set's dates, and the
//! whole run is a pure function of the seed.

use std::collections::{BTreeSet, HashSet};

use std::io::Read;

use chartq::app::demo::feed::{FeedReader, ServiceDates};
use chartq::app::demo::scenarios::{self, SCENARIOS, Setting};
use chartq::app::demo::{DemoOptions, generate};
use chartq::domain::coding::CodeRole;
use serde_json::Value;

/// "Today" for every demo in these tests (never the real date): FY2027's
/// second month, so the six-month window reaches back into FY2026.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn window() -> ServiceDates {
    ServiceDates::before(today())
}

fn jsonl(opts: &DemoOptions) -> String {
    let mut out = String::new();
    FeedReader::new(opts.seed, opts.charts, opts.dates)
        .read_to_string(&mut out)
        .unwrap();
    out
}

fn opts(charts: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        charts,
        seed,
        shift: false,
        dates: window(),
    }
}

fn date(value: &Value, field: &str) -> Option<chrono::NaiveDate> {
    value[field].as_str().map(|s| s.parse().unwrap())
}

#[test]
fn every_line_is_a_complete_chart_record() {
    let text = jsonl(&opts(500, 9));
    let allowed_docs: HashSet<&str> = [
        "hp",
        "progress_note",
        "operative_report",
        "discharge_summary",
        "ed_note",
        "clinic_note",
        "consult",
        "radiology",
        "pathology",
    ]
    .into();
    let mut accounts = HashSet::new();
    assert_eq!(text.lines().count(), 500);
    for (n, line) in text.lines().enumerate() {
        let chart: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {n}: {e}"));
        for field in [
            "account",
            "mrn",
            "encounter_type",
            "attending",
            "payer",
            "facility",
            "queue",
        ] {
            assert!(
                chart[field].as_str().is_some_and(|s| !s.is_empty()),
                "line {n}: {field}"
            );
        }
        assert!(accounts.insert(chart["account"].as_str().unwrap().to_string()));
        let patient = &chart["patient"];
        assert!(patient["name"].as_str().unwrap().contains(", "));
        assert!(["F", "M"].contains(&patient["sex"].as_str().unwrap()));
        assert!(date(patient, "dob").is_some());
        let priority = chart["priority"].as_u64().unwrap();
        assert!((1..=5).contains(&priority));

        let kind = chart["encounter_type"].as_str().unwrap();
        let dos = match kind {
            "inpatient" => {
                let admit = date(&chart, "admit_date").expect("admit_date");
                let discharge = date(&chart, "discharge_date").expect("discharge_date");
                assert!(admit <= discharge);
                assert!(
                    admit >= window().first,
                    "line {n}: admitted before the window"
                );
                discharge
            }
            "observation" => {
                assert!(date(&chart, "admit_date").is_some());
                date(&chart, "service_date").expect("service_date")
            }
            "outpatient" | "ed" | "profee" => date(&chart, "service_date").expect("service_date"),
            other => panic!("line {n}: encounter type {other}"),
        };
        assert!(window().contains(dos), "line {n}: date of service {dos}");
        assert!(date(&chart, "due_date").unwrap() > dos);

        let docs = chart["documents"].as_array().unwrap();
        assert!(!docs.is_empty());
        for doc in docs {
            assert!(allowed_docs.contains(doc["type"].as_str().unwrap()));
            assert!(doc["author"].as_str().unwrap().len() > 3);
            let time: chrono::NaiveDateTime = doc["time"].as_str().unwrap().parse().unwrap();
            // Documents are signed during the encounter; a pathology report
            // may follow it by a day.
            assert!(time.date() >= window().first, "line {n}");
            assert!(
                time.date() <= date(&chart, "discharge_date").unwrap_or(dos) + chrono::Days::new(1),
                "line {n}: {time}"
            );
            let text = doc["text"].as_str().unwrap();
            assert!(text.len() > 200 && text.len() < 1 << 20);
            assert!(text.chars().all(|c| c == '\n' || !c.is_control()));
        }
    }
}

#[test]
fn same_seed_same_feed_other_seed_other_feed() {
    let a = jsonl(&opts(120, 77));
    assert_eq!(a, jsonl(&opts(120, 77)));
    assert_ne!(a, jsonl(&opts(120, 78)));
}

#[test]
fn today_places_the_window_and_nothing_else() {
    // Same seed and today: the same demo. Another today: the same charts
    // (patients, documents' words), moved to that window.
    let here = opts(200, 4);
    assert_eq!(jsonl(&here), jsonl(&opts(200, 4)));
    let later_day = today() + chrono::Days::new(365);
    let later = DemoOptions {
        dates: ServiceDates::before(later_day),
        ..opts(200, 4)
    };
    let (a, b) = (generate(&here), generate(&later));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.record.account, y.record.account);
        assert_eq!(x.scenario.id, y.scenario.id);
        assert_eq!(
            x.record.date_of_service() + chrono::Days::new(365),
            y.record.date_of_service()
        );
    }
    let w = ServiceDates::before(today());
    assert_eq!(
        (w.first.to_string(), w.last.to_string()),
        ("2026-05-25".into(), "2026-11-23".into())
    );
    // Six months back from late November reaches FY2026: both releases.
    let fy2027 = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    assert!(a.iter().any(|c| c.record.date_of_service() < fy2027));
    assert!(a.iter().any(|c| c.record.date_of_service() >= fy2027));
}

#[test]
fn a_larger_run_extends_a_smaller_one() {
    let small = jsonl(&opts(30, 5));
    let large = jsonl(&opts(90, 5));
    assert!(large.starts_with(&small));
}

#[test]
fn default_run_covers_every_setting_and_many_scenarios() {
    let charts = generate(&DemoOptions::as_of(today()));
    assert_eq!(charts.len(), 60);
    let settings: BTreeSet<Setting> = charts.iter().map(|c| c.scenario.setting).collect();
    assert_eq!(settings.len(), Setting::ALL.len());
    let ids: HashSet<&str> = charts.iter().map(|c| c.scenario.id).collect();
    assert!(ids.len() >= 30, "only {} scenarios", ids.len());
    let queues: HashSet<&str> = charts.iter().map(|c| c.record.queue.as_str()).collect();
    assert_eq!(queues.len(), 6);
    let priorities: HashSet<u8> = charts.iter().map(|c| c.record.priority).collect();
    assert_eq!(priorities.len(), 5);
    assert!(charts.iter().any(|c| c.scenario.gap.is_some()));
}

#[test]
fn the_benchmark_ed_chart_is_first_in_claim_order() {
    let charts = generate(&opts(2000, 11));
    let first = &charts[0];
    assert_eq!(first.scenario.id, scenarios::BENCHMARK_ID);
    assert_eq!(first.record.encounter_type, "ed");
    assert_eq!(first.answer_key().len(), 3);
    assert!(first.scenario.gap.is_none());
    // The claim order is priority, then due date, then date of service.
    let best = charts
        .iter()
        .min_by_key(|c| {
            (
                c.record.priority,
                c.record.due_date,
                c.record.date_of_service(),
            )
        })
        .unwrap();
    assert_eq!(best.record.account, first.record.account);
    let ties = charts
        .iter()
        .filter(|c| (c.record.priority, c.record.due_date) == (1, first.record.due_date))
        .count();
    assert_eq!(ties, 1, "the benchmark chart must be strictly first");
}

#[test]
fn scenario_library_is_broad_and_well_formed() {
    assert!(SCENARIOS.len() >= 25);
    let ids: HashSet<&str> = SCENARIOS.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), SCENARIOS.len(), "scenario ids are unique");
    for s in SCENARIOS {
        let principals = s
            .key
            .iter()
            .filter(|c| c.role == CodeRole::Principal)
            .count();
        assert_eq!(principals, 1, "{}: one principal/first-listed dx", s.id);
        assert_eq!(s.key[0].role, CodeRole::Principal, "{}", s.id);
        for code in s.key {
            let inpatient_dx = s.setting == Setting::Inpatient && code.system.is_diagnosis();
            assert_eq!(
                code.poa.is_some(),
                inpatient_dx,
                "{} {}: POA only on inpatient dx",
                s.id,
                code.code
            );
            if !code.system.is_diagnosis() {
                assert_eq!(
                    s.setting,
                    Setting::Inpatient,
                    "{}: PCS only inpatient",
                    s.id
                );
            }
        }
        assert!(s.ages.0 <= s.ages.1 && s.stay.0 <= s.stay.1);
        assert_eq!(s.setting.is_admitted(), s.stay.1 > 0, "{}", s.id);
        if let Some(gap) = s.gap {
            assert!(gap.options.len() >= 2, "{}", s.id);
        }
    }
}

#[test]
fn the_streamed_feed_is_the_generated_charts_and_its_tally_counts_them() {
    let opts = opts(250, 3);
    let charts = generate(&opts);
    let mut reader = FeedReader::new(opts.seed, opts.charts, opts.dates);
    let mut bytes = Vec::new();
    // A tiny buffer exercises lines (and UTF-8 characters) split across reads.
    let mut buf = [0u8; 7];
    loop {
        let n = reader.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8(bytes).unwrap();
    let parsed: Vec<chartq::app::demo::ChartRecord> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected: Vec<_> = charts.iter().map(|c| c.record.clone()).collect();
    assert_eq!(parsed, expected);

    let tally = reader.tally();
    assert_eq!(tally.charts, 250);
    assert_eq!(
        tally.documents,
        charts
            .iter()
            .map(|c| c.record.documents.len())
            .sum::<usize>()
    );
    assert_eq!(tally.by_queue.values().sum::<usize>(), 250);
    assert_eq!(
        tally.by_queue["ed"],
        charts.iter().filter(|c| c.record.queue == "ed").count()
    );
    assert_eq!(tally.first_date_of_service, Some(window().first));
    assert!(tally.last_date_of_service.unwrap() <= window().last);
}
