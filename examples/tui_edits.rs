//! Benchmark helper for `bench/tui_edits.sh`: how long the TUI takes to
//! bring a chart's coding edits up to date after a change. For every chart
//! of DB that carries codes and is not finalized (the demo's drafts, its
//! open charts), times RUNS times
//!   edits    `EditChecker::check_loaded` over the chart and codes already
//!            read (what `StoreWorkbench::refresh` adds for the edits pane)
//!   refresh  the whole `StoreWorkbench::refresh` (the store read, the
//!            edits, the view): what follows an assign, remove, resequence
//!            or POA change before the frame is drawn
//! and prints the median and p99 of each over all the charts, and what is
//! paid once per process (the bundled tables parsed, the version's notes
//! read).
//!
//! Usage: tui_edits DB [RUNS]

mod support;
use support::percentile;

use std::time::Instant;

use chartq::app::coding_edits::EditChecker;
use chartq::domain::chart::{ChartId, ChartRef, Status};
use chartq::store::backend::Backend;
use chartq::store::queue::ListFilter;
use chartq::store::{Store, people};
use chartq::tui::store_bridge::StoreWorkbench;
use chartq::tui::workbench::Workbench;

fn main() -> color_eyre::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        color_eyre::eyre::bail!("usage: tui_edits DB [RUNS]");
    };
    let runs: usize = args.next().map_or(Ok(500), |r| r.parse())?;
    // Only the queue's "days waiting" reads it: the script's CHARTQ_TODAY.
    let today = chartq::domain::clock::Clock::from_env()?.today();
    let mut store = Store::open(db.as_ref())?;
    let actor = people::current_actor(&mut store, None)?;
    let filter = ListFilter {
        limit: 0,
        ..ListFilter::default()
    };
    let mut charts = Vec::new();
    for chart in store.charts(&actor, &filter)? {
        if matches!(chart.status, Status::Coded | Status::Audited) {
            continue;
        }
        let detail = store.reload(&actor, &ChartRef::Id(ChartId(chart.id)))?;
        if !detail.assignments.is_empty() {
            charts.push(detail);
        }
    }
    color_eyre::eyre::ensure!(!charts.is_empty(), "no chart with codes in {db}");

    let t = Instant::now();
    chartq::app::edit_tables::shared().map_err(|e| color_eyre::eyre::eyre!("{e}"))?;
    let tables = t.elapsed();
    let mut checker = EditChecker::new();
    let first = &charts[0];
    let t = Instant::now();
    checker.check_loaded(&store, first.chart.clone(), first.assignments.clone())?;
    let cold = t.elapsed();
    let (mut edits, mut counts) = (Vec::new(), Vec::new());
    for detail in &charts {
        for _ in 0..runs {
            let (chart, codes) = (detail.chart.clone(), detail.assignments.clone());
            let t = Instant::now();
            let found = checker.check_loaded(&store, chart, codes)?;
            edits.push(t.elapsed());
            counts.push(found.edits.len());
        }
    }

    let ids: Vec<i64> = charts.iter().map(|d| d.chart.id).collect();
    let mut workbench = StoreWorkbench::new(store, actor, today);
    workbench.refresh(ids[0])?;
    let mut refresh = Vec::new();
    for id in &ids {
        for _ in 0..runs {
            let t = Instant::now();
            workbench.refresh(*id)?;
            refresh.push(t.elapsed());
        }
    }
    let most = counts.iter().max().copied().unwrap_or(0);
    println!(
        "one chart's edits ({} charts with codes, up to {most} edits each, {runs} runs each):",
        ids.len()
    );
    println!(
        "  edits    median {:?}  p99 {:?}",
        percentile(&mut edits, 0.5),
        percentile(&mut edits, 0.99)
    );
    println!(
        "  refresh  median {:?}  p99 {:?}  (store read + edits + view)",
        percentile(&mut refresh, 0.5),
        percentile(&mut refresh, 0.99)
    );
    println!(
        "  once per process: the bundled tables parsed {tables:?} (the TUI does it off the UI thread, \
         beside the index load), the first check (the version's notes read) {cold:?}"
    );
    Ok(())
}
