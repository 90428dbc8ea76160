//! The database's own guards, checked by `chartq audit verify` on
//! PostgreSQL beside the chain. The chain shows an edited or removed
//! event; these show the door left open for the next one: a chartq role
//! (or PUBLIC, or any login of the cluster) granted a direct write on the audit log,
//! charts or assignments; row-level security switched off on a table whose
//! reads it filters; a state-changing function no longer `SECURITY
//! DEFINER`, owned by someone else than the schema's owner, or without its
//! pinned `search_path`; the append-only triggers dropped or disabled. Each
//! failure names the role, table or function (superuser changes, e.g.
//! `GRANT UPDATE ON chartq.audit_event TO chartq_coder`, are exactly what
//! this is for).
//!
//! Row-level security is required *enabled*, not *forced*: the definer
//! functions run as the tables' owner, whose reads and writes the policies
//! (written for the caller) must not filter, and an owner could un-force
//! it anyway. What would let a chartq login past the policies as the owner
//! does (membership in the owner, `BYPASSRLS`, superuser) is checked
//! instead.

use postgres::GenericClient;

use super::migrate::ROLES;
use super::pg_error;
use crate::store::WorkError;
use crate::store::audit_chain::Guards;

/// Tables whose reads row-level security filters (policies in migrate.rs,
/// coding_functions.sql, review_functions.sql, reports_functions.sql).
/// Any other table carrying a policy is required too.
const RLS_TABLES: &[&str] = &[
    "chart",
    "document",
    "audit_event",
    "audit_seal",
    "audit_pending",
    "assignment",
    "provider_query",
    "chart_drg",
    "chart_working_drg",
    "review_plan",
    "review_sample",
    "review",
    "review_code",
];

/// Functions that change state and must stay `SECURITY DEFINER` (each
/// checks `session_user`; the roles have no direct writes to fall back
/// on). Every other function a chartq role may execute that is `VOLATILE`
/// is required to be one as well.
const STATE_CHANGING: &[&str] = &[
    "claim",
    "renew",
    "release",
    "hold",
    "assign_to",
    "mark_audited",
    "user_add",
    "user_set_role",
    "user_membership",
    "expire_leases",
    "audit_append",
    "audit_seal",
];

/// Functions only the definer functions call: no chartq role or PUBLIC
/// may execute them (an audit event under any name, a chain link, a role).
const INTERNAL: &[&str] = &[
    "audit_append",
    "audit_seal",
    "audit_seal_once",
    "grant_role",
    "claim_pick",
];

/// The append-only triggers of the audit log and its chain.
const TRIGGERS: &[&str] = &[
    "audit_event_no_update",
    "audit_event_no_truncate",
    "audit_seal_no_update",
    "audit_seal_no_truncate",
];

/// The roles whose rights are checked: the group roles, PUBLIC, every
/// chartq user's login, and every other login role of the cluster (another
/// application's, a DBA's: a direct write granted to any login is a way
/// past the definer functions), except the schema's owner, who is trusted
/// (it ran `init-postgres`), as `(name, label, attributes, kind)`;
/// `writers`, those a grant binds (not superusers). Other logins are kind
/// `other`: their being a superuser or having CREATEROLE is the cluster's
/// business (the README's "a superuser can still change anything"), a
/// write, BYPASSRLS or the owner's privileges on chartq are not. CTEs over
/// `$1`, the group roles' names.
macro_rules! with_who {
    ($sql:literal) => {
        concat!(
            "WITH",
            "
    who AS (
        SELECT r.rolname::text AS name, 'group role ' || r.rolname AS label,
               r.rolsuper, r.rolbypassrls, r.rolcreaterole, 'group' AS kind
        FROM pg_roles r WHERE r.rolname = ANY ($1::text[])
        UNION ALL
        SELECT 'public', 'PUBLIC', false, false, false, 'public'
        UNION ALL
        SELECT r.rolname::text, u.role || ' ' || r.rolname, r.rolsuper, r.rolbypassrls,
               r.rolcreaterole, u.role
        FROM chartq.app_user u JOIN pg_roles r ON r.rolname = u.login
        WHERE r.oid <> (SELECT nspowner FROM pg_namespace WHERE nspname = 'chartq')
          AND NOT (r.rolname = ANY ($1::text[]))
        UNION ALL
        SELECT r.rolname::text, 'login ' || r.rolname || ' (no chartq user)', r.rolsuper,
               r.rolbypassrls, r.rolcreaterole, 'other'
        FROM pg_roles r
        WHERE r.rolcanlogin
          AND r.oid <> (SELECT nspowner FROM pg_namespace WHERE nspname = 'chartq')
          AND NOT (r.rolname = ANY ($1::text[]))
          AND NOT EXISTS (SELECT 1 FROM chartq.app_user u WHERE u.login = r.rolname)
    ),
    writers AS (
        SELECT * FROM who WHERE NOT rolsuper AND (kind = 'public' OR NOT pg_has_role(name,
            (SELECT nspowner FROM pg_namespace WHERE nspname = 'chartq'), 'USAGE'))
    )",
            " ",
            $sql
        )
    };
}

