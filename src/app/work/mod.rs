//! The work on a chart as use cases, the one path the CLI's commands and
//! the TUI's workbench take: claim, renew, release and hold a chart
//! ([`queue`]), assign, edit, sequence and remove its codes ([`coding`]),
//! show it and refresh it ([`chart`]).
//!
//! Each use case composes the seam's operations ([`Backend`]); each of
//! those is one transaction on the backend's side, authorized against the
//! actor and audited in that transaction ("every change is authorized and
//! audited in the same transaction"), so a use case never holds a
//! transaction itself. What a use case owns is the policy around it: how a
//! face's request becomes an operation (a chart claimed by id that cannot
//! be claimed is a conflict, not "nothing"; a code typed on its own is a
//! [`NewAssignment`] with every default left to the one rule,
//! [`crate::domain::coding::default_role`], applied by the backend inside
//! its transaction, where "does the chart have a principal yet" is true),
//! and which operation to call. Finalize is its own use
//! case ([`super::coding_edits`]): it needs the edits' verdict.
//!
//! [`Backend`]: crate::store::backend::Backend
//! [`NewAssignment`]: crate::domain::coding::NewAssignment

pub mod chart;
pub mod coding;
pub mod queue;
