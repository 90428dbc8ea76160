//! Where the database is: a SQLite file or a PostgreSQL server. The one
//! setting (`--db`, `CHARTQ_DB`, `database` in a config file) names either;
//! a `postgresql://` (or `postgres://`) URL selects the team backend, any
//! other value is a SQLite path as it always was. A URL stays a string, never
//! a path: it is handed to the client as written, and shown without its
//! password.

use std::fmt;
use std::path::{Path, PathBuf};

/// The database a process opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    /// The embedded backend: one file.
    Sqlite(PathBuf),
    /// The team backend: a libpq-style URL.
    Postgres(PostgresUrl),
}

impl DatabaseLocation {
    /// Reads a setting: a PostgreSQL URL when it has that scheme, else a
    /// SQLite path.
    pub fn parse(value: &str) -> DatabaseLocation {
        match PostgresUrl::parse(value) {
            Some(url) => DatabaseLocation::Postgres(url),
            None => DatabaseLocation::Sqlite(PathBuf::from(value)),
        }
    }

    /// [`DatabaseLocation::parse`] for a value that came as a path (a flag
    /// or an environment variable): a non-UTF-8 path is always SQLite.
    pub fn from_path(path: &Path) -> DatabaseLocation {
        match path.to_str() {
            Some(text) => DatabaseLocation::parse(text),
            None => DatabaseLocation::Sqlite(path.to_path_buf()),
        }
    }

    /// The SQLite file, when this is one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            DatabaseLocation::Sqlite(path) => Some(path),
            DatabaseLocation::Postgres(_) => None,
        }
    }
}

impl fmt::Display for DatabaseLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseLocation::Sqlite(path) => write!(f, "{}", path.display()),
            DatabaseLocation::Postgres(url) => write!(f, "{url}"),
        }
    }
}

/// A PostgreSQL connection URL as the user wrote it (`postgresql://` or
/// `postgres://`, libpq's forms: a Unix socket in `?host=`, or TCP).
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    /// `Some` when `value` has a PostgreSQL scheme (case-insensitive).
    pub fn parse(value: &str) -> Option<PostgresUrl> {
        let lower = value.get(..13).unwrap_or(value).to_ascii_lowercase();
        (lower.starts_with("postgresql://") || lower.starts_with("postgres://"))
            .then(|| PostgresUrl(value.to_owned()))
    }

    /// The URL as written, password included: for the client only.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL with any password replaced by `***`, for screens and logs.
    pub fn redacted(&self) -> String {
        let Some((scheme, rest)) = self.0.split_once("://") else {
            return self.0.clone();
        };
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let authority = match authority.rsplit_once('@') {
            Some((userinfo, host)) => match userinfo.split_once(':') {
                Some((user, _password)) => format!("{user}:***@{host}"),
                None => authority.to_owned(),
            },
            None => authority.to_owned(),
        };
        let tail = redact_query_password(tail);
        format!("{scheme}://{authority}{tail}")
    }
}

/// Replaces the value of a `password=` query parameter.
fn redact_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_owned();
    };
    let params: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => p.to_owned(),
        })
        .collect();
    format!("{path}?{}", params.join("&"))
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Debug shows the redacted form too: a URL in a log line or a panic
/// message must not leak a password.
impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({})", self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_postgres_anything_else_a_path() {
        let socket = "postgresql:///chartq?host=/var/run/postgresql";
        match DatabaseLocation::parse(socket) {
            DatabaseLocation::Postgres(url) => assert_eq!(url.as_str(), socket),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            DatabaseLocation::parse("POSTGRES://db.example/chartq"),
            DatabaseLocation::Postgres(_)
        ));
        assert_eq!(
            DatabaseLocation::parse("/home/ana/chartq.db"),
            DatabaseLocation::Sqlite("/home/ana/chartq.db".into())
        );
        // A file that merely mentions the scheme is still a file.
        assert_eq!(
            DatabaseLocation::parse("./postgresql://x"),
            DatabaseLocation::Sqlite("./postgresql://x".into())
        );
        assert_eq!(
            DatabaseLocation::parse("pg").sqlite_path(),
            Some(Path::new("pg"))
        );
    }

    #[test]
    fn passwords_never_show() {
        let url =
            PostgresUrl::parse("postgresql://ana:s3cret@db.example:5432/chartq?sslmode=require")
                .unwrap();
        assert_eq!(
            url.to_string(),
            "postgresql://ana:***@db.example:5432/chartq?sslmode=require"
        );
        assert!(!format!("{url:?}").contains("s3cret"));
        let q = PostgresUrl::parse("postgres:///chartq?user=ana&password=pw&host=/run").unwrap();
        assert_eq!(
            q.redacted(),
            "postgres:///chartq?user=ana&password=***&host=/run"
        );
        let plain = PostgresUrl::parse("postgresql:///chartq?host=/run/pg").unwrap();
        assert_eq!(plain.redacted(), plain.as_str());
    }
}
