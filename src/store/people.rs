//! Users, their roles and queue membership, and who is acting.
//!
//! Identity is the login name of the process's real uid (`getpwuid_r`), not
//! `$USER`, which anyone can set. `chartq init` makes the owner of the
//! database file its first admin ([`init`]); a demo database makes its
//! creator admin ([`demo_creator_admin`]); nothing else registers a first
//! user: on a database with no users every command that needs an actor
//! refuses, naming `chartq init` ([`actor_for_login`]). An admin may act as
//! another user (`--as`); every such action is audited under both names.

use crate::domain::audit::{AuditDetail, Yes};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, WorkError, audit, clock};
use crate::domain::people::{Actor, Role, User};

/// The login name of the process's real uid.
pub fn login_name() -> Result<String, WorkError> {
    // SAFETY: getuid cannot fail and has no side effects.
    let uid = unsafe { libc::getuid() };
    passwd_name(uid)
}

/// The login name of `uid`, if the system knows one.
pub(crate) fn login_of_uid(uid: u32) -> Option<String> {
    passwd_name(uid).ok()
}

fn passwd_name(uid: libc::uid_t) -> Result<String, WorkError> {
    // SAFETY: getpwuid_r writes only into `pwd` and `buf`, which outlive
    // the call, and `result` tells whether it found one.
    unsafe {
        let mut buf = vec![0 as libc::c_char; 4096];
        loop {
            let mut pwd: libc::passwd = std::mem::zeroed();
            let mut result: *mut libc::passwd = std::ptr::null_mut();
            let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
            if rc == libc::ERANGE && buf.len() < 1 << 20 {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
                return Err(WorkError::Invalid(format!(
                    "cannot find the login name of uid {uid} (getpwuid_r: {})",
                    std::io::Error::from_raw_os_error(if rc == 0 { libc::ENOENT } else { rc })
                )));
            }
            let name = std::ffi::CStr::from_ptr(pwd.pw_name);
            return Ok(name.to_string_lossy().into_owned());
        }
    }
}

/// The actor for this process: the real uid's login, acting as `acting_as`
/// when given.
pub fn current_actor(store: &mut Store, acting_as: Option<&str>) -> Result<Actor, WorkError> {
    actor_for_login(store, &login_name()?, acting_as)
}

/// The actor for `login`, acting as `acting_as` when given (admins only).
/// Never registers anyone: a database with no users refuses every command
/// that needs an actor ([`WorkError::NoAdminYet`], naming `chartq init`),
/// since "the first login to come along becomes admin" would hand the
/// database to whoever runs a work command first. The one rule for the
/// first admin: `chartq init` makes its runner admin, and only the owner of
/// the database file may run it ([`init`]); a demo database makes its
/// creator admin ([`demo_creator_admin`]).
pub fn actor_for_login(
    store: &mut Store,
    login: &str,
    acting_as: Option<&str>,
) -> Result<Actor, WorkError> {
    lookup_actor(store, login, acting_as)?.ok_or(WorkError::NoAdminYet)
}

/// The demo's own path to a first admin: `chartq demo` (and `chartq
/// --demo`) build a new database in the runner's cache directory, so its
/// creator is its admin. Returns the runner's actor when they are already a
/// user; on a database with no users makes the process's real login admin,
/// audited as `{"demo": true}` in the same transaction. Never used for a
/// database the runner did not just make for the demo.
pub fn demo_creator_admin(store: &mut Store) -> Result<Actor, WorkError> {
    let login = login_name()?;
    if let Some(actor) = lookup_actor(store, &login, None)? {
        return Ok(actor);
    }
    store.transact(|tx| {
        if user_count(tx)? > 0 {
            return Err(WorkError::NotAUser {
                login: login.clone(),
            });
        }
        let user = insert_user(tx, &login, Role::Admin, None)?;
        let actor = Actor {
            user,
            real_login: None,
        };
        audit::record(
            tx,
            &actor,
            None,
            AuditDetail::DemoAdmin {
                login: login.clone(),
                role: Role::Admin,
                demo: Yes,
            },
        )?;
        Ok(actor)
    })
}

