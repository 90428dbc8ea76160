//! People on PostgreSQL: the actor behind the session's login, users,
//! roles and queue membership, each change through a definer function that
//! also creates or grants the login role.

use super::*;

/// `Backend::actor` on PostgreSQL.
pub fn actor(
    _pg: &Postgres,
    _login: &str,
    _acting_as: Option<&str>,
) -> Result<Option<Actor>, WorkError> {
    Err(not_yet("actor"))
}

/// `Backend::users` on PostgreSQL.
pub fn users(_pg: &Postgres) -> Result<Vec<User>, WorkError> {
    Err(not_yet("users"))
}

/// `Backend::add_user` on PostgreSQL.
pub fn add_user(
    _pg: &mut Postgres,
    _actor: &Actor,
    _login: &str,
    _role: Role,
    _name: Option<&str>,
) -> Result<User, WorkError> {
    Err(not_yet("add_user"))
}

/// `Backend::set_role` on PostgreSQL.
pub fn set_role(
    _pg: &mut Postgres,
    _actor: &Actor,
    _login: &str,
    _role: Role,
) -> Result<User, WorkError> {
    Err(not_yet("set_role"))
}

/// `Backend::set_membership` on PostgreSQL.
pub fn set_membership(
    _pg: &mut Postgres,
    _actor: &Actor,
    _login: Option<&str>,
    _queue: &str,
    _member: bool,
) -> Result<User, WorkError> {
    Err(not_yet("set_membership"))
}
