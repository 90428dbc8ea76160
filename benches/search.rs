//! Code search speed with all four systems loaded: ICD-10-CM (bundled),
//! ICD-10-PCS and HCPCS (`../shared/data`, through the real importers) and
//! a generated CPT-sized set of 11,000 invented entries.
//!
//! Measures, and prints beside criterion's own report:
//! - every keystroke of ten 20-character queries typed one character at a
//!   time: median, p99 and max per keystroke from our own sample loop;
//! - the same keystrokes answered by brute force with fuzzy-matcher's
//!   SkimMatcherV2 over every entry, and by nucleo-matcher, and the ratios;
//! - index build time, and index memory (a counting allocator: bytes the
//!   index holds after the build, with and without the typo table).
//!
//! Run: `cargo bench --bench search -- --warm-up-time 1 --measurement-time 3`

#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;
#[path = "../tests/search_corpus/mod.rs"]
mod search_corpus;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use chartq::domain::codes::CodeSystem;
use chartq::search::{Index, SearchOptions};
use chartq::store::code_tables::{IndexableCode, indexable_codes, list_versions};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

/// Counts live heap bytes, to measure what the index holds.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Twenty characters each, typed one character at a time.
const TYPED: [&str; 10] = [
    "type 2 diabetes with",
    "chf acute on chronic",
    "copd w acute exacerb",
    "lap chole gallbladde",
    "rt hip fx initial en",
    "e11.22 dm2 ckd stage",
    "pressure ulcer sacru",
    "cpap device continuo",
    "resection of appendi",
    "hypertensive heart d",
];

fn keystrokes() -> Vec<&'static str> {
    TYPED
        .iter()
        .inspect(|q| assert_eq!(q.len(), 20, "{q:?}"))
        .flat_map(|q| (1..=q.len()).map(move |n| &q[..n]))
        .collect()
}

fn sets(store: &chartq::store::Store) -> Vec<(CodeSystem, Vec<IndexableCode>)> {
    store
        .read(|c| {
            let mut sets = Vec::new();
            for v in list_versions(c)? {
                let codes = indexable_codes(c, v.id)?;
                sets.push((v.system, codes));
            }
            Ok(sets)
        })
        .unwrap()
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Times `f` on each keystroke `rounds` times; sorted samples.
fn per_keystroke(keys: &[&str], rounds: usize, mut f: impl FnMut(&str)) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(keys.len() * rounds);
    for _ in 0..rounds {
        for k in keys {
            let t = Instant::now();
            f(k);
            samples.push(t.elapsed());
        }
    }
    samples.sort();
    samples
}

fn search(c: &mut Criterion) {
    let Some(mut store) = search_corpus::real_store(true, false) else {
        eprintln!("search bench skipped: official data files not found");
        return;
    };
    let sets = sets(&store);
    let entries: usize = sets.iter().map(|(_, s)| s.len()).sum();

    // Build time and memory.
    let before = LIVE.load(Ordering::Relaxed);
    let t = Instant::now();
    let index = Index::build(sets.clone());
    let build = t.elapsed();
    let held = LIVE.load(Ordering::Relaxed) - before;
    index.search("pneumonai", &SearchOptions::default()); // builds the typo table
    let held_with_typos = LIVE.load(Ordering::Relaxed) - before;
    println!(
        "index: {entries} entries {:?}; one build {:.0} ms; memory {:.1} MB ({:.1} MB with the typo table)",
        index.counts(),
        ms(build),
        held as f64 / 1e6,
        held_with_typos as f64 / 1e6
    );

    let opts = SearchOptions::default();
    let keys = keystrokes();
    let ours = per_keystroke(&keys, 30, |k| {
        black_box(index.search(k, &opts));
    });
    println!(
        "chartq keystrokes: n={} median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ours.len(),
        ms(quantile(&ours, 0.5)),
        ms(quantile(&ours, 0.99)),
        ms(*ours.last().unwrap())
    );

    // Baselines over every entry: "CODE title" lines, as a fuzzy picker sees them.
    let lines: Vec<String> = sets
        .iter()
        .flat_map(|(_, s)| s.iter().map(|e| format!("{} {}", e.code, e.title)))
        .collect();
    let baseline_keys: Vec<&str> = TYPED
        .iter()
        .flat_map(|q| [&q[..5], &q[..10], &q[..]])
        .collect();
    let ours_same = per_keystroke(&baseline_keys, 30, |k| {
        black_box(index.search(k, &opts));
    });
    let skim = SkimMatcherV2::default();
    let skim_times = per_keystroke(&baseline_keys, 1, |k| {
        let mut scored: Vec<(i64, usize)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| skim.fuzzy_match(l, k).map(|s| (s, i)))
            .collect();
        scored.sort_unstable_by(|a, b| b.cmp(a));
        scored.truncate(20);
        black_box(scored);
    });
    let mut matcher = Matcher::new(Config::DEFAULT);
    let nucleo_times = per_keystroke(&baseline_keys, 1, |k| {
        let pattern = Pattern::parse(k, CaseMatching::Ignore, Normalization::Smart);
        let mut found = pattern.match_list(lines.iter(), &mut matcher);
        found.truncate(20);
        black_box(found);
    });
    let m = |s: &[Duration]| ms(quantile(s, 0.5));
    println!(
        "same {} keystrokes (5, 10, 20 chars): chartq median {:.3} ms; SkimMatcherV2 brute force median {:.1} ms ({:.0}x); nucleo-matcher median {:.1} ms ({:.0}x)",
        baseline_keys.len(),
        m(&ours_same),
        m(&skim_times),
        m(&skim_times) / m(&ours_same),
        m(&nucleo_times),
        m(&nucleo_times) / m(&ours_same)
    );

    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    group.bench_function("index_build_all_four_systems", |b| {
        b.iter_batched(|| sets.clone(), Index::build, BatchSize::LargeInput)
    });
    // What a process starting a search pays instead of a build: each
    // version's stored snapshot read from SQLite, checked and combined (the
    // first load stores the generated CPT set's snapshot).
    chartq::search::load(&mut store, None, &[]).unwrap();
    group.bench_function("index_load_snapshots_all_four_systems", |b| {
        b.iter(|| chartq::search::load(&mut store, None, &[]).unwrap())
    });
    group.sample_size(50);
    let mut i = 0;
    group.bench_function("keystroke_20char_queries", |b| {
        b.iter(|| {
            i = (i + 1) % keys.len();
            index.search(keys[i], &opts)
        })
    });
    group.sample_size(10);
    group.bench_function("baseline_skim_brute_force_full_query", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter_map(|l| skim.fuzzy_match(l, TYPED[0]))
                .max()
        })
    });
    group.bench_function("baseline_nucleo_full_query", |b| {
        let pattern = Pattern::parse(TYPED[0], CaseMatching::Ignore, Normalization::Smart);
        b.iter(|| pattern.match_list(lines.iter(), &mut matcher).len())
    });
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
