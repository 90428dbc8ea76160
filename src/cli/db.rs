//! `chartq db backup FILE [--force] [--json]`: the one-command backup (a
//! SQLite file); `chartq db init-postgres URL`: a PostgreSQL team database
//! set up.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::app::context::Database;
use crate::store::backend::postgres::migrate;
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
    /// Set a PostgreSQL database up for a team (idempotent; audited).
    ///
    /// Creates chartq's schema, its group roles (PREFIX coder, auditor,
    /// supervisor, admin), the functions every change goes through and the
    /// row-level-security policies; a second run applies only what is
    /// missing. Whoever runs it (the database login: a superuser or the
    /// database's owner with CREATEROLE) becomes the first admin.
    InitPostgres(InitPostgresArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitPostgresArgs {
    /// The database, e.g. postgresql:///chartq?host=/var/run/postgresql.
    url: String,
    /// The prefix of chartq's group roles (role names are cluster-wide:
    /// two chartq databases on one cluster need two prefixes).
    #[arg(long, default_value = "chartq_")]
    prefix: String,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
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
    let a = match cmd {
        Command::Backup(a) => a,
        Command::InitPostgres(a) => return init_postgres(ctx, &a),
    };
    if let Database::Postgres(url) = ctx.database()? {
        // A team database is backed up by PostgreSQL's own tools: a copy of
        // its file would miss roles and policies, and pg_dump is consistent
        // while coders work (README, "Running chartq for a team").
        bail!(
            "chartq db backup copies a SQLite database file; {} is a PostgreSQL database: back it up with `pg_dump -Fc` (restore with `pg_restore`) and keep `chartq audit head`'s output with each dump",
            crate::store::location::DatabaseLocation::parse(&url)
        );
    }
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

/// `chartq db init-postgres URL [--prefix P]`.
fn init_postgres(ctx: &Context, a: &InitPostgresArgs) -> Result<ExitCode> {
    if let Some(other) = &ctx.options.acting_as {
        bail!(
            "chartq db init-postgres makes its runner the first admin; it does not take --as {other}"
        );
    }
    let report = migrate::init(&a.url, &a.prefix)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    if report.applied.is_empty() {
        println!("{}: up to date (roles {}*)", report.database, report.prefix);
    } else {
        let applied: Vec<String> = report.applied.iter().map(|n| format!("{n:04}")).collect();
        println!(
            "{}: applied migrations {} (roles {}*)",
            report.database,
            applied.join(" "),
            report.prefix
        );
    }
    println!(
        "{} is an admin. Next: chartq user add LOGIN --role coder",
        report.admin
    );
    Ok(ExitCode::SUCCESS)
}
