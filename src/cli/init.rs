//! `chartq init`: the first admin of a database. Run by the owner of the
//! database file (on SQLite: the uid that owns it), on a database with no
//! users; creates the database if there is none yet. On a PostgreSQL team
//! database the first admin is made by `chartq db init-postgres`; there
//! `init` is an admin's second step: it seeds the bundled code sets the
//! database lacks (what opening a SQLite file does by itself).

use std::process::ExitCode;

use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::app::codesets::bundled::{self, Seeded};
use crate::app::context::{Database, current_actor};
use crate::domain::people::Role;
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
    if let Database::Postgres(_) = ctx.database()? {
        return seed_team_database(ctx);
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

/// `chartq init` on PostgreSQL: an admin seeds the bundled code sets
/// (each version one definer-function call with its `system` event); run
/// again, it seeds only what is missing.
fn seed_team_database(ctx: &Context) -> Result<ExitCode> {
    let mut backend = ctx.open_backend()?;
    let actor = current_actor(&*backend, None)?;
    actor.require(Role::Admin, "seeding the bundled code sets")?;
    let seeded = bundled::seed_missing(backend.as_mut())?;
    if seeded.is_empty() {
        println!(
            "{}: every bundled code set is there already (the first admin is made by `chartq db init-postgres`)",
            backend.describe()
        );
    }
    for s in &seeded {
        match s {
            Seeded::Stored { system, label } => {
                println!("seeded the bundled {system} {label}")
            }
            Seeded::Updated {
                system,
                from_label,
                label,
            } => println!("updated the bundled {system} {from_label} to {label}"),
        }
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
