//! Command-line parsing (clap) and dispatch. Each subcommand group lives in
//! its own file and owns its clap definitions; this file only gathers them.
//!
//! Exit status everywhere: 0 success, 1 "nothing found" (search, lists that
//! are asked for a match), 2 error.

pub mod codes;
pub mod demo;
pub mod search;
pub mod work;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use color_eyre::eyre::{Result, WrapErr};

use crate::config::Config;
use crate::store::Store;

/// chartq — a keyboard-driven coding workbench for medical coders.
#[derive(Debug, Parser)]
#[command(name = "chartq", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every subcommand accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Database file (default: $CHARTQ_DB, then config.toml, then the data dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Act as another user (admins only; audited under both names).
    #[arg(long = "as", global = true, value_name = "USER")]
    pub acting_as: Option<String>,
    /// Open the TUI on a fresh demo database.
    #[arg(long)]
    pub demo: bool,
    /// TUI theme (dark, light, high-contrast, 16-colour, mono).
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    CodeSets(codes::Command),
    #[command(flatten)]
    Search(search::Command),
    #[command(flatten)]
    Work(work::Command),
    #[command(flatten)]
    Demo(demo::Command),
}

/// What every subcommand gets: the global options and the loaded config.
pub struct Context {
    pub global: GlobalArgs,
    pub config: Config,
}

impl Context {
    pub fn new(global: GlobalArgs) -> Result<Context> {
        Ok(Context {
            global,
            config: Config::load()?,
        })
    }

    pub fn database_path(&self) -> Result<PathBuf> {
        Ok(self.config.database_path(self.global.db.as_deref())?)
    }

    /// Opens (creating and migrating if needed) the configured database and
    /// seeds every bundled code-set version it lacks (a new file is a copy
    /// of the seeded template: see `codes::template`).
    pub fn open_store(&self) -> Result<Store> {
        let path = self.database_path()?;
        let from_template = crate::codes::template::create_from_template(&path);
        let mut store = Store::open(&path)?;
        if from_template {
            store.mark_created();
        }
        crate::codes::bundled::seed_missing(&mut store)
            .wrap_err_with(|| format!("{}: seeding the bundled code sets", path.display()))?;
        Ok(store)
    }
}

/// Parses nothing: runs an already parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Context::new(cli.global)?;
    match cli.command {
        None => crate::tui::run(&ctx),
        Some(Command::CodeSets(cmd)) => codes::run(&ctx, cmd),
        Some(Command::Search(cmd)) => search::run(&ctx, cmd),
        Some(Command::Work(cmd)) => work::run(&ctx, cmd),
        Some(Command::Demo(cmd)) => demo::run(&ctx, cmd),
    }
}
