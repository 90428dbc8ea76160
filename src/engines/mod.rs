//! Floor 3, beside `search`: the rule engines. Pure: a claim and tables in,
//! answers out, no I/O, so the CLI, the TUI and batch runs share them.

pub mod tabular;
