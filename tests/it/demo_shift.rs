//! `demo::build` with a shift under way: the demo coders code charts from
//! their answer keys through the store's own assign and finalize (so every
//! answer key passes the finalize rules), and query providers on charts with
//! documentation gaps.

use std::collections::BTreeSet;

use chartq::app::demo::feed::ChartOutline;
use chartq::app::demo::scenarios::SCENARIOS;
use chartq::app::demo::shift::{self, Progress};
use chartq::app::demo::{DemoChart, DemoOptions, build, generate};
use chartq::domain::chart::ChartRef;
use chartq::domain::chart::Status;
use chartq::domain::codes::{Code, CodeKind, CodeSet, CodeSystem};
use chartq::store::Store;
use chartq::store::chart_detail;
use chartq::store::code_tables::{VersionSpec, insert_code_set};
use chartq::store::people;
use chartq::store::provider_query::{self, ProviderQueryFilter};

/// A store holding an ICD-10-CM version for the demo's dates with every
/// diagnosis code of the answer keys and drafts (titles invented: tests/demo_codes.rs
/// checks the codes against the official release).
fn store_with_answer_key_codes() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let codes: BTreeSet<&str> = SCENARIOS
        .iter()
        .flat_map(|s| s.key.iter().chain(s.draft))
        .filter(|c| c.system == CodeSystem::Icd10Cm)
        .map(|c| c.code)
        .collect();
    let set = CodeSet {
        codes: codes
            .into_iter()
            .map(|code| Code {
                code: code.to_string(),
                kind: CodeKind::Code,
                billable: true,
                short_title: None,
                long_title: format!("demo test code {code}"),
                parent: None,
                notes: Vec::new(),
                valid_until: None,
            })
            .collect(),
    };
    let spec = VersionSpec {
        system: CodeSystem::Icd10Cm,
        label: "test-FY2026-FY2027".into(),
        effective_from: "2025-10-01".parse().unwrap(),
        effective_to: Some("2027-09-30".parse().unwrap()),
        source: "tests/demo_shift.rs".into(),
    };
    store
        .write(|tx| insert_code_set(tx, &spec, &set).map_err(chartq::store::StoreError::from))
        .unwrap();
    store
}

fn outlines(charts: &[DemoChart]) -> Vec<ChartOutline> {
    charts
        .iter()
        .enumerate()
        .map(|(i, c)| ChartOutline::of(i, c))
        .collect()
}

fn opts(charts: usize) -> DemoOptions {
    DemoOptions {
        charts,
        seed: 31,
        shift: true,
        // A fixed "today" (never the real date): the window spans FY2026
        // and FY2027.
        dates: chartq::app::demo::ServiceDates::before(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        ),
    }
}