/// The real uid of this process (for [`init_as`] from tests and tools).
pub fn process_uid() -> u32 {
    // SAFETY: getuid cannot fail and has no side effects.
    unsafe { libc::getuid() }
}

/// For reading commands (search, `code show`, `codes list`, `queue list`):
/// on a database that has users, the process's login must be one of them
/// ([`WorkError::NotAUser`], naming `chartq user add`); a database with no
/// users yet may be read by whoever can open the file.
pub fn require_reader(store: &Store) -> Result<(), WorkError> {
    if count_users(store)? == 0 {
        return Ok(());
    }
    lookup_actor(store, &login_name()?, None).map(|_| ())
}

/// The actor for `login`, acting as `acting_as` when given (admins only),
/// never registering anyone: `Ok(None)` when the database has no users yet
/// (its owner makes the first admin with `chartq init`, see [`init`]), and
/// [`WorkError::NotAUser`] when it has users but not `login`. The TUI
/// looks its user up this way.
pub fn lookup_actor(
    store: &Store,
    login: &str,
    acting_as: Option<&str>,
) -> Result<Option<Actor>, WorkError> {
    let me = store.read(|c| {
        Ok(match find_user(c, login)? {
            Some(u) => Some(u),
            None if user_count(c)? == 0 => None,
            None => {
                return Err(WorkError::NotAUser {
                    login: login.to_string(),
                });
            }
        })
    })?;
    let Some(me) = me else { return Ok(None) };
    let Some(other) = acting_as.filter(|other| *other != login) else {
        return Ok(Some(Actor {
            user: me,
            real_login: None,
        }));
    };
    if me.role != Role::Admin {
        return Err(WorkError::Forbidden(format!(
            "only an admin may act as another user (you are {} '{}')",
            me.role, me.login
        )));
    }
    let user = store
        .read(|c| find_user(c, other))?
        .ok_or_else(|| WorkError::NotFound {
            what: "user",
            key: other.to_string(),
        })?;
    Ok(Some(Actor {
        user,
        real_login: Some(me.login),
    }))
}

/// How many users the database has (0: nobody has run `chartq init`).
pub fn count_users(store: &Store) -> Result<i64, WorkError> {
    store.read(user_count)
}

fn user_count(conn: &Connection) -> Result<i64, WorkError> {
    Ok(conn.query_row("SELECT count(*) FROM app_user", [], |r| r.get(0))?)
}

/// `chartq init`: makes the process's real login the first admin of a
/// database that has no users. Only the owner of the database file may:
/// whoever owns the file can already read and rewrite every row of it, so
/// making them admin grants nothing new, while anyone else becoming admin
/// just by coming first would take the database over. See [`init_as`].
pub fn init(store: &mut Store) -> Result<User, WorkError> {
    // SAFETY: getuid cannot fail and has no side effects.
    let uid = unsafe { libc::getuid() };
    init_as(store, &login_name()?, uid)
}

/// [`init`] for `login` whose real uid is `uid` (the caller vouches that
/// they belong together; tests pass other uids to see the refusal). Refused
/// when the database file is not owned by `uid`, or when the database
/// already has users; the user and its audit event are written in one
/// transaction, which is also where "no users yet" is checked.
pub fn init_as(store: &mut Store, login: &str, uid: u32) -> Result<User, WorkError> {
    let login = valid_login(login)?;
    let path = store.path().to_path_buf();
    store.transact(|tx| {
        let users = user_count(tx)?;
        if let Some(me) = find_user(tx, &login)? {
            return Err(WorkError::Conflict(format!(
                "you ({login}) are already a user of this database ({}); chartq init is only for a database with no users",
                me.role
            )));
        }
        if users > 0 {
            let admins: Vec<String> = tx
                .prepare("SELECT login FROM app_user WHERE role = 'admin' ORDER BY login")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            return Err(WorkError::Conflict(format!(
                "the database already has {users} user{} (admin: {}); an admin adds you with `chartq user add {login}`",
                if users == 1 { "" } else { "s" },
                if admins.is_empty() { "none".to_string() } else { admins.join(", ") }
            )));
        }
        check_owner(&path, uid)?;
        let user = insert_user(tx, &login, Role::Admin, None)?;
        let actor = Actor {
            user: user.clone(),
            real_login: None,
        };
        audit::record(
            tx,
            &actor,
            None,
            AuditDetail::FirstAdmin {
                login: login.clone(),
                role: Role::Admin,
                init: Yes,
                uid,
            },
        )?;
        Ok(user)
    })
}

