//! `chartq audit verify` on PostgreSQL (issue 13): beside the chain it
//! reports the unsealed tail (events committed but not yet linked, and
//! that its own seal linked them) and checks the database's own guards:
//! no direct writes for the chartq roles, PUBLIC or any login (a chartq
//! user's or another application's);
//! row-level security on; the state-changing functions `SECURITY DEFINER`,
//! owned by the schema's owner, with their search_path pinned; the
//! internal functions closed; the append-only triggers on. Each guard is
//! broken here as the superuser would break it, and verify must name it
//! and exit 1; put back, verify holds again. Gated by `support::pg`.

use crate::support::pg::PgDb;

/// `chartq audit verify` on `db` as its first admin: (exit code, stdout).
fn verify(db: &PgDb) -> (i32, String) {
    let out = db.chartq(&["audit", "verify"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.code() != Some(2),
        "verify could not check: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// `text` with `{p}` the role prefix and `{me}` the superuser (the test's
/// login, who ran init-postgres: the schema's owner).
fn fill(db: &PgDb, text: &str) -> String {
    let me: String = db
        .admin()
        .query_one("SELECT current_user::text", &[])
        .unwrap()
        .get(0);
    text.replace("{p}", &db.prefix).replace("{me}", &me)
}

/// Runs `sql` as the superuser ([`fill`]ed).
fn superuser(db: &PgDb, sql: &str) {
    db.admin()
        .batch_execute(&fill(db, sql))
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[test]
fn verify_reports_the_unsealed_tail_and_seals_it() {
    let Some(db) = PgDb::new("vtail") else {
        return;
    };
    // init-postgres's own events are committed but not linked yet.
    let pending = db.count("SELECT count(*) FROM chartq.audit_pending");
    assert!(pending > 0, "init left nothing pending");
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "unsealed tail: {pending} committed event(s) not yet linked; the check's seal ran and linked {pending}"
        )),
        "{out}"
    );
    assert!(
        out.contains("database guards hold (8 kinds checked)"),
        "{out}"
    );
    assert_eq!(db.count("SELECT count(*) FROM chartq.audit_pending"), 0);
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("unsealed tail: none (every committed event was linked before the check)"),
        "{out}"
    );
    // The JSON carries both.
    let json: serde_json::Value =
        serde_json::from_str(&db.ok(&["audit", "verify", "--json"])).unwrap();
    assert_eq!(json["intact"], true, "{json}");
    assert_eq!(json["guards_hold"], true, "{json}");
    assert_eq!(json["verification"]["tail"]["pending_before"], 0, "{json}");
    assert_eq!(
        json["verification"]["guards"]["failed"],
        serde_json::json!([]),
        "{json}"
    );
}

/// One guard broken by the superuser, what verify must say, and how to
/// put it back.
struct Break {
    sql: &'static str,
    named: &'static str,
    undo: &'static str,
}