/// Every guard of the database `client` is connected to, whose group roles
/// are named with `prefix`.
pub(super) fn check(client: &mut impl GenericClient, prefix: &str) -> Result<Guards, WorkError> {
    let groups: Vec<String> = ROLES.iter().map(|r| format!("{prefix}{r}")).collect();
    let mut guards = Guards::default();
    for (what, sql) in CHECKS {
        let rows = client.query(*sql, &[&groups]).map_err(pg_error)?;
        guards.checked.push((*what).to_string());
        guards
            .failed
            .extend(rows.iter().map(|r| r.get::<_, String>(0)));
    }
    let statics: [(&str, Vec<&str>); 4] = [
        ("rls", RLS_TABLES.to_vec()),
        ("state", STATE_CHANGING.to_vec()),
        ("internal", INTERNAL.to_vec()),
        ("triggers", TRIGGERS.to_vec()),
    ];
    for (kind, names) in statics {
        let (what, sql) = named_check(kind);
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let rows = client.query(sql, &[&groups, &names]).map_err(pg_error)?;
        guards.checked.push(what.to_string());
        guards
            .failed
            .extend(rows.iter().map(|r| r.get::<_, String>(0)));
    }
    Ok(guards)
}

/// The checks over the catalog alone, `(what, sql)`; each row a failure.
const CHECKS: &[(&str, &str)] = &[
    (
        "no direct writes on any chartq table or sequence by the group roles, PUBLIC or any login",
        with_who!(
            "SELECT format('%s may %s %s (only the definer functions write it)', w.label, p.priv,
                    c.oid::regclass)
             FROM writers w
             CROSS JOIN pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             CROSS JOIN unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) p(priv)
             WHERE n.nspname = 'chartq' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
               AND CASE WHEN p.priv IN ('INSERT', 'UPDATE')
                        THEN has_any_column_privilege(w.name, c.oid, p.priv)
                        ELSE has_table_privilege(w.name, c.oid, p.priv) END
             UNION ALL
             SELECT format('%s may UPDATE sequence %s (setval)', w.label, c.oid::regclass)
             FROM writers w CROSS JOIN pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'chartq' AND c.relkind = 'S'
               AND has_sequence_privilege(w.name, c.oid, 'UPDATE')
             UNION ALL
             SELECT format('%s may CREATE in schema chartq', w.label)
             FROM writers w WHERE has_schema_privilege(w.name, 'chartq', 'CREATE')"
        ),
    ),
    (
        "no chartq role or user past the guards as the owner does (superuser, BYPASSRLS, CREATEROLE, the owner's privileges)",
        with_who!(
            "SELECT format('%s is a superuser: no grant or policy binds it', w.label)
             FROM who w WHERE w.rolsuper AND w.kind NOT IN ('admin', 'other')
             UNION ALL
             SELECT format('%s has BYPASSRLS: row-level security does not filter its reads', w.label)
             FROM writers w WHERE w.rolbypassrls
             UNION ALL
             SELECT format('%s has CREATEROLE: it may grant itself any chartq role', w.label)
             FROM writers w WHERE w.rolcreaterole AND w.kind NOT IN ('admin', 'other')
             UNION ALL
             SELECT format('%s has the privileges of the schema owner %s: it bypasses row-level security and every grant',
                           w.label, pg_get_userbyid(n.nspowner))
             FROM who w, pg_namespace n
             WHERE n.nspname = 'chartq' AND w.kind <> 'public' AND NOT w.rolsuper
               AND pg_has_role(w.name, n.nspowner, 'USAGE')"
        ),
    ),
    (
        "every table, sequence and definer function owned by the schema owner",
        "SELECT format('%s is owned by %s, not the schema owner %s', c.oid::regclass,
                pg_get_userbyid(c.relowner), pg_get_userbyid(n.nspowner))
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'chartq' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
           AND c.relowner <> n.nspowner AND $1::text[] IS NOT NULL
         UNION ALL
         SELECT format('function %s is SECURITY DEFINER owned by %s, not the schema owner %s',
                p.oid::regprocedure, pg_get_userbyid(p.proowner), pg_get_userbyid(n.nspowner))
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'chartq' AND p.prosecdef AND p.proowner <> n.nspowner",
    ),
    (
        "every SECURITY DEFINER function with its search_path pinned; every volatile function a chartq role may run a definer",
        with_who!(
            "SELECT format('function %s is SECURITY DEFINER without a pinned search_path (SET search_path = chartq, pg_temp)',
                    p.oid::regprocedure)
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'chartq' AND p.prosecdef
               AND NOT (coalesce(p.proconfig, '{}') @> ARRAY['search_path=chartq, pg_temp'])
             UNION ALL
             SELECT format('function %s may be run by %s and changes state, but is not SECURITY DEFINER',
                    p.oid::regprocedure, string_agg(w.label, ', ' ORDER BY w.label))
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             CROSS JOIN writers w
             WHERE n.nspname = 'chartq' AND p.provolatile = 'v' AND NOT p.prosecdef
               AND w.kind IN ('group', 'public')
               AND has_function_privilege(w.name, p.oid, 'EXECUTE')
             GROUP BY p.oid"
        ),
    ),
];

