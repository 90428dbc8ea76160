//! One test body, both backends (issue 13: "the store and CLI test suites
//! run against SQLite and against a real PostgreSQL server").
//!
//! [`TestDb`] is a fresh database holding the work-queue template of
//! `support::queue` (the invented code sets; this login as admin; `sup`,
//! `aud` and the coders `coder1`..`coder16`, each in `inpatient`, `ed` and
//! `outpatient`): on SQLite a copy of the template file, on PostgreSQL a
//! database of its own set up by `chartq db init-postgres` (this login is
//! its first admin), with the same code sets imported through the seam and
//! the same users added. [`on_both!`] turns one body into a `sqlite` and a
//! `postgres` test; the PostgreSQL half follows `support::pg` (one
//! `skipped:` line when `CHARTQ_TEST_PG` is unset, a failure under
//! `CHARTQ_TEST_PG_REQUIRED=1`).
//!
//! Login names: PostgreSQL roles are cluster-wide and the tests run in
//! parallel, so on PostgreSQL the template's users are `<prefix>coder1`
//! etc. (the prefix is the test database's own). A body keeps writing
//! `coder1`: [`TestDb`] maps a command-line argument that is exactly one
//! of the template's logins, and `'login'` in [`TestDb::count`]'s SQL, to
//! the database's name, and strips the prefix from what chartq prints, so
//! the same assertions read both backends' output. Nothing else is
//! rewritten.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Output};

use chartq::domain::codes::CodeSetVersion;
use chartq::domain::people::{Actor, Role};
use chartq::search::snapshot_encoder;
use chartq::store::backend::Backend;
use chartq::store::backend::postgres::Postgres;
use chartq::store::code_sets::NewCodeSet;

use super::pg::PgDb;
use super::queue::{self, CODERS};

/// Which backend a [`TestDb`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

enum Target {
    Sqlite(queue::Db),
    /// A suite's own SQLite database (e.g. seeded with the bundled sets).
    SqliteFile(PathBuf),
    Postgres(PgDb),
    /// A PostgreSQL database whose commands run as OS user `.1` (peer
    /// authentication: the login is theirs, not the test's).
    PostgresAs(PgDb, String),
}

/// A fresh work-queue database on one backend, and a scratch directory.
pub struct TestDb {
    pub kind: Kind,
    /// For the test's files (feeds, exports).
    pub dir: tempfile::TempDir,
    target: Target,
    /// PostgreSQL only: the template's users are under their own names
    /// (`coder1`), not prefixed ([`TestDb::postgres_plain`]).
    plain: bool,
}

/// The template's logins other than the admin, and the names the bodies
/// add (`newbie`; the access matrix's `ann`, `bob`, `cat`) or look for
/// (`nobody`).
fn template_logins() -> Vec<String> {
    let mut all: Vec<String> = ["sup", "aud", "newbie", "nobody", "ann", "bob", "cat"]
        .map(String::from)
        .into();
    all.extend((1..=CODERS).map(|i| format!("coder{i}")));
    all
}

impl TestDb {
    /// The SQLite half: a copy of the template file.
    pub fn sqlite() -> TestDb {
        TestDb {
            kind: Kind::Sqlite,
            dir: tempfile::tempdir().unwrap(),
            target: Target::Sqlite(queue::Db::new()),
            plain: false,
        }
    }

    /// The SQLite half over a suite's own database file.
    pub fn sqlite_file(path: &std::path::Path) -> TestDb {
        TestDb {
            kind: Kind::Sqlite,
            dir: tempfile::tempdir().unwrap(),
            target: Target::SqliteFile(path.to_path_buf()),
            plain: false,
        }
    }

