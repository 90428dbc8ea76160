//! Benchmark helper for `bench/tui_index.sh`: the Alphabetic Index browser
//! over the real store. Prints
//!   load     reading the tree of the newest ICD-10-CM version from SQLite
//!            (paid once per session, the first time the browser opens)
//!   memory   what the tree adds: the process's resident set before and
//!            after the load, and the tree's own heap by count
//!   keys     keystroke to frame: `App::update` on one key (typing a main
//!            term and commas, opening, closing, moving, following "see"
//!            and coming back, clearing) plus drawing the whole 120x40
//!            screen into ratatui's TestBackend; median and p99 over RUNS
//!            rounds of the script
//!
//! Usage: tui_index DB [RUNS]

mod support;
use support::percentile;

use std::sync::Arc;
use std::time::Instant;

use chartq::domain::codes::CodeSystem;
use chartq::domain::index_tree::IndexTree;
use chartq::store::backend::Backend;
use chartq::store::{Store, people};
use chartq::tui::app::{App, AppOptions, IndexBrowser, Msg, Overlay};
use chartq::tui::key_script;
use chartq::tui::keymap::Keymap;
use chartq::tui::store_bridge::StoreWorkbench;
use chartq::tui::theme::{ColorDepth, Theme};
use chartq::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// One round: type a main term with commas, walk, open and close, follow
/// a see and come back, clear.
const SCRIPT: &str = r#""hernia" right down down down right down ctrl-u "hernia, inguinal, unilateral" left up up enter ctrl-g ctrl-u "dis" "ease, kidney, chronic, stage" ctrl-u"#;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The tree's heap by count: nodes, their strings and child lists.
fn tree_bytes(tree: &IndexTree) -> usize {
    let strings = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
    tree.nodes.capacity() * std::mem::size_of::<chartq::domain::index_tree::IndexNode>()
        + tree
            .nodes
            .iter()
            .map(|n| {
                n.title.capacity()
                    + strings(&n.nemod)
                    + n.code.as_ref().map_or(0, |c| c.code.capacity())
                    + strings(&n.manifestation)
                    + strings(&n.see)
                    + strings(&n.see_also)
                    + n.children.capacity() * 4
            })
            .sum::<usize>()
        + tree.main_terms.capacity() * 4
}

fn main() -> color_eyre::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        color_eyre::eyre::bail!("usage: tui_index DB [RUNS]");
    };
    let runs: usize = args.next().map_or(Ok(200), |r| r.parse())?;
    let mut store = Store::open(db.as_ref())?;
    let actor = people::current_actor(&mut store, None)?;
    let version = store
        .versions()?
        .into_iter()
        .filter(|v| v.system == CodeSystem::Icd10Cm)
        .max_by_key(|v| v.precedence())
        .ok_or_else(|| color_eyre::eyre::eyre!("no ICD-10-CM version"))?;
    let date = version.effective_from;

    let before = rss_kib();
    let t = Instant::now();
    let tree = store
        .index_tree(&version)?
        .ok_or_else(|| color_eyre::eyre::eyre!("no index tree on {}", version.label))?;
    let load = t.elapsed();
    let after = rss_kib();
    let counted = tree_bytes(&tree);
    let nodes = tree.nodes.len();
    let index_year = tree.fiscal_year;
    let tree = Arc::new(tree);

    let opts = AppOptions {
        keymap: Keymap::default(),
        theme: Theme::load("dark", ColorDepth::TrueColor, false)
            .map_err(|e| color_eyre::eyre::eyre!(e))?,
        depth: ColorDepth::TrueColor,
        ascii_borders: false,
        masked: false,
        idle_lock: None,
        size: (120, 40),
        today: date,
        search_tx: None,
    };
    let workbench = StoreWorkbench::new(store, actor, date);
    let mut app = App::new(Box::new(workbench), opts);
    app.overlay = Some(Overlay::Index(Box::new(IndexBrowser::new(tree, date))));
    let mut terminal = Terminal::new(TestBackend::new(120, 40))?;
    let steps = key_script::parse(SCRIPT).map_err(|e| color_eyre::eyre::eyre!(e))?;
    let mut keys = Vec::new();
    for round in 0..=runs {
        for step in &steps {
            for key in step.events() {
                let t = Instant::now();
                app.update(Msg::Key(key));
                terminal.draw(|f| views::render(f, &app))?;
                if round > 0 {
                    keys.push(t.elapsed());
                }
            }
        }
    }
    println!(
        "Alphabetic Index (FY{} index on ICD-10-CM {}): {nodes} terms",
        index_year.map_or("?".to_string(), |y| y.to_string()),
        version.label
    );
    println!("  load     {load:?} (once per session)");
    println!(
        "  memory   resident +{} KiB on load; the tree's own heap {} KiB by count",
        after.saturating_sub(before),
        counted / 1024
    );
    println!(
        "  keys     median {:?}  p99 {:?}  ({} keystrokes, update + 120x40 frame)",
        percentile(&mut keys, 0.5),
        percentile(&mut keys, 0.99),
        keys.len()
    );
    Ok(())
}
