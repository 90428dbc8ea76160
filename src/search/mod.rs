//! Code search: query parsing, abbreviations and synonyms, the in-memory
//! index and ranking.
//!
//! ```text
//! store::code_tables ──indexable_codes──▶ Index::build ──▶ Index::search(query, opts) ──▶ Vec<Hit>
//!                            ▲                                   │
//!                 load(conn, date, systems)          Query::parse + Abbreviations
//! ```
//!
//! The TUI builds the index once (off the UI thread) with [`load`] and calls
//! [`Index::search`] on every keystroke from a worker thread; the CLI does
//! the same for one query or a batch.

mod abbreviations;
mod cache;
mod combine;
mod index;
mod load;
mod query;
mod rank;
mod snapshot;
mod stem;
mod vocab;
mod words;

pub use abbreviations::{Abbreviations, BUILTIN_TABLE, TableError};
pub use cache::store_snapshot;
pub use index::Index;
pub use load::{LoadError, choose_versions, load, load_versions};
pub use query::Query;
pub use rank::{Hit, SearchOptions};
