//! Where chartq keeps things and the user's `config.toml`.
//!
//! Precedence for every setting: command-line flag, then environment
//! (`CHARTQ_DB`, `CHARTQ_CONFIG`), then `config.toml`, then the built-in
//! default. Paths come from the `directories` crate so they follow each
//! platform's conventions (XDG on Linux).

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

/// The user's `config.toml`. Unknown keys are an error so a typo is noticed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Database file; `CHARTQ_DB` and `--db` override it.
    pub database: Option<PathBuf>,
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

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("org", "chartq", "chartq")
}

/// The config file: `CHARTQ_CONFIG`, else `<config dir>/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    explicit_config_path().or_else(default_config_path)
}

/// `CHARTQ_CONFIG`, when set and not empty.
fn explicit_config_path() -> Option<PathBuf> {
    std::env::var_os("CHARTQ_CONFIG")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// `~/.config/chartq/config.toml` on Linux.
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    /// Loads the config file. The default file may be absent (the default
    /// config); a file named by `CHARTQ_CONFIG` must exist, since a typo
    /// in that path would otherwise silently drop every setting.
    pub fn load() -> Result<Config, ConfigError> {
        if let Some(path) = explicit_config_path() {
            if !path.exists() {
                return Err(ConfigError::Read {
                    detail: "no such file (named by CHARTQ_CONFIG; unset it to use the default \
                             config file, or point it at /dev/null for none)"
                        .into(),
                    path,
                });
            }
            return Self::load_from(&path);
        }
        match default_config_path() {
            Some(path) => Self::load_from(&path),
            None => Ok(Config::default()),
        }
    }

    pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                });
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError::Read {
            path: path.to_path_buf(),
            detail: crate::domain::text::sanitize(&e.to_string()),
        })
    }

    /// The database to open: `flag`, else `CHARTQ_DB`, else the config file's
    /// `database`, else `<data dir>/chartq.db`.
    pub fn database_path(&self, flag: Option<&Path>) -> Result<PathBuf, ConfigError> {
        if let Some(p) = flag {
            return Ok(p.to_path_buf());
        }
        if let Some(p) = std::env::var_os("CHARTQ_DB").filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        if let Some(p) = &self.database {
            return Ok(p.clone());
        }
        default_data_dir().map(|d| d.join("chartq.db"))
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
}