/// A check over a list of names (`$2`): `(what, sql)`.
fn named_check(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "rls" => (
            "row-level security enabled on every table it filters",
            "SELECT format('row-level security is disabled on chartq.%s (its policies filter nothing)', t.name)
             FROM (SELECT unnest($2::text[]) AS name
                   UNION SELECT c.relname::text FROM pg_policy pol
                         JOIN pg_class c ON c.oid = pol.polrelid
                         JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'chartq') t
             LEFT JOIN pg_class c ON c.relname = t.name
                  AND c.relnamespace = 'chartq'::regnamespace
             WHERE NOT coalesce(c.relrowsecurity, false) AND $1::text[] IS NOT NULL
             ORDER BY t.name",
        ),
        "state" => (
            "the state-changing functions SECURITY DEFINER",
            "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = f.name
                                  AND p.pronamespace = 'chartq'::regnamespace)
                         THEN format('function chartq.%s is missing', f.name)
                         ELSE format('function chartq.%s is not SECURITY DEFINER', f.name) END
             FROM unnest($2::text[]) f(name)
             WHERE NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = f.name
                               AND p.pronamespace = 'chartq'::regnamespace AND p.prosecdef)
               AND $1::text[] IS NOT NULL",
        ),
        "internal" => (
            "the internal functions (audit_append, audit_seal, grant_role) executable by no chartq role or login",
            "SELECT format('%s may run function %s (only the definer functions call it)',
                    w.label, p.oid::regprocedure)
             FROM pg_proc p CROSS JOIN (
                 SELECT r.rolname::text AS name, 'group role ' || r.rolname AS label
                 FROM pg_roles r WHERE r.rolname = ANY ($1::text[])
                   AND NOT pg_has_role(r.oid, (SELECT nspowner FROM pg_namespace
                                               WHERE nspname = 'chartq'), 'USAGE')
                 UNION ALL SELECT 'public', 'PUBLIC'
                 UNION ALL
                 SELECT r.rolname::text, 'login ' || r.rolname FROM pg_roles r
                 WHERE r.rolcanlogin AND NOT r.rolsuper
                   AND NOT pg_has_role(r.oid, (SELECT nspowner FROM pg_namespace
                                               WHERE nspname = 'chartq'), 'USAGE')) w
             WHERE p.pronamespace = 'chartq'::regnamespace AND p.proname = ANY ($2::text[])
               AND has_function_privilege(w.name, p.oid, 'EXECUTE')",
        ),
        _ => (
            "the audit log's append-only triggers present and enabled",
            "SELECT CASE WHEN t.oid IS NULL THEN format('trigger %s on the audit log is missing', g.name)
                         ELSE format('trigger %s on %s is disabled', g.name, t.tgrelid::regclass) END
             FROM unnest($2::text[]) g(name)
             LEFT JOIN pg_trigger t ON t.tgname = g.name AND NOT t.tgisinternal
                  AND t.tgrelid IN ('chartq.audit_event'::regclass, 'chartq.audit_seal'::regclass)
             WHERE (t.oid IS NULL OR t.tgenabled = 'D') AND $1::text[] IS NOT NULL",
        ),
    }
}
