//! `chartq codes import|list` and `chartq code show`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::codes::CodeSystem;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import and list code-set versions.
    #[command(subcommand)]
    Codes(CodesCommand),
    /// Look at one code.
    #[command(subcommand)]
    Code(CodeCommand),
}

#[derive(Debug, Subcommand)]
pub enum CodesCommand {
    /// Import an official code file as a new version (one transaction).
    Import {
        /// cm, pcs, cpt or hcpcs.
        system: CodeSystem,
        /// The file: plain, .gz, or the official .zip download.
        file: PathBuf,
        /// Version label (default: derived from the file).
        #[arg(long)]
        version: Option<String>,
        /// Effective dates, FROM or FROM..TO (YYYY-MM-DD).
        #[arg(long)]
        effective: Option<String>,
    },
    /// List installed versions with their effective dates and counts.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Full title, hierarchy, notes (inherited ones marked) and 7th characters.
    Show {
        code: String,
        #[arg(long)]
        system: Option<CodeSystem>,
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(_ctx: &Context, cmd: Command) -> Result<ExitCode> {
    bail!("not built yet: {cmd:?}")
}
