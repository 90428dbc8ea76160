//! `chartq user add|list|set-role|join|leave|whoami`.

use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::Result;

use super::{Session, or_dash, print_json, print_table};
use crate::domain::people::Role;
use crate::domain::people::User;
use crate::store::queue::ListFilter;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a user (admins).
    Add {
        /// Login name, as the system knows it.
        login: String,
        /// coder, auditor, supervisor or admin.
        #[arg(long, default_value = "coder")]
        role: Role,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
    },
    /// List users with their roles and queues.
    List {
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Change a user's role (admins).
    SetRole {
        /// The user's login name.
        login: String,
        /// coder, auditor, supervisor or admin.
        role: Role,
    },
    /// Put a user into a work queue (supervisors and admins): a coder sees
    /// and claims the charts of their queues.
    Join {
        /// The work queue (inpatient, ed, ...).
        queue: String,
        /// The user's login (default: yourself).
        #[arg(long)]
        user: Option<String>,
    },
    /// Take a user out of a work queue (supervisors and admins).
    Leave {
        /// The work queue.
        queue: String,
        /// The user's login (default: yourself).
        #[arg(long)]
        user: Option<String>,
    },
    /// Who chartq thinks you are.
    Whoami {
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn run(s: &mut Session<'_>, cmd: Command) -> Result<ExitCode> {
    let user = match cmd {
        Command::Add { login, role, name } => {
            s.store.add_user(s.actor, &login, role, name.as_deref())?
        }
        Command::List { json } => {
            let users = s.store.users()?;
            if json {
                return print_json(&users);
            }
            let rows: Vec<Vec<String>> = users.iter().map(row).collect();
            print_table(&["LOGIN", "ROLE", "QUEUES", "NAME"], &rows);
            return Ok(ExitCode::SUCCESS);
        }
        Command::SetRole { login, role } => s.store.set_role(s.actor, &login, role)?,
        Command::Join { queue, user } => {
            let user = s
                .store
                .set_membership(s.actor, user.as_deref(), &queue, true)?;
            if !queue_has_charts(s, &queue)? {
                say_err!(
                    "chartq: note: no chart is in queue '{}' yet; check the spelling against `chartq queue list`",
                    crate::domain::text::sanitize(queue.trim())
                );
            }
            user
        }
        Command::Leave { queue, user } => {
            s.store
                .set_membership(s.actor, user.as_deref(), &queue, false)?
        }
        Command::Whoami { json } => {
            if json {
                return print_json(s.actor);
            }
            match &s.actor.real_login {
                Some(real) => say!("{} (as {})", real, describe(&s.actor.user)),
                None => say!("{}", describe(&s.actor.user)),
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    say!("{}", describe(&user));
    Ok(ExitCode::SUCCESS)
}

fn row(u: &User) -> Vec<String> {
    vec![
        u.login.clone(),
        u.role.to_string(),
        if u.queues.is_empty() {
            "-".into()
        } else {
            u.queues.join(",")
        },
        or_dash(u.name.as_deref()),
    ]
}

fn describe(u: &User) -> String {
    let queues = if u.queues.is_empty() {
        "no queues".to_string()
    } else {
        format!("queues: {}", u.queues.join(", "))
    };
    format!("{} ({}; {queues})", u.login, u.role)
}

/// Whether any chart is in work queue `queue` (as the joining supervisor
/// sees it): joining a queue no chart names is most likely a misspelling.
fn queue_has_charts(s: &mut Session<'_>, queue: &str) -> Result<bool> {
    let filter = ListFilter {
        queue: Some(crate::domain::text::single_line(queue)),
        limit: 1,
        ..ListFilter::default()
    };
    Ok(!s.store.charts(s.actor, &filter)?.is_empty())
}
