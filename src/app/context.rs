//! What every use case gets: the options the user chose, the loaded config
//! and the one clock — and the one way to open the database with them.

use std::path::PathBuf;

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};

use super::codesets::{bundled, template};
use super::config::Config;
use crate::domain::clock::Clock;
use crate::domain::people::Actor;
use crate::store::backend::Backend;
use crate::store::backend::postgres::{Postgres, is_postgres_url};
use crate::store::{Filler, OpenPolicy, Store, WorkError, people};

/// Which database the settings name: a SQLite file (the embedded default)
/// or a PostgreSQL team database (a `postgresql://` or `postgres://` URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

/// The options every command and the TUI share (the CLI's global flags).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Database file (default: $CHARTQ_DB, then config.toml, then the data dir).
    pub db: Option<PathBuf>,
    /// Act as another user (admins only; audited under both names).
    pub acting_as: Option<String>,
    /// Open the TUI on a demo database instead of the configured one.
    pub demo: bool,
    /// With `demo`: reuse the last demo database instead of rebuilding it.
    pub keep: bool,
    /// TUI theme name.
    pub theme: Option<String>,
    /// Take this date as today.
    pub today: Option<NaiveDate>,
    /// Open a chartq database file owned by another user.
    pub allow_foreign_db: bool,
}

/// The options, the loaded config and the clock.
pub struct Context {
    pub options: Options,
    pub config: Config,
    /// Where "today" comes from: `--today`, else `CHARTQ_TODAY`, else the
    /// system date.
    pub clock: Clock,
}

impl Context {
    pub fn new(options: Options) -> Result<Context> {
        let clock = match options.today {
            Some(date) => Clock::Fixed(date),
            None => Clock::from_env()?,
        };
        Ok(Context {
            options,
            config: Config::load()?,
            clock,
        })
    }

    /// The SQLite database file; refused when the settings name a
    /// PostgreSQL database (the command works on a SQLite file only).
    pub fn database_path(&self) -> Result<PathBuf> {
        match self.database()? {
            Database::Sqlite(path) => Ok(path),
            Database::Postgres(_) => Err(sqlite_only()),
        }
    }

    /// The database the settings name (`--db`, `CHARTQ_DB`, the config's
    /// `database`, the data dir's `chartq.db`).
    pub fn database(&self) -> Result<Database> {
        let path = self.config.database_path(self.options.db.as_deref())?;
        Ok(match path.to_str() {
            Some(setting) if is_postgres_url(setting) => Database::Postgres(setting.to_string()),
            _ => Database::Sqlite(path),
        })
    }

    /// Opens the configured database, whichever backend holds it: a
    /// PostgreSQL team database for a `postgresql://` URL, else the SQLite
    /// file as [`Context::open_store`] does (seeded, warnings printed).
    pub fn open_backend(&self) -> Result<Box<dyn Backend>> {
        match self.database()? {
            Database::Postgres(url) => Ok(Box::new(Postgres::connect(&url)?)),
            Database::Sqlite(_) => Ok(Box::new(self.open_store()?)),
        }
    }

    /// [`Context::open_backend`] for a reading command (`codes list`, `code
    /// show`, `index`, `pcs`, `check --batch`): on SQLite as
    /// [`Context::open_store_to_read`]; on PostgreSQL the connection, whose
    /// login the database itself checks (a login with no chartq role reads
    /// nothing).
    pub fn open_backend_to_read(&self) -> Result<Box<dyn Backend>> {
        match self.database()? {
            Database::Postgres(url) => Ok(Box::new(Postgres::connect(&url)?)),
            Database::Sqlite(_) => Ok(Box::new(self.open_store_to_read()?)),
        }
    }

    /// How the database may be opened: `--allow-foreign-db`.
    pub fn open_policy(&self) -> OpenPolicy {
        OpenPolicy {
            allow_foreign_owner: self.options.allow_foreign_db,
        }
    }

    /// Opens (creating and migrating if needed) the configured database and
    /// seeds every bundled code-set version it lacks (a new file is a copy
    /// of the seeded template: see [`template`]). Warnings about its files
    /// (readable by others) go to stderr, once per process.
    pub fn open_store(&self) -> Result<Store> {
        let path = self.database_path()?;
        // Only a database about to be made needs the template.
        let template = std::fs::symlink_metadata(&path)
            .is_err()
            .then(template::usable_template)
            .flatten();
        let fill = |temp: &std::path::Path| match &template {
            Some(t) => template::fill_from(t, temp).map_err(|e| format!("{e:#}")),
            None => Err("no template".to_string()),
        };
        let mut store = Store::open_or_create(
            &path,
            self.open_policy(),
            template.is_some().then_some(&fill as Filler<'_>),
        )?;
        print_notices(store.notices());
        bundled::seed_missing(&mut store)
            .wrap_err_with(|| format!("{}: seeding the bundled code sets", path.display()))?;
        Ok(store)
    }

    /// [`Context::open_store`] for a reading command (search, `code show`,
    /// `codes list`): on a database that has users, the login running
    /// chartq must be one of them (the refusal names `chartq user add`). A
    /// database with no users yet is readable by whoever can open the file.
    /// Opening may still seed a bundled version (an audited `system` event)
    /// and a search may cache a snapshot: see `crate::store::audit` for
    /// which automatic writes any opener may make.
    pub fn open_store_to_read(&self) -> Result<Store> {
        let store = self.open_store()?;
        people::require_reader(&store)?;
        Ok(store)
    }
}

/// The actor running chartq on `backend` (as `acting_as` for an admin's
/// `--as`). A database without users refuses ([`WorkError::NoAdminYet`]).
pub fn current_actor(backend: &dyn Backend, acting_as: Option<&str>) -> Result<Actor, WorkError> {
    backend
        .actor(&backend.login()?, acting_as)?
        .ok_or(WorkError::NoAdminYet)
}

/// The refusal of a SQLite-only command (demo, backup, `init`, ...) given
/// a PostgreSQL URL.
fn sqlite_only() -> color_eyre::eyre::Report {
    color_eyre::eyre::eyre!(
        "this command works on a SQLite database file only, and the database setting (--db, CHARTQ_DB or the config's `database`) names a PostgreSQL database; on PostgreSQL use `chartq db init-postgres`, `pg_dump` for backups, and the work commands"
    )
}

/// Prints warnings about the database's files on stderr, the first time
/// only (the TUI and some commands open the database more than once).
pub fn print_notices(notices: &[String]) {
    static PRINTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if notices.is_empty() || PRINTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    for notice in notices {
        eprintln!("chartq: {notice}");
    }
}
