//! The PostgreSQL test harness (issue 13), as agreed with CI and the other
//! PostgreSQL tests: `CHARTQ_TEST_PG` is the libpq URL of a server where
//! the tests, as a superuser, create scratch databases (e.g.
//! `postgresql:///postgres?host=/tmp/pgsock`). Unset: each PostgreSQL test
//! passes after one printed line per process, `skipped: PostgreSQL tests
//! (CHARTQ_TEST_PG unset)`, unless `CHARTQ_TEST_PG_REQUIRED=1` (CI), then it
//! fails. Each [`PgDb`] is its own database AND its own role prefix (roles
//! are cluster-wide and the tests run in parallel); both are dropped at the
//! end. Peer-authentication tests run `chartq` as the OS users `cq_ana` and
//! `cq_ben` (`runuser`), which needs root and those users ([`os_user`]).

use std::io::Write;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The server URL, or `None` after printing the skip line (panics when the
/// tests are required).
pub fn server() -> Option<String> {
    match std::env::var("CHARTQ_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            skip("PostgreSQL tests (CHARTQ_TEST_PG unset)");
            None
        }
    }
}

/// Whether a skipped PostgreSQL test must fail instead (CI).
pub fn required() -> bool {
    std::env::var("CHARTQ_TEST_PG_REQUIRED").is_ok_and(|v| v == "1")
}

/// Prints `skipped: WHAT` once per process past the output capture, or
/// panics when the tests are required.
pub fn skip(what: &str) {
    assert!(!required(), "CHARTQ_TEST_PG_REQUIRED=1 but {what}");
    static PRINTED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut printed = PRINTED.lock().unwrap_or_else(|e| e.into_inner());
    if !printed.iter().any(|p| p == what) {
        printed.push(what.to_string());
        let _ = writeln!(std::io::stderr(), "skipped: {what}");
    }
}

/// `url` with its database name replaced by `db`.
pub fn with_db(url: &str, db: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a libpq URL");
    let (authority, after) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let query = after.split_once('?').map(|(_, q)| q);
    match query {
        Some(q) => format!("{scheme}://{authority}/{db}?{q}"),
        None => format!("{scheme}://{authority}/{db}"),
    }
}

/// A superuser connection to `url`.
pub fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"))
}

/// One scratch chartq database with its own role prefix, set up by
/// `chartq db init-postgres` as the test's (superuser) login, who is its
/// first admin.
pub struct PgDb {
    pub server: String,
    pub name: String,
    pub prefix: String,
    pub url: String,
}

impl PgDb {
    /// A new database named after `tag`; `None` when the tests are skipped.
    pub fn new(tag: &str) -> Option<PgDb> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let server = server()?;
        let name = format!(
            "cqt_{tag}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = connect(&server);
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let db = PgDb {
            url: with_db(&server, &name),
            prefix: format!("{name}_"),
            server,
            name,
        };
        let out = db
            .chartq(&["db", "init-postgres", &db.url, "--prefix", &db.prefix])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "init-postgres: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(db)
    }

    /// `chartq --db URL ARGS` as the test's login.
    pub fn chartq(&self, args: &[&str]) -> Command {
        let mut cmd = super::command();
        cmd.arg("--db")
            .arg(&self.url)
            .args(args)
            .current_dir("/tmp");
        cmd
    }

