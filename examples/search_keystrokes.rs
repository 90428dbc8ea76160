//! Keystroke search speed on a real database (`bench/search_keystrokes.sh`):
//! every prefix of a set of coder queries (abbreviations, typos, lay words,
//! 7th-character injuries, Z codes, codes, PCS and HCPCS words) searched
//! across every installed system as the TUI does on each keystroke, after
//! one warm-up round (which builds the lazy typo tables). Prints median, p99
//! and max per keystroke, and the heap the loaded index holds (a counting
//! allocator: after loading, and after the warm-up).
//!
//! usage: search_keystrokes DB [ROUNDS]

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use chartq::search::{self, SearchOptions};
use chartq::store::Store;
use support::percentile;

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

/// Typed one character at a time.
const QUERIES: [&str; 16] = [
    "dm2 w ckd 3a",
    "acute on chronic diastolic chf",
    "hemmorhoids",
    "pneumonnia with sepsis",
    "clavicle fracture initial",
    "femur fracture subs",
    "bed wetting",
    "scarlet fever",
    "tobacco use history",
    "encounter for immunization",
    "hypertensin ckd stage 4",
    "E11.22",
    "lap chole",
    "0DTJ4ZZ",
    "walker folding wheels",
    "ondansetron injection",
];

fn mib(bytes: isize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() -> color_eyre::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        color_eyre::eyre::bail!("usage: search_keystrokes DB [ROUNDS]");
    };
    let rounds: usize = args.next().map_or(Ok(20), |r| r.parse())?;
    let mut store = Store::open(db.as_ref())?;
    let before = LIVE.load(Ordering::Relaxed);
    let index = search::load(&mut store, None, &[])?;
    let loaded = LIVE.load(Ordering::Relaxed);
    let opts = SearchOptions::default();
    let keys: Vec<&str> = QUERIES
        .iter()
        .flat_map(|q| {
            (1..=q.len())
                .filter(|&n| q.is_char_boundary(n))
                .map(|n| &q[..n])
        })
        .collect();
    for k in &keys {
        std::hint::black_box(index.search(k, &opts));
    }
    let warmed = LIVE.load(Ordering::Relaxed);
    let mut times: Vec<Duration> = Vec::with_capacity(keys.len() * rounds);
    // The slowest prefix (by its median over the rounds), to say which
    // query a long tail comes from.
    let mut per_key: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); keys.len()];
    for _ in 0..rounds {
        for (i, k) in keys.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(index.search(k, &opts));
            let took = t.elapsed();
            times.push(took);
            per_key[i].push(took);
        }
    }
    let slowest = per_key
        .iter_mut()
        .map(|t| percentile(t, 0.5))
        .enumerate()
        .max_by_key(|&(_, d)| d);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = percentile(&mut times, 0.5);
    let p99 = percentile(&mut times, 0.99);
    let max = percentile(&mut times, 1.0);
    println!(
        "keystrokes: n={} median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        ms(median),
        ms(p99),
        ms(max)
    );
    if let Some((i, d)) = slowest {
        println!("slowest prefix: {:?}, median {:.3} ms", keys[i], ms(d));
    }
    println!(
        "index heap: {:.1} MiB loaded, {:.1} MiB after warm-up (typo tables); entries {}",
        mib(loaded - before),
        mib(warmed - before),
        index.len()
    );
    Ok(())
}
