//! The coding edits: a claim and tables in, [`Edit`](crate::domain::edit::Edit)s
//! out. One job per module:
//!
//! - [`flags`]: the MCE's edit flags as a bitset;
//! - [`tables`]: the MCE versions in memory, chosen by discharge date;
//! - [`mce`]: [`mce_edits`], the claim-level edits and the driver;
//!   `mce_dx` the diagnosis edits, `mce_proc` the procedure edits;
//! - [`poa`]: the POA-exempt lists (official and derived) and [`poa_edits`].
//!
//! What each edit checks, its severity and why: `docs/mce-notes.md`.

pub mod flags;
pub mod mce;
mod mce_dx;
mod mce_proc;
#[cfg(test)]
mod mce_tests;
pub mod poa;
#[cfg(test)]
mod poa_tests;
pub mod tables;
#[cfg(test)]
mod test_support;

pub use mce::mce_edits;
pub use poa::{Exemption, PoaExempt, PoaRule, fiscal_year, poa_edits};
pub use tables::{MceTables, MceVersion, MceVersionSpec, NoTables};
