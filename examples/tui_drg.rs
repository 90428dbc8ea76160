//! Benchmark helper for `bench/tui_drg.sh`: how long the TUI takes from a
//! change to one chart's codes to the frame that shows its regrouped
//! MS-DRG. For every inpatient chart of DB that carries codes and is not
//! finalized (the demo's drafts and open charts), times RUNS times
//!   group    `coding_edits::group` over the claim the chart makes (the
//!            grouper alone: version by discharge date, tables loaded)
//!   refresh  `StoreWorkbench::refresh`: the store read, the edits, the
//!            grouping and the view, what follows an assign, remove,
//!            resequence or POA change
//!   frame    refresh plus drawing the workspace at 80x24 (ratatui's
//!            `TestBackend`): regroup-to-frame, against the 16 ms budget
//! and prints the median and p99 of each over all the charts, how the
//! charts grouped (DRG, v44 lists only, not groupable) and what is paid
//! once per process (the tables of each version parsed).
//!
//! Usage: tui_drg DB [RUNS]

mod support;
use support::percentile;

use std::time::Instant;

use chartq::app::coding_edits;
use chartq::domain::chart::{ChartId, ChartRef, EncounterType, Status};
use chartq::domain::claim::Claim;
use chartq::domain::drg::GroupOutcome;
use chartq::store::backend::Backend;
use chartq::store::queue::ListFilter;
use chartq::store::{Store, people};
use chartq::tui::app::{App, AppOptions, ChartState, Screen};
use chartq::tui::keymap::Keymap;
use chartq::tui::store_bridge::StoreWorkbench;
use chartq::tui::theme::{ColorDepth, Theme};
use chartq::tui::views;
use color_eyre::eyre::{bail, ensure, eyre};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() -> color_eyre::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        bail!("usage: tui_drg DB [RUNS]");
    };
    let runs: usize = args.next().map_or(Ok(200), |r| r.parse())?;
    let today = chartq::domain::clock::Clock::from_env()?.today();
    let mut store = Store::open(db.as_ref())?;
    let actor = people::current_actor(&mut store, None)?;
    let filter = ListFilter {
        limit: 0,
        ..ListFilter::default()
    };
    let mut charts = Vec::new();
    for chart in store.charts(&actor, &filter)? {
        if matches!(chart.status, Status::Coded | Status::Audited)
            || chart.encounter_type != EncounterType::Inpatient
        {
            continue;
        }
        let detail = store.reload(&actor, &ChartRef::Id(ChartId(chart.id)))?;
        if !detail.assignments.is_empty() {
            charts.push(detail);
        }
    }
    ensure!(!charts.is_empty(), "no inpatient chart with codes in {db}");

    // Once per process: the first grouping of each version parses its
    // tables (the TUI does it off the UI thread, beside the index load).
    let t = Instant::now();
    let (mut grouped, mut lists_only, mut not_groupable) = (0, 0, 0);
    for d in &charts {
        match coding_edits::group(&Claim::from_chart(&d.chart, &d.assignments)) {
            GroupOutcome::Grouped(_) => grouped += 1,
            GroupOutcome::ListsOnly { .. } => lists_only += 1,
            GroupOutcome::NotGroupable(_) => not_groupable += 1,
        }
    }
    let cold = t.elapsed();
    let mut group = Vec::new();
    for d in &charts {
        let claim = Claim::from_chart(&d.chart, &d.assignments);
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(coding_edits::group(&claim));
            group.push(t.elapsed());
        }
    }

    let ids: Vec<i64> = charts.iter().map(|d| d.chart.id).collect();
    let size = (80, 24);
    let workbench = StoreWorkbench::new(store, actor, today);
    let opts = AppOptions {
        keymap: Keymap::default(),
        theme: Theme::load("16-colour", ColorDepth::Ansi16, false).map_err(|e| eyre!("{e}"))?,
        depth: ColorDepth::Ansi16,
        ascii_borders: false,
        masked: false,
        idle_lock: None,
        size,
        today,
        search_tx: None,
    };
    let mut app = App::new(Box::new(workbench), opts);
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1))?;
    let (mut refresh, mut frame) = (Vec::new(), Vec::new());
    for id in &ids {
        let view = app.workbench.open(*id)?;
        app.chart = Some(ChartState::new(view));
        app.screen = Screen::Workspace;
        for _ in 0..runs {
            let t = Instant::now();
            let view = app.workbench.refresh(*id)?;
            refresh.push(t.elapsed());
            if let Some(chart) = app.chart.as_mut() {
                chart.view = view;
            }
            terminal.draw(|f| views::render(f, &app))?;
            frame.push(t.elapsed());
        }
    }
    println!(
        "one chart's regroup-to-frame ({} inpatient charts with codes: {grouped} grouped, \
         {lists_only} v44 lists only, {not_groupable} not groupable; {runs} runs each):",
        ids.len()
    );
    for (name, times, what) in [
        ("group  ", &mut group, "the grouper alone"),
        (
            "refresh",
            &mut refresh,
            "store read + edits + grouping + view",
        ),
        ("frame  ", &mut frame, "refresh + the 80x24 workspace drawn"),
    ] {
        println!(
            "  {name}  median {:?}  p99 {:?}  ({what})",
            percentile(times, 0.5),
            percentile(times, 0.99)
        );
    }
    println!("  once per process: the first grouping of every chart (tables parsed) {cold:?}");
    Ok(())
}
