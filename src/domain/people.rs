//! Who may do what.

crate::string_enum! {
    /// What a user may do. Ordered: each role may do what the ones before it
    /// may (auditor reads more than a coder, supervisor manages the queue,
    /// admin manages people).
    #[derive(PartialOrd, Ord)]
    pub enum Role: "role" {
        Coder = "coder",
        Auditor = "auditor",
        Supervisor = "supervisor",
        Admin = "admin",
    }
}

/// A chartq user as the store keeps one: a login with a role and the work
/// queues they belong to. A word of the domain (not a row of the store) so
/// every floor that names who acts — the access rules, the audit log, the
/// use cases — can say it without importing the table that keeps users.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub name: Option<String>,
    pub role: Role,
    /// Work queues the user belongs to, sorted.
    pub queues: Vec<String>,
    pub created_at: String,
}

/// Who is doing something: the user the action is done as, and the admin
/// behind it when `--as` was used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Actor {
    pub user: User,
    /// The real login when it differs from `user` (an admin's `--as`).
    pub real_login: Option<String>,
}

/// An action refused because the actor's role is below the one it needs;
/// the sentence names the action, the role needed and the actor's own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{action} needs the {needed} role (you are {role} '{login}')")]
pub struct RoleTooLow {
    pub action: String,
    pub needed: Role,
    pub role: Role,
    pub login: String,
}

impl Actor {
    /// True when the user's role is `role` or above.
    pub fn is_at_least(&self, role: Role) -> bool {
        self.user.role >= role
    }

    /// Fails with a sentence naming what needs `role`.
    pub fn require(&self, role: Role, action: &str) -> Result<(), RoleTooLow> {
        if self.is_at_least(role) {
            Ok(())
        } else {
            Err(RoleTooLow {
                action: action.to_string(),
                needed: role,
                role: self.user.role,
                login: self.user.login.clone(),
            })
        }
    }
}
