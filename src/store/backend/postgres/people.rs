//! People on PostgreSQL: the actor behind the session's login, users,
//! roles and queue membership. Each change is one definer function
//! (`sql/people_functions.sql`) that checks the caller, creates or grants
//! the login role and appends the audit event; this side only reads.

use super::*;

/// The user row and their queues, by login (`None`: no such user).
fn find_user(client: &mut Client, login: &str) -> Result<Option<User>, WorkError> {
    let Some(row) = client
        .query_opt(
            "SELECT u.id, u.login, u.name, u.role, u.created_at,
                    coalesce(array_agg(m.queue ORDER BY m.queue)
                             FILTER (WHERE m.queue IS NOT NULL), '{}')
             FROM chartq.app_user u LEFT JOIN chartq.queue_member m ON m.user_id = u.id
             WHERE u.login = $1 GROUP BY u.id",
            &[&login],
        )
        .map_err(pg_error)?
    else {
        return Ok(None);
    };
    let role: String = row.get(3);
    Ok(Some(User {
        id: row.get(0),
        login: row.get(1),
        name: row.get(2),
        role: role.parse().map_err(WorkError::Invalid)?,
        queues: row.get(5),
        created_at: row.get(4),
    }))
}

/// A user who must exist (a definer function just wrote them).
fn user(pg: &Postgres, login: &str) -> Result<User, WorkError> {
    find_user(&mut pg.client(), login)?.ok_or_else(|| WorkError::NotFound {
        what: "user",
        key: login.to_string(),
    })
}

/// `Backend::actor` on PostgreSQL: the user behind `login` (the session's
/// own), as `acting_as` for an admin. The definer functions check the same
/// again against `session_user`, so this only words refusals early.
pub fn actor(
    pg: &Postgres,
    login: &str,
    acting_as: Option<&str>,
) -> Result<Option<Actor>, WorkError> {
    let mut client = pg.client();
    let Some(me) = find_user(&mut client, login)? else {
        let users: i64 = client
            .query_one("SELECT count(*) FROM chartq.app_user", &[])
            .map_err(pg_error)?
            .get(0);
        if users == 0 {
            return Ok(None);
        }
        return Err(WorkError::NotAUser {
            login: login.to_string(),
        });
    };
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
    let user = find_user(&mut client, other)?.ok_or_else(|| WorkError::NotFound {
        what: "user",
        key: other.to_string(),
    })?;
    Ok(Some(Actor {
        user,
        real_login: Some(me.login),
    }))
}

/// `Backend::users` on PostgreSQL: every user, by login.
pub fn users(pg: &Postgres) -> Result<Vec<User>, WorkError> {
    let logins: Vec<String> = pg
        .client()
        .query("SELECT login FROM chartq.app_user ORDER BY login", &[])
        .map_err(pg_error)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    logins.iter().map(|l| user(pg, l)).collect()
}

/// `Backend::add_user` on PostgreSQL: the user row, their login role (made
/// when missing) and its group role, in one definer call.
pub fn add_user(
    pg: &mut Postgres,
    actor: &Actor,
    login: &str,
    role: Role,
    name: Option<&str>,
) -> Result<User, WorkError> {
    actor.require(Role::Admin, "adding a user")?;
    let name = name.map(crate::domain::text::sanitize);
    pg.client()
        .execute(
            "SELECT chartq.user_add($1, $2, $3, $4)",
            &[&acting_as(actor), &login, &role.as_str(), &name],
        )
        .map_err(pg_error)?;
    user(pg, login)
}

/// `Backend::set_role` on PostgreSQL (the group role moves with it).
pub fn set_role(
    pg: &mut Postgres,
    actor: &Actor,
    login: &str,
    role: Role,
) -> Result<User, WorkError> {
    actor.require(Role::Admin, "changing a role")?;
    pg.client()
        .execute(
            "SELECT chartq.user_set_role($1, $2, $3)",
            &[&acting_as(actor), &login, &role.as_str()],
        )
        .map_err(pg_error)?;
    user(pg, login)
}

/// `Backend::set_membership` on PostgreSQL.
pub fn set_membership(
    pg: &mut Postgres,
    actor: &Actor,
    login: Option<&str>,
    queue: &str,
    member: bool,
) -> Result<User, WorkError> {
    let queue = crate::domain::text::single_line(queue);
    pg.client()
        .execute(
            "SELECT chartq.user_membership($1, $2, $3, $4)",
            &[&acting_as(actor), &login, &queue, &member],
        )
        .map_err(pg_error)?;
    user(pg, login.unwrap_or(&actor.user.login))
}
