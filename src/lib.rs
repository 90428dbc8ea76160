//! chartq: a keyboard-driven coding workbench for medical coders.
//!
//! The library holds everything; `main.rs` only parses and dispatches. The
//! TUI and the CLI call the same store functions, so every action a coder
//! takes on screen is also scriptable.

pub mod cli;
pub mod clock;
pub mod codes;
pub mod config;
pub mod demo;
pub mod import_error;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;
