//! Benchmark helper for `bench/relevance_pcs.sh`: keystroke search speed
//! with the PCS reading of queries (search-pcs). On DB (a database holding
//! the bundled code sets), loads the index of every installed system and
//! types ten queries one character at a time (CM and PCS words), timing
//! every keystroke's search with all systems and with `--system pcs`:
//! median, p99 and max. Also prints the one-off cost of the first PCS
//! search (the definitions vocabulary is built then).
//!
//! Usage: search_pcs_speed DB [ROUNDS]

mod support;
use support::percentile;

use std::path::Path;
use std::time::{Duration, Instant};

use chartq::domain::codes::CodeSystem;
use chartq::search::{SearchOptions, load};
use chartq::store::Store;

/// Typed one character at a time.
const TYPED: [&str; 10] = [
    "type 2 diabetes with",
    "lap chole",
    "lumpectomy left breast",
    "vats wedge resection",
    "cholecystecomy",
    "egd with biopsy",
    "0DTJ4ZZ",
    "rt hip fx initial",
    "total knee replacement left",
    "av fistula left forearm",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(db) = args.get(1) else {
        eprintln!("usage: search_pcs_speed DB [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut store = match Store::open(Path::new(db)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{db}: {e}");
            std::process::exit(1);
        }
    };
    let index = match load(&mut store, None, &[]) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{db}: {e}");
            std::process::exit(1);
        }
    };
    println!("index: {:?}", index.counts());
    let pcs = SearchOptions {
        systems: vec![CodeSystem::Icd10Pcs],
        ..SearchOptions::default()
    };
    let t = Instant::now();
    index.search("appendectomy", &pcs);
    println!(
        "first PCS search (builds the vocabulary): {:.1} ms",
        ms(t.elapsed())
    );
    let keys: Vec<&str> = TYPED
        .iter()
        .flat_map(|q| (1..=q.len()).map(move |n| &q[..n]))
        .collect();
    for (name, opts) in [
        ("all systems", SearchOptions::default()),
        ("--system pcs", pcs),
    ] {
        let mut samples: Vec<Duration> = Vec::with_capacity(keys.len() * rounds);
        let mut per_key: Vec<Vec<Duration>> = vec![Vec::new(); keys.len()];
        for _ in 0..rounds {
            for (i, k) in keys.iter().enumerate() {
                let t = Instant::now();
                std::hint::black_box(index.search(k, &opts));
                samples.push(t.elapsed());
                per_key[i].push(t.elapsed());
            }
        }
        let mut slowest: Vec<(Duration, &str)> = per_key
            .iter_mut()
            .zip(&keys)
            .map(|(times, k)| (percentile(times, 0.5), *k))
            .collect();
        slowest.sort();
        let top: Vec<String> = slowest
            .iter()
            .rev()
            .take(3)
            .map(|(d, k)| format!("{k:?} {:.2} ms", ms(*d)))
            .collect();
        println!(
            "slowest keystrokes ({name}, median of rounds): {}",
            top.join(", ")
        );
        println!(
            "keystroke, {name}: {} timed; median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            samples.len(),
            ms(percentile(&mut samples, 0.5)),
            ms(percentile(&mut samples, 0.99)),
            ms(percentile(&mut samples, 1.0))
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
