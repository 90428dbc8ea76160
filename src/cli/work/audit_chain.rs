//! `chartq audit head` and `chartq audit verify [--from-head ID:HASH]...`:
//! the audit log's tamper-evident chain (`crate::store::audit_chain`).
//! Exit status of `verify`: 0 intact, 1 tampered, 2 error.

use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::Result;

use super::{Session, print_json};
use crate::store::audit_chain::{Guards, Head, KEY_ENV, SealedTail, Verification};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the chain head (last event id and hash) to keep elsewhere.
    ///
    /// `chartq audit verify --from-head ID:HASH` later shows whether the
    /// log up to that event was rewritten: anyone who can write the
    /// database file can recompute the whole chain, so keep heads where they
    /// cannot (a ticket, a mail, a second machine).
    Head {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check every event's hash, each kept head, and the triggers.
    ///
    /// Exit status 0: intact; 1: tampered (the first bad event is named);
    /// 2: could not check. With CHARTQ_AUDIT_KEY_FILE set, the MACs are
    /// checked too.
    Verify {
        /// A head kept earlier, as `chartq audit head` printed it (ID:HASH);
        /// repeat for several.
        #[arg(long = "from-head", value_name = "ID:HASH")]
        from_head: Vec<Head>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn run(s: &mut Session<'_>, cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Head { json } => {
            let head = s.store.audit_head(s.actor)?;
            if json {
                return print_json(&serde_json::json!({ "head": head }));
            }
            match head {
                Some(head) => say!("{head}"),
                None => say!("(no audit events)"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { from_head, json } => {
            let v = s.store.audit_verify(s.actor, &from_head)?;
            let code = ExitCode::from(if v.holds() { 0 } else { 1 });
            if json {
                print_json(&serde_json::json!({
                    "intact": v.intact(),
                    "guards_hold": v.guards.as_ref().is_none_or(|g| g.failed.is_empty()),
                    "first_bad_event": v.first_bad_event(),
                    "verification": v,
                }))?;
                return Ok(code);
            }
            say_chain(&v);
            if let Some(tail) = &v.tail {
                say_tail(tail);
            }
            if let Some(guards) = &v.guards {
                say_guards(guards);
            }
            Ok(code)
        }
    }
}

/// The chain's verdict: intact (with what it matched) or tampered (each
/// problem).
fn say_chain(v: &Verification) {
    if v.intact() {
        say!(
            "audit log intact: {} events chained{}",
            v.events,
            v.head.map(|h| format!(", head {h}")).unwrap_or_default()
        );
        for anchor in &v.anchors {
            say!("  matches the kept head {anchor}");
        }
        if v.keyed {
            say!(
                "  {} events signed with the key ({KEY_ENV})",
                v.signed_events
            );
        }
        if v.anchors.is_empty() && !v.keyed {
            say!(
                "  (without a kept head or a key this shows edits, not a rebuilt \
                 chain: see `chartq audit head`)"
            );
        }
    } else {
        match v.first_bad_event() {
            Some(id) => say!("audit log TAMPERED: first bad event {id}"),
            None => say!("audit log TAMPERED"),
        }
        for p in &v.problems {
            match p.event {
                Some(id) => say!("  event {id}: {}", p.what),
                None => say!("  {}", p.what),
            }
        }
        say!("  ({} events read)", v.events);
    }
}

/// PostgreSQL links events after commit: what the check found unlinked.
fn say_tail(tail: &SealedTail) {
    if tail.pending_before == 0 {
        say!("unsealed tail: none (every committed event was linked before the check)");
    } else {
        say!(
            "unsealed tail: {} committed event(s) not yet linked; the check's seal ran and linked {}",
            tail.pending_before,
            tail.sealed_now
        );
    }
    if tail.pending_after > 0 {
        say!(
            "  {} event(s) committed while it checked are pending (the next write or check seals them)",
            tail.pending_after
        );
    }
}

/// The database's own guards: each kind checked, each failure by name.
fn say_guards(guards: &Guards) {
    if guards.failed.is_empty() {
        say!(
            "database guards hold ({} kinds checked):",
            guards.checked.len()
        );
        for what in &guards.checked {
            say!("  {what}");
        }
    } else {
        say!("database guards BROKEN: {} failures", guards.failed.len());
        for failure in &guards.failed {
            say!("  {failure}");
        }
    }
}
