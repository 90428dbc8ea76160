//! Benchmark helper for `bench/pg_queue_1m.sh`: in-process latency of the
//! queue list's first page and of one claim on a PostgreSQL database,
//! through the `Backend` trait as the login running it (run it as a coder
//! over peer authentication to measure with row-level security). Prints
//! median and p99 in milliseconds.
//!
//! Usage: pg_queue_list URL [ROUNDS]

use std::time::Instant;

use chartq::store::backend::Backend;
use chartq::store::backend::postgres::Postgres;
use chartq::store::queue::{ClaimRequest, ListFilter};

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i.min(samples.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: pg_queue_list URL [ROUNDS]")?;
    let rounds: usize = args.next().map_or(Ok(200), |r| r.parse())?;
    let mut pg = Postgres::connect(&url)?;
    let login = pg.login()?;
    let actor = pg.actor(&login, None)?.ok_or("no users")?;
    let filter = ListFilter::default();
    pg.charts(&actor, &filter)?; // warm the plan cache and buffers
    let mut list = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        let page = pg.charts(&actor, &filter)?;
        list.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(page.len(), 50);
    }
    let mut claim = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        pg.claim(&actor, &ClaimRequest::default())?
            .ok_or("nothing to claim")?;
        claim.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{login}: queue list first page: median {:.2} ms, p99 {:.2} ms; claim: median {:.2} ms, p99 {:.2} ms ({rounds} rounds each)",
        percentile(&mut list, 0.5),
        percentile(&mut list, 0.99),
        percentile(&mut claim, 0.5),
        percentile(&mut claim, 0.99)
    );
    Ok(())
}
