//! Every code in the demo's answer keys (and in what a provider query's
//! answer would add) is a billable code of the release valid on the demo's
//! dates of service: checked against the official files in ../shared/data
//! (ICD-10-CM April 1 2026, ICD-10-PCS FY2026) and, chart by chart, against
//! the versions a new database has bundled (FY2026 and FY2027).

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;

use chartq::app::demo::scenarios::{ExpectedCode, SCENARIOS};
use chartq::domain::codes::CodeSystem;
use flate2::read::GzDecoder;

fn lines(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    BufReader::new(GzDecoder::new(file))
        .lines()
        .map(|l| l.unwrap().trim_end().to_string())
        .collect()
}

/// Billable codes of a CMS order file (flag `1` in column 15).
fn billable_in_order_file(path: &Path) -> HashSet<String> {
    lines(path)
        .iter()
        .filter(|l| l.len() > 15 && &l[14..15] == "1")
        .map(|l| l[6..13].trim().to_string())
        .collect()
}

fn all_codes() -> Vec<(&'static str, ExpectedCode)> {
    SCENARIOS
        .iter()
        .flat_map(|s| {
            let adds = s.gap.map_or(&[][..], |g| g.adds);
            s.key
                .iter()
                .chain(adds)
                .chain(s.draft)
                .map(move |c| (s.id, *c))
        })
        .collect()
}

#[test]
fn answer_key_icd10cm_codes_are_billable_in_the_april_2026_release() {
    let (Some(order), Some(april)) = (
        crate::support::fixtures::shared_data("icd10cm/icd10cm_order_2026.txt.gz"),
        crate::support::fixtures::shared_data("icd10cm/code-list-April-2026.txt.gz"),
    ) else {
        return;
    };
    let fy2026 = billable_in_order_file(&order);
    // The April list has categories and codes (no dots) plus chapter numbers
    // and block ranges; a code is billable there when nothing extends it.
    let april: Vec<String> = lines(&april)
        .into_iter()
        .filter(|l| !l.contains('-') && l.len() >= 3)
        .collect();
    let april_set: HashSet<&str> = april.iter().map(String::as_str).collect();
    let mut checked = 0;
    for (scenario, code) in all_codes() {
        if code.system != CodeSystem::Icd10Cm {
            continue;
        }
        let key = code.code.replace('.', "");
        assert!(
            fy2026.contains(&key),
            "{scenario}: {} not billable in FY2026",
            code.code
        );
        assert!(
            april_set.contains(key.as_str()),
            "{scenario}: {} gone in April 2026",
            code.code
        );
        let extended = april
            .iter()
            .any(|c| c.len() > key.len() && c.starts_with(&key));
        assert!(
            !extended,
            "{scenario}: {} became a header in April 2026",
            code.code
        );
        checked += 1;
    }
    assert!(checked > 100);
}

#[test]
fn answer_key_icd10pcs_codes_are_billable_in_fy2026() {
    let Some(order) = crate::support::fixtures::shared_data("icd10pcs/icd10pcs_order_2026.txt.gz")
    else {
        return;
    };
    let fy2026 = billable_in_order_file(&order);
    let mut checked = 0;
    for (scenario, code) in all_codes() {
        if code.system == CodeSystem::Icd10Pcs {
            assert!(
                fy2026.contains(code.code),
                "{scenario}: {} not valid",
                code.code
            );
            checked += 1;
        }
    }
    assert!(checked >= 5);
}

/// The same check through chartq's own code tables, chart by chart: in a
/// new database (every bundled version), the version that covers each demo
/// chart's date of service holds every code of its answer key (and of its
/// provider-query answer) as a billable code. "Today" is fixed: the demo's
/// six-month window then spans FY2026 and FY2027, so both releases of
/// ICD-10-CM and ICD-10-PCS are exercised.
#[test]
fn answer_key_codes_are_billable_in_the_bundled_version_of_each_chart() {
    use chartq::app::demo::{DemoOptions, generate};
    use chartq::store::Store;
    use chartq::store::code_tables::{find_code_on, version_for_date};
    use std::collections::BTreeSet;

    let mut store = Store::open_in_memory().unwrap();
    chartq::app::codesets::bundled::seed_missing(&mut store).unwrap();
    // Read through the store's one read path (a consistent snapshot).
    store
        .read(|conn| {
            let opts = DemoOptions {
                charts: 400,
                ..DemoOptions::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
            };
            let mut versions_used = BTreeSet::new();
            let mut checked = 0;
            for chart in generate(&opts) {
                let date = chart.record.date_of_service();
                let scenario = chart.scenario;
                let adds = scenario.gap.map_or(&[][..], |g| g.adds);
                for code in scenario.key.iter().chain(adds) {
                    if !matches!(code.system, CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs) {
                        continue;
                    }
                    let version = version_for_date(conn, code.system, date)
                        .unwrap()
                        .unwrap_or_else(|| {
                            panic!("no bundled {} version covers {date}", code.system)
                        });
                    versions_used.insert((code.system, version.label.clone()));
                    let stored = find_code_on(conn, version.id, code.code, date)
                        .unwrap()
                        .unwrap_or_else(|| {
                            panic!(
                                "{}: {} not in {} {}",
                                scenario.id, code.code, code.system, version.label
                            )
                        });
                    assert!(
                        stored.code.billable,
                        "{}: {} is a header in {}",
                        scenario.id, code.code, version.label
                    );
                    checked += 1;
                }
            }
            assert!(checked > 400, "{checked}");
            let labels: Vec<String> = versions_used
                .iter()
                .map(|(s, l)| format!("{s} {l}"))
                .collect();
            for expected in ["ICD-10-CM FY2026", "ICD-10-CM FY2027", "ICD-10-PCS FY2027"] {
                assert!(
                    labels.iter().any(|l| l == expected),
                    "the demo's window reaches {expected}: {labels:?}"
                );
            }
            Ok(())
        })
        .unwrap();
}
