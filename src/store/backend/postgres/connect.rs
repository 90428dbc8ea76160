//! Opening a PostgreSQL connection from a libpq-style URL, and wording the
//! server's refusals for a coder.
//!
//! - `postgresql:///chartq?host=/var/run/postgresql`: the local socket; on
//!   the shared server peer authentication makes the role the OS login.
//! - `postgresql://maria@db.example.org/chartq`: TCP, always TLS (rustls,
//!   the system's trust store, or `sslrootcert=FILE`), SCRAM password from
//!   the URL or `PGPASSWORD`. `sslmode=disable` is refused for TCP
//!   (the login and the patient data would cross the network in clear)
//!   unless the host is the loopback.
//!
//! Errors: the definer functions raise SQLSTATEs of class `CQ` (see
//! `sql/0002_people.sql`, `chartq.refuse`); [`pg_error`] turns them into
//! the same [`WorkError`]s SQLite's checks give, and a permission refused
//! by the database (42501, a row-level-security violation) into
//! [`WorkError::Forbidden`].

use std::str::FromStr;
use std::sync::Arc;

use postgres::Client;
use postgres::config::{Config, Host, SslMode};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::store::{StoreError, WorkError};

/// True when the database setting names a PostgreSQL database rather than
/// a SQLite file.
pub fn is_postgres_url(setting: &str) -> bool {
    setting.starts_with("postgresql://") || setting.starts_with("postgres://")
}

/// Connects to `url`; returns the client and how to name the database.
pub(super) fn open(url: &str) -> Result<(Client, String), WorkError> {
    let (url, root_cert) = take_param(url, "sslrootcert");
    let mut config = Config::from_str(&url).map_err(|e| {
        WorkError::Invalid(format!(
            "{}: not a PostgreSQL URL ({e}); expected e.g. postgresql:///chartq?host=/var/run/postgresql",
            redact(&url)
        ))
    })?;
    if config.get_user().is_none() {
        // The process's real login: what peer authentication checks.
        config.user(&crate::store::people::login_name()?);
    }
    if config.get_password().is_none()
        && let Ok(password) = std::env::var("PGPASSWORD")
    {
        config.password(password);
    }
    let target = describe(&config);
    let over_tcp = config.get_hosts().iter().any(|h| matches!(h, Host::Tcp(_)));
    let result = if over_tcp {
        let loopback = config
            .get_hosts()
            .iter()
            .all(|h| matches!(h, Host::Tcp(name) if name == "localhost" || name == "127.0.0.1" || name == "::1"));
        if config.get_ssl_mode() == SslMode::Disable && !loopback {
            return Err(WorkError::Invalid(format!(
                "{target}: sslmode=disable over the network would send the login and patient data in clear; chartq uses TLS for every TCP host but the loopback"
            )));
        }
        if config.get_ssl_mode() == SslMode::Prefer && !loopback {
            config.ssl_mode(SslMode::Require);
        }
        config.connect(tls(root_cert.as_deref(), &target)?)
    } else {
        config.connect(postgres::NoTls)
    };
    let client = result.map_err(|e| open_error(&target, &e))?;
    Ok((client, target))
}

/// `url` without the query parameter `name` (which the client crate does
/// not know), and its value.
fn take_param(url: &str, name: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut value = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.split_once('=') {
            Some((k, v)) if k == name => {
                value = Some(v.to_string());
                false
            }
            _ => true,
        })
        .collect();
    if kept.is_empty() {
        (base.to_string(), value)
    } else {
        (format!("{base}?{}", kept.join("&")), value)
    }
}

