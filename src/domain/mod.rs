//! The ground floor: the words of the coding domain as Rust types, with no
//! I/O. Code systems, codes and their notes, code-set versions and what
//! covers a date; charts, their statuses and how a user names one; code
//! roles and POA; user roles; provider-query states; the one [`clock`] that
//! says what day it is; and the rule for showing untrusted [`text`].
//!
//! Everything above (`ingest`, `store`, `search`, `engines`, `app`, `cli`,
//! `tui`) speaks in these types; nothing here imports from them
//! (`tests/it/architecture.rs` enforces the floors).

pub mod audit;
pub mod chart;
pub mod claim;
pub mod clock;
pub mod codes;
pub mod coding;
pub mod coverage;
pub mod drg;
pub mod edit;
pub mod finalize;
pub mod index_tree;
pub mod pcs;
pub mod people;
pub mod query;
pub mod report;
pub mod review;
pub mod string_enum;
pub mod text;
