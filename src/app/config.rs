//! Where chartq keeps things and the config files.
//!
//! Precedence for every setting, lowest first: the system-wide
//! `/etc/chartq/config.toml` (an administrator points every coder on a host
//! at the team database there), then the user's `config.toml` — or, instead
//! of it, the file `CHARTQ_CONFIG` names —, then the environment
//! (`CHARTQ_DB`), then the command-line flag, then the built-in default.
//! Files are merged key by key (tables such as `[tui]` too), so a coder's own
//! file may set a theme without repeating the database. Paths come from the
//! `directories` crate so they follow each platform's conventions (XDG on
//! Linux). `CHARTQ_SYSTEM_CONFIG` replaces the system path (tests, a host
//! whose administrator keeps it elsewhere; empty or `/dev/null`: none).

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

use crate::store::location::DatabaseLocation;

/// The system-wide config file every user on the host reads first.
pub const SYSTEM_CONFIG_PATH: &str = "/etc/chartq/config.toml";

/// The merged config. Unknown keys are an error so a typo is noticed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The database: a SQLite file, or a `postgresql://` URL (kept as
    /// written: see [`DatabaseLocation`]); `CHARTQ_DB` and `--db` override it.
    pub database: Option<String>,
    /// The per-host cache of code-set search snapshots (default:
    /// `/var/cache/chartq` when writable, else the user's cache dir); see
    /// `crate::store::snapshot_cache`.
    pub snapshot_cache: Option<PathBuf>,
    /// TUI settings (theme, keys, idle lock); read by `tui::settings`.
    pub tui: toml::Table,
    /// The facility's IANA time zone (`America/Chicago`): the reports'
    /// days and hours are the facility's, the audit log stays UTC. Unset:
    /// UTC. Read by `app::reports`.
    pub facility_time_zone: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `detail` is cleaned of terminal control sequences when the error
    /// is made (a TOML error quotes the offending line, which may hold
    /// raw escapes), the path when it is shown.
    #[error("{}: {detail}", crate::domain::text::sanitize(&.path.display().to_string()))]
    Read { path: PathBuf, detail: String },
    #[error("no home directory found: pass --db PATH or set CHARTQ_DB")]
    NoHome,
}

/// The files a config is merged from, lowest precedence first; injectable
/// so tests need no real `/etc`.
#[derive(Debug, Clone, Default)]
pub struct ConfigSources {
    /// `/etc/chartq/config.toml` (absent: skipped).
    pub system: Option<PathBuf>,
    /// The user's file (absent: skipped).
    pub user: Option<PathBuf>,
    /// `CHARTQ_CONFIG`: read instead of `user`, and it must exist.
    pub explicit: Option<PathBuf>,
}

impl ConfigSources {
    /// The files this process reads: the environment and the platform's
    /// directories.
    pub fn from_env() -> ConfigSources {
        ConfigSources {
            system: system_config_path(),
            user: default_config_path(),
            explicit: explicit_config_path(),
        }
    }
}

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("org", "chartq", "chartq")
}

/// The user's config file: `CHARTQ_CONFIG`, else `<config dir>/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    explicit_config_path().or_else(default_config_path)
}