/// The TLS connector: rustls with the system's trust store, or only the
/// certificates of `root_cert` (a PEM file) when given.
fn tls(root_cert: Option<&str>, target: &str) -> Result<MakeRustlsConnect, WorkError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    match root_cert {
        Some(file) => {
            let certs = CertificateDer::pem_file_iter(file).map_err(|e| {
                WorkError::Invalid(format!("{file}: sslrootcert: cannot read ({e})"))
            })?;
            for cert in certs {
                let cert =
                    cert.map_err(|e| WorkError::Invalid(format!("{file}: sslrootcert: {e}")))?;
                roots
                    .add(cert)
                    .map_err(|e| WorkError::Invalid(format!("{file}: sslrootcert: {e}")))?;
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            for cert in found.certs {
                let _ = roots.add(cert);
            }
        }
    }
    if roots.is_empty() {
        return Err(WorkError::Invalid(format!(
            "{target}: no trusted certificate authority to check the server's certificate with; install the system's CA certificates or name one with sslrootcert=FILE"
        )));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| WorkError::Invalid(format!("{target}: TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// `user@host/db` (or `user@socket-dir/db`), never the password.
fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        Some(Host::Unix(dir)) => dir.display().to_string(),
        None => "(default socket)".to_string(),
    };
    format!(
        "postgresql {}@{}/{}",
        config.get_user().unwrap_or("?"),
        host,
        config.get_dbname().unwrap_or("")
    )
}

/// The URL without a password, for an error message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let user_info = &url[s + 3..at];
            match user_info.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Why the connection failed, naming the database (not the password).
fn open_error(target: &str, err: &postgres::Error) -> WorkError {
    WorkError::Store(StoreError::Server {
        target: target.to_string(),
        detail: format!("cannot connect: {}", detail(err)),
    })
}

/// The server's message (and detail) or the client's error.
fn detail(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        },
        None => {
            let mut text = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                text.push_str(&format!(": {s}"));
                source = s.source();
            }
            text
        }
    }
}

/// What a statement's failure means for the coder: a definer function's
/// refusal (SQLSTATE class `CQ`) as the matching [`WorkError`], a
/// permission the database refused as [`WorkError::Forbidden`], anything
/// else as a [`StoreError::Server`].
pub fn pg_error(err: postgres::Error) -> WorkError {
    let Some(db) = err.as_db_error() else {
        return WorkError::Store(StoreError::Server {
            target: "PostgreSQL".to_string(),
            detail: detail(&err),
        });
    };
    let message = db.message().to_string();
    match db.code().code() {
        "CQ403" => WorkError::Forbidden(message),
        "CQ404" => WorkError::NotFound {
            what: thing(db.hint()),
            key: message,
        },
        "CQ409" => WorkError::Conflict(message),
        "CQ400" => WorkError::Invalid(message),
        "CQ401" => WorkError::NotAUser { login: message },
        "CQ402" => WorkError::NoAdminYet,
        // insufficient_privilege: no grant, or a row-level-security policy.
        "42501" => WorkError::Forbidden(format!("the database refused it ({message})")),
        _ => WorkError::Store(StoreError::Server {
            target: "PostgreSQL".to_string(),
            detail: detail(&err),
        }),
    }
}

/// The word a `CQ404` names in its HINT (`chart`, `user`, `query`, ...).
fn thing(hint: Option<&str>) -> &'static str {
    match hint {
        Some("user") => "user",
        Some("query") => "provider query",
        Some("code") => "code",
        Some("version") => "code-set version",
        Some("queue") => "queue",
        Some("review") => "review of chart",
        Some("plan") => "review plan",
        _ => "chart",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_recognized_and_passwords_hidden() {
        assert!(is_postgres_url("postgresql:///chartq?host=/tmp"));
        assert!(is_postgres_url("postgres://a@b/c"));
        assert!(!is_postgres_url("/home/ana/chartq.db"));
        assert_eq!(
            redact("postgresql://ana:secret@db/chartq"),
            "postgresql://ana:***@db/chartq"
        );
        let (url, cert) = take_param(
            "postgresql://h/db?sslrootcert=/ca.pem&sslmode=require",
            "sslrootcert",
        );
        assert_eq!(url, "postgresql://h/db?sslmode=require");
        assert_eq!(cert.as_deref(), Some("/ca.pem"));
    }
}