/// Refuses unless `uid` owns the database file at `path` (an in-memory
/// database belongs to the process that made it).
fn check_owner(path: &std::path::Path, uid: u32) -> Result<(), WorkError> {
    use std::os::unix::fs::MetadataExt;
    if path.as_os_str() == ":memory:" {
        return Ok(());
    }
    let meta = std::fs::metadata(path).map_err(|e| {
        WorkError::Invalid(format!("{}: cannot read its owner: {e}", path.display()))
    })?;
    if meta.uid() == uid {
        return Ok(());
    }
    Err(WorkError::Forbidden(format!(
        "{} belongs to uid {}{}, not to you (uid {uid}): only the owner of the database file \
         may become its first admin, since the owner can read and change all of it anyway; \
         ask them to run `chartq init`",
        path.display(),
        meta.uid(),
        login_of_uid(meta.uid())
            .map(|l| format!(" ({l})"))
            .unwrap_or_default(),
    )))
}

/// Adds a user (admins only).
pub fn add_user(
    store: &mut Store,
    actor: &Actor,
    login: &str,
    role: Role,
    name: Option<&str>,
) -> Result<User, WorkError> {
    actor.require(Role::Admin, "adding a user")?;
    let login = valid_login(login)?;
    let name = name.map(crate::domain::text::sanitize);
    store.transact(|tx| {
        if find_user(tx, &login)?.is_some() {
            return Err(WorkError::Conflict(format!("user {login} already exists")));
        }
        let user = insert_user(tx, &login, role, name.as_deref())?;
        audit::record(
            tx,
            actor,
            None,
            AuditDetail::UserAdded {
                login: login.clone(),
                role,
            },
        )?;
        Ok(user)
    })
}

/// Every user, by login.
pub fn list_users(store: &Store) -> Result<Vec<User>, WorkError> {
    store.read(|c| {
        let logins: Vec<String> = c
            .prepare("SELECT login FROM app_user ORDER BY login")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        logins
            .iter()
            .filter_map(|l| find_user(c, l).transpose())
            .collect()
    })
}

/// Changes a user's role (admins only). The last admin cannot be demoted,
/// or nobody could manage people any more.
pub fn set_role(
    store: &mut Store,
    actor: &Actor,
    login: &str,
    role: Role,
) -> Result<User, WorkError> {
    actor.require(Role::Admin, "changing a role")?;
    store.transact(|tx| {
        let user = find_user(tx, login)?.ok_or_else(|| WorkError::NotFound {
            what: "user",
            key: login.to_string(),
        })?;
        if user.role == Role::Admin && role != Role::Admin {
            let admins: i64 = tx.query_row(
                "SELECT count(*) FROM app_user WHERE role = 'admin'",
                [],
                |r| r.get(0),
            )?;
            if admins <= 1 {
                return Err(WorkError::Conflict(format!(
                    "{login} is the only admin; make someone else admin first"
                )));
            }
        }
        tx.execute(
            "UPDATE app_user SET role = ?1 WHERE id = ?2",
            params![role.as_str(), user.id],
        )?;
        audit::record(
            tx,
            actor,
            None,
            AuditDetail::RoleChanged {
                login: login.to_string(),
                from: user.role,
                to: role,
            },
        )?;
        Ok(User { role, ..user })
    })
}

