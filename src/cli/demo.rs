//! `chartq demo`: builds a database of synthetic charts.

use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::{Result, bail};

use super::Context;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a database of synthetic demo charts.
    Demo,
}

pub fn run(_ctx: &Context, cmd: Command) -> Result<ExitCode> {
    bail!("not built yet: {cmd:?}")
}