    /// The SQLite half over a database `make` builds in this test's
    /// directory (a suite's own seeding).
    pub fn sqlite_made(make: impl FnOnce(&std::path::Path) -> PathBuf) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let path = make(dir.path());
        TestDb {
            kind: Kind::Sqlite,
            dir,
            target: Target::SqliteFile(path),
            plain: false,
        }
    }

    /// A PostgreSQL database seeded with every bundled code set by `chartq
    /// init` (as an admin seeds a team database), made once per process
    /// (a copy of [`seeded_template`]) and shared by the tests that only
    /// read code sets (search, `check --batch`); dropped when the process
    /// exits. `None` when skipped.
    pub fn postgres_seeded() -> Option<&'static TestDb> {
        static SEEDED: std::sync::OnceLock<Option<TestDb>> = std::sync::OnceLock::new();
        SEEDED
            .get_or_init(|| {
                let pg = copy_of(seeded_template()?, "seeded");
                drop_at_exit(&pg);
                Some(TestDb {
                    kind: Kind::Postgres,
                    dir: tempfile::tempdir().unwrap(),
                    target: Target::Postgres(pg),
                    plain: false,
                })
            })
            .as_ref()
    }

    /// A writable PostgreSQL database of the test's own holding every
    /// bundled code set: a copy of [`seeded_template`] (`CREATE DATABASE
    /// … TEMPLATE`, about a second, where `chartq init` takes a minute).
    /// Its admin is this login; users it adds get its own prefix
    /// ([`copy_of`] says why that is sound). `None` when skipped.
    pub fn postgres_seeded_copy() -> Option<TestDb> {
        let pg = copy_of(seeded_template()?, "seedcp");
        Some(TestDb {
            kind: Kind::Postgres,
            dir: tempfile::tempdir().unwrap(),
            target: Target::Postgres(pg),
            plain: false,
        })
    }

    /// The PostgreSQL half of a test about identity: commands run as OS
    /// user `user` (`cq_ana`), who is a chartq user with `role` (added by
    /// the test's login, the first admin) or not one at all. `None` when
    /// skipped (no server, or not root / no such OS user: `support::pg`).
    pub fn postgres_as(user: &str, role: Option<Role>) -> Option<TestDb> {
        if super::pg::server().is_none() || !super::pg::os_user(user) {
            return None;
        }
        let pg = PgDb::new("as")?;
        if let Some(role) = role {
            pg.ok(&["user", "add", user, "--role", role.as_str()]);
        }
        Some(TestDb {
            kind: Kind::Postgres,
            dir: tempfile::tempdir().unwrap(),
            target: Target::PostgresAs(pg, user.to_string()),
            plain: false,
        })
    }

    /// The PostgreSQL half of a suite whose screens show logins (the TUI's
    /// header and status line): [`TestDb::postgres`]'s contents, but the
    /// template's users under their own names (`coder1`, `aud`), so a
    /// screen is laid out exactly as SQLite's (a prefixed login is longer:
    /// it moves right-aligned text and cuts a full line short). Those
    /// roles are cluster-wide and shared by every such database (chartq's
    /// `add_user` takes an existing role; what a login may do in a
    /// database is its `app_user` row there, as [`copy_of`] explains);
    /// they are dropped at exit once no database's group role has them as
    /// a member ([`drop_plain_roles_at_exit`]). `None` when skipped.
    pub fn postgres_plain() -> Option<TestDb> {
        let pg = PgDb::new("pl")?;
        drop_plain_roles_at_exit(&pg.server);
        fill_postgres(&pg, &|name: &str| name.to_string());
        Some(TestDb {
            kind: Kind::Postgres,
            dir: tempfile::tempdir().unwrap(),
            target: Target::Postgres(pg),
            plain: true,
        })
    }

    /// This database with the template's users under their own names
    /// from now on (as [`TestDb::postgres_plain`]'s): for a seeded copy
    /// whose test adds them itself and draws screens that show them.
    pub fn with_plain_logins(mut self) -> TestDb {
        if let Some(pg) = self.pg() {
            drop_plain_roles_at_exit(&pg.server.clone());
            self.plain = true;
        }
        self
    }

    /// The PostgreSQL half, or `None` when the PostgreSQL tests are skipped.
    pub fn postgres() -> Option<TestDb> {
        let pg = PgDb::new("b")?;
        fill_postgres(&pg, &|name: &str| pg.login(name));
        Some(TestDb {
            kind: Kind::Postgres,
            dir: tempfile::tempdir().unwrap(),
            target: Target::Postgres(pg),
            plain: false,
        })
    }

    /// The PostgreSQL half of a suite that makes its own users and
    /// charts: a database fresh from `chartq db init-postgres` (no code
    /// sets, no users but this login), as `chartq init` leaves a SQLite
    /// file. `None` when skipped.
    pub fn postgres_bare() -> Option<TestDb> {
        let pg = PgDb::new("bare")?;
        Some(TestDb {
            kind: Kind::Postgres,
            dir: tempfile::tempdir().unwrap(),
            target: Target::Postgres(pg),
            plain: false,
        })
    }

    /// The SQLite half of such a suite: a file fresh from `chartq init`.
    pub fn sqlite_init() -> TestDb {
        TestDb::sqlite_made(|dir| {
            let path = dir.join("chartq.db");
            let out = super::command()
                .arg("--db")
                .arg(&path)
                .arg("init")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "chartq init: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            path
        })
    }

    pub fn is_pg(&self) -> bool {
        self.kind == Kind::Postgres
    }

    /// The database's name for template login `name` (`coder1` on SQLite,
    /// `<prefix>coder1` on PostgreSQL); other names unchanged.
    pub fn login(&self, name: &str) -> String {
        match &self.target {
            Target::Postgres(pg) if !self.plain && template_logins().iter().any(|l| l == name) => {
                pg.login(name)
            }
            _ => name.to_string(),
        }
    }

    /// Template login `name` as [`TestDb::count`]'s SQL names it on `pg`
    /// (for every PostgreSQL target, the `postgres_as` one included).
    fn sql_login(&self, pg: &PgDb, name: &str) -> String {
        if self.plain {
            name.to_string()
        } else {
            pg.login(name)
        }
    }

    /// The `--db` value: the file, or the URL.
    pub fn location(&self) -> OsString {
        match &self.target {
            Target::Sqlite(db) => db.path.clone().into_os_string(),
            Target::SqliteFile(path) => path.clone().into_os_string(),
            Target::Postgres(pg) | Target::PostgresAs(pg, _) => pg.url.clone().into(),
        }
    }

    /// The SQLite file (SQLite-only checks).
    pub fn sqlite_path(&self) -> Option<&std::path::Path> {
        match &self.target {
            Target::Sqlite(db) => Some(&db.path),
            Target::SqliteFile(path) => Some(path),
            Target::Postgres(_) | Target::PostgresAs(..) => None,
        }
    }

    /// The PostgreSQL database (PostgreSQL-only checks).
    pub fn pg(&self) -> Option<&PgDb> {
        match &self.target {
            Target::Postgres(pg) | Target::PostgresAs(pg, _) => Some(pg),
            _ => None,
        }
    }

    /// `chartq --db <this> ARGS` in the tests' environment, template
    /// logins mapped ([`TestDb::login`]).
    pub fn cmd(&self, args: &[&str]) -> Command {
        if let Target::PostgresAs(pg, user) = &self.target {
            return pg.chartq_as(user, args);
        }
        let mut cmd = super::command();
        cmd.arg("--db").arg(self.location());
        cmd.args(args.iter().map(|a| self.login(a)));
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// Runs; stdout and stderr with the PostgreSQL login prefix stripped.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.cmd(args).output().unwrap();
        self.stripped(out)
    }

    /// Runs with `input` on stdin (text chartq must read from a pipe, not
    /// argv); output as [`TestDb::run`]'s.
    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write as _;
        use std::process::Stdio;
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        self.stripped(out)
    }

    /// `text` (a screen the TUI drew in-process, a value read back) with
    /// the PostgreSQL login prefix stripped, as [`TestDb::run`] strips
    /// chartq's output; unchanged on SQLite.
    pub fn unprefixed(&self, text: &str) -> String {
        match &self.target {
            Target::Postgres(pg) | Target::PostgresAs(pg, _) => text.replace(&pg.prefix, ""),
            _ => text.to_string(),
        }
    }

    /// `out` with the PostgreSQL login prefix stripped from its text.
    fn stripped(&self, mut out: Output) -> Output {
        if let Target::Postgres(pg) = &self.target {
            let strip = |bytes: &[u8]| {
                String::from_utf8_lossy(bytes)
                    .replace(&pg.prefix, "")
                    .into_bytes()
            };
            out.stdout = strip(&out.stdout);
            out.stderr = strip(&out.stderr);
        }
        out
    }

    /// Runs and asserts exit status 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{:?} chartq {args:?} failed ({:?}): {}",
            self.kind,
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs expecting exit status `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{:?} chartq {args:?}: stdout {} stderr {stderr}",
            self.kind,
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Runs with `--json` appended and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Writes `text` to a file named `name` in a directory of its own
    /// (a shared database's tests write files at the same time).
    pub fn file(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let sub = self.dir.path().join(
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                .to_string(),
        );
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Imports JSON lines (as the admin).
    pub fn import(&self, lines: &[String]) {
        let path = self.file("feed.jsonl", lines.join("\n") + "\n");
        self.ok(&["charts", "import", path.to_str().unwrap()]);
    }

    /// A direct connection to the SQLite file (panics on PostgreSQL).
    fn sqlite_conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.sqlite_path().expect("a SQLite database")).unwrap()
    }

    /// One number from the database, read past every check (SQLite: the
    /// file; PostgreSQL: the superuser, schema `chartq` first on the path).
    /// `'coder1'` and the other template logins in `sql` are mapped.
    pub fn count(&self, sql: &str) -> i64 {
        match &self.target {
            Target::Sqlite(_) | Target::SqliteFile(_) => {
                self.sqlite_conn().query_row(sql, [], |r| r.get(0)).unwrap()
            }
            Target::Postgres(pg) | Target::PostgresAs(pg, _) => {
                let mut sql = sql.to_string();
                for l in template_logins().iter().rev() {
                    sql = sql.replace(&format!("'{l}'"), &format!("'{}'", self.sql_login(pg, l)));
                }
                let mut c = pg.admin();
                c.batch_execute("SET search_path = chartq, public").unwrap();
                c.query_one(&format!("SELECT ({sql})::bigint"), &[])
                    .unwrap()
                    .get(0)
            }
        }
    }

    /// Runs one statement past every check (a test's setup: a lease made
    /// to have run out); template logins mapped as in [`TestDb::count`].
    pub fn execute(&self, sql: &str) {
        match &self.target {
            Target::Sqlite(_) | Target::SqliteFile(_) => {
                self.sqlite_conn().execute(sql, []).unwrap();
            }
            Target::Postgres(pg) | Target::PostgresAs(pg, _) => {
                let mut sql = sql.to_string();
                for l in template_logins().iter().rev() {
                    sql = sql.replace(&format!("'{l}'"), &format!("'{}'", self.sql_login(pg, l)));
                }
                let mut c = pg.admin();
                c.batch_execute("SET search_path = chartq, public").unwrap();
                c.batch_execute(&sql).unwrap();
            }
        }
    }

    /// One text value (or NULL) from the database, as [`TestDb::count`]
    /// reads it.
    pub fn text(&self, sql: &str) -> Option<String> {
        match &self.target {
            Target::Sqlite(_) | Target::SqliteFile(_) => {
                self.sqlite_conn().query_row(sql, [], |r| r.get(0)).unwrap()
            }
            Target::Postgres(pg) | Target::PostgresAs(pg, _) => {
                let mut sql = sql.to_string();
                for l in template_logins().iter().rev() {
                    sql = sql.replace(&format!("'{l}'"), &format!("'{}'", self.sql_login(pg, l)));
                }
                let mut c = pg.admin();
                c.batch_execute("SET search_path = chartq, public").unwrap();
                let v: Option<String> = c
                    .query_one(&format!("SELECT ({sql})::text"), &[])
                    .unwrap()
                    .get(0);
                v.map(|t| t.replace(&pg.prefix, ""))
            }
        }
    }
}

/// Imports the template's invented code sets into a PostgreSQL database
/// through the seam, as its login (the first admin), and returns that
/// admin: what every PostgreSQL test database starts from.
pub fn import_test_code_sets(pg: &mut Postgres) -> Actor {
    let admin = pg.actor(&pg.login().unwrap(), None).unwrap().unwrap();
    for (spec, set) in queue::test_code_sets() {
        let encode = snapshot_encoder(spec.system);
        let new = NewCodeSet {
            spec: &spec,
            set: &set,
            borrowed: None,
        };
        pg.import_code_set(&admin, &new, &encode).unwrap();
    }
    admin
}

/// The template's contents on PostgreSQL, through the seam as this login
/// (the first admin): the invented code sets (with their snapshots), then
/// the users and their queues.
fn fill_postgres(db: &PgDb, login: &dyn Fn(&str) -> String) {
    let mut pg = Postgres::connect(&db.url).unwrap();
    let admin = import_test_code_sets(&mut pg);
    pg.add_user(&admin, &login("sup"), Role::Supervisor, None)
        .unwrap();
    pg.add_user(&admin, &login("aud"), Role::Auditor, None)
        .unwrap();
    for i in 1..=CODERS {
        let login = login(&format!("coder{i}"));
        pg.add_user(&admin, &login, Role::Coder, None).unwrap();
        for q in ["inpatient", "ed", "outpatient"] {
            pg.set_membership(&admin, Some(&login), q, true).unwrap();
        }
    }
}

impl TestDb {
    /// The database through the seam, as the app layer opens it
    /// (`Context::open_backend`): the SQLite `Store`, or a PostgreSQL
    /// connection as the test's login. For a body that calls the library.
    pub fn backend(&self) -> Box<dyn Backend> {
        match &self.target {
            Target::Sqlite(_) | Target::SqliteFile(_) => {
                Box::new(chartq::store::Store::open(self.sqlite_path().unwrap()).unwrap())
            }
            Target::Postgres(pg) | Target::PostgresAs(pg, _) => {
                Box::new(Postgres::connect(&pg.url).unwrap())
            }
        }
    }

    /// The actor `backend`'s login is, or (an admin's `--as`) the template
    /// login `name` it acts as, mapped as [`TestDb::login`] maps it.
    pub fn actor(&self, backend: &dyn Backend, name: Option<&str>) -> Actor {
        let me = backend.login().unwrap();
        let acting = name.map(|n| self.login(n));
        backend.actor(&me, acting.as_deref()).unwrap().unwrap()
    }
}

/// The versions a backend holds, for a body that compares them.
pub fn versions(db: &TestDb) -> Vec<CodeSetVersion> {
    match &db.target {
        Target::Sqlite(_) | Target::SqliteFile(_) => {
            chartq::store::Store::open(db.sqlite_path().unwrap())
                .unwrap()
                .versions()
                .unwrap()
        }
        Target::Postgres(pg) | Target::PostgresAs(pg, _) => {
            Postgres::connect(&pg.url).unwrap().versions().unwrap()
        }
    }
}

/// The database `chartq init` seeded with every bundled code set, once per
/// process; never used but as the template of [`copy_of`] (PostgreSQL
/// copies a database only while nobody is connected to it). Dropped when
/// the process exits, after its copies.
fn seeded_template() -> Option<&'static PgDb> {
    static TEMPLATE: std::sync::OnceLock<Option<PgDb>> = std::sync::OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let pg = PgDb::new("seedtpl")?;
            let out = pg.chartq(&["init"]).output().unwrap();
            assert!(
                out.status.success(),
                "chartq init on PostgreSQL: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            drop_at_exit(&pg);
            Some(pg)
        })
        .as_ref()
}

/// A copy of `template` (`CREATE DATABASE … TEMPLATE`, one at a time).
///
/// Roles are cluster-wide: the copy's tables are granted to the template's
/// group roles (`<template prefix>coder`, …), which it shares with the
/// template and the other copies, and its first admin is the template's
/// (this login). That is sound because a group role grants nothing by
/// itself: what a login sees and does in a database is decided by its
/// `app_user` row there (`chartq.actor`, the policies), and a user added
/// to a copy is a login named with the copy's OWN prefix
/// (`<copy>_coder9`, [`TestDb::login`]), in no other database's `app_user`,
/// dropped with the copy (`PgDb`'s drop: its database, then the roles
/// with its prefix). The template's group roles are dropped at exit, after
/// every copy (a copy still granting to them would keep them).
fn copy_of(template: &PgDb, tag: &str) -> PgDb {
    static ONE_AT_A_TIME: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
    let mut n = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    *n += 1;
    let name = format!("cqt_{tag}_{}_{}", std::process::id(), *n);
    super::pg::connect(&template.server)
        .batch_execute(&format!(
            "CREATE DATABASE {name} TEMPLATE {}",
            template.name
        ))
        .unwrap();
    PgDb {
        url: super::pg::with_db(&template.server, &name),
        server: template.server.clone(),
        prefix: format!("{name}_"),
        name,
    }
}

/// Drops the unprefixed template logins [`TestDb::postgres_plain`] made,
/// when the process exits (after every test's own database is dropped,
/// which takes their group memberships with it): each only if no group
/// role still has it as a member, i.e. no database on the cluster still
/// uses it (another test process's).
static PLAIN_SERVER: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn drop_plain_roles_at_exit(server: &str) {
    if PLAIN_SERVER.set(server.to_string()).is_ok() {
        // SAFETY: registers a plain function; it runs once, at exit.
        unsafe { libc::atexit(drop_plain) };
    }
}

/// The exit hook of [`drop_plain_roles_at_exit`]; also run by
/// `drop_at_exit`'s hook after the shared databases (a seeded template's
/// group roles, dropped there, may be the last to have them as members).
extern "C" fn drop_plain() {
    let Some(server) = PLAIN_SERVER.get() else {
        return;
    };
    let mut c = super::pg::connect(server);
    for login in template_logins() {
        let _ = c.batch_execute(&format!(
            "DO $$ BEGIN
                   IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{login}')
                      AND NOT EXISTS (SELECT 1 FROM pg_auth_members m
                                      JOIN pg_roles r ON r.oid = m.member
                                      WHERE r.rolname = '{login}') THEN
                     DROP ROLE \"{login}\";
                   END IF;
                 END $$"
        ));
    }
}

/// Drops `pg`'s database and roles when the process exits (a shared
/// database lives in a static, which is never dropped).
fn drop_at_exit(pg: &PgDb) {
    static SHARED: std::sync::Mutex<Vec<(String, String, String)>> =
        std::sync::Mutex::new(Vec::new());
    extern "C" fn drop_shared() {
        let all = std::mem::take(&mut *SHARED.lock().unwrap_or_else(|e| e.into_inner()));
        // Last made first: a copy before its template.
        for (server, name, prefix) in all.into_iter().rev() {
            drop(PgDb {
                url: super::pg::with_db(&server, &name),
                server,
                name,
                prefix,
            });
        }
        drop_plain();
    }
    let mut shared = SHARED.lock().unwrap();
    if shared.is_empty() {
        // SAFETY: registers a plain function; it runs once, at exit.
        unsafe { libc::atexit(drop_shared) };
    }
    shared.push((pg.server.clone(), pg.name.clone(), pg.prefix.clone()));
}

/// One body, two tests: `NAME::sqlite` and `NAME::postgres` (skipped with
/// `support::pg`'s printed line when `CHARTQ_TEST_PG` is unset).
#[macro_export]
macro_rules! on_both {
    // A suite's own databases: `sqlite = EXPR` (a `TestDb` or a reference
    // to one), `postgres = EXPR` (an `Option` of either).
    (sqlite = $sqlite:expr, postgres = $pg:expr; $(#[$meta:meta])* fn $name:ident($db:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use $crate::support::backends::{Kind, TestDb};

            fn body($db: &TestDb) $body

            #[test]
            fn sqlite() {
                let db = $sqlite;
                body(&db);
            }

            #[test]
            fn postgres() {
                if let Some(db) = $pg {
                    body(&db);
                }
            }
        }
    };
    ($(#[$meta:meta])* fn $name:ident($db:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use $crate::support::backends::{Kind, TestDb};

            fn body($db: &TestDb) $body

            #[test]
            fn sqlite() {
                body(&TestDb::sqlite());
            }

            #[test]
            fn postgres() {
                if let Some(db) = TestDb::postgres() {
                    body(&db);
                }
            }
        }
    };
}

/// What the helpers of a suite whose tests are partly on both backends
/// need of a database: [`TestDb`] and the SQLite-only `queue::Db` alike.
pub trait Cli {
    fn run(&self, args: &[&str]) -> Output;
    fn ok(&self, args: &[&str]) -> String;
    fn count(&self, sql: &str) -> i64;
    fn import(&self, lines: &[String]);
}

impl Cli for TestDb {
    fn run(&self, args: &[&str]) -> Output {
        TestDb::run(self, args)
    }
    fn ok(&self, args: &[&str]) -> String {
        TestDb::ok(self, args)
    }
    fn count(&self, sql: &str) -> i64 {
        TestDb::count(self, sql)
    }
    fn import(&self, lines: &[String]) {
        TestDb::import(self, lines)
    }
}

impl Cli for queue::Db {
    fn run(&self, args: &[&str]) -> Output {
        queue::Db::run(self, args)
    }
    fn ok(&self, args: &[&str]) -> String {
        queue::Db::ok(self, args)
    }
    fn count(&self, sql: &str) -> i64 {
        queue::Db::count(self, sql)
    }
    fn import(&self, lines: &[String]) {
        queue::Db::import(self, lines)
    }
}

impl<T: Cli + ?Sized> Cli for &T {
    fn run(&self, args: &[&str]) -> Output {
        (**self).run(args)
    }
    fn ok(&self, args: &[&str]) -> String {
        (**self).ok(args)
    }
    fn count(&self, sql: &str) -> i64 {
        (**self).count(sql)
    }
    fn import(&self, lines: &[String]) {
        (**self).import(lines)
    }
}
