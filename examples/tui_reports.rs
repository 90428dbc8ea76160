//! Benchmark helper for `bench/reports.sh`: how long the TUI's reports
//! screen takes to open on DB: from opening the database, through the
//! reports key (`R`: every report read once) to the 80x24 frame drawn
//! (ratatui's `TestBackend`), RUNS times; prints the median and p99, and
//! the same for the reports key to frame alone (the database already
//! open, as when a supervisor presses it in a running TUI).
//!
//! Usage: tui_reports DB [RUNS]   (facility_time_zone from CHARTQ_CONFIG)

mod support;
use support::percentile;

use std::time::Instant;

use chartq::store::{Store, people};
use chartq::tui::app::{App, AppOptions, Msg};
use chartq::tui::keymap::Keymap;
use chartq::tui::store_bridge::StoreWorkbench;
use chartq::tui::theme::{ColorDepth, Theme};
use chartq::tui::views;
use chartq::tui::workbench::Workbench;
use color_eyre::eyre::{bail, eyre};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() -> color_eyre::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        bail!("usage: tui_reports DB [RUNS]");
    };
    let runs: usize = args.next().map_or(Ok(20), |r| r.parse())?;
    let today = chartq::domain::clock::Clock::from_env()?.today();
    let config = chartq::app::config::Config::load()?;
    let zone = chartq::app::reports::facility_zone(&config)?;
    let size = (80, 24);
    let (mut whole, mut key_only) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let started = Instant::now();
        let mut store = Store::open(db.as_ref())?;
        let actor = people::current_actor(&mut store, None)?;
        let mut wb = StoreWorkbench::new(store, actor, today);
        wb.set_facility_zone(zone);
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
        let mut app = App::new(Box::new(wb), opts);
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1))?;
        let pressed = Instant::now();
        app.update(Msg::Key(
            chartq::tui::key_script::key("R").map_err(|e| eyre!("{e}"))?,
        ));
        terminal.draw(|f| views::render(f, &app))?;
        whole.push(started.elapsed());
        key_only.push(pressed.elapsed());
        if app.overlay.is_none() {
            bail!("the reports screen did not open: {:?}", app.status);
        }
    }
    for (what, times) in [
        ("open to reports frame", &mut whole),
        ("R to reports frame", &mut key_only),
    ] {
        let median = percentile(times, 0.5);
        let p99 = percentile(times, 0.99);
        println!(
            "{what}: median {:.1} ms, p99 {:.1} ms ({runs} runs)",
            median.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3
        );
    }
    Ok(())
}
