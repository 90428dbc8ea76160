//! Command-line parsing (clap) and dispatch. Each subcommand group lives in
//! its own file and owns its clap definitions; this file only gathers them.
//!
//! Exit status everywhere: 0 success, 1 "nothing found" (search, lists that
//! are asked for a match), 2 error.

pub mod codes;
pub mod completions;
pub mod db;
pub mod demo;
pub mod index;
pub mod init;
pub mod pcs;
pub mod report;
pub mod report_accuracy;
pub mod review;
pub mod search;
pub mod work;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use color_eyre::eyre::Result;

pub use crate::app::Context;
use crate::app::Options;
use crate::app::context::print_notices;

/// A keyboard-driven coding workbench for medical coders.
#[derive(Debug, Parser)]
#[command(name = "chartq", version, about, long_about = None, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What `chartq --help` says after the option list.
const AFTER_HELP: &str = "\
`chartq` with no subcommand opens the coder's workbench (the TUI) on the
configured database; `chartq --demo` opens it on a demo database instead.

First run: `chartq init` (the owner of the database file becomes its first
admin), then `chartq charts import FILE`; `chartq codes list` shows the
code sets installed. `chartq completions bash|zsh|fish` and `chartq man`
print shell completions and the manual page.";

/// Options every subcommand accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Database file (default: $CHARTQ_DB, then config.toml, then the data dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Act as another user (admins only; audited under both names).
    #[arg(long = "as", global = true, value_name = "USER")]
    pub acting_as: Option<String>,
    /// Open the TUI on a demo database of synthetic charts, rebuilt on each
    /// run in your cache directory (never your real database).
    #[arg(long)]
    pub demo: bool,
    /// With --demo: reuse the last demo database instead of rebuilding it.
    #[arg(long, requires = "demo")]
    pub keep: bool,
    /// TUI theme (dark, light, high-contrast, 16-colour, mono).
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Take DATE as today (training, demos, tests); also $CHARTQ_TODAY.
    /// Decides which code sets "today" falls in and where the demo puts its
    /// dates of service; what the database records keeps the real time.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<NaiveDate>,
    /// Open a chartq database file owned by another user (a team's shared
    /// database); without it such a file is refused.
    #[arg(long, global = true)]
    pub allow_foreign_db: bool,
}

impl GlobalArgs {
    /// The flags as the use cases take them.
    pub fn options(&self) -> Options {
        Options {
            db: self.db.clone(),
            acting_as: self.acting_as.clone(),
            demo: self.demo,
            keep: self.keep,
            theme: self.theme.clone(),
            today: self.today,
            allow_foreign_db: self.allow_foreign_db,
        }
    }
}

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a date (expected YYYY-MM-DD)"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    CodeSets(codes::Command),
    #[command(flatten)]
    Search(search::Command),
    #[command(flatten)]
    Pcs(pcs::Command),
    #[command(flatten)]
    Index(index::Command),
    #[command(flatten)]
    Work(work::Command),
    #[command(flatten)]
    Demo(demo::Command),
    /// Make yourself the first admin of a database with no users (run by
    /// the owner of the database file).
    Init(init::Args),
    /// The database file itself: an online backup.
    #[command(subcommand)]
    Db(db::Command),
    /// The department's reports: productivity, backlog, provider queries,
    /// accuracy.
    #[command(subcommand)]
    Report(report::Command),
    #[command(flatten)]
    Generate(completions::Command),
    /// Second-level review: plans, sampling, the auditor's review, the
    /// coder's outcomes and rebuttal.
    #[command(subcommand)]
    Review(review::Command),
}

/// Parses the process's command line. A word that is not a top-level
/// command but is one inside a group (`chartq import`: `charts import`,
/// `codes import`) gets those as the suggestion, instead of clap's
/// nearest spelling (`export`), which would do something else entirely.
pub fn parse_args() -> Cli {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let err = match Cli::try_parse() {
        Ok(cli) => return cli,
        Err(err) => err,
    };
    if err.kind() == ErrorKind::InvalidSubcommand
        && let Some(ContextValue::String(word)) = err.get(ContextKind::InvalidSubcommand)
    {
        let places = nested_commands(&<Cli as clap::CommandFactory>::command(), word);
        if !places.is_empty() {
            let list: Vec<String> = places.iter().map(|p| format!("  chartq {p}")).collect();
            eprintln!(
                "error: '{word}' is not a chartq command on its own; did you mean:\n{}\n\n\
                 For more information, try 'chartq --help'.",
                list.join("\n")
            );
            std::process::exit(2);
        }
    }
    err.exit()
}

/// Every `group word` path where `word` is a subcommand one level down.
fn nested_commands(root: &clap::Command, word: &str) -> Vec<String> {
    root.get_subcommands()
        .filter(|group| {
            group
                .get_subcommands()
                .any(|sub| sub.get_name() == word || sub.get_all_aliases().any(|a| a == word))
        })
        .map(|group| format!("{} {word}", group.get_name()))
        .collect()
}

/// What the command line asked for, once the CLI has done its part.
pub enum Outcome {
    /// A command ran; exit with this code.
    Done(ExitCode),
    /// No command: open the TUI with this context (`main` does, so the CLI
    /// and the TUI never import each other).
    OpenTui(Context),
}

/// Parses nothing: runs an already parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    // Completions and the manual page need no config and no database.
    let command = match cli.command {
        Some(Command::Generate(cmd)) => return completions::run(cmd).map(Outcome::Done),
        other => other,
    };
    let ctx = Context::new(cli.global.options())?;
    let code = match command {
        None => {
            // Said before the TUI takes the screen, where it would be lost.
            if !ctx.options.demo
                && let Ok(path) = ctx.database_path()
            {
                print_notices(&crate::store::file_notices(&path));
            }
            return Ok(Outcome::OpenTui(ctx));
        }
        Some(Command::CodeSets(cmd)) => codes::run(&ctx, cmd),
        Some(Command::Search(cmd)) => search::run(&ctx, cmd),
        Some(Command::Pcs(cmd)) => pcs::run(&ctx, cmd),
        Some(Command::Index(cmd)) => index::run(&ctx, cmd),
        Some(Command::Work(cmd)) => work::run(&ctx, cmd),
        Some(Command::Demo(cmd)) => demo::run(&ctx, cmd),
        Some(Command::Init(args)) => init::run(&ctx, args),
        Some(Command::Db(cmd)) => db::run(&ctx, cmd),
        Some(Command::Report(cmd)) => report::run(&ctx, cmd),
        Some(Command::Generate(cmd)) => completions::run(cmd),
        Some(Command::Review(cmd)) => review::run(&ctx, cmd),
    };
    code.map(Outcome::Done)
}
