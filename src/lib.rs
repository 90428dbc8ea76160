//! chartq: a keyboard-driven coding workbench for medical coders.
//!
//! The library holds everything; `main.rs` only parses and dispatches. It is
//! built in floors, each importing only from the floors below it (enforced
//! by `tests/it/architecture.rs`; the map is in the README's Architecture
//! section):
//!
//! 1. [`domain`]: the words of coding as types, the clock, the text rule; no I/O.
//! 2. [`ingest`]: every file parser (code sets, the chart feed).
//! 3. [`store`]: tables and the one transaction API.
//! 4. [`search`]: the code-search index, its snapshots and the
//!    search-by-date-of-service service.
//! 5. [`app`]: the use cases, one owner each (open and seed a database,
//!    import a code set, the demo).
//! 6. [`cli`] and [`tui`]: the two faces; neither imports the other. The
//!    TUI and the CLI call the same use cases, so every action a coder takes
//!    on screen is also scriptable.

pub mod app;
pub mod cli;
pub mod domain;
pub mod engines;
pub mod ingest;
pub mod search;
pub mod store;
pub mod tui;
