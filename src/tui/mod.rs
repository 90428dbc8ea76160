//! The coder's terminal UI: queue → chart → search → assign → provider
//! query → finalize, keyboard only, built for 80x24 over SSH.
//!
//! Shape: [`app::App`] holds all state and changes only in `update(Msg)`,
//! each screen and overlay owning its part; [`views`] draw it, every key
//! hint from the live [`keymap`]; [`guide`] writes the help;
//! [`event_loop`] feeds it keys, resizes, signals and search answers from
//! one channel; [`worker`] loads the code index and searches off the UI
//! thread; [`workbench::Workbench`] is the store seen from the TUI
//! ([`store_bridge`] implements it on [`crate::store`]).

pub mod action;
pub mod app;
mod code_search;
mod event_loop;
pub mod guide;
pub mod key_script;
pub mod keymap;
pub mod line_edit;
pub mod model;
pub mod palette;
pub mod reports;
pub mod review;
pub mod settings;
pub mod store_bridge;
pub mod terminal;
pub mod theme;
pub mod views;
pub mod workbench;
pub mod worker;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::channel;

use color_eyre::eyre::{Result, eyre};

use self::app::{App, AppOptions};
use self::settings::Settings;
use self::theme::{ColorDepth, Theme};
use crate::app::Context;

/// The default theme: 16 colours work everywhere, including over OpenSSH,
/// which does not pass `COLORTERM`.
pub const DEFAULT_THEME: &str = "16-colour";

/// `chartq` with no subcommand.
pub fn run(ctx: &Context) -> Result<ExitCode> {
    // Everything that can fail on bad input fails before the terminal
    // changes, so the message is readable.
    let settings = Settings::from_table(&ctx.config.tui).map_err(|e| eyre!("config.toml: {e}"))?;
    let depth = ColorDepth::detect(settings.color, |k| std::env::var(k).ok());
    let theme_name = ctx
        .options
        .theme
        .clone()
        .or(settings.theme.clone())
        .unwrap_or_else(|| DEFAULT_THEME.into());
    let theme = Theme::load(&theme_name, depth, settings.ascii_borders).map_err(|e| eyre!(e))?;
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        color_eyre::eyre::bail!(
            "the TUI needs a terminal on stdin and stdout; for scripts, use the subcommands (chartq --help)"
        );
    }
    // The first frame comes before any database work (building the demo
    // takes seconds); an error restores the terminal before it is printed.
    let mut tui = terminal::Tui::enter()?;
    tui.splash(
        &theme,
        if ctx.options.demo {
            "building the demo database…"
        } else {
            "opening the database…"
        },
    )?;
    let opened = store_bridge::open(ctx)?;
    let (tx, rx) = channel();
    let search_tx = worker::spawn(opened.index_loader, tx.clone())?;
    let size = tui.size()?;
    let mut app = App::new(
        opened.workbench,
        AppOptions {
            keymap: settings.keymap.clone(),
            theme,
            depth,
            ascii_borders: settings.ascii_borders,
            masked: settings.mask_names,
            idle_lock: settings.idle_lock,
            size,
            today: ctx.clock.today(),
            search_tx: Some(search_tx),
        },
    );
    let paused = Arc::new(AtomicBool::new(false));
    event_loop::spawn_input(tx.clone(), paused.clone())?;
    event_loop::spawn_signals(tx.clone())?;
    let result = event_loop::run(&mut tui, &mut app, &rx, &tx, &paused);
    drop(tui);
    if let Some(demo) = opened.demo {
        let (old, bytes) = demo.removed_old;
        if old > 0 {
            eprintln!(
                "chartq: removed {old} old per-run demo file(s) ({} MB)",
                bytes >> 20
            );
        }
        eprintln!(
            "chartq: the demo database is {} ({}; `chartq --demo --keep` reopens it as it is)",
            demo.path.display(),
            if demo.built {
                "rebuilt for this run"
            } else {
                "kept from the last run"
            }
        );
    }
    result?;
    Ok(ExitCode::SUCCESS)
}