/// Puts `login` (default: the actor) into `queue`, or takes them out.
/// Supervisors and admins only, for anyone (themselves included): queue
/// membership decides which charts a coder sees ([`super::access`]), so a
/// coder or auditor cannot change their own.
pub fn set_membership(
    store: &mut Store,
    actor: &Actor,
    login: Option<&str>,
    queue: &str,
    member: bool,
) -> Result<User, WorkError> {
    let login = login.unwrap_or(&actor.user.login);
    if !actor.is_at_least(Role::Supervisor) {
        return Err(WorkError::Forbidden(format!(
            "queue membership is changed by supervisors and admins only (you are {} '{}'); \
             ask a supervisor to run `chartq user {} QUEUE --user {login}`",
            actor.user.role,
            actor.user.login,
            if member { "join" } else { "leave" },
        )));
    }
    let queue = crate::domain::text::single_line(queue);
    if queue.is_empty() {
        return Err(WorkError::Invalid("the queue name is empty".into()));
    }
    store.transact(|tx| {
        let user = find_user(tx, login)?.ok_or_else(|| WorkError::NotFound {
            what: "user",
            key: login.to_string(),
        })?;
        let changed = if member {
            tx.execute(
                "INSERT OR IGNORE INTO queue_member (user_id, queue) VALUES (?1, ?2)",
                params![user.id, queue],
            )?
        } else {
            tx.execute(
                "DELETE FROM queue_member WHERE user_id = ?1 AND queue = ?2",
                params![user.id, queue],
            )?
        };
        if changed > 0 {
            audit::record(
                tx,
                actor,
                None,
                AuditDetail::membership(login.to_string(), queue.clone(), member),
            )?;
        }
        Ok(find_user(tx, login)?.expect("user read in this transaction"))
    })
}

/// A user by login, with their queues.
pub(crate) fn find_user(conn: &Connection, login: &str) -> Result<Option<User>, WorkError> {
    let row = conn
        .query_row(
            "SELECT id, login, name, role, created_at FROM app_user WHERE login = ?1",
            [login],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((id, login, name, role, created_at)) = row else {
        return Ok(None);
    };
    let queues = conn
        .prepare_cached("SELECT queue FROM queue_member WHERE user_id = ?1 ORDER BY queue")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(User {
        id,
        login,
        name,
        role: role.parse().map_err(WorkError::Invalid)?,
        queues,
        created_at,
    }))
}

/// A user's login by id (for showing who holds or coded a chart).
pub(crate) fn login_of(conn: &Connection, id: Option<i64>) -> Result<Option<String>, WorkError> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT login FROM app_user WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn insert_user(
    conn: &Connection,
    login: &str,
    role: Role,
    name: Option<&str>,
) -> Result<User, WorkError> {
    let created_at = clock::stamp(clock::now());
    conn.execute(
        "INSERT INTO app_user (login, name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![login, name, role.as_str(), created_at],
    )?;
    Ok(User {
        id: conn.last_insert_rowid(),
        login: login.to_string(),
        name: name.map(str::to_string),
        role,
        queues: Vec::new(),
        created_at,
    })
}

