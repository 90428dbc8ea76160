//! The rule engines: pure functions over domain values and parsed tables
//! (no I/O, no database), so the CLI, the TUI and batch runs share them and
//! give the same answers. [`edits`]: the coding edits (the Medicare Code
//! Editor and the POA rules).

pub mod edits;
