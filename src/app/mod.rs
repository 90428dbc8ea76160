//! The use cases: what a coder, a supervisor or an admin asks chartq to do,
//! each with one owner. Opening (and on first use creating and seeding) a
//! database is [`Context::open_store`]; importing a code set is
//! [`codesets::import`]; the bundled code sets and the seed template are
//! [`codesets::bundled`] and [`codesets::template`]; the demo database is
//! [`demo`] and [`demo_db`]; configuration is [`config`].
//!
//! `cli` and `tui` are built on this floor and never on each other.

pub mod alphabetic_index;
pub mod codesets;
pub mod coding_edits;
pub mod config;
pub mod context;
pub mod demo;
pub mod demo_db;
pub mod drg_tables;
pub mod edit_tables;
pub mod editor;
pub mod grouping;
pub mod pcs_builder;
pub mod reports;
pub mod review;
pub mod work;

pub use context::{Context, Options};
