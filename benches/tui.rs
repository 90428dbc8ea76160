//! Keystroke → updated frame while typing a code search: the app's update,
//! the search itself (run synchronously here, as the worker would) and
//! drawing the frame into ratatui's `TestBackend` at 80x24. Prints the
//! median and p99 over every keystroke of many typed queries, then runs the
//! same step under criterion.
//!
//! The searcher is the in-memory fake of the TUI tests until the real
//! `search::Index` is wired into `CodeSearcher` (then: all code sets from
//! ../shared/data).

#[path = "../tests/tui_support/mod.rs"]
mod tui_support;

use std::time::{Duration, Instant};

use chartq::tui::app::{App, Msg};
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
}

impl Bench {
    fn new() -> Bench {
        let (mut app, _wb) = new_app(sample_store(), (80, 24), None);
        app.update(Msg::IndexReady);
        for key in ["n", "/"] {
            app.update(Msg::Key(tui_support::key(key)));
        }
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| views::render(f, &app)).unwrap();
        Bench {
            app,
            terminal,
            searcher: Box::new(FakeSearcher),
            query: 0,
            at: 0,
        }
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
                text: chart.search.query.clone(),
                system: chart.search.system,
                date: Some(chart.view.coding_date),
                limit: chartq::tui::app::SEARCH_LIMIT,
            };
            let hits = self.searcher.search(&request);
            self.app.update(Msg::SearchDone {
                generation: request.generation,
                hits,
            });
        }
        let app = &self.app;
        self.terminal.draw(|f| views::render(f, app)).unwrap();
    }
}

fn percentiles() {
    let mut bench = Bench::new();
    let mut times: Vec<Duration> = (0..5000)
        .map(|_| {
            let start = Instant::now();
            bench.keystroke();
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "tui keystroke→frame (80x24, fake searcher): median {:?}, p99 {:?}, max {:?} over {} keystrokes",
        at(0.5),
        at(0.99),
        times[times.len() - 1],
        times.len()
    );
}

fn keystroke_to_frame(c: &mut Criterion) {
    percentiles();
    let mut bench = Bench::new();
    c.bench_function("tui_keystroke_to_frame_80x24", |b| {
        b.iter(|| bench.keystroke())
    });
}

criterion_group!(benches, keystroke_to_frame);
criterion_main!(benches);