const BREAKS: &[Break] = &[
    Break {
        sql: "GRANT UPDATE ON chartq.audit_event TO {p}coder",
        named: "group role {p}coder may UPDATE chartq.audit_event",
        undo: "REVOKE UPDATE ON chartq.audit_event FROM {p}coder",
    },
    Break {
        sql: "GRANT INSERT (chart_id) ON chartq.assignment TO {p}supervisor",
        named: "group role {p}supervisor may INSERT chartq.assignment",
        undo: "REVOKE INSERT (chart_id) ON chartq.assignment FROM {p}supervisor",
    },
    Break {
        sql: "GRANT DELETE ON chartq.chart TO PUBLIC",
        named: "PUBLIC may DELETE chartq.chart",
        undo: "REVOKE DELETE ON chartq.chart FROM PUBLIC",
    },
    Break {
        sql: "GRANT UPDATE ON chartq.chart TO {p}mallory",
        named: "coder {p}mallory may UPDATE chartq.chart",
        undo: "REVOKE UPDATE ON chartq.chart FROM {p}mallory",
    },
    Break {
        sql: "GRANT UPDATE ON SEQUENCE chartq.audit_event_id_seq TO {p}auditor",
        named: "group role {p}auditor may UPDATE sequence chartq.audit_event_id_seq",
        undo: "REVOKE UPDATE ON SEQUENCE chartq.audit_event_id_seq FROM {p}auditor",
    },
    Break {
        sql: "GRANT CREATE ON SCHEMA chartq TO {p}coder",
        named: "group role {p}coder may CREATE in schema chartq",
        undo: "REVOKE CREATE ON SCHEMA chartq FROM {p}coder",
    },
    Break {
        sql: "ALTER TABLE chartq.chart DISABLE ROW LEVEL SECURITY",
        named: "row-level security is disabled on chartq.chart",
        undo: "ALTER TABLE chartq.chart ENABLE ROW LEVEL SECURITY",
    },
    Break {
        sql: "ALTER TABLE chartq.audit_event DISABLE ROW LEVEL SECURITY",
        named: "row-level security is disabled on chartq.audit_event",
        undo: "ALTER TABLE chartq.audit_event ENABLE ROW LEVEL SECURITY",
    },
    Break {
        sql: "ALTER ROLE {p}auditor BYPASSRLS",
        named: "group role {p}auditor has BYPASSRLS",
        undo: "ALTER ROLE {p}auditor NOBYPASSRLS",
    },
    Break {
        sql: "ALTER FUNCTION chartq.claim SECURITY INVOKER",
        named: "function chartq.claim is not SECURITY DEFINER",
        undo: "ALTER FUNCTION chartq.claim SECURITY DEFINER",
    },
    Break {
        sql: "ALTER FUNCTION chartq.hold RESET search_path",
        named: "function chartq.hold(text,bigint,text,text) is SECURITY DEFINER without a pinned search_path",
        undo: "ALTER FUNCTION chartq.hold SET search_path = chartq, pg_temp",
    },
    Break {
        sql: "CREATE ROLE {p}owner2; ALTER FUNCTION chartq.release OWNER TO {p}owner2",
        named: "function chartq.release(text,bigint,text) is SECURITY DEFINER owned by {p}owner2, not the schema owner",
        undo: "ALTER FUNCTION chartq.release OWNER TO CURRENT_USER; DROP ROLE {p}owner2",
    },
    Break {
        sql: "GRANT EXECUTE ON FUNCTION chartq.audit_append TO {p}coder",
        named: "group role {p}coder may run function chartq.audit_append(",
        undo: "REVOKE EXECUTE ON FUNCTION chartq.audit_append FROM {p}coder",
    },
    Break {
        sql: "ALTER TABLE chartq.audit_event DISABLE TRIGGER audit_event_no_update",
        named: "trigger audit_event_no_update on chartq.audit_event is disabled",
        undo: "ALTER TABLE chartq.audit_event ENABLE TRIGGER audit_event_no_update",
    },
    Break {
        sql: "GRANT \"{me}\" TO {p}supervisor",
        named: "group role {p}supervisor has the privileges of the schema owner {me}",
        undo: "REVOKE \"{me}\" FROM {p}supervisor",
    },
    // A login that is no chartq user (another application's) is bound too.
    Break {
        sql: "CREATE ROLE {p}etl LOGIN; GRANT INSERT ON chartq.audit_event TO {p}etl",
        named: "login {p}etl (no chartq user) may INSERT chartq.audit_event",
        undo: "REVOKE INSERT ON chartq.audit_event FROM {p}etl; DROP ROLE {p}etl",
    },
    Break {
        sql: "CREATE ROLE {p}etl LOGIN; GRANT EXECUTE ON FUNCTION chartq.audit_append TO {p}etl",
        named: "login {p}etl may run function chartq.audit_append(",
        undo: "REVOKE EXECUTE ON FUNCTION chartq.audit_append FROM {p}etl; DROP ROLE {p}etl",
    },
    Break {
        sql: "CREATE ROLE {p}etl LOGIN BYPASSRLS",
        named: "login {p}etl (no chartq user) has BYPASSRLS",
        undo: "DROP ROLE {p}etl",
    },
];

#[test]
fn verify_names_each_broken_guard_and_fails() {
    let Some(db) = PgDb::new("vguard") else {
        return;
    };
    let mallory = db.login("mallory");
    db.ok(&["user", "add", &mallory, "--role", "coder"]);
    let (code, out) = verify(&db);
    assert_eq!(code, 0, "a fresh database's guards hold:\n{out}");
    for b in BREAKS {
        superuser(&db, b.sql);
        let (code, out) = verify(&db);
        let named = fill(&db, b.named);
        assert_eq!(code, 1, "{}: verify passed:\n{out}", b.sql);
        assert!(out.contains("database guards BROKEN"), "{out}");
        assert!(
            out.contains(&named),
            "{}: not named {named:?}:\n{out}",
            b.sql
        );
        assert!(
            out.contains("audit log intact"),
            "the chain is fine:\n{out}"
        );
        superuser(&db, b.undo);
        let (code, out) = verify(&db);
        assert_eq!(code, 0, "{} put back:\n{out}", b.sql);
    }
}

/// What breaks the chain and a guard at once is reported as both; the
/// JSON says which.
#[test]
fn a_broken_guard_shows_in_the_json() {
    let Some(db) = PgDb::new("vjson") else {
        return;
    };
    superuser(&db, "GRANT TRUNCATE ON chartq.audit_seal TO {p}coder");
    let out = db.chartq(&["audit", "verify", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["intact"], true, "{json}");
    assert_eq!(json["guards_hold"], false, "{json}");
    let failed = json["verification"]["guards"]["failed"].to_string();
    assert!(
        failed.contains(&format!(
            "group role {}coder may TRUNCATE chartq.audit_seal",
            db.prefix
        )),
        "{failed}"
    );
}