/// `CHARTQ_CONFIG`, when set and not empty.
fn explicit_config_path() -> Option<PathBuf> {
    std::env::var_os("CHARTQ_CONFIG")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// The system-wide file: `CHARTQ_SYSTEM_CONFIG` when set (empty: none),
/// else [`SYSTEM_CONFIG_PATH`].
pub fn system_config_path() -> Option<PathBuf> {
    match std::env::var_os("CHARTQ_SYSTEM_CONFIG") {
        Some(p) if p.is_empty() => None,
        Some(p) => Some(PathBuf::from(p)),
        None => Some(PathBuf::from(SYSTEM_CONFIG_PATH)),
    }
}

/// `~/.config/chartq/config.toml` on Linux.
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    /// Loads the system-wide file, then the user's (see the module doc).
    /// The config's `snapshot_cache` is handed to the store's per-host
    /// snapshot cache here, before any snapshot is read.
    pub fn load() -> Result<Config, ConfigError> {
        let config = Self::load_layers(&ConfigSources::from_env())?;
        crate::store::snapshot_cache::configure(config.snapshot_cache.clone());
        Ok(config)
    }

    /// Merges `sources` key by key, later files winning. The system and
    /// default user files may be absent; a file named by `CHARTQ_CONFIG`
    /// must exist, since a typo in that path would otherwise silently drop
    /// every setting. Each file is checked on its own, so an error names
    /// the file that holds the mistake.
    pub fn load_layers(sources: &ConfigSources) -> Result<Config, ConfigError> {
        let mut merged = toml::Table::new();
        if let Some(path) = &sources.system {
            merge(&mut merged, read_table(path)?);
        }
        if let Some(path) = &sources.explicit {
            if !path.exists() {
                return Err(ConfigError::Read {
                    detail: "no such file (named by CHARTQ_CONFIG; unset it to use the default \
                             config file, or point it at /dev/null for none)"
                        .into(),
                    path: path.clone(),
                });
            }
            merge(&mut merged, read_table(path)?);
        } else if let Some(path) = &sources.user {
            merge(&mut merged, read_table(path)?);
        }
        // Each layer was checked alone, so this cannot name a wrong key.
        toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Read {
                path: PathBuf::from("(merged config)"),
                detail: crate::domain::text::sanitize(&e.to_string()),
            })
    }

    /// One file alone (absent: the default config).
    pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
        let table = read_table(path)?;
        toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Read {
                path: path.to_path_buf(),
                detail: crate::domain::text::sanitize(&e.to_string()),
            })
    }

    /// The database to open: `flag`, else `CHARTQ_DB`, else the config
    /// files' `database`, else `<data dir>/chartq.db`. A PostgreSQL URL is
    /// kept as a URL.
    pub fn database_location(&self, flag: Option<&Path>) -> Result<DatabaseLocation, ConfigError> {
        if let Some(p) = flag {
            return Ok(DatabaseLocation::from_path(p));
        }
        if let Some(p) = std::env::var_os("CHARTQ_DB").filter(|p| !p.is_empty()) {
            return Ok(DatabaseLocation::from_path(Path::new(&p)));
        }
        if let Some(value) = &self.database {
            return Ok(DatabaseLocation::parse(value));
        }
        default_data_dir().map(|d| DatabaseLocation::Sqlite(d.join("chartq.db")))
    }

    /// The SQLite file to open, as [`Config::database_location`] finds it.
    /// A PostgreSQL URL comes back as the path it is spelled as (the
    /// SQLite-only callers then fail to open it by name); callers that can
    /// open either use [`Config::database_location`].
    pub fn database_path(&self, flag: Option<&Path>) -> Result<PathBuf, ConfigError> {
        Ok(match self.database_location(flag)? {
            DatabaseLocation::Sqlite(path) => path,
            DatabaseLocation::Postgres(url) => PathBuf::from(url.as_str()),
        })
    }
}

/// A file's top-level table; absent is empty. Checked against [`Config`]
/// so a wrong key names this file.
fn read_table(path: &Path) -> Result<toml::Table, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(toml::Table::new()),
        Err(e) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                detail: e.to_string(),
            });
        }
    };
    let fail = |e: toml::de::Error| ConfigError::Read {
        path: path.to_path_buf(),
        detail: crate::domain::text::sanitize(&e.to_string()),
    };
    toml::from_str::<Config>(&text).map_err(fail)?;
    toml::from_str::<toml::Table>(&text).map_err(fail)
}

