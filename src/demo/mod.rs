//! Demo data: a database of synthetic but realistic charts, so a coder (or
//! a test) can work the queue without any real patient data.
//!
//! `generate` deals charts from the scenario library ([`scenarios`]), fills
//! their documents from templates ([`text`]) and invented names
//! ([`names`]); `build` imports them through the store's chart importer and
//! creates the demo users. Everything is a pure function of the seed, except
//! the admin user, who is whoever runs it.

pub mod feed;
pub mod names;
pub mod rng;
pub mod scenarios;
pub mod staff;
pub mod text;

pub use feed::{ChartRecord, DemoChart};
pub use scenarios::{ExpectedCode, Poa, Role, Scenario, Setting};

/// The default number of charts (`chartq demo` without `--charts`).
pub const DEFAULT_CHARTS: usize = 60;
/// The default seed: the same demo on every machine.
pub const DEFAULT_SEED: u64 = 2026;

/// What to build.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub charts: usize,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            charts: DEFAULT_CHARTS,
            seed: DEFAULT_SEED,
        }
    }
}

/// Generates the demo charts for `opts`, chart 0 being the benchmark ED
/// chart (see [`feed::chart`]).
pub fn generate(opts: &DemoOptions) -> Vec<DemoChart> {
    let order = feed::scenario_order(opts.seed);
    (0..opts.charts)
        .map(|i| feed::chart(opts.seed, i, &order))
        .collect()
}
