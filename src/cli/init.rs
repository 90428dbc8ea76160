//! `chartq init`: the first admin of a database. Run by the owner of the
//! database file (on SQLite: the uid that owns it), on a database with no
//! users; creates the database if there is none yet.

use std::process::ExitCode;

use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::store::people;

/// Makes you the first admin of a database that has no users yet.
///
/// Only the owner of the database file may: the owner can read and change
/// all of it anyway, so nothing is given away. Creates the database when
/// there is none. Refused once the database has users (an admin adds more
/// with `chartq user add`).
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> Result<ExitCode> {
    if let Some(other) = &ctx.options.acting_as {
        bail!(
            "chartq init makes you (the real login running it) the first admin; it does not take --as {other}"
        );
    }
    let mut store = ctx.open_store()?;
    let user = people::init(&mut store)?;
    let path = store.path().display();
    println!(
        "{} is now the admin of {path} (its first user).",
        user.login
    );
    println!("Next:");
    for (command, what) in NEXT {
        println!("  {command:<38} {what}");
    }
    Ok(ExitCode::SUCCESS)
}

/// What a new admin does next, in order.
const NEXT: [(&str, &str); 5] = [
    (
        "chartq user add LOGIN --role coder",
        "add the others (coder, auditor, supervisor, admin)",
    ),
    (
        "chartq user join QUEUE --user LOGIN",
        "put them in work queues (inpatient, ed, ...)",
    ),
    (
        "chartq charts import FILE",
        "import a chart feed (JSON Lines or CSV)",
    ),
    (
        "chartq codes list",
        "the code sets installed (chartq codes import SYSTEM FILE adds one)",
    ),
    (
        "chartq",
        "open the workbench (chartq --demo tries it on demo data)",
    ),
];