/// Merges `top` over `base`: tables key by key, any other value replaced.
fn merge(base: &mut toml::Table, top: toml::Table) {
    for (key, value) in top {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => merge(b, t),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The platform cache directory (`~/.cache/chartq` on Linux): files chartq
/// can rebuild, such as the `--demo` database.
pub fn cache_dir() -> Result<PathBuf, ConfigError> {
    project_dirs()
        .map(|d| d.cache_dir().to_path_buf())
        .ok_or(ConfigError::NoHome)
}

/// The platform data directory (`~/.local/share/chartq` on Linux).
pub fn default_data_dir() -> Result<PathBuf, ConfigError> {
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(ConfigError::NoHome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_and_bad_toml_names_the_file() {
        let cfg = Config {
            database: Some("/from/config.db".into()),
            ..Default::default()
        };
        assert_eq!(
            cfg.database_path(Some(Path::new("/flag.db"))).unwrap(),
            PathBuf::from("/flag.db")
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "databse = 3\n").unwrap();
        let err = Config::load_from(&path).unwrap_err().to_string();
        assert!(
            err.contains("config.toml") && err.contains("databse"),
            "{err}"
        );
        assert!(Config::load_from(&dir.path().join("absent.toml")).is_ok());
    }

    #[test]
    fn a_parse_error_quoting_escapes_is_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config\u{1b}[2J.toml");
        std::fs::write(&path, "databse = \"\u{1b}]0;title\u{7}\u{1b}[31mred\"\n").unwrap();
        let err = Config::load_from(&path).unwrap_err().to_string();
        assert!(
            err.contains("TOML parse error") || err.contains("databse"),
            "{err}"
        );
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn system_then_user_then_chartq_config_key_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let system = write(
            dir.path(),
            "etc.toml",
            "database = \"postgresql:///chartq?host=/var/run/postgresql\"\n\
             snapshot_cache = \"/var/cache/chartq\"\n[tui]\ntheme = \"dark\"\nidle_lock = 5\n",
        );
        let user = write(dir.path(), "user.toml", "[tui]\ntheme = \"light\"\n");
        let sources = ConfigSources {
            system: Some(system.clone()),
            user: Some(user),
            explicit: None,
        };
        let cfg = Config::load_layers(&sources).unwrap();
        // The user's theme wins; the system's database and idle lock stay.
        assert_eq!(cfg.tui["theme"].as_str(), Some("light"));
        assert_eq!(cfg.tui["idle_lock"].as_integer(), Some(5));
        match cfg.database_location(None).unwrap() {
            DatabaseLocation::Postgres(url) => {
                assert_eq!(
                    url.as_str(),
                    "postgresql:///chartq?host=/var/run/postgresql"
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(cfg.snapshot_cache, Some(PathBuf::from("/var/cache/chartq")));
        // CHARTQ_CONFIG is read instead of the user's file, over the system's.
        let explicit = write(dir.path(), "ci.toml", "database = \"/tmp/mine.db\"\n");
        let cfg = Config::load_layers(&ConfigSources {
            explicit: Some(explicit),
            ..sources.clone()
        })
        .unwrap();
        assert_eq!(cfg.tui["theme"].as_str(), Some("dark"));
        assert_eq!(
            cfg.database_location(None).unwrap(),
            DatabaseLocation::Sqlite("/tmp/mine.db".into())
        );
        // The flag beats every file.
        assert_eq!(
            cfg.database_location(Some(Path::new("postgres://h/db")))
                .unwrap()
                .to_string(),
            "postgres://h/db"
        );
        assert_eq!(
            cfg.database_path(Some(Path::new("/flag.db"))).unwrap(),
            PathBuf::from("/flag.db")
        );
    }

    #[test]
    fn a_bad_system_file_is_named_and_absent_files_are_fine() {
        let dir = tempfile::tempdir().unwrap();
        let system = write(dir.path(), "system.toml", "databse = 1\n");
        let err = Config::load_layers(&ConfigSources {
            system: Some(system),
            ..Default::default()
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("system.toml") && err.contains("databse"),
            "{err}"
        );
        let none = ConfigSources {
            system: Some(dir.path().join("absent-system.toml")),
            user: Some(dir.path().join("absent-user.toml")),
            explicit: None,
        };
        assert!(Config::load_layers(&none).unwrap().database.is_none());
        let err = Config::load_layers(&ConfigSources {
            explicit: Some(dir.path().join("typo.toml")),
            ..none
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("CHARTQ_CONFIG"), "{err}");
    }
}
