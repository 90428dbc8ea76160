//! ICD-10-PCS search relevance floor (search-pcs): the PCS evaluation sets
//! in `bench/relevance_pcs/` (tuning, tuning2, the first held-out set and
//! the fresh held-out set of round 2) run against the bundled PCS version
//! in force on the tests' day, PCS only, as `bench/relevance_pcs.sh` does
//! in release mode with the numbers printed. Every expected code must be a
//! valid code of that version, so the sets are checked against the data.

use std::collections::HashSet;

use chartq::app::codesets::bundled;
use chartq::domain::codes::CodeSystem;
use chartq::search::{self, SearchOptions};
use chartq::store::Store;
use chartq::store::code_tables::{indexable_codes, version_for_date};
use chrono::NaiveDate;

/// The sets and their recall@10 floors (a little under the measured
/// values, so the floor catches regressions, not noise).
const SETS: [(&str, &str, f64); 4] = [
    (
        "tuning",
        include_str!("../../bench/relevance_pcs/tuning.tsv"),
        0.9,
    ),
    (
        "tuning2",
        include_str!("../../bench/relevance_pcs/tuning2.tsv"),
        0.95,
    ),
    (
        "heldout",
        include_str!("../../bench/relevance_pcs/heldout.tsv"),
        0.93,
    ),
    (
        "fresh",
        include_str!("../../bench/relevance_pcs/fresh.tsv"),
        0.90,
    ),
];

#[test]
fn pcs_relevance_floors_on_the_bundled_pcs() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    bundled::seed_missing(&mut store).unwrap();
    let version = store
        .read(|c| Ok(version_for_date(c, CodeSystem::Icd10Pcs, today)?))
        .unwrap()
        .expect("a bundled PCS version in force");
    let valid: HashSet<String> = store
        .read(|c| Ok(indexable_codes(c, version.id)?))
        .unwrap()
        .into_iter()
        .map(|e| e.code)
        .collect();
    let index = search::load(&mut store, Some(today), &[CodeSystem::Icd10Pcs]).unwrap();
    let opts = SearchOptions {
        systems: vec![CodeSystem::Icd10Pcs],
        limit: 10,
        ..SearchOptions::default()
    };
    for (name, text, floor) in SETS {
        let (mut n, mut found) = (0usize, 0usize);
        for (line, row) in text.lines().enumerate() {
            if row.starts_with('#') || row.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = row.split('\t').collect();
            assert_eq!(cols.len(), 3, "{name}.tsv:{}: expected 3 fields", line + 1);
            let expected: Vec<&str> = cols[2].split(',').map(str::trim).collect();
            for code in &expected {
                assert!(
                    valid.contains(*code),
                    "{name}.tsv:{}: {code} is not valid",
                    line + 1
                );
            }
            let codes: Vec<String> = index
                .search(cols[1], &opts)
                .into_iter()
                .map(|h| h.code)
                .collect();
            n += 1;
            found += usize::from(codes.iter().any(|c| expected.contains(&c.as_str())));
        }
        let r10 = found as f64 / n as f64;
        println!("{name}: {n} queries, recall@10 {r10:.3}");
        assert!(r10 >= floor, "{name}: recall@10 {r10:.3} below {floor}");
    }
}
