//! The work queue's commands: users, charts, queue, assignments, provider
//! queries, audit, export, demo.

use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::{Result, bail};

use super::Context;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the work queue.
    Queue,
}

pub fn run(_ctx: &Context, cmd: Command) -> Result<ExitCode> {
    bail!("not built yet: {cmd:?}")
}
