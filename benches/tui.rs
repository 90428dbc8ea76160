//! Keystroke → updated frame while typing a code search: the app's update,
//! the search itself (run synchronously here, as the worker would) and
//! drawing the frame into ratatui's `TestBackend` at 80x24. Prints the
//! median and p99 over every keystroke of many typed queries, then runs the
//! same step under criterion.
//!
//! Everything real: the store (a demo database holding every code system:
//! the bundled ICD-10-CM, ICD-10-PCS and HCPCS from ../shared/data, 11,000
//! invented CPT entries), the `search::Index` over all of them, and the
//! code detail the app reads from the store when the selection changes.
//! Without ../shared/data it falls back to the test fakes and says so.

#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;
#[path = "../tests/it/support/tui/mod.rs"]
mod tui_support;

use std::time::{Duration, Instant};

use chartq::store::Store;

/// "Today" for the benchmark's demo (never the real date).
const BENCH_TODAY: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
use chartq::tui::app::{App, Msg};
use chartq::tui::store_bridge::StoreWorkbench;
use chartq::tui::views;
use chartq::tui::workbench::{CodeSearcher, SearchRequest};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_support::{FakeSearcher, new_app, sample_store};

/// Queries typed the way coders type, each one character at a time.
const QUERIES: &[&str] = &[
    "chest pain",
    "dm2 w ckd 3a",
    "e11.22",
    "htn",
    "pneumonia",
    "s72.001",
    "chf exac",
    "uti",
    "dehydration",
    "copd",
];

struct Bench {
    app: App,
    terminal: Terminal<TestBackend>,
    searcher: Box<dyn CodeSearcher>,
    query: usize,
    at: usize,
    /// Time in the search itself.
    search_time: Duration,
    /// Each detail-pane update after a frame (store read + redraw).
    detail_time: Vec<Duration>,
}

/// The app and searcher to measure, and what they run on.
fn setup(dir: &std::path::Path) -> (App, Box<dyn CodeSearcher>, &'static str) {
    let Some(db) = tui_support::code_sets::all_code_sets(dir) else {
        let (app, _wb) = new_app(sample_store(), (80, 24), None);
        return (
            app,
            Box::new(FakeSearcher),
            "test fakes (no ../shared/data)",
        );
    };
    let mut store = Store::open(&db).unwrap();
    chartq::app::demo::build(
        &mut store,
        &chartq::app::demo::DemoOptions::as_of(BENCH_TODAY),
    )
    .unwrap();
    let index = chartq::search::load(&mut store, None, &[]).unwrap();
    let actor = chartq::store::people::current_actor(&mut store, None).unwrap();
    let workbench = StoreWorkbench::new(store, actor, BENCH_TODAY);
    let app = App::new(Box::new(workbench), tui_support::options((80, 24), None));
    let label = "all code sets, demo store";
    (app, Box::new(index), label)
}

impl Bench {
    fn new(dir: &std::path::Path) -> (Bench, &'static str) {
        let (mut app, searcher, label) = setup(dir);
        app.update(Msg::IndexReady);
        for key in ["n", "/"] {
            app.update(Msg::Key(tui_support::key(key)));
        }
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| views::render(f, &app)).unwrap();
        let bench = Bench {
            app,
            terminal,
            searcher,
            query: 0,
            at: 0,
            search_time: Duration::ZERO,
            detail_time: Vec::new(),
        };
        (bench, label)
    }

    /// One keystroke: the next character of the current query (or, at its
    /// end, Ctrl-U to start the next), its search and its frame.
    fn keystroke(&mut self) {
        let query = QUERIES[self.query];
        let key = match query.chars().nth(self.at) {
            Some(c) => {
                self.at += 1;
                KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
            }
            None => {
                self.at = 0;
                self.query = (self.query + 1) % QUERIES.len();
                KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)
            }
        };
        self.app.update(Msg::Key(key));
        let chart = self.app.chart.as_ref().unwrap();
        if chart.search.pending {
            let request = SearchRequest {
                generation: chart.search.generation,
                text: chart.search.query.to_string(),
                system: chart.search.system,
                limit: chartq::tui::app::SEARCH_LIMIT,
                date_of_service: Some(chart.view.coding_date),
            };
            let t = Instant::now();
            let hits = self.searcher.search(&request);
            self.search_time += t.elapsed();
            self.app.update(Msg::SearchDone {
                generation: request.generation,
                hits,
            });
        }
        let app = &self.app;
        self.terminal.draw(|f| views::render(f, app)).unwrap();
    }

    /// What the event loop does once the frame is out and no key waits:
    /// the detail pane follows the selection (a store read), then redraws.
    fn idle(&mut self) {
        if self.app.has_deferred() {
            let t = Instant::now();
            self.app.run_deferred();
            let app = &self.app;
            self.terminal.draw(|f| views::render(f, app)).unwrap();
            self.detail_time.push(t.elapsed());
        }
    }
}

fn percentiles(bench: &mut Bench, label: &str) {
    let mut times: Vec<Duration> = (0..5000)
        .map(|_| {
            let start = Instant::now();
            bench.keystroke();
            let took = start.elapsed();
            bench.idle();
            took
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let mut detail = std::mem::take(&mut bench.detail_time);
    detail.sort();
    let d = |q: f64| {
        detail
            .get(((detail.len() as f64 * q) as usize).min(detail.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "tui keystroke→frame (80x24, {label}): median {:?}, p99 {:?}, max {:?} over {} keystrokes",
        at(0.5),
        at(0.99),
        times[times.len() - 1],
        times.len()
    );
    println!(
        "  search alone {:?} per keystroke on average; then, with no key waiting, the detail pane (store read + frame): median {:?}, p99 {:?}",
        bench.search_time / times.len() as u32,
        d(0.5),
        d(0.99)
    );
}

fn keystroke_to_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut bench, label) = Bench::new(dir.path());
    percentiles(&mut bench, label);
    // Only the keystroke is timed; the detail pane's idle-time update runs
    // between keystrokes, as in the event loop.
    c.bench_function("tui_keystroke_to_frame_80x24", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                bench.keystroke();
                total += start.elapsed();
                bench.idle();
            }
            total
        })
    });
}

criterion_group!(benches, keystroke_to_frame);
criterion_main!(benches);
