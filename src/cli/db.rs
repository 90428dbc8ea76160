//! `chartq db backup FILE [--force] [--json]`: the one-command backup.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::Result;

use super::Context;
use crate::store::{backup, people};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Copy the live database into FILE (admins; audited).
    ///
    /// A consistent copy even while others work (SQLite's online backup):
    /// every committed change, including those still in the -wal file, in
    /// one self-contained file; mode 0600, never written through a link,
    /// and never over an existing file without --force. Never copy the .db
    /// file alone while chartq runs: recent changes live in its -wal file.
    Backup(BackupArgs),
}

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write the backup.
    file: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Backup(a) = cmd;
    let mut store = ctx.open_store()?;
    let actor = people::current_actor(&mut store, ctx.options.acting_as.as_deref())?;
    let report = backup::backup(&mut store, &actor, &a.file, a.force)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "backed up {} to {} ({} KiB)",
            store.path().display(),
            report.file.display(),
            report.bytes.div_ceil(1024)
        );
        if let Some(head) = report.audit_head {
            println!("its audit head: {head}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
