//! The coder's terminal UI.

use std::process::ExitCode;

use crate::cli::Context;

pub fn run(_ctx: &Context) -> color_eyre::Result<ExitCode> {
    color_eyre::eyre::bail!("the TUI is not built yet")
}