    /// Runs `chartq ARGS` and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.chartq(args).output().unwrap();
        assert!(
            out.status.success(),
            "chartq {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs `chartq ARGS`, asserting exit status `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.chartq(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "chartq {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// `chartq --db URL ARGS` run as OS user `user` (peer authentication).
    pub fn chartq_as(&self, user: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", user, "--", super::bin(), "--db", &self.url])
            .args(args)
            .env_remove("CHARTQ_DB")
            .env("CHARTQ_CONFIG", "/dev/null")
            .env("CHARTQ_TODAY", super::TODAY)
            .env("NO_COLOR", "1")
            .current_dir("/tmp");
        cmd
    }

    /// A login name of this test's own (roles are cluster-wide).
    pub fn login(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// A superuser connection to this database.
    pub fn admin(&self) -> postgres::Client {
        connect(&self.url)
    }

    /// A connection to this database as chartq user `login`, as `psql`
    /// run by them would be: the superuser's connection with its session
    /// user switched (`SET SESSION AUTHORIZATION`), so `session_user`, the
    /// grants and the row-level-security policies are all `login`'s.
    pub fn as_login(&self, login: &str) -> postgres::Client {
        let mut c = self.admin();
        c.batch_execute(&format!("SET SESSION AUTHORIZATION \"{login}\""))
            .unwrap();
        c
    }

    /// One number from the database (as the superuser).
    pub fn count(&self, sql: &str) -> i64 {
        self.admin().query_one(sql, &[]).unwrap().get(0)
    }

    /// Imports `lines` (JSON lines) as the test's login.
    pub fn import(&self, lines: &[String]) {
        let file = tempfile::Builder::new()
            .suffix(".jsonl")
            .tempfile()
            .unwrap();
        std::fs::write(file.path(), lines.join("\n") + "\n").unwrap();
        self.ok(&["charts", "import", file.path().to_str().unwrap()]);
    }
}

/// What the server counts as read from `table` so far (its statistics
/// flushed first): entries read through the index `through`, and all else
/// (the other indexes' entries and rows read sequentially). The plan tests
/// assert on these counts, which a wrong plan changes by thousands, rather
/// than on time, which the machine's load changes.
pub fn rows_read(su: &mut postgres::Client, table: &str, through: &str) -> (i64, i64) {
    su.batch_execute("SELECT pg_stat_force_next_flush()")
        .unwrap();
    let row = su
        .query_one(
            "SELECT
               (SELECT coalesce(sum(idx_tup_read), 0)::bigint FROM pg_stat_user_indexes
                 WHERE relid = $1::text::regclass AND indexrelname = $2),
               (SELECT coalesce(sum(idx_tup_read), 0)::bigint FROM pg_stat_user_indexes
                 WHERE relid = $1::text::regclass AND indexrelname <> $2)
               + (SELECT coalesce(seq_tup_read, 0) FROM pg_stat_user_tables
                   WHERE relid = $1::text::regclass)",
            &[&table, &through],
        )
        .unwrap();
    (row.get(0), row.get(1))
}

/// Asserts that between two [`rows_read`] counts (`before`, `after`) at
/// most two entries were read through `index` (the one the plan should use:
/// its first entry, and one past it) and nothing else of the table.
pub fn assert_read_only_through(index: &str, before: (i64, i64), after: (i64, i64)) {
    assert!(
        after.0 - before.0 <= 2,
        "{index} entries read: {before:?} -> {after:?}"
    );
    assert_eq!(
        after.1, before.1,
        "rows read other than through {index}: {before:?} -> {after:?}"
    );
}

/// Makes `table` look never analysed (no statistics, autovacuum off) and
/// zeroes the read counters: the state of a queue just imported, where the
/// planner once chose plans that read every row.
pub fn forget_statistics(su: &mut postgres::Client, table: &str) {
    su.batch_execute(&format!(
        "ALTER TABLE {table} SET (autovacuum_enabled = off);
         DELETE FROM pg_statistic WHERE starelid = '{table}'::regclass;
         SELECT pg_stat_reset();"
    ))
    .unwrap();
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) else {
            return;
        };
        let _ = admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
        // The group roles and the test's own logins: all named with the prefix.
        let roles: Vec<String> = admin
            .query(
                "SELECT rolname::text FROM pg_roles WHERE starts_with(rolname, $1)",
                &[&self.prefix],
            )
            .map(|rows| rows.iter().map(|r| r.get(0)).collect())
            .unwrap_or_default();
        for role in roles {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS \"{role}\""));
        }
    }
}

/// Whether `chartq` can run as OS user `user` (root, and the user exists);
/// prints a skip line otherwise (fails when required).
pub fn os_user(user: &str) -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let exists = Command::new("id")
        .arg(user)
        .output()
        .is_ok_and(|o| o.status.success());
    if root && exists {
        return true;
    }
    skip(&format!(
        "PostgreSQL peer-authentication tests (need root and the OS users cq_ana, cq_ben; {user} {})",
        if root {
            "missing"
        } else {
            "not runnable: not root"
        }
    ));
    false
}