#[test]
fn the_shift_codes_queries_and_opens_charts_as_planned() {
    let mut store = store_with_answer_key_codes();
    let summary = build(&mut store, &opts(300)).unwrap();
    let shift = &summary.shift;
    assert!(shift.coded > 10, "{shift:?}");
    assert!(
        shift.audited > 0 && shift.audited < shift.coded,
        "{shift:?}"
    );
    assert!(shift.on_hold > 0 && shift.answered > 0 && shift.in_progress > 0);
    assert_eq!(shift.left_new_without_code_set, 0);

    let me = people::current_actor(&mut store, None).unwrap();
    let generated = generate(&opts(300));
    let plan = shift::plan(31, &outlines(&generated));
    for (chart, &planned) in generated.iter().zip(&plan) {
        let detail = chart_detail::show(
            &mut store,
            &me,
            &ChartRef::account(chart.record.account.clone()),
        )
        .unwrap();
        let expected_status = match planned {
            Progress::New | Progress::Drafted => Status::New,
            Progress::InProgress => Status::InProgress,
            Progress::OnHold => Status::OnHold,
            // An answered query sends the chart back to its coder's queue.
            Progress::Answered => detail.chart.status,
            Progress::Coded => Status::Coded,
            Progress::Audited => Status::Audited,
        };
        assert_eq!(
            detail.chart.status, expected_status,
            "{}",
            chart.record.account
        );
        match planned {
            Progress::Coded | Progress::Audited => {
                let coded: Vec<(&str, &str)> = detail
                    .assignments
                    .iter()
                    .map(|a| (a.code.as_str(), a.role.as_str()))
                    .collect();
                let key: Vec<(&str, &str)> = chart
                    .answer_key()
                    .iter()
                    .map(|c| (c.code, c.role.as_str()))
                    .collect();
                assert_eq!(coded, key, "{}", chart.record.account);
                let coder = detail.chart.coded_by.as_deref().unwrap();
                assert!(
                    summary
                        .users
                        .iter()
                        .any(|u| u.login == coder && u.role.as_str() == "coder")
                );
            }
            Progress::OnHold | Progress::Answered => {
                let q = &detail.provider_queries[0];
                assert_eq!(q.provider, chart.record.attending);
                assert_eq!(q.question, chart.scenario.gap.unwrap().question);
                assert!(q.options.iter().any(|o| o.contains("Unable to determine")));
                assert_eq!(q.response.is_some(), planned == Progress::Answered);
                if planned == Progress::Answered {
                    assert!(detail.chart.flagged);
                }
            }
            Progress::Drafted => {
                // The draft is on the chart, with the mistake the edits catch.
                let drafted: Vec<(&str, &str)> = detail
                    .assignments
                    .iter()
                    .map(|a| (a.code.as_str(), a.role.as_str()))
                    .collect();
                let draft: Vec<(&str, &str)> = chart
                    .scenario
                    .draft
                    .iter()
                    .map(|c| (c.code, c.role.as_str()))
                    .collect();
                assert_eq!(drafted, draft, "{}", chart.record.account);
            }
            _ => assert!(detail.assignments.is_empty() && detail.provider_queries.is_empty()),
        }
    }
    let open = provider_query::list(
        &store,
        &me,
        &ProviderQueryFilter {
            open: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(open.len(), shift.on_hold);
}

#[test]
fn a_large_queue_gets_a_days_work_not_more() {
    let charts = generate(&opts(3000));
    let plan = shift::plan(31, &outlines(&charts));
    let count = |p: Progress| plan.iter().filter(|&&q| q == p).count();
    assert_eq!(
        count(Progress::Coded) + count(Progress::Audited),
        shift::MAX_CODED
    );
    assert_eq!(
        count(Progress::OnHold) + count(Progress::Answered),
        shift::MAX_QUERIED
    );
    let coders = chartq::app::demo::staff::STAFF
        .iter()
        .filter(|s| s.role == "coder")
        .count();
    assert!((1..=coders).contains(&count(Progress::InProgress)));
    assert_eq!(plan[0], Progress::New, "the benchmark chart stays new");
    // The same seed plans the same day.
    assert_eq!(plan, shift::plan(31, &outlines(&charts)));
}

#[test]
fn the_benchmark_chart_is_left_for_the_person_running_the_demo() {
    let mut store = store_with_answer_key_codes();
    let summary = build(&mut store, &opts(80)).unwrap();
    let me = people::current_actor(&mut store, None).unwrap();
    let first = chart_detail::show(
        &mut store,
        &me,
        &ChartRef::account(summary.first_claim.account.clone()),
    )
    .unwrap();
    assert_eq!(first.chart.status, Status::New);
    assert!(first.assignments.is_empty());
}

#[test]
fn without_a_code_set_the_charts_to_code_stay_new() {
    let mut store = Store::open_in_memory().unwrap();
    let summary = build(&mut store, &opts(120)).unwrap();
    assert_eq!(summary.shift.coded, 0);
    assert!(summary.shift.left_new_without_code_set > 0);
}
