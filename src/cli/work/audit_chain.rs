//! `chartq audit head` and `chartq audit verify [--from-head ID:HASH]...`:
//! the audit log's tamper-evident chain (`crate::store::audit_chain`).
//! Exit status of `verify`: 0 intact, 1 tampered, 2 error.

use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::Result;

use super::{Session, print_json};
use crate::store::audit_chain::{Head, KEY_ENV};

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
            let code = ExitCode::from(if v.intact() { 0 } else { 1 });
            if json {
                print_json(&serde_json::json!({
                    "intact": v.intact(),
                    "first_bad_event": v.first_bad_event(),
                    "verification": v,
                }))?;
                return Ok(code);
            }
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
            Ok(code)
        }
    }
}
