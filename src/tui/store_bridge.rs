//! The TUI's [`Workbench`] and [`CodeSearcher`] on the real store and
//! search index.

use std::path::PathBuf;

use color_eyre::eyre::{Result, bail};

use super::workbench::Workbench;
use super::worker::IndexLoader;
use crate::cli::Context;

/// What `run` needs from the store side.
pub struct Opened {
    pub workbench: Box<dyn Workbench>,
    pub index_loader: IndexLoader,
    /// Where `--demo` created its database (said on exit).
    pub demo_path: Option<PathBuf>,
}

/// Opens the configured (or, with `--demo`, a fresh demo) database.
pub fn open(_ctx: &Context) -> Result<Opened> {
    bail!("the TUI needs the work-queue store, which this build does not have yet")
}
