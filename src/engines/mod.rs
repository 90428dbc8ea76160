//! Floor 3, beside `search`: the rule engines. Pure functions over domain
//! values and parsed tables (no I/O, no database), so the CLI, the TUI and
//! batch runs share them and give the same answers.
//!
//! [`edits`]: the Medicare Code Editor and the POA rules; [`tabular`]: the
//! ICD-10-CM tabular conventions (Excludes1, etiology/manifestation, code
//! first, use additional code); [`check`]: all of them on one claim, as a
//! coder sees them.

pub mod check;
pub mod drg;
pub mod edits;
pub mod pcs_builder;
pub mod tabular;
