//! `chartq search`: the scriptable face of code search.

use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::{Result, bail};

use super::Context;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search the code sets the way coders type ("dm2 w ckd 3a", "E11.22").
    Search(SearchArgs),
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    pub query: Vec<String>,
}

pub fn run(_ctx: &Context, cmd: Command) -> Result<ExitCode> {
    bail!("not built yet: {cmd:?}")
}
