//! In-process speed of the MS-DRG grouper: reads a claims file (JSON
//! lines, `check --batch` format) once, loads the bundled tables once,
//! then groups every claim `ROUNDS` times through `app::grouping::group`
//! and prints claims per second and the slowest single claim. Run by
//! `bench/msdrg/engine_speed.sh` (numbers come from there, never from a
//! timed test).
//!
//!     cargo run --release --example drg_speed -- CLAIMS.jsonl [ROUNDS]

use std::time::Instant;

use chartq::app::grouping::group;
use chartq::domain::drg::GroupOutcome;
use chartq::ingest::claims::{ClaimLine, read_claims};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: drg_speed CLAIMS.jsonl [ROUNDS]")?;
    let rounds: usize = args
        .next()
        .map_or(Ok(5), |r| r.parse())
        .map_err(|e| format!("{e}"))?;
    let file = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
    let mut claims = Vec::new();
    read_claims(file, &path, |_, line| {
        if let ClaimLine::Claim(c) = line {
            claims.push(*c);
        }
    })
    .map_err(|e| e.to_string())?;
    // Load both versions' tables before timing (a claim of each).
    let load = Instant::now();
    let april = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).ok_or("date")?;
    let _ = claims.iter().find(|c| c.discharge_date < april).map(group);
    let _ = claims.iter().find(|c| c.discharge_date >= april).map(group);
    let load = load.elapsed();
    let mut slowest = std::time::Duration::ZERO;
    let mut grouped = 0usize;
    let start = Instant::now();
    for _ in 0..rounds {
        for c in &claims {
            let t = Instant::now();
            if let GroupOutcome::Grouped(g) = group(c) {
                grouped += usize::from(g.drg.number() > 0);
            }
            slowest = slowest.max(t.elapsed());
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = claims.len() * rounds;
    println!(
        "{n} groupings ({} claims x {rounds}) in {secs:.3} s: {:.0} claims/s; slowest claim {} us; tables loaded in {} ms; {grouped} grouped",
        claims.len(),
        n as f64 / secs,
        slowest.as_micros(),
        load.as_millis()
    );
    Ok(())
}