/// Login names as Unix allows them: letters, digits, `._-`, not starting
/// with `-`, at most 64 characters.
fn valid_login(login: &str) -> Result<String, WorkError> {
    let ok = !login.is_empty()
        && login.len() <= 64
        && !login.starts_with('-')
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(login.to_string())
    } else {
        Err(WorkError::Invalid(format!(
            "'{}' is not a valid login name (letters, digits, '.', '_', '-')",
            crate::domain::text::single_line(login)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_acts_before_init_and_others_must_be_added() {
        let mut store = Store::open_in_memory().unwrap();
        let err = actor_for_login(&mut store, "ana", None).unwrap_err();
        assert!(matches!(err, WorkError::NoAdminYet), "{err}");
        assert!(err.to_string().contains("chartq init"), "{err}");
        assert_eq!(count_users(&store).unwrap(), 0, "nobody was registered");
        init_as(&mut store, "ana", process_uid()).unwrap();
        let admin = actor_for_login(&mut store, "ana", None).unwrap();
        assert_eq!(admin.user.role, Role::Admin);
        assert!(matches!(
            actor_for_login(&mut store, "bo", None),
            Err(WorkError::NotAUser { .. })
        ));
        add_user(&mut store, &admin, "bo", Role::Coder, None).unwrap();
        let bo = actor_for_login(&mut store, "bo", None).unwrap();
        assert!(add_user(&mut store, &bo, "cy", Role::Coder, None).is_err());
        assert!(actor_for_login(&mut store, "bo", Some("ana")).is_err());
        let as_bo = actor_for_login(&mut store, "ana", Some("bo")).unwrap();
        assert_eq!(as_bo.user.login, "bo");
        assert_eq!(as_bo.real_login.as_deref(), Some("ana"));
        assert!(set_role(&mut store, &admin, "ana", Role::Coder).is_err());
        let err = set_membership(&mut store, &bo, None, "inpatient", true).unwrap_err();
        assert!(matches!(err, WorkError::Forbidden(_)), "{err}");
        assert!(
            err.to_string()
                .contains("ask a supervisor to run `chartq user join QUEUE --user bo`"),
            "{err}"
        );
        let bo = set_membership(&mut store, &admin, Some("bo"), "inpatient", true).unwrap();
        assert_eq!(bo.queues, ["inpatient"]);
    }

    #[test]
    fn lookup_never_registers_anyone() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(lookup_actor(&store, "ana", None).unwrap(), None);
        assert_eq!(count_users(&store).unwrap(), 0, "nobody was registered");
        init_as(&mut store, "ana", process_uid()).unwrap();
        let admin = actor_for_login(&mut store, "ana", None).unwrap();
        assert_eq!(
            lookup_actor(&store, "ana", None).unwrap(),
            Some(admin.clone())
        );
        assert!(matches!(
            lookup_actor(&store, "bo", None),
            Err(WorkError::NotAUser { .. })
        ));
        add_user(&mut store, &admin, "bo", Role::Coder, None).unwrap();
        let as_bo = lookup_actor(&store, "ana", Some("bo")).unwrap().unwrap();
        assert_eq!(
            (as_bo.user.login.as_str(), as_bo.real_login.as_deref()),
            ("bo", Some("ana"))
        );
    }

    #[test]
    fn init_makes_the_file_owner_the_first_admin_once() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chartq.db");
        let mut store = Store::open(&path).unwrap();
        let owner = std::fs::metadata(&path).unwrap().uid();

        let err = init_as(&mut store, "mallory", owner + 1).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, WorkError::Forbidden(_)), "{msg}");
        assert!(
            msg.contains(&format!("belongs to uid {owner}"))
                && msg.contains("only the owner of the database file"),
            "{msg}"
        );
        assert_eq!(count_users(&store).unwrap(), 0);

        let user = init_as(&mut store, "ana", owner).unwrap();
        assert_eq!((user.login.as_str(), user.role), ("ana", Role::Admin));
        let actor = lookup_actor(&store, "ana", None).unwrap().unwrap();
        let events = crate::store::audit_log::list(
            &store,
            &actor,
            &crate::store::audit_log::AuditFilter::default(),
        )
        .unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(
            (events[0].action.as_str(), events[0].user.as_str()),
            ("user_added", "ana")
        );
        assert_eq!(events[0].details["init"], true);

        let err = init_as(&mut store, "ana", owner).unwrap_err().to_string();
        assert!(
            err.contains("you (ana) are already a user of this database (admin)"),
            "{err}"
        );
        let err = init_as(&mut store, "bo", owner).unwrap_err().to_string();
        assert!(
            err.contains("already has 1 user (admin: ana)") && err.contains("chartq user add bo"),
            "{err}"
        );
        assert_eq!(count_users(&store).unwrap(), 1);
    }

    #[test]
    fn login_name_is_found_for_this_process() {
        assert!(!login_name().unwrap().is_empty());
    }
}
